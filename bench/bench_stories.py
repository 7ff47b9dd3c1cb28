"""Ingest the whole ANT corpus with stories and search, then measure search and relatedness.

    python bench/bench_stories.py [--limit N] [--slice 5000] [--db PATH]

1. The corpus is put in publication order (as a live feed delivers it) and
   ingested in slices of `--slice` articles, one `ingest` call each, into a
   fresh SQLite file; each call ends by bringing the stories up to date.
   Articles/s per slice show whether the cost per article stays flat as the
   store grows.
2. One slice of already-stored articles is ingested again out of order
   (the first slice, after the last): what a late backfill costs.
3. The two seeds are ingested; each one's rank in the other's related list.
   Then `rasid eval related --store` on this store: the labelled days asked
   among the whole corpus; and the latency of `related` for 40 articles.
4. 50 fixed queries (some with filters), three rounds: median and p95
   latency of a search that returns 10 hits with their snippets.

Results go to bench/results/stories.json.

    python bench/bench_stories.py --db PATH --measure-only

measures 3 and 4 again on a store an earlier run kept with `--db` (after a
change to search or relatedness that leaves ingest alone) and rewrites
those two entries of the results, noting the code's revision.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from _common import ROOT, machine, peak_rss_mib, report, require_ant

from rasid.ingest import ingest
from rasid.settings import Options
from rasid.store import SqlStore
from rasid.store.search import SearchFilters

SEEDS = ROOT.parent / "shared" / "seeds"

QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("النازحين", {}),
    ("اللاذقية", {}),
    ("إدلب", {}),
    ("وقف إطلاق النار", {}),
    ("الغوطة الشرقية", {}),
    ("عفرين", {}),
    ("غصن الزيتون", {}),
    ("الحوثيين", {}),
    ("الحديدة", {}),
    ("مجلس الأمن", {}),
    ("الأمم المتحدة سوريا", {}),
    ("ترامب", {}),
    ("بوتين أردوغان", {}),
    ("العقوبات الأمريكية على إيران", {}),
    ("الاتفاق النووي", {}),
    ("أسعار النفط", {}),
    ("الليرة التركية", {}),
    ("كأس العالم", {}),
    ("محمد صلاح", {}),
    ("الانتخابات العراقية", {}),
    ("مقتدى الصدر", {}),
    ("غزة", {}),
    ("مسيرة العودة", {}),
    ("القدس السفارة الأمريكية", {}),
    ("السعودية كندا", {}),
    ("خاشقجي", {}),
    ("قطر", {}),
    ("الأزمة الخليجية", {}),
    ("ليبيا حفتر", {}),
    ("طرابلس اشتباكات", {}),
    ("مصر الانتخابات الرئاسية", {}),
    ("السيسي", {}),
    ("الجزائر", {}),
    ("تونس احتجاجات", {}),
    ("المغرب", {}),
    ("لبنان الحكومة", {}),
    ("حزب الله", {}),
    ("الأسلحة الكيميائية دوما", {}),
    ("الضربة الأمريكية البريطانية الفرنسية", {}),
    ("سكريبال", {}),
    ("كوريا الشمالية", {}),
    ("كيم جونغ أون ترامب قمة", {}),
    ("الهجرة المتوسط", {}),
    ("زلزال", {}),
    ("إدلب", {"source": "BBC"}),
    ("الحوثيين", {"event_type": "ASSAULT"}),
    ("سوريا", {"since": datetime(2018, 9, 1)}),
    ("النفط", {"until": datetime(2018, 3, 1)}),
    ("", {"kb_ids": ("geonames:173576",)}),
    ("روسيا", {"kb_ids": ("country:TR",)}),
]


def _slices(limit: int | None, size: int, folder: Path) -> list[Path]:
    with gzip.open(require_ant(), "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    if limit:
        records = records[:limit]

    def moment(record: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(record["published"]).astimezone().replace(tzinfo=None)

    records.sort(key=lambda r: (moment(r), r["id"]))
    paths = []
    for number, start in enumerate(range(0, len(records), size)):
        path = folder / f"slice-{number:02d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            out.writelines(
                json.dumps(r, ensure_ascii=False) + "\n" for r in records[start : start + size]
            )
        paths.append(path)
    return paths


def _timed_ingest(store: SqlStore, path: Path, options: Options) -> dict[str, Any]:
    started = time.perf_counter()
    result = ingest([path], store, options, fmt="jsonl")
    seconds = time.perf_counter() - started
    return {
        "articles": result.stored,
        "added": result.added,
        "failed": result.failed,
        "stories_written": result.stories,
        "seconds": round(seconds, 1),
        "articles_per_s": round(result.stored / seconds, 1) if seconds else 0.0,
    }


def _search_latency(store: SqlStore) -> dict[str, Any]:
    timings, hits = [], {}
    for round_number in range(3):
        for query, filters in QUERIES:
            started = time.perf_counter()
            found = store.search(query, SearchFilters(**filters), limit=10)
            timings.append((time.perf_counter() - started) * 1000)
            if round_number == 0:
                hits[f"{query} {filters or ''}".strip()] = len(found)
    timings.sort()
    return {
        "queries": len(QUERIES),
        "rounds": 3,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * len(timings)) - 1], 2),
        "max_ms": round(timings[-1], 2),
        "hits_of_first_round": hits,
    }


def _seeds(store: SqlStore, options: Options) -> dict[str, Any]:
    if not SEEDS.is_dir():
        return {"skipped": f"{SEEDS} is not there"}
    paths = sorted(SEEDS.glob("*.txt"))
    ingest(paths, store, options)
    first, second = (store.get(str(path)).id for path in paths)
    ranks = {}
    for me, other in ((first, second), (second, first)):
        related = [hit.id for hit in store.related(me, limit=20)]
        ranks[me] = related.index(other) + 1 if other in related else None
    story_sizes = {seed: len(store.story(seed).articles) for seed in (first, second)}
    return {"rank_of_the_other_seed": ranks, "seed_story_sizes": story_sizes}


def _related_latency(store: SqlStore, count: int = 40) -> dict[str, Any]:
    """`related` for `count` stored articles drawn with a fixed seed: median and p95."""
    import random

    with store.engine.connect() as connection:
        ids = list(
            connection.exec_driver_sql("SELECT article_id FROM article_profiles ORDER BY id")
            .scalars()
            .all()
        )
    timings = []
    for article_id in random.Random(3).sample(ids, min(count, len(ids))):
        started = time.perf_counter()
        store.related(article_id, limit=10)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "articles": len(timings),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(int(0.95 * len(timings)) - 1, 0)], 2),
        "max_ms": round(timings[-1], 2),
    }


def _related_on_the_whole_store(store: SqlStore) -> dict[str, Any]:
    """`rasid eval related --store`: the labelled days asked among a year of other news."""
    from rasid.evaluation.related import score_related_in
    from rasid.evaluation.stories import STORY_SETS, load_labels

    try:
        return {
            name: score_related_in(store, load_labels(path)).to_dict()
            for name, path in STORY_SETS.items()
        }
    except ValueError as error:  # --limit left labelled articles out
        return {"skipped": str(error)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="Only the first N articles.")
    parser.add_argument("--slice", type=int, default=5000)
    parser.add_argument("--db", type=Path, default=None, help="Keep the store here.")
    parser.add_argument(
        "--measure-only", action="store_true", help="Only steps 3 and 4, on the store at --db."
    )
    args = parser.parse_args()
    options = Options()
    if args.measure_only:
        _measure_again(args.db, options)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = args.db or folder / "ant.db"
        db.unlink(missing_ok=True)
        slices = _slices(args.limit, args.slice, folder)
        store = SqlStore(str(db))
        started = time.perf_counter()
        per_slice = [_timed_ingest(store, path, options) for path in slices]
        total = time.perf_counter() - started
        backfill = _timed_ingest(store, slices[0], options) if len(slices) > 1 else None
        with store.engine.connect() as connection:
            counts = connection.exec_driver_sql(
                "SELECT count(*), sum(articles > 1), max(articles) FROM stories"
            ).one()
            copies = connection.exec_driver_sql(
                "SELECT count(*) FROM article_profiles WHERE copy_of IS NOT NULL"
            ).scalar()
        stored = sum(s["articles"] for s in per_slice)
        result: dict[str, Any] = {
            "corpus": "ant-v2.1.jsonl.gz, in publication order",
            "articles_stored": stored,
            "failed": sum(s["failed"] for s in per_slice),
            "seconds": round(total, 1),
            "articles_per_s": round(stored / total, 1),
            "articles_per_s_per_slice": [s["articles_per_s"] for s in per_slice],
            "slices": per_slice,
            "backfill_of_first_slice_again": backfill,
            "stories": counts[0],
            "stories_with_several_articles": counts[1],
            "largest_story": counts[2],
            "copies": copies,
            "database_mib": round(db.stat().st_size / 2**20, 1),
            "search": _search_latency(store),
            "seeds": _seeds(store, options),
            "related_on_the_whole_store": _related_on_the_whole_store(store),
            "related_latency": _related_latency(store),
            "peak_rss_mib": round(peak_rss_mib(), 1),
            "machine": machine(),
        }
        store.close()
    report("stories" if args.limit is None else "stories-sample", result)


def _measure_again(db: Path | None, options: Options) -> None:
    if db is None or not db.is_file():
        raise SystemExit("--measure-only needs --db, a store an earlier run kept")
    path = ROOT / "bench" / "results" / "stories.json"
    result = json.loads(path.read_text(encoding="utf-8"))
    store = SqlStore(str(db))
    result["search"] = _search_latency(store)
    result["seeds"] = _seeds(store, options)
    result["related_on_the_whole_store"] = _related_on_the_whole_store(store)
    result["related_latency"] = _related_latency(store)
    store.close()
    result["search_and_seeds_measured_at"] = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    result["machine"] = machine()
    report("stories", result)


if __name__ == "__main__":
    main()
