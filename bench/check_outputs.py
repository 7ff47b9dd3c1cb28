"""Check that a change to the pipeline leaves its output unchanged, document by document.

Runs the default pipeline over an ANT sample and writes the JSON view of
every document (`document_to_dict`, plus the offset map) to one file, one
document a line; with `--against`, compares the new lines with a file
written before the change and lists the documents that differ.

    python bench/check_outputs.py --out /tmp/before.jsonl
    # ... change the code ...
    python bench/check_outputs.py --out /tmp/after.jsonl --against /tmp/before.jsonl
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _common import write_ant_sample

from rasid.ingest import ANALYSIS_BATCH, pipeline_for
from rasid.model import Article, Document
from rasid.readers import read_paths
from rasid.serialize import document_to_dict
from rasid.settings import Options


def analysed_lines(every: int, limit: int, tagger: str) -> list[str]:
    """One JSON line per article of the sample: its analysis, or the error it raised."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_ant_sample(Path(folder) / "sample.jsonl", every=every, limit=limit)
        articles = [a for a in read_paths([path], Options()) if isinstance(a, Article)]
    options = Options() if tagger == "fast" else Options(tagger=tagger)
    pipeline = pipeline_for(options)
    lines: list[str] = []
    for start in range(0, len(articles), ANALYSIS_BATCH):
        for result in pipeline.run_many(articles[start : start + ANALYSIS_BATCH]):
            if isinstance(result, Document):
                view = document_to_dict(result)
                view["offsets"] = result.offsets.to_json()
            else:
                view = {"error": repr(result)}
            lines.append(json.dumps(view, ensure_ascii=False, sort_keys=True))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=7, help="every Nth ANT article")
    parser.add_argument("--limit", type=int, default=1000, help="articles in the sample")
    parser.add_argument("--tagger", default="fast", help="fast or accurate")
    parser.add_argument("--out", type=Path, required=True, help="where to write the lines")
    parser.add_argument("--against", type=Path, help="lines written before the change")
    arguments = parser.parse_args()
    lines = analysed_lines(arguments.every, arguments.limit, arguments.tagger)
    arguments.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} documents written to {arguments.out}")
    if arguments.against is None:
        return
    before = arguments.against.read_text(encoding="utf-8").splitlines()
    if len(before) != len(lines):
        sys.exit(f"{len(before)} documents before, {len(lines)} now")
    changed = [i for i, (old, new) in enumerate(zip(before, lines, strict=True)) if old != new]
    for index in changed[:20]:
        old, new = json.loads(before[index]), json.loads(lines[index])
        keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        print(f"document {index} ({old.get('id')}): differs in {', '.join(keys)}")
    if changed:
        sys.exit(f"{len(changed)} of {len(lines)} documents differ")
    print(f"all {len(lines)} documents are identical")


if __name__ == "__main__":
    main()
