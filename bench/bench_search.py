"""Which stemmer should search use? Retrieval of same-story articles on the labelled ANT days.

    python bench/bench_search.py

For each stemmer the analyser offers (snowball, light, none), the labelled
articles of both story sets (tests/data/stories/) are indexed in an SQLite
FTS5 table the way the store indexes them. Each article's headline is then a
query (any of its terms, BM25, headline weighted 3): the other members of
its labelled story are the relevant answers. Reported: mean average
precision, recall in the top 10, the share of queries whose first answer is
relevant, the index's distinct terms, and analysis speed. Results go to
bench/results/search.json.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import statistics
import time
from collections import defaultdict
from typing import Any

from _common import machine, report, require_ant

from rasid.evaluation.related import average_precision
from rasid.evaluation.stories import STORY_SETS, load_labels
from rasid.search.analyzer import Analyzer, StemmerName

STEMMERS: tuple[StemmerName, ...] = ("snowball", "light", "none")


def _articles(labels: dict[str, str]) -> dict[str, tuple[str, str]]:
    found = {}
    with gzip.open(require_ant(), "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in labels:
                found[record["id"]] = (record.get("title") or "", record.get("text") or "")
    return found


def _measure(
    stemmer: StemmerName, articles: dict[str, tuple[str, str]], labels: dict[str, str]
) -> dict[str, Any]:
    analyse = Analyzer(stemmer).terms
    started = time.perf_counter()
    indexed = {key: (analyse(title), analyse(body)) for key, (title, body) in articles.items()}
    seconds = time.perf_counter() - started
    words = sum(len(title.split()) + len(body.split()) for title, body in articles.values())
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, body)")
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?)",
        [(key, " ".join(title), " ".join(body)) for key, (title, body) in indexed.items()],
    )
    members = defaultdict(set)
    for key in articles:
        members[labels[key]].add(key)
    precisions, recalls, firsts = [], [], []
    for key, (title, _) in indexed.items():
        relevant = members[labels[key]] - {key}
        if not relevant or not title:
            continue
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in dict.fromkeys(title))
        ranked = [
            row[0]
            for row in db.execute(
                "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 3.0, 1.0) LIMIT 51",
                (query,),
            )
            if row[0] != key
        ][:50]
        precisions.append(average_precision(ranked, relevant))
        recalls.append(len(relevant & set(ranked[:10])) / len(relevant))
        firsts.append(1.0 if ranked and ranked[0] in relevant else 0.0)
    return {
        "queries": len(precisions),
        "mean_average_precision": round(statistics.mean(precisions), 4),
        "recall_at_10": round(statistics.mean(recalls), 4),
        "first_is_relevant": round(statistics.mean(firsts), 4),
        "distinct_terms": len({t for title, body in indexed.values() for t in title + body}),
        "words_per_s": round(words / seconds),
    }


def main() -> None:
    labels: dict[str, str] = {}
    for name, path in STORY_SETS.items():
        labels.update({key: f"{name}:{story}" for key, story in load_labels(path).items()})
    articles = _articles(labels)
    result: dict[str, Any] = {
        "articles": len(articles),
        "sets": sorted(STORY_SETS),
        **{stemmer: _measure(stemmer, articles, labels) for stemmer in STEMMERS},
        "machine": machine(),
    }
    report("search", result)


if __name__ == "__main__":
    main()
