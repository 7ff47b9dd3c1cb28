"""Find time expressions in Arabic news text and give each its TIMEX3-style value.

The finder reads folded tokens left to right; at each token it tries the
patterns below, most specific first, and on a match jumps past it, so the
expressions never overlap and the work is linear in the length of the text.
Each pattern looks a fixed number of tokens ahead.

No date library does the reading: dateparser (installed with htmldate) was
tried on this module's test sentences. It misses the month pairs ("آذار/
مارس"), the period modifiers ("أواخر اب الماضي" gives nothing) and Hijri dates,
reads "2000 شخص" as a year and "4/3/2020" as 3 April, returns no offsets, and
was about seven times slower on ANT articles. Hijri conversion is left to
hijridate (see resolve.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from rasid.dates import lexicon as lx
from rasid.dates.months import MonthPatterns, month_reference
from rasid.dates.relative import Found
from rasid.dates.resolve import (
    Anchor,
    DayMonth,
    DayOfMonth,
    Fixed,
    MonthOfYear,
    Reference,
    Shift,
    Weekday,
    resolve,
)
from rasid.dates.tokens import WEEKDAYS, Phrases, Token, tokenize
from rasid.model import TimeExpression

__all__ = ["find_dates"]

_MODIFIERS = Phrases(lx.MODIFIERS)
_PARTS_OF_DAY = Phrases(lx.PARTS_OF_DAY)
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
    {key[0] for key in lx.PARTS_OF_DAY},
    lx.SEASONS,
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
    {"ال", "نصف", "غد"},
)


@lru_cache(maxsize=1 << 16)
def _may_open(word: str) -> bool:
    """Can an expression start at this folded word (a clitic allowed)? Asked of every
    word of a text, and words recur, so the answer is kept."""
    return any(form in _FIRST_WORDS for form, _ in Token(word, 0, 0).bare_forms())


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


class _Scanner(MonthPatterns):
    """The calendar patterns; each method returns a `Found` for the tokens at `i`, or None."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        super().__init__(text, tokens)
        self.story_month: int | None = None
        """The month last named, for "الشهر نفسه"."""

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
                self.story_month = _month_of(match.reference) or self.story_month
                i = match.end
        return found

    def expression_at(self, i: int) -> Found | None:
        if self.tokens[i].is_number:
            return self.numeric_date(i) or self.day_date(i) or self.year(i) or self.duration(i)
        if not _may_open(self.tokens[i].text):
            return None
        return (
            self.part_of_day(i)
            or self.relative_day(i)
            or self.weekday(i)
            or self.modified(i)
            or self.part_of_period(i)
            or self.day_date(i)
            or self.month(i)
            or self.season(i)
            or self.year(i)
            or self.relative_period(i)
            or self.ago(i)
            or self.duration(i)
            or self.reference_phrase(i)
        )

    def part_of_day(self, i: int) -> Found | None:
        """A part of a day ("صباح اليوم", "مساء الخميس", "ليلة أمس"): the day it is part of."""
        part = self.phrase(i, _PARTS_OF_DAY)
        if part is None or part[1] >= len(self.tokens):
            return None
        _, j, clitic_length = part
        if self.bare(j, _TOMORROW_AFTER_PART):
            day: Found | None = Found(0, j + 1, Shift("D", 1))
        else:
            day = self.relative_day(j) or self.weekday(j) or self.day_date(j)
        if day is None or day.reference is None:
            return None
        return Found(self.start(i, clitic_length), day.end, day.reference, day.mod)

    def relative_day(self, i: int) -> Found | None:
        """A relative day with the date that names it too: "غد الأحد 15 مارس"."""
        day = super().relative_day(i)
        date = self.day_date(day.end) if day is not None and day.end < len(self.tokens) else None
        if day is None or date is None or date.reference is None:
            return day
        return replace(day, end=date.end)

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
        period = self.period(end, i)
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
        period = self.period(i + 3, i)
        if period is None or period.reference is None:
            return None
        return Found(self.start(i, unit[1]), period.end, period.reference, mod)

    def period(self, j: int, i: int) -> Found | None:
        """A month, a year or a calendar unit at `j`, after the modifier at `i` ("مطلع")."""
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
            reference = month_reference(month.name, None, year, amount, self.tense(i))
            return Found(month.start, end, reference)
        year_found = self.year(j, cue_needed=False)
        if year_found is not None:
            return year_found
        return self.unit_period(j)

    def day_date(self, i: int) -> Found | None:
        """A day and month, maybe with a year or a direction: "23 آذار 2020", "الأول من رمضان".

        Also "يوم 5 مارس الجاري", "الـ 15 من الشهر نفسه", and the first day of
        "22 و23 جانفي", which takes the month of the second.
        """
        day_word = self.bare(i, _DAY)
        start = self.start(i, day_word[1]) if day_word else self.start(i)
        first = i + 1 if day_word else i
        day, k, ordinal = self.day_number(first)
        if day is None:
            return None
        if self.word(k) == _FROM:
            k += 1
        elif ordinal:
            return None
        elif self.word(k) in lx.RANGE_JOINERS and self.day_number(k + 1)[0] is not None:
            # "22 و23 جانفي", "من 12 إلى 20 يونيو": the first day takes the second's month.
            second = self.day_month(self.day_number(k + 1)[1], first, day)
            return None if second is None else replace(second, start=start, end=k)
        found = self.day_month(k, first, day)
        return None if found is None else replace(found, start=start)

    def day_number(self, i: int) -> tuple[int | None, int, bool]:
        """`(day, end, ordinal)` for "23", "الـ 15", "الخامس", "السابع والعشرين"."""
        ordinal = self.ordinal_day(i)
        if ordinal is not None:
            return ordinal[0], ordinal[1], True
        definite = self.definite_number(i)
        day, end = definite or (self.number(i), i + 1)
        digits = self.tokens[end - 1].text if 0 < end <= len(self.tokens) else ""
        if day is None or not 1 <= day <= 31 or len(digits) > 2:
            return None, i, False
        return day, end, definite is not None

    def day_month(self, k: int, i: int, day: int) -> Found | None:
        """The month (and year or direction) after the day at `i`, read from token `k`."""
        if self.word(k) == "الشهر":
            return self.day_of_named_month(k, i, day)
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
        reference = month_reference(month.name, day, year, amount, self.tense(i))
        return Found(self.start(i), end, reference)

    def day_of_named_month(self, k: int, i: int, day: int) -> Found | None:
        """A day of the DCT's month ("الـ 15 من الشهر الجاري") or the story's ("الشهر نفسه")."""
        direction = self.direction(k + 1)
        if direction is not None:
            return Found(self.start(i), direction[1], DayOfMonth(direction[0], day))
        if self.word(k + 1) in lx.SAME and self.story_month is not None:
            return Found(self.start(i), k + 2, DayMonth(self.story_month, day))
        return None

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


def _month_of(reference: Reference | None) -> int | None:
    """The Gregorian month a reference names, for "الشهر نفسه" further on."""
    if isinstance(reference, DayMonth | MonthOfYear):
        return reference.month
    if (
        isinstance(reference, Fixed)
        and reference.value[4:5] == "-"
        and reference.value[:4].isdigit()
    ):
        month = reference.value[5:7]
        return int(month) if month.isdigit() else None
    return None
