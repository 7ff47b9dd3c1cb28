"""One table of the headline figures from every bench/results/*.json, with the issue's targets.

    python bench/report.py

A result file that is not there (its benchmark was not run) shows as a dash.
Rates per core come from CPU time where the benchmark measured it: the
machine may be shared, and CPU time is what one core gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from _common import RESULTS

Figure = tuple[str, str, Callable[[dict[str, dict[str, Any]]], Any], str]


def _get(results: dict[str, dict[str, Any]], name: str, *keys: str | int) -> Any:
    value: Any = results.get(name)
    for key in keys:
        if value is None:
            return None
        value = value[key] if isinstance(key, int) else value.get(key)
    return value


def _path(name: str, *keys: str | int) -> Callable[[dict[str, dict[str, Any]]], Any]:
    return lambda results: _get(results, name, *keys)


def _bert_ratio(results: dict[str, dict[str, Any]]) -> float | None:
    """rasid's full pipeline on the whole sample over BERT, both in tokens per CPU second."""
    rasid = _get(results, "pipeline", "full_pipeline_tokens_per_cpu_s")
    bert = _get(results, "bert", "bert_tokens_per_cpu_s")
    return round(rasid / bert, 1) if rasid and bert else None


def _stage(stage: str) -> Callable[[dict[str, dict[str, Any]]], Any]:
    def figure(results: dict[str, dict[str, Any]]) -> Any:
        rates = _get(results, "pipeline", "per_stage", stage)
        return rates and f"{rates['articles_per_cpu_s']} art/s, {rates['tokens_per_cpu_s']} tok/s"

    return figure


FIGURES: list[Figure] = [
    ("clean", "read + clean, articles/s", _path("clean", "read_and_clean", "articles_per_s"), ""),
    ("ingest", "full ingest into SQLite, articles/s", _path("ingest", "articles_per_s"), ""),
    ("ingest", "per 5,000-article slice", _path("ingest", "articles_per_s_per_5000_slice"), ""),
    (
        "pathological",
        "one-line article / paragraphs, time",
        _path("pathological", "one_line_ratio"),
        "",
    ),
    (
        "entities",
        "tag + link, tokens/CPU s",
        _path("entities", "tokens_per_second", "steady", "tag_and_link_cpu"),
        "",
    ),
    ("speech", "quotes, articles/s", _path("speech", "quotes", "articles_per_second"), ""),
    ("speech", "dates, articles/s", _path("speech", "dates", "articles_per_second"), ""),
    ("speech", "events, articles/s", _path("speech", "events", "articles_per_second"), ""),
    (
        "search",
        "MAP (light stemmer), dev + heldout",
        _path("search", "light", "mean_average_precision"),
        "",
    ),
    *[
        ("pipeline", f"stage {stage}, per CPU s", _stage(stage), "")
        for stage in ("read", "clean", "entities", "quotes", "dates", "events")
    ],
    (
        "pipeline",
        "full pipeline, articles/CPU s",
        _path("pipeline", "full_pipeline_articles_per_cpu_s"),
        ">= 100",
    ),
    (
        "pipeline",
        "full pipeline, articles/s wall",
        _path("pipeline", "full_pipeline_articles_per_s"),
        "",
    ),
    ("bert", "BERT-base, tokens/CPU s", _path("bert", "bert_tokens_per_cpu_s"), ""),
    ("bert", "BERT-base, articles/CPU s", _path("bert", "bert_articles_per_cpu_s"), ""),
    ("bert", "rasid / BERT, same run", _path("bert", "ratio_same_run_cpu"), ">= 100"),
    ("bert", "rasid / BERT, pipeline.json", _bert_ratio, ">= 100"),
    ("stories", "whole ANT with stories, articles/s", _path("stories", "articles_per_s"), ""),
    ("stories", "search p50 ms (31.5k articles)", _path("stories", "search", "median_ms"), ""),
    ("stories", "search p95 ms (31.5k articles)", _path("stories", "search", "p95_ms"), ""),
    ("scale", "articles ingested", _path("scale", "articles_stored"), "1,000,000"),
    ("scale", "articles/s per slice", _path("scale", "articles_per_s_per_slice"), "flat"),
    ("scale", "articles/CPU s per slice", _path("scale", "articles_per_cpu_s_per_slice"), "flat"),
    ("scale", "last slice / first slice", _path("scale", "last_slice_to_first"), "~1"),
    ("scale", "peak RSS MiB", _path("scale", "peak_rss_mib"), "< 2048"),
    ("scale", "database MiB", _path("scale", "database_mib"), ""),
    ("scale", "search p50 ms", _path("scale", "search", "median_ms"), ""),
    ("scale", "search p95 ms", _path("scale", "search", "p95_ms"), "< 100 at 1M"),
    (
        "scale-postgresql",
        "articles/s per slice",
        _path("scale-postgresql", "articles_per_s_per_slice"),
        "flat",
    ),
    (
        "scale-postgresql",
        "search p95 ms",
        _path("scale-postgresql", "search", "p95_ms"),
        "< 100 at 1M",
    ),
    ("dask", "single process, s", lambda r: _get(r, "dask", "single_process", 0, "seconds"), ""),
    ("dask", "2 local workers, s", lambda r: _get(r, "dask", "dask", 0, "seconds"), ""),
    ("dask", "speed-up", _path("dask", "speed_up"), ""),
]


def load_results() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    results, dates = {}, {}
    for path in sorted(RESULTS.glob("*.json")):
        results[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        dates[path.stem] = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%d")
    return results, dates


def main() -> None:
    results, dates = load_results()
    rows = [("benchmark", "figure", "value", "target", "run")]
    for name, label, figure, target in FIGURES:
        value = figure(results)
        rows.append(
            (name, label, "-" if value is None else str(value), target, dates.get(name, ""))
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
