"""Crash safety: an ingest killed with SIGKILL at random moments, then run again, loses nothing.

A real `rasid ingest` process is killed (kill -9) several times at random
points while it writes small batches; the same command is then run to the
end. The store must hold exactly what one uninterrupted run stores: every
article once, each with all its annotations, and the same stories. Readers
keep working while an ingest writes.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from rasid.store import SqlStore
from tests.conftest import ROOT

CORPUS = [str(ROOT / "examples" / "corpus"), str(ROOT / "examples" / "feeds")]


def _ingest(db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "RASID_BATCH_SIZE": "3"}
    return subprocess.Popen(
        [sys.executable, "-m", "rasid.cli", "ingest", *CORPUS, "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _contents(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as connection:

        def rows(query: str) -> list[tuple[object, ...]]:
            return sorted(connection.execute(query).fetchall())

        return {
            "articles": rows("SELECT id, content_hash, text, revision FROM articles"),
            "aliases": rows("SELECT scope, external_id, article_id FROM aliases"),
            "entities": rows('SELECT article_id, start, "end", kb_id FROM entities'),
            "quotes": rows('SELECT article_id, start, "end", speaker FROM quotes'),
            "dates": rows("SELECT article_id, start, value FROM dates"),
            "events": rows("SELECT article_id, type, start FROM events"),
            "removed": rows("SELECT article_id, line, reason FROM removed_lines"),
            "profiles": rows("SELECT article_id, story_id, copy_of FROM article_profiles"),
            "stories": rows("SELECT id, headline, articles FROM stories"),
            "index": rows("SELECT rowid FROM search_index"),
            "pending": rows("SELECT key FROM state WHERE key LIKE 'stories%'"),
            "analyser": rows("SELECT value FROM state WHERE key = 'index_version'"),
        }


def test_killed_ingests_then_a_rerun_store_exactly_what_one_run_stores(tmp_path: Path) -> None:
    clean = tmp_path / "clean.db"
    started = time.monotonic()
    assert _ingest(clean).wait(timeout=900) == 0
    # Kill points are drawn as shares of how long a whole run took on this
    # machine now, so they fall inside a run on a fast machine and a slow one.
    duration = time.monotonic() - started
    expected = _contents(clean)
    assert expected["articles"] and expected["pending"] == []

    db = tmp_path / "killed.db"
    chance = random.Random(20201020)
    kills = 0
    for _ in range(5):
        process = _ingest(db)
        time.sleep(chance.uniform(0.3, 0.9) * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=120)
    assert kills >= 2, "the ingest finished before it could be killed; the test proved nothing"
    assert _ingest(db).wait(timeout=900) == 0
    assert _contents(db) == expected


def test_readers_keep_working_while_an_ingest_writes(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    SqlStore(str(db)).close()
    process = _ingest(db)
    failures: list[BaseException] = []
    reads = 0

    def read() -> None:
        nonlocal reads
        store = SqlStore(str(db))
        try:
            while process.poll() is None:
                store.search("إدلب", limit=5)
                store.stories(limit=5)
                store.stats()
                reads += 1
        except BaseException as error:  # any error a reader meets fails the test
            failures.append(error)
        finally:
            store.close()

    reader = threading.Thread(target=read)
    reader.start()
    assert process.wait(timeout=600) == 0
    reader.join()
    assert failures == []
    assert reads > 0
