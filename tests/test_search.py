"""Search: one analyser for text and queries, FTS5 with BM25, filters, snippets, related."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import rasid
from rasid.cli import app
from rasid.errors import StoreError
from rasid.search.analyzer import Analyzer, analyzer
from rasid.search.snippets import snippet
from rasid.store import SqlStore
from rasid.store.search import SearchFilters

runner = CliRunner()

DISPLACED = (
    "مساعدات عاجلة للنازحين في المخيمات\n"
    "وصلت قافلة مساعدات إنسانية إلى المخيمات الحدودية شمال إدلب، وقدمت خياماً وأغطية "
    "للنـ.ـازحين الذين فروا من القصف خلال الأسابيع الماضية."
)
LATAKIA = (
    "تعزيزات عسكرية تصل إلى اللازقية\n"
    "قال مصدر عسكري إن تعزيزات عسكرية وصلت إلى مدينة اللازقية الساحلية أمس، بعد اشتباكات "
    "عنيفة بين قوات الحكومة السورية وفصائل المعارضة المسلحة في جبل الأكراد."
)
ECONOMY = (
    "البنك المركزي يرفع سعر الفائدة\n"
    "رفع البنك المركزي المصري سعر الفائدة الأساسي بمقدار نقطة مئوية لمواجهة التضخم المرتفع."
)


def test_documents_and_queries_share_one_analysis() -> None:
    terms = analyzer().terms
    assert terms("للنـ.ـازحين") == terms("النازحين") == terms("والنازحون")
    assert terms("في من على") == []
    assert terms("وهذا بأنه وبين لكل") == []  # function words behind proclitics
    assert terms("اللاذقية") == terms("واللاذقيّة")


def test_a_preposition_glued_to_a_name_comes_off_when_the_bare_word_is_common() -> None:
    terms = analyzer().terms
    assert terms("لإدلب") == terms("إدلب") == terms("بإدلب")
    assert terms("لروسيا") == terms("روسيا")
    assert terms("لحلب") == terms("حلب")
    # Words that begin with the letter are left whole: "لاعب" is not "اعب".
    assert terms("لاعب") != terms("اعب")
    assert terms("لجنة") != terms("جنة")
    assert terms("لبنان") == ["لبنان"]
    # With no frequencies the rule is off (the first pass of scripts/build_idf.py).
    assert Analyzer(frequencies={}).terms("لإدلب") != terms("إدلب")


@pytest.mark.parametrize("stemmer", ["snowball", "light", "none"])
def test_every_stemmer_keeps_spans_on_the_words(stemmer: str) -> None:
    text = "وصلت قافلة للنـ.ـازحين"
    for term in Analyzer(stemmer).spans(text):  # type: ignore[arg-type]
        assert text[term.start : term.end].strip() == text[term.start : term.end]
        assert term.end > term.start


def test_snippet_highlights_the_broken_word_a_query_found() -> None:
    found = snippet(DISPLACED, set(analyzer().terms("النازحين")))
    marked = [found.text[start:end] for start, end in found.highlights]
    assert "للنـ.ـازحين" in marked
    assert "للنازحين" in marked


@pytest.fixture
def store(sql_url: str) -> Iterator[SqlStore]:
    store = SqlStore(sql_url)
    store.put(
        [
            rasid.analyze(DISPLACED, external_id="d", source="أ", published=datetime(2020, 3, 2)),
            rasid.analyze(LATAKIA, external_id="l", source="ب", published=datetime(2020, 3, 5)),
            rasid.analyze(ECONOMY, external_id="e", source="ب", published=datetime(2020, 3, 9)),
        ]
    )
    store.update_stories()
    yield store
    store.close()


def _ids(hits: list) -> list[str | None]:  # type: ignore[type-arg]
    return [hit.external_id for hit in hits]


def test_search_finds_the_repaired_and_inflected_forms(store: SqlStore) -> None:
    assert _ids(store.search("النازحين")) == ["d"]
    assert _ids(store.search("نازحون قافلة")) == ["d"]
    assert store.search("النازحين الفائدة") == []  # every word must occur


def test_filters_narrow_the_results(store: SqlStore) -> None:
    assert _ids(store.search("", SearchFilters(source="ب"))) == ["e", "l"]  # newest first
    assert _ids(store.search("", SearchFilters(since=datetime(2020, 3, 4)))) == ["e", "l"]
    assert _ids(store.search("", SearchFilters(until=datetime(2020, 3, 4)))) == ["d"]
    story = store.search("الفائدة")[0].story_id
    assert _ids(store.search("", SearchFilters(story=story))) == ["e"]


def _rank_at_most(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    from rasid.store import fulltext

    monkeypatch.setattr(fulltext, "RANK_AT_MOST", count)
    monkeypatch.setattr(fulltext, "RANK_AT_MOST_POSTGRES", count)


def test_sqlite_bounds_the_full_text_scan_of_a_dated_search_at_the_rank_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The floor of the latest matches is a bound FTS5 takes itself ('>' after the match in
    its plan): given on the profile's id instead, FTS5 scored every match of the word and
    SQL dropped those below the floor after (95-107 ms against 49 at a million)."""
    from sqlalchemy import event

    store = SqlStore(str(tmp_path / "rasid.db"))
    store.put(
        [
            rasid.analyze(f"{DISPLACED}\n({n})", external_id=str(n), published=datetime(2020, 3, n))
            for n in range(1, 7)
        ]
    )
    _rank_at_most(monkeypatch, 2)
    ranking: list[tuple[str, Any]] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def record(_c: object, _k: object, statement: str, parameters: Any, *_: object) -> None:
        if "bm25(" in statement and "article_profiles.time" in statement:
            ranking.append((statement, parameters))

    until = SearchFilters(until=datetime(2020, 3, 5))
    assert sorted(_ids(store.search("النازحين", until))) == ["4", "5"]
    assert len(ranking) == 1
    with store.engine.connect() as connection:
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + ranking[0][0], ranking[0][1])
        scans = [row[-1] for row in plan if "VIRTUAL TABLE" in row[-1]]
    store.close()
    assert len(scans) == 1 and ":M" in scans[0] and ">" in scans[0].split(":M")[1], scans


def test_a_story_or_an_old_date_range_ranks_its_own_matches_not_the_latest_stored(
    sql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqlStore(sql_url)
    old = f"{LATAKIA}\nوقال إن النازحين فروا من القرى."
    recent = [f"{DISPLACED}\nوصلت القافلة رقم {n} إلى المخيم." for n in range(5)]
    store.put(
        [rasid.analyze(old, external_id="old", published=datetime(2019, 1, 1))]
        + [
            rasid.analyze(text, external_id=str(n), published=datetime(2020, 3, 1 + n))
            for n, text in enumerate(recent)
        ]
    )
    store.update_stories()
    story = store.search("اللازقية")[0].story_id
    _rank_at_most(monkeypatch, 2)  # the latest two matches are "3" and "4"
    assert sorted(_ids(store.search("النازحين", limit=10))) == ["3", "4"]
    assert _ids(store.search("النازحين", SearchFilters(story=story))) == ["old"]
    assert _ids(store.search("النازحين", SearchFilters(until=datetime(2019, 6, 1)))) == ["old"]
    early = SearchFilters(until=datetime(2020, 3, 1, 12))
    assert sorted(_ids(store.search("النازحين", early, limit=10))) == ["0", "old"]
    store.close()


def test_a_word_in_more_articles_than_are_ranked_ranks_the_latest_stored(
    sql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqlStore(sql_url)
    texts = [f"{DISPLACED}\nوصلت القافلة رقم {n} إلى المخيم." for n in range(6)]
    published = [datetime(2020, 3, 1 + n) for n in range(6)]
    store.put(
        [
            rasid.analyze(text, external_id=str(n), published=published[n])
            for n, text in enumerate(texts)
        ]
    )
    everything = _ids(store.search("النازحين", limit=10))
    assert sorted(everything) == [str(n) for n in range(6)]
    _rank_at_most(monkeypatch, 4)
    latest = _ids(store.search("النازحين", limit=10))
    assert sorted(latest) == ["2", "3", "4", "5"]  # stored last
    assert latest == [key for key in everything if key in latest]  # in the same order
    # With a filter SQL checks (the exact times of a date range), the latest of the
    # matches that pass it: not the latest four, then filtered.
    until = SearchFilters(until=datetime(2020, 3, 5, 12))
    assert sorted(_ids(store.search("النازحين", until, limit=10))) == ["1", "2", "3", "4"]
    older = SearchFilters(until=datetime(2020, 3, 2, 12))
    assert sorted(_ids(store.search("النازحين", older, limit=10))) == ["0", "1"]
    between = SearchFilters(since=datetime(2020, 3, 1, 12), until=datetime(2020, 3, 2, 12))
    assert _ids(store.search("النازحين", between, limit=10)) == ["1"]
    _rank_at_most(monkeypatch, 6)
    assert _ids(store.search("النازحين", limit=10)) == everything
    store.close()


def test_the_latest_matches_are_found_however_long_ago_they_were_stored(
    sql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL looks for the latest matches in ever wider spans of the latest rowids:
    a word last written long before the newest articles is still found whole."""
    from rasid.store import fulltext

    monkeypatch.setattr(fulltext, "BLOCK_ROWS", 2)  # spans of several blocks
    store = SqlStore(sql_url)
    texts = [f"{DISPLACED}\nوصلت القافلة رقم {n} إلى المخيم." for n in range(3)]
    texts += [f"ارتفعت أسعار الوقود في الأسواق للمرة {n}." for n in range(12)]
    store.put([rasid.analyze(text, external_id=str(n)) for n, text in enumerate(texts)])
    _rank_at_most(monkeypatch, 2)  # spans of the latest 8, then 32 rowids
    assert sorted(_ids(store.search("النازحين", limit=10))) == ["1", "2"]
    _rank_at_most(monkeypatch, 3)
    assert sorted(_ids(store.search("النازحين", limit=10))) == ["0", "1", "2"]
    _rank_at_most(monkeypatch, 1)
    assert _ids(store.search("الوقود", limit=10)) == ["14"]
    store.close()


def test_postgresql_widens_its_span_only_while_the_matches_would_cost_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The latest matches are the same whether PostgreSQL widens its span of the latest
    rowids or reads all the matches; it widens only while the matches it expects
    would cost more than the wider span."""
    from rasid.store import fulltext
    from tests.conftest import _database

    monkeypatch.setattr(fulltext, "BLOCK_ROWS", 2)
    _rank_at_most(monkeypatch, 3)  # spans of the latest 12 rowids, then 48
    spans: list[int] = []
    measured = fulltext._recent_span
    monkeypatch.setattr(
        fulltext,
        "_recent_span",
        lambda highest, span: spans.append(span) or measured(highest, span),
    )
    texts = [
        f"{DISPLACED}\nالقافلة {n}." if n % 6 == 0 else f"ارتفعت أسعار الخبز للمرة {n}."
        for n in range(60)
    ]
    with _database("postgresql", tmp_path) as url:
        store = SqlStore(url)
        store.put([rasid.analyze(text, external_id=str(n)) for n, text in enumerate(texts)])
        found = []
        for cost in (32, 1):  # 2 matches in 12 rowids: 10 expected in 60, 320 or 10 against 48
            monkeypatch.setattr(fulltext, "_MATCH_TO_SPAN_ROW_COST", cost)
            spans.clear()
            found.append(_ids(store.search("النازحين", limit=10)))
            assert spans == ([12, 48] if cost == 32 else [12])
        store.close()
    assert sorted(found[0]) == sorted(found[1]) == ["42", "48", "54"]


def test_entity_filter_finds_a_misspelled_place_through_the_knowledge_base(
    store: SqlStore, sql_url: str
) -> None:
    result = runner.invoke(
        app, ["search", "--entity", "اللاذقية", "--db", sql_url, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert [hit["external_id"] for hit in hits] == ["l"]
    assert {"id", "external_id", "title", "score"} <= set(hits[0])


@pytest.mark.parametrize("query", ['"', "NEAR(", "* OR", "a AND -b", "title:x", "^"])
def test_query_syntax_is_never_read_as_fts_operators(store: SqlStore, query: str) -> None:
    store.search(query)


def test_a_search_needs_a_query_or_a_filter(store: SqlStore) -> None:
    with pytest.raises(StoreError, match="query or at least one filter"):
        store.search("")


def test_related_puts_the_same_event_first(store: SqlStore) -> None:
    store.put([rasid.analyze(DISPLACED.replace("عاجلة", "جديدة"), external_id="d2", source="ج")])
    hits = store.related("d2")
    assert hits[0].external_id == "d"
    assert all(hit.external_id != "d2" for hit in hits)


def test_cli_stories_story_search_related_speak_json(store: SqlStore, sql_url: str) -> None:
    db = sql_url
    listed = json.loads(runner.invoke(app, ["stories", "--db", db, "--format", "json"]).stdout)
    assert {"id", "headline", "first_seen", "last_seen", "articles"} <= set(listed[0])
    assert {"id", "external_id", "source", "title", "published", "duplicate_of"} <= set(
        listed[0]["articles"][0]
    )
    one = json.loads(runner.invoke(app, ["story", "l", "--db", db, "--format", "json"]).stdout)
    assert one[0]["articles"][0]["external_id"] == "l"
    related = runner.invoke(app, ["related", "d", "--db", db, "--format", "json"])
    assert related.exit_code == 0, related.output
    for hit in json.loads(related.stdout):
        assert {"id", "external_id", "title", "score"} <= set(hit)
    text = runner.invoke(app, ["search", "النازحين", "--db", db])
    # The passage is from the clean text, where the broken word was repaired.
    assert text.exit_code == 0 and "وأغطية للنازحين" in text.stdout


def test_cli_names_an_unknown_entity_and_story(store: SqlStore, sql_url: str) -> None:
    db = sql_url
    result = runner.invoke(app, ["search", "--entity", "زززز", "--db", db])
    assert result.exit_code == 1 and "no knowledge-base record" in result.output
    result = runner.invoke(app, ["story", "nothing-like-this", "--db", db])
    assert result.exit_code == 1


def test_related_prefers_what_is_near_in_time_but_keeps_the_background() -> None:
    from datetime import datetime, timedelta

    from rasid.store.related import _TIME_WEIGHT, _nearness

    day = datetime(2018, 3, 1, 12)
    assert _nearness(day, day) == pytest.approx(1.0)
    assert _nearness(None, day) == _nearness(day, None) == 1.0  # undated: content alone
    closer = [_nearness(day, day + timedelta(days=n)) for n in (0, 1, 3, 7, 30, 700)]
    assert closer == sorted(closer, reverse=True)
    assert _nearness(day, day - timedelta(days=2)) == _nearness(day, day + timedelta(days=2))
    # Two years apart keeps the floor: a report still finds its background.
    assert _nearness(day, day + timedelta(days=700)) == pytest.approx(1 - _TIME_WEIGHT)
    assert 1 - _TIME_WEIGHT > 0


def test_postgresql_keeps_each_search_row_narrow(tmp_path: Path) -> None:
    """Migration 0011: each row's terms and tsvectors go out of line, so the rows a common
    word's matches are read from fill few pages (six rows a page before, on average)."""
    from sqlalchemy import text

    from rasid.ingest import ingest
    from rasid.settings import Options
    from tests.conftest import ROOT, _database

    with _database("postgresql", tmp_path) as url:
        store = SqlStore(url)
        report = ingest([ROOT / "examples" / "corpus"], store, Options())
        with store.engine.connect() as connection:
            pages = connection.execute(
                text("SELECT pg_relation_size('search_index') / 8192")
            ).scalar_one()
        store.close()
    assert report.stored >= 40
    assert pages <= 2


def test_related_looks_in_the_months_around_a_dated_article_when_they_hold_enough(
    sql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasid.store import related as related_module

    store = SqlStore(sql_url)
    near = [
        rasid.analyze(
            f"{DISPLACED}\nوصلت القافلة رقم {n} إلى المخيم.",
            external_id=f"near-{n}",
            published=datetime(2020, 3, 1 + n),
        )
        for n in range(5)
    ]
    far = rasid.analyze(
        f"{DISPLACED}\nوصلت القافلة رقم 2 إلى المخيم صباحاً.",  # near-2's closest words
        external_id="far",
        published=datetime(2016, 7, 1),
    )
    store.put([*near, far])
    asked = store.related("near-2", limit=10)
    monkeypatch.setattr(related_module, "_RELATED_CANDIDATES", 3)  # five match around March
    windowed = store.related("near-2", limit=10)
    assert "far" in {hit.external_id for hit in asked}  # few around: the whole store
    assert len(windowed) == 3
    assert {hit.external_id for hit in windowed} <= {"near-0", "near-1", "near-3", "near-4"}
    store.close()


def test_related_narrows_its_days_where_the_store_is_dense(
    sql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasid.store import related as related_module

    asked_on = datetime(2020, 3, 15)
    closest = "وصلت القافلة الثالثة إلى مخيم أطمة الحدودي مساء الخميس."
    other = "وصلت قافلة أخرى إلى مخيمات ريف حلب."
    documents = [rasid.analyze(f"{DISPLACED}\n{closest}", external_id="asked", published=asked_on)]
    for days in (-30, -20, -10, -2, -1, 1, 2, 10, 20, 30):
        # The words closest to the asked article's are the furthest in time.
        text = f"{DISPLACED}\n{closest if abs(days) >= 20 else other} ({days})"
        documents.append(
            rasid.analyze(text, external_id=str(days), published=asked_on + timedelta(days=days))
        )
    store = SqlStore(sql_url)
    store.put(documents)
    monkeypatch.setattr(related_module, "_RELATED_CANDIDATES", 4)
    monkeypatch.setattr(related_module, "_RELATED_WINDOW_LEAST", timedelta(days=1))
    monkeypatch.setattr(related_module, "_RELATED_NEIGHBOURS", 100)  # 11 around: not dense
    wide = {hit.external_id for hit in store.related("asked", limit=10)}
    monkeypatch.setattr(related_module, "_RELATED_NEIGHBOURS", 3)  # 45 * 3 / 11: 12 days
    narrow = {hit.external_id for hit in store.related("asked", limit=10)}
    assert wide & {"-30", "-20", "20", "30"}
    assert not narrow & {"-30", "-20", "20", "30"}
    assert len(narrow) >= 4
    store.close()


def test_postgresql_rows_carry_the_term_of_their_block_of_rowids(tmp_path: Path) -> None:
    """Migration 0012: each PostgreSQL row's body ends with its block term, so that a span
    of the latest rowids is a condition of the full-text index itself; no query can
    ask for one."""
    from sqlalchemy import text

    from rasid.store.fulltext import BLOCK_PREFIX, block_term
    from tests.conftest import _database

    assert not any(term.startswith(BLOCK_PREFIX) for term in analyzer().terms("أ0 أحمد أ12"))
    with _database("postgresql", tmp_path) as url:
        store = SqlStore(url)
        store.put([rasid.analyze(DISPLACED, external_id="d")])
        with store.engine.connect() as connection:
            rowid, body = connection.execute(text("SELECT rowid, body FROM search_index")).one()
        assert body.split()[-1] == block_term(rowid)
        assert store.search("أ0") == []  # a block term is no word
        assert _ids(store.search("النازحين")) == ["d"]
        store.close()


def test_postgresql_keeps_to_bitmap_scans_only_for_full_text_statements(tmp_path: Path) -> None:
    """The planner settings that force bitmap scans (`through_the_index`) are in force
    only for statements with a full-text condition or a list of rowids: under them
    anything else, such as the highest rowid, becomes a scan of a whole index
    (113 ms at 280,000)."""
    from sqlalchemy import event

    from rasid.store.search import SearchFilters
    from tests.conftest import _database

    settings = ("enable_seqscan", "enable_indexscan", "enable_bitmapscan")
    run: list[tuple[str, tuple[str, ...]]] = []
    with _database("postgresql", tmp_path) as url:
        store = SqlStore(url)
        store.put([rasid.analyze(t, external_id=t[:9]) for t in (DISPLACED, LATAKIA, ECONOMY)])

        @event.listens_for(store.engine, "before_cursor_execute")
        def record(_connection: object, cursor: Any, statement: str, *_: object) -> None:
            with cursor.connection.cursor() as asking:  # the driver's: no event again
                asking.execute("SELECT " + ", ".join(f"current_setting('{s}')" for s in settings))
                run.append((statement, tuple(asking.fetchone())))

        store.search("النازحين")
        store.search("النازحين", SearchFilters(source="ب"))
        store.search("", SearchFilters(kb_ids=("geonames:173576",)))
        store.related(DISPLACED[:9])
        store.close()
    forced = [s for s, values in run if "off" in values and "set_config(" not in s]
    assert forced and [s for s in forced if "@@" not in s and "= ANY (" not in s] == []


def test_related_ranks_the_latest_matches_for_an_undated_article_or_sparse_months(
    sql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a full window, related ranks the latest stored matches as a search does,
    with the window's own: not every article that shares a term (seconds at scale)."""
    from rasid.store import related as related_module

    def report(name: str, published: datetime | None, words: str = "") -> rasid.Document:
        return rasid.analyze(f"{DISPLACED}\n{words}({name})", external_id=name, published=published)

    store = SqlStore(sql_url)
    store.put([report(f"old-{n}", datetime(2018, 5, 1 + 3 * n)) for n in range(4)])
    # A month either side of the dated article: in its window, not in its story.
    store.put(
        [
            report(f"beside-{n}", datetime(2015, 3, 1) + timedelta(days=d))
            for n, d in enumerate((-30, 30))
        ]
    )
    store.put([report("dated", datetime(2015, 3, 1)), report("undated", None, "تقرير ")])
    store.put([report(f"new-{n}", datetime(2020, 9, 1 + 3 * n)) for n in range(4)])
    everything = {hit.external_id for hit in store.related("undated", limit=20)}
    assert {"old-0", "beside-0", "new-3"} <= everything  # few matches: all are ranked
    monkeypatch.setattr(related_module, "_RELATED_CANDIDATES", 3)
    _rank_at_most(monkeypatch, 3)  # the latest three matches: new-1, new-2, new-3
    undated = {hit.external_id for hit in store.related("undated", limit=20)}
    assert {"new-1", "new-2", "new-3"} <= undated
    assert not undated & {"old-0", "old-1", "old-2", "old-3", "beside-0", "beside-1"}
    dated = {hit.external_id for hit in store.related("dated", limit=20)}
    assert {"beside-0", "beside-1"} <= dated and dated & {"new-1", "new-2", "new-3"}
    assert not dated & {"old-0", "old-1", "old-2", "old-3"}
    store.close()
