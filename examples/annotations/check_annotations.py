#!/usr/bin/env python3
"""Check the cleaner answer key (clean.jsonl) against the demo corpus.

Standard library only.  Run from anywhere:

    python examples/annotations/check_annotations.py

What is verified, for every entry of ``clean.jsonl``:

* the file (``corpus/...txt``) or the feed record (``id`` in ``feeds/news.jsonl``) exists;
* ``title`` is line 1 of the file as written (txt) or the record's ``title`` (jsonl);
* every residue ``line`` exists (1-based, blank lines counted), is not blank, is not the
  headline, is listed once, and its ``reason`` is one of the ten allowed reasons;
* every repair ``raw`` occurs in the text as a whole word (on its ``line`` when given),
  as many times as it is listed, and ``fixed`` is ``raw`` without the break characters;
* no broken-looking word in the text is missing from ``repairs`` (tatweel followed by a
  dot, a zero-width character, or space + tatweel);
* every txt file in ``corpus/`` and every feed record has exactly one entry.

``html.jsonl`` (titles, dates and body paragraphs of the HTML pages) is checked too.
Prints counts per reason and per encoding; exits with status 1 on any mismatch.
"""

from __future__ import annotations

import collections
import html
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # examples/
REASONS = (
    "caption", "counter", "comment_prompt", "read_also", "byline",
    "repeated_headline", "share", "copyright", "timestamp", "tags",
)
TATWEEL = "\u0640"
ZERO_WIDTH = "\u200b\u200c\u200d"
BREAK_CHARS = set(TATWEEL + ". " + ZERO_WIDTH)
LETTER = "\u0621-\u063a\u0641-\u064a"  # Arabic letters, without tatweel
BROKEN = re.compile(
    rf"[{LETTER}]*{TATWEEL}(?:[.{ZERO_WIDTH}]|\s{TATWEEL})(?:[{LETTER}{TATWEEL}.{ZERO_WIDTH}]|\s{TATWEEL})*"
)

errors: list[str] = []


def err(where: str, msg: str) -> None:
    errors.append(f"{where}: {msg}")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes the way a reader would: BOM first, then UTF-8, then Windows-1256."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1256"), "cp1256"


def split_lines(text: str) -> list[str]:
    """Lines as numbered in the annotations: split on LF (CRLF counts as one break)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def word_count(text: str, raw: str) -> int:
    pattern = rf"(?<![{LETTER}{TATWEEL}]){re.escape(raw)}(?![{LETTER}{TATWEEL}])"
    return len(re.findall(pattern, text))


def check_entry(where: str, lines: list[str], title: str, expected_title: str | None,
                entry: dict, reason_counts: collections.Counter, first_line_is_title: bool) -> int:
    if expected_title is not None and title != expected_title:
        err(where, f"title {title!r} != {expected_title!r}")
    seen: set[int] = set()
    for r in entry.get("residue", []):
        n, reason = r.get("line"), r.get("reason")
        if reason not in REASONS:
            err(where, f"line {n}: unknown reason {reason!r}")
        if not isinstance(n, int) or not 1 <= n <= len(lines):
            err(where, f"residue line {n} does not exist (file has {len(lines)} lines)")
            continue
        if n in seen:
            err(where, f"residue line {n} listed twice")
        seen.add(n)
        if not lines[n - 1].strip():
            err(where, f"residue line {n} is blank")
        if first_line_is_title and n == 1:
            err(where, "line 1 is the headline, not residue")
        reason_counts[reason] += 1

    text = "\n".join(lines)
    listed = collections.Counter()
    covered: set[str] = set()
    for rep in entry.get("repairs", []):
        raw, fixed = rep.get("raw", ""), rep.get("fixed", "")
        listed[raw] += 1
        covered.add(raw)
        if "".join(c for c in raw if c not in BREAK_CHARS) != fixed:
            err(where, f"repair {raw!r} -> {fixed!r}: fixed is not raw without break characters")
        if any(c in BREAK_CHARS for c in fixed):
            err(where, f"repair {raw!r}: fixed {fixed!r} still contains a break character")
        if raw not in text:
            err(where, f"repair raw {raw!r} not found in the text")
        n = rep.get("line")
        if n is not None and (not 1 <= n <= len(lines) or word_count(lines[n - 1], raw) == 0):
            err(where, f"repair raw {raw!r} not found on line {n}")
    for raw, k in listed.items():
        found = word_count(text, raw)
        if found != k:
            err(where, f"repair raw {raw!r} listed {k} time(s) but occurs {found} time(s) as a word")

    for m in BROKEN.finditer(text):
        span = m.group(0).rstrip(".")
        if span not in covered:
            err(where, f"broken-looking word {span!r} is not in repairs")
    stray = {hex(ord(c)) for raw in [text] for c in raw if c in ZERO_WIDTH}
    if stray and not any(c in ZERO_WIDTH for raw in covered for c in raw):
        err(where, f"zero-width characters {sorted(stray)} outside any repair")
    return len(entry.get("repairs", []))


def main() -> int:
    clean_path = HERE / "clean.jsonl"
    entries = [json.loads(l) for l in clean_path.read_text(encoding="utf-8").splitlines() if l.strip()]
    feed_path = ROOT / "feeds" / "news.jsonl"
    records = {}
    for i, l in enumerate(feed_path.read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(l)
        for key in ("id", "source", "url", "title", "published", "author", "text"):
            if key not in rec:
                err(f"feeds/news.jsonl:{i}", f"missing field {key!r}")
        if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", rec.get("published", "")) is None:
            err(f"feeds/news.jsonl:{i}", f"published {rec.get('published')!r} is not ISO 8601 with a timezone")
        records[rec["id"]] = rec

    reason_counts: collections.Counter = collections.Counter()
    encodings: collections.Counter = collections.Counter()
    n_repairs = files_with_repairs = 0
    txt_seen: collections.Counter = collections.Counter()
    feed_seen: collections.Counter = collections.Counter()

    for e in entries:
        if "id" in e:
            where = f"feeds/news.jsonl#{e['id']}"
            feed_seen[e["id"]] += 1
            rec = records.get(e["id"])
            if rec is None:
                err(where, "no such record")
                continue
            lines = rec["text"].split("\n")
            k = check_entry(where, lines, e.get("title"), rec["title"], e, reason_counts, False)
        else:
            where = e["file"]
            txt_seen[e["file"]] += 1
            path = ROOT / e["file"]
            if not path.is_file():
                err(where, "file does not exist")
                continue
            text, enc = decode(path.read_bytes())
            encodings[enc] += 1
            lines = split_lines(text)
            k = check_entry(where, lines, e.get("title"), lines[0] if lines else "", e, reason_counts, True)
        n_repairs += k
        files_with_repairs += bool(k)

    for f in sorted((ROOT / "corpus").glob("*.txt")):
        rel = f"corpus/{f.name}"
        if txt_seen[rel] != 1:
            err(rel, f"has {txt_seen[rel]} annotation entries (expected 1)")
    for rid in records:
        if feed_seen[rid] != 1:
            err(f"feeds/news.jsonl#{rid}", f"has {feed_seen[rid]} annotation entries (expected 1)")

    html_path = HERE / "html.jsonl"
    n_html = 0
    if html_path.is_file():
        for l in html_path.read_text(encoding="utf-8").splitlines():
            h = json.loads(l)
            n_html += 1
            data = (ROOT / h["file"]).read_bytes()
            try:
                page = data.decode(h["encoding"])
            except UnicodeDecodeError:
                err(h["file"], f"does not decode as {h['encoding']}")
                continue
            declared = re.search(r"charset=[\"']?([\w-]+)", page, re.I)
            if declared is None:
                err(h["file"], "no charset declared")
            elif h["encoding"] == "cp1256" and declared.group(1).lower() != "windows-1256":
                err(h["file"], f"declares {declared.group(1)} but is cp1256")
            page = html.unescape(page)
            for key in ("title", "og_title", "published"):
                if h[key] not in page:
                    err(h["file"], f"{key} {h[key]!r} not in page")
            for p in h["paragraphs"]:
                if p not in page:
                    err(h["file"], f"paragraph not found: {p[:40]!r}...")

    print(f"entries: {len(entries)} ({sum(txt_seen.values())} txt files, {sum(feed_seen.values())} feed records)")
    print("txt encodings:", dict(sorted(encodings.items())))
    print("residue lines per reason:")
    for r in REASONS:
        print(f"  {r:<18} {reason_counts[r]:>4}")
    print(f"  {'total':<18} {sum(reason_counts.values()):>4}")
    print(f"repairs: {n_repairs} in {files_with_repairs} of {len(entries)} entries")
    print(f"html pages checked: {n_html}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK: all annotations match the files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
