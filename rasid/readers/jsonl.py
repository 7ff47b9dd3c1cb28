"""JSON lines (optionally gzipped): one article per line, field names configurable."""

from __future__ import annotations

import codecs
import gzip
import json
import math
import re
import zlib
from collections.abc import Iterator, Mapping
from io import BufferedIOBase, BufferedReader
from pathlib import Path
from typing import Any

from rasid.errors import EmptyInput, InputError, InputTooLarge, MalformedRecord
from rasid.model import Article
from rasid.readers.base import ReadResult, compose_raw_text, parse_datetime

__all__ = ["JsonLinesReader", "article_from_record"]

# JSON may escape half a surrogate pair ("\\ud800"), which no encoder accepts;
# such a half is one lost character, as a cut byte is in a UTF-8 file.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _as_text(value: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", value)


def _type_name(value: Any) -> str:
    """What a JSON value is, in JSON's words: "a number", "an array", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {"list": "an array", "dict": "an object", "str": "a string"}[type(value).__name__]


def _text_field(record: Mapping[str, Any], name: str) -> str | None:
    """A field as text: strings and numbers only ("7" for 7 and 7.0); anything else is absent."""
    value = record.get(name)
    if isinstance(value, str):
        return _as_text(value).strip() or None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None  # 1e400 and NaN parse, but name no id and no date
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def article_from_record(
    record: Any, origin: str, *, fields: Mapping[str, str], max_bytes: int
) -> Article:
    """Build an article from one decoded JSON record; raise `MalformedRecord` if it has none."""
    if not isinstance(record, dict):
        raise MalformedRecord(origin, f"expected a JSON object, found {_type_name(record)}")
    body = record.get(fields["text"])
    if fields["text"] in record and not isinstance(body, str):
        raise MalformedRecord(
            origin, f"field {fields['text']!r} holds {_type_name(body)}, not the article's text"
        )
    if not isinstance(body, str) or not body.strip():
        raise MalformedRecord(origin, f"no text in field {fields['text']!r}")
    body = _as_text(body)
    size = len(body.encode("utf-8"))
    if size > max_bytes:
        raise InputTooLarge(origin, size, max_bytes)
    published_value = _text_field(record, fields["published"])
    try:
        published = parse_datetime(published_value) if published_value else None
    except ValueError as error:
        raise MalformedRecord(origin, f"field {fields['published']!r}: {error}") from None
    title = _text_field(record, fields["title"])
    url = _text_field(record, fields["url"])
    return Article(
        raw_text=compose_raw_text(title, body.replace("\r\n", "\n")),
        # A record's place in the file ("dump.jsonl:3") moves when the file
        # changes, so it is never an identity: without an id or URL, none.
        external_id=_text_field(record, fields["id"]) or url,
        source=_text_field(record, fields["source"]),
        url=url,
        published=published,
        title=title,
        author=_text_field(record, fields["author"]),
        origin=origin,
    )


#: What a damaged gzip stream raises: not gzip at all, cut short, or bad deflate data.
_CORRUPT = (OSError, EOFError, zlib.error)


def _open(path: Path) -> BufferedReader | gzip.GzipFile:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


class JsonLinesReader:
    """Each line's `origin` is `path:line`; a bad line is reported and the rest still read."""

    def __init__(self, *, fields: Mapping[str, str], max_bytes: int) -> None:
        self.fields = fields
        self.max_bytes = max_bytes

    def read(self, path: Path) -> Iterator[ReadResult]:
        try:
            stream = _open(path)
        except OSError as error:
            yield InputError(str(path), f"cannot read the file: {error.strerror or error}")
            return
        number = records = 0
        with stream:
            try:
                head = stream.peek(64).lstrip(codecs.BOM_UTF8 + b" \t\r\n")
                if ".json" in path.suffixes[-2:] and head.startswith(b"["):
                    yield from self._read_array(stream, path)
                    return
                for number, line in enumerate(stream, start=1):
                    if number == 1:
                        line = line.removeprefix(codecs.BOM_UTF8)
                    if line.strip():
                        records += 1
                        yield self._parse(line, f"{path}:{number}")
            except _CORRUPT as error:
                yield InputError(
                    f"{path}:{number + 1}", f"the file is cut short or corrupt: {error}"
                )
                return
        if not records:  # said, so that an empty export is not mistaken for a read one
            yield EmptyInput(str(path))

    def _read_array(self, stream: BufferedIOBase, path: Path) -> Iterator[ReadResult]:
        """A JSON file holding one array of records, as some exporters write them."""
        try:
            records = json.loads(stream.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            yield MalformedRecord(str(path), f"not a JSON array of records: {error}")
            return
        if not isinstance(records, list):
            yield MalformedRecord(str(path), "expected a JSON array of records")
            return
        for index, record in enumerate(records):
            origin = f"{path}#{index}"
            try:
                yield article_from_record(
                    record, origin, fields=self.fields, max_bytes=self.max_bytes
                )
            except InputError as error:
                yield error

    def _parse(self, line: bytes, origin: str) -> ReadResult:
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            return MalformedRecord(origin, "the line is not valid UTF-8")
        except json.JSONDecodeError as error:
            return MalformedRecord(
                origin, f"invalid JSON: {error.msg.removesuffix(' at')} at column {error.colno}"
            )
        except RecursionError:
            return MalformedRecord(origin, "JSON nested too deeply to be an article")
        try:
            return article_from_record(record, origin, fields=self.fields, max_bytes=self.max_bytes)
        except InputError as error:
            return error
