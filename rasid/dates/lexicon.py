"""The words the date finder knows: month, weekday, number and unit names as data.

Every table is written in the spelling a careful editor would use and folded
with `fold_arabic` on import, so one entry covers the hamza, ta marbuta, alef
maqsura and tatweel variants news sites actually print. Keys are tuples of
folded words; most are one word long.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

from rasid.text.normalize import fold_arabic

__all__ = [
    "AGO_CUES",
    "AGREEING",
    "APPROXIMATORS",
    "BETWEEN_EVENTS",
    "COALITION_CUES",
    "COALITION_DAYS",
    "COMPLEMENTIZERS",
    "CURRENT",
    "DATE_CONTEXT",
    "DAY_ORDINALS",
    "DURATION_CUES",
    "DURATION_DIRECTIONS",
    "FIRST",
    "FUTURE_LOOKALIKES",
    "FUTURE_MARKERS",
    "FUTURE_PREFIX_STOPS",
    "GREGORIAN_MARKERS",
    "HIJRI_MARKERS",
    "LATEST",
    "MODIFIERS",
    "MONTHS",
    "NAMED_PLACE_HEADS",
    "NEXT",
    "NUMBER_WORDS",
    "ONE",
    "ORDINAL_TENS",
    "PARTS_OF_DAY",
    "PART_UNITS",
    "PAST",
    "PAST_COPULAS",
    "PERIOD_UNITS",
    "PERIOD_UNITS_Y",
    "PER_DAY",
    "QUOTE_MARKS",
    "RANGE_JOINERS",
    "REFERENCE_PHRASES",
    "RELATIVE_DAYS",
    "ROUND_ORDINALS",
    "SAME",
    "SEASONS",
    "SINCE",
    "SOME",
    "SOON_NOT_AFTER",
    "SOON_NOT_BEFORE",
    "SPAN_CUES",
    "THIS",
    "TODAY_NOT_AFTER",
    "TODAY_NOT_BEFORE",
    "UNITS",
    "UNIT_ORDINALS",
    "WEEKDAYS",
    "WEEKDAY_NOT_AFTER",
    "YEAR_CUES",
    "YEAR_FOLLOWERS",
    "MonthName",
    "Strength",
    "Unit",
    "fold_words",
]

V = TypeVar("V")

Strength = Literal["strong", "weak", "bound"]
"""How much context a month name needs before it counts as a date.

strong: a date on its own ("شباط"); weak: also an ordinary word or a name
("مارس" the verb, "تموز", "رجب"), so it needs a preposition, "شهر", a day, a
year or a direction next to it; bound: needs a day number, a year or "شهر"
("ماي", "جوان").
"""


@dataclass(frozen=True, slots=True)
class MonthName:
    number: int
    calendar: Literal["gregorian", "hijri"]
    strength: Strength


@dataclass(frozen=True, slots=True)
class Unit:
    """A calendar unit as a noun: `letter` is D, W, M, Y, DE (decade), H (hour) or N (minute)."""

    letter: str
    count: int | None
    """1 for the singular, 2 for the dual, None for a plural that needs a number."""


def fold_words(phrase: str) -> tuple[str, ...]:
    return tuple(fold_arabic(phrase).split())


def _table(entries: Iterable[tuple[str, V]]) -> dict[tuple[str, ...], V]:
    return {fold_words(phrase): value for phrase, value in entries}


def _words(phrases: str) -> frozenset[str]:
    return frozenset(fold_arabic(phrases).split())


_GREGORIAN: list[tuple[str, int, Strength]] = [
    # Levantine and Iraqi (Syriac) names.
    ("كانون الثاني", 1, "strong"),
    ("كانون ثاني", 1, "strong"),
    ("شباط", 2, "strong"),
    ("آذار", 3, "strong"),
    ("نيسان", 4, "weak"),  # also the car maker Nissan
    ("أيار", 5, "strong"),
    ("حزيران", 6, "strong"),
    ("تموز", 7, "weak"),  # also a given name and the god Tammuz
    ("آب", 8, "weak"),  # "أب" (father) folds to the same letters
    ("أيلول", 9, "strong"),
    ("تشرين الأول", 10, "strong"),
    ("تشرين أول", 10, "strong"),
    ("تشرين الثاني", 11, "strong"),
    ("تشرين ثاني", 11, "strong"),
    ("كانون الأول", 12, "strong"),
    ("كانون أول", 12, "strong"),
    # Egyptian and Gulf (from the Latin names).
    ("يناير", 1, "strong"),
    ("فبراير", 2, "strong"),
    ("مارس", 3, "weak"),  # also the verb "practised"
    ("أبريل", 4, "strong"),
    ("مايو", 5, "strong"),
    ("يونيو", 6, "strong"),
    ("يونيه", 6, "strong"),
    ("يوليو", 7, "strong"),
    ("يوليه", 7, "strong"),
    ("أغسطس", 8, "strong"),
    ("سبتمبر", 9, "strong"),
    ("أكتوبر", 10, "strong"),
    ("أوكتوبر", 10, "strong"),
    ("نوفمبر", 11, "strong"),
    ("ديسمبر", 12, "strong"),
    # Algerian and Tunisian (from the French names).
    ("جانفي", 1, "strong"),
    ("فيفري", 2, "strong"),
    ("أفريل", 4, "strong"),
    ("ماي", 5, "bound"),
    ("جوان", 6, "bound"),
    ("جويلية", 7, "strong"),
    ("أوت", 8, "weak"),
    # Moroccan.
    ("يوليوز", 7, "strong"),
    ("غشت", 8, "weak"),
    ("شتنبر", 9, "strong"),
    ("نونبر", 11, "strong"),
    ("دجنبر", 12, "strong"),
]

_HIJRI: list[tuple[str, int, Strength]] = [
    ("محرم", 1, "weak"),
    ("المحرم", 1, "weak"),
    ("صفر", 2, "weak"),
    ("ربيع الأول", 3, "strong"),
    ("ربيع أول", 3, "strong"),
    ("ربيع الآخر", 4, "strong"),
    ("ربيع الثاني", 4, "strong"),
    ("ربيع آخر", 4, "strong"),
    ("جمادى الأولى", 5, "strong"),
    ("جمادى الأول", 5, "strong"),
    ("جمادى الآخرة", 6, "strong"),
    ("جمادى الآخر", 6, "strong"),
    ("جمادى الثانية", 6, "strong"),
    ("جمادى الثاني", 6, "strong"),
    ("رجب", 7, "weak"),
    ("شعبان", 8, "weak"),
    ("رمضان", 9, "weak"),
    ("شوال", 10, "weak"),
    ("ذو القعدة", 11, "strong"),
    ("ذي القعدة", 11, "strong"),
    ("ذو الحجة", 12, "strong"),
    ("ذي الحجة", 12, "strong"),
]

MONTHS: Mapping[tuple[str, ...], MonthName] = {
    **_table((name, MonthName(n, "gregorian", s)) for name, n, s in _GREGORIAN),
    **_table((name, MonthName(n, "hijri", s)) for name, n, s in _HIJRI),
}

#: Python's weekday numbers (Monday is 0).
WEEKDAYS: Mapping[tuple[str, ...], int] = _table(
    [
        ("الإثنين", 0),
        ("الاثنين", 0),
        ("الثلاثاء", 1),
        ("الأربعاء", 2),
        ("الخميس", 3),
        ("الجمعة", 4),
        ("السبت", 5),
        ("الأحد", 6),
    ]
)

#: Words before a weekday that make it something else ("بين الاثنين", "صلاة الجمعة").
WEEKDAY_NOT_AFTER = _words("بين كلا هذين صلاة خطبة جمعة")

MODIFIERS: Mapping[tuple[str, ...], str] = _table(
    [
        *(
            (word, "early")
            for word in ["مطلع", "مطالع", "أوائل", "بداية", "بدايات", "مستهل", "أول"]
        ),
        *((word, "mid") for word in ["منتصف", "أواسط"]),
        *((word, "late") for word in ["أواخر", "نهاية", "نهايات", "آخر", "أخير", "ختام"]),
    ]
)

PAST = _words("الماضي الماضية الماضيين الماضيتين المنصرم المنصرمة الفائت الفائتة")
NEXT = _words("المقبل المقبلة المقبلين المقبلتين القادم القادمة القادمين القادمتين")
CURRENT = _words("الجاري الجارية الحالي الحالية")
#: "الأيام الثلاثة الأخيرة": a direction for durations only.
LATEST = _words("الأخير الأخيرة الأخيرين الأخيرتين")
FIRST = _words("الأول الأولى")
DURATION_DIRECTIONS = PAST | NEXT | CURRENT | LATEST | _words("السابقة السابقين")

#: Definite singular units that take a direction: "الأسبوع الماضي", "السنة المقبلة".
PERIOD_UNITS: Mapping[tuple[str, ...], str] = _table(
    [("الأسبوع", "W"), ("الشهر", "M"), ("العام", "Y"), ("السنة", "Y")]
)
PERIOD_UNITS_Y = _words("العام السنة")
THIS = _words("هذا هذه")
#: "الأسبوع الأخير من آذار", "الأيام الأولى من العام": part of a period.
PART_UNITS = _words("الأسبوع الأسابيع الأيام الشهر الأشهر الشهور الربع النصف")

_UNIT_FORMS: list[tuple[str, str]] = [
    ("D", "يوم يوما | أيام | يومين يومان"),
    ("W", "أسبوع أسبوعا | أسابيع | أسبوعين أسبوعان"),
    ("M", "شهر شهرا | أشهر شهور | شهرين شهران"),
    ("Y", "عام عاما سنة | أعوام سنوات سنين | عامين عامان سنتين سنتان"),
    ("H", "ساعة | ساعات | ساعتين ساعتان"),
    ("N", "دقيقة | دقائق | دقيقتين دقيقتان"),
    # The singular "عقد" is also "contract" and "held"; decades count only as plural or dual.
    ("DE", "| عقود | عقدين عقدان"),
]


def _units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for letter, forms in _UNIT_FORMS:
        singular, plural, dual = (_words(group) for group in forms.split("|"))
        for words, count in ((singular, 1), (plural, None), (dual, 2)):
            for word in words:
                units[word] = Unit(letter, count)
                if not word.startswith("ال"):
                    units["ال" + word] = Unit(letter, count)
    return units


#: Indefinite and definite unit nouns ("أيام", "الأيام", "الأسبوعين").
UNITS: Mapping[str, Unit] = _units()


_TENS = [
    (20, "عشرين عشرون"),
    (30, "ثلاثين ثلاثون"),
    (40, "أربعين أربعون"),
    (50, "خمسين خمسون"),
    (60, "ستين ستون"),
    (70, "سبعين سبعون"),
    (80, "ثمانين ثمانون"),
    (90, "تسعين تسعون"),
    (100, "مئة مائة"),
]


def _numbers() -> dict[str, int]:
    spelled = [
        ("واحد واحدة", 1),
        ("اثنين اثنان اثنتين اثنتان", 2),
        ("ثلاث ثلاثة", 3),
        ("أربع أربعة", 4),
        ("خمس خمسة", 5),
        ("ست ستة", 6),
        ("سبع سبعة", 7),
        ("ثماني ثمانية ثمان", 8),
        ("تسع تسعة", 9),
        ("عشر عشرة", 10),
        *((tens, value) for value, tens in _TENS),
    ]
    numbers: dict[str, int] = {}
    for forms, value in spelled:
        for word in _words(forms):
            numbers[word] = value
            numbers["ال" + word] = value
    return numbers


#: Spelled-out numbers 1-10, indefinite and definite ("ثلاثة", "الثلاثة").
NUMBER_WORDS: Mapping[str, int] = _numbers()

_ORDINALS = "الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر"

#: Ordinal days: "في الأول من آذار", "العاشر من رمضان"; "الحادي" only in compounds.
DAY_ORDINALS: Mapping[str, int] = {
    word: day for day, word in enumerate(fold_arabic(_ORDINALS).split(), start=1)
}
UNIT_ORDINALS: Mapping[str, int] = {**DAY_ORDINALS, "الحادي": 1}
#: The second word of a compound ordinal: "الرابع عشر", "السابع والعشرين".
ORDINAL_TENS: Mapping[str, int] = {"عشر": 10, "والعشرين": 20, "والثلاثين": 30}
ROUND_ORDINALS: Mapping[str, int] = {"العشرين": 20, "الثلاثين": 30}

#: Days relative to the publication date, as an offset in days.
RELATIVE_DAYS: Mapping[tuple[str, ...], int] = _table(
    [
        ("اليوم", 0),
        ("الليلة", 0),
        ("أمس", -1),
        ("الأمس", -1),
        ("يوم أمس", -1),
        ("البارحة", -1),
        ("الليلة الماضية", -1),
        ("أول أمس", -2),
        ("أول من أمس", -2),
        ("أمس الأول", -2),
        ("غدا", 1),
        ("يوم غد", 1),
        ("يوم الغد", 1),
        ("بعد غد", 2),
        ("بعد الغد", 2),
    ]
)

#: Parts of a day, written before it: "صباح اليوم", "منتصف ليل السادس من مارس".
#: "غد" and "الغد" alone (the newspaper "الغد") count only after one of these.
PARTS_OF_DAY: Mapping[tuple[str, ...], bool] = _table(
    (part, True)
    for part in (
        *_words("صباح صبيحة مساء ظهر ظهيرة عصر فجر ليلة ليل"),
        "منتصف ليل",
        "منتصف ليلة",
    )
)

#: "اليوم" followed by these is a day of something else ("اليوم السابع", "اليوم الوطني").
TODAY_NOT_BEFORE = _words(
    "السابع التالي الأول الثاني الثالث الرابع الخامس السادس الثامن التاسع العاشر الأخير "
    "الوطني العالمي الدولي العربي الذي نفسه ذاته المفتوح الدراسي الكامل الواحد الموعود"
)
#: "في ذلك اليوم" is a day of the story, not the publication date.
TODAY_NOT_AFTER = _words("ذلك تلك ذاك")
#: "الأسبوع نفسه", "اليوم ذاته": the one the story is about.
SAME = _words("نفسه نفسها ذاته ذاتها")

REFERENCE_PHRASES: Mapping[tuple[str, ...], str] = _table(
    [
        ("في وقت سابق", "PAST_REF"),
        ("سابقا", "PAST_REF"),
        ("مؤخرا", "PAST_REF"),
        ("في الآونة الأخيرة", "PAST_REF"),
        ("في الفترة الماضية", "PAST_REF"),
        ("في الفترة الأخيرة", "PAST_REF"),
        ("في الماضي", "PAST_REF"),
        ("حاليا", "PRESENT_REF"),
        ("الآن", "PRESENT_REF"),
        ("راهنا", "PRESENT_REF"),
        ("في الوقت الراهن", "PRESENT_REF"),
        ("في الوقت الحالي", "PRESENT_REF"),
        ("في الوقت الحاضر", "PRESENT_REF"),
        ("مستقبلا", "FUTURE_REF"),
        ("في المستقبل القريب", "FUTURE_REF"),
        ("في المستقبل", "FUTURE_REF"),
        ("في الفترة المقبلة", "FUTURE_REF"),
        ("في الفترة القادمة", "FUTURE_REF"),
        ("القريب العاجل", "FUTURE_REF"),
        ("المدى القريب", "FUTURE_REF"),
        ("قريبا", "FUTURE_REF"),
    ]
)
#: "قريبا من" is "near to"; "مكانا قريبا" is "a nearby place".
SOON_NOT_BEFORE = _words("من منه منها منهم مني")
SOON_NOT_AFTER = _words("مكانا موقعا موضعا")

#: Words before a year or a weak month name that make it a date.
DATE_CONTEXT = _words("في منذ حتى خلال قبل بعد شهر لشهر إلى")
YEAR_CUES = _words("عام سنة العام السنة")
GREGORIAN_MARKERS = _words("م ميلادي ميلادية للميلاد")
HIJRI_MARKERS = _words("ه هجري هجرية هجريا للهجرة")
AGO_CUES = _words("منذ قبل")
SINCE = _words("منذ")
#: Words that may follow a year after "في" or "إلى", unlike a counted noun ("في 2000 حالة").
YEAR_FOLLOWERS = _words("بسبب بعد قبل على عن من في إلى مع حيث حين عندما لكن ثم أو رغم حتى")
#: The word just before a number and unit that makes them a duration ("لمدة ثلاثة أيام").
DURATION_CUES = _words("لمدة مدة خلال طيلة طوال مدى مدار غضون")
#: Of these cues "على" is part of the span too: "على مدى أسبوعين".
SPAN_CUES = _words("مدى مدار")
#: Left out of a duration's span but enough to make a lone unit one: "قرابة ساعة".
APPROXIMATORS = _words("نحو قرابة حوالي زهاء")
#: "بعد أيام من القمة": the time between two events.
BETWEEN_EVENTS = _words("بعد قبل")
#: "عدة أشهر", "بضعة أيام": a plural with an unsaid count.
SOME = _words("عدة بضعة بضع")
ONE = _words("واحد واحدة")
#: "22 و23 جانفي", "من 12 إلى 20 يونيو", "12-14 مارس": two days of one month.
RANGE_JOINERS = _words("و إلى حتى -")
#: Seasons as TIMEX3 writes them: "صيف 2021" is 2021-SU.
SEASONS: Mapping[str, str] = {
    fold_arabic(word): code
    for word, code in (("صيف", "SU"), ("شتاء", "WI"), ("ربيع", "SP"), ("خريف", "FA"))
}
#: "في اليوم" after these is "a day", a rate: "ربطة واحدة في اليوم".
PER_DAY = _words("واحد واحدة مرة مرتين مرات")
QUOTE_MARKS = frozenset("\"“”«»'")
#: "الإثنين الموافق 23 مارس": the weekday and the date are one expression.
AGREEING = _words("الموافق")

#: A day and month after these is a name: "قوى 14 آذار", "مدينة 6 أكتوبر", "ثورة 25 يناير".
NAMED_PLACE_HEADS = _words(
    "قوى تيار تحالف حركة ثورة انتفاضة شارع ميدان مدينة جسر كوبري جامعة مستشفى ملعب حي مجموعة"
)
#: Days of "آذار" that name Lebanese coalitions; taken as dates only with a year or a cue.
COALITION_DAYS = frozenset({8, 14})
COALITION_CUES = _words("في منذ يوم حتى")

#: Words that put a clause in the future: "من المقرر أن", "من المتوقع", "سوف".
FUTURE_MARKERS = _words(
    "سوف المقرر المقررة المتوقع المتوقعة المنتظر المنتظرة المرتقب المرتقبة "
    "مقرر مقررة متوقع متوقعة مرتقب مرتقبة يعتزم تعتزم يرتقب"
)
#: "ذكرت الجمعة أن العرض سيركز": a future verb after these is in another clause.
COMPLEMENTIZERS = _words("أن إن أنه أنها أنهم بأن بأنه بأنها لأن")
#: "كان من المقرر أن": planned, in the past.
PAST_COPULAS = _words("كان كانت")
#: Names that look like "س" + imperfect verb; the prefixes below catch the rest.
FUTURE_LOOKALIKES = _words(
    "سيرينا سيرجيو سيزار سيلفا سيدني سيسي سيتي ستيفن ستيفان سيول ستوك سنتر سيغا سيكو سينت "
    "سياق سيما سيلة سيطة سيطا سيط سياف سناب ستان سييه سيبويه سيسيليا سيهوفر"
)
#: Nouns and names that look like "س" + imperfect verb ("سيارة", "سياسة", "ستالين").
FUTURE_PREFIX_STOPS = tuple(
    sorted(
        _words(
            "سياس سيار سيطر سياد سيد سينا سينم سيول سيف سيرة سيرت سيرغ سيمون سيباست سيلف "
            "سياح ستار ستراتيج ستوديو ستين ستون ستالين ستيف ستاد ستريت ستاندرد ستوك ستولتنبرغ "
            "سند سنو سنت سنغ سنة سنين سنيغ"
        )
    )
)
