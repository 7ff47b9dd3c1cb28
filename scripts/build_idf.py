"""Count in how many ANT articles each index term occurs: the IDF table story matching uses.

    python scripts/build_idf.py [--corpus ../shared/data/news/ant-v2.1.jsonl.gz]

Writes rasid/models/idf.tsv.gz: a first line `#documents<TAB>N`, then one
`term<TAB>document frequency` a line, most frequent first, for every term in
at least `--min-df` articles. The table is fixed (shipped with the package)
rather than counted from the user's store, so that an article's weights, and
with them the stories, do not depend on what else was ingested or in which
order. Built from the ANT corpus v2.1 (Chouigui et al., AICCSA 2017).

The analyser itself reads the table to decide when a preposition glued to a
word comes off ("لإدلب" is "ادلب" because "ادلب" is far more common than
"لادلب"). So the corpus is counted twice: first with that rule off, then
with the rule deciding on the first count's frequencies.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from rasid.search.analyzer import Analyzer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "ant-v2.1.jsonl.gz"
OUT = ROOT / "rasid" / "models" / "idf.tsv.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-df", type=int, default=3)
    args = parser.parse_args()
    first, _ = _count(args.corpus, Analyzer(frequencies={}))
    frequency, documents = _count(args.corpus, Analyzer(frequencies=dict(first)))
    kept = [(term, df) for term, df in frequency.most_common() if df >= args.min_df]
    # mtime=0: the same corpus gives a byte-identical file.
    with (
        args.out.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed,
    ):
        packed.write(f"#documents\t{documents}\n".encode())
        packed.write("".join(f"{term}\t{df}\n" for term, df in kept).encode("utf-8"))
    print(f"{documents} articles, {len(frequency)} terms, {len(kept)} kept -> {args.out}")


def _count(corpus: Path, analyser: Analyzer) -> tuple[Counter[str], int]:
    frequency: Counter[str] = Counter()
    documents = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = f"{record.get('title') or ''}\n{record.get('text') or ''}"
            frequency.update(set(analyser.terms(text)))
            documents += 1
    return frequency, documents


if __name__ == "__main__":
    main()
