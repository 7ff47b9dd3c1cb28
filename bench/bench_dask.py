"""The same ingest in one process and on a local Dask cluster of two workers: the speed-up.

1. The fixed ANT sample of bench_pipeline.py is copied to a scratch
   JSON-lines file.
2. It is ingested into a fresh SQLite file by `rasid.ingest.ingest` (one
   process), then into another by `rasid.dask_ingest.ingest_on_dask` with
   `--workers` local worker processes (this process reads and writes, the
   workers analyse); `--rounds` times each, alternating.
3. Seconds, articles/s and the speed-up (single seconds / Dask seconds) are
   wall-clock, and the Dask figure includes starting the cluster and
   loading the models in every worker, as a user pays them.

    python bench/bench_dask.py [--workers 2] [--rounds 1] [--limit 2000]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import SAMPLE_EVERY, SAMPLE_LIMIT, machine, peak_rss_mib, report, write_ant_sample

from rasid.dask_ingest import ingest_on_dask
from rasid.ingest import ingest
from rasid.settings import Options
from rasid.store import SqlStore


def timed_ingest(sample: Path, db: Path, workers: int | None) -> dict[str, Any]:
    store = SqlStore(str(db))
    started = time.perf_counter()
    if workers:
        result = ingest_on_dask([sample], store, Options(), workers=workers)
    else:
        result = ingest([sample], store, Options())
    seconds = time.perf_counter() - started
    store.close()
    return {
        "stored": result.stored,
        "failed": result.failed,
        "stories": result.stories,
        "seconds": round(seconds, 1),
        "articles_per_s": round(result.stored / seconds, 1),
    }


def run(workers: int, rounds: int, limit: int) -> dict[str, Any]:
    single: list[dict[str, Any]] = []
    dask: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sample = write_ant_sample(folder / "sample.jsonl", every=SAMPLE_EVERY, limit=limit)
        for number in range(rounds):
            single.append(timed_ingest(sample, folder / f"single-{number}.db", None))
            dask.append(timed_ingest(sample, folder / f"dask-{number}.db", workers))
    best_single = min(r["seconds"] for r in single)
    best_dask = min(r["seconds"] for r in dask)
    return {
        "corpus": f"ant-v2.1.jsonl.gz, every {SAMPLE_EVERY}th article, the first {limit}",
        "workers": workers,
        "single_process": single,
        "dask": dask,
        "speed_up": round(best_single / best_dask, 2),
        "same_articles_stored": len({r["stored"] for r in single + dask}) == 1,
        "peak_rss_mib_of_the_writer": round(peak_rss_mib(), 1),
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="local Dask worker processes")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each, alternating")
    parser.add_argument("--limit", type=int, default=SAMPLE_LIMIT, help="articles in the sample")
    arguments = parser.parse_args()
    report("dask", run(arguments.workers, arguments.rounds, arguments.limit))


if __name__ == "__main__":
    main()
