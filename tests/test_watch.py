"""`rasid watch`: files already there, files that arrive later, files still being written."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasid.cli import app
from rasid.errors import InputError
from rasid.model import Document
from rasid.settings import Options
from rasid.store import MemoryStore, SqlStore
from rasid.watch import FolderScanner, WatchRound, watch
from tests.conftest import SCRAPED_ARTICLE
from tests.test_readers_archives import RSS, write_warc

runner = CliRunner()
#: Guards against a hang, never a speed bound: a working watch takes well under a second.
PATIENCE = 120.0
SECOND = 1_000_000_000
REPORT = (
    "وزارة الصحة تعلن إجراءات جديدة لمواجهة انتشار الفيروس\n"
    "أعلنت وزارة الصحة اليوم إغلاق المدارس والأسواق الشعبية لمدة أسبوعين، "
    "وقال المتحدث باسم الوزارة إن الإجراءات ستُراجع بعد انتهاء المهلة.\n"
)


def _aged(path: Path, seconds: float) -> None:
    """Set a file's modification time `seconds` into the past."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_file_is_ready_only_once_two_looks_see_it_alike(tmp_path: Path) -> None:
    scanner = FolderScanner(tmp_path, settle=3600)
    growing = tmp_path / "report.txt"
    growing.write_text(REPORT[:40], encoding="utf-8")
    assert scanner.scan() == {}
    growing.write_text(REPORT, encoding="utf-8")
    assert scanner.scan() == {}
    assert list(scanner.scan()) == [growing]
    assert scanner.waiting == 0


def test_a_file_untouched_for_the_settle_time_is_ready_at_first_look(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_text(REPORT, encoding="utf-8")
    _aged(old, 60)
    assert list(FolderScanner(tmp_path, settle=30).scan()) == [old]


def test_a_taken_file_is_ready_again_only_when_it_changes(tmp_path: Path) -> None:
    scanner = FolderScanner(tmp_path, settle=30)
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    _aged(path, 60)
    scanner.taken(scanner.scan())
    assert scanner.scan() == {}
    path.write_text(REPORT + "وأضاف أن الوزارة ستعلن حصيلة جديدة مساء اليوم.\n", encoding="utf-8")
    _aged(path, 45)
    assert list(scanner.scan()) == [path]


def test_hidden_and_unreadable_kinds_of_file_are_not_watched(tmp_path: Path) -> None:
    (tmp_path / ".report.txt.part").write_text(REPORT, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "download.warc.tmp").write_bytes(b"WARC/1.1\r\n")
    for path in tmp_path.iterdir():
        _aged(path, 60)
    assert FolderScanner(tmp_path, settle=1).scan() == {}


def test_watch_once_ingests_what_is_there_and_a_second_run_stores_nothing_twice(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "feeds").mkdir(parents=True)
    (inbox / "report.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "feeds" / "rasd.rss").write_text(RSS, encoding="utf-8")
    write_warc(inbox / "crawl.warc")
    db = str(tmp_path / "rasid.db")
    first = runner.invoke(app, ["watch", str(inbox), "--db", db, "--once", "--interval", "0.1"])
    assert first.exit_code == 0, first.output
    assert "rasd.rss#1" in first.stderr  # the feed's entry without text
    # Six articles read; the feed repeats two of the crawl's pages, stored once each.
    assert "4 added, 0 updated, 2 unchanged, 1 failed" in first.stdout
    second = runner.invoke(app, ["watch", str(inbox), "--db", db, "--once", "--interval", "0.1"])
    assert second.exit_code == 0, second.output
    assert "0 added, 0 updated, 6 unchanged, 1 failed" in second.stdout
    store = SqlStore(db)
    try:
        assert store.stats().articles == 4
        assert store.get("https://rasd.example/news/convoy").external_ids == (
            "https://news.example/2020/03/convoy",
            "https://rasd.example/news/convoy",
        )
    finally:
        store.close()


def test_watch_of_something_that_is_no_folder_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["watch", str(tmp_path / "missing"), "--once"])
    assert result.exit_code == 1
    assert "not a folder" in result.stderr


def test_a_running_watch_picks_up_a_file_written_after_it_started(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.txt").write_text(SCRAPED_ARTICLE, encoding="utf-8")
    store = MemoryStore()
    stop = threading.Event()
    stored: list[Document] = []
    arrived = threading.Event()
    rounds: list[WatchRound] = []

    def on_result(item: Document | InputError) -> None:
        if isinstance(item, Document):
            stored.append(item)
            arrived.set()

    def run() -> None:
        rounds.extend(watch(inbox, store, Options(), interval=0.05, stop=stop, on_result=on_result))

    watcher = threading.Thread(target=run, daemon=True)
    watcher.start()
    try:
        assert arrived.wait(PATIENCE), "the file already there was never ingested"
        arrived.clear()
        (inbox / "later.txt").write_text(REPORT, encoding="utf-8")
        assert arrived.wait(PATIENCE), "the file written later was never ingested"
    finally:
        stop.set()
        watcher.join(PATIENCE)
    assert not watcher.is_alive()
    assert [round_.files for round_ in rounds] == [(inbox / "first.txt",), (inbox / "later.txt",)]
    assert [document.article.external_id for document in stored] == [
        str((inbox / "first.txt").resolve()),
        str((inbox / "later.txt").resolve()),
    ]


def _articles_in(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created or migrated yet, or locked for a write
        return 0


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_a_watch_process_cleanly_after_it_stored_a_new_file(
    tmp_path: Path, stop: signal.Signals
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "rasid.db"
    command = [sys.executable, "-c", "from rasid.cli import main; main()"]
    process = subprocess.Popen(
        [*command, "watch", str(inbox), "--db", str(db), "--interval", "0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # SIGABRT then prints every thread's stack, should the process hang (see below).
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        # A test run started in the background inherits SIGINT ignored, and Python
        # then leaves it so: Ctrl-C in a terminal is what this test stands for.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    said: list[str] = []
    round_done = threading.Event()

    def listen() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            said.append(line)
            if "report.txt: 1 added" in line:
                round_done.set()

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    try:
        (inbox / "report.txt").write_text(REPORT, encoding="utf-8")
        assert round_done.wait(PATIENCE), "".join(said)
        process.send_signal(stop)
        try:
            process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            # Once, under load, it did not stop: show where it was.
            process.send_signal(signal.SIGABRT)
            process.wait(timeout=PATIENCE)
            listener.join(PATIENCE)
            pytest.fail(f"no exit after {stop.name}; its stacks:\n" + "".join(said))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    listener.join(PATIENCE)
    assert process.stdout is not None
    stdout = process.stdout.read()
    assert process.returncode == 0, "".join(said)
    assert said[-1].strip() == "stopped" and not any("Traceback" in line for line in said)
    assert "1 added, 0 updated, 0 unchanged, 0 failed" in stdout
    assert _articles_in(db) == 1
