"""Search filters answered by the full-text index (facet terms, migration 0009).

A filter must find exactly what the same filter checked in SQL finds: the
store is searched once with its facets and once told they are not there.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from rasid.ingest import analyze_paths
from rasid.model import Document, Entity, Event
from rasid.settings import Options
from rasid.store import SqlStore
from rasid.store.base import utc_naive
from rasid.store.fulltext import FACETS_KEY, month_terms
from rasid.store.reindex import reindex
from rasid.store.search import SearchFilters

DEMO = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    found = analyze_paths([DEMO / "corpus", DEMO / "html"], Options())
    return [item for item in found if isinstance(item, Document)]


def _cases(documents: list[Document]) -> list[tuple[str, SearchFilters]]:
    """Filters drawn from what the demo corpus holds, alone, combined, with and without words."""
    sources = Counter(d.article.source for d in documents if d.article.source)
    places = Counter(e.kb_id for d in documents for e in d.records(Entity) if e.type == "LOC")
    kinds = Counter(e.type for d in documents for e in d.records(Event))
    times = sorted(utc_naive(d.article.published) for d in documents if d.article.published)
    middle = times[len(times) // 2]
    source, place, other_place = [s for s, _ in sources.most_common(1)] + [
        p for p, _ in places.most_common(2)
    ]
    kind = kinds.most_common(1)[0][0]
    filters = [
        SearchFilters(source=source),
        SearchFilters(kb_ids=(place,)),
        SearchFilters(kb_ids=(place, other_place)),
        SearchFilters(event_type=kind.lower()),
        SearchFilters(since=middle),
        SearchFilters(until=middle),
        SearchFilters(since=middle - timedelta(days=40), until=middle + timedelta(hours=1)),
        SearchFilters(since=middle, kb_ids=(place,), event_type=kind),
        SearchFilters(source=source, until=middle),
        SearchFilters(source="no such source"),
        SearchFilters(since=middle + timedelta(days=3650)),
    ]
    return [(query, f) for f in filters for query in ("", "إدلب", "روسيا تركيا", "قال")]


def _ids(store: SqlStore, query: str, filters: SearchFilters) -> list[str]:
    return [hit.id for hit in store.search(query, filters, limit=500)]


def _stored(url: str, documents: list[Document]) -> SqlStore:
    store = SqlStore(url)
    store.put(documents)
    store.update_stories()
    return store


def _forget_facets(store: SqlStore, *, clear: bool) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM state WHERE key = :key"), {"key": FACETS_KEY})
        if clear:
            connection.execute(text("UPDATE search_index SET facets = ''"))


def test_filters_find_through_facets_what_sql_finds(
    sql_url: str, documents: list[Document]
) -> None:
    store = _stored(sql_url, documents)
    cases = _cases(documents)
    through_facets = [_ids(store, query, filters) for query, filters in cases]
    _forget_facets(store, clear=False)  # same index, so the same scores: the order must match
    in_sql = [_ids(store, query, filters) for query, filters in cases]
    for case, found, expected in zip(cases, through_facets, in_sql, strict=True):
        assert found == expected, case
    # Not vacuous: most cases find something, and the filters leave articles out.
    assert sum(bool(found) for found in in_sql) >= len(cases) // 2
    everything = len({d.id for d in documents})
    assert all(len(found) < everything for found in in_sql)
    store.close()


def test_a_store_without_facets_filters_in_sql_until_it_is_reindexed(
    tmp_path: Path, sql_url: str, documents: list[Document]
) -> None:
    fresh = _stored(str(tmp_path / "fresh.db"), documents)
    old = _stored(sql_url, documents)
    _forget_facets(old, clear=True)  # a store whose facets are not complete
    assert old.index_status() == "outdated"
    cases = _cases(documents)
    expected = [set(_ids(fresh, query, filters)) for query, filters in cases]
    assert [set(_ids(old, query, filters)) for query, filters in cases] == expected
    reindex(old)
    assert old.index_status() == "current"
    with old.engine.connect() as connection:
        empty = connection.execute(text("SELECT count(*) FROM search_index WHERE facets = ''"))
        assert empty.scalar() == 0
    assert [set(_ids(old, query, filters)) for query, filters in cases] == expected
    old.close()
    fresh.close()


def test_migration_0009_gives_stored_articles_the_facets_an_ingest_gives(
    sql_url: str, documents: list[Document]
) -> None:
    store = _stored(sql_url, documents)

    def index() -> list[tuple[object, ...]]:
        with store.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT rowid, title, body, facets FROM search_index ORDER BY rowid")
            )
            return [tuple(row) for row in rows]

    ingested = index()
    assert all(row[3] for row in ingested)
    config = Config()
    config.set_main_option("script_location", "rasid.store:migrations")
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008_profile_search_index")
        command.upgrade(config, "head")  # the facets again, from the stored rows
    assert index() == ingested
    assert store.index_status() == "current"
    store.close()


def test_a_date_range_is_the_years_and_months_it_touches() -> None:
    assert month_terms(datetime(2017, 11, 20), datetime(2019, 2, 1)) == [
        "m201711",
        "m201712",
        "y2018",
        "m201901",
        "m201902",
    ]
    assert month_terms(datetime(2018, 3, 5), datetime(2018, 3, 6)) == ["m201803"]
    assert month_terms(datetime(2018, 1, 1), datetime(2018, 12, 31)) == ["y2018"]
