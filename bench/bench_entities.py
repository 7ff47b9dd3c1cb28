"""Speed of tagging + linking, and knowledge-base coverage, on a fixed ANT sample.

The sample is every 63rd article of the ANT corpus (500 articles, the same
every run). Each article is cleaned first (not timed); then, on one core:

- tokenising and sentence splitting, the tagger, and the linker are timed
  apart, in tokens per second;
- coverage: the share of the tagger's PERS/ORG/LOC mentions that link to a
  knowledge-base record rather than a new-entity id, per type, with the
  curated records left out ("before curation") and with everything.

    python bench/bench_entities.py [--every 63] [--limit 500]
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

from _common import machine, peak_rss_mib, report, require_ant

from rasid.kb.index import KnowledgeBase, default_kb
from rasid.kb.linker import Linker
from rasid.model import Article
from rasid.ner.neural import default_neural_tagger as default_tagger
from rasid.pipeline import Pipeline
from rasid.readers import read_paths
from rasid.settings import Options
from rasid.text.tokens import sentences


def sample(every: int, limit: int) -> list[str]:
    pipeline = Pipeline(["clean"])
    texts: list[str] = []
    for index, item in enumerate(read_paths([require_ant()], Options())):
        if isinstance(item, Article) and index % every == 0:
            texts.append(pipeline.run(item).text)
            if len(texts) >= limit:
                break
    return texts


def coverage(texts: list[str], tags: list[list[list[str]]], kb: KnowledgeBase) -> dict[str, Any]:
    linker = Linker(kb)
    linked: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text, sentence_tags in zip(texts, tags, strict=True):
        for entity in linker.entities(text, sentences(text), sentence_tags):
            if entity.type in ("PERS", "ORG", "LOC"):
                total[entity.type] += 1
                linked[entity.type] += not entity.kb_id.startswith("new:")
    shares = {kind: round(linked[kind] / total[kind], 3) for kind in sorted(total)}
    all_linked, all_total = sum(linked.values()), sum(total.values())
    return {
        "linked_share": shares,
        "mentions": dict(total),
        "all": round(all_linked / all_total, 3),
    }


def run(every: int, limit: int) -> dict[str, Any]:
    texts = sample(every, limit)
    kb = default_kb()
    tagger = default_tagger()
    Linker(kb).entities("تمهيد", sentences("تمهيد"), [["O"]])  # load lazily built indexes

    start = time.perf_counter()
    split = [sentences(text) for text in texts]
    split_seconds = time.perf_counter() - start
    tokens = sum(len(sentence) for document in split for sentence in document)

    start = time.perf_counter()
    tags = [tagger.tag_many([[t.text for t in s] for s in document]) for document in split]
    tag_seconds = time.perf_counter() - start

    linker = Linker(kb)
    start = time.perf_counter()
    mentions = 0
    for text, document, document_tags in zip(texts, split, tags, strict=True):
        mentions += len(linker.entities(text, document, document_tags))
    link_seconds = time.perf_counter() - start

    curated_free = KnowledgeBase(
        r for r in kb.records.values() if not r.source.startswith("curated")
    )
    total = split_seconds + tag_seconds + link_seconds
    return {
        "articles": len(texts),
        "tokens": tokens,
        "entities": mentions,
        "tokens_per_second": {
            "tokenize": round(tokens / split_seconds),
            "tag": round(tokens / tag_seconds),
            "link": round(tokens / link_seconds),
            "all": round(tokens / total),
        },
        "tagger": type(tagger).__name__,
        "kb_records": len(kb),
        "coverage_before_curation": coverage(texts, tags, curated_free),
        "coverage": coverage(texts, tags, kb),
        "peak_rss_mib": round(peak_rss_mib()),
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=63)
    parser.add_argument("--limit", type=int, default=500)
    arguments = parser.parse_args()
    report("entities", run(arguments.every, arguments.limit))


if __name__ == "__main__":
    main()
