"""What the `rasid` command's modules share: the consoles, output formats, failing."""

from __future__ import annotations

from enum import StrEnum

import typer
from rich.console import Console
from rich.text import Text

__all__ = ["OutputFormat", "console", "error_line", "errors", "fail"]

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
