"""`rasid eval`: quality of each stage on annotated sets, as precision/recall/F1 tables."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Protocol

import typer
from rich.table import Table

from rasid.cli_common import OutputFormat, console
from rasid.cli_common import fail as _fail
from rasid.errors import StoreError
from rasid.evaluation import EVAL_SETS, evaluate_clean, named_set

__all__ = ["eval_app"]


class TaggerChoice(StrEnum):
    neural = "neural"
    crf = "crf"
    pool = "pool"


eval_app = typer.Typer(help="Measure quality on annotated evaluation sets.", no_args_is_help=True)


@eval_app.command("clean")
def eval_clean_cli(
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help=f"Named set(s): {', '.join(EVAL_SETS)} (default: all present)."),
    ] = None,
    annotations: Annotated[
        Path | None, typer.Option("--annotations", help="Your own annotation file (JSON lines).")
    ] = None,
    base: Annotated[
        Path | None, typer.Option("--base", help="Folder the annotated files are relative to.")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every mistake.")] = False,
) -> None:
    """Precision/recall/F1 of residue removal and word repair, and title accuracy."""
    chosen: list[tuple[str, Path, Path]] = []
    if annotations is not None:
        chosen.append(("custom", annotations, base or annotations.parent))
    for name in sets or ([] if annotations else list(EVAL_SETS)):
        try:
            gold, folder = named_set(name)
        except KeyError as error:
            raise _fail(str(error.args[0])) from None
        if gold.is_file() and folder.is_dir():
            chosen.append((name, gold, folder))
        elif sets:
            raise _fail(f"evaluation set {name!r}: {gold} or {folder} is not there")
    results = [evaluate_clean(gold, folder, name=name) for name, gold, folder in chosen]
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps([r.to_dict() for r in results], ensure_ascii=False) + "\n")
        return
    table = Table(title="clean stage quality")
    for column in ("set", "docs", "line P", "line R", "line F1", "reason",
                   "fix P", "fix R", "fix F1", "title"):  # fmt: skip
        table.add_column(column, justify="left" if column == "set" else "right")
    for r in results:
        table.add_row(
            r.name, str(r.documents),
            *(f"{v:.3f}" for v in (r.residue.precision, r.residue.recall, r.residue.f1,
                                   r.reason_accuracy, r.repairs.precision, r.repairs.recall,
                                   r.repairs.f1, r.title_accuracy)),
        )  # fmt: skip
    console.print(table)
    if show_errors:
        for r in results:
            for line in r.errors:
                console.print(f"{r.name}: {line}", markup=False, highlight=False, soft_wrap=True)


@eval_app.command("ner")
def eval_ner_cli(
    file: Annotated[Path, typer.Argument(help="A token<TAB>tag file (CoNLL BIO tags).")],
    system: Annotated[
        bool,
        typer.Option(
            "--system",
            help="Score every name rasid analyze finds: tagger, knowledge-base names, repeats.",
        ),
    ] = False,
    tagger: Annotated[
        TaggerChoice,
        typer.Option(
            "--tagger",
            help="Which shipped tagger: neural (the default, fast mode), pool (two networks, "
            "the accurate mode) or crf.",
        ),
    ] = TaggerChoice.neural,
    dev: Annotated[
        bool,
        typer.Option(
            "--dev",
            help="Score only the held-out last 10% of FILE (ANERcorp's train.tsv: our dev set).",
        ),
    ] = False,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
) -> None:
    """Entity-level precision/recall/F1 (exact spans, CoNLL convention) on FILE.

    By default this scores the tagger the pipeline uses (the neural one;
    `--tagger pool` the accurate mode's);
    `--system` scores the names `rasid analyze` finds: the tagger's, the
    knowledge base's, and names repeated within a document (10 sentences of
    the file, which has no article boundaries).
    """
    from rasid.ner import neural
    from rasid.ner.tagger import Tagger, default_tagger, evaluate_file

    choices: dict[TaggerChoice, Callable[[], Tagger]] = {
        TaggerChoice.neural: neural.default_neural_tagger,
        TaggerChoice.crf: default_tagger,
        TaggerChoice.pool: neural.default_pool_tagger,
    }
    try:
        scores = evaluate_file(file, choices[tagger](), system=system, dev_only=dev)
    except (OSError, ValueError) as error:
        raise _fail(str(error)) from None
    rows = [(kind, *scores.prf(kind)) for kind in scores.types] + [("micro", *scores.prf())]
    if output is OutputFormat.json:
        view = {kind: {"precision": p, "recall": r, "f1": f} for kind, p, r, f in rows}
        sys.stdout.write(json.dumps(view) + "\n")
        return
    table = Table("type", "precision", "recall", "F1", title=f"NER on {file}")
    for kind, p, r, f in rows:
        table.add_row(kind, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}")
    console.print(table)


SetOption = Annotated[
    list[str] | None, typer.Option("--set", help="Named set(s) (default: all present).")
]
CorpusOption = Annotated[
    Path | None,
    typer.Option("--corpus", help="JSON-lines corpus the labels name (default: ANT v2.1)."),
]
AnnotationsArgument = Annotated[
    Path | None,
    typer.Argument(help="Your own annotation file (JSON lines); default: the named sets."),
]
BaseOption = Annotated[
    Path | None, typer.Option("--base", help="Folder the annotated files are relative to.")
]
ErrorsOption = Annotated[bool, typer.Option("--errors", help="List every mistake.")]


def _speech_sets(
    stage: str, annotations: Path | None, base: Path | None, sets: list[str] | None
) -> list[tuple[str, Path, Path, str | None]]:
    from rasid.evaluation import SPEECH_SETS

    if annotations is not None:
        if not annotations.is_file():
            raise _fail(f"{annotations}: no such annotation file")
        return [("custom", annotations, base or annotations.parent, None)]
    known = SPEECH_SETS[stage]
    chosen = []
    for name in sets or ["seeds", "demo-dev", "demo-heldout", "heldout"]:
        if name not in known:
            raise _fail(f"unknown {stage} set {name!r}; known: {', '.join(known)}")
        gold, folder, part = known[name]
        if gold.is_file() and folder.is_dir():
            chosen.append((name, gold, folder, part))
        elif sets:
            raise _fail(f"{stage} set {name!r}: {gold} or {folder} is not there")
    return chosen


class _Scores(Protocol):
    name: str
    documents: int
    errors: list[str]

    def to_dict(self) -> dict[str, Any]: ...


def _report(
    stage: str,
    results: Sequence[_Scores],
    measures: Sequence[str],
    output: OutputFormat,
    show_errors: bool,
    note: Callable[[dict[str, Any]], str] | None = None,
) -> None:
    """Print scores as JSON, or a table per set with a note and, if asked, every mistake."""
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps([r.to_dict() for r in results], ensure_ascii=False) + "\n")
        return
    for r in results:
        view = r.to_dict()
        table = Table("measure", "precision", "recall", "F1", "tp", "fp", "fn",
                      title=f"{stage} on {r.name} ({r.documents} articles)")  # fmt: skip
        for measure in measures:
            _score_row(table, measure, view[measure])
        console.print(table)
        if note is not None:
            console.print(note(view))
        if show_errors:
            for line in r.errors:
                console.print(f"{r.name}: {line}", markup=False, highlight=False, soft_wrap=True)


def _run_speech(
    stage: str,
    evaluate: Callable[..., _Scores],
    annotations: Path | None,
    base: Path | None,
    sets: list[str] | None,
) -> list[_Scores]:
    """Score `stage` on the chosen sets; a missing or malformed file is a one-line error."""
    try:
        return [
            evaluate(gold, folder, name=name, part=part)
            for name, gold, folder, part in _speech_sets(stage, annotations, base, sets)
        ]
    except (OSError, ValueError, KeyError) as error:
        raise _fail(f"cannot score {stage}: {error}") from None


def _score_row(table: Table, label: str, scores: dict[str, float | int]) -> None:
    table.add_row(
        label,
        *(f"{scores[key]:.3f}" for key in ("precision", "recall", "f1")),
        *(str(scores[key]) for key in ("tp", "fp", "fn")),
    )


@eval_app.command("quotes")
def eval_quotes_cli(
    annotations: AnnotationsArgument = None,
    sets: SetOption = None,
    base: BaseOption = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    show_errors: ErrorsOption = False,
) -> None:
    """Precision/recall/F1 of quotes found (content overlap) and attributed (right speaker)."""
    from rasid.evaluation import evaluate_quotes

    results = _run_speech("quotes", evaluate_quotes, annotations, base, sets)
    _report(
        "quotes", results, ("found", "attributed"), output, show_errors,
        lambda view: f"direct/reported right {view['direct_accuracy']:.3f}, anonymous right "
        f"{view['anonymous_accuracy']:.3f}, channel recall {view['via_recall']:.3f} "
        "(of matched quotes)",
    )  # fmt: skip


@eval_app.command("dates")
def eval_dates_cli(
    annotations: AnnotationsArgument = None,
    sets: SetOption = None,
    base: BaseOption = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    show_errors: ErrorsOption = False,
) -> None:
    """Precision/recall/F1 of time expressions found and resolved (right value and part)."""
    from rasid.evaluation import evaluate_dates

    results = _run_speech("dates", evaluate_dates, annotations, base, sets)
    _report("dates", results, ("found", "resolved"), output, show_errors)


@eval_app.command("events")
def eval_events_cli(
    annotations: AnnotationsArgument = None,
    sets: SetOption = None,
    base: BaseOption = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    show_errors: ErrorsOption = False,
) -> None:
    """Precision/recall/F1 of events found (type and sentence) and complete (type + actors +
    location + date), with actor, place, date and modality accuracy of the matched ones."""
    from rasid.evaluation.events import EVENT_SETS, evaluate_events

    chosen: list[tuple[str, Path, Path, str | None]] = []
    if annotations is not None:
        if not annotations.is_file():
            raise _fail(f"{annotations}: no such annotation file")
        chosen.append(("custom", annotations, base or annotations.parent, None))
    for name in sets or ([] if annotations else list(EVENT_SETS)):
        if name not in EVENT_SETS:
            raise _fail(f"unknown events set {name!r}; known: {', '.join(EVENT_SETS)}")
        gold, folder, part = EVENT_SETS[name]
        if gold.is_file() and folder.is_dir():
            chosen.append((name, gold, folder, part))
        elif sets:
            raise _fail(f"events set {name!r}: {gold} or {folder} is not there")
    try:
        results = [evaluate_events(g, f, name=n, part=p) for n, g, f, p in chosen]
    except (OSError, ValueError, KeyError) as error:
        raise _fail(f"cannot score events: {error}") from None
    _report(
        "events", results, ("found", "actors", "complete"), output, show_errors,
        lambda view: f"of matched events: location right {view['location_accuracy']:.3f}, "
        f"date right {view['date_accuracy']:.3f}, modality right "
        f"{view['modality_accuracy']:.3f}",
    )  # fmt: skip


@eval_app.command("stories")
def eval_stories_cli(
    labels: Annotated[
        Path | None,
        typer.Argument(help="Story labels, JSON lines {id, story}; default: the named sets."),
    ] = None,
    sets: SetOption = None,
    corpus: CorpusOption = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
) -> None:
    """B-cubed precision/recall/F1 of story clustering on labelled days of news.

    The labelled articles are read from the corpus, analysed, and clustered
    from scratch as the store would; "dev" is the set the parameters were
    tuned on, "heldout" was labelled apart and never tuned on.
    """
    from rasid.evaluation.stories import (
        ANT_CORPUS,
        STORY_SETS,
        bcubed,
        labelled_profiles,
        load_labels,
        score_profiles,
    )

    chosen: list[tuple[str, Path]] = []
    if labels is not None:
        if not labels.is_file():
            raise _fail(f"{labels}: no such label file")
        chosen.append(("custom", labels))
    for name in sets or ([] if labels else list(STORY_SETS)):
        if name not in STORY_SETS:
            raise _fail(f"unknown stories set {name!r}; known: {', '.join(STORY_SETS)}")
        chosen.append((name, STORY_SETS[name]))
    rows: dict[str, dict[str, dict[str, float | int]]] = {}
    try:
        for name, path in chosen:
            gold = load_labels(path)
            profiles = labelled_profiles(gold, corpus or ANT_CORPUS)
            singletons = bcubed({p.article_id: p.article_id for p in profiles}, gold)
            rows[name] = {
                "stories": score_profiles(profiles, gold).to_dict(),
                "singletons": singletons.to_dict(),
            }
    except (OSError, ValueError) as error:
        raise _fail(f"cannot score stories: {error}") from None
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    table = Table(
        "set", "system", "articles", "gold", "found", "B3 precision", "B3 recall", "B3 F1",
        title="story clustering (B-cubed)",
    )  # fmt: skip
    for name, systems in rows.items():
        for system, view in systems.items():
            table.add_row(
                name, system, str(view["articles"]), str(view["gold_stories"]),
                str(view["predicted_stories"]), f"{view['precision']:.3f}",
                f"{view['recall']:.3f}", f"{view['f1']:.3f}",
            )  # fmt: skip
    console.print(table)


@eval_app.command("related")
def eval_related_cli(
    sets: SetOption = None,
    corpus: CorpusOption = None,
    store_url: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Ask a store holding the labelled articles among others (e.g. all of ANT) "
            "instead of a scratch store of the labelled days alone.",
        ),
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
) -> None:
    """How well `rasid related` finds an article's labelled story-mates (MAP, P@1, R@5).

    The labelled story days are ingested into a scratch store (or looked up
    in `--store`); each article whose story has other members asks for its
    related articles.
    """
    from rasid.evaluation.related import score_related, score_related_in
    from rasid.evaluation.stories import ANT_CORPUS, STORY_SETS, load_labels
    from rasid.store import SqlStore

    if store_url and "://" not in store_url and not Path(store_url).is_file():
        raise _fail(f"{store_url}: no such store")
    rows: dict[str, dict[str, float | int]] = {}
    archive = None
    try:
        archive = SqlStore(store_url) if store_url else None
        for name in sets or list(STORY_SETS):
            if name not in STORY_SETS:
                raise _fail(f"unknown stories set {name!r}; known: {', '.join(STORY_SETS)}")
            gold = load_labels(STORY_SETS[name])
            if archive is None:
                rows[name] = score_related(gold, corpus or ANT_CORPUS).to_dict()
            else:
                rows[name] = score_related_in(archive, gold).to_dict()
    except (OSError, ValueError, StoreError) as error:
        raise _fail(f"cannot score related articles: {error}") from None
    finally:
        if archive is not None:
            archive.close()
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    table = Table("set", "articles", "queries", "MAP", "first right", "recall@5",
                  title="related articles against labelled stories")  # fmt: skip
    for name, view in rows.items():
        table.add_row(
            name, str(view["articles"]), str(view["queries"]),
            f"{view['mean_average_precision']:.3f}", f"{view['first_is_relevant']:.3f}",
            f"{view['recall_at_5']:.3f}",
        )  # fmt: skip
    console.print(table)
