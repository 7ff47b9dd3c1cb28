"""Throughput and memory of reading + cleaning the ANT corpus (31.5k articles).

Two passes over the same gzipped JSON-lines file in one run: reading alone,
then reading and running the default pipeline. The machine is shared and
noisy, so the ratio between the passes says more than either figure.

    python bench/bench_clean.py [--limit N]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from _common import machine, peak_rss_mib, report, require_ant

from rasid.model import Article
from rasid.pipeline import Pipeline
from rasid.readers import read_paths
from rasid.settings import Options


def run(limit: int | None) -> dict[str, Any]:
    ant = require_ant()
    options = Options()
    pipeline = Pipeline(["clean"])

    def articles() -> list[Article] | Any:
        count = 0
        for item in read_paths([ant], options):
            if isinstance(item, Article):
                yield item
                count += 1
                if limit and count >= limit:
                    return

    start = time.perf_counter()
    read_count = sum(1 for _ in articles())
    read_seconds = time.perf_counter() - start

    start = time.perf_counter()
    cleaned = chars = removed = repairs = 0
    for article in articles():
        document = pipeline.run(article)
        cleaned += 1
        chars += len(article.raw_text)
        removed += len(document.removed)
        repairs += len(document.repairs)
    clean_seconds = time.perf_counter() - start

    return {
        "corpus": ant.name,
        "articles": cleaned,
        "characters": chars,
        "read_only": {
            "seconds": round(read_seconds, 2),
            "articles_per_s": round(read_count / read_seconds, 1),
        },
        "read_and_clean": {
            "seconds": round(clean_seconds, 2),
            "articles_per_s": round(cleaned / clean_seconds, 1),
            "mchars_per_s": round(chars / clean_seconds / 1e6, 2),
        },
        "clean_cost_ratio": round(clean_seconds / read_seconds, 2),
        "removed_lines": removed,
        "repairs": repairs,
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="stop after N articles")
    report("clean", run(parser.parse_args().limit))


if __name__ == "__main__":
    main()
