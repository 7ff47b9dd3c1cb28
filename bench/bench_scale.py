"""Ingest a large synthetic corpus in ten slices: does the cost per article stay flat?

    python bench/bench_scale.py [--articles 1000000] [--db URL] [--workers N] [--seed 7]
                                [--workdir DIR]

A million articles take longer than a working session; with `--workdir` the
run can be stopped at any time and resumed by giving the same command again.

1. The ANT corpus is loaded once: its titles, its paragraphs, and how many
   paragraphs each article has.
2. Article i of the synthetic corpus takes a title from one ANT article,
   as many paragraphs as another ANT article has, each drawn from anywhere
   in the corpus (a fixed seed, so every run builds the same corpus), a
   publication date that grows with i over ten years, 2009-2018 (a feed
   delivers in order; a million articles is a decade of a few outlets),
   and the next of the five ANT sources in turn.
3. The corpus is streamed to a JSON-lines file in a scratch folder, one
   slice of N/10 articles at a time, each slice ingested with
   `rasid.ingest.ingest` (or `rasid.dask_ingest.ingest_on_dask` with
   `--workers`) into one store: a fresh SQLite file in the scratch folder,
   or the empty PostgreSQL database `--db postgresql+psycopg://...` names.
   Each slice's file is deleted once it is stored; nothing goes into the repo.
4. Per slice: articles/s in wall-clock and in this process's CPU time (the
   steadier on a shared machine; without `--workers` it is all the work),
   stories written, the database size and the peak resident memory so far.
   With `--workers`, also the workers' CPU time and the peak memory of the
   largest worker: this process then only reads, asks the store and writes.
   On a PostgreSQL server of this machine, also the server's CPU time.
5. At the end: the 50 fixed queries of bench_stories.py, three rounds,
   median and p95 latency; then each once more, naming the slowest.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import contextlib
import gzip
import json
import random
import resource
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _common import machine, peak_rss_mib, report, require_ant
from bench_stories import QUERIES, _search_latency
from sqlalchemy import func, select

from rasid.ingest import ingest, pipeline_for, warm_up
from rasid.pipeline import Pipeline
from rasid.settings import Options
from rasid.store import SqlStore
from rasid.store.schema import aliases
from rasid.store.search import SearchFilters

# Ten years ending with ANT's year, 2018, which the date filters of the queries name.
SPAN_START = datetime(2009, 1, 1, tzinfo=UTC)
SPAN = datetime(2019, 1, 1, tzinfo=UTC) - SPAN_START
SPAN_YEARS = 10


@dataclass(frozen=True, slots=True)
class Material:
    """What synthetic articles are made of: ANT's titles, paragraphs and article lengths."""

    titles: list[str]
    paragraphs: list[str]
    paragraph_counts: list[int]
    sources: list[str]


def load_material() -> Material:
    titles, paragraphs, counts, sources = [], [], [], set()
    with gzip.open(require_ant(), "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            own = [p.strip() for p in record["text"].split("\n") if p.strip()]
            if not own:
                continue
            if record.get("title"):
                titles.append(record["title"])
            paragraphs.extend(own)
            counts.append(len(own))
            sources.add(record["source"])
    return Material(titles, paragraphs, counts, sorted(sources))


def synthetic_records(
    material: Material, total: int, first: int, count: int, seed: int
) -> Iterator[dict[str, Any]]:
    """Articles `first` to `first + count - 1` of the corpus of `total`; each is the same
    whichever slice asks for it, since its random draws are seeded by its number."""
    for number in range(first, first + count):
        draw = random.Random(seed * 1_000_003 + number)
        paragraphs = [
            draw.choice(material.paragraphs) for _ in range(draw.choice(material.paragraph_counts))
        ]
        published = SPAN_START + SPAN * ((number + draw.random()) / total)
        yield {
            "id": f"synthetic-{number:07d}",
            "source": material.sources[number % len(material.sources)],
            "title": draw.choice(material.titles),
            "published": published.isoformat(timespec="seconds"),
            "text": "\n".join(paragraphs),
        }


def database_mib(store: SqlStore, folder: Path) -> float:
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as connection:
            size = connection.exec_driver_sql("SELECT pg_database_size(current_database())")
            return round(int(size.scalar() or 0) / 2**20, 1)
    return round(sum(p.stat().st_size for p in folder.glob("scale.db*")) / 2**20, 1)


def slowest_queries(store: SqlStore, count: int = 5) -> dict[str, float]:
    """Each fixed query once more, timed: the slowest, which the p95 hides or is made of."""
    timings = {}
    for query, filters in QUERIES:
        started = time.perf_counter()
        store.search(query, SearchFilters(**filters), limit=10)
        timings[f"{query} {filters or ''}".strip()] = (time.perf_counter() - started) * 1000
    slowest = sorted(timings.items(), key=lambda item: -item[1])[:count]
    return {query: round(ms, 1) for query, ms in slowest}


def stored_already(store: SqlStore, first: int, count: int) -> int:
    """How many of articles `first` to `first + count - 1` the store holds (a prefix)."""
    with store.engine.connect() as connection:
        found = connection.execute(
            select(func.count()).where(
                aliases.c.external_id >= f"synthetic-{first:07d}",
                aliases.c.external_id < f"synthetic-{first + count:07d}",
            )
        )
        return int(found.scalar() or 0)


def commit() -> str:
    """The commit of the code doing the run, or "unknown" outside a git clone."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def children_cpu_seconds() -> float:
    """CPU time of this process's finished children (the workers of a closed local cluster)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def server_cpu_seconds(store: SqlStore) -> float | None:
    """CPU time so far of the processes of the PostgreSQL server `store` is on, when it
    runs on this machine (None for SQLite, or a server elsewhere): the backend that does
    the writer's statements is work the writer's own CPU time leaves out. Processes that
    ended between two readings (autovacuum workers) are not counted."""
    if store.engine.dialect.name != "postgresql":
        return None
    import psutil  # distributed's own dependency

    with store.engine.connect() as connection:
        backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    try:
        server = psutil.Process(backend).parent()
        if server is None:
            return None
        total = 0.0
        for process in [server, *server.children()]:
            with contextlib.suppress(psutil.Error):
                used = process.cpu_times()
                total += used.user + used.system
    except psutil.Error:  # not on this machine, or not ours to read
        return None
    return total


class WorkerMemory:
    """The largest resident memory of any process below this one, sampled every second.

    getrusage cannot give it: its figure for children is the largest of the
    children this process waited for, and the Dask workers are grandchildren.
    """

    def __init__(self) -> None:
        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil  # distributed's own dependency

        me = psutil.Process()
        while not self._stop.wait(1.0):
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    self.peak_mib = max(self.peak_mib, child.memory_info().rss / 2**20)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return round(self.peak_mib, 1)


def workers_figures(
    workers_cpu: float, stored: int, writer_cpu: float, peak_mib: float
) -> dict[str, Any]:
    """With `--workers`, this process only reads and writes; the workers' share of a slice.

    Each slice starts and closes its own local cluster, so by the end of the
    slice its worker processes have finished and RUSAGE_CHILDREN counts their CPU time.
    """
    return {
        "workers_cpu_seconds": round(workers_cpu, 1),
        "articles_per_cpu_s_all_processes": round(stored / (workers_cpu + writer_cpu), 1),
        "peak_rss_largest_worker_mib": peak_mib,
    }


def ingest_slice(path: Path, store: SqlStore, workers: int | None, pipeline: Pipeline) -> Any:
    if workers:
        from rasid.dask_ingest import ingest_on_dask

        return ingest_on_dask([path], store, Options(), workers=workers, fmt="jsonl")
    return ingest([path], store, Options(), pipeline=pipeline, fmt="jsonl")


def run(
    total: int, db: str | None, workers: int | None, seed: int, workdir: Path | None = None
) -> dict[str, Any]:
    """Ingest the corpus slice by slice and measure it.

    With `workdir` the store and the figures of each finished slice are kept
    there, so that a run cut short (a session ends, the machine restarts)
    continues when the same command is given again: the slice in flight goes
    on from the first of its articles not stored yet (a single writer stores
    them in order, a batch at a time), is timed over the rest only, and is
    marked `resumed`. Each slice records the commit that ingested it. Given
    again once every slice is done, it times search alone, with the code of
    the day (the search figures record their commit).
    """
    material = load_material()
    pipeline = pipeline_for(Options())
    if not workers:  # load the models now, so that the first slice is not charged for it
        warm_up(pipeline)
    size = max(total // 10, 1)
    with contextlib.ExitStack() as stack:
        folder = workdir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        folder.mkdir(parents=True, exist_ok=True)
        progress = Progress(
            folder / "progress.json", total=total, seed=seed, db=db, span_years=SPAN_YEARS
        )
        store = SqlStore(db or str(folder / "scale.db"))
        stack.callback(store.close)
        for first in range(0, total, size):
            if first // size < len(progress.slices):
                continue
            count = min(size, total - first)
            before = stored_already(store, first, count)
            path = folder / "slice.jsonl"
            with path.open("w", encoding="utf-8") as out:
                rest = synthetic_records(material, total, first + before, count - before, seed)
                for record in rest:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            slice_started, slice_cpu = time.perf_counter(), time.process_time()
            server_cpu = server_cpu_seconds(store)
            workers_cpu, memory = children_cpu_seconds(), WorkerMemory()
            result = ingest_slice(path, store, workers, pipeline)
            seconds = time.perf_counter() - slice_started
            cpu_seconds = time.process_time() - slice_cpu
            workers_cpu = children_cpu_seconds() - workers_cpu
            server_after = server_cpu_seconds(store)
            workers_peak = memory.stop()
            path.unlink()
            progress.add(
                {
                    "articles": before + result.stored,
                    "timed_articles": result.stored,
                    "added": result.added,
                    # Not `result.unchanged`: a synthetic article can repeat an earlier
                    # one's text (a title and a single paragraph drawn twice), and is
                    # then stored as unchanged in a slice that was never interrupted.
                    "resumed": before > 0,
                    "failed": result.failed,
                    "stories_written": result.stories,
                    "seconds": round(seconds, 1),
                    "articles_per_s": round(result.stored / seconds, 1),
                    "cpu_seconds": round(cpu_seconds, 1),
                    "articles_per_cpu_s": round(result.stored / cpu_seconds, 1),
                    "database_mib": database_mib(store, folder),
                    "peak_rss_mib": round(peak_rss_mib(), 1),
                    **(
                        workers_figures(workers_cpu, result.stored, cpu_seconds, workers_peak)
                        if workers
                        else {}
                    ),
                    **(
                        {"server_cpu_seconds": round(server_after - server_cpu, 1)}
                        if server_cpu is not None and server_after is not None
                        else {}
                    ),
                    "finished": datetime.now(UTC).isoformat(timespec="seconds"),
                    "commit": commit(),
                    "load_average": machine()["load_average"],
                }
            )
            print(f"slice {len(progress.slices)}: {progress.slices[-1]}", flush=True)
        search = _search_latency(store)
        search["slowest_queries_once_more_ms"] = slowest_queries(store)
        # A finished run given again times search alone, with the code of the day.
        search["commit"], search["finished"] = (
            commit(),
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        engine = store.engine.dialect.name
        size_at_end = database_mib(store, folder)
    slices = progress.slices
    rates = [s["articles_per_s"] for s in slices]
    # CPU time is steadier on a shared machine, but with workers it leaves their work out.
    steady = rates if workers else [s["articles_per_cpu_s"] for s in slices]
    stored = sum(s["articles"] for s in slices)
    timed = sum(s.get("timed_articles", s["articles"]) for s in slices)
    seconds = sum(s["seconds"] for s in slices)
    return {
        "corpus": f"{total} synthetic articles from ANT paragraphs, seed {seed}",
        "engine": engine,
        "workers": workers or 1,
        "articles_stored": stored,
        "failed": sum(s["failed"] for s in slices),
        "seconds": round(seconds, 1),
        "hours": round(seconds / 3600, 2),
        "articles_per_s": round(timed / seconds, 1),
        "articles_per_s_per_slice": rates,
        "articles_per_cpu_s_per_slice": [s["articles_per_cpu_s"] for s in slices],
        "last_slice_to_first": round(steady[-1] / steady[0], 2),
        # A resumed slice found some of its articles stored already: its rate is not comparable.
        "resumed_slices": [number for number, s in enumerate(slices, 1) if s["resumed"]],
        "slices": slices,
        "database_mib": size_at_end,
        "peak_rss_mib": max(s["peak_rss_mib"] for s in slices),
        "peak_rss_largest_worker_mib": max(
            (
                s["peak_rss_largest_worker_mib"]
                for s in slices
                if "peak_rss_largest_worker_mib" in s
            ),
            default=None,
        ),
        "search": search,
        "machine": machine(),
    }


class Progress:
    """The figures of the slices finished so far, written after each one."""

    def __init__(self, path: Path, **identity: Any) -> None:
        self.path, self.identity = path, identity
        self.slices: list[dict[str, Any]] = []
        if path.exists():
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept["identity"] != identity:
                raise SystemExit(f"{path}: kept from a different run ({kept['identity']})")
            self.slices = kept["slices"]

    def add(self, figures: dict[str, Any]) -> None:
        self.slices.append(figures)
        kept = {"identity": self.identity, "slices": self.slices}
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(kept, indent=1, ensure_ascii=False), encoding="utf-8")
        partial.replace(self.path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000, help="size of the corpus")
    parser.add_argument("--db", default=None, help="an empty PostgreSQL database URL")
    parser.add_argument("--workers", type=int, default=None, help="analyse on a local Dask")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--name", default="", help="results go to scale[-ENGINE][-NAME].json")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="keep the store here; a rerun resumes"
    )
    arguments = parser.parse_args()
    result = run(
        arguments.articles, arguments.db, arguments.workers, arguments.seed, arguments.workdir
    )
    suffix = "" if result["engine"] == "sqlite" else f"-{result['engine']}"
    suffix += arguments.name and f"-{arguments.name}"
    report(f"scale{suffix}", result)


if __name__ == "__main__":
    main()
