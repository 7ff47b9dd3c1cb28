"""`rasid stories`, `rasid story`, `rasid search`, `rasid related` and `rasid reindex`."""

from __future__ import annotations

import json
import sys
from datetime import datetime, time
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from rasid.cli_common import (
    ConfigOption,
    DbOption,
    OutputFormat,
    configured_store,
    console,
    errors,
    fail,
)
from rasid.store.search import SearchFilters, SearchHit
from rasid.store.stories import StorySummary

__all__ = ["register"]

FormatOption = Annotated[OutputFormat, typer.Option("--format")]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="From this day on (YYYY-MM-DD), UTC.")
]
EntityOption = Annotated[
    str | None,
    typer.Option(
        "--entity",
        help="Only what names this record: a kb id, or a name in any spelling (Arabic or English).",
    ),
]
#: A name must match a knowledge-base record this well to stand for it.
_ENTITY_SCORE = 90.0


def _day(value: str | None, option: str, *, end: bool = False) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: expected a date as YYYY-MM-DD, got {value!r}") from None
    if end and len(value) <= 10:  # a day given as --until includes the whole day
        moment = datetime.combine(moment.date(), time.max)
    return moment.replace(tzinfo=None) if moment.tzinfo is None else moment


def entity_ids(name: str | None) -> list[str]:
    """The kb ids `--entity` stands for; exits with a message when none does."""
    if name is None:
        return []
    from rasid.kb import default_kb

    kb = default_kb()
    if kb.get(name) is not None or name.startswith("new:"):
        return [name]
    found = [c.record.id for c in kb.search(name, limit=5) if c.score >= _ENTITY_SCORE]
    if not found:
        raise fail(f"--entity: no knowledge-base record is named {name!r}; try rasid kb search")
    return found


def _dump(rows: list[dict[str, Any]]) -> None:
    sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")


def stories_cli(
    db: DbOption = None,
    since: SinceOption = None,
    entity: EntityOption = None,
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Only stories this large.")
    ] = 1,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 30,
    output: FormatOption = OutputFormat.text,
    config: ConfigOption = None,
) -> None:
    """Stories, last seen first: articles from any outlet about one development."""
    kb_ids = entity_ids(entity)
    with configured_store(config, db) as store:
        store.update_stories()
        found = store.stories(
            since=_day(since, "--since"), kb_ids=kb_ids, min_articles=min_articles, limit=limit
        )
    if output is OutputFormat.json:
        _dump([story.to_dict() for story in found])
        return
    if not found:
        console.print("no stories")
        return
    table = Table("story", "last seen", "articles", "sources", "headline", title="stories")
    for story in found:
        table.add_row(
            story.id[:10],
            story.last_seen.strftime("%Y-%m-%d %H:%M") if story.last_seen else "undated",
            str(len(story.articles)),
            Text(", ".join(name or "(no source)" for name in story.sources)),
            Text(story.headline or ""),
        )
    console.print(table)


def story_cli(
    key: Annotated[
        str, typer.Argument(help="Story id (or prefix), or an article's id or external id.")
    ],
    db: DbOption = None,
    output: FormatOption = OutputFormat.text,
    config: ConfigOption = None,
) -> None:
    """One story: its articles, the names it mentions, a timeline of its events and quotes."""
    from rasid.errors import RasidError

    with configured_store(config, db) as store:
        store.update_stories()
        try:
            story = store.story(key)
        except RasidError as error:
            raise fail(str(error)) from None
        ids = [member.id for member in story.articles]
        events = store.events(article_ids=ids)
        quotes = store.quotes(article_ids=ids, limit=200)
        names = store.story_entities(ids)
    if output is OutputFormat.json:
        view = story.to_dict()
        view["entities"] = [
            {"kb_id": kb_id, "name_en": name, "type": kind, "articles": count}
            for kb_id, name, kind, count in names
        ]
        view["events"] = [{"article_id": hit.article_id, **hit.event.to_dict()} for hit in events]
        view["quotes"] = [{"article_id": hit.article_id, **hit.quote.to_dict()} for hit in quotes]
        _dump([view])
        return
    _print_story(story, names)
    timeline: list[tuple[str, Text]] = []
    for hit in events:
        event = hit.event
        actors = ", ".join(p.name_en for p in event.actors) or "?"
        targets = ", ".join(p.name_en for p in event.targets)
        line = Text.assemble(
            (f"{event.type}", "bold"),
            f" {event.mode or ''} ".replace("  ", " "),
            f"{actors}" + (f" -> {targets}" if targets else ""),
            f" @ {event.location}" if event.location else "",
            (f" [{event.modality}]", "dim") if event.modality != "asserted" else "",
        )
        timeline.append(
            (event.date or (hit.published.date().isoformat() if hit.published else ""), line)
        )
    for quote_hit in quotes:
        quote = quote_hit.quote
        speaker = quote.speaker_en or quote.speaker
        content = quote.content if len(quote.content) < 90 else quote.content[:88] + "…"
        timeline.append(
            (
                (quote_hit.published or "")[:10],
                Text.assemble(("quote ", "bold"), f"{speaker}: ", content),
            )
        )
    if timeline:
        table = Table("date", "what", title="timeline")
        for when, line in sorted(timeline, key=lambda item: item[0]):
            table.add_row(when, line)
        console.print(table)


def _print_story(story: StorySummary, names: list[tuple[str, str, str, int]]) -> None:
    seen = " - ".join(
        moment.strftime("%Y-%m-%d %H:%M")
        for moment in (story.first_seen, story.last_seen)
        if moment
    )
    console.print(Text.assemble(("story ", "bold"), story.id, f"  {seen or 'undated'}"))
    console.print(Text(story.headline or ""))
    table = Table("published", "source", "article", "title", "copy of", title="articles")
    for member in story.articles:
        copy = (
            f"{member.duplicate_of[:8]} ({member.similarity:.2f})"
            if member.duplicate_of and member.similarity is not None
            else ""
        )
        table.add_row(
            (member.published or "")[:16],
            Text(member.source or ""),
            member.id[:8],
            Text(member.title or ""),
            copy,
        )
    console.print(table)
    if names:
        console.print(
            Text.assemble(
                ("names: ", "bold"),
                ", ".join(f"{name} ({kind}, {count})" for _, name, kind, count in names),
            )
        )


def search_cli(
    query: Annotated[
        str, typer.Argument(help="Words to find, in any spelling; may be empty with a filter.")
    ] = "",
    db: DbOption = None,
    since: SinceOption = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Up to this day (YYYY-MM-DD).")
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Only this outlet.")] = None,
    entity: EntityOption = None,
    type: Annotated[
        str | None, typer.Option("--type", help="Only articles with an event of this PLOVER type.")
    ] = None,
    story: Annotated[
        str | None, typer.Option("--story", help="Only this story's articles.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    output: FormatOption = OutputFormat.text,
    config: ConfigOption = None,
) -> None:
    """Search the stored articles: every word must occur (any form of it), best first (BM25)."""
    from rasid.errors import RasidError

    filters = SearchFilters(
        since=_day(since, "--since"),
        until=_day(until, "--until", end=True),
        source=source,
        kb_ids=entity_ids(entity),
        event_type=type,
        story=story,
    )
    with configured_store(config, db) as store:
        warn_if_outdated(store.index_status(), store.label)
        if story is not None:
            store.update_stories()
        try:
            hits = store.search(query, filters, limit=limit, offset=offset)
        except RasidError as error:
            raise fail(str(error)) from None
    if output is OutputFormat.json:
        _dump([hit.to_dict() for hit in hits])
        return
    if not hits:
        console.print("nothing found")
        return
    for hit in hits:
        _print_hit(hit)


def _print_hit(hit: SearchHit) -> None:
    console.print(
        Text.assemble(
            (f"{hit.id[:8]}", "cyan"),
            f"  {(hit.published or '')[:10]}  ",
            (hit.source or "", "dim"),
            f"  {hit.score:.2f}  " if hit.score else "  ",
            (hit.title or "", "bold"),
        )
    )
    if hit.snippet is not None:
        text = Text(hit.snippet.text)
        for start, end in hit.snippet.highlights:
            text.stylize("bold yellow", start, end)
        console.print(text)
    console.print()


def related_cli(
    key: Annotated[str, typer.Argument(help="Article id (or prefix) or external id.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
    output: FormatOption = OutputFormat.text,
    config: ConfigOption = None,
) -> None:
    """Articles most like this one, from any outlet and any time."""
    from rasid.errors import RasidError

    with configured_store(config, db) as store:
        try:
            hits = store.related(key, limit=limit)
        except RasidError as error:
            raise fail(str(error)) from None
    if output is OutputFormat.json:
        _dump([hit.to_dict() for hit in hits])
        return
    table = Table("article", "score", "published", "source", "title", title=f"related to {key}")
    for hit in hits:
        table.add_row(
            hit.id[:8],
            f"{hit.score:.3f}",
            (hit.published or "")[:10],
            Text(hit.source or ""),
            Text(hit.title or ""),
        )
    console.print(table)


def serve_cli(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    config: ConfigOption = None,
) -> None:
    """Serve the dashboard and the REST API (OpenAPI schema at /openapi.json, docs at /docs).

    Writes (POST/DELETE /api/articles) are off unless RASID_API_TOKEN is set;
    RASID_API_PROTECT_READS=1 makes reads need the token too.
    """
    import uvicorn

    from rasid.cli_common import options
    from rasid.web.app import WebSettings, create_app

    settings = options(config, db=db)
    try:
        app = create_app(WebSettings.from_environment(settings.db, options=settings))
    except Exception as error:  # the store could not be opened: say so, not a traceback
        raise fail(f"{settings.db}: {error}") from None
    console.print(f"rasid dashboard on http://{host}:{port}  (database {settings.db})")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def warn_if_outdated(status: str, label: str) -> None:
    if status == "current":
        return
    why = "an older rasid" if status == "outdated" else "a rasid that did not record its analyser"
    errors.print(
        f"warning: {label} was indexed by {why}; some words may not be found in their "
        f"current form until `rasid reindex --db {label}` has run",
        highlight=False,
        soft_wrap=True,
    )


def reindex_cli(db: DbOption = None, config: ConfigOption = None) -> None:
    """Index the stored articles again with this rasid's analyser, then redo the stories.

    Needed after an upgrade that changes how words are analysed (`rasid
    stats` says so); the stored documents are used, not the source files.
    """
    from rich.progress import Progress

    from rasid.store.reindex import reindex

    with configured_store(config, db) as store, Progress(console=errors) as progress:
        task = progress.add_task("indexing", total=None)
        report = reindex(
            store, on_batch=lambda done, total: progress.update(task, completed=done, total=total)
        )
    console.print(f"{report.articles} articles indexed again; {report.stories} stories written")


def register(app: typer.Typer) -> None:
    app.command("stories")(stories_cli)
    app.command("story")(story_cli)
    app.command("search")(search_cli)
    app.command("related")(related_cli)
    app.command("serve")(serve_cli)
    app.command("reindex")(reindex_cli)
