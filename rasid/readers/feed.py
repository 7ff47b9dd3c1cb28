"""RSS and Atom feed files: one article per entry, read with feedparser.

Feeds carry their entries' text as HTML fragments (or plain text); this
module turns a fragment into lines of text, one per paragraph, and leaves the
rest (boilerplate, broken words) to the pipeline as for any other input.
"""

from __future__ import annotations

import calendar
import contextlib
import email.utils
import io
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import lxml.etree
import lxml.html
from feedparser.exceptions import CharacterEncodingOverride, NonXMLContentType

from rasid.errors import InputError, InputTooLarge, MalformedRecord, NoArticleText
from rasid.model import Article
from rasid.readers.base import ReadResult, compose_raw_text

__all__ = ["FeedReader", "html_fragment_to_text", "looks_like_feed"]

#: Elements after which a feed's HTML starts a new line of text.
_BLOCKS = frozenset(
    {
        *("p", "div", "br", "hr", "li", "ul", "ol", "dd", "dt", "pre", "blockquote"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "table", "tr"),
        *("section", "article", "figure", "figcaption", "header", "footer"),
    }
)
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object")
#: An RSS or Atom root element, after the XML declaration, comments, stylesheets, doctype.
_FEED_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*"
    rb"<(?:rss|feed|rdf:RDF)[\s>/]",
    re.DOTALL,
)
_PLAIN_TYPES = ("text/plain", "text")
#: Characters XML (and so lxml) refuses: controls other than tab and line breaks, lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of a file are those of an RSS or Atom document."""
    return _FEED_ROOT.match(head) is not None


def html_fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment, one line per paragraph (or line break), scripts dropped."""
    fragment = _NOT_XML.sub("", fragment)
    if "<" not in fragment:
        return _tidy_lines(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _tidy_lines(fragment)
    for element in root.iter(*_DROPPED):
        element.drop_tree()
    for element in root.iter(lxml.etree.Element):
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    return _tidy_lines(root.text_content())


def _tidy_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _published(entry: Mapping[str, Any]) -> datetime | None:
    """The entry's date with the offset the feed wrote (feedparser's own parse is in UTC)."""
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        with contextlib.suppress(TypeError, ValueError, IndexError):
            return email.utils.parsedate_to_datetime(value)  # RSS: RFC 822
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(value.strip())  # Atom: RFC 3339
        parsed = entry.get(f"{key}_parsed")
        if parsed is not None:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    return None


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The fullest text the entry carries: its content, else its summary."""
    candidates: list[Mapping[str, Any]] = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    for detail in candidates:
        value = detail.get("value") or ""
        kind = (detail.get("type") or "text/html").lower()
        text = _tidy_lines(value) if kind in _PLAIN_TYPES else html_fragment_to_text(value)
        if text:
            return text
    return ""


def _text(value: Any) -> str | None:
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


class FeedReader:
    """Each entry's `origin` is `path#index` (0-based, in feed order).

    feedparser reads a feed that is not well-formed XML with a lenient parser;
    the entries it recovers are kept (a stray `&nbsp;` is the commonest fault)
    and the fault is reported once against the file, so that a feed cut short
    is noticed. A file from which no feed can be recovered is one error.
    """

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path) -> Iterator[ReadResult]:
        origin = str(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            yield InputError(origin, f"cannot read the file: {error.strerror or error}")
            return
        try:
            # A stream, never bytes: feedparser opens bytes that name a file or URL.
            parsed = feedparser.parse(
                io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False
            )
        except (UnicodeError, ValueError, LookupError) as error:  # its decoding of odd bytes
            yield MalformedRecord(origin, f"not a readable feed ({type(error).__name__}: {error})")
            return
        fault = _xml_fault(parsed)
        if not parsed.get("version") and not parsed.entries:
            detail = f" ({fault})" if fault else ""
            yield MalformedRecord(origin, f"not an RSS or Atom feed{detail}")
            return
        source = _text(parsed.feed.get("title"))
        for index, entry in enumerate(parsed.entries):
            try:
                yield self._article(entry, f"{path}#{index}", source)
            except InputError as error:
                yield error
        if fault:
            yield MalformedRecord(
                origin,
                f"the feed is not well-formed XML ({fault}); "
                f"entries recovered by a lenient reading: {len(parsed.entries)}",
            )

    def _article(self, entry: Mapping[str, Any], origin: str, source: str | None) -> Article:
        title = _text(entry.get("title"))
        body = _entry_text(entry)
        if not body:
            name = f" {title!r}" if title else ""
            raise NoArticleText(origin, f"the feed entry{name} has neither content nor summary")
        size = len(body.encode("utf-8"))
        if size > self.max_bytes:
            raise InputTooLarge(origin, size, self.max_bytes)
        url = _text(entry.get("link"))
        return Article(
            raw_text=compose_raw_text(title, body),
            external_id=url or _text(entry.get("id")),
            source=source,
            url=url,
            published=_published(entry),
            title=title,
            author=_text(entry.get("author")),
            origin=origin,
        )


def _xml_fault(parsed: Any) -> str | None:
    """What made the feed not well-formed XML, with its line; None for a sound one."""
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if error is None or isinstance(error, CharacterEncodingOverride | NonXMLContentType):
        return None
    message = getattr(error, "getMessage", None)
    line = getattr(error, "getLineNumber", None)
    if callable(message) and callable(line):
        return f"{message()} at line {line()}"
    return str(error) or type(error).__name__
