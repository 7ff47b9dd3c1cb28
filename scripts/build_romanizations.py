"""Precompute English spellings of the name words news uses most, for the linker.

Romanising a word the knowledge base lacks costs about 250 microseconds
(arabic-name-romanizer looks it up in its SQLite dictionary and applies its
rules); a long ingest meets new names all the time. This script tags ANT
paragraphs with the shipped tagger, counts the words inside names (as written
and in matching form, the two forms the linker romanises), and stores the
romaniser's own answer for each frequent one in
rasid/models/romanized.tsv.gz. At run time the table is read first and the
romaniser asked only for the rest, so the output is the same, only sooner.

    python scripts/build_romanizations.py [--paragraphs 300000] [--min-count 2]

Run it after the tagger is retrained (`make ner-model` does).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import time
from collections import Counter
from pathlib import Path

from rasid.kb.index import match_key
from rasid.kb.lexicon import ROMANIZED, romanize_uncached
from rasid.ner.conll import spans
from rasid.ner.corpus import ant_paragraphs
from rasid.ner.neural import default_neural_tagger
from rasid.text.tokens import tokenize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "ant-v2.1.jsonl.gz"
OUT = ROOT / "rasid" / "models" / ROMANIZED


def name_words(corpus: Path, paragraphs: int) -> Counter[str]:
    tagger = default_neural_tagger()
    counts: Counter[str] = Counter()
    stream = itertools.islice(
        ant_paragraphs(corpus, lambda text: [t.text for t in tokenize(text)]), paragraphs
    )
    while batch := list(itertools.islice(stream, 2000)):
        for tokens, tags in zip(batch, tagger.tag_many(batch), strict=True):
            for start, end, _ in spans(tags):
                for word in tokens[start:end]:
                    if any(char.isalpha() for char in word):
                        counts[word] += 1
                        counts[match_key(word)] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--paragraphs", type=int, default=300_000)
    parser.add_argument("--min-count", type=int, default=2)
    arguments = parser.parse_args()
    began = time.perf_counter()
    counts = name_words(arguments.corpus, arguments.paragraphs)
    words = sorted(word for word, count in counts.items() if count >= arguments.min_count)
    print(f"{len(words)} name words seen {arguments.min_count}+ times "
          f"({time.perf_counter() - began:.0f} s)")  # fmt: skip
    lines = "".join(f"{word}\t{romanize_uncached(word)}\n" for word in words)
    arguments.out.write_bytes(gzip.compress(lines.encode("utf-8"), mtime=0))
    print(f"wrote {arguments.out} ({arguments.out.stat().st_size / 1e3:.0f} kB) "
          f"in {time.perf_counter() - began:.0f} s")  # fmt: skip


if __name__ == "__main__":
    main()
