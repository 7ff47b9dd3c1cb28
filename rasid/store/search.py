"""Full-text search over the SQL store (related articles: rasid.store.related).

The query goes through the analyser documents went through
(rasid.search.analyzer); SQLite's FTS5 finds the articles that have every
query term and ranks them with BM25, the headline counting three times the
body. Filters narrow the candidates inside the same statement. A query
may be empty when a filter is given: then the newest matching articles
come first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, literal_column, select
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler

from rasid.errors import StoreError
from rasid.search.analyzer import analyzer
from rasid.search.snippets import Snippet, snippet
from rasid.store import fulltext
from rasid.store.base import utc_naive
from rasid.store.schema import article_profiles, articles, entities, events

__all__ = ["SearchFilters", "SearchHit", "search"]

#: The index that holds what a filtered search reads of each match (migration 0008);
#: SQLite's planner would look each match up in the wide table instead.
_NARROW_PROFILES = "ix_article_profiles_search"


def narrow_profiles(statement: Any) -> Any:
    """`statement`, reading article_profiles through the narrow index on SQLite."""
    return statement.with_hint(article_profiles, f"INDEXED BY {_NARROW_PROFILES}", "sqlite")


def _sqlite_table_hint(_compiler: Any, _table: Any, text: str | None) -> str | None:
    return text


# SQLAlchemy renders `Select.with_hint` table hints for MySQL, Oracle and SQL
# Server only; SQLite's `INDEXED BY` goes in the same place, after the table.
# Nothing else in rasid or SQLAlchemy gives SQLite a table hint.
SQLiteCompiler.get_from_hint_text = _sqlite_table_hint  # type: ignore[method-assign,assignment]


@dataclass(frozen=True, slots=True)
class SearchFilters:
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    kb_ids: Sequence[str] = ()
    """Articles naming any of these records."""
    event_type: str | None = None
    story: str | None = None

    def any(self) -> bool:
        return (
            any(
                value not in (None, (), [])
                for value in (self.since, self.until, self.source, self.kb_ids, self.event_type)
            )
            or self.story is not None
        )


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    external_id: str | None
    title: str | None
    source: str | None
    published: str | None
    score: float
    story_id: str | None
    snippet: Snippet | None = None

    def to_dict(self) -> dict[str, Any]:
        view: dict[str, Any] = {
            "id": self.id,
            "external_id": self.external_id,
            "title": self.title,
            "score": round(self.score, 4),
            "source": self.source,
            "published": self.published,
            "story_id": self.story_id,
        }
        if self.snippet is not None:
            view["snippet"] = self.snippet.text
            view["highlights"] = [list(span) for span in self.snippet.highlights]
        return view


def search(
    connection: Connection,
    query: str,
    filters: SearchFilters = SearchFilters(),
    *,
    limit: int = 20,
    offset: int = 0,
    snippets: bool = True,
) -> list[SearchHit]:
    """Articles matching every term of `query` and all `filters`, best first."""
    terms = analyzer().terms(query)
    if query.strip() and not terms:
        return []  # only function words: nothing to look for
    if not terms and not filters.any():
        raise StoreError("give a query or at least one filter")
    # First the ids of the page, ranked; then the columns of just those rows.
    # (Selecting the text with the ranking made the engine carry every
    # match's whole text through the sort: 4x the time for a common word.)
    # Equal scores (copies of one text) go in the order they were stored.
    facets, rest = _facets(connection, filters)
    page = None
    if terms and not rest.any():
        page = fulltext.top(connection, terms, facets=facets, limit=limit, offset=offset)
    if page is None:
        page = _filtered_page(connection, terms, facets, rest, limit=limit, offset=offset)
    if not page:
        return []
    rows = connection.execute(
        select(
            articles.c.id,
            articles.c.external_id,
            articles.c.title,
            articles.c.source,
            articles.c.published,
            articles.c.text,
            article_profiles.c.story_id,
            article_profiles.c.id.label("profile"),
        )
        .join(article_profiles, article_profiles.c.article_id == articles.c.id)
        .where(article_profiles.c.id.in_([profile for profile, _ in page]))
    )
    by_profile = {row.profile: row for row in rows}
    wanted = set(terms)
    hits = []
    for profile, score in page:
        row = by_profile[profile]
        hits.append(
            SearchHit(
                id=row.id,
                external_id=row.external_id,
                title=row.title,
                source=row.source,
                published=row.published,
                score=score,
                story_id=row.story_id,
                snippet=snippet(row.text, wanted) if snippets else None,
            )
        )
    return hits


def _facets(
    connection: Connection, filters: SearchFilters
) -> tuple[list[list[str]], SearchFilters]:
    """The filters the index answers, as groups of facet terms, and those left to SQL.

    Source, records and event type are facets exactly; a date range is
    the months it touches, and the exact times are still checked in SQL,
    on the few matches left. The story stays in SQL: story ids change as
    stories are matched again. In a store whose facets are not marked
    complete (`fulltext.facets_ready`), everything is SQL.
    """
    if not fulltext.facets_ready(connection):
        return [], filters
    groups = []
    if filters.source is not None:
        groups.append([fulltext.source_term(filters.source)])
    if filters.kb_ids:
        groups.append([fulltext.kb_term(kb_id) for kb_id in filters.kb_ids])
    if filters.event_type is not None:
        groups.append([fulltext.event_term(filters.event_type)])
    if filters.since is not None or filters.until is not None:
        months = _months(connection, utc_naive(filters.since), utc_naive(filters.until))
        if months:
            groups.append(months)
    return groups, SearchFilters(since=filters.since, until=filters.until, story=filters.story)


#: On SQLite, a date range that spans more than this share of the store's time span is
#: left to SQL: its month terms would let nearly every match through, and the index would
#: still have checked each against them ("النفط" until March 2018 on 103,400 articles
#: over ten years: 28-41 ms of CPU without the months, 39-49 with them). PostgreSQL's one
#: GIN index (migration 0013) intersects the months with the words in its scan: at a
#: million articles "سوريا" until 2015-06-15 took 154 ms with them, 681 without.
_BROAD_RANGE = 0.5


def _time_span(connection: Connection) -> tuple[datetime, datetime] | None:
    """The first and the last publication time in the store, if any article is dated."""
    # Each end read from the time index alone (asked together, SQLite reads every
    # row: 10 ms on the ANT store).
    first = connection.scalar(select(func.min(article_profiles.c.time)))
    last = connection.scalar(select(func.max(article_profiles.c.time)))
    return None if first is None or last is None else (first, last)


def _months(connection: Connection, since: datetime | None, until: datetime | None) -> list[str]:
    """The month terms of a date range, or none when it spans all of the store's time
    (on SQLite, most of it)."""
    span = _time_span(connection)
    if span is None:
        return []
    first, last = span
    start, end = max(since or first, first), min(until or last, last)
    broad = end - start > _BROAD_RANGE * (last - first)
    if (
        start > end
        or (start, end) == (first, last)
        or (broad and connection.dialect.name == "sqlite")
    ):
        return []
    return fulltext.month_terms(start, end)


def _filtered_page(
    connection: Connection,
    terms: Sequence[str],
    facets: Sequence[Sequence[str]],
    filters: SearchFilters,
    *,
    limit: int,
    offset: int,
) -> list[tuple[int, float]]:
    """(profile id, score) of a page of a search that SQL filters: by BM25 with terms,
    the newest first without."""
    if facets and not terms:
        return _newest_through_facets(connection, facets, filters, limit=limit, offset=offset)
    statement = _profiles(filters)
    if terms and filters.story is not None:
        # A story's few articles come from its index, and each match is ranked (walking a
        # common word's matches newest first to an old story's would read them all).
        found = fulltext.match(connection, terms, facets=facets)
        story = select(article_profiles.c.id).where(article_profiles.c.story_id == filters.story)
        statement = (
            statement.add_columns(found.score.label("score"))
            .join(found.table, found.on)
            .where(found.where, article_profiles.c.id.in_(story))
            .order_by(found.score.desc(), article_profiles.c.id)
        )
    elif terms:
        found = fulltext.match(connection, terms, facets=facets)
        statement = (
            narrow_profiles(statement)
            .add_columns(found.score.label("score"))
            .join(found.table, found.on)
            # As unfiltered, only the latest matches are ranked: those that pass the filters.
            .where(fulltext.within_recent(connection, found, _passing(filters)))
            .order_by(found.score.desc(), article_profiles.c.id)
        )
    else:
        statement = statement.add_columns(literal_column("0.0").label("score"))
        statement = statement.order_by(*_newest_first(connection, filters))
    statement = _filtered(statement, filters).limit(limit).offset(offset)
    return [(row.id, float(row.score)) for row in connection.execute(statement)]


def _profiles(filters: SearchFilters) -> Any:
    """The profile ids a filtered search starts from."""
    # Profiles carry the publication time and the story: only a source filter
    # needs the articles table (a join per match: 3x the time of a dated search).
    statement = select(article_profiles.c.id).select_from(article_profiles)
    if filters.source is not None:
        statement = statement.join(articles, articles.c.id == article_profiles.c.article_id)
    return statement


def _passing(filters: SearchFilters) -> fulltext.Passing:
    """`filters` added to a statement that joins the index to article_profiles."""

    def passing(statement: Any) -> Any:
        if filters.source is not None:
            statement = statement.join(articles, articles.c.id == article_profiles.c.article_id)
        return _filtered(narrow_profiles(statement), filters)

    return passing


def _newest_first(connection: Connection, filters: SearchFilters) -> tuple[Any, ...]:
    """Newest first, undated articles last, on both engines."""
    newest = article_profiles.c.time.desc()
    # PostgreSQL puts NULLs first in a descending order, SQLite last. Where a date
    # is asked no article is undated, and the time index serves PostgreSQL's order
    # only as it is: there it is left alone.
    if connection.dialect.name == "postgresql" and filters.since is None and filters.until is None:
        newest = newest.nulls_last()
    return newest, article_profiles.c.article_id


#: The months back the first window of a filter-only search reaches
#: (`_newest_through_facets`), what each next window multiplies them by, and the
#: widest window before the whole store is asked (a few terms, whatever the dates:
#: one article dated in year 1 would otherwise make windows of centuries).
_FIRST_WINDOW_MONTHS = 1
_WINDOW_GROWTH = 4
_WIDEST_WINDOW_MONTHS = 64


def _newest_through_facets(
    connection: Connection,
    facets: Sequence[Sequence[str]],
    filters: SearchFilters,
    *,
    limit: int,
    offset: int,
) -> list[tuple[int, float]]:
    """A page of the articles the facets allow, newest first, undated last.

    Asked first within the store's latest month, then within ever more months
    back until the page is full: every match within a window is newer than
    any outside it. Asked of all months at once, PostgreSQL's planner walked
    the time index backwards and read each row's facets out of line until
    it had a page: an entity in one article of 6,400 took 1,073 ms at 200,000
    articles, 64,000 rows read. A window is one more group of facet terms, so
    the full-text index intersects it with the filter's own.
    """
    wanted = offset + limit
    span = _time_span(connection)
    if span is not None:
        first, last = span
        # Within the dates asked: the windows of later months would hold nothing.
        first = max(first, utc_naive(filters.since) or first)
        last = min(last, utc_naive(filters.until) or last)
        months = _FIRST_WINDOW_MONTHS
        while months <= _WIDEST_WINDOW_MONTHS and (start := _months_back(last, months)) > first:
            window = [*facets, fulltext.month_terms(start, last)]
            page = _facet_page(connection, window, filters, dated=True, limit=wanted)
            if len(page) >= wanted:
                return page[offset:]
            months *= _WINDOW_GROWTH
    page = _facet_page(connection, facets, filters, dated=True, limit=wanted)
    if len(page) < wanted and filters.since is None and filters.until is None:
        page += _facet_page(connection, facets, filters, dated=False, limit=wanted - len(page))
    return page[offset:]


def _months_back(moment: datetime, months: int) -> datetime:
    """The first instant of the month `months` - 1 months before `moment`'s (at the
    earliest, of year 1: a store can hold a date that far back)."""
    index = max(moment.year * 12 + moment.month - 1 - (months - 1), 12)
    return datetime(index // 12, index % 12 + 1, 1)


def _facet_page(
    connection: Connection,
    facets: Sequence[Sequence[str]],
    filters: SearchFilters,
    *,
    dated: bool,
    limit: int,
) -> list[tuple[int, float]]:
    """The first `limit` articles the facets and filters allow, dated ones newest first,
    or undated ones in the order of their ids."""
    found = fulltext.match(connection, (), facets=facets)
    statement = narrow_profiles(_profiles(filters)).join(found.table, found.on).where(found.where)
    if dated:
        statement = statement.where(article_profiles.c.time.is_not(None)).order_by(
            article_profiles.c.time.desc(), article_profiles.c.article_id
        )
    else:
        statement = statement.where(article_profiles.c.time.is_(None)).order_by(
            article_profiles.c.article_id
        )
    statement = _filtered(statement, filters).limit(limit)
    with fulltext.through_the_index(connection):
        return [(row.id, 0.0) for row in connection.execute(statement)]


def _filtered(statement: Any, filters: SearchFilters) -> Any:
    if filters.since is not None:
        statement = statement.where(article_profiles.c.time >= filters.since)
    if filters.until is not None:
        statement = statement.where(article_profiles.c.time <= filters.until)
    if filters.source is not None:
        statement = statement.where(articles.c.source == filters.source)
    # Uncorrelated IN subqueries: the engine builds each set once. (A correlated
    # EXISTS next to an FTS5 match let SQLite's planner probe the events table
    # once per match: minutes on the ANT store, against milliseconds.)
    if filters.kb_ids:
        naming = select(entities.c.article_id).where(entities.c.kb_id.in_(list(filters.kb_ids)))
        statement = statement.where(article_profiles.c.article_id.in_(naming))
    if filters.event_type is not None:
        typed = select(events.c.article_id).where(events.c.type == filters.event_type.upper())
        statement = statement.where(article_profiles.c.article_id.in_(typed))
    if filters.story is not None:
        statement = statement.where(article_profiles.c.story_id == filters.story)
    return statement
