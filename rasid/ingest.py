"""Ingest: read inputs, analyse each article, store the documents.

The plain function behind `rasid ingest`; the CLI only adds the progress bar
and the summary table.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rasid.errors import InputError, NoArticleText
from rasid.model import Article, Document
from rasid.pipeline import DEFAULT_STAGES, Pipeline
from rasid.readers import read_paths
from rasid.settings import Options
from rasid.store import PutResult, Store
from rasid.text.normalize import arabic_ratio

if TYPE_CHECKING:
    from rasid.store.stories import IndexEntry

__all__ = [
    "ANALYSIS_BATCH",
    "AlreadyStored",
    "IngestReport",
    "Outcome",
    "Prepared",
    "StoredCheck",
    "analyze_paths",
    "ingest",
    "pipeline_for",
    "read_batches",
    "skip_stored",
    "warm_up",
]

#: Articles analysed together: enough sentences to fill the tagger's batches,
#: few enough that a progress bar still moves.
ANALYSIS_BATCH = 64
#: Stored articles between two story updates during an ingest; each update also
#: replays the stories' window before the first article it matches.
STORIES_EVERY = 5_000


@dataclass(frozen=True, slots=True)
class AlreadyStored:
    """An input article the store holds as it was read, analysed by the same stages:
    not analysed again (a rerun after an interruption, a folder that grew)."""

    article: Article


@dataclass(frozen=True, slots=True)
class Prepared:
    """An analysed document with its index entry, worked out where it was analysed
    (`rasid.store.stories.prepare_index`, on a Dask worker) so the one writer does not."""

    document: Document
    index: IndexEntry

    @property
    def pair(self) -> tuple[Document, IndexEntry]:
        return self.document, self.index


#: What an ingest makes of each input article, in input order.
Outcome = Document | InputError | AlreadyStored
#: Given a batch of articles and the stages that would analyse them, which of them the
#: store holds already, analysed by those stages (`SqlStore.stored_as_read`).
StoredCheck = Callable[[Sequence[Article], Sequence[str]], list[bool]]


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[InputError] = field(default_factory=list)
    stories: int = 0
    """Story rows written (new or changed) by the story updates of the run; a story
    an ingest of more than `STORIES_EVERY` articles changed twice counts twice."""

    @property
    def stored(self) -> int:
        """Articles now in the store from this run, whether new, updated or already there."""
        return self.added + self.updated + self.unchanged

    @property
    def failed(self) -> int:
        return len(self.errors)

    def count(self, result: PutResult | AlreadyStored) -> None:
        if isinstance(result, AlreadyStored):
            self.unchanged += 1
            return
        if result.status == "added":
            self.added += 1
        elif result.status == "updated":
            self.updated += 1
        else:
            self.unchanged += 1


# A short article that reaches every stage: names, a quote, a date, an event.
_WARM_UP_TEXT = (
    "قال وزير الخارجية الروسي سيرغي لافروف في موسكو يوم الأحد إن القوات التركية "
    "والروسية ستجري دوريات مشتركة في إدلب الأسبوع المقبل."
)
_warmed: weakref.WeakSet[Pipeline] = weakref.WeakSet()


def warm_up(pipeline: Pipeline) -> None:
    """Load every stage's models and tables, then keep them out of the collector's sweeps.

    The models are millions of long-lived objects (knowledge-base names,
    token tables), and every full garbage collection walked all of them:
    about 8% of an ingest's CPU time. `gc.freeze` moves what is alive now
    to a generation the collector never scans; the warm-up article's own
    objects are collected first, so only what the models hold is frozen.
    Done once a pipeline, so repeated calls (as `rasid watch` makes) cost
    nothing.
    """
    if pipeline in _warmed:
        return
    pipeline.run_many([Article(_WARM_UP_TEXT)])
    gc.collect()
    gc.freeze()
    _warmed.add(pipeline)


def analyze_paths(
    paths: Iterable[Path],
    options: Options,
    *,
    pipeline: Pipeline | None = None,
    source: str | None = None,
    published: datetime | None = None,
    fmt: str | None = None,
    stored: StoredCheck | None = None,
) -> Iterator[Outcome]:
    """Read and analyse every article under `paths`; yield an error for each one that failed.

    1. Read each input with the reader its name or content calls for.
    2. Let `source`/`published` given by the user override what was inferred.
    3. Ask `stored` (`SqlStore.stored_as_read`) which articles of a batch
       the store holds as read, analysed by this pipeline's stages: those
       are yielded as `AlreadyStored`, not analysed.
    4. Run the pipeline on `ANALYSIS_BATCH` articles at a time (stages such
       as the neural tagger are faster on many); a failure is reported
       against that article only. Results come in input order.
    """
    pipeline = pipeline or pipeline_for(options)
    warm_up(pipeline)
    for batch in read_batches(paths, options, source=source, published=published, fmt=fmt):
        yield from _analyze(pipeline, skip_stored(batch, stored, pipeline.names))


def read_batches(
    paths: Iterable[Path],
    options: Options,
    *,
    source: str | None,
    published: datetime | None,
    fmt: str | None,
) -> Iterator[list[Article | InputError]]:
    """The inputs in order, `ANALYSIS_BATCH` articles (and the errors between them) at a
    time, with the user's `source`/`published` over what was inferred."""
    pending: list[Article | InputError] = []
    for result in read_paths(paths, options, fmt=fmt):
        if isinstance(result, Article):
            result = result.with_metadata(source=source, published=published)
        pending.append(result)
        if sum(isinstance(item, Article) for item in pending) >= ANALYSIS_BATCH:
            yield pending
            pending = []
    if pending:
        yield pending


def skip_stored(
    batch: list[Article | InputError], stored: StoredCheck | None, stages: Sequence[str]
) -> list[Article | InputError | AlreadyStored]:
    """`batch` with the articles `stored` says the store holds, analysed by `stages`,
    as `AlreadyStored`."""
    articles = [item for item in batch if isinstance(item, Article)]
    if stored is None or not articles:
        return list(batch)
    held = iter(stored(articles, stages))
    return [
        AlreadyStored(item) if isinstance(item, Article) and next(held) else item for item in batch
    ]


def pipeline_for(options: Options) -> Pipeline:
    """The default pipeline, with the entities stage the `tagger` setting asks for."""
    if options.tagger == "accurate":
        return Pipeline(
            ["entities-accurate" if stage == "entities" else stage for stage in DEFAULT_STAGES]
        )
    return Pipeline()


def _analyze(
    pipeline: Pipeline, items: list[Article | InputError | AlreadyStored]
) -> Iterator[Outcome]:
    articles = [item for item in items if isinstance(item, Article)]
    analysed = iter(pipeline.run_many(articles) if articles else ())
    for item in items:
        if not isinstance(item, Article):
            yield item
            continue
        result = next(analysed)
        if isinstance(result, Exception):  # one article's failure must not end the batch
            yield finish_results(item, None, f"{type(result).__name__}: {result}")
        else:
            yield finish_results(item, result, None)


def finish_results(
    article: Article, document: Document | None, failure: str | None
) -> Document | InputError:
    """What an analysed article becomes: its document, or the error naming its input."""
    if document is None:
        return InputError(_origin(article), f"analysis failed: {failure}")
    if not arabic_ratio(document.text):
        return NoArticleText(_origin(article), "nothing is left once the web residue is removed")
    return document


def _origin(article: Article) -> str:
    return article.origin or article.external_id or article.id


def _flush(
    store: Store,
    batch: list[Document],
    entries: list[IndexEntry | None],
    report: IngestReport,
    on_result: Callable[[Outcome], None] | None,
) -> None:
    """Write one batch in one transaction; if it fails, write one by one to isolate the culprit."""
    written: list[tuple[Document, PutResult]] = []

    def put(documents: list[Document], prepared: list[IndexEntry | None]) -> list[PutResult]:
        if any(entry is not None for entry in prepared):
            return store.put(documents, prepared)
        return store.put(documents)

    try:
        written = list(zip(batch, put(batch, entries), strict=True))
    except Exception:  # the batch was rolled back; find the article that broke it
        for document, entry in zip(batch, entries, strict=True):
            try:
                written += zip([document], put([document], [entry]), strict=True)
            except Exception as error:
                failure = InputError(_origin(document.article), f"not stored: {error}")
                report.errors.append(failure)
                if on_result:
                    on_result(failure)
    for document, result in written:
        report.count(result)
        if on_result:
            on_result(document)
    batch.clear()
    entries.clear()


def ingest(
    paths: Iterable[Path],
    store: Store,
    options: Options,
    *,
    pipeline: Pipeline | None = None,
    source: str | None = None,
    published: datetime | None = None,
    fmt: str | None = None,
    on_result: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Analyse every article under `paths` and store it; return what happened.

    Documents are written `options.batch_size` at a time, each batch in one
    transaction, so an interrupted run loses at most the batch in flight and
    a rerun stores nothing twice; articles the store holds as read (with
    their external ids) are not analysed again.
    """
    documents = analyze_paths(
        paths,
        options,
        pipeline=pipeline,
        source=source,
        published=published,
        fmt=fmt,
        stored=getattr(store, "stored_as_read", None),
    )
    return ingest_documents(documents, store, options, on_result=on_result)


def ingest_documents(
    documents: Iterable[Outcome | Prepared],
    store: Store,
    options: Options,
    *,
    on_result: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Store analysed documents `options.batch_size` at a time, bringing stories up to date
    every `STORIES_EVERY` stored articles and at the end; errors are counted and passed on.
    The one writer, however the analysis ran."""
    report = IngestReport()
    batch: list[Document] = []
    entries: list[IndexEntry | None] = []
    # Stories are matched from the earliest article that changed (rasid.store.stories),
    # which loads every profile from there on: done once at the end of a big ingest,
    # that is every profile of the run in memory at once. A store without stories
    # has no such step.
    update_stories = getattr(store, "update_stories", None)
    unmatched = 0
    for outcome in documents:
        item, entry = (outcome, None) if not isinstance(outcome, Prepared) else outcome.pair
        if not isinstance(item, Document):
            if isinstance(item, InputError):
                report.errors.append(item)
            else:
                report.count(item)
            if on_result:
                on_result(item)
            continue
        batch.append(item)
        entries.append(entry)
        if len(batch) >= options.batch_size:
            unmatched += len(batch)
            _flush(store, batch, entries, report, on_result)
            if update_stories is not None and unmatched >= STORIES_EVERY:
                report.stories += update_stories().stories
                unmatched = 0
    if batch:
        _flush(store, batch, entries, report, on_result)
    if update_stories is not None:
        report.stories += update_stories().stories
    return report
