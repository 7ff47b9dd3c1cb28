"""Month names, years and numeric dates: the calendar half of the finder's patterns.

A month name is read with what news writes around it: "شهر" before it, the
same month in another family after it ("آذار/ مارس"), a year or a direction
("الماضي") after that. Whether a bare name counts at all depends on how much
else the word can mean (see `lexicon.MonthName`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from rasid.dates import lexicon as lx
from rasid.dates.relative import Found, RelativePatterns
from rasid.dates.resolve import (
    Anchor,
    DayMonth,
    Fixed,
    HijriMonth,
    MonthOfYear,
    Reference,
    gregorian_of_hijri,
)
from rasid.dates.tokens import MONTHS

__all__ = ["MonthPatterns", "month_reference"]

_DIRECTION_ANCHORS: Mapping[int, Anchor] = {-2: "last", -1: "last", 0: "this", 1: "next", 2: "next"}
_SHAHR = frozenset({"شهر"})
_FROM = "من"


@dataclass(frozen=True, slots=True)
class _Month:
    name: lx.MonthName
    start: int
    end: int
    named: bool
    """Written with "شهر" or as a pair ("آذار/ مارس"): clear even for a weak name."""
    word: str


@dataclass(frozen=True, slots=True)
class _Year:
    end: int
    year: int | None = None
    shift: int | None = None
    """A year relative to the DCT: "من العام الماضي" is -1."""


class MonthPatterns(RelativePatterns):
    """Patterns for month names and years; each returns a `Found` for the tokens at `i`."""

    def month_name(self, i: int) -> _Month | None:
        """A month name, with "شهر" before it and its equivalent in another family after it."""
        shahr = self.bare(i, _SHAHR)
        j = i + 1 if shahr and self.phrase(i + 1, MONTHS) else i
        found = self.phrase(j, MONTHS)
        if found is None or (shahr and j > i and found[2]):
            return None
        name, end, clitic_length = found
        start = self.start(i, shahr[1]) if shahr and j > i else self.start(j, clitic_length)
        word = self.tokens[j].text[clitic_length:]
        named = j > i
        # "آذار/ مارس", "مارس - آذار", "مارس (آذار)", "سبتمبر أيلول": one month, two families.
        adjacent = self.phrase(end, MONTHS)
        if (
            adjacent
            and adjacent[0].number == name.number
            and adjacent[0].calendar == name.calendar
            and not adjacent[2]
            and self.word(end) != self.word(end - 1)
        ):
            return _Month(name, start, adjacent[1], True, word)
        separator = self.word(end)
        if separator in ("/", "\\", "-", "("):
            pair = self.phrase(end + 1, MONTHS)
            if pair and pair[0].number == name.number and not pair[2]:
                pair_end = pair[1]
                if separator != "(":
                    return _Month(name, start, pair_end, True, word)
                if self.word(pair_end) == ")":
                    return _Month(name, start, pair_end + 1, True, word)
        return _Month(name, start, end, named, word)

    def year_after(self, k: int, calendar: str) -> _Year | None:
        """The year written after a month: "2020", "2020م", "عام 2020", "من العام الماضي"."""
        j = k
        if self.word(j) in ("،", ",") and self.number(j + 1) is not None:
            j += 1  # "23 مارس، 2020"
        elif self.word(j) == _FROM:
            j += 1  # "مارس من عام 2019", "مارس من العام الماضي"
        if self.word(j) in lx.THIS and self.word(j + 1) in lx.PERIOD_UNITS_Y:
            return _Year(j + 2, shift=0)  # "من هذا العام"
        direction = self.direction(j + 1) if self.word(j) in lx.PERIOD_UNITS_Y else None
        if direction is not None:
            return _Year(direction[1], shift=direction[0])
        if self.word(j) in lx.YEAR_CUES:
            j += 1
        year = self.number(j)
        if year is None or len(self.tokens[j].text) != 4:
            return None
        marked_hijri = self.bare(j + 1, lx.HIJRI_MARKERS) is not None
        marked = marked_hijri or self.bare(j + 1, lx.GREGORIAN_MARKERS) is not None
        # A Hijri year the converter does not know still belongs to the date, which is
        # then dropped rather than read without its year.
        if calendar == "hijri" and year > 1600:
            return None
        if calendar == "gregorian" and (marked_hijri or year > 2999):
            return None
        return _Year(j + 2 if marked else j + 1, year=year)

    # -- the patterns -------------------------------------------------------------

    def numeric_date(self, i: int) -> Found | None:
        """Numeric dates: "2020/03/07", "12.03.2020", "4/3/2020" (day first, the Arab order)."""
        token = self.tokens[i]
        parts = token.text.replace("/", " ").replace(".", " ").replace("-", " ").split()
        if len(parts) != 3 or any(len(part) > 4 for part in parts):
            return None
        first, second, third = (int(part) for part in parts)
        if len(parts[0]) == 4:
            date = _date(first, second, third)
        elif len(parts[2]) == 4:
            date = _date(third, second, first) or _date(third, first, second)
        else:
            return None
        if date is None or not 1000 <= date.year <= 2999:
            return None
        end = i + 2 if self.bare(i + 1, lx.GREGORIAN_MARKERS) else i + 1
        return Found(token.start, end, Fixed(date.isoformat()))

    def month(self, i: int) -> Found | None:
        """A month without a day: "آذار 2020", "في تموز", "أكتوبر المقبل", "نيسان وحزيران"."""
        month = self.month_name(i)
        if month is None:
            return None
        year = self.year_after(month.end, month.name.calendar)
        direction = None if year else self.direction(month.end)
        end = year.end if year else direction[1] if direction else month.end
        if year is None and direction is None and (self.word(end) or "").startswith("و"):
            # "في نيسان وحزيران المقبلين": the second month's year or direction is both's.
            pair = self.month_name(end + 1 if self.word(end) == "و" else end)
            if pair is not None:
                year = self.year_after(pair.end, pair.name.calendar)
                direction = None if year else self.direction(pair.end)
        strength = month.name.strength
        in_context = month.named or year is not None
        if strength == "weak":
            in_context = (
                in_context or direction is not None or bool(self.bare(i - 1, lx.DATE_CONTEXT))
            )
        elif strength == "strong":
            in_context = True
        if not in_context:
            return None
        if month.name.calendar == "hijri" and year is None and direction is None:
            return Found(month.start, end, None)  # "شهر رمضان": which one is not said
        amount = direction[0] if direction else None
        reference = month_reference(month.name, None, year, amount, self.tense(i))
        return Found(month.start, end, reference)

    def tense(self, i: int) -> Anchor:
        """Which occurrence a bare month or day at `i` means: by the clause's tense, or nearest."""
        if self.future_clause(i):
            return "coming"
        if self.bare(i - 1, lx.SINCE):
            return "recent"
        return "nearest"

    def year(self, i: int, *, cue_needed: bool = True) -> Found | None:
        """A year: "عام 2020", "سنة 2019م", "1441هـ", and a bare number after a cue ("منذ 2011")."""
        cue = self.bare(i, lx.YEAR_CUES)
        j = i + 1 if cue else i
        year = self.number(j)
        if year is None or len(self.tokens[j].text) != 4:
            return None
        start = self.start(i, cue[1] if cue else 0)
        hijri = self.bare(j + 1, lx.HIJRI_MARKERS) is not None
        marked = hijri or self.bare(j + 1, lx.GREGORIAN_MARKERS) is not None
        end = j + 2 if marked else j + 1
        if hijri:
            first_day = gregorian_of_hijri(year, 1)
            if first_day is None:
                return None
            return Found(start, end, Fixed(f"{first_day.year:04d}"))
        if not cue and not marked:
            if not 1900 <= year <= 2100 or (
                cue_needed and not self._year_in_context(i) and not self._year_in_series(i)
            ):
                return None
        elif not 1000 <= year <= 2999:
            return None
        return Found(start, end, Fixed(f"{year:04d}"))

    def season(self, i: int) -> Found | None:
        """A season of a year: "صيف 2021", "صيف عام 2018" (TIMEX3 "2018-SU")."""
        season = self.bare(i, lx.SEASONS)
        year = self.year_after(i + 1, "gregorian") if season else None
        if season is None or year is None or year.year is None:
            return None
        code = lx.SEASONS[season[0]]
        return Found(self.start(i, season[1]), year.end, Fixed(f"{year.year:04d}-{code}"))

    def _year_in_context(self, i: int) -> bool:
        """A bare four-digit number is a year after "منذ", "حتى" ..., never a count ("2000 شخص")."""
        context = self.bare(i - 1, lx.DATE_CONTEXT)
        if context is None:
            return False
        following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        if following is None or following.is_number or not following.text[0].isalpha():
            return True
        if following.bare(lx.UNITS):
            return False
        # After "في" or "إلى" an indefinite word is what is counted: "في 2000 حالة".
        return (
            context[0] not in ("في", "الي")
            or following.text.startswith(("و", "ف", "ال"))
            or following.text in lx.YEAR_FOLLOWERS
        )

    def _year_in_series(self, i: int) -> bool:
        """Whether numbers joined by "و" could all be years: "دورات 1916 و1940 و1944"."""
        for joiner, other in ((i - 1, i - 2), (i + 1, i + 2)):
            number = self.number(other) if self.word(joiner) == "و" else None
            if number is not None and len(self.tokens[other].text) == 4:
                return 1800 <= number <= 2100
        return False


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_reference(
    name: lx.MonthName, day: int | None, year: _Year | None, amount: int | None, tense: Anchor
) -> Reference | None:
    """What a month name means with the day, year and direction written next to it;
    `tense` (coming, recent, nearest) decides for a month with neither."""
    anchor = _DIRECTION_ANCHORS[amount] if amount is not None else tense
    if name.calendar == "hijri":
        if year is not None and year.year is not None:
            first = gregorian_of_hijri(year.year, name.number, day or 1)
            if first is None:
                return None
            return Fixed(first.isoformat() if day else f"{first.year:04d}-{first.month:02d}")
        if year is not None:
            return None  # a Hijri month "of last year": which year is not clear
        return HijriMonth(name.number, anchor, day)
    if year is not None and year.year is not None:
        if day is None:
            return Fixed(f"{year.year:04d}-{name.number:02d}")
        date = _date(year.year, name.number, day)
        return Fixed(date.isoformat()) if date else None
    if year is not None:
        return MonthOfYear(name.number, "this", day, year.shift)
    if day is not None and amount is None:
        return DayMonth(name.number, day, coming=tense == "coming")
    return MonthOfYear(name.number, anchor, day)
