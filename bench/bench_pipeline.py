"""Throughput of the full pipeline on one core, stage by stage, on a fixed ANT sample.

1. The sample (every 15th ANT article, the first 2,000; see `_common`) is
   copied to a scratch JSON-lines file and read with rasid's reader (timed:
   the `read` row).
2. The models are loaded on a few articles first (not timed).
3. The default pipeline (`rasid.ingest.pipeline_for`) runs over the whole
   sample, `ANALYSIS_BATCH` articles at a time as an ingest runs it, each
   stage on each batch timed apart and the times summed per stage:
   articles/s and tokens/s, in wall-clock and in CPU time.
4. The whole pipeline (`Pipeline.run_many`, the same batches) runs over the
   sample again, `--rounds` times, timed as one.

Tokens are `rasid.text.tokens.tokenize` tokens of the clean text. The
process keeps to one thread (numpy, onnxruntime), so a figure is per core;
on a shared machine the CPU-time figure is the steadier of the two.

    python bench/bench_pipeline.py [--every 15] [--limit 2000] [--rounds 2]
"""

from __future__ import annotations

import os

# One thread for numpy's kernels (rasid's tagger asks onnxruntime for one itself),
# so that every figure is per core.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _common import (
    SAMPLE_EVERY,
    SAMPLE_LIMIT,
    machine,
    peak_rss_mib,
    report,
    write_ant_sample,
)

from rasid.ingest import ANALYSIS_BATCH, pipeline_for, warm_up
from rasid.model import Article, Document
from rasid.readers import read_paths
from rasid.settings import Options
from rasid.text.tokens import tokenize


def read_sample(every: int, limit: int) -> tuple[list[Article], dict[str, float]]:
    """The sample's articles, and what reading them cost."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_ant_sample(Path(folder) / "sample.jsonl", every=every, limit=limit)
        wall, cpu = time.perf_counter(), time.process_time()
        articles = [a for a in read_paths([path], Options()) if isinstance(a, Article)]
        timing = {
            "seconds": time.perf_counter() - wall,
            "cpu_seconds": time.process_time() - cpu,
        }
    return articles, timing


def _batches(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + ANALYSIS_BATCH] for i in range(0, len(items), ANALYSIS_BATCH)]


def timed(work: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, {
        "seconds": time.perf_counter() - wall,
        "cpu_seconds": time.process_time() - cpu,
    }


def rates(timing: dict[str, float], articles: int, tokens: int) -> dict[str, float]:
    seconds, cpu = timing["seconds"], timing["cpu_seconds"]
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "articles_per_s": round(articles / seconds, 1),
        "tokens_per_s": round(tokens / seconds),
        "articles_per_cpu_s": round(articles / cpu, 1),
        "tokens_per_cpu_s": round(tokens / cpu),
    }


def run(every: int, limit: int, rounds: int) -> dict[str, Any]:
    articles, reading = read_sample(every, limit)
    pipeline = pipeline_for(Options())
    pipeline.run_many(articles[:16])  # load the models and the lazy tables
    warm_up(pipeline)  # as an ingest does: models frozen out of the collector's sweeps

    per_stage: dict[str, dict[str, float]] = {}
    timings: dict[str, dict[str, float]] = {
        stage.name: {"seconds": 0.0, "cpu_seconds": 0.0} for stage in pipeline.stages
    }
    documents: list[Document] = []
    # Batch by batch, stage after stage, as `Pipeline.run_many` goes: a stage
    # may find what an earlier one left for the same texts (their sentences).
    for batch in _batches([Document.from_article(a) for a in articles]):
        for stage in pipeline.stages:
            batch, timing = timed(lambda stage=stage, batch=batch: stage.run_many(batch))
            for key, value in timing.items():
                timings[stage.name][key] += value
        documents.extend(batch)
    tokens = sum(len(tokenize(d.text)) for d in documents)
    per_stage["read"] = rates(reading, len(articles), tokens)
    for name, timing in timings.items():
        per_stage[name] = rates(timing, len(articles), tokens)
    stages_total = {
        key: sum(t[key] for t in timings.values()) for key in ("seconds", "cpu_seconds")
    }

    whole_rounds = []
    failed = 0
    for _ in range(rounds):
        results, timing = timed(
            lambda: [r for batch in _batches(articles) for r in pipeline.run_many(batch)]
        )
        failed = sum(isinstance(r, Exception) for r in results)
        whole_rounds.append(rates(timing, len(articles), tokens))
    best = min(whole_rounds, key=lambda r: r["cpu_seconds"])
    return {
        "corpus": f"ant-v2.1.jsonl.gz, every {every}th article, the first {limit}",
        "articles": len(articles),
        "tokens": tokens,
        "tokens_per_article": round(tokens / len(articles), 1),
        "stages": list(pipeline.names),
        "per_stage": per_stage,
        "sum_of_stages": rates(stages_total, len(articles), tokens),
        "whole_pipeline_rounds": whole_rounds,
        "whole_pipeline_failed": failed,
        "full_pipeline_articles_per_s": best["articles_per_s"],
        "full_pipeline_articles_per_cpu_s": best["articles_per_cpu_s"],
        "full_pipeline_tokens_per_cpu_s": best["tokens_per_cpu_s"],
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=SAMPLE_EVERY, help="every Nth ANT article")
    parser.add_argument("--limit", type=int, default=SAMPLE_LIMIT, help="articles in the sample")
    parser.add_argument("--rounds", type=int, default=2, help="passes of the whole pipeline")
    arguments = parser.parse_args()
    report("pipeline", run(arguments.every, arguments.limit, arguments.rounds))


if __name__ == "__main__":
    main()
