"""Reading the ANT news corpus for the training scripts (word clusters, word vectors)."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["ant_paragraphs", "stable_hash"]


def stable_hash(word: str) -> int:
    """gensim seeds each word's vector from a hash; Python's own is salted per process."""
    return zlib.crc32(word.encode("utf-8"))


def ant_paragraphs(corpus: Path, tokenize: Callable[[str], list[str]]) -> Iterator[list[str]]:
    """Each title and paragraph of the gzipped JSON-lines corpus as tokens, empty ones skipped."""
    with gzip.open(corpus, "rt", encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            for paragraph in f"{record.get('title') or ''}\n{record.get('text') or ''}".split("\n"):
                tokens = tokenize(paragraph)
                if tokens:
                    yield tokens
