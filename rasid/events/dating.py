"""When an event happened: the sentence's own date expression nearest the trigger,
else the story's day (the day of the article's first event dated in its own
sentence), else the publication date, flagged `date_defaulted`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from rasid.model import Event, TimeExpression
from rasid.text.tokens import Token

__all__ = ["is_ahead", "is_day", "story_day", "when_said"]


def story_day(events: list[Event]) -> list[Event]:
    """An event with no date in its sentence happened on the story's day: the day of
    the article's first event dated in its own sentence ("اختتم الوفدان أمس
    مباحثات ...، وقالت الوزارة إن الجانبين توصلا ..." is yesterday's agreement), not
    the publication day. Only a day is carried; a month or a year says too little."""
    lead = next((e for e in events if not e.date_defaulted and is_day(e.date)), None)
    if lead is None:
        return events
    return [
        replace(e, date=lead.date, date_defaulted=False) if e.date_defaulted else e for e in events
    ]


def is_day(value: str | None) -> bool:
    """A TIMEX3 value naming one day: "2020-03-12", "DCT-1D", "DCT-LAST-THU"."""
    if value is None:
        return False
    if value.startswith("DCT"):
        return value == "DCT" or value.endswith("D") or "-LAST-" in value or "-NEXT-" in value
    return len(value) == 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit()


def when_said(
    tokens: Sequence[Token], start: int, dates: Sequence[TimeExpression], published: date | None
) -> tuple[str | None, bool]:
    first, last = tokens[0].start, tokens[-1].end
    inside = [
        d for d in dates
        if first <= d.start and d.end <= last and not d.value.startswith("P")
        and d.value not in ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
    ]  # fmt: skip
    if inside:
        anchor = tokens[start].start
        return min(inside, key=lambda d: abs(d.start - anchor)).value, False
    return (published.isoformat() if published else None), True


def is_ahead(value: str | None, published: date | None) -> bool:
    """Does the date value lie after the publication day ("DCT+2D"، "DCT-NEXT-THU"،
    a later day)? Then the event is still to come."""
    if value is None:
        return False
    if value.startswith("DCT"):
        return value.startswith("DCT+") or "-NEXT-" in value
    if published is None or not is_day(value):
        return False
    try:
        return date.fromisoformat(value) > published
    except ValueError:
        return False
