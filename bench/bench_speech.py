"""Speed of the quote, date and event stages on a fixed ANT sample.

Every 63rd article of the ANT corpus (500 articles, as in bench_entities.py)
is cleaned and its entities found (not timed); then the quote, date and
event stages are timed apart on one core, in articles and tokens per
second, with how much each finds.

    python bench/bench_speech.py [--every 63] [--limit 500]
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

from _common import machine, peak_rss_mib, report, require_ant

from rasid.model import Article, Document, Event, Quote, TimeExpression
from rasid.pipeline import Pipeline, get_stage
from rasid.readers import read_paths
from rasid.settings import Options
from rasid.text.tokens import tokenize


def sample(every: int, limit: int) -> list[Document]:
    pipeline = Pipeline(["clean", "entities"])
    articles: list[Article] = []
    for index, item in enumerate(read_paths([require_ant()], Options())):
        if isinstance(item, Article) and index % every == 0:
            articles.append(item)
            if len(articles) >= limit:
                break
    return [d for d in pipeline.run_many(articles) if isinstance(d, Document)]


def timed(stage: str, documents: list[Document]) -> tuple[float, list[Document]]:
    run = get_stage(stage)
    start = time.perf_counter()
    done = [run(document) for document in documents]
    return time.perf_counter() - start, done


def run(every: int, limit: int) -> dict[str, Any]:
    documents = sample(every, limit)
    tokens = sum(len(tokenize(d.text)) for d in documents)
    timed("quotes", documents[:5])  # warm caches and lazy tables
    timed("dates", documents[:5])
    quote_seconds, quoted = timed("quotes", documents)
    date_seconds, dated = timed("dates", quoted)
    timed("events", dated[:5])
    event_seconds, evented = timed("events", dated)
    found_events = [e for d in evented for e in d.records(Event)]
    quotes = [q for d in quoted for q in d.records(Quote)]
    dates = [t for d in dated for t in d.records(TimeExpression)]
    return {
        "articles": len(documents),
        "tokens": tokens,
        "quotes": {
            "articles_per_second": round(len(documents) / quote_seconds, 1),
            "tokens_per_second": round(tokens / quote_seconds),
            "found": len(quotes),
            "per_article": round(len(quotes) / len(documents), 2),
            "direct_share": round(sum(q.direct for q in quotes) / max(len(quotes), 1), 3),
            "anonymous_share": round(sum(q.anonymous for q in quotes) / max(len(quotes), 1), 3),
            "linked_speaker_share": round(
                sum(q.speaker_kb_id is not None for q in quotes) / max(len(quotes), 1), 3
            ),
        },
        "dates": {
            "articles_per_second": round(len(documents) / date_seconds, 1),
            "tokens_per_second": round(tokens / date_seconds),
            "found": len(dates),
            "per_article": round(len(dates) / len(documents), 2),
        },
        "events": {
            "articles_per_second": round(len(documents) / event_seconds, 1),
            "tokens_per_second": round(tokens / event_seconds),
            "found": len(found_events),
            "per_article": round(len(found_events) / len(documents), 2),
            "with_place_share": round(
                sum(e.lat is not None for e in found_events) / max(len(found_events), 1), 3
            ),
            "by_type": dict(Counter(e.type for e in found_events).most_common()),
        },
        "peak_rss_mib": round(peak_rss_mib()),
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=63)
    parser.add_argument("--limit", type=int, default=500)
    arguments = parser.parse_args()
    report("speech", run(arguments.every, arguments.limit))


if __name__ == "__main__":
    main()
