"""`rasid reindex`: a store indexed by an older analyser is brought up to date in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import rasid.store.stories as store_stories
from rasid.cli import app
from rasid.ingest import analyze_paths
from rasid.model import Document
from rasid.search.analyzer import Analyzer
from rasid.settings import Options
from rasid.store import SqlStore
from rasid.store.reindex import INDEX_VERSION_KEY, reindex

DEMO = Path(__file__).resolve().parent.parent / "examples"
QUERIES = ["إدلب", "النازحين", "الدورية الروسية التركية", "روسيا", "وقف إطلاق النار"]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    found = analyze_paths([DEMO / "corpus", DEMO / "html"], Options())
    return [item for item in found if isinstance(item, Document)]


def _state(store: SqlStore) -> dict[str, object]:
    with store.engine.connect() as connection:
        profiles = connection.exec_driver_sql(
            "SELECT article_id, data, story_id, copy_of FROM article_profiles ORDER BY article_id"
        ).all()
    # Which articles match (the ranking differs between engines by design).
    searches = {query: {hit.id for hit in store.search(query, limit=500)} for query in QUERIES}
    return {"profiles": [tuple(row) for row in profiles], "searches": searches}


def _backdate(store: SqlStore) -> None:
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE state SET value = '0-older' WHERE key = '{INDEX_VERSION_KEY}'"
        )


def test_reindex_gives_what_a_fresh_ingest_gives(
    tmp_path: Path, sql_url: str, documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = SqlStore(sql_url)
    with monkeypatch.context() as patch:
        # The analyser before the preposition rule: "لإدلب" was indexed as "لادلب".
        older = Analyzer("snowball", frequencies={})
        patch.setattr(store_stories, "analyzer", lambda: older)
        old.put(documents)
        old.update_stories()
    _backdate(old)
    fresh = SqlStore(str(tmp_path / "fresh.db"))
    fresh.put(documents)
    fresh.update_stories()
    assert _state(old) != _state(fresh)  # the old analyser made other terms
    assert old.index_status() == "outdated"

    done: list[tuple[int, int]] = []
    report = reindex(old, batch_size=7, on_batch=lambda d, t: done.append((d, t)))
    assert report.articles == len({d.id for d in documents})
    assert done[-1] == (report.articles, report.articles)
    assert _state(old) == _state(fresh)
    assert old.index_status() == fresh.index_status() == "current"
    reindex(old)  # again: nothing moves
    assert _state(old) == _state(fresh)


def test_stats_and_search_say_when_the_index_is_outdated(
    tmp_path: Path, documents: list[Document]
) -> None:
    path = tmp_path / "old.db"
    store = SqlStore(str(path))
    store.put(documents[:5])
    _backdate(store)
    store.close()
    runner = CliRunner()
    stats = runner.invoke(app, ["stats", "--db", str(path), "--format", "json"])
    assert '"index": "outdated"' in stats.stdout
    search = runner.invoke(app, ["search", "إدلب", "--db", str(path)])
    assert search.exit_code == 0
    assert "rasid reindex" in search.stderr

    done = runner.invoke(app, ["reindex", "--db", str(path)])
    assert done.exit_code == 0, done.output
    assert "5 articles indexed again" in done.stdout
    stats = runner.invoke(app, ["stats", "--db", str(path), "--format", "json"])
    assert '"index": "current"' in stats.stdout
    search = runner.invoke(app, ["search", "إدلب", "--db", str(path)])
    assert "rasid reindex" not in search.stderr
