"""What a time expression refers to, and its TIMEX3 value given the publication date.

The finder turns words into one of the references below without looking at
the publication date (the DCT, "document creation time"); `resolve` then
computes the value: a calendar value when the DCT is known, the DCT-relative
notation of docs/dates.md when it is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from hijridate import Gregorian, Hijri

__all__ = [
    "Anchor",
    "DayMonth",
    "DayOfMonth",
    "Fixed",
    "HijriMonth",
    "MonthOfYear",
    "Reference",
    "Shift",
    "Weekday",
    "gregorian_of_hijri",
    "resolve",
]

Anchor = Literal["last", "next", "this", "recent", "coming", "nearest"]
"""Which occurrence of a recurring month or weekday is meant.

last / next: strictly before / after the DCT's (month, weekday); this: the
DCT's own year; recent / coming: the latest on or before / the earliest on or
after the DCT, for a bare name read in a past or a future clause; nearest: the
one nearest the DCT, for a bare name whose clause says neither.
"""

_WEEKDAY_CODES = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


@dataclass(frozen=True, slots=True)
class Fixed:
    """A value that does not depend on the DCT: an absolute date, a duration, a PAST_REF."""

    value: str


@dataclass(frozen=True, slots=True)
class Shift:
    """The DCT moved by `amount` units, at the unit's granularity ("الأسبوع الماضي")."""

    unit: Literal["D", "W", "M", "Y"]
    amount: int


@dataclass(frozen=True, slots=True)
class DayMonth:
    """A day and month without a year ("23 آذار"): the year nearest the DCT, or the
    nearest on or after it when the clause is in the future."""

    month: int
    day: int
    coming: bool = False


@dataclass(frozen=True, slots=True)
class MonthOfYear:
    """A month (and maybe a day) of a year given relative to the DCT ("آذار الماضي",
    "مارس من العام المقبل"); `year_shift` is set when the year is named."""

    month: int
    anchor: Anchor
    day: int | None = None
    year_shift: int | None = None


@dataclass(frozen=True, slots=True)
class DayOfMonth:
    """A day of the DCT's month moved by `shift` months: "الـ 15 من الشهر الجاري"."""

    shift: int
    day: int


@dataclass(frozen=True, slots=True)
class Weekday:
    weekday: int
    """Python's numbering: Monday is 0."""
    anchor: Anchor


@dataclass(frozen=True, slots=True)
class HijriMonth:
    """A Hijri month (and maybe day) without a year: needs the DCT to pick the year."""

    month: int
    anchor: Anchor
    day: int | None = None


Reference = Fixed | Shift | DayMonth | DayOfMonth | MonthOfYear | Weekday | HijriMonth


def gregorian_of_hijri(year: int, month: int, day: int = 1) -> dt.date | None:
    """The Gregorian date of a Hijri date (Umm al-Qura), or None outside 1343-1500 AH."""
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _hijri_of(date: dt.date) -> tuple[int, int] | None:
    try:
        hijri = Gregorian(date.year, date.month, date.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return hijri.year, hijri.month


def resolve(reference: Reference, published: dt.date | None) -> str | None:
    """The value of `reference` for a document published on `published`, or None if it has none."""
    if isinstance(reference, Fixed):
        return reference.value
    if published is None:
        return _relative_value(reference)
    try:
        return _calendar_value(reference, published)
    except (OverflowError, ValueError):
        # Only a publication date at the edge of the calendar (year 1 or 9999) gets here.
        return None


def _calendar_value(reference: Reference, published: dt.date) -> str | None:
    if isinstance(reference, Fixed):
        return reference.value
    if isinstance(reference, Shift):
        return _shifted(published, reference.unit, reference.amount)
    if isinstance(reference, DayMonth):
        candidates = [
            _valid_date(published.year + shift, reference.month, reference.day)
            for shift in (-1, 0, 1)
        ]
        return _nearest(published, candidates, coming=reference.coming)
    if isinstance(reference, MonthOfYear):
        return _month_of_year(published, reference)
    if isinstance(reference, DayOfMonth):
        year, month = _add_months(published.year, published.month, reference.shift)
        date = _valid_date(year, month, reference.day)
        return date.isoformat() if date else None
    if isinstance(reference, Weekday):
        return _weekday(published, reference.weekday, reference.anchor).isoformat()
    return _hijri_month(published, reference)


def _relative_value(reference: Reference) -> str | None:
    """The DCT-relative notation, for a document whose publication date is unknown."""
    if isinstance(reference, Shift):
        if reference.unit == "D" and reference.amount == 0:
            return "DCT"
        return f"DCT{reference.amount:+d}{reference.unit}"
    if isinstance(reference, DayMonth):
        return f"XXXX-{reference.month:02d}-{reference.day:02d}"
    if isinstance(reference, MonthOfYear):
        month = f"{reference.month:02d}"
        day = "" if reference.day is None else f"-{reference.day:02d}"
        if reference.year_shift is not None:
            return f"DCT{reference.year_shift:+d}Y-{month}{day}"
        if reference.anchor in ("last", "recent"):
            return f"DCT-LAST-{month}{day}"
        if reference.anchor in ("next", "coming"):
            return f"DCT-NEXT-{month}{day}"
        if reference.anchor == "this" and not day:
            return f"DCT-THIS-{month}"
        return f"XXXX-{month}{day}"
    if isinstance(reference, DayOfMonth):
        return f"DCT{reference.shift:+d}M-{reference.day:02d}"
    if isinstance(reference, Weekday):
        direction = "NEXT" if reference.anchor in ("next", "coming") else "LAST"
        return f"DCT-{direction}-{_WEEKDAY_CODES[reference.weekday]}"
    # A Hijri month without a year has no Gregorian month until the year is known.
    return None


def _add_months(year: int, month: int, amount: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + amount
    return index // 12, index % 12 + 1


def _shifted(published: dt.date, unit: str, amount: int) -> str | None:
    if unit == "D":
        return (published + dt.timedelta(days=amount)).isoformat()
    if unit == "W":
        year, week, _ = (published + dt.timedelta(weeks=amount)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "M":
        year, month = _add_months(published.year, published.month, amount)
        return f"{year:04d}-{month:02d}" if 1 <= year <= 9999 else None
    year = published.year + amount
    return f"{year:04d}" if 1 <= year <= 9999 else None


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest(published: dt.date, candidates: list[dt.date | None], *, coming: bool) -> str | None:
    """The candidate nearest `published` (on or after it if `coming` and there is one)."""
    dates = [date for date in candidates if date is not None]
    if coming:
        dates = [date for date in dates if date >= published] or dates
    if not dates:
        return None
    # Ties (exactly half a year away) go to the past, which news reports more often.
    nearest = min(dates, key=lambda date: (abs((date - published).days), date))
    return nearest.isoformat()


def _anchored_year(year: int, month: int, reference_month: int, anchor: Anchor) -> int:
    """The year of the `anchor` occurrence of `month`, seen from (`year`, `reference_month`)."""
    if anchor == "last":
        return year if month < reference_month else year - 1
    if anchor == "next":
        return year if month > reference_month else year + 1
    if anchor == "recent":
        return year if month <= reference_month else year - 1
    if anchor == "coming":
        return year if month >= reference_month else year + 1
    if anchor == "nearest":
        # Ties (six months either way) go to the past, which news reports more often.
        return min(
            (year - 1, year, year + 1),
            key=lambda y: abs(y * 12 + month - (year * 12 + reference_month)),
        )
    return year


def _month_of_year(published: dt.date, reference: MonthOfYear) -> str | None:
    if reference.day is not None and reference.anchor in ("last", "next"):
        # "23 سبتمبر المقبل" written on 8 September is this September's 23rd.
        candidates = [
            _valid_date(published.year + shift, reference.month, reference.day)
            for shift in (-1, 0, 1)
        ]
        if reference.anchor == "last":
            before = [date for date in candidates if date is not None and date < published]
            return max(before).isoformat() if before else None
        after = [date for date in candidates if date is not None and date > published]
        return min(after).isoformat() if after else None
    if reference.year_shift is not None:
        year = published.year + reference.year_shift
    else:
        year = _anchored_year(published.year, reference.month, published.month, reference.anchor)
    if not 1 <= year <= 9999:
        return None
    if reference.day is None:
        return f"{year:04d}-{reference.month:02d}"
    date = _valid_date(year, reference.month, reference.day)
    return date.isoformat() if date else None


def _weekday(published: dt.date, weekday: int, anchor: Anchor) -> dt.date:
    if anchor in ("next", "coming"):
        ahead = (weekday - published.weekday()) % 7
        if ahead == 0 and anchor == "next":
            ahead = 7
        return published + dt.timedelta(days=ahead)
    back = (published.weekday() - weekday) % 7
    if back == 0 and anchor == "last":
        back = 7
    return published - dt.timedelta(days=back)


def _hijri_month(published: dt.date, reference: HijriMonth) -> str | None:
    today = _hijri_of(published)
    if today is None:
        return None
    year, month = today
    if reference.day is not None:
        candidates = [
            gregorian_of_hijri(year + shift, reference.month, reference.day) for shift in (-1, 0, 1)
        ]
        return _nearest(published, candidates, coming=reference.anchor == "coming")
    hijri_year = _anchored_year(year, reference.month, month, reference.anchor)
    first_day = gregorian_of_hijri(hijri_year, reference.month)
    return None if first_day is None else f"{first_day.year:04d}-{first_day.month:02d}"
