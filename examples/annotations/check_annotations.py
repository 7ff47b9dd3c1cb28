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

``quotes.jsonl`` and ``dates.jsonl`` (quotations and time expressions of the txt files):

* both cover the same files, once each, in file-number order, and every file exists;
* every ``content``, ``speaker``, ``cue`` (unless ``":"``), ``via`` and date ``text`` occurs in
  the article's headline and body (residue lines of ``clean.jsonl`` removed), compared after
  deleting tatweel and the break dots/spaces/zero-width characters of broken words; contents
  and date texts occur in reading order; a direct quote sits between quotation marks;
* keys and value types are as documented; ``published`` is null or ``YYYY-MM-DD`` and agrees
  with the article's timestamp line (null when it has none); ``value`` is a TIMEX3-style value
  (``DCT``-relative values only when ``published`` is null); ``mod`` is null/early/mid/late.

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


# --- quotes.jsonl / dates.jsonl ---------------------------------------------------------

QUOTE_KEYS = ("speaker", "speaker_en", "anonymous", "cue", "content", "direct", "via")
OPEN_MARKS, CLOSE_MARKS = "«\"“", "»\"”"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_WEEKDAY = r"(?:MON|TUE|WED|THU|FRI|SAT|SUN)"
VALUE_KINDS = (  # (kind, pattern, needs published)
    ("day", rf"\d{{4}}-{_MONTH}-{_DAY}", True),
    ("month", rf"\d{{4}}-{_MONTH}", True),
    ("year", r"\d{4}", True),
    ("week", r"\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])", True),
    ("season", r"\d{4}-(?:SP|SU|FA|WI)", True),
    ("duration", r"P(?:(?:\d+|X)(?:D|W|M|Y|DE|CE)|T(?:\d+|X)(?:H|M|S))", None),
    ("ref", r"(?:PAST|PRESENT|FUTURE)_REF", None),
    ("dct-relative", rf"DCT(?:[+-]\d+[DWMY])?|DCT-(?:LAST|NEXT)-(?:{_MONTH}|{_WEEKDAY})|DCT-THIS-{_MONTH}", False),
    ("no-year", rf"XXXX-{_MONTH}(?:-{_DAY})?", False),
)
MODS = (None, "early", "mid", "late")
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def normalise(text: str) -> str:
    """Delete tatweel, and the dots/spaces/zero-width characters that break words."""
    text = BROKEN.sub(lambda m: "".join(c for c in m.group(0) if c not in BREAK_CHARS), text)
    return text.replace(TATWEEL, "")


def find_in_order(body: str, needle: str, pos: int, direct: bool = False) -> int:
    """First occurrence of needle at or after pos, preferring whole words (clitics allowed); -1 if none.

    For a direct quote only occurrences between quotation marks count.
    """
    found = []
    k = body.find(needle, pos)
    while k >= 0 and needle:
        end = k + len(needle)
        if not direct or (k > 0 and body[k - 1] in OPEN_MARKS and body[end: end + 1] in tuple(CLOSE_MARKS)
                          and body[end: end + 1] != ""):
            found.append(k)
        k = body.find(needle, k + 1)
    letter = re.compile(f"[{LETTER}]")

    def starts_word(k: int) -> bool:  # at a word start, or after a one-letter proclitic (و ف ب ل ك)
        if k == 0 or not letter.match(body[k - 1]):
            return True
        return body[k - 1] in "وفبلك" and (k == 1 or not letter.match(body[k - 2]))

    for k in found:
        end = k + len(needle)
        if starts_word(k) and not letter.match(body[end: end + 1] or " "):
            return k
    return found[0] if found else -1


def value_kind(value: str) -> tuple[str, bool | None] | None:
    for kind, pattern, needs in VALUE_KINDS:
        if re.fullmatch(pattern, value):
            return kind, needs
    return None


def article_text(rel: str, clean: dict) -> tuple[list[str], str] | None:
    """Decoded lines of a txt file and its headline + body (residue lines blanked), normalised."""
    path = ROOT / rel
    if not path.is_file() or rel not in clean:
        return None
    lines = split_lines(decode(path.read_bytes())[0])
    residue = {r["line"] for r in clean[rel].get("residue", [])}
    body = "\n".join("" if i in residue else l for i, l in enumerate(lines, 1))
    return lines, normalise(body)


def check_published(where: str, published, lines: list[str], entry: dict) -> None:
    stamps = [lines[r["line"] - 1] for r in entry.get("residue", []) if r["reason"] == "timestamp"]
    if published is None:
        if stamps:
            err(where, f"published is null but the article has a timestamp line {stamps[0]!r}")
        return
    if not isinstance(published, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", published):
        err(where, f"published {published!r} is not YYYY-MM-DD")
        return
    y, m, d = (int(x) for x in published.split("-"))
    for stamp in stamps:
        numbers = {int(n) for n in re.findall(r"\d+", stamp.translate(ARABIC_DIGITS))}
        if y in numbers and d in numbers:
            return
    err(where, f"published {published} does not agree with a timestamp line ({stamps or 'none'})")


def check_quotes_and_dates(clean: dict) -> tuple[collections.Counter, collections.Counter, int] | None:
    qpath, dpath = HERE / "quotes.jsonl", HERE / "dates.jsonl"
    if not qpath.is_file() and not dpath.is_file():
        return None
    qstats: collections.Counter = collections.Counter()
    dstats: collections.Counter = collections.Counter()
    listing: dict[str, list[str]] = {}
    for path in (qpath, dpath):
        listing[path.name] = []
        if not path.is_file():
            err(path.name, "missing (quotes.jsonl and dates.jsonl go together)")
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{i}"
            try:
                e = json.loads(line)
            except json.JSONDecodeError as exc:
                err(where, f"invalid JSON: {exc}")
                continue
            rel = e.get("file")
            if not isinstance(rel, str):
                err(where, "no file")
                continue
            listing[path.name].append(rel)
            where = f"{path.name}:{rel}"
            got = article_text(rel, clean)
            if got is None:
                err(where, "no such txt file (or not in clean.jsonl)")
                continue
            lines, body = got
            if path is qpath:
                check_quote_entry(where, e, lines, body, qstats)
            else:
                check_date_entry(where, e, lines, body, clean[rel], dstats)
    names = list(listing.values())
    if len(names) == 2 and names[0] != names[1]:
        err("quotes.jsonl/dates.jsonl", "do not list the same files in the same order")
    for name, files in listing.items():
        if files != sorted(files) or len(files) != len(set(files)):
            err(name, "files are not unique and in file-number order")
    return qstats, dstats, len(listing.get(qpath.name, []))


def check_quote_entry(where: str, e: dict, lines: list[str], body: str, stats: collections.Counter) -> None:
    if set(e) != {"file", "quotes"} or not isinstance(e["quotes"], list):
        err(where, f"keys must be file, quotes (got {sorted(e)})")
        return
    headline = normalise(lines[0]) if lines else ""
    pos = 0
    for n, q in enumerate(e["quotes"], 1):
        w = f"{where} quote {n}"
        if not isinstance(q, dict) or tuple(sorted(q)) != tuple(sorted(QUOTE_KEYS)):
            err(w, f"keys must be {QUOTE_KEYS}")
            continue
        for key in ("speaker", "cue", "content"):
            if not isinstance(q[key], str) or not q[key] or q[key] != q[key].strip():
                err(w, f"{key} must be a non-empty string without outer spaces")
        for key in ("speaker_en", "via"):
            if q[key] is not None and (not isinstance(q[key], str) or not q[key].strip()):
                err(w, f"{key} must be null or a non-empty string")
        for key in ("anonymous", "direct"):
            if not isinstance(q[key], bool):
                err(w, f"{key} must be true or false")
        if any(not isinstance(q[k], str) or not q[k] for k in ("speaker", "cue", "content")):
            continue
        if q["anonymous"] is True and q["speaker_en"] is not None:
            err(w, "an anonymous speaker has no speaker_en")
        if q["content"].endswith("."):
            err(w, "content ends with a full stop")
        for key in ("speaker", "via") + (() if q["cue"] == ":" else ("cue",)):
            if q[key] is not None and normalise(q[key]) not in body:
                err(w, f"{key} {q[key]!r} not found in the article")
        if q["cue"] == ":" and not (normalise(q["speaker"]) in headline and normalise(q["content"]) in headline):
            err(w, "a ':' cue is for headline attributions: speaker and content must be in line 1")
        content = normalise(q["content"])
        k = find_in_order(body, content, pos, q["direct"] is True)
        if k < 0:
            if find_in_order(body, content, 0, q["direct"] is True) >= 0:
                problem = "out of reading order"
            elif q["direct"] is True and content in body:
                problem = "not between quotation marks (direct)"
            else:
                problem = "not found"
            err(w, f"content {problem}: {q['content'][:50]!r}")
            continue
        pos = k
        stats["quotes"] += 1
        stats["direct" if q["direct"] is True else "reported"] += 1
        stats["anonymous"] += q["anonymous"] is True
        stats["with via"] += q["via"] is not None
        stats["headline ':'"] += q["cue"] == ":"


def check_date_entry(where: str, e: dict, lines: list[str], body: str, clean_entry: dict,
                     stats: collections.Counter) -> None:
    if set(e) != {"file", "published", "dates"} or not isinstance(e["dates"], list):
        err(where, f"keys must be file, published, dates (got {sorted(e)})")
        return
    published = e["published"]
    check_published(where, published, lines, clean_entry)
    pos = 0
    for n, t in enumerate(e["dates"], 1):
        w = f"{where} date {n}"
        if not isinstance(t, dict) or set(t) != {"text", "value", "mod"}:
            err(w, "keys must be text, value, mod")
            continue
        if not isinstance(t["text"], str) or not t["text"] or t["text"] != t["text"].strip():
            err(w, "text must be a non-empty string without outer spaces")
            continue
        if t["mod"] not in MODS:
            err(w, f"mod {t['mod']!r} not in {MODS}")
        kind = value_kind(t["value"]) if isinstance(t["value"], str) else None
        if kind is None:
            err(w, f"value {t['value']!r} is not a valid value")
        else:
            name, needs = kind
            if needs is False and published is not None:
                err(w, f"value {t['value']!r} is relative to an unknown date, but published is {published}")
            if name == "day":
                try:
                    import datetime
                    datetime.date.fromisoformat(t["value"])
                except ValueError:
                    err(w, f"value {t['value']!r} is not a calendar date")
            stats[name] += 1
        text = normalise(t["text"])
        k = find_in_order(body, text, pos)
        if k < 0:
            found = body.find(text) >= 0
            err(w, f"text {'out of reading order' if found else 'not found'}: {t['text']!r}")
            continue
        pos = k


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

    clean_by_file = {e["file"]: e for e in entries if "id" not in e}
    qd = check_quotes_and_dates(clean_by_file)

    print(f"entries: {len(entries)} ({sum(txt_seen.values())} txt files, {sum(feed_seen.values())} feed records)")
    print("txt encodings:", dict(sorted(encodings.items())))
    print("residue lines per reason:")
    for r in REASONS:
        print(f"  {r:<18} {reason_counts[r]:>4}")
    print(f"  {'total':<18} {sum(reason_counts.values()):>4}")
    print(f"repairs: {n_repairs} in {files_with_repairs} of {len(entries)} entries")
    print(f"html pages checked: {n_html}")
    if qd is not None:
        qstats, dstats, n_files = qd
        print(f"quotes.jsonl / dates.jsonl: {n_files} articles")
        print("  quotes: " + ", ".join(f"{k} {qstats[k]}" for k in
                                       ("quotes", "direct", "reported", "anonymous", "with via", "headline ':'")))
        print(f"  dates: {sum(dstats.values())} (" + ", ".join(f"{k} {v}" for k, v in sorted(dstats.items())) + ")")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK: all annotations match the files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
