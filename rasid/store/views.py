"""The SQL store's views for reading people do: stories, search, related, browsing, deleting.

A mixin of `SqlStore` (rasid.store.sql), kept apart so that the core of
writing and reading documents stays in one short module.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from rasid.errors import ArticleNotFound, StoreError
from rasid.store import browse
from rasid.store import related as related_sql
from rasid.store import search as search_sql
from rasid.store import stories as stories_sql
from rasid.store.base import MIN_ID_PREFIX
from rasid.store.browse import ArticleRow, EntityPage, PlaceCount
from rasid.store.related import RelatedHit
from rasid.store.search import SearchFilters, SearchHit
from rasid.store.stories import StorySummary, StoryUpdate

__all__ = ["StoreViews"]


class StoreViews:
    engine: Engine

    if TYPE_CHECKING:

        def _resolve(self, connection: Connection, key: str) -> str: ...

    # -- stories and search ------------------------------------------------

    def update_stories(self) -> StoryUpdate:
        """Bring stories and copies up to date with what was stored (see rasid.store.stories)."""
        with self.engine.begin() as connection:
            return stories_sql.update_stories(connection)

    def stories(
        self,
        *,
        since: datetime | None = None,
        kb_ids: Sequence[str] = (),
        min_articles: int = 1,
        source: str | None = None,
        event_type: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StorySummary]:
        """Stories, last seen first, with the given filters (see rasid.store.stories)."""
        with self.engine.connect() as connection:
            return stories_sql.list_stories(
                connection,
                since=since,
                kb_ids=kb_ids,
                min_articles=min_articles,
                source=source,
                event_type=event_type,
                limit=limit,
                offset=offset,
            )

    def story(self, key: str) -> StorySummary:
        """The story with this id, or the story of the article with this id or external id."""
        with self.engine.connect() as connection:
            found = stories_sql.list_stories(connection, story_ids=[key], limit=1)
            if not found and len(key) >= MIN_ID_PREFIX:
                prefixed = stories_sql.story_ids_starting(connection, key)
                found = stories_sql.list_stories(connection, story_ids=prefixed[:1], limit=1)
                if len(prefixed) > 1:
                    found = []
            if not found:
                story_id = stories_sql.story_of(connection, self._resolve(connection, key))
                found = stories_sql.list_stories(connection, story_ids=[story_id or ""], limit=1)
        if not found:
            raise ArticleNotFound(f"{key}: no story has this id, and its article has no story yet")
        return found[0]

    def story_entities(self, article_ids: Sequence[str]) -> list[tuple[str, str, str, int]]:
        with self.engine.connect() as connection:
            return stories_sql.top_entities(connection, article_ids)

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        *,
        limit: int = 20,
        offset: int = 0,
    ) -> list[SearchHit]:
        with self.engine.connect() as connection:
            return search_sql.search(
                connection, query, filters or SearchFilters(), limit=limit, offset=offset
            )

    def related(self, key: str, *, limit: int = 10) -> list[RelatedHit]:
        with self.engine.connect() as connection:
            return related_sql.related(connection, self._resolve(connection, key), limit=limit)

    # -- browsing ----------------------------------------------------------

    def articles(
        self,
        *,
        source: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[ArticleRow], int]:
        """Articles newest first, and how many match in all."""
        with self.engine.connect() as connection:
            return browse.list_articles(
                connection, source=source, since=since, until=until, limit=limit, offset=offset
            )

    def entity(self, kb_id: str) -> EntityPage:
        """Everything stored about one knowledge-base record (or new name)."""
        with self.engine.connect() as connection:
            page = browse.entity_page(connection, kb_id)
        if page is None:
            raise ArticleNotFound(f"{kb_id}: no stored article names this record")
        return page

    def place_counts(self, *, limit: int = 300) -> list[PlaceCount]:
        with self.engine.connect() as connection:
            return browse.place_counts(connection, limit=limit)

    def story_id_of(self, article_id: str) -> str | None:
        with self.engine.connect() as connection:
            return stories_sql.story_of(connection, article_id)

    def delete(self, key: str) -> str:
        """Delete an article and everything pointing at it; return its id."""
        with self.engine.begin() as connection:
            article_id = self._resolve(connection, key)
            if not browse.delete_article(connection, article_id):
                raise StoreError(f"{key}: could not be deleted")
            stories_sql.update_stories(connection)
        return article_id
