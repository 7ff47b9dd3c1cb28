"""Search filters answered by the full-text index (facet terms, migration 0009).

A filter must find exactly what the same filter checked in SQL finds: the
store is searched once with its facets and once told they are not there.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import event, text

from rasid.ingest import analyze_paths
from rasid.model import Article, Document, Entity, Event
from rasid.pipeline import Pipeline
from rasid.settings import Options
from rasid.store import SqlStore
from rasid.store.base import utc_naive
from rasid.store.fulltext import FACETS_KEY, month_terms
from rasid.store.reindex import reindex
from rasid.store.search import SearchFilters, _months_back

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


def _ids(
    store: SqlStore, query: str, filters: SearchFilters, *, limit: int = 500, offset: int = 0
) -> list[str]:
    return [hit.id for hit in store.search(query, filters, limit=limit, offset=offset)]


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


def _spread_over_years(seed: int) -> list[Document]:
    """Articles over eight years, some naming Idlib, a few of those undated, one dated in
    year 1; one pair published at the same instant."""
    randomness = random.Random(seed)
    pipeline = Pipeline()
    latest = datetime(2024, 6, 20, 12, tzinfo=UTC)
    # Days before the latest article: two in its month, then ever sparser.
    idlib_days: list[int | None] = [0, 3, 40, 41, 95, 200, 380, 380, 700, 1500, 2900, None, None]
    idlib_days.append(739_000)  # a date gone wrong: year 1
    other_days = [randomness.randrange(0, 2920) for _ in range(30)]
    documents = []
    for number, days in enumerate(idlib_days + other_days):
        place = "إدلب" if number < len(idlib_days) else "الرقة"
        article = Article(
            raw_text=f"تقرير رقم {number}\nوصلت قوات جديدة إلى {place} صباح اليوم بعد قصف.",
            published=None if days is None else latest - timedelta(days=days, hours=number % 2),
        )
        documents.append(pipeline.run(article))
    if [d.article.published for d in documents].count(None) != 2:
        raise AssertionError("the fixture lost its undated articles")
    return documents


def _newest_first(documents: list[Document], kb_id: str) -> list[str]:
    naming = [d for d in documents if any(e.kb_id == kb_id for e in d.records(Entity))]
    dated = sorted(
        (d for d in naming if d.article.published),
        key=lambda d: (-utc_naive(d.article.published).timestamp(), d.id),
    )
    undated = sorted(d.id for d in naming if not d.article.published)
    return [d.id for d in dated] + undated


def test_a_filter_alone_pages_newest_first_undated_last_window_by_window(sql_url: str) -> None:
    documents = _spread_over_years(seed=3)
    idlib = next(
        e.kb_id for e in documents[0].records(Entity) if e.text.endswith("إدلب") and e.kb_id
    )
    expected = _newest_first(documents, idlib)
    assert len(expected) == 14
    store = _stored(sql_url, documents)
    asked: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def record(*arguments: object) -> None:
        asked.append(str(arguments[3]))  # the statement's parameters

    for limit, offset in [(1, 0), (2, 0), (3, 0), (5, 2), (4, 7), (20, 0), (3, 10), (5, 11)]:
        found = _ids(store, "", SearchFilters(kb_ids=(idlib,)), limit=limit, offset=offset)
        assert found == expected[offset : offset + limit], (limit, offset)
    # Within a date range the windows start from its end.
    until = datetime(2023, 8, 25)
    published = {d.id: d.article.published for d in documents}
    early = [i for i in expected if published[i] and utc_naive(published[i]) <= until]
    assert len(early) == 6
    assert _ids(store, "", SearchFilters(kb_ids=(idlib,), until=until), limit=2) == early[:2]
    assert _ids(store, "", SearchFilters(kb_ids=(idlib,), until=until), limit=9) == early
    # The first page of one asked within the latest month alone.
    asked.clear()
    assert _ids(store, "", SearchFilters(kb_ids=(idlib,)), limit=1) == expected[:1]
    assert any("m202406" in statement for statement in asked)
    assert not any("m202405" in statement for statement in asked)
    # Checked in SQL instead, the order is the same (undated last on both engines).
    _forget_facets(store, clear=False)
    assert _ids(store, "", SearchFilters(kb_ids=(idlib,)), limit=50) == expected
    store.close()


def test_windows_go_back_whole_months_and_stop_at_year_one() -> None:
    moment = datetime(2020, 5, 3, 14)
    assert _months_back(moment, 1) == datetime(2020, 5, 1)
    assert _months_back(moment, 5) == datetime(2020, 1, 1)
    assert _months_back(moment, 6) == datetime(2019, 12, 1)
    assert _months_back(moment, 4**12) == datetime(1, 1, 1)


def test_postgresql_scans_one_index_for_the_words_and_the_facets(
    documents: list[Document], tmp_path: Path
) -> None:
    """Migration 0013: one GIN index over the text and the facets, scanned once for both
    (with an index each, the planner took the facets' and tested the words on every row
    of the year: 276 ms at a million articles)."""
    from tests.conftest import _database

    asked: list[tuple[str, object]] = []
    with _database("postgresql", tmp_path) as url:
        store = SqlStore(url)
        store.put(documents)
        sources = Counter(d.article.source for d in documents if d.article.source)
        source = sources.most_common(1)[0][0]

        @event.listens_for(store.engine, "before_cursor_execute")
        def record(_c: object, _k: object, statement: str, parameters: object, *_: object) -> None:
            if "@@" in statement and "EXPLAIN" not in statement:
                asked.append((statement, parameters))

        assert store.search("سوريا", SearchFilters(source=source))
        with store.engine.connect() as connection:
            indexes = connection.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_index'")
            ).all()
            connection.exec_driver_sql("SET enable_seqscan = off; SET enable_indexscan = off")
            plans = [
                "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + s, p).all())
                for s, p in asked
                if "facet_document @@" in s
            ]
        store.close()
    gin = {name: definition for name, definition in indexes if "USING gin" in definition}
    assert list(gin) == ["search_index_text_facets"]
    assert "(document, facet_document)" in gin["search_index_text_facets"]
    assert plans
    for plan in plans:
        scan = plan[plan.index("Bitmap Index Scan on search_index_text_facets") :]
        condition = scan[scan.index("Index Cond:") :].splitlines()[0]
        assert "(document @@" in condition and "(facet_document @@" in condition, plan
