"""How documents become rows of the SQL store, and rows documents again."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, select

from rasid.kb.index import match_key
from rasid.model import (
    Article,
    Document,
    Entity,
    Event,
    OffsetMap,
    Participant,
    Quote,
    Record,
    RemovedLine,
    Repair,
    TimeExpression,
)
from rasid.readers.base import parse_datetime
from rasid.store.base import input_hash, utc_naive
from rasid.store.schema import dates, entities, events, quotes, removed_lines, repairs

__all__ = [
    "RECORD_TABLES",
    "article_row",
    "document_from_row",
    "record_from_row",
    "record_row",
    "stored_records",
]


def article_row(document: Document) -> dict[str, Any]:
    article = document.article
    return {
        "content_hash": document.id,
        "external_id": article.external_id,
        "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "published_utc": utc_naive(article.published),
        "title": document.title,
        "author": article.author,
        "origin": article.origin,
        "raw_text": article.raw_text,
        "text": document.text,
        "offsets": json.dumps(document.offsets.to_json(), separators=(",", ":")),
        "stages": ",".join(document.done),
        "input_hash": input_hash(article),
    }


def document_from_row(row: Mapping[Any, Any], records: Sequence[Record]) -> Document:
    article = Article(
        raw_text=row["raw_text"],
        external_id=row["external_id"],
        source=row["source"],
        url=row["url"],
        published=parse_datetime(row["published"]) if row["published"] else None,
        title=row["title"],
        author=row["author"],
        origin=row["origin"],
    )
    layers: dict[str, tuple[Record, ...]] = {}
    for record in records:
        layers[record.layer] = (*layers.get(record.layer, ()), record)
    return Document(
        article=article,
        text=row["text"],
        title=row["title"],
        offsets=OffsetMap.from_json(json.loads(row["offsets"])),
        layers=MappingProxyType(layers),
        done=tuple(filter(None, row["stages"].split(","))),
    )


R = TypeVar("R", bound=Record)

#: The tables of records that point into an article, with the type each row becomes.
RECORD_TABLES: tuple[tuple[Table, type[Record]], ...] = (
    (removed_lines, RemovedLine),
    (repairs, Repair),
    (entities, Entity),
    (quotes, Quote),
    (dates, TimeExpression),
    (events, Event),
)


def record_row(article_id: str, record: Record) -> dict[str, Any]:
    row = {"article_id": article_id, **record.to_dict()}
    if isinstance(record, Quote):
        row["speaker_key"] = match_key(record.speaker)
    if isinstance(record, Event):
        for side in ("actors", "targets"):
            row[side] = json.dumps(row[side], ensure_ascii=False)
    return row


def stored_records(
    connection: Connection, table: Table, kind: type[Record], article_id: str
) -> list[Record]:
    rows = connection.execute(
        select(table).where(table.c.article_id == article_id).order_by(table.c.id)
    ).mappings()
    return [record_from_row(kind, row) for row in rows]


def record_from_row(kind: type[R], row: Mapping[Any, Any]) -> R:
    """A stored row as its record: the record's own columns, event participants from JSON."""
    values = {item.name: row[item.name] for item in fields(kind)}
    if kind is Event:
        for side in ("actors", "targets"):
            values[side] = tuple(Participant(**p) for p in json.loads(values[side]))
    return kind(**values)
