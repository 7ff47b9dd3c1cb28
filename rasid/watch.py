"""Watch a folder: ingest the files already there, then each new or changed one as it appears.

The folder is polled at a fixed interval rather than followed through
inotify: polling works the same on every platform and on network and
container-mounted folders (where change events are often never delivered),
needs no extra dependency, and a drop folder for news files changes far too
slowly for the delay of one interval to matter.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rasid.errors import RasidError
from rasid.ingest import IngestReport, Outcome, ingest
from rasid.readers import iter_input_files
from rasid.settings import Options
from rasid.store import Store

__all__ = ["FileState", "FolderScanner", "WatchRound", "watch"]


@dataclass(frozen=True, slots=True)
class FileState:
    """What says a file has not changed: its size and modification time."""

    size: int
    mtime_ns: int


@dataclass(slots=True)
class FolderScanner:
    """Which files under `folder` are new or changed and have stopped growing.

    A file is ready once two scans `settle` seconds apart saw it alike, or at
    once when it was last modified longer than `settle` ago (a file found on
    the first scan need not wait). A file is taken again only when its size or
    modification time changes.
    """

    folder: Path
    settle: float
    _taken: dict[Path, FileState] = field(default_factory=dict)
    _growing: dict[Path, FileState] = field(default_factory=dict)

    @property
    def waiting(self) -> int:
        """Files seen new or changed but not yet still long enough to read."""
        return len(self._growing)

    def scan(self) -> dict[Path, FileState]:
        """The files ready to read now, with the state they were read in."""
        now_ns = time.time_ns()
        current = _states(self.folder)
        ready: dict[Path, FileState] = {}
        for path, state in current.items():
            if self._taken.get(path) == state:
                continue
            still = now_ns - state.mtime_ns >= self.settle * 1e9
            if self._growing.get(path) == state or still:
                ready[path] = state
                self._growing.pop(path, None)
            else:
                self._growing[path] = state
        for gone in (self._growing.keys() | self._taken.keys()) - current.keys():
            self._growing.pop(gone, None)
            self._taken.pop(gone, None)
        return ready

    def taken(self, files: dict[Path, FileState]) -> None:
        """Remember files as read, so that they are read again only once they change."""
        self._taken.update(files)


def _states(folder: Path) -> dict[Path, FileState]:
    states: dict[Path, FileState] = {}
    for path in iter_input_files([folder]):
        try:
            status = path.stat()
        except OSError:  # removed between listing and looking
            continue
        states[path] = FileState(status.st_size, status.st_mtime_ns)
    return states


@dataclass(frozen=True, slots=True)
class WatchRound:
    """The files read in one round and what ingesting them did (or the error that stopped it)."""

    files: tuple[Path, ...]
    report: IngestReport | None
    error: RasidError | None = None


def watch(
    folder: Path,
    store: Store,
    options: Options,
    *,
    interval: float = 2.0,
    once: bool = False,
    stop: threading.Event | None = None,
    on_result: Callable[[Outcome], None] | None = None,
) -> Iterator[WatchRound]:
    """Ingest the files under `folder` as they appear; yield one `WatchRound` per batch read.

    1. Scan the folder (recursively, the files `rasid ingest` would read).
    2. Ingest together the files that are new or changed and no longer growing,
       and remember each one's size and modification time.
    3. Wait `interval` seconds and scan again, until `stop` is set, or, with
       `once`, until no file is left waiting to stop growing.

    What is remembered lasts as long as the run; a new run reads every file
    again, and the store's idempotence makes that a no-op for what it holds.
    A round whose store write fails is reported and its files retried.
    """
    scanner = FolderScanner(folder, settle=interval)
    stop = stop or threading.Event()
    while not stop.is_set():
        ready = scanner.scan()
        if ready:
            files = tuple(sorted(ready))
            try:
                report = ingest(files, store, options, on_result=on_result)
            except RasidError as error:
                yield WatchRound(files, None, error)
            else:
                scanner.taken(ready)
                yield WatchRound(files, report)
        if once and not scanner.waiting:
            return
        stop.wait(interval)
