"""Readers turn files into `Article`s: plain text, HTML, JSON lines, web archives (WARC),
RSS/Atom feeds, and directories of them.

`read_paths` is the one entry point: it walks directories, picks a reader by
file name (or by content for a file named otherwise), and checks every
article it yields (not empty, not too large, Arabic), so that a bad input is
reported as an `InputError` and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rasid.errors import EmptyInput, InputError, NotArabic
from rasid.model import Article
from rasid.readers.base import Reader, ReadResult, parse_datetime
from rasid.readers.feed import FeedReader, looks_like_feed
from rasid.readers.html import HtmlReader, looks_like_html
from rasid.readers.jsonl import JsonLinesReader
from rasid.readers.text import TextReader
from rasid.readers.warc import WarcReader
from rasid.settings import Options
from rasid.text.normalize import arabic_ratio

__all__ = [
    "ReadResult",
    "Reader",
    "detect_format",
    "iter_input_files",
    "parse_datetime",
    "read_paths",
    "reader_for",
]

_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
}
#: Sniffed for a feed: `.xml` names feeds and much else (sitemaps, configs).
_MAYBE_FEED = ".xml"
_HEAD = 2048


def _format_by_name(path: Path) -> str | None:
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes[-2:] in ([".jsonl", ".gz"], [".ndjson", ".gz"], [".json", ".gz"]):
        return "jsonl"
    if suffixes[-2:] == [".warc", ".gz"]:
        return "warc"
    return _SUFFIXES.get(suffixes[-1]) if suffixes else None


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(_HEAD)
    except OSError:
        return b""


def _format_in_folder(path: Path) -> str | None:
    """The format of a file found in a folder: by name, and `.xml` only when it is a feed."""
    by_name = _format_by_name(path)
    if by_name or path.suffix.lower() != _MAYBE_FEED:
        return by_name
    return "feed" if looks_like_feed(_head(path)) else None


def detect_format(path: Path) -> str:
    """The reader format for `path`: by its name, else by its first bytes."""
    by_name = _format_by_name(path)
    if by_name:
        return by_name
    raw = _head(path)
    if not raw:
        return "text"
    if raw.startswith(b"WARC/"):
        return "warc"
    head = raw.lstrip().lower()
    if looks_like_feed(raw):
        return "feed"
    if looks_like_html(head):
        return "html"
    if head.startswith((b"{", b"[")):
        return "jsonl"
    return "text"


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand directories recursively into the files rasid can read, sorted, hidden ones skipped.

    A file named on the command line is always read; inside a directory only
    files with a known suffix are (and `.xml` files only when they are feeds).
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part.startswith(".") for part in relative):
                    continue
                if child.is_file() and _format_in_folder(child):
                    yield child
        else:
            yield path


def reader_for(fmt: str, options: Options) -> Reader:
    if fmt == "html":
        return HtmlReader(max_bytes=options.max_article_bytes)
    if fmt == "jsonl":
        return JsonLinesReader(fields=options.jsonl_fields, max_bytes=options.max_article_bytes)
    if fmt == "warc":
        return WarcReader(max_bytes=options.max_article_bytes)
    if fmt == "feed":
        return FeedReader(max_bytes=options.max_article_bytes)
    return TextReader(max_bytes=options.max_article_bytes)


def _checked(result: ReadResult, options: Options) -> ReadResult:
    if isinstance(result, InputError):
        return result
    origin = result.origin or result.external_id or "<input>"
    if not result.raw_text.strip():
        return EmptyInput(origin)
    ratio = arabic_ratio(result.raw_text)
    if ratio < options.min_arabic_ratio:
        return NotArabic(origin, ratio, options.min_arabic_ratio)
    return result


def read_paths(
    paths: Iterable[Path], options: Options, *, fmt: str | None = None
) -> Iterator[Article | InputError]:
    """Every article under `paths`, checked, and an `InputError` for each input that failed."""
    for path in iter_input_files(paths):
        if not path.exists():
            yield InputError(str(path), "no such file or directory")
            continue
        reader = reader_for(fmt or detect_format(path), options)
        for result in reader.read(path):
            yield _checked(result, options)
