"""Types shared by every store, and the one rule deciding what a put does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, Protocol

from rasid.model import Document

__all__ = [
    "MIN_ID_PREFIX",
    "PutResult",
    "PutStatus",
    "Store",
    "StoreStats",
    "StoredArticle",
    "plan_put",
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


class Store(Protocol):
    def put(self, documents: Sequence[Document]) -> list[PutResult]:
        """Store documents in one transaction; all or none of them are written."""
        ...

    def get(self, key: str) -> StoredArticle:
        """The article with this id, external id, or unique id prefix; `ArticleNotFound` if none."""
        ...

    def stats(self) -> StoreStats: ...

    def close(self) -> None: ...


def plan_put(
    document: Document, *, same_content: str | None, same_external: str | None
) -> PutResult:
    """Decide what storing `document` does, given the stored ids that match it.

    `same_content` is the id of a stored article with the same content hash,
    `same_external` the id of one known under the document's external id.
    """
    if same_content is not None:
        return PutResult(same_content, "unchanged")
    if same_external is not None:
        return PutResult(same_external, "updated")
    return PutResult(document.id, "added")


def utc_naive(moment: datetime | None) -> datetime | None:
    """`moment` in UTC without tzinfo, the one form every engine stores alike; naive stays as is."""
    if moment is None or moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # year 1 at +05:00 has no UTC; keep the date as given
        return moment.replace(tzinfo=None)
