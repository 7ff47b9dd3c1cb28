"""The date finder on relative expressions, durations, weekdays, yearless dates and the
annotated corpus (the absolute forms are in test_dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_dates import (
    Found,
    found,
    rows,
    values,
)

# -- relative to the publication date ---------------------------------------------


RELATIVE_TO_DCT = """
وقال الوزير اليوم إن الحكومة ستعلن خطتها | اليوم | 2020-10-20 | DCT
لم يصدر أي تعليق حتى اليوم | اليوم | 2020-10-20 | DCT
وصل الوفد أمس إلى بغداد | أمس | 2020-10-19 | DCT-1D
كما حدث بالأمس | الأمس | 2020-10-19 | DCT-1D
وقعت الحادثة البارحة | البارحة | 2020-10-19 | DCT-1D
أعلنت الوزارة أول من أمس | أول من أمس | 2020-10-18 | DCT-2D
أعلنت الوزارة أول أمس | أول أمس | 2020-10-18 | DCT-2D
يصل الرئيس غداً إلى القاهرة | غداً | 2020-10-21 | DCT+1D
يصل الرئيس غدا إلى القاهرة | غدا | 2020-10-21 | DCT+1D
تعقد الجلسة يوم غد | يوم غد | 2020-10-21 | DCT+1D
تعقد الجلسة بعد غد | بعد غد | 2020-10-22 | DCT+2D
يلقي كلمة الليلة | الليلة | 2020-10-20 | DCT
عبرت صباح اليوم قافلة | صباح اليوم | 2020-10-20 | DCT
انفجرت عبوة مساء اليوم | مساء اليوم | 2020-10-20 | DCT
قصفت الطائرات ليلة أمس | ليلة أمس | 2020-10-19 | DCT-1D
تصل البعثة صباح غد | صباح غد | 2020-10-21 | DCT+1D
جرت الانتخابات الأسبوع الماضي | الأسبوع الماضي | 2020-W42 | DCT-1W
تبدأ المحادثات الأسبوع المقبل | الأسبوع المقبل | 2020-W44 | DCT+1W
ستصل خلال الأسبوع القادم | الأسبوع القادم | 2020-W44 | DCT+1W
اجتمعوا هذا الأسبوع | هذا الأسبوع | 2020-W43 | DCT+0W
ارتفعت الأسعار الشهر الماضي | الشهر الماضي | 2020-09 | DCT-1M
يبدأ العمل الشهر المقبل | الشهر المقبل | 2020-11 | DCT+1M
خلال الشهر الجاري | الشهر الجاري | 2020-10 | DCT+0M
ارتفعت الأسعار العام الماضي | العام الماضي | 2019 | DCT-1Y
انخفضت المبيعات خلال السنة الماضية | السنة الماضية | 2019 | DCT-1Y
تجرى الانتخابات العام المقبل | العام المقبل | 2021 | DCT+1Y
في السنة المقبلة | السنة المقبلة | 2021 | DCT+1Y
العام الجاري | العام الجاري | 2020 | DCT+0Y
في العام قبل الماضي | العام قبل الماضي | 2018 | DCT-2Y
وصل منذ ثلاثة أيام | منذ ثلاثة أيام | 2020-10-17 | DCT-3D
وصل قبل يومين | قبل يومين | 2020-10-18 | DCT-2D
وقع قبل أسبوعين | قبل أسبوعين | 2020-W41 | DCT-2W
اعتقل منذ شهرين | منذ شهرين | 2020-08 | DCT-2M
غادر قبل عامين | قبل عامين | 2018 | DCT-2Y
تأسس قبل 20 عاماً | قبل 20 عاماً | 2000 | DCT-20Y
منذ خمس سنوات | منذ خمس سنوات | 2015 | DCT-5Y
قبل عشرة أيام | قبل عشرة أيام | 2020-10-10 | DCT-10D
قبل أسبوع | قبل أسبوع | 2020-W42 | DCT-1W
منذ ٣ أشهر | منذ ٣ أشهر | 2020-07 | DCT-3M
"""


@pytest.mark.parametrize(("sentence", "expression", "dated", "undated"), rows(RELATIVE_TO_DCT))
def test_expressions_relative_to_the_publication_date(
    sentence: str, expression: str, dated: str, undated: str
) -> None:
    assert found(sentence) == [(expression, dated, None)]
    assert found(sentence, None) == [(expression, undated, None)]


MODIFIED_PERIODS = """
تراجع النمو مطلع العام الجاري | مطلع العام الجاري | 2020 | early
في أواخر الشهر الماضي | أواخر الشهر الماضي | 2020-09 | late
منتصف الشهر المقبل | منتصف الشهر المقبل | 2020-11 | mid
بنهاية الأسبوع المقبل | نهاية الأسبوع المقبل | 2020-W44 | late
في أوائل أيلول الماضي | أوائل أيلول الماضي | 2020-09 | early
منتصف نوفمبر المقبل | منتصف نوفمبر المقبل | 2020-11 | mid
نهاية أكتوبر الماضي | نهاية أكتوبر الماضي | 2019-10 | late
أواسط حزيران الماضي | أواسط حزيران الماضي | 2020-06 | mid
بداية العام المقبل | بداية العام المقبل | 2021 | early
حتى نهاية العام الحالي | نهاية العام الحالي | 2020 | late
مستهل الشهر الجاري | مستهل الشهر الجاري | 2020-10 | early
حتى آخر العام | آخر العام | 2020 | late
الأسبوع الأخير من آذار 2020 | الأسبوع الأخير من آذار 2020 | 2020-03 | late
في مارس من العام الماضي | مارس من العام الماضي | 2019-03
في 5 مارس من العام المقبل | 5 مارس من العام المقبل | 2021-03-05
"""


@pytest.mark.parametrize(("sentence", "expression", "value", "mod"), rows(MODIFIED_PERIODS))
def test_period_modifiers_and_relative_years(
    sentence: str, expression: str, value: str, mod: str | None
) -> None:
    assert found(sentence) == [(expression, value, mod)]


def test_relative_month_of_year_without_publication_date() -> None:
    assert values("في مارس من العام الماضي", None) == ["DCT-1Y-03"]
    assert values("منتصف نوفمبر المقبل", None) == ["DCT-NEXT-11"]


def test_modifier_on_the_school_year_is_not_the_calendar_year() -> None:
    assert values("مع بداية العام الدراسي") == []


# -- durations and references -----------------------------------------------------


DURATIONS = """
خلال الأيام الثلاثة الماضية | خلال الأيام الثلاثة الماضية | P3D
خلال الأسبوعين المقبلين | خلال الأسبوعين المقبلين | P2W
في اليومين الماضيين | اليومين الماضيين | P2D
خلال الأشهر الستة الماضية | خلال الأشهر الستة الماضية | P6M
خلال الساعات الـ24 الماضية | خلال الساعات الـ24 الماضية | PT24H
خلال الـ48 ساعة الماضية | خلال الـ48 ساعة الماضية | PT48H
لمدة ستة أشهر | لمدة ستة أشهر | P6M
سجن لمدة خمس سنوات | لمدة خمس سنوات | P5Y
لمدة 3 أيام | لمدة 3 أيام | P3D
استمر الاجتماع لمدة ثلاث ساعات | لمدة ثلاث ساعات | PT3H
على مدى أسبوعين | على مدى أسبوعين | P2W
طوال 10 سنوات | طوال 10 سنوات | P10Y
في غضون 30 دقيقة | غضون 30 دقيقة | PT30M
خلال عام واحد | خلال عام واحد | P1Y
استمرت المباحثات ثلاثة أيام | ثلاثة أيام | P3D
أمامه مهلة ثلاثين يوماً | ثلاثين يوماً | P30D
وبقيت متوقفة قرابة نصف ساعة | نصف ساعة | PT30M
استمر القصف قرابة ساعة | ساعة | PT1H
بعد رحلة استغرقت يومين | يومين | P2D
بعد نحو أسبوعين من اعتذاره | أسبوعين | P2W
بعد أيام من القمة | أيام | PXD
قبل ثلاثة أيام من الانتخابات | ثلاثة أيام | P3D
ستدخل قوافل أخرى خلال الأيام المقبلة | خلال الأيام المقبلة | PXD
في الأشهر الأخيرة | الأشهر الأخيرة | PXM
خلال العقود الماضية | خلال العقود الماضية | PXDE
تكفي لعدة أشهر | عدة أشهر | PXM
خلال الساعات الماضية | خلال الساعات الماضية | PTXH
"""


@pytest.mark.parametrize(("sentence", "expression", "value", "mod"), rows(DURATIONS))
def test_durations(sentence: str, expression: str, value: str, mod: str | None) -> None:
    assert found(sentence) == [(expression, value, mod)]
    assert found(sentence, None) == [(expression, value, mod)]


REFERENCES = """
منذ عدة سنوات لم يزر المدينة | منذ عدة سنوات | PAST_REF
وصلوا قبل ساعات | قبل ساعات | PAST_REF
تتحسن الأوضاع في الفترة المقبلة | في الفترة المقبلة | FUTURE_REF
كما أعلنت الوزارة في وقت سابق | في وقت سابق | PAST_REF
كما قال سابقاً | سابقاً | PAST_REF
تصاعدت الهجمات مؤخراً | مؤخراً | PAST_REF
في الآونة الأخيرة | في الآونة الأخيرة | PAST_REF
يعمل حالياً في الوزارة | حالياً | PRESENT_REF
حتى الآن | الآن | PRESENT_REF
في الوقت الراهن | في الوقت الراهن | PRESENT_REF
وفي الوقت الحالي | في الوقت الحالي | PRESENT_REF
سيتم الإعلان عنها قريباً | قريباً | FUTURE_REF
في المستقبل القريب | في المستقبل القريب | FUTURE_REF
لن يتكرر ذلك مستقبلاً | مستقبلاً | FUTURE_REF
"""


@pytest.mark.parametrize(("sentence", "expression", "value", "mod"), rows(REFERENCES))
def test_past_present_and_future_references(
    sentence: str, expression: str, value: str, mod: str | None
) -> None:
    assert found(sentence) == [(expression, value, mod)]


# -- weekdays -----------------------------------------------------------------------


WEEKDAYS = """
التقى الرئيس نظيره يوم الثلاثاء | يوم الثلاثاء | 2020-10-20 | DCT-LAST-TUE
عقد الاجتماع الثلاثاء الماضي | الثلاثاء الماضي | 2020-10-13 | DCT-LAST-TUE
وصل الوفد الأحد | الأحد | 2020-10-18 | DCT-LAST-SUN
أعلنت الوزارة، مساء الخميس، أن | مساء الخميس | 2020-10-15 | DCT-LAST-THU
سيعقد المجلس اجتماعه الخميس | الخميس | 2020-10-22 | DCT-NEXT-THU
من المقرر أن يزور الوزير القاهرة الجمعة | الجمعة | 2020-10-23 | DCT-NEXT-FRI
تنطلق المباحثات الجمعة المقبلة | الجمعة المقبلة | 2020-10-23 | DCT-NEXT-FRI
يعود البرلمان للانعقاد الإثنين القادم | الإثنين القادم | 2020-10-26 | DCT-NEXT-MON
وسوف يلتقي الطرفان يوم السبت | يوم السبت | 2020-10-24 | DCT-NEXT-SAT
والأربعاء الماضي قصفت الطائرات | الأربعاء الماضي | 2020-10-14 | DCT-LAST-WED
"""


@pytest.mark.parametrize(("sentence", "expression", "dated", "undated"), rows(WEEKDAYS))
def test_weekdays_resolve_by_direction_and_tense(
    sentence: str, expression: str, dated: str, undated: str
) -> None:
    assert found(sentence) == [(expression, dated, None)]
    assert found(sentence, None) == [(expression, undated, None)]


def test_today_with_its_weekday_is_one_expression() -> None:
    assert found("أعلن اليوم الخميس") == [("اليوم الخميس", "2020-10-20", None)]
    assert found("صدر أمس الإثنين حكم") == [("أمس الإثنين", "2020-10-19", None)]


def test_past_plans_and_comparisons_are_not_future() -> None:
    assert values("وكان من المقرر أن يصل الرئيس الخميس") == ["2020-10-15"]
    assert values("نما الاقتصاد بأكثر من المتوقع الخميس") == ["2020-10-15"]
    assert values("الانتخابات المقرر إجراؤها الأحد") == ["2020-10-25"]
    assert values("الزيارة المرتقبة الخميس") == ["2020-10-22"]


def test_future_verb_in_a_reported_clause_does_not_move_the_report_date() -> None:
    assert values("ذكرت وزارة الدفاع الجمعة أن العرض سيركز على الجنود") == ["2020-10-16"]


# -- the year of a yearless date ------------------------------------------------------


YEARLESS_DAYS = """
زار الرئيس دمشق في 5 أيار | 5 أيار | 2020-05-05 | XXXX-05-05
وصل في 3 تشرين الأول | 3 تشرين الأول | 2020-10-03 | XXXX-10-03
تنتهي المهلة في 15 نوفمبر | 15 نوفمبر | 2020-11-15 | XXXX-11-15
في 20 مايو بدأت الأزمة | 20 مايو | 2020-05-20 | XXXX-05-20
في 20 أبريل بدأت الأزمة | 20 أبريل | 2021-04-20 | XXXX-04-20
دخل حيز التنفيذ في 3 جويلية | 3 جويلية | 2020-07-03 | XXXX-07-03
"""


@pytest.mark.parametrize(("sentence", "expression", "dated", "undated"), rows(YEARLESS_DAYS))
def test_day_month_takes_the_year_nearest_the_publication_date(
    sentence: str, expression: str, dated: str, undated: str
) -> None:
    assert found(sentence) == [(expression, dated, None)]
    assert found(sentence, None) == [(expression, undated, None)]


def test_day_month_in_a_future_clause_is_on_or_after_the_publication_date() -> None:
    # Nearest would be 2020-03-11; the clause says it is still to come.
    assert values("سيتم إجراء عرض عسكري في 11 تشرين الثاني", dt.date(2020, 3, 10)) == ["2020-11-11"]


def test_day_month_with_direction_is_the_next_or_previous_such_date() -> None:
    assert values("يوم 23 سبتمبر المقبل", dt.date(2018, 9, 8)) == ["2018-09-23"]
    assert values("في 5 سبتمبر الماضي", dt.date(2018, 9, 8)) == ["2018-09-05"]
    assert values("يوم 23 سبتمبر المقبل", None) == ["DCT-NEXT-09-23"]


ORDINAL_DAYS = """
في الرابع عشر من تموز/يوليو 1789 | الرابع عشر من تموز/يوليو 1789 | 1789-07-14
في الحادي عشر من سبتمبر 2001 | الحادي عشر من سبتمبر 2001 | 2001-09-11
في السابع والعشرين من أبريل 2018 | السابع والعشرين من أبريل 2018 | 2018-04-27
في العشرين من يناير 2021 | العشرين من يناير 2021 | 2021-01-20
في الحادي والثلاثين من ديسمبر 1999 | الحادي والثلاثين من ديسمبر 1999 | 1999-12-31
"""


@pytest.mark.parametrize(("sentence", "expression", "value", "mod"), rows(ORDINAL_DAYS))
def test_ordinal_days_up_to_the_thirty_first(
    sentence: str, expression: str, value: str, mod: str | None
) -> None:
    assert found(sentence) == [(expression, value, mod)]


def test_month_named_twice_without_a_separator_is_one_expression() -> None:
    assert found("يمثل أمام المحكمة في سبتمبر أيلول المقبل") == [
        ("سبتمبر أيلول المقبل", "2021-09", None)
    ]


def test_ordinal_week_of_a_month_is_the_month() -> None:
    assert found("خلال الأسبوع الثاني من أكتوبر") == [("الأسبوع الثاني من أكتوبر", "2020-10", None)]
    assert found("في النصف الثاني من عام 2019") == [("النصف الثاني من عام 2019", "2019", "late")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "احتضنت يومي 22 و23 جانفي 2020 اجتماعاً",
            [("22", "2020-01-22", None), ("23 جانفي 2020", "2020-01-23", None)],
        ),
        (
            "كانت مقررة من 12 إلى 20 يونيو المقبل",
            [("12", "2021-06-12", None), ("20 يونيو المقبل", "2021-06-20", None)],
        ),
        (
            "سُيّرت في الـ 15 من الشهر الجاري",
            [("الـ 15 من الشهر الجاري", "2020-10-15", None)],
        ),
        (
            "في الخامس من الشهر الحالي",
            [("الخامس من الشهر الحالي", "2020-10-05", None)],
        ),
        (
            "الموقع مطلع آذار. وبدأت الدوريات في الـ 15 من الشهر نفسه",
            [("مطلع آذار", "2021-03", "early"), ("الـ 15 من الشهر نفسه", "2021-03-15", None)],
        ),
        (
            "اعتباراً من منتصف ليل السادس من مارس 2020",
            [("منتصف ليل السادس من مارس 2020", "2020-03-06", None)],
        ),
        ("عقدوا أمس (الإثنين) لقاء", [("أمس (الإثنين)", "2020-10-19", None)]),
        ("تبدأ غد الأربعاء 21 أكتوبر", [("غد الأربعاء 21 أكتوبر", "2020-10-21", None)]),
        ("يصل غدا الأربعاء", [("غدا الأربعاء", "2020-10-21", None)]),
        ("منحتها روسيا صيف عام 2018", [("صيف عام 2018", "2018-SU", None)]),
        (
            "ألغيت دورات 1916 و1940 و1944",
            [("1916", "1916", None), ("1940", "1940", None), ("1944", "1944", None)],
        ),
        ("تأجيل الأولمبياد إلى 2021 بسبب كورونا", [("2021", "2021", None)]),
        ("معربا عن أمله في نتائج في القريب العاجل", [("القريب العاجل", "FUTURE_REF", None)]),
    ],
)
def test_forms_from_the_annotated_corpus(sentence: str, expected: Found) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        'وقال مراسل "حلب اليوم" في ريف إدلب',
        "نقلتها قناة «روسيا اليوم»",
        "نشتري ربطة واحدة في اليوم",
        "ارتفع عدد الإصابات إلى 2000 حالة",
    ],
)
def test_names_rates_and_counts_are_not_dates(sentence: str) -> None:
    assert found(sentence) == []


def test_nearest_year_crosses_new_year() -> None:
    assert values("في 28 ديسمبر", dt.date(2021, 1, 3)) == ["2020-12-28"]
    assert values("في 2 يناير", dt.date(2020, 12, 30)) == ["2021-01-02"]


def test_bare_month_is_the_nearest_one() -> None:
    assert found("وقعت الحادثة في تموز") == [("تموز", "2020-07", None)]
    assert found("ترفع الإمدادات في أبريل", dt.date(2020, 3, 10)) == [("أبريل", "2020-04", None)]
    assert found("وقعت الحادثة في تموز", None) == [("تموز", "XXXX-07", None)]


def test_bare_month_after_since_is_on_or_before_the_publication_date() -> None:
    assert found("منذ نوفمبر") == [("نوفمبر", "2019-11", None)]
    assert found("منذ نوفمبر", None) == [("نوفمبر", "DCT-LAST-11", None)]


def test_coordinated_months_share_the_direction() -> None:
    assert found("بين كانون الأول وشباط الماضيين", None) == [
        ("كانون الأول", "DCT-LAST-12", None),
        ("شباط الماضيين", "DCT-LAST-02", None),
    ]
    assert values("في نيسان وحزيران المقبلين", dt.date(2020, 3, 8)) == ["2020-04", "2020-06"]


def test_month_of_the_current_year_without_publication_date() -> None:
    assert found("مطلع آذار الجاري", None) == [("مطلع آذار الجاري", "DCT-THIS-03", "early")]
    assert found("السادس من آذار الجاري", None) == [("السادس من آذار الجاري", "XXXX-03-06", None)]


def test_bare_month_takes_the_next_one_in_a_future_clause() -> None:
    assert found("ستجرى الانتخابات في آذار") == [("آذار", "2021-03", None)]


def test_month_with_direction_is_the_previous_or_next_occurrence() -> None:
    assert found("في مارس الماضي أعلنت") == [("مارس الماضي", "2020-03", None)]
    assert found("في أكتوبر الماضي") == [("أكتوبر الماضي", "2019-10", None)]
    assert found("في أكتوبر المقبل") == [("أكتوبر المقبل", "2021-10", None)]
    assert found("يناير المقبل") == [("يناير المقبل", "2021-01", None)]


# -- words that look like dates but are not ------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "نقلت صحيفة اليوم السابع عن مصدر",
        "في ذلك اليوم خرج المتظاهرون",
        "احتفل العالم باليوم العالمي للمرأة",
        "في اليوم الأول من المؤتمر",
        "قوى 14 آذار رفضت الاقتراح",
        "اجتمع ممثلو 8 آذار",
        "مارس الضغط على الحكومة",
        "الذي مارس العنف",
        "وصل في ماي",
        "قال تموز إنه سيعود",
        "أعلنت نيسان عن سيارة جديدة",
        "تحدث الأب عن ابنه",
        "بكى أب على ولده",
        "صرح رمضان عبد الله",
        "قال رجب طيب أردوغان",
        "احتفلت مصر بذكرى ثورة 25 يناير",
        "تقع مدينة 6 أكتوبر غرب القاهرة",
        "في شارع 26 يوليو",
        "مدينة العاشر من رمضان",
        "أدى المصلون صلاة الجمعة",
        "غدا الوضع أسوأ",
        "يقع قريبا من الحدود",
        "الصفحة 12/2020",
        "رقم 2020",
    ],
)
def test_look_alikes_that_are_not_dates(sentence: str) -> None:
    assert found(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "وأكد المهاجم الإنجليزي السابق آلان شيرر أن الحكم أخطأ",
        "بعدما لامس السعر مستوى قياسيا",
        "تلك الليلة لن تنسى",
        "في عطلة نهاية الأسبوع نفسه",
        "الرئيس الرابع لليوم الثالث",
        "اندلعت الاشتباكات منذ ساعات الفجر الأولى",
    ],
)
def test_words_that_fold_into_date_words_are_not_dates(sentence: str) -> None:
    assert found(sentence) == []


def test_starting_from_is_not_a_modifier() -> None:
    assert found("بداية من الأحد المقبل") == [("الأحد المقبل", "2020-10-25", None)]


def test_coalition_day_is_a_date_with_a_year_or_a_cue() -> None:
    assert values("اغتيل الحريري في 14 آذار 2005") == ["2005-03-14"]
    assert values("في 14 آذار خرج اللبنانيون") == ["2021-03-14"]
    assert values("نزل اللبنانيون يوم 14 آذار") == ["2021-03-14"]


def test_weak_month_names_count_with_a_preposition_or_a_day() -> None:
    assert values("وقعت الحادثة في تموز") == ["2020-07"]
    assert values("في 3 آب") == ["2020-08-03"]
    assert values("نظمت في شهر جوان") == ["2020-06"]
    assert values("في رجب") == []  # a Hijri month needs a year or a direction


# -- spelling variation ---------------------------------------------------------------


SPELLINGS = """
في 5 اذار 2020 | 5 اذار 2020 | 2020-03-05
في 5 آذار 2020 | 5 آذار 2020 | 2020-03-05
في 5 آذـــار 2020 | 5 آذـــار 2020 | 2020-03-05
في 5 إبريل 2020 | 5 إبريل 2020 | 2020-04-05
في 5 ابريل 2020 | 5 ابريل 2020 | 2020-04-05
في 5 ايلول 2020 | 5 ايلول 2020 | 2020-09-05
في 5 كانون الاول 2020 | 5 كانون الاول 2020 | 2020-12-05
في 5 ذى الحجه 1441 | 5 ذى الحجه 1441 | 2020-07-26
وفي 5 جمادي الاولي 1441 | 5 جمادي الاولي 1441 | 2019-12-31
بالأمس | الأمس | 2020-10-19
ومؤخرا | مؤخرا | PAST_REF
والجمعة الماضية | الجمعة الماضية | 2020-10-16
وخلال الأسبوع الماضي | الأسبوع الماضي | 2020-W42
ومنذ ثلاثة أيام | منذ ثلاثة أيام | 2020-10-17
للعام الثاني على التوالي منذ العام الماضي | العام الماضي | 2019
"""


@pytest.mark.parametrize(("sentence", "expression", "value", "mod"), rows(SPELLINGS))
def test_spelling_variants_and_attached_clitics(
    sentence: str, expression: str, value: str, mod: str | None
) -> None:
    assert [(text, found_value) for text, found_value, _ in found(sentence)] == [
        (expression, value)
    ]


def test_datetime_publication_date_is_read_as_its_date() -> None:
    assert values("أمس", dt.datetime(2020, 10, 20, 23, 30)) == ["2020-10-19"]


def test_expressions_come_in_text_order_without_overlap() -> None:
    text = (
        "وقال الوزير أمس إن الحكومة ستعلن الأسبوع المقبل خطة بدأ إعدادها في آذار/ مارس 2019، "
        "بعد أن تراجعت الصادرات خلال الأشهر الستة الماضية، على أن تنتهي مطلع العام المقبل."
    )
    assert found(text) == [
        ("أمس", "2020-10-19", None),
        ("الأسبوع المقبل", "2020-W44", None),
        ("آذار/ مارس 2019", "2019-03", None),
        ("خلال الأشهر الستة الماضية", "P6M", None),
        ("مطلع العام المقبل", "2021", "early"),
    ]
