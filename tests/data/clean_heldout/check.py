"""Verify the held-out cleaner annotations against their files.

Standard library only.  Run:  python tests/data/clean_heldout/check.py
Exit status is 1 if any annotation does not match its file.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REASONS = {
    "caption", "counter", "comment_prompt", "read_also", "byline",
    "repeated_headline", "share", "copyright", "timestamp", "tags",
}
# Characters a repair removes: tatweel, dot, space, zero-width space.
REPAIR_NOISE = re.compile(r"[\u0640.\u200b ]")
# A word broken to evade moderation: tatweel next to a dot or a zero-width
# space, or tatweel-space-tatweel.  ("الـ 15", "د.محمد", "جمــيل" do not match.)
BROKEN = re.compile(r"\S*(?:\u0640[.\u200b]|[.\u200b]\u0640|\u0640 \u0640)\S*")

EDGE_PUNCT = "\"'«»“”()[]،,.:;؛!?…-"


def file_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.rstrip("\r") for ln in lines]


def main() -> int:
    errors: list[str] = []
    reasons: Counter[str] = Counter()
    n_repairs = n_occurrences = 0
    seen: set[str] = set()
    records = [json.loads(l) for l in (HERE / "annotations.jsonl").read_text("utf-8").splitlines() if l.strip()]
    for rec in records:
        name = rec["file"]
        err = lambda msg: errors.append(f"{name}: {msg}")  # noqa: E731
        if name in seen:
            err("annotated twice")
        seen.add(name)
        path = HERE / name
        if not path.is_file():
            err("file missing")
            continue
        text = path.read_text("utf-8")
        lines = file_lines(text)
        unknown = set(rec) - {"file", "title", "title_line", "residue", "repairs"}
        if unknown:
            err(f"unknown keys {sorted(unknown)}")

        # title
        title_line = rec.get("title_line", 1)
        if rec["title"] is not None:
            if not 1 <= title_line <= len(lines) or lines[title_line - 1].strip() != rec["title"].strip():
                err(f"title does not match line {title_line}")
        elif "title_line" in rec:
            err("title_line given without a title")

        # residue
        residue_lines = set()
        for r in rec["residue"]:
            n, reason = r["line"], r["reason"]
            if reason not in REASONS:
                err(f"line {n}: unknown reason {reason!r}")
            if not isinstance(n, int) or not 1 <= n <= len(lines):
                err(f"line {n}: out of range (file has {len(lines)} lines)")
                continue
            if not lines[n - 1].strip():
                err(f"line {n}: blank")
            if n in residue_lines:
                err(f"line {n}: listed twice")
            if rec["title"] is not None and n == title_line:
                err(f"line {n}: the headline is listed as residue")
            residue_lines.add(n)
            reasons[reason] += 1

        # repairs
        raws = []
        for rp in rec["repairs"]:
            raw, fixed = rp["raw"], rp["fixed"]
            count = text.count(raw)
            if count == 0:
                err(f"repair raw {raw!r} not found")
            if REPAIR_NOISE.sub("", raw) != fixed:
                err(f"repair {raw!r} -> {fixed!r}: fixed is not raw without tatweel/dot/space/ZWSP")
            if raw in raws:
                err(f"repair {raw!r} listed twice")
            raws.append(raw)
            n_repairs += 1
            n_occurrences += count
        # every broken-looking token in the file must be covered by a listed raw
        for tok in BROKEN.findall(text):
            word = tok.strip(EDGE_PUNCT)
            if word not in raws:
                err(f"unlisted broken word {word!r}")

    for f in sorted(HERE.glob("*.txt")):
        if f.name not in seen:
            errors.append(f"{f.name}: no annotation")

    print(f"files: {len(records)}")
    print("residue lines per reason:")
    for reason in sorted(REASONS):
        print(f"  {reason:18s} {reasons[reason]:3d}")
    print(f"  {'total':18s} {sum(reasons.values()):3d}")
    print(f"repairs: {n_repairs} distinct broken words, {n_occurrences} occurrences")
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("all annotations match their files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
