"""Rebuild a store's search terms and story profiles with the analyser rasid has now.

An article's index terms and profile depend on the analyser's rules and the
shipped IDF table (rasid.search.analyzer). When a release changes either,
articles stored before it keep the terms they were given, and a search for
a word in its new form misses them. `reindex` recomputes both from the
stored documents (no pipeline run, no source files), a batch of articles
per transaction, then works the stories out again. Killed half-way, it is
run again from the start: re-indexing an article twice gives the same rows.

The store remembers which analyser indexed it (`INDEX_VERSION_KEY` in the
`state` table): set when an empty store is opened and after a reindex, so
`index_status` can tell a current index from an outdated or unknown one.
A reindex writes every article's facet terms too, and marks them complete
(rasid.store.fulltext).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Connection, delete, insert, select

from rasid.search.analyzer import index_version
from rasid.store.fulltext import facets_ready, mark_facets_ready, optimize
from rasid.store.schema import articles, state
from rasid.store.stories import index_document, mark_changed_many

if TYPE_CHECKING:
    from rasid.store.sql import SqlStore

__all__ = ["INDEX_VERSION_KEY", "IndexStatus", "ReindexReport", "index_status", "reindex"]

INDEX_VERSION_KEY = "index_version"
IndexStatus = Literal["current", "outdated", "unknown"]


@dataclass(frozen=True, slots=True)
class ReindexReport:
    articles: int
    stories: int
    """Stories written (new or changed) once every article was indexed again."""


def index_status(connection: Connection) -> IndexStatus:
    """Whether the stored terms were made by this analyser ("unknown": a store from
    before rasid recorded it)."""
    kept = connection.scalar(select(state.c.value).where(state.c.key == INDEX_VERSION_KEY))
    if kept is None:
        return "unknown"
    if kept != index_version() or not facets_ready(connection):
        return "outdated"
    return "current"


def mark_current_if_empty(connection: Connection) -> None:
    """A store with no articles yet is indexed by whatever analyser fills it, facets
    and all."""
    if connection.execute(select(articles.c.id).limit(1)).first() is None:
        _record_version(connection)
        mark_facets_ready(connection)


def _record_version(connection: Connection) -> None:
    connection.execute(delete(state).where(state.c.key == INDEX_VERSION_KEY))
    connection.execute(insert(state).values(key=INDEX_VERSION_KEY, value=index_version()))


def reindex(
    store: SqlStore, *, batch_size: int = 500, on_batch: Callable[[int, int], None] | None = None
) -> ReindexReport:
    """Index every stored article again; `on_batch(done, total)` after each batch."""
    with store.engine.connect() as connection:
        ids = list(connection.scalars(select(articles.c.id).order_by(articles.c.id)))
    for first in range(0, len(ids), batch_size):
        chunk = ids[first : first + batch_size]
        documents = store.documents_for_index(chunk)
        with store.engine.begin() as connection:
            changed = []
            for article_id, document in documents:
                changed += index_document(connection, article_id, document, replacing=True)
            mark_changed_many(connection, changed)
        if on_batch is not None:
            on_batch(first + len(chunk), len(ids))
    update = store.update_stories()
    with store.engine.begin() as connection:
        optimize(connection)
        _record_version(connection)
        mark_facets_ready(connection)
    return ReindexReport(len(ids), update.stories)
