"""`rasid watch`: ingest what lands in a folder, as it lands."""

from __future__ import annotations

import signal
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from rasid.cli_common import (
    ConfigOption,
    DbOption,
    announce_upgrade,
    console,
    error_line,
    errors,
    fail,
    options,
)
from rasid.errors import InputError, RasidError
from rasid.ingest import IngestReport, Outcome
from rasid.store import open_store
from rasid.watch import WatchRound, watch

__all__ = ["register", "watch_cli"]


def _interrupt(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def watch_cli(
    folder: Annotated[
        Path, typer.Argument(help="Folder to watch (recursively); files rasid ingest reads.")
    ],
    db: DbOption = None,
    interval: Annotated[
        float,
        typer.Option(
            "--interval",
            min=0.05,
            help="Seconds between two looks at the folder; also how long a file must stay "
            "unchanged before it is read.",
        ),
    ] = 2.0,
    once: Annotated[
        bool,
        typer.Option("--once", help="Ingest what is there (once it stops growing), then exit."),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Ingest the files in a folder, then new or changed ones as they appear (Ctrl-C stops)."""
    # A service manager stops with SIGTERM: finish like Ctrl-C, with the totals.
    # (What is stored is safe either way: ingest commits batch by batch.)
    signal.signal(signal.SIGTERM, _interrupt)
    if not folder.is_dir():
        raise fail(f"{folder}: not a folder; rasid watch takes the folder new files arrive in")
    settings = options(config, db=db)
    try:
        store = open_store(settings.db, on_upgrade=announce_upgrade(settings.db))
    except RasidError as error:
        raise fail(str(error)) from None
    totals = IngestReport()
    if not once:
        errors.print(f"watching {folder} every {interval:g} s; Ctrl-C stops", highlight=False)
    try:
        rounds = watch(
            folder, store, settings, interval=interval, once=once, on_result=_print_error
        )
        for round_ in rounds:
            if round_.report is not None:
                _add(totals, round_.report)
            _print_round(round_)
    except KeyboardInterrupt:
        errors.print("stopped", highlight=False)
    finally:
        store.close()
    console.print(
        f"{settings.db}: {totals.added} added, {totals.updated} updated, "
        f"{totals.unchanged} unchanged, {totals.failed} failed",
        highlight=False,
        soft_wrap=True,
    )


def _print_error(item: Outcome) -> None:
    if isinstance(item, InputError):
        errors.print(error_line(item), highlight=False, soft_wrap=True)


def _print_round(round_: WatchRound) -> None:
    when = datetime.now().strftime("%H:%M:%S")
    names = ", ".join(path.name for path in round_.files[:3])
    more = f" and {len(round_.files) - 3} more" if len(round_.files) > 3 else ""
    if round_.report is None:
        message = f"{when} {names}{more}: not stored ({round_.error}); retried on the next look"
        errors.print(error_line(message), highlight=False, soft_wrap=True)
        return
    report = round_.report
    errors.print(
        f"{when} {names}{more}: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.failed} failed",
        highlight=False,
        soft_wrap=True,
    )


def _add(totals: IngestReport, report: IngestReport) -> None:
    totals.added += report.added
    totals.updated += report.updated
    totals.unchanged += report.unchanged
    totals.errors += report.errors
    totals.stories += report.stories


def register(app: typer.Typer) -> None:
    """Add `rasid watch` to the `rasid` command."""
    app.command("watch")(watch_cli)
