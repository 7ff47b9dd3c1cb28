"""Throughput of a full ingest (read, clean, store) of ANT articles into a fresh SQLite file.

Reports articles/s overall and per slice, so a per-article cost that grows with
the store shows up as falling slice rates; also peak memory and database size.

    python bench/bench_ingest.py [--limit N] [--slice 5000]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import machine, peak_rss_mib, report, require_ant

from rasid.ingest import ingest
from rasid.model import Document
from rasid.settings import Options
from rasid.store import SqlStore


def run(limit: int | None, slice_size: int) -> dict[str, Any]:
    ant = require_ant()
    slices: list[float] = []
    stored = failed = 0
    slice_start = time.perf_counter()

    class Stop(Exception):
        pass

    def on_result(item: Document | Exception) -> None:
        nonlocal stored, failed, slice_start
        if not isinstance(item, Document):
            failed += 1  # counted here: a run stopped at `limit` has no report
        else:
            stored += 1
            if stored % slice_size == 0:
                now = time.perf_counter()
                slices.append(round(slice_size / (now - slice_start), 1))
                slice_start = now
            if limit and stored >= limit:
                raise Stop

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        store = SqlStore(str(db))
        start = time.perf_counter()
        with contextlib.suppress(Stop):
            ingest([ant], store, Options(), on_result=on_result)
        seconds = time.perf_counter() - start
        store.close()
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
    return {
        "corpus": ant.name,
        "articles_stored": stored,
        "failed": failed,
        "seconds": round(seconds, 1),
        "articles_per_s": round(stored / seconds, 1),
        f"articles_per_s_per_{slice_size}_slice": slices,
        "database_mib": round(size / 2**20, 1),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="stop after N stored articles")
    parser.add_argument("--slice", type=int, default=5000, help="articles per reported slice")
    arguments = parser.parse_args()
    report("ingest", run(arguments.limit, arguments.slice))


if __name__ == "__main__":
    main()
