"""The clean stage: from a scraped page's text to the article's own clean text.

1. Split the raw text into lines, remembering each line's raw offsets.
2. Strip invisible noise (bidi controls, zero-width characters, control
   characters such as NUL) at word edges and surrounding whitespace from
   each line.
3. Drop residue lines (captions, counters, comment prompts, "اقرأ أيضاً",
   bylines, share/copyright/timestamp/tag lines), each with its reason.
4. Take the first kept line as the title when it reads like a headline,
   and drop a near-copy of it among the lines just below.
5. Repair words broken to slip past moderation, inside each kept line.
6. Join the kept lines, one paragraph a line, keeping a map from every
   clean offset back to the raw text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from rasid.model import Document, OffsetMapBuilder, Record, RemovedLine, Repair
from rasid.pipeline import register_stage
from rasid.text.normalize import INVISIBLE_NOISE, normalize_for_matching
from rasid.text.repair import find_broken_words
from rasid.text.residue import Zone, classify_line
from rasid.text.words import containment, content_words

__all__ = ["clean"]

#: A headline is at most this many words and does not end with a full stop.
TITLE_MAX_WORDS = 30
#: token_sort_ratio above which a line under the title is the title again.
REPEATED_TITLE_SIMILARITY = 80.0
#: Share of shared content words above which a reworded headline under the
#: title, before the first paragraph, is the title again.
REPEATED_TITLE_CONTAINMENT = 0.6
#: How many kept lines under the title are checked for a repeated headline.
REPEATED_TITLE_WINDOW = 2
#: A line of at least this many words (or ending a sentence) is a body paragraph.
PARAGRAPH_MIN_WORDS = 20
#: Headline-like lines under a bare "اقرأ أيضاً:" that are taken as its links.
READ_ALSO_LINKS = 3

# Control characters that are neither line breaks nor tabs: a NUL or an escape
# in a scraped page is never text, and PostgreSQL refuses NUL in a text column.
_CONTROLS = "".join(
    chr(code)
    for code in (*range(0x00, 0x09), *range(0x0E, 0x1C), 0x1F, 0x7F, *range(0x80, 0xA0))
    if code != 0x85
)
# Stripped with str.strip rather than a regex: "[\s]+$" backtracks
# quadratically on a long run of spaces inside a line.
_EDGE_NOISE = (
    " \t\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u202f\u205f\u3000" + INVISIBLE_NOISE + _CONTROLS
)
_INNER_NOISE = re.compile(f"[{INVISIBLE_NOISE}{re.escape(_CONTROLS)}]")
_SENTENCE_END = re.compile(r"[.!؟?…][\"'”»)\s]*$")
_BYLINE_SOURCE = re.compile(r"^(?P<source>.+?)\s*[-–—]\s*(?:فريق|هيئة|أسرة) التحرير$")


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    """1-based line number in the raw text."""
    text: str
    start: int
    """Raw offset of `text[0]`."""
    terminator: int
    """Raw offset where the line's end-of-line characters start."""


def _lines(raw: str) -> Iterator[_Line]:
    offset = 0
    for number, chunk in enumerate(raw.splitlines(keepends=True), start=1):
        body = chunk.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        lead = len(body) - len(body.lstrip(_EDGE_NOISE))
        text = body[lead:].rstrip(_EDGE_NOISE)
        yield _Line(number, text, offset + lead, offset + len(body))
        offset += len(chunk)


def _is_headline(text: str) -> bool:
    return len(text.split()) <= TITLE_MAX_WORDS and not text.rstrip("\"'”»)").endswith((".", ":"))


def _is_paragraph(text: str) -> bool:
    return len(text.split()) >= PARAGRAPH_MIN_WORDS or bool(_SENTENCE_END.search(text))


def _body_bounds(lines: list[_Line], furniture: list[str | None]) -> tuple[int, int]:
    """Indices of the first and last body paragraphs (after the first line).

    What lies between the headline and the first paragraph, or after the
    last one, is the page's edge: datelines, captions, counters, credits.
    A line that is residue wherever it stands (a long comment policy) is no
    paragraph. Without any paragraph there are no edges.
    """
    paragraphs = [
        i
        for i, line in enumerate(lines)
        if i > 0 and furniture[i] is None and _is_paragraph(line.text)
    ]
    if not paragraphs:
        return len(lines), -1
    return paragraphs[0], paragraphs[-1]


def _zone(index: int, first_paragraph: int, last_paragraph: int) -> Zone:
    """Where line `index` sits; the first line is the headline's place, never furniture."""
    if last_paragraph < 0:
        return "body"  # no paragraph to tell the page's edges by: keep what is unsure
    if 0 < index < first_paragraph:
        return "head"
    if index > last_paragraph:
        return "foot"
    return "body"


def _is_link_title(text: str) -> bool:
    """A linked headline under "اقرأ أيضاً:" (a two-word line there is a sub-heading)."""
    return _is_headline(text) and 4 <= len(text.split()) <= 15


def _similar(first: str, second: str) -> bool:
    a, b = normalize_for_matching(first), normalize_for_matching(second)
    return fuzz.token_sort_ratio(a, b) >= REPEATED_TITLE_SIMILARITY


def _repeats_title(title: str, line: str) -> bool:
    """A headline-like line that says what the title says, in the same or other words."""
    if not _is_headline(line):
        return False
    if _similar(title, line):
        return True
    # Reworded: most of the words again, in a line no longer than a headline
    # (a lead sentence that restates the title runs longer, and is content).
    return (
        len(line.split()) <= len(title.split()) + 3
        and len(content_words(line)) >= 4
        and containment(title, line) >= REPEATED_TITLE_CONTAINMENT
    )


def _source_from_byline(text: str) -> str | None:
    match = _BYLINE_SOURCE.match(text)
    return match.group("source").strip() if match else None


def _append_line(builder: OffsetMapBuilder, line: _Line) -> list[Repair]:
    """Append one kept line to `builder`, repairing broken words; return the repairs."""
    text = line.text
    repairs: list[Repair] = []
    cursor = 0

    def copy(start: int, end: int) -> None:
        # Bidi controls and stray zero-width characters are dropped one by one;
        # the builder opens a new run after each gap, so offsets stay exact.
        piece_start = start
        for match in _INNER_NOISE.finditer(text, start, end):
            builder.append(text[piece_start : match.start()], line.start + piece_start)
            piece_start = match.end()
        builder.append(text[piece_start:end], line.start + piece_start)

    for word in find_broken_words(text):
        copy(cursor, word.start)
        clean_start = len(builder)
        for piece_start, piece_end in word.pieces:
            builder.append(text[piece_start:piece_end], line.start + piece_start)
        repairs.append(
            Repair(
                raw=text[word.start : word.end],
                fixed=word.fixed(text),
                start=clean_start,
                end=len(builder),
                raw_start=line.start + word.start,
                raw_end=line.start + word.end,
            )
        )
        cursor = word.end
    copy(cursor, len(text))
    return repairs


def _removed(line: _Line, reason: str) -> RemovedLine:
    return RemovedLine(
        line=line.number,
        reason=reason,
        text=line.text,
        raw_start=line.start,
        raw_end=line.start + len(line.text),
    )


def _drop_residue(lines: list[_Line]) -> tuple[list[_Line], list[RemovedLine], int]:
    """Split lines into kept and removed; also return the index of the first paragraph."""
    furniture = [classify_line(line.text, zone="body") for line in lines]
    first_paragraph, last_paragraph = _body_bounds(lines, furniture)
    kept: list[_Line] = []
    removed: list[RemovedLine] = []
    links_expected = 0
    for index, line in enumerate(lines):
        zone = _zone(index, first_paragraph, last_paragraph)
        reason = furniture[index] if zone == "body" else classify_line(line.text, zone=zone)
        if reason is None and links_expected and _is_link_title(line.text):
            reason = "read_also"
            links_expected -= 1
        else:
            # A bare "اقرأ أيضاً:" heads a short list of linked headlines.
            bare = reason == "read_also" and len(line.text.split()) <= 3
            links_expected = READ_ALSO_LINKS if bare else 0
        if reason is None:
            kept.append(line)
        else:
            removed.append(_removed(line, reason))
    return kept, removed, first_paragraph


def _find_title(kept: list[_Line], head_end: int, given: str | None) -> tuple[bool, _Line | None]:
    """Whether the first kept line is the title, and the line under it that repeats it."""
    if not kept or not (_is_headline(kept[0].text) or (given and _similar(kept[0].text, given))):
        return False, None
    under_title = [line for line in kept[1:] if line.number < head_end]
    for line in under_title[:REPEATED_TITLE_WINDOW]:
        if _repeats_title(kept[0].text, line.text):
            return True, line
    return True, None


@register_stage("clean", assigns=("text", "title", "removed", "repairs"), rewrites_text=True)
def clean(document: Document) -> Document:
    """Remove web residue, detect the title and repair broken words."""
    article = document.article
    lines = [line for line in _lines(article.raw_text) if line.text]
    kept, removed, first_paragraph = _drop_residue(lines)
    head_end = lines[first_paragraph].number if first_paragraph < len(lines) else sys.maxsize
    has_title, repeated = _find_title(kept, head_end, article.title)
    if repeated is not None:
        kept.remove(repeated)
        removed.append(_removed(repeated, "repeated_headline"))
        removed.sort(key=lambda record: record.line)

    builder = OffsetMapBuilder()
    repairs: list[Repair] = []
    for index, line in enumerate(kept):
        if index:
            builder.append("\n", kept[index - 1].terminator)
        repairs.extend(_append_line(builder, line))
    text, offsets = builder.build()
    title = text.split("\n", 1)[0] if has_title else None

    if article.source is None:
        source = next(
            (s for r in removed if r.reason == "byline" and (s := _source_from_byline(r.text))),
            None,
        )
        if source:
            document = replace(document, article=replace(article, source=source))
    records: list[Record] = [*removed, *repairs]
    return document.with_text(text, offsets, title=title).with_records(*records)
