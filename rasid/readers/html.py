"""HTML pages: trafilatura finds the article body and title, htmldate the publication date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import htmldate
import trafilatura
from trafilatura.settings import Document as ExtractedPage

from rasid.errors import InputError, NoArticleText
from rasid.model import Article
from rasid.readers.base import ReadResult, compose_raw_text, parse_datetime, read_limited
from rasid.readers.decode import decode_bytes

__all__ = ["HtmlReader", "article_from_html", "declared_charset", "looks_like_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a page's `<meta>` declares, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a file or payload are those of an HTML page."""
    head = head.lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _published(html: str) -> datetime | None:
    found = htmldate.find_date(
        html, original_date=True, extensive_search=False, outputformat="%Y-%m-%dT%H:%M:%S%z"
    )
    return parse_datetime(found) if found else None


def _article_url(found: str | None) -> str | None:
    """The page's canonical URL, unless it is the site's home page (a common CMS fault
    that would give every article of the site the same identity)."""
    if not found:
        return None
    return found if urlsplit(found).path.strip("/") else None


def article_from_html(html: str, origin: str, *, url: str | None = None) -> Article:
    """Extract one article from a page; raise `NoArticleText` when the page holds none."""
    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
    )
    body = (extracted.text or "").strip() if isinstance(extracted, ExtractedPage) else ""
    if not isinstance(extracted, ExtractedPage) or not body:
        raise NoArticleText(
            origin, "the page has no article body once menus and scripts are removed"
        )
    title = extracted.title or None
    page_url = url or _article_url(extracted.url)
    return Article(
        raw_text=compose_raw_text(title, body),
        external_id=page_url or origin,
        source=extracted.sitename or extracted.hostname or None,
        url=page_url,
        published=_published(html),
        title=title,
        author=extracted.author or None,
        origin=origin,
    )


class HtmlReader:
    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path) -> Iterator[ReadResult]:
        origin = str(path)
        try:
            data = read_limited(path, self.max_bytes)
            html, _ = decode_bytes(data, origin, declared=declared_charset(data))
            yield article_from_html(html, origin)
        except InputError as error:
            yield error
