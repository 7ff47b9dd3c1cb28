"""Every error rasid raises, in one hierarchy.

    RasidError
    ├── InputError              one input (a file, a JSON line) could not be read
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── UndecodableInput
    │   ├── InputTooLarge
    │   ├── NotArabic
    │   ├── NoArticleText
    │   └── MalformedRecord
    ├── PipelineError           the stage list is inconsistent, or a stage failed
    ├── StoreError              the database cannot be opened or written
    │   └── ArticleNotFound
    └── SettingsError           a setting or a config file is invalid

An `InputError` names the input and the reason in one line (`str(error)`), so
that a batch can report it and go on with the next input.
"""

from __future__ import annotations

__all__ = [
    "ArticleNotFound",
    "BinaryInput",
    "EmptyInput",
    "InputError",
    "InputTooLarge",
    "MalformedRecord",
    "NoArticleText",
    "NotArabic",
    "PipelineError",
    "RasidError",
    "SettingsError",
    "StoreError",
    "UndecodableInput",
]


class RasidError(Exception):
    """Base of every error rasid raises on purpose."""


class InputError(RasidError):
    """One input could not be turned into an article."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class EmptyInput(InputError):
    def __init__(self, origin: str) -> None:
        super().__init__(origin, "empty input: no text to ingest")


class BinaryInput(InputError):
    def __init__(self, origin: str, detail: str = "") -> None:
        reason = "binary data, not text"
        super().__init__(origin, f"{reason} ({detail})" if detail else reason)


class UndecodableInput(InputError):
    def __init__(self, origin: str, detail: str = "") -> None:
        reason = "cannot decode the bytes in any known text encoding"
        super().__init__(origin, f"{reason}: {detail}" if detail else reason)


class InputTooLarge(InputError):
    def __init__(self, origin: str, size: int, limit: int) -> None:
        super().__init__(
            origin,
            f"too large for one article ({size:,} bytes, limit {limit:,}); "
            "split it or raise the max_article_bytes setting",
        )


class NotArabic(InputError):
    def __init__(self, origin: str, ratio: float, threshold: float) -> None:
        super().__init__(
            origin,
            f"not Arabic text ({ratio:.0%} of letters are Arabic, at least {threshold:.0%} needed)",
        )


class NoArticleText(InputError):
    def __init__(self, origin: str, detail: str = "") -> None:
        reason = "no article text found"
        super().__init__(origin, f"{reason} ({detail})" if detail else reason)


class MalformedRecord(InputError):
    """A JSON line that is not an object, or lacks the text field."""


class PipelineError(RasidError):
    """The stage list cannot run (an unknown stage, a stage before what it needs)."""


class StoreError(RasidError):
    """The store cannot be opened, migrated or written."""


class ArticleNotFound(StoreError):
    def __init__(self, key: str) -> None:
        super().__init__(f"no stored article has the id or external id {key!r}")
        self.key = key


class SettingsError(RasidError):
    """A setting has an invalid value, or a config file cannot be read."""
