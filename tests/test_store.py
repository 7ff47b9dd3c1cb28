"""The store contract, run against the in-memory twin and SQLite alike."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

import rasid
from rasid.cli import app
from rasid.errors import ArticleNotFound, StoreError
from rasid.model import Article, Entity
from rasid.pipeline import Pipeline
from rasid.search.analyzer import analyzer
from rasid.store import MemoryStore, SqlStore
from rasid.store.schema import SEARCH_TABLE, metadata
from rasid.store.sql import database_url
from rasid.store.stories import prepare_index

Store = MemoryStore | SqlStore

FIRST = "عنوان الخبر الأول\nقال المسؤول إن الاجتماع انتهى دون اتفاق.\n0"
REVISED = "عنوان الخبر الأول\nقال المسؤول إن الاجتماع انتهى دون اتفاق نهائي بين الطرفين.\n0"
OTHER = "خبر آخر تماماً\nأعلنت الوزارة عن خطة جديدة لدعم المزارعين في الجنوب."


def test_new_article_is_added_under_its_content_id(store: Store) -> None:
    document = rasid.analyze(FIRST, external_id="site/1")
    [result] = store.put([document])
    assert (result.id, result.status) == (document.id, "added")
    stored = store.get(document.id)
    assert stored.document.text == document.text
    assert stored.document.removed == document.removed
    assert stored.external_ids == ("site/1",)


def test_same_article_twice_is_stored_once(store: Store) -> None:
    document = rasid.analyze(FIRST, external_id="site/1")
    store.put([document])
    [again] = store.put([rasid.analyze(FIRST, external_id="site/1")])
    assert again.status == "unchanged"
    assert store.stats().articles == 1


def test_same_content_with_tatweel_and_diacritics_is_the_same_article(store: Store) -> None:
    store.put([rasid.analyze(FIRST)])
    [result] = store.put([rasid.analyze(FIRST.replace("الاجتماع", "الاجتمـــاعَ"))])
    assert result.status == "unchanged"


def test_copy_under_another_external_id_becomes_an_alias(store: Store) -> None:
    [first] = store.put([rasid.analyze(FIRST, external_id="site/1")])
    [copy] = store.put([rasid.analyze(FIRST, external_id="mirror/7")])
    assert (copy.id, copy.status) == (first.id, "unchanged")
    assert store.get("mirror/7").external_ids == ("mirror/7", "site/1")


def test_revised_article_is_updated_in_place_not_duplicated(store: Store) -> None:
    [first] = store.put([rasid.analyze(FIRST, external_id="site/1")])
    [revised] = store.put([rasid.analyze(REVISED, external_id="site/1")])
    assert (revised.id, revised.status) == (first.id, "updated")
    stored = store.get("site/1")
    assert stored.revision == 2
    assert "نهائي" in stored.document.text
    assert store.stats().articles == 1
    [back] = store.put([rasid.analyze(FIRST, external_id="site/1")])
    assert back.status == "updated"
    assert store.stats().articles == 1


def test_revisions_within_one_batch_keep_only_the_last_ones_records(store: Store) -> None:
    versions = [FIRST, REVISED, FIRST.replace("المسؤول", "وزير الخارجية")]
    documents = [rasid.analyze(text, external_id="site/1") for text in versions]
    results = store.put(documents)
    assert [r.status for r in results] == ["added", "updated", "updated"]
    stored = store.get("site/1").document
    assert stored.text == documents[-1].text
    assert stored.removed == documents[-1].removed
    assert stored.layers == documents[-1].layers  # no record of the earlier versions is left
    assert store.stats().articles == 1


def _index_rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT p.article_id, p.time, p.data, p.signature, s.title, s.body, s.facets"
            f" FROM {SEARCH_TABLE} AS s JOIN article_profiles AS p ON p.id = s.rowid"
            " ORDER BY p.article_id"
        ).fetchall()


def test_index_entries_worked_out_beforehand_are_what_put_works_out(tmp_path: Path) -> None:
    """A Dask worker works out each document's index entry; the writer only writes it."""
    documents = [
        rasid.analyze(text, external_id=f"site/{number}", source="site", published=when)
        for number, (text, when) in enumerate(
            [(FIRST, datetime(2018, 3, 1, 9)), (OTHER, None), (REVISED, datetime(2018, 3, 2))]
        )
    ]
    plain, ahead = SqlStore(str(tmp_path / "plain.db")), SqlStore(str(tmp_path / "ahead.db"))
    plain.put(documents)
    ahead.put(documents, [prepare_index(d) for d in documents[:2]] + [None])
    assert _index_rows(tmp_path / "ahead.db") == _index_rows(tmp_path / "plain.db")
    assert len(_index_rows(tmp_path / "plain.db")) == 3
    with pytest.raises(ValueError, match="1 index entries for 2 documents"):
        ahead.put(documents[:2], [None])

    # The entry given is the one written: a term only it holds is found.
    extra = rasid.analyze("خبر ثالث\nوصل الوفد إلى العاصمة صباح اليوم.", external_id="site/9")
    entry = prepare_index(extra)
    unique = analyzer().terms("زمردة")
    ahead.put([extra], [replace(entry, body_terms=[*entry.body_terms, *unique])])
    assert [hit.external_id for hit in ahead.search("زمردة")] == ["site/9"]
    assert plain.search("زمردة") == []
    plain.close()
    ahead.close()


def test_article_is_found_by_id_prefix(store: Store) -> None:
    [result] = store.put([rasid.analyze(FIRST)])
    assert store.get(result.id[:8]).id == result.id


def test_unknown_key_raises_article_not_found(store: Store) -> None:
    store.put([rasid.analyze(FIRST)])
    with pytest.raises(ArticleNotFound, match="nowhere"):
        store.get("nowhere")


def test_stats_count_articles_sources_and_removed_lines(store: Store) -> None:
    store.put(
        [
            rasid.analyze(
                FIRST,
                source="عنب بلدي",
                published=datetime.fromisoformat("2020-03-01T10:00:00+03:00"),
            ),
            rasid.analyze(OTHER, source="عنب بلدي", published=datetime.fromisoformat("2020-03-05")),
        ]
    )
    stats = store.stats()
    assert stats.articles == 2
    assert stats.sources == {"عنب بلدي": 2}
    assert stats.removed_lines == {"counter": 1}
    assert stats.first_published == datetime(2020, 3, 1, 7, 0)
    assert stats.last_published == datetime(2020, 3, 5)


def test_sql_store_survives_reopening(sql_url: str) -> None:
    path = sql_url
    first = SqlStore(path)
    first.put([rasid.analyze(FIRST, external_id="site/1")])
    first.close()
    reopened = SqlStore(path)
    assert reopened.get("site/1").document.title == "عنوان الخبر الأول"
    assert reopened.stats().articles == 1


def test_sqlite_store_uses_write_ahead_logging(tmp_path: Path) -> None:
    store = SqlStore(str(tmp_path / "rasid.db"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_migrations_build_exactly_the_declared_schema(sql_url: str) -> None:
    store = SqlStore(sql_url)
    with store.engine.connect() as connection:
        # The full-text tables (FTS5 and its shadow tables; PostgreSQL's tsvector
        # table) are made by the migrations, not declared.
        assert SEARCH_TABLE in inspect(connection).get_table_names()
        context = MigrationContext.configure(
            connection,
            opts={"include_name": lambda name, *_: not str(name).startswith(SEARCH_TABLE)},
        )
        differences = compare_metadata(context, metadata)
    # Column comments document schema.py; SQLite keeps none and the migrations
    # do not repeat them, so only PostgreSQL would report them.
    kinds = {change[0][0] if isinstance(change, list) else change[0] for change in differences}
    assert kinds <= {"modify_comment"}, differences
    store.close()


def test_opening_an_older_database_says_that_it_is_upgraded(sql_url: str, tmp_path: Path) -> None:
    config = Config()
    config.set_main_option("script_location", "rasid.store:migrations")
    engine = create_engine(database_url(sql_url))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008_profile_search_index")
    engine.dispose()
    told: list[tuple[str, str]] = []
    SqlStore(sql_url, on_upgrade=lambda *revisions: told.append(revisions)).close()
    head = ScriptDirectory.from_config(config).get_current_head()
    assert told == [("0008_profile_search_index", head)]
    SqlStore(sql_url, on_upgrade=lambda *revisions: told.append(revisions)).close()
    fresh = str(tmp_path / "new.db")
    SqlStore(fresh, on_upgrade=lambda *revisions: told.append(revisions)).close()
    assert len(told) == 1  # neither a current nor a new database is "upgraded"


def test_the_cli_tells_before_upgrading_a_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    config = Config()
    config.set_main_option("script_location", "rasid.store:migrations")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008_profile_search_index")
    engine.dispose()
    result = CliRunner().invoke(app, ["stats", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "upgrading the database from schema 0008_profile_search_index" in result.stderr


def test_a_database_from_a_newer_rasid_is_a_clear_error_and_left_as_it_is(
    sql_url: str,
) -> None:
    SqlStore(sql_url).close()
    engine = create_engine(database_url(sql_url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_from_later'"))
    with pytest.raises(StoreError, match="schema 0099_from_later, newer than this rasid knows"):
        SqlStore(sql_url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == (
            "0099_from_later"
        )
    engine.dispose()
    if "://" not in sql_url:  # and the command line says so in one line
        result = CliRunner().invoke(app, ["stats", "--db", sql_url])
        assert result.exit_code != 0
        assert "upgrade rasid to open it" in result.stderr
        assert "Traceback" not in result.output


def test_store_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        SqlStore(str(tmp_path / "missing" / "rasid.db"))


def test_the_same_external_id_from_two_sources_is_two_articles(store: Store) -> None:
    store.put([rasid.analyze(FIRST, external_id="1", source="الجزيرة")])
    [other] = store.put([rasid.analyze(OTHER, external_id="1", source="عنب بلدي")])
    assert other.status == "added"
    assert store.stats().articles == 2
    with pytest.raises(StoreError, match="use the article id"):
        store.get("1")


def test_a_copy_revised_by_its_outlet_leaves_the_original_alone(store: Store) -> None:
    [original] = store.put([rasid.analyze(FIRST, external_id="a/1", source="الأناضول")])
    [copy] = store.put([rasid.analyze(FIRST, external_id="b/9", source="طيف بوست")])
    assert (copy.id, copy.status) == (original.id, "unchanged")
    [revised] = store.put([rasid.analyze(REVISED, external_id="b/9", source="طيف بوست")])
    assert revised.status == "added"
    assert store.get("a/1").document.text == rasid.analyze(FIRST).text
    assert store.get("a/1").document.article.source == "الأناضول"
    assert store.get("b/9").id == revised.id


def test_first_content_coming_back_elsewhere_gets_an_id_of_its_own(store: Store) -> None:
    [first] = store.put([rasid.analyze(FIRST, external_id="site/1")])
    store.put([rasid.analyze(REVISED, external_id="site/1")])
    [again] = store.put([rasid.analyze(FIRST, external_id="mirror/2")])
    assert again.status == "added"
    assert again.id != first.id
    assert store.stats().articles == 2
    assert "نهائي" in store.get("site/1").document.text


def test_residue_that_changes_between_scrapes_does_not_make_a_new_article(store: Store) -> None:
    [first] = store.put([rasid.analyze(FIRST.replace("\n0", "\n120 مشاهدة"))])
    [second] = store.put([rasid.analyze(FIRST.replace("\n0", "\n345 مشاهدة"))])
    assert (second.id, second.status) == (first.id, "unchanged")


PLACES = (
    "تعزيزات إلى إدلب\nوصلت تعزيزات عسكرية تركية إلى إدلب وحلب صباح اليوم، وقالت أنقرة إنها دفاعية."
)


def test_entities_are_stored_and_read_back_with_their_links(store: Store) -> None:
    document = rasid.analyze(PLACES, external_id="site/7")
    assert document.records(Entity)
    store.put([document])
    stored = store.get("site/7").document.records(Entity)
    assert stored == document.records(Entity)
    counts = {c.kb_id: c for c in store.entity_counts()}
    idlib = next(c for c in counts.values() if c.name_en == "Idlib" and c.kb_id.startswith("geo"))
    assert (idlib.mentions, idlib.articles, idlib.text) == (2, 1, "إدلب")
    assert [c.name_en for c in store.entity_counts(type="LOC", name="Ankara")] == ["Ankara"]


def test_an_article_stored_by_an_older_pipeline_is_reanalysed_on_reingest(store: Store) -> None:
    article = Article(raw_text=PLACES, external_id="site/7")
    [first] = store.put([Pipeline(["clean"]).run(article)])
    assert store.get(first.id).document.records(Entity) == ()
    [again] = store.put([Pipeline().run(article)])
    assert (again.id, again.status) == (first.id, "updated")
    assert store.get(first.id).document.records(Entity)
    [third] = store.put([Pipeline().run(article)])
    assert third.status == "unchanged"
    assert store.stats().articles == 1
    assert sum(c.mentions for c in store.entity_counts(name="Idlib")) == 2
