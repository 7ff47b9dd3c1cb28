"""`rasid export`: stored events as ACLED-like CSV, GeoJSON points or JSON lines."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rasid.cli_common import ConfigOption, DbOption, configured_store, errors, fail

__all__ = ["register"]


class ExportFormat(StrEnum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    jsonl = "jsonl"


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: expected a date as YYYY-MM-DD, got {value!r}") from None


def export_cli(
    output: Annotated[
        ExportFormat, typer.Option("--format", help="acled-csv, geojson or jsonl.")
    ] = ExportFormat.jsonl,
    db: DbOption = None,
    since: Annotated[str | None, typer.Option("--since", help="First day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last day (YYYY-MM-DD).")] = None,
    type: Annotated[
        str | None, typer.Option("--type", help="Only one PLOVER type (ASSAULT, AGREE, ...).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of standard output.")
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start the CSV with a UTF-8 byte-order mark (Excel).")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Export stored events: ACLED-like CSV, GeoJSON points, or JSON lines (docs/events.md)."""
    from rasid import export
    from rasid.kb import default_kb

    first, last = _day(since, "--since"), _day(until, "--until")
    with configured_store(config, db) as store:
        hits = export.select_events(
            store.events(type=type.upper() if type else None), since=first, until=last
        )
    stream = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if output is ExportFormat.acled_csv:
            export.write_acled_csv(export.acled_rows(hits, default_kb()), stream, bom=bom)
        elif output is ExportFormat.geojson:
            json.dump(export.geojson(hits), stream, ensure_ascii=False, indent=1)
            stream.write("\n")
        else:
            for line in export.jsonl_rows(hits):
                stream.write(line + "\n")
    finally:
        if out:
            stream.close()
    if out:
        errors.print(f"{len(hits)} events written to {out}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("export")(export_cli)
