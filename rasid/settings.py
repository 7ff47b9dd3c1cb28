"""One options object, filled from defaults, a config file, the environment and the CLI.

Every setting is data with its help text (`SETTINGS`); `docs/settings.md`
documents each one and a test fails when one is missing there.
Precedence, lowest first: defaults, `rasid.toml` (or `--config FILE`),
`RASID_<NAME>` environment variables, command-line options.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rasid.errors import SettingsError

__all__ = ["DEFAULT_JSONL_FIELDS", "SETTINGS", "Options", "Setting", "load_options"]

#: Field names read from JSON-lines records, by the role they play.
DEFAULT_JSONL_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "id": "id",
        "text": "text",
        "title": "title",
        "source": "source",
        "url": "url",
        "published": "published",
        "author": "author",
    }
)


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "rasid.db", "SQLite database file, or a SQLAlchemy URL such as postgresql://..."),
    Setting(
        "max_article_bytes",
        5_000_000,
        "Largest single article accepted, in bytes: a text or HTML file, or the text of one "
        "JSON line. Larger inputs are reported and skipped.",
    ),
    Setting(
        "min_arabic_ratio",
        0.5,
        "Share of an article's letters that must be Arabic for it to be accepted.",
    ),
    Setting(
        "jsonl_fields",
        DEFAULT_JSONL_FIELDS,
        "Field names read from JSON-lines records, as role=field pairs for the roles id, "
        "text, title, source, url, published and author.",
    ),
    Setting("batch_size", 200, "Articles written to the store in one transaction during ingest."),
    Setting(
        "tagger",
        "fast",
        "Name tagger: fast (one network) or accurate (two networks pooled: about 0.01 more "
        "F1 on held-out ANERcorp articles for about twice the tagging cost).",
    ),
)

#: The values of the `tagger` setting.
TAGGER_MODES = ("fast", "accurate")


@dataclass(frozen=True, slots=True)
class Options:
    """The settings of one run. Build it with `load_options`; see `SETTINGS` for help."""

    db: str = "rasid.db"
    max_article_bytes: int = 5_000_000
    min_arabic_ratio: float = 0.5
    jsonl_fields: Mapping[str, str] = field(default_factory=lambda: DEFAULT_JSONL_FIELDS)
    batch_size: int = 200
    tagger: str = "fast"

    def with_overrides(self, **values: Any) -> Options:
        """Copy with the given settings, ignoring those passed as None."""
        return _apply(self, {k: v for k, v in values.items() if v is not None}, "override")


def _coerce(setting: str, value: Any, origin: str) -> Any:
    default = {s.name: s.default for s in SETTINGS}[setting]
    try:
        if setting == "jsonl_fields":
            return _jsonl_fields(value)
        if setting == "tagger":
            if value not in TAGGER_MODES:
                raise ValueError(f"expected one of {', '.join(TAGGER_MODES)}")
            return str(value)
        if isinstance(default, int):
            number = int(value)
            if number <= 0:
                raise ValueError("must be positive")
            return number
        if isinstance(default, float):
            ratio = float(value)
            if not 0.0 <= ratio <= 1.0:
                raise ValueError("must be between 0 and 1")
            return ratio
        return str(value)
    except (TypeError, ValueError) as error:
        raise SettingsError(f"{origin}: invalid value {value!r} for {setting}: {error}") from None


def _jsonl_fields(value: Any) -> Mapping[str, str]:
    if isinstance(value, str):
        pairs = [pair.strip() for pair in value.split(",") if pair.strip()]
        malformed = [pair for pair in pairs if "=" not in pair]
        if malformed:
            raise ValueError(f"expected role=field, got {malformed[0]!r} (e.g. text=body)")
        value = dict(pair.split("=", 1) for pair in pairs)
    if not isinstance(value, Mapping):
        raise ValueError("expected role=field pairs")
    unknown = set(value) - set(DEFAULT_JSONL_FIELDS)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; known: {sorted(DEFAULT_JSONL_FIELDS)}")
    merged = {**DEFAULT_JSONL_FIELDS, **{str(k).strip(): str(v).strip() for k, v in value.items()}}
    return MappingProxyType(merged)


def _apply(options: Options, values: Mapping[str, Any], origin: str) -> Options:
    known = {f.name for f in fields(Options)}
    unknown = set(values) - known
    if unknown:
        raise SettingsError(f"{origin}: unknown settings {sorted(unknown)}; known: {sorted(known)}")
    return replace(options, **{k: _coerce(k, v, origin) for k, v in values.items()})


def load_options(config: Path | None = None, **overrides: Any) -> Options:
    """Defaults, then the config file, then `RASID_*` variables, then `overrides`."""
    options = Options()
    path = config if config is not None else Path("rasid.toml")
    if config is not None or path.is_file():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise SettingsError(f"{path}: cannot read the config file: {error}") from None
        options = _apply(options, table.get("rasid", table), str(path))
    environment = {
        s.name: os.environ[f"RASID_{s.name.upper()}"]
        for s in SETTINGS
        if f"RASID_{s.name.upper()}" in os.environ
    }
    options = _apply(options, environment, "environment")
    return options.with_overrides(**overrides)
