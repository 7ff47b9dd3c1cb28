"""rasid: turn raw Arabic news into structured, searchable knowledge."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rasid.model import (
    Article,
    Document,
    Entity,
    Event,
    OffsetMap,
    Participant,
    Quote,
    Record,
    RemovedLine,
    Repair,
    TimeExpression,
)
from rasid.pipeline import DEFAULT_STAGES, Pipeline, register_stage
from rasid.readers.base import compose_raw_text

if TYPE_CHECKING:
    from rasid.store import SqlStore

__all__ = [
    "DEFAULT_STAGES",
    "Article",
    "Document",
    "Entity",
    "Event",
    "OffsetMap",
    "Participant",
    "Pipeline",
    "Quote",
    "Record",
    "RemovedLine",
    "Repair",
    "TimeExpression",
    "__version__",
    "analyze",
    "open_store",
    "register_stage",
]

__version__ = "0.1.0"


def analyze(
    text: str,
    *,
    published: datetime | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    external_id: str | None = None,
) -> Document:
    """Run the default pipeline on one article's text and return its `Document`."""
    article = Article(
        raw_text=compose_raw_text(title, text) if title else text,
        published=published,
        source=source,
        title=title,
        url=url,
        external_id=external_id,
    )
    return Pipeline().run(article)


def open_store(url_or_path: str = "rasid.db") -> SqlStore:
    """Open (creating and migrating as needed) the store at a path or SQLAlchemy URL.

    Imported lazily: `rasid.analyze` should not pay for SQLAlchemy and Alembic.
    """
    from rasid.store import open_store as _open_store

    return _open_store(url_or_path)
