"""Web archives (WARC, plain or gzipped): every HTML page a crawler saved, through the HTML reader.

warcio parses the records; this module picks the HTML `response` records,
hands each page to `article_from_html` with the captured URL, and keeps going
past a broken record by looking for the next record that starts cleanly.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Generator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from rasid.errors import InputError, InputTooLarge, MalformedRecord
from rasid.readers.base import ReadResult, parse_datetime
from rasid.readers.decode import decode_bytes
from rasid.readers.html import article_from_html, declared_charset, looks_like_html

__all__ = ["WarcReader"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
#: How a record starts: a gzip member in a .warc.gz, the version line in a plain .warc.
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"(?:^|\n)(WARC/\d\.\d+\r?\n)")
_SCAN_CHUNK = 1 << 20
#: What warcio raises on bytes that are not a record (or stop before its end). Its
#: parser was written for archives as crawlers write them; on corrupt bytes it
#: also fails inside itself (AttributeError, IndexError...), which is still a
#: broken record to the reader, never a reason to stop the batch.
_BROKEN = (
    ArchiveLoadFailed,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    AttributeError,
    IndexError,
    KeyError,
    TypeError,
)


def _header(headers: Any, name: str) -> str | None:
    value = headers.get_header(name) if headers is not None else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _capture_date(record: Any) -> datetime | None:
    """The WARC-Date: when the page was fetched, the best guess when the page names no date."""
    value = _header(record.rec_headers, "WARC-Date")
    if value is None:
        return None
    with contextlib.suppress(ValueError):
        return parse_datetime(value)
    return None


def _next_start(stream: BinaryIO, after: int, *, gzipped: bool) -> int | None:
    """The offset of the first plausible record start after `after`, or None at the end."""
    position = after + 1
    carry = b""
    while True:
        stream.seek(position)
        chunk = stream.read(_SCAN_CHUNK)
        if not chunk:
            return None
        window = carry + chunk
        base = position - len(carry)
        if gzipped:
            found = window.find(_GZIP_MEMBER)
            if found >= 0:
                return base + found
        else:
            match = _WARC_LINE.search(window)
            if match:
                return base + match.start(1)
        carry = window[-16:]
        position += len(chunk)


class _Records(ArchiveIterator):  # type: ignore[misc]
    """warcio's record iterator, its stderr warning silenced: rasid reports it (`err_count`)."""

    INC_RECORD = ""


class WarcReader:
    """One article per HTML response record; `origin` is `path@offset URL`.

    Request, metadata and revisit records, non-HTML payloads and responses
    other than 2xx (redirects, error pages) are skipped without a word: an
    archive is mostly those. A record that is cut short or does not parse is
    reported, and reading resumes at the next record that starts cleanly.
    """

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path) -> Iterator[ReadResult]:
        try:
            stream = path.open("rb")
        except OSError as error:
            yield InputError(str(path), f"cannot read the file: {error.strerror or error}")
            return
        with stream:
            gzipped = stream.read(2) == _GZIP_MEMBER[:2]
            start: int | None = 0
            while start is not None:
                stream.seek(start)
                failed_at = yield from self._read_from(stream, path)
                if failed_at is None:
                    return
                start = _next_start(stream, failed_at, gzipped=gzipped)

    def _read_from(self, stream: BinaryIO, path: Path) -> Generator[ReadResult, None, int | None]:
        """Read records from the stream's position on; return where reading broke, if it did."""
        records = _Records(stream)
        previous: str | None = None
        # Offsets only move on: warcio's can fall back when a gzip member is corrupt.
        reached: int = records.offset
        while True:
            mismatches = records.err_count
            try:
                record = next(records, None)
            except _BROKEN as error:
                if records.err_count > mismatches and previous is not None:
                    yield _overrun(previous)
                # Where warcio got to: the broken record's start, or the one before it.
                offset: int = max(records.offset, reached)
                yield MalformedRecord(
                    f"{path}@{offset}", f"not a readable WARC record ({_reason(error)}); skipped"
                )
                return offset
            if records.err_count > mismatches and previous is not None:
                yield _overrun(previous)
            if record is None:
                return None
            reached = max(records.offset, reached)
            previous = _origin(path, reached, record)
            result = self._article(record, previous)
            if result is not None:
                yield result

    def _article(self, record: Any, origin: str) -> ReadResult | None:
        if record.rec_type != "response" or record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode()
        if not status.startswith("2"):
            return None
        url = _header(record.rec_headers, "WARC-Target-URI")
        content_type = (_header(record.http_headers, "Content-Type") or "").lower()
        if content_type and not content_type.startswith(_HTML_TYPES):
            return None
        try:
            payload = record.content_stream().read(self.max_bytes + 1)
            if not content_type and not looks_like_html(payload[:2048]):
                return None
            if len(payload) > self.max_bytes:
                return InputTooLarge(origin, len(payload), self.max_bytes)
            while record.raw_stream.read(_SCAN_CHUNK):
                pass
        except _BROKEN as error:
            return MalformedRecord(origin, f"the record's payload is corrupt ({_reason(error)})")
        missing = getattr(record.raw_stream, "limit", 0)
        if missing:
            return MalformedRecord(
                origin, f"the record is cut short ({missing:,} bytes missing): a truncated archive"
            )
        charset = _HTTP_CHARSET.search(content_type)
        try:
            html, _ = decode_bytes(
                payload,
                origin,
                declared=charset.group(1) if charset else declared_charset(payload),
            )
            article = article_from_html(html, origin, url=url)
        except InputError as error:
            return error
        if article.published is None:
            article = article.with_metadata(published=_capture_date(record))
        return article


def _overrun(origin: str) -> MalformedRecord:
    """warcio found no blank line where the record said it ends."""
    return MalformedRecord(
        origin,
        "the record does not end where its Content-Length says; "
        "its text may be cut short or run into the next record",
    )


def _origin(path: Path, offset: int, record: Any) -> str:
    """`path@offset URL`: where the record starts, and the page it holds."""
    url = _header(record.rec_headers, "WARC-Target-URI")
    return f"{path}@{offset} {url}" if url else f"{path}@{offset}"


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:120]}" if text else type(error).__name__
