"""What the `rasid` command's modules share: the consoles, output formats, failing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from rasid.errors import RasidError
from rasid.settings import Options, load_options
from rasid.store import SqlStore, open_store

__all__ = [
    "ConfigOption",
    "DbOption",
    "OutputFormat",
    "configured_store",
    "console",
    "error_line",
    "errors",
    "fail",
    "options",
]

console = Console()
errors = Console(stderr=True)


class OutputFormat(StrEnum):
    json = "json"
    text = "text"


def error_line(message: object) -> Text:
    """A red "error:" and the message as plain text: data may look like Rich markup."""
    return Text.assemble(("error: ", "red"), str(message))


def fail(message: str) -> typer.Exit:
    """Print `message` as an error and return the exit to raise."""
    errors.print(error_line(message), highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="TOML config file (default: ./rasid.toml if present)."),
]
DbOption = Annotated[
    str | None, typer.Option("--db", help="SQLite file or database URL (default: rasid.db).")
]


def options(config: Path | None, **overrides: Any) -> Options:
    try:
        return load_options(config, **overrides)
    except RasidError as error:
        raise fail(str(error)) from None


def announce_upgrade(label: str) -> Callable[[str, str], None]:
    """What the commands tell before upgrading an existing database's schema, which can
    take minutes on a large store."""

    def announce(current: str, head: str) -> None:
        errors.print(
            f"{label}: upgrading the database from schema {current} to {head}; "
            "on a large store this takes minutes (about one per 100,000 articles)",
            highlight=False,
            soft_wrap=True,
        )

    return announce


@contextmanager
def configured_store(config: Path | None, db: str | None) -> Iterator[SqlStore]:
    """Open the configured store for one command; exit with a message if it cannot be."""
    settings = options(config, db=db)
    if "://" not in settings.db and not Path(settings.db).expanduser().is_file():
        raise fail(f"{settings.db}: no database there yet; rasid ingest creates one")
    try:
        store = open_store(settings.db, on_upgrade=announce_upgrade(settings.db))
    except RasidError as error:
        raise fail(str(error)) from None
    try:
        yield store
    finally:
        store.close()
