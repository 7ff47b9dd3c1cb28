"""Distributed ingest on a real Dask LocalCluster (127.0.0.1) gives what a single process gives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rasid.dask_ingest import ingest_on_dask
from rasid.ingest import AlreadyStored, ingest
from rasid.settings import Options
from rasid.store import SqlStore
from tests.conftest import ROOT

INPUTS = [ROOT / "examples" / "corpus", ROOT / "examples" / "feeds", ROOT / "tests" / "data"]


def _contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:

        def rows(query: str) -> list[tuple[object, ...]]:
            return sorted(connection.execute(query).fetchall())

        return {
            "articles": rows(
                "SELECT id, external_id, source, published, text, offsets, stages FROM articles"
            ),
            "aliases": rows("SELECT scope, external_id, article_id FROM aliases"),
            "entities": rows('SELECT article_id, start, "end", type, kb_id, link FROM entities'),
            "quotes": rows('SELECT article_id, start, "end", speaker, content FROM quotes'),
            "dates": rows("SELECT article_id, start, value, mod FROM dates"),
            "events": rows("SELECT article_id, type, start, actors, location FROM events"),
            "removed": rows("SELECT article_id, line, reason FROM removed_lines"),
            "repairs": rows("SELECT article_id, start, fixed FROM repairs"),
            "profiles": rows(
                "SELECT article_id, time, data, signature, story_id, copy_of FROM article_profiles"
            ),
            # The workers work out the index entries; the writer only writes them.
            "search": rows(
                "SELECT p.article_id, s.title, s.body, s.facets"
                " FROM search_index AS s JOIN article_profiles AS p ON p.id = s.rowid"
            ),
            "stories": rows("SELECT id, headline, article_id, articles, sources FROM stories"),
        }


def test_a_local_dask_cluster_ingests_exactly_what_one_process_does(tmp_path: Path) -> None:
    options = Options(batch_size=7)
    single, spread = tmp_path / "single.db", tmp_path / "dask.db"
    store = SqlStore(str(single))
    alone = ingest(INPUTS, store, options)
    store.close()
    store = SqlStore(str(spread))
    errors: list[str] = []
    report = ingest_on_dask(
        INPUTS, store, options, workers=2, on_result=lambda item: errors.append(str(item))
    )
    store.close()
    assert (report.added, report.failed, report.stories) == (
        alone.added,
        alone.failed,
        alone.stories,
    )
    assert [str(e) for e in report.errors] == [str(e) for e in alone.errors]
    assert alone.added > 40
    assert _contents(spread) == _contents(single)

    # Again on the cluster: what is stored as read is not sent to the workers.
    store = SqlStore(str(spread))
    outcomes: list[object] = []
    again = ingest_on_dask(INPUTS, store, options, workers=2, on_result=outcomes.append)
    store.close()
    assert (again.added, again.updated, again.failed) == (0, 0, alone.failed)
    assert again.unchanged == alone.stored
    # Copies of another input's text (their external id points at that article) and
    # records without an id are analysed again, and found unchanged.
    skipped = [item for item in outcomes if isinstance(item, AlreadyStored)]
    assert 40 < len(skipped) <= again.unchanged
    assert _contents(spread) == _contents(single)
