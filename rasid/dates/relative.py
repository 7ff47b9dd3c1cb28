"""Patterns for expressions counted from the publication date, and the `Found` they yield.

"أمس", "الأسبوع الماضي", "منذ ثلاثة أيام", "الأيام الثلاثة الماضية", "مؤخراً":
none of these names a calendar date; each is an offset, a duration or a
reference to the past, present or future.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rasid.dates import lexicon as lx
from rasid.dates.resolve import Fixed, Reference, Shift
from rasid.dates.tokens import MONTHS, WEEKDAYS, Phrases, TokenView

__all__ = ["Found", "RelativePatterns", "shift_unit"]

_RELATIVE_DAYS = Phrases(lx.RELATIVE_DAYS)
_REFERENCES = Phrases(lx.REFERENCE_PHRASES)
_PERIOD_UNITS = Phrases(lx.PERIOD_UNITS)
_TODAY = frozenset({"اليوم"})
_TONIGHT = frozenset({"الليله"})
_TOMORROW = frozenset({"غدا"})
_NOW = frozenset({"الان"})
_TOMORROW_BARE = frozenset({"غد"})
_SOON = "قريبا"
_TANWEEN_FATH = "\u064b"


@dataclass(frozen=True, slots=True)
class Found:
    """What a pattern matched: where it starts, the token after it, and what it refers to."""

    start: int
    """Offset of the first character in the original text."""
    end: int
    """Index of the token after the expression."""
    reference: Reference | None
    """None for words consumed because they are not a date ("قوى 14 آذار")."""
    mod: str | None = None


def shift_unit(letter: str) -> Literal["D", "W", "M", "Y"]:
    """The unit letter of `lexicon.Unit` as a `Shift` unit (only D, W, M, Y occur here)."""
    if letter == "D":
        return "D"
    if letter == "W":
        return "W"
    return "M" if letter == "M" else "Y"


def _duration(count: int | None, letter: str) -> str:
    """The TIMEX3 duration: P3D, PT24H, PT30M; PXD, PTXH when the count is not given."""
    amount = "X" if count is None else str(count)
    if letter == "H":
        return f"PT{amount}H"
    if letter == "N":
        return f"PT{amount}M"
    return f"P{amount}{letter}"


class RelativePatterns(TokenView):
    """Each method returns a `Found` for the tokens at `i`, or None."""

    def relative_day(self, i: int) -> Found | None:
        """A day by its distance from the DCT: "اليوم", "أمس", "أول من أمس", "غداً", "بعد غد"."""
        found = self.phrase(i, _RELATIVE_DAYS)
        tomorrow = self.bare(i, _TOMORROW_BARE)
        if found is None and tomorrow and self.phrase(i + 1, WEEKDAYS):
            found = 1, i + 1, tomorrow[1]  # "غد الأحد"
        if found is None:
            return None
        offset, end, clitic_length = found
        if self.bare(i, _TODAY) and (self._quoted_name(i) or self._per_day(i)):
            return None
        if self.tokens[i].text[0] in "لك":
            return None  # "لامس" (touched) is no "ل" + "أمس"
        # "اليوم السابع", "اليوم الوطني", "في ذلك اليوم", "تلك الليلة": not the DCT.
        if (
            end == i + 1
            and self.bare(i, _TODAY | _TONIGHT)
            and (self.word(end) in lx.TODAY_NOT_BEFORE or self.word(i - 1) in lx.TODAY_NOT_AFTER)
        ):
            return None
        if end == i + 1 and self.bare(i, _TOMORROW) and not self._is_adverb_tomorrow(i, end):
            return None
        if self.phrase(end, WEEKDAYS):  # "اليوم الخميس", "أمس الأربعاء": one day
            end += 1
        elif self.word(end) == "(" and self.phrase(end + 1, WEEKDAYS) and self.word(end + 2) == ")":
            end += 3  # "أمس (الخميس)"
        return Found(self.start(i, clitic_length), end, Shift("D", offset))

    def _quoted_name(self, i: int) -> bool:
        """Whether "اليوم" ends an outlet's name in quotation marks ("حلب اليوم")."""
        if self.word(i + 1) not in lx.QUOTE_MARKS:
            return False
        return any(self.word(k) in lx.QUOTE_MARKS for k in (i - 1, i - 2, i - 3))

    def _per_day(self, i: int) -> bool:
        """Whether "في اليوم" is a rate ("ربطة واحدة في اليوم"), not a date."""
        if self.word(i - 1) != "في":
            return False
        return self.bare(i - 2, lx.PER_DAY) is not None or self.number(i - 2) is not None

    def _is_adverb_tomorrow(self, i: int, end: int) -> bool:
        """Whether "غدا" is the adverb, not the verb (became): tanween, or no subject after."""
        token = self.tokens[i]
        if _TANWEEN_FATH in self.text[token.start : token.end]:
            return True
        following = self.word(end)
        if following is None or self.phrase(end, WEEKDAYS):  # "غدا الخميس"
            return True
        return not following.startswith("ال") or following == "الي"

    def relative_period(self, i: int) -> Found | None:
        """A period by its distance from the DCT: "الأسبوع الماضي", "العام الجاري", "هذا العام"."""
        this = self.bare(i, lx.THIS)
        j = i + 1 if this else i
        unit = self.phrase(j, _PERIOD_UNITS)
        if unit is None:
            return None
        letter, end, clitic_length = unit
        if this:
            return Found(self.start(i, this[1]), end, Shift(shift_unit(letter), 0))
        direction = self.direction(end)
        if direction is None:
            return None
        shift = Shift(shift_unit(letter), direction[0])
        return Found(self.start(j, clitic_length), direction[1], shift)

    def unit_period(self, j: int) -> Found | None:
        """A calendar unit after a modifier: "(نهاية) الأسبوع المقبل", "(مطلع) العام"."""
        this = self.word(j) in lx.THIS
        unit = self.phrase(j + 1 if this else j, _PERIOD_UNITS)
        if unit is None:
            return None
        letter, end, _ = unit
        direction = None if this else self.direction(end)
        if direction is not None:
            return Found(self.start(j), direction[1], Shift(shift_unit(letter), direction[0]))
        following = self.word(end)
        # "العام الدراسي", "الأسبوع نفسه": another year, a week of the story.
        if following is not None and (following.startswith("ال") or following in lx.SAME):
            return None
        return Found(self.start(j), end, Shift(shift_unit(letter), 0))

    def count_and_unit(
        self, i: int, *, single: bool = False, vague: bool = False, ago: bool = False
    ) -> tuple[int | None, str, int] | None:
        """`(count, unit letter, end)` for "ثلاثة أيام", "30 يوماً", "أسبوعين", "نصف ساعة".

        With `single` a singular unit alone counts one ("لمدة شهر"); with `vague` a
        plural alone has no count ("منذ أسابيع"); with `ago` a unit followed by
        "من" is no distance from the DCT ("قبل ثلاثة أيام من الانتخابات").
        """
        word = self.word(i) or ""
        count = self.number(i)
        if count is None and word in lx.NUMBER_WORDS and not word.startswith("ال"):
            count = lx.NUMBER_WORDS[word]
        if word == "نصف" and self.word(i + 1) == "ساعه":
            counted: tuple[int | None, str, int] = 30, "N", i + 2
        elif count is not None:
            unit_word = self.word(i + 1) or ""
            unit = lx.UNITS.get(unit_word)
            if unit is None or unit.count == 2 or unit_word.startswith("ال"):
                return None
            counted = count, unit.letter, i + 2
        else:
            found = self.bare(i, lx.UNITS)
            if found is None or found[0].startswith("ال"):
                return None
            unit = lx.UNITS[found[0]]
            if (unit.count == 1 and not single) or (unit.count is None and not vague):
                return None
            counted = unit.count, unit.letter, i + 1
            if unit.count == 1 and self.word(i + 1) in lx.ONE:  # "خلال عام واحد"
                counted = 1, unit.letter, i + 2
        end = counted[2]
        following = self.word(end)
        if counted[0] is None and following is not None and following.startswith("ال"):
            return None  # "منذ ساعات الفجر الأولى": hours of the dawn, not a count of hours
        # "قبل عام 2020", "منذ يوم الأحد", "منذ يوم أمس", "خلال شهر رمضان": not a count.
        if following is not None and (
            self.tokens[end].is_number
            or (ago and following in ("من", "على"))
            or self.phrase(end, WEEKDAYS) is not None
            or self.phrase(end, MONTHS) is not None
            or self.phrase(end, _RELATIVE_DAYS) is not None
        ):
            return None
        return counted

    def ago(self, i: int) -> Found | None:
        """The DCT moved back: "منذ ثلاثة أيام", "قبل أسبوعين", "قبل 20 عاماً"; "منذ أسابيع"."""
        cue = self.bare(i, lx.AGO_CUES)
        if cue is None:
            return None
        # "منذ عدة سنوات": only a plural may follow "عدة", and the count stays unsaid.
        some = self.bare(i + 1, lx.SOME) is not None
        unit_at = i + 2 if some else i + 1
        counted = self.count_and_unit(unit_at, single=not some, vague=True, ago=True)
        if counted is None or (some and counted[0] is not None):
            return None
        count, letter, end = counted
        if count is None:  # "منذ أسابيع", "قبل ساعات"
            return Found(self.start(i, cue[1]), end, Fixed("PAST_REF"))
        if letter not in ("D", "W", "M", "Y"):
            return None
        return Found(self.start(i, cue[1]), end, Shift(shift_unit(letter), -count))

    def duration(self, i: int) -> Found | None:
        """A duration: "لمدة ستة أشهر", "ثلاثة أيام", "خلال الأيام الثلاثة الماضية", "أسابيع"."""
        cue_start = self._duration_cue(i - 1)
        approximate = self.word(i - 1) in lx.APPROXIMATORS
        between = self.bare(i - 2 if approximate else i - 1, lx.BETWEEN_EVENTS) is not None
        some = self.bare(i - 1, lx.SOME)
        vague = cue_start is not None or some is not None
        counted = self.count_and_unit(
            i, single=cue_start is not None or approximate, vague=vague or between
        )
        if counted is not None and (
            counted[0] is not None or vague or self.word(counted[2]) == "من"
        ):
            count, letter, end = counted
            start = self.start(i) if cue_start is None else cue_start
            if some is not None:  # "عدة أشهر"
                start = self.start(i - 1, some[1])
            return Found(start, end, Fixed(_duration(count, letter)))
        return self._definite_duration(i, cue_start)

    def _duration_cue(self, k: int) -> int | None:
        """Where a duration cue ending at token `k` starts ("خلال", "لمدة", "على مدى")."""
        cue = self.bare(k, lx.DURATION_CUES)
        if cue is None:
            return None
        if cue[0] in lx.SPAN_CUES and self.word(k - 1) == "علي":
            return self.start(k - 1)
        return self.start(k, cue[1])

    def _definite_duration(self, i: int, cue_start: int | None) -> Found | None:
        """Definite: "الأيام الثلاثة الماضية", "الأسبوعين المقبلين", "الأشهر الأخيرة"."""
        unit_word = self.bare(i, lx.UNITS)
        if unit_word is not None and unit_word[0].startswith("ال"):
            unit = lx.UNITS[unit_word[0]]
            if unit.count == 1:
                return None
            if unit.count == 2:
                number: tuple[int | None, int] = 2, i + 1
            else:
                number = self.definite_number(i + 1) or (None, i + 1)
            start = self.start(i, unit_word[1])
        else:
            found = self.definite_number(i)
            counted_unit = lx.UNITS.get(self.word(found[1]) or "") if found else None
            if found is None or counted_unit is None or counted_unit.count == 2:
                return None
            unit, number, start = counted_unit, (found[0], found[1] + 1), self.start(i)
        count, direction_at = number
        if self.word(direction_at) not in lx.DURATION_DIRECTIONS:
            return None
        start = start if cue_start is None else cue_start
        return Found(start, direction_at + 1, Fixed(_duration(count, unit.letter)))

    def reference_phrase(self, i: int) -> Found | None:
        """PAST_REF "مؤخراً", PRESENT_REF "حالياً", FUTURE_REF "في المستقبل", "قريباً"."""
        found = self.phrase(i, _REFERENCES)
        if found is None:
            return None
        value, end, clitic_length = found
        start = self.start(i, clitic_length)
        if self.bare(i, _NOW) and not self.text.startswith("ال", start):
            return None  # "آلان" (Alan) folds to "الان" (now)
        if self.tokens[i].text[clitic_length:] == _SOON and (
            self.word(end) in lx.SOON_NOT_BEFORE or self.word(i - 1) in lx.SOON_NOT_AFTER
        ):
            return None
        return Found(start, end, Fixed(value))
