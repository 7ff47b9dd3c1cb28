"""Find time expressions in Arabic news text and give each its TIMEX3-style value.

The finder reads folded tokens left to right; at each token it tries the
patterns below, most specific first, and on a match jumps past it, so the
expressions never overlap and the work is linear in the length of the text.
Each pattern looks a fixed number of tokens ahead.

No date library does the reading: dateparser (installed with htmldate) was
tried on this module's test sentences and misses the Levantine month pairs
("آذار/ مارس"), the period modifiers ("أواخر"), Hijri dates and "أواخر اب
الماضي", reads "2000 شخص" as a year and "4/3/2020" as 3 April, and returns no
offsets. Hijri conversion is left to hijridate (see resolve.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from rasid.dates import lexicon as lx
from rasid.dates.relative import Found, RelativePatterns
from rasid.dates.resolve import (
    Anchor,
    DayMonth,
    Fixed,
    HijriMonth,
    MonthOfYear,
    Reference,
    Shift,
    Weekday,
    gregorian_of_hijri,
    resolve,
)
from rasid.dates.tokens import MONTHS, WEEKDAYS, Phrases, tokenize
from rasid.model import TimeExpression

__all__ = ["find_dates"]

_DIRECTION_ANCHORS: Mapping[int, Anchor] = {-2: "last", -1: "last", 0: "this", 1: "next", 2: "next"}
_MODIFIERS = Phrases(lx.MODIFIERS)
_SHAHR = frozenset({"شهر"})
_DAY = frozenset({"يوم"})
_TOMORROW_AFTER_PART = frozenset({"غد", "الغد"})
_FROM = "من"


# Every word a pattern can start with; any other word is skipped at once, which
# is most of the words of an article. A new pattern adds its first words here.
_FIRST_WORDS = frozenset().union(
    *(
        {key[0] for key in table}
        for table in (lx.RELATIVE_DAYS, lx.WEEKDAYS, lx.MODIFIERS, lx.MONTHS, lx.PERIOD_UNITS)
    ),
    {key[0] for key in lx.REFERENCE_PHRASES},
    lx.PARTS_OF_DAY,
    lx.PART_UNITS,
    lx.UNIT_ORDINALS,
    lx.ROUND_ORDINALS,
    lx.YEAR_CUES,
    lx.THIS,
    lx.AGO_CUES,
    lx.UNITS,
    lx.NUMBER_WORDS,
    _SHAHR,
    _DAY,
    {"ال", "نصف"},
)


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


def find_dates(text: str, published: dt.date | None) -> list[TimeExpression]:
    """Time expressions in `text`, in order and never overlapping, valued against `published`.

    `published` is the publication date (a datetime is read as its date);
    without it relative expressions keep a DCT-relative value (docs/dates.md).
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    tokens = tokenize(text)
    scanner = _Scanner(text, tokens)
    expressions = []
    for found in scanner.scan():
        if found.reference is None:
            continue
        value = resolve(found.reference, published)
        if value is None:
            continue
        end = tokens[found.end - 1].end
        expressions.append(
            TimeExpression(
                text=text[found.start : end],
                start=found.start,
                end=end,
                value=value,
                mod=found.mod,
            )
        )
    return expressions


class _Scanner(RelativePatterns):
    """The calendar patterns; each method returns a `Found` for the tokens at `i`, or None."""

    def scan(self) -> list[Found]:
        found: list[Found] = []
        i = 0
        while i < len(self.tokens):
            match = self.expression_at(i)
            if match is None:
                i += 1
            else:
                if found and match.start < self.tokens[found[-1].end - 1].end:
                    # A cue before the expression ("خلال") that ended the previous one.
                    match = replace(match, start=self.tokens[i].start)
                found.append(match)
                i = match.end
        return found

    def expression_at(self, i: int) -> Found | None:
        if self.tokens[i].is_number:
            return self.numeric_date(i) or self.day_date(i) or self.year(i) or self.duration(i)
        if not any(form in _FIRST_WORDS for form, _ in self.tokens[i].bare_forms()):
            return None
        return (
            self.part_of_day(i)
            or self.relative_day(i)
            or self.weekday(i)
            or self.modified(i)
            or self.part_of_period(i)
            or self.day_date(i)
            or self.month(i)
            or self.year(i)
            or self.relative_period(i)
            or self.ago(i)
            or self.duration(i)
            or self.reference_phrase(i)
        )

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
            j += 1
        if self.word(j) == _FROM:
            j += 1
        relative = self.word(j) in lx.THIS and self.word(j + 1) in lx.PERIOD_UNITS_Y
        if self.word(j) in lx.PERIOD_UNITS_Y or relative:
            unit_at = j + 1 if relative else j
            direction = None if relative else self.direction(unit_at + 1)
            if relative:
                return _Year(unit_at + 1, shift=0)
            if direction is not None and abs(direction[0]) <= 2:
                return _Year(direction[1], shift=direction[0])
        if self.word(j) in lx.YEAR_CUES:
            j += 1
        year = self.number(j)
        if year is None or (j == k and self.word(k) == _FROM):
            return None
        marked_hijri = self.bare(j + 1, lx.HIJRI_MARKERS) is not None
        marked = marked_hijri or self.bare(j + 1, lx.GREGORIAN_MARKERS) is not None
        # A Hijri year the converter does not know still belongs to the date, which is then dropped.
        if calendar == "hijri":
            if not 1000 <= year <= 1600:
                return None
        elif marked_hijri or not 1000 <= year <= 2999:
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

    def part_of_day(self, i: int) -> Found | None:
        """A part of a day ("صباح اليوم", "مساء الخميس", "ليلة أمس"): the day it is part of."""
        part = self.bare(i, lx.PARTS_OF_DAY)
        if part is None or i + 1 >= len(self.tokens):
            return None
        if self.bare(i + 1, _TOMORROW_AFTER_PART):
            day: Found | None = Found(0, i + 2, Shift("D", 1))
        else:
            day = self.relative_day(i + 1) or self.weekday(i + 1) or self.day_date(i + 1)
        if day is None or day.reference is None:
            return None
        return Found(self.start(i, part[1]), day.end, day.reference, day.mod)

    def weekday(self, i: int) -> Found | None:
        """A weekday: "يوم الثلاثاء", "الجمعة المقبلة", or with a date "الإثنين 23 مارس 2020"."""
        day_word = self.bare(i, _DAY)
        j = i + 1 if day_word and self.phrase(i + 1, WEEKDAYS) else i
        found = self.phrase(j, WEEKDAYS)
        if found is None or self.word(i - 1) in lx.WEEKDAY_NOT_AFTER:
            return None
        weekday, end, clitic_length = found
        start = self.start(i, day_word[1]) if day_word and j > i else self.start(j, clitic_length)
        k = end + 1 if self.word(end) in ("،", ",") else end
        k = k + 1 if self.word(k) in lx.AGREEING else k
        date = self.day_date(k) if k < len(self.tokens) else None
        if date is not None and date.reference is not None:
            return Found(start, date.end, date.reference, date.mod)
        direction = self.direction(end)
        if direction is not None and direction[0] != 0:
            anchor: Anchor = "last" if direction[0] < 0 else "next"
            return Found(start, direction[1], Weekday(weekday, anchor))
        anchor = "coming" if self.future_clause(j) else "recent"
        return Found(start, end, Weekday(weekday, anchor))

    def modified(self, i: int) -> Found | None:
        """A modified period: "مطلع شهر آذار/ مارس الماضي", "أواخر 2019", "نهاية الأسبوع"."""
        found = self.phrase(i, _MODIFIERS)
        if found is None:
            return None
        mod, end, clitic_length = found
        period = self.period(end, future=self.future_clause(i))
        if period is None or period.reference is None:
            return None
        return Found(self.start(i, clitic_length), period.end, period.reference, mod)

    def part_of_period(self, i: int) -> Found | None:
        """Part of a period: "الأسبوع الأخير من آذار" (late), "الأيام الأولى من العام" (early)."""
        unit = self.bare(i, lx.PART_UNITS)
        order = self.word(i + 1)
        if unit is None or order is None or self.word(i + 2) != _FROM:
            return None
        if order in lx.LATEST or (order == "الثاني" and unit[0] == "النصف"):
            mod: str | None = "late"
        elif order in lx.FIRST:
            mod = "early"
        elif order in lx.UNIT_ORDINALS:
            mod = None  # "الأسبوع الثاني من أكتوبر": the month, no finer
        else:
            return None
        period = self.period(i + 3, future=self.future_clause(i))
        if period is None or period.reference is None:
            return None
        return Found(self.start(i, unit[1]), period.end, period.reference, mod)

    def period(self, j: int, *, future: bool) -> Found | None:
        """A month, a year or a calendar unit after a modifier ("مطلع ..." / "... من")."""
        if j >= len(self.tokens):
            return None
        month = self.month_name(j)
        if month is not None:
            year = self.year_after(month.end, month.name.calendar)
            direction = None if year else self.direction(month.end)
            if month.name.strength == "bound" and not (month.named or year):
                return None
            end = year.end if year else direction[1] if direction else month.end
            amount = direction[0] if direction else None
            reference = _month_reference(month.name, None, year, amount, future=future)
            return Found(month.start, end, reference)
        year_found = self.year(j, cue_needed=False)
        if year_found is not None:
            return year_found
        return self.unit_period(j)

    def day_date(self, i: int) -> Found | None:
        """A day and month, maybe a year or a direction: "23 آذار 2020", "الأول من رمضان"."""
        ordinal = self.ordinal_day(i)
        day, k = ordinal or (self.number(i), i + 1)
        if day is None or not 1 <= day <= 31 or (not ordinal and len(self.tokens[i].text) > 2):
            return None
        if self.word(k) == _FROM:
            k += 1
        elif ordinal:
            return None
        month = self.month_name(k) if k < len(self.tokens) else None
        if month is None:
            return None
        year = self.year_after(month.end, month.name.calendar)
        direction = None if year else self.direction(month.end)
        end = year.end if year else direction[1] if direction else month.end
        if year is None and direction is None:
            if self.bare(i - 1, lx.NAMED_PLACE_HEADS):  # "ميدان 25 يناير"
                return Found(self.start(i), end, None)
            coalition = month.word == "اذار" and day in lx.COALITION_DAYS
            if coalition and not (
                self.bare(i - 1, lx.COALITION_CUES) or self.phrase(i - 1, WEEKDAYS)
            ):
                return Found(self.start(i), end, None)  # "قوى 14 آذار"
        amount = direction[0] if direction else None
        future = year is None and direction is None and self.future_clause(i)
        reference = _month_reference(month.name, day, year, amount, future)
        return Found(self.start(i), end, reference)

    def ordinal_day(self, i: int) -> tuple[int, int] | None:
        """`(day, end)` for "الأول", "الرابع عشر", "السابع والعشرين", "الثلاثين"."""
        word = self.word(i) or ""
        if word in lx.ROUND_ORDINALS:
            return lx.ROUND_ORDINALS[word], i + 1
        if word not in lx.UNIT_ORDINALS:
            return None
        tens = lx.ORDINAL_TENS.get(self.word(i + 1) or "")
        if tens is not None:
            return lx.UNIT_ORDINALS[word] + tens, i + 2
        return (lx.DAY_ORDINALS[word], i + 1) if word in lx.DAY_ORDINALS else None

    def month(self, i: int) -> Found | None:
        """A month without a day: "آذار 2020", "شهر رمضان", "في تموز", "أكتوبر المقبل"."""
        month = self.month_name(i)
        if month is None:
            return None
        year = self.year_after(month.end, month.name.calendar)
        direction = None if year else self.direction(month.end)
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
        end = year.end if year else direction[1] if direction else month.end
        amount = direction[0] if direction else None
        future = self.future_clause(i)
        return Found(month.start, end, _month_reference(month.name, None, year, amount, future))

    def year(self, i: int, *, cue_needed: bool = True) -> Found | None:
        """A year: "عام 2020", "سنة 2019م", "1441هـ", and a bare number after a cue ("منذ 2011")."""
        cue = self.bare(i, lx.YEAR_CUES)
        j = i + 1 if cue else i
        year = self.number(j)
        if year is None or len(self.tokens[j].text) != 4:
            return None
        hijri = self.bare(j + 1, lx.HIJRI_MARKERS) is not None
        marked = hijri or self.bare(j + 1, lx.GREGORIAN_MARKERS) is not None
        end = j + 2 if marked else j + 1
        if hijri:
            first_day = gregorian_of_hijri(year, 1)
            if first_day is None:
                return None
            return Found(self.start(i, cue[1] if cue else 0), end, Fixed(f"{first_day.year:04d}"))
        if not cue and not marked:
            if not 1900 <= year <= 2100 or (cue_needed and not self._year_in_context(i)):
                return None
        elif not 1000 <= year <= 2999:
            return None
        return Found(self.start(i, cue[1] if cue else 0), end, Fixed(f"{year:04d}"))

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
        # After "في" an indefinite word is what is counted: "في 2000 حالة".
        return context[0] != "في" or following.text.startswith(("و", "ف", "ال"))


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_reference(
    name: lx.MonthName, day: int | None, year: _Year | None, amount: int | None, future: bool
) -> Reference | None:
    """What a month name means with the day, year and direction written next to it."""
    anchor: Anchor = (
        _DIRECTION_ANCHORS[amount] if amount is not None else "coming" if future else "recent"
    )
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
        return DayMonth(name.number, day, coming=future)
    return MonthOfYear(name.number, anchor, day)
