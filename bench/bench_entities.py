"""Speed of tagging + linking, and knowledge-base coverage, on fixed ANT samples.

The coverage sample is every 63rd article of the ANT corpus (500 articles,
the same every run). The speed run reads it first and then `--slices` more
samples of 500 (every 63rd article, starting at other offsets, no article
twice), the way a long ingest meets new text. Each article is cleaned
first (not timed); then, on one core:

- tokenising and sentence splitting, the tagger, and the linker are timed
  apart, in tokens per second, slice by slice. The tagger reads
  `ANALYSIS_BATCH` articles' sentences per call, as the pipeline does; one
  article at a time is timed too (on the first slice), for the ratio, and
  the accurate mode's pool of networks.
- `tag_and_link` is the issue's measure (tagging plus linking, wall clock);
  `tag_and_link_cpu` the same over the process's CPU time, which a busy
  shared machine disturbs less (`load_average`, before and after, says how
  busy it was).
- The first slice is "cold" (a fresh process); later slices find the
  per-word caches (matching keys, name readings, romanisations) holding more
  of their words. "steady" is the median of the last three slices.
- coverage: the share of the tagger's PERS/ORG/LOC mentions that link to a
  knowledge-base record rather than a new-entity id, per type, with the
  curated records left out ("before curation") and with everything.

    python bench/bench_entities.py [--every 63] [--limit 500] [--slices 6]
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

from _common import machine, peak_rss_mib, report, require_ant

from rasid.ingest import ANALYSIS_BATCH
from rasid.kb.index import KnowledgeBase, default_kb
from rasid.kb.linker import Linker
from rasid.model import Article
from rasid.ner.neural import default_neural_tagger as default_tagger
from rasid.ner.neural import default_pool_tagger
from rasid.pipeline import Pipeline
from rasid.readers import read_paths
from rasid.settings import Options
from rasid.text.tokens import sentences


def samples(every: int, limit: int, offsets: Sequence[int]) -> list[list[str]]:
    """Clean texts of every `every`-th article from each offset, `limit` per offset."""
    pipeline = Pipeline(["clean"])
    texts: dict[int, list[str]] = {offset: [] for offset in offsets}
    for index, item in enumerate(read_paths([require_ant()], Options())):
        chosen = texts.get(index % every)
        if isinstance(item, Article) and chosen is not None and len(chosen) < limit:
            chosen.append(pipeline.run(item).text)
    return [texts[offset] for offset in offsets]


def coverage(texts: list[str], tags: list[list[list[str]]], kb: KnowledgeBase) -> dict[str, Any]:
    linker = Linker(kb)
    linked: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text, sentence_tags in zip(texts, tags, strict=True):
        for entity in linker.entities(text, sentences(text), sentence_tags):
            if entity.type in ("PERS", "ORG", "LOC"):
                total[entity.type] += 1
                linked[entity.type] += not entity.kb_id.startswith("new:")
    shares = {kind: round(linked[kind] / total[kind], 3) for kind in sorted(total)}
    all_linked, all_total = sum(linked.values()), sum(total.values())
    return {
        "linked_share": shares,
        "mentions": dict(total),
        "all": round(all_linked / all_total, 3),
    }


def timed(texts: list[str], kb: KnowledgeBase) -> tuple[dict[str, int], list[list[list[str]]]]:
    """Tokens per second of each phase over `texts`, and the tags."""
    tagger = default_tagger()
    start = time.perf_counter()
    split = [sentences(text) for text in texts]
    split_seconds = time.perf_counter() - start
    words = [[[t.text for t in s] for s in document] for document in split]
    tokens = sum(len(sentence) for document in words for sentence in document)

    start, cpu_start = time.perf_counter(), time.process_time()
    tags: list[list[list[str]]] = []
    for first in range(0, len(words), ANALYSIS_BATCH):
        batch = words[first : first + ANALYSIS_BATCH]
        flat = tagger.tag_many([sentence for document in batch for sentence in document])
        for article in batch:
            tags.append(flat[: len(article)])
            flat = flat[len(article) :]
    tag_seconds = time.perf_counter() - start
    tag_cpu = time.process_time() - cpu_start

    linker = Linker(kb)
    start, cpu_start = time.perf_counter(), time.process_time()
    for text, document, document_tags in zip(texts, split, tags, strict=True):
        linker.entities(text, document, document_tags)
    link_seconds = time.perf_counter() - start
    link_cpu = time.process_time() - cpu_start

    total = split_seconds + tag_seconds + link_seconds
    speeds = {
        "tokens": tokens,
        "tokenize": round(tokens / split_seconds),
        "tag": round(tokens / tag_seconds),
        "link": round(tokens / link_seconds),
        "all": round(tokens / total),
        "tag_and_link": round(tokens / (tag_seconds + link_seconds)),
        "tag_and_link_cpu": round(tokens / (tag_cpu + link_cpu)),
    }
    return speeds, tags


def run(every: int, limit: int, slices: int) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    offsets = [0, *(every * (k + 1) // (slices + 1) for k in range(slices))]
    texts, *others = samples(every, limit, offsets)
    kb = default_kb()
    Linker(kb).entities("تمهيد", sentences("تمهيد"), [["O"]])  # load lazily built indexes
    default_tagger().tag_many([["تمهيد"]])

    cold, tags = timed(texts, kb)
    speeds = [cold] + [timed(other, kb)[0] for other in others]
    steady = {
        phase: sorted(speed[phase] for speed in speeds[-3:])[1]
        for phase in ("tokenize", "tag", "link", "all", "tag_and_link", "tag_and_link_cpu")
    }
    words = [[[t.text for t in s] for s in sentences(text)] for text in texts]
    start = time.perf_counter()
    for document in words:
        default_tagger().tag_many(document)
    one_at_a_time = round(cold["tokens"] / (time.perf_counter() - start))
    pool = default_pool_tagger()
    pool.tag_many([["تمهيد"]])
    start = time.perf_counter()
    for first in range(0, len(words), ANALYSIS_BATCH):
        pool.tag_many([s for document in words[first : first + ANALYSIS_BATCH] for s in document])
    accurate = round(cold["tokens"] / (time.perf_counter() - start))

    curated_free = KnowledgeBase(
        r for r in kb.records.values() if not r.source.startswith("curated")
    )
    mentions = sum(
        len(Linker(kb).entities(text, sentences(text), document_tags))
        for text, document_tags in zip(texts, tags, strict=True)
    )
    return {
        "articles": len(texts),
        "tokens": cold["tokens"],
        "entities": mentions,
        "tokens_per_second": {
            "cold": cold,
            "steady": steady,
            "slices": speeds,
            "tag_one_article_at_a_time": one_at_a_time,
            "tag_accurate_mode": accurate,
            "tag_batch_articles": ANALYSIS_BATCH,
        },
        "tagger": type(default_tagger()).__name__,
        "kb_records": len(kb),
        "coverage_before_curation": coverage(texts, tags, curated_free),
        "coverage": coverage(texts, tags, kb),
        "peak_rss_mib": round(peak_rss_mib()),
        "machine": machine(),
        # Other processes on the machine slow the wall clock; the CPU-time figures less.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=63)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--slices", type=int, default=6, help="samples read after the first")
    arguments = parser.parse_args()
    report("entities", run(arguments.every, arguments.limit, arguments.slices))


if __name__ == "__main__":
    main()
