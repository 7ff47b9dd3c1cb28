"""Export stored events: ACLED-like CSV, GeoJSON points, JSON lines.

The PLOVER -> ACLED mapping (docs/events.md) is the table `ACLED_TYPES`: an
event type, and for ASSAULT its mode, gives ACLED's event type and sub-event
type. The event date is the day the event's date value names (the first day
of a month, week or year, with ACLED's time precision 1 day / 2 week / 3
month or more); a value relative to an unknown publication date has no day.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

from rasid.kb.index import KnowledgeBase
from rasid.model import Event, Participant
from rasid.store.base import EventHit

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_TYPES",
    "acled_rows",
    "event_day",
    "event_period",
    "geojson",
    "jsonl_rows",
    "select_events",
    "write_acled_csv",
]

#: ACLED's columns, then rasid's own (PLOVER type and mode, modality, article).
ACLED_COLUMNS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "assoc_actor_2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes",
    "plover_type", "plover_mode", "modality", "date_value", "date_defaulted", "article_id",
    "external_id", "url",
)  # fmt: skip

_STRATEGIC = ("Strategic developments", "Other")
#: (PLOVER type, mode or None) -> (ACLED event type, sub-event type).
ACLED_TYPES: dict[tuple[str, str | None], tuple[str, str]] = {
    ("ASSAULT", "aerial"): ("Explosions/Remote violence", "Air/drone strike"),
    ("ASSAULT", "shelling"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("ASSAULT", "IED"): ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("ASSAULT", "firearms"): ("Battles", "Armed clash"),
    ("ASSAULT", "assassination"): ("Violence against civilians", "Attack"),
    ("ASSAULT", None): ("Violence against civilians", "Attack"),
    ("PROTEST", None): ("Protests", "Peaceful protest"),
    ("COERCE", "arrest"): ("Strategic developments", "Arrests"),
    ("AGREE", None): ("Strategic developments", "Agreement"),
    ("MOBILIZE", None): ("Strategic developments", "Change to group/activity"),
    ("RETREAT", None): ("Strategic developments", "Change to group/activity"),
    ("SANCTION", None): _STRATEGIC,
    ("COOPERATE", None): _STRATEGIC,
}

_ROLE_NAMES = {
    "armed forces": "Military Forces of {}",
    "air force": "Military Forces of {}",
    "navy": "Military Forces of {}",
    "government": "Government of {}",
    "presidency": "Government of {}",
    "foreign ministry": "Government of {}",
    "defence ministry": "Government of {}",
    "police": "Police Forces of {}",
    "intelligence": "Government of {}",
}
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_YEAR = re.compile(r"\d{4}")


def acled_type(event: Event) -> tuple[str, str]:
    return (
        ACLED_TYPES.get((event.type, event.mode))
        or ACLED_TYPES.get((event.type, None))
        or _STRATEGIC
    )


def event_day(event: Event) -> tuple[dt.date | None, int | None]:
    """The day an event's date value names, and ACLED's time precision for it."""
    value = event.date or ""
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value), 1
        if week := _WEEK.fullmatch(value):
            return dt.date.fromisocalendar(int(week[1]), int(week[2]), 1), 2
        if month := _MONTH.fullmatch(value):
            return dt.date(int(month[1]), int(month[2]), 1), 3
        if _YEAR.fullmatch(value):
            return dt.date(int(value), 1, 1), 3
    except ValueError:
        return None, None
    return None, None


def _actor(participant: Participant) -> str:
    template = _ROLE_NAMES.get(participant.role or "")
    return template.format(participant.name_en) if template else participant.name_en


def event_period(event: Event) -> tuple[dt.date, dt.date] | None:
    """First and last day of the period an event's date value names."""
    first, _ = event_day(event)
    if first is None:
        return None
    value = event.date or ""
    if _WEEK.fullmatch(value):
        return first, first + dt.timedelta(days=6)
    if _MONTH.fullmatch(value):
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    if _YEAR.fullmatch(value):
        return first, dt.date(first.year, 12, 31)
    return first, first


def select_events(
    hits: Iterable[EventHit], *, since: dt.date | None = None, until: dt.date | None = None
) -> list[EventHit]:
    """Events whose period (else their article's publication day) meets the range."""
    chosen = []
    for hit in hits:
        period = event_period(hit.event)
        if period is None and hit.published is not None:
            period = (hit.published.date(), hit.published.date())
        if (since or until) and period is None:
            continue
        if period is not None and since and period[1] < since:
            continue
        if period is not None and until and period[0] > until:
            continue
        chosen.append(hit)
    return chosen


def acled_rows(hits: Sequence[EventHit], kb: KnowledgeBase) -> list[dict[str, Any]]:
    rows = []
    for hit in hits:
        event = hit.event
        day, precision = event_day(event)
        kind, sub = acled_type(event)
        record = kb.records.get(event.location_kb_id or "")
        country = kb.records.get(f"country:{record.country}") if record and record.country else None
        geo = {"city": 1, "capital": 1, "landmark": 1, "admin1": 2, "region": 2, "country": 3}
        actors = [_actor(p) for p in event.actors]
        targets = [_actor(p) for p in event.targets]
        reported = f"; reported by {event.source}" if event.source else ""
        rows.append({
            "event_date": day.isoformat() if day else "",
            "time_precision": precision or "",
            "event_type": kind,
            "sub_event_type": sub,
            "actor1": actors[0] if actors else "",
            "assoc_actor_1": "; ".join(actors[1:]),
            "actor2": targets[0] if targets else "",
            "assoc_actor_2": "; ".join(targets[1:]),
            "country": country.name_en if country else (record.name_en if record else ""),
            "admin1": (record.admin1 or "") if record and record.kind != "admin1" else (
                record.name_en if record else ""),
            "location": event.location or "",
            "latitude": event.lat if event.lat is not None else "",
            "longitude": event.lon if event.lon is not None else "",
            "geo_precision": geo.get(record.kind, 3) if record else "",
            "source": "; ".join(s for s in (hit.source, event.source) if s),
            "notes": f"{event.type}{'/' + event.mode if event.mode else ''} ({event.modality})"
                     f"{reported}: {event.sentence}",
            "plover_type": event.type,
            "plover_mode": event.mode or "",
            "modality": event.modality,
            "date_value": event.date or "",
            "date_defaulted": event.date_defaulted,
            "article_id": hit.article_id,
            "external_id": hit.external_id or "",
            "url": hit.url or "",
        })  # fmt: skip
    return rows


def write_acled_csv(rows: Sequence[dict[str, Any]], stream: IO[str], *, bom: bool = False) -> None:
    """CSV in UTF-8; with `bom`, a byte-order mark first, so spreadsheets read the Arabic."""
    if bom:
        stream.write("\ufeff")
    writer = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)


def _view(hit: EventHit) -> dict[str, Any]:
    return {
        **hit.event.to_dict(),
        "article_id": hit.article_id,
        "external_id": hit.external_id,
        "title": hit.title,
        "published": hit.published.isoformat() if hit.published else None,
        "article_source": hit.source,
        "url": hit.url,
    }


def geojson(hits: Sequence[EventHit]) -> dict[str, Any]:
    """A FeatureCollection (RFC 7946) of the events that have a place, as points."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [hit.event.lon, hit.event.lat]},
            "properties": _view(hit),
        }
        for hit in hits
        if hit.event.lat is not None and hit.event.lon is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def jsonl_rows(hits: Sequence[EventHit]) -> Iterable[str]:
    for hit in hits:
        yield json.dumps(_view(hit), ensure_ascii=False)
