"""The `rasid` command: thin Typer wrappers over plain functions, with Rich output."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from rasid import __version__
from rasid.cli_common import ConfigOption, DbOption, OutputFormat, announce_upgrade, console, errors
from rasid.cli_common import configured_store as _store
from rasid.cli_common import error_line as _error_line
from rasid.cli_common import fail as _fail
from rasid.cli_common import options as _options
from rasid.cli_eval import eval_app
from rasid.cli_export import register as register_export_command
from rasid.cli_stories import register as register_story_commands
from rasid.cli_watch import register as register_watch_command
from rasid.errors import InputError, RasidError
from rasid.ingest import IngestReport, Outcome, analyze_paths, ingest
from rasid.kb.records import ENTITY_TYPES
from rasid.model import Document, Entity, Event, Quote, TimeExpression
from rasid.readers import iter_input_files, parse_datetime
from rasid.serialize import document_to_dict
from rasid.settings import Options
from rasid.store import SqlStore, StoredArticle, StoreStats, open_store

app = typer.Typer(
    name="rasid",
    help="rasid (راصد): turn raw Arabic news into structured, searchable knowledge.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class InputFormat(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"
    warc = "warc"
    feed = "feed"


SourceOption = Annotated[
    str | None, typer.Option("--source", help="Outlet name; overrides what the reader inferred.")
]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Publication date (ISO 8601); overrides what was inferred."),
]
FieldOption = Annotated[
    list[str] | None,
    typer.Option("--field", help="JSON-lines field for a role, as role=field (repeatable)."),
]
TaggerModeOption = Annotated[
    str | None,
    typer.Option(
        "--tagger",
        help="Name tagger: fast (the default) or accurate (two networks pooled, ~2x slower).",
    ),
]
InputFormatOption = Annotated[
    InputFormat,
    typer.Option("--input-format", help="Reader to use; auto picks by name and content."),
]


def _published(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_datetime(value)
    except ValueError as error:
        raise _fail(f"--published: {error}") from None


def _jsonl_fields(pairs: list[str] | None) -> str | None:
    return ",".join(pairs) if pairs else None


def _report_error(error: InputError) -> None:
    errors.print(_error_line(error), highlight=False, soft_wrap=True)


@app.command("ingest")
def ingest_cli(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    db: DbOption = None,
    source: SourceOption = None,
    published: PublishedOption = None,
    input_format: InputFormatOption = InputFormat.auto,
    field: FieldOption = None,
    tagger: TaggerModeOption = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Analyse on this Dask scheduler (tcp://HOST:8786)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Analyse on a local Dask cluster of N processes."),
    ] = None,
    config: ConfigOption = None,
) -> None:
    r"""Read, clean and store articles; the same article twice is stored once.

    With --dask or --workers the analysis runs on a Dask cluster (pip install
    'rasid\[dask]') and this process writes, so the store ends up the same.
    """
    options = _options(config, db=db, jsonl_fields=_jsonl_fields(field), tagger=tagger)
    when = _published(published)
    files = list(iter_input_files(paths))
    if not files:
        raise _fail(
            "no input files: give text, HTML, JSON-lines, WARC or RSS/Atom files, "
            "or folders holding them"
        )
    try:
        store = open_store(options.db, on_upgrade=announce_upgrade(options.db))
    except RasidError as error:
        raise _fail(str(error)) from None
    fmt = None if input_format is InputFormat.auto else input_format.value
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingesting[/bold]"),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TextColumn("[red]{task.fields[failed]} failed[/red]"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    )
    with progress:
        task = progress.add_task("ingest", total=None, failed=0)

        def on_result(item: Outcome) -> None:
            if isinstance(item, InputError):
                progress.console.print(_error_line(item), highlight=False, soft_wrap=True)
                progress.update(task, failed=progress.tasks[0].fields["failed"] + 1)
            else:
                progress.advance(task)

        try:
            if dask is None and workers is None:
                report = ingest(
                    files, store, options, source=source, published=when, fmt=fmt,
                    on_result=on_result,
                )  # fmt: skip
            else:
                report = _ingest_on_dask(files, store, options, dask, workers, source=source,
                                         published=when, fmt=fmt, on_result=on_result)  # fmt: skip
        finally:
            store.close()
    _print_report(report, options.db, len(files))
    if report.stored == 0:
        raise typer.Exit(code=1)


def _ingest_on_dask(
    files: list[Path], store: SqlStore, options: Options, address: str | None,
    workers: int | None, **arguments: Any,
) -> IngestReport:  # fmt: skip
    try:
        from rasid.dask_ingest import ingest_on_dask
    except ImportError as error:
        raise _fail(
            f"--dask/--workers need Dask: pip install 'rasid[dask]' ({error.name})"
        ) from None
    try:
        return ingest_on_dask(files, store, options, address=address, workers=workers, **arguments)
    except OSError as error:  # the scheduler cannot be reached
        raise _fail(f"--dask {address}: {error}") from None


def _print_report(report: IngestReport, db: str, files: int) -> None:
    table = Table(title=f"ingested into {db}", show_header=False)
    table.add_row("files read", str(files))
    table.add_row("articles added", str(report.added))
    table.add_row("articles updated", str(report.updated))
    table.add_row("already stored, unchanged", str(report.unchanged))
    table.add_row("failed", f"[red]{report.failed}[/red]" if report.failed else "0")
    table.add_row("stories written (new or changed)", str(report.stories))
    console.print(table)


@app.command("analyze")
def analyze_cli(
    file: Annotated[Path, typer.Argument(help="A text, HTML or JSON-lines file.")],
    published: PublishedOption = None,
    source: SourceOption = None,
    output: Annotated[
        OutputFormat,
        typer.Option("--format", help="json: one object per article; text: for reading."),
    ] = OutputFormat.text,
    input_format: InputFormatOption = InputFormat.auto,
    field: FieldOption = None,
    tagger: TaggerModeOption = None,
    config: ConfigOption = None,
) -> None:
    """Analyse one file without storing it and print the result."""
    options = _options(config, jsonl_fields=_jsonl_fields(field), tagger=tagger)
    fmt = None if input_format is InputFormat.auto else input_format.value
    analysed = 0
    for item in analyze_paths(
        [file], options, source=source, published=_published(published), fmt=fmt
    ):
        if not isinstance(item, Document):
            if isinstance(item, InputError):
                _report_error(item)
            continue
        analysed += 1
        if output is OutputFormat.json:
            sys.stdout.write(json.dumps(document_to_dict(item), ensure_ascii=False) + "\n")
        else:
            _print_document(item)
    if analysed == 0:
        raise typer.Exit(code=1)


def _print_document(document: Document, stored: StoredArticle | None = None) -> None:
    article = document.article
    meta = Table(show_header=False, box=None)
    meta.add_row("id", stored.id if stored else document.id)
    for label, value in (
        ("external id", ", ".join(stored.external_ids) if stored else article.external_id),
        ("source", article.source),
        ("published", article.published.isoformat() if article.published else None),
        ("url", article.url),
        ("revision", str(stored.revision) if stored else None),
    ):
        if value:
            meta.add_row(label, Text(value))
    console.print(meta)
    if document.title:
        console.rule(Text(document.title))
    body = document.text[len(document.title or "") :].lstrip("\n")
    console.print(body.replace("\n", "\n\n"), markup=False, highlight=False)
    if document.removed:
        table = Table(title="removed lines")
        table.add_column("line", justify="right")
        table.add_column("reason")
        table.add_column("text", overflow="fold")
        for removed in document.removed:
            table.add_row(str(removed.line), removed.reason, Text(removed.text))
        console.print(table)
    found = document.records(Entity)
    if found:
        table = Table(title="entities")
        for column in ("as written", "type", "English", "id", "lat, lon"):
            table.add_column(column, overflow="fold")
        for entity in found:
            where = f"{entity.lat:.2f}, {entity.lon:.2f}" if entity.lat is not None else ""
            english = entity.name_en + (
                f" ({entity.kind})" if entity.kind == "armed forces" else ""
            )
            table.add_row(Text(entity.text), entity.type, Text(english), entity.kb_id, where)
        console.print(table)
    _print_quotes(document.records(Quote))
    _print_dates(document.records(TimeExpression))
    _print_events(document.records(Event))
    if document.repairs:
        table = Table(title="repaired words")
        table.add_column("as written")
        table.add_column("repaired")
        table.add_column("offset", justify="right")
        for repair in document.repairs:
            table.add_row(Text(repair.raw), Text(repair.fixed), str(repair.start))
        console.print(table)


def _print_quotes(
    found: tuple[Quote, ...] | list[Quote], *, articles: list[str] | None = None
) -> None:
    if not found:
        return
    table = Table(title="quotes")
    columns = ["article"] if articles else []
    for column in (*columns, "speaker", "English", "cue", "said", "via"):
        table.add_column(column, overflow="fold")
    for index, quote in enumerate(found):
        english = quote.speaker_en or ""
        if quote.anonymous:
            english = f"{english} (unnamed)" if english else "(unnamed)"
        said = ("“" + quote.content + "”") if quote.direct else quote.content
        via = quote.via or ""
        if quote.via_en:
            via = f"{via} ({quote.via_en})"
        cells = [articles[index]] if articles else []
        table.add_row(*cells, Text(quote.speaker), Text(english), Text(quote.cue), Text(said),
                      Text(via))  # fmt: skip
    console.print(table)


def _print_events(found: tuple[Event, ...]) -> None:
    if not found:
        return
    table = Table("type", "trigger", "actors", "targets", "place", "date", "modality",
                  title="events")  # fmt: skip
    for event in found:
        kind = f"{event.type}/{event.mode}" if event.mode else event.type
        when = (event.date or "") + (" (published)" if event.date_defaulted and event.date else "")
        table.add_row(
            kind, Text(event.trigger), Text(", ".join(p.name_en for p in event.actors)),
            Text(", ".join(p.name_en for p in event.targets)), Text(event.location or ""),
            when, event.modality + (f" by {event.source}" if event.source else ""),
        )  # fmt: skip
    console.print(table)


def _print_dates(found: tuple[TimeExpression, ...]) -> None:
    if not found:
        return
    table = Table("as written", "value", "part", title="dates")
    for expression in found:
        table.add_row(Text(expression.text), expression.value, expression.mod or "")
    console.print(table)


@app.command("show")
def show_cli(
    key: Annotated[
        str, typer.Argument(help="Article id, id prefix, or the external id it came with.")
    ],
    db: DbOption = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    config: ConfigOption = None,
) -> None:
    """Show one stored article: clean text, removed lines, repairs."""
    with _store(config, db) as store:
        try:
            stored = store.get(key)
        except RasidError as error:
            raise _fail(str(error)) from None
    if output is OutputFormat.json:
        view = document_to_dict(stored.document)
        view.update(
            id=stored.id,
            external_ids=list(stored.external_ids),
            revision=stored.revision,
            ingested_at=stored.ingested_at.isoformat(),
            updated_at=stored.updated_at.isoformat(),
        )
        sys.stdout.write(json.dumps(view, ensure_ascii=False) + "\n")
    else:
        _print_document(stored.document, stored)


@app.command("stats")
def stats_cli(
    db: DbOption = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    config: ConfigOption = None,
) -> None:
    """Summarise what the store holds."""
    with _store(config, db) as store:
        stats = store.stats()
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(_stats_dict(stats), ensure_ascii=False) + "\n")
        return
    _print_stats(stats, store.label)


def _stats_dict(stats: StoreStats) -> dict[str, Any]:
    return {
        "articles": stats.articles,
        "sources": stats.sources,
        "removed_lines": stats.removed_lines,
        "repairs": stats.repairs,
        "first_published": stats.first_published.isoformat() if stats.first_published else None,
        "last_published": stats.last_published.isoformat() if stats.last_published else None,
        "index": stats.index,
    }


_INDEX_STATES = {
    "current": "current",
    "outdated": "made by an older rasid: run rasid reindex",
    "unknown": "analyser not recorded: run rasid reindex",
}


def _print_stats(stats: StoreStats, db: str) -> None:
    table = Table(title=f"{db}: {stats.articles} articles", show_header=False)
    if stats.first_published and stats.last_published:
        table.add_row(
            "published", f"{stats.first_published:%Y-%m-%d} to {stats.last_published:%Y-%m-%d}"
        )
    table.add_row("repaired words", str(stats.repairs))
    table.add_row("search index", _INDEX_STATES[stats.index])
    for reason, count in stats.removed_lines.items():
        table.add_row(f"removed: {reason}", str(count))
    console.print(table)
    sources = Table("source", "articles", title="by source")
    for name, count in sorted(stats.sources.items(), key=lambda item: -item[1]):
        sources.add_row(Text(name), str(count))
    console.print(sources)


@app.command("entities")
def entities_cli(
    db: DbOption = None,
    type: Annotated[str | None, typer.Option("--type", help="Only PERS, ORG, LOC or MISC.")] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Only entities whose name contains this.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    config: ConfigOption = None,
) -> None:
    """List the entities in the store, most mentioned first."""
    if type and type.upper() not in ENTITY_TYPES:
        raise _fail(f"unknown entity type {type!r}; use one of {', '.join(ENTITY_TYPES)}")
    with _store(config, db) as store:
        counts = store.entity_counts(type=type.upper() if type else None, name=name, limit=limit)
    if output is OutputFormat.json:
        rows = [
            {"kb_id": c.kb_id, "name_en": c.name_en, "type": c.type, "text": c.text,
             "mentions": c.mentions, "articles": c.articles}
            for c in counts
        ]  # fmt: skip
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    table = Table("mentions", "articles", "type", "English", "as written", "id")
    for c in counts:
        table.add_row(
            str(c.mentions), str(c.articles), c.type, Text(c.name_en), Text(c.text), c.kb_id
        )
    console.print(table)


@app.command("quotes")
def quotes_cli(
    db: DbOption = None,
    speaker: Annotated[
        str | None,
        typer.Option(
            "--speaker",
            help="Only quotes of this speaker: a kb id, part of the English name, or the Arabic.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    config: ConfigOption = None,
) -> None:
    """List stored quotes, newest articles first.

    `--speaker` also finds the knowledge-base records the name spells (any
    spelling: "لافروف" finds quotes where the article wrote "لافرورف").
    """
    kb_ids: list[str] = []
    if speaker:
        from rasid.kb import default_kb

        kb_ids = [c.record.id for c in default_kb().search(speaker, limit=3) if c.score >= 90]
    with _store(config, db) as store:
        hits = store.quotes(speaker=speaker, kb_ids=kb_ids, limit=limit)
    if output is OutputFormat.json:
        rows = [
            {"article_id": hit.article_id, "title": hit.title, "published": hit.published,
             "source": hit.source, **hit.quote.to_dict()}
            for hit in hits
        ]  # fmt: skip
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    if not hits:
        console.print("no quotes" + (f" of {speaker!r}" if speaker else ""), markup=False)
        return
    _print_quotes([hit.quote for hit in hits], articles=[hit.article_id[:8] for hit in hits])


kb_app = typer.Typer(help="The knowledge base of people, organisations and places.",
                     no_args_is_help=True)  # fmt: skip
app.add_typer(kb_app, name="kb")


@kb_app.command("search")
def kb_search_cli(
    name: Annotated[str, typer.Argument(help="A name in Arabic (any spelling) or English.")],
    limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
) -> None:
    """Show the knowledge-base records that NAME may refer to, best first."""
    from rasid.kb import default_kb

    found = default_kb().search(name, limit=limit)
    if output is OutputFormat.json:
        rows = [
            {**candidate.record.to_json(), "score": round(candidate.score, 1),
             "match": candidate.how}
            for candidate in found
        ]  # fmt: skip
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    if not found:
        console.print(Text(f"no record matches {name!r}"))
        raise typer.Exit(1)
    table = Table("score", "id", "type", "English", "Arabic", "description", "lat, lon")
    for candidate in found:
        record = candidate.record
        where = f"{record.lat:.2f}, {record.lon:.2f}" if record.lat is not None else ""
        table.add_row(
            f"{candidate.score:.0f}", record.id, record.type, Text(record.name_en),
            Text("، ".join(record.names_ar[:4])), Text(record.description_en), where,
        )  # fmt: skip
    console.print(table)


@kb_app.command("build")
def kb_build_cli(
    out: Annotated[Path, typer.Option("--out", help="Where to write the knowledge base.")],
    anercorp: Annotated[
        Path | None,
        typer.Option("--anercorp", help="ANERcorp train.tsv, for the list of everyday words."),
    ] = None,
) -> None:
    r"""Build the knowledge base from its sources (needs: pip install 'rasid\[kb]')."""
    from rasid.kb.build import build_to, common_words, write_common_words

    try:
        counts = build_to(out)
        if anercorp is not None:
            write_common_words(common_words(anercorp), out.with_name("common-words.txt.gz"))
    except (RasidError, OSError) as error:
        raise _fail(str(error)) from None
    table = Table("kind", "records", title=f"{out}: {sum(counts.values())} records")
    for kind, count in counts.items():
        table.add_row(kind, str(count))
    console.print(table)


app.add_typer(eval_app, name="eval")
register_story_commands(app)
register_export_command(app)
register_watch_command(app)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        console.print(f"rasid {__version__}")
        raise typer.Exit()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
