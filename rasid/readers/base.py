"""The reader seam: one method from a path to articles, and what all readers share."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Protocol

from rasid.errors import InputError, InputTooLarge
from rasid.model import Article
from rasid.text.normalize import normalize_for_matching

__all__ = [
    "ReadResult",
    "Reader",
    "compose_raw_text",
    "parse_datetime",
    "read_limited",
]

#: A reader yields an article, or the error that kept one input from becoming one;
#: yielding errors (rather than raising) lets a batch go on with the next input.
ReadResult = Article | InputError


class Reader(Protocol):
    def read(self, path: Path) -> Iterator[ReadResult]:
        """Yield every article found at `path`, and an error for each input that failed."""
        ...


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of one file holding one article; `InputTooLarge` before reading a larger one."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLarge(origin, size, max_bytes)
        return path.read_bytes()
    except OSError as error:
        raise InputError(origin, f"cannot read the file: {error.strerror or error}") from None


def compose_raw_text(title: str | None, body: str) -> str:
    """Put a separately given title on the first line, unless the body already starts with it."""
    body = body.strip("\n")
    title = " ".join((title or "").split())  # a title is one line, whatever the feed did
    if not title:
        return body
    first_line = body.split("\n", 1)[0]
    if _same_line(title, first_line):
        return body
    return f"{title}\n{body}"


def _same_line(title: str, line: str) -> bool:
    """Whether the body's first line is the title again (a site name added is still it)."""
    a, b = normalize_for_matching(title), normalize_for_matching(line)
    return a == b or (b.startswith(a) and len(a) >= 0.8 * len(b))


def parse_datetime(value: str) -> datetime:
    """Parse an ISO 8601 date or date-time ("2018-02-18", "2018-02-18T21:35:43+04:00", "...Z")."""
    text = value.strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for pattern in ("%Y/%m/%d", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%a, %d %b %Y %H:%M:%S %z"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    shown = value if len(value) <= 40 else value[:40] + "..."  # the error stays one short line
    raise ValueError(
        f"unreadable date {shown!r}; use ISO 8601 such as 2020-03-12 or 2020-03-12T14:30:00+03:00"
    )
