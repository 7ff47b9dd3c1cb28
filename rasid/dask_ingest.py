"""Ingest on a Dask cluster: workers analyse, this process reads and is the one writer.

`rasid ingest --dask tcp://HOST:8786` uses a running scheduler;
`rasid ingest --workers N` starts a local cluster of N worker processes on
127.0.0.1 for the run. Either way:

1. this process reads the inputs (reading is cheap, and a bad file is
   reported here exactly as in a single-process ingest);
2. batches of `ANALYSIS_BATCH` articles go to the workers, each of which
   builds the pipeline once and analyses its batches, and works out each
   document's index entry (`rasid.store.stories.prepare_index`: its profile,
   search and filter terms), which would otherwise cost the one writer 43%
   of what storing the document does; at most two batches per worker are
   in flight, so memory stays bounded on any input size;
3. results are taken in input order and written by this process through
   `rasid.ingest.ingest`'s writer (batches, one transaction each, then the
   stories), so the store ends up exactly as a single-process ingest of
   the same input leaves it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from rasid.errors import InputError
from rasid.ingest import (
    AlreadyStored,
    IngestReport,
    Outcome,
    Prepared,
    StoredCheck,
    finish_results,
    ingest_documents,
    pipeline_for,
    read_batches,
    skip_stored,
    warm_up,
)
from rasid.model import Article, Document
from rasid.pipeline import Pipeline
from rasid.settings import Options
from rasid.store.base import Store

__all__ = ["ingest_on_dask"]


@cache
def _worker_pipeline(tagger: str) -> Pipeline:
    """One pipeline per worker process, keyed by the tagger mode: its models load once
    and are frozen out of the collector's sweeps (`warm_up`), as in a single-process
    ingest. Without that a worker spent 12-17% more CPU an article (1,000 ANT
    articles twice: 7.4-8.1 ms against 6.5-6.7)."""
    pipeline = pipeline_for(Options(tagger=tagger))
    warm_up(pipeline)
    return pipeline


def analyse_batch(articles: list[Article], tagger: str) -> list[Prepared | Document | str]:
    """Run on a worker: the analysed documents with their index entries, or for a failure
    its message."""
    results = _worker_pipeline(tagger).run_many(articles)
    return [
        _prepared(item) if isinstance(item, Document) else f"{type(item).__name__}: {item}"
        for item in results
    ]


def _prepared(document: Document) -> Prepared | Document:
    """The document with its index entry, worked out here rather than by the one writer.
    Should working it out fail, the writer tries again and reports the failure against
    the article as it would alone."""
    from rasid.store.stories import prepare_index

    try:
        return Prepared(document, prepare_index(document))
    except Exception:  # reported by the writer, where the article is stored
        return document


def _analysed(
    client: Any,
    paths: Iterable[Path],
    options: Options,
    *,
    source: str | None,
    published: datetime | None,
    fmt: str | None,
    in_flight: int,
    stored: StoredCheck | None,
    stages: Sequence[str],
) -> Iterator[Outcome | Prepared]:
    """Documents (with their index entries), read errors and articles the store holds
    already, in input order; the rest analysed on the cluster."""
    waiting: deque[tuple[list[Article | InputError | AlreadyStored], Any]] = deque()

    def drain(keep: int) -> Iterator[Outcome | Prepared]:
        while len(waiting) > keep:
            items, future = waiting.popleft()
            analysed = iter(future.result() if future is not None else ())
            for item in items:
                if not isinstance(item, Article):
                    yield item
                    continue
                result = next(analysed)
                if isinstance(result, str):
                    yield finish_results(item, None, result)
                    continue
                document, entry = result.pair if isinstance(result, Prepared) else (result, None)
                finished = finish_results(item, document, None)
                if entry is not None and isinstance(finished, Document):
                    yield Prepared(finished, entry)
                else:
                    yield finished

    for batch in read_batches(paths, options, source=source, published=published, fmt=fmt):
        items = skip_stored(batch, stored, stages)
        articles = [item for item in items if isinstance(item, Article)]
        future = (
            client.submit(analyse_batch, articles, options.tagger, pure=False) if articles else None
        )
        waiting.append((items, future))
        yield from drain(in_flight)
    yield from drain(0)


def ingest_on_dask(
    paths: Iterable[Path],
    store: Store,
    options: Options,
    *,
    address: str | None = None,
    workers: int | None = None,
    source: str | None = None,
    published: datetime | None = None,
    fmt: str | None = None,
    on_result: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Ingest like `rasid.ingest.ingest`, analysing on the scheduler at `address`, or on a
    local cluster of `workers` processes when no address is given."""
    from distributed import Client, LocalCluster

    cluster = None
    if address is None:
        cluster = LocalCluster(
            n_workers=workers or 2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
    client = Client(address or cluster)
    try:
        count = len(client.scheduler_info()["workers"]) or 1
        documents = _analysed(
            client, paths, options, source=source, published=published, fmt=fmt,
            in_flight=2 * count,
            stored=getattr(store, "stored_as_read", None),
            stages=pipeline_for(options).names,  # what the workers' pipelines run
        )  # fmt: skip
        return ingest_documents(documents, store, options, on_result=on_result)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
