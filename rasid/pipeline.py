"""Stages, their registry, and the pipeline that runs them in a checked order.

A stage is a pure function `Document -> Document` registered with the names
of what it reads (`requires`) and what it adds (`assigns`). Built-in stages
register themselves through `register_stage`, the same call a third-party
package makes (directly, or from an entry point in the `rasid.stages` group).

A stage may also register a `batch` function that does the same to many
documents at once and gives the same results; `Pipeline.run_many` uses it.
That is where a neural stage gets its speed: the network reads the
sentences of many articles in one call.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points

from rasid.errors import PipelineError
from rasid.model import Article, Document

__all__ = [
    "DEFAULT_STAGES",
    "BatchFunction",
    "Pipeline",
    "Stage",
    "StageFunction",
    "get_stage",
    "register_stage",
    "registered_stages",
]

StageFunction = Callable[[Document], Document]
BatchFunction = Callable[[Sequence[Document]], list[Document]]

#: What every document has before any stage runs.
BASE_FIELDS = frozenset({"article", "raw_text"})

#: The built-in stages, in the order the default pipeline runs them.
DEFAULT_STAGES: tuple[str, ...] = ("clean", "entities", "quotes", "dates", "events")

#: Modules whose import registers the built-in stages.
_BUILTIN_MODULES: tuple[str, ...] = (
    "rasid.stages.clean",
    "rasid.stages.entities",
    "rasid.stages.quotes",
    "rasid.stages.dates",
    "rasid.stages.events",
)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    function: StageFunction
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    rewrites_text: bool = False
    """True for the one kind of stage allowed to replace the text (cleaning)."""
    batch: BatchFunction | None = None
    """The same work on many documents at once, where that is faster."""

    def __call__(self, document: Document) -> Document:
        return self.function(document).marked_done(self.name)

    def run_many(self, documents: Sequence[Document]) -> list[Document]:
        if self.batch is None or len(documents) < 2:
            return [self(document) for document in documents]
        done = self.batch(documents)
        if len(done) != len(documents):
            raise PipelineError(
                f"stage {self.name!r} returned {len(done)} documents for {len(documents)}"
            )
        return [document.marked_done(self.name) for document in done]


_REGISTRY: dict[str, Stage] = {}
_loaded = False


def register_stage(
    name: str,
    *,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    rewrites_text: bool = False,
    batch: BatchFunction | None = None,
) -> Callable[[StageFunction], StageFunction]:
    """Decorator: register `function` as the stage `name` (and `batch` as its batched form)."""

    def decorate(function: StageFunction) -> StageFunction:
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise PipelineError(f"a stage named {name!r} is already registered")
        _REGISTRY[name] = Stage(
            name, function, tuple(requires), tuple(assigns), rewrites_text, batch
        )
        return function

    return decorate


def _load_stages() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in _BUILTIN_MODULES:
        importlib.import_module(module)
    for entry in entry_points(group="rasid.stages"):
        entry.load()


def registered_stages() -> dict[str, Stage]:
    _load_stages()
    return dict(_REGISTRY)


def get_stage(name: str) -> Stage:
    stages = registered_stages()
    if name not in stages:
        known = ", ".join(sorted(stages))
        raise PipelineError(f"unknown stage {name!r}; registered stages: {known}")
    return stages[name]


class Pipeline:
    """An ordered list of stages, checked once when it is built.

    1. Resolve each stage name in the registry.
    2. Check that every stage finds what it requires among the base fields
       and what earlier stages assign.
    3. Check that a stage that rewrites the text comes before any stage that
       adds records pointing into it.
    """

    def __init__(self, stages: Sequence[str | Stage] | None = None) -> None:
        names = DEFAULT_STAGES if stages is None else stages
        self.stages: tuple[Stage, ...] = tuple(
            stage if isinstance(stage, Stage) else get_stage(stage) for stage in names
        )
        self._check_order()

    def _check_order(self) -> None:
        available = set(BASE_FIELDS)
        records_added = False
        for stage in self.stages:
            missing = [field for field in stage.requires if field not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier "
                    "stage assigns; put the stage that assigns it first"
                )
            if stage.rewrites_text and records_added:
                raise PipelineError(
                    f"stage {stage.name!r} rewrites the text and must come before every "
                    "stage that adds records"
                )
            records_added = records_added or not stage.rewrites_text
            available.update(stage.assigns)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.stages)

    def run(self, article: Article) -> Document:
        document = Document.from_article(article)
        for stage in self.stages:
            document = stage(document)
        return document

    __call__ = run

    def run_many(self, articles: Sequence[Article]) -> list[Document | Exception]:
        """`run` on each article, stage by stage over all of them, in order.

        Each result is the document `run` would give, or the exception it
        would raise: when a stage fails on the batch, it is run again on each
        document alone, so one bad article fails only itself.
        """
        results: list[Document | Exception] = [Document.from_article(a) for a in articles]
        for stage in self.stages:
            alive = [(i, item) for i, item in enumerate(results) if isinstance(item, Document)]
            documents = [document for _, document in alive]
            done: list[Document | Exception]
            try:
                done = list(stage.run_many(documents))
            except Exception:  # some article broke the batch; find it
                done = [_run_alone(stage, document) for document in documents]
            for (index, _), result in zip(alive, done, strict=True):
                results[index] = result
        return results


def _run_alone(stage: Stage, document: Document) -> Document | Exception:
    try:
        return stage(document)
    except Exception as error:  # reported against this document by the caller
        return error
