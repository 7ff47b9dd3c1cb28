"""Types shared by every store, and the one rule deciding what a put does."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal, Protocol

from rasid.model import Article, Document, Event, Quote

if TYPE_CHECKING:
    from rasid.store.stories import IndexEntry

__all__ = [
    "MIN_ID_PREFIX",
    "EntityCount",
    "EventHit",
    "PutResult",
    "PutStatus",
    "QuoteHit",
    "Store",
    "StoreStats",
    "StoredArticle",
    "plan_put",
    "scope_of",
    "utc_naive",
]

#: Shortest id prefix accepted where an article id is expected.
MIN_ID_PREFIX = 6

PutStatus = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class PutResult:
    id: str
    status: PutStatus


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """A stored document with what the store knows about it."""

    id: str
    document: Document
    revision: int
    ingested_at: datetime
    updated_at: datetime
    external_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreStats:
    articles: int
    sources: dict[str, int] = field(default_factory=dict)
    removed_lines: dict[str, int] = field(default_factory=dict)
    repairs: int = 0
    first_published: datetime | None = None
    last_published: datetime | None = None
    index: str = "current"
    """Whether this rasid's analyser made the search terms: "current", "outdated" (run
    `rasid reindex`) or "unknown" (a store from before rasid recorded it)."""


@dataclass(frozen=True, slots=True)
class EntityCount:
    """One knowledge-base record (or new name) with how often the store mentions it."""

    kb_id: str
    name_en: str
    type: str
    mentions: int
    articles: int
    text: str
    """The most frequent Arabic form."""


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A stored quote with the article it is from."""

    article_id: str
    title: str | None
    published: str | None
    """As given, ISO 8601."""
    source: str | None
    quote: Quote


@dataclass(frozen=True, slots=True)
class EventHit:
    """A stored event with the article it is from."""

    article_id: str
    external_id: str | None
    title: str | None
    published: datetime | None
    source: str | None
    url: str | None
    event: Event


class Store(Protocol):
    def put(
        self, documents: Sequence[Document], prepared: Sequence[IndexEntry | None] = ()
    ) -> list[PutResult]:
        """Store documents in one transaction; all or none of them are written.

        `prepared`, when given, holds one `prepare_index` result (or None) per
        document, worked out elsewhere (a Dask worker) so the writer does not."""
        ...

    def get(self, key: str) -> StoredArticle:
        """The article with this id, external id, or unique id prefix; `ArticleNotFound` if none."""
        ...

    def stats(self) -> StoreStats: ...

    def entity_counts(
        self, *, type: str | None = None, name: str | None = None, limit: int = 50
    ) -> list[EntityCount]: ...

    def quotes(
        self, *, speaker: str | None = None, kb_ids: Sequence[str] = (), limit: int = 50
    ) -> list[QuoteHit]:
        """Stored quotes, newest first; of `speaker` (kb id, English or Arabic name, matched
        as a substring) or of any record in `kb_ids`, when either is given."""
        ...

    def events(self, *, type: str | None = None) -> list[EventHit]:
        """Every stored event (of one PLOVER type), oldest article first."""
        ...

    def close(self) -> None: ...


def input_hash(article: Article) -> str:
    """Digest of an article's headline and raw text exactly as read: equal digests give
    equal clean texts, so a stored article with it needs no new analysis."""
    digest = hashlib.sha256()
    digest.update((article.title or "").encode("utf-8", "surrogatepass"))
    digest.update(b"\x1f")
    digest.update(article.raw_text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def scope_of(document: Document) -> str:
    """External ids are unique within a source ("1" from one feed is not "1" from another)."""
    return document.article.source or ""


def plan_put(
    document: Document,
    *,
    same_content: str | None,
    owned: str | None,
    taken: bool,
    stored_stages: tuple[str, ...] | None = None,
) -> PutResult:
    """Decide what storing `document` does, given the stored articles that match it.

    `same_content` is the id of a stored article with the same content hash;
    `owned` the id of the article first stored under the document's source and
    external id (only that one is revised in place, never an article this
    external id merely pointed at as a copy); `taken` whether the document's
    own id is already used by another article (revised since); `stored_stages`
    the stages the stored copy with the same content went through: when the
    pipeline has changed since, the stored annotations are replaced.
    """
    if same_content is not None:
        if stored_stages is not None and stored_stages != document.done:
            return PutResult(same_content, "updated")
        return PutResult(same_content, "unchanged")
    if owned is not None:
        return PutResult(owned, "updated")
    if not taken:
        return PutResult(document.id, "added")
    salt = f"{document.id}\x1f{scope_of(document)}\x1f{document.article.external_id or ''}"
    return PutResult(hashlib.sha256(salt.encode("utf-8")).hexdigest()[:16], "added")


def utc_naive(moment: datetime | None) -> datetime | None:
    """`moment` in UTC without tzinfo, the one form every engine stores alike; naive stays as is."""
    if moment is None or moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # year 1 at +05:00 has no UTC; keep the date as given
        return moment.replace(tzinfo=None)
