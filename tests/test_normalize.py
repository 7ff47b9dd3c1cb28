from __future__ import annotations

import pytest

from rasid.text.normalize import arabic_ratio, fold_arabic, normalize_for_matching


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("إدلب", "ادلب"),
        ("أنقرة", "انقره"),
        ("آذار", "اذار"),
        ("مستشفى", "مستشفي"),
        ("مُسْتَشْفَى", "مستشفي"),
        ("الخـــناق", "الخناق"),
        ("٢٠٢٠", "2020"),
        ("۱۴۰۰", "1400"),
        ("مسؤول", "مسوول"),
        ("ﻻ", "لا"),
        ("NATO", "nato"),
    ],
)
def test_matching_form_folds_spelling_variants(variant: str, canonical: str) -> None:
    assert normalize_for_matching(variant) == canonical


def test_matching_form_drops_invisible_characters() -> None:
    assert normalize_for_matching("نز\u200bوح\u200f") == "نزوح"


def test_fold_arabic_leaves_regex_escapes_alone() -> None:
    assert fold_arabic(r"^\S+\s*أيضاً$") == r"^\S+\s*ايضا$"


def test_arabic_ratio_counts_letters_only() -> None:
    assert arabic_ratio("قال 123 !!!") == 1.0
    assert arabic_ratio("The Voice") == 0.0
    assert arabic_ratio("") == 0.0
    assert 0.4 < arabic_ratio("برنامج The Voice") < 0.6


def test_arabic_ratio_does_not_count_tatweel_as_a_letter() -> None:
    rule = "\u0640" * 90
    assert arabic_ratio("آلاف التوقيعات\n" + rule) == 1.0
    assert arabic_ratio("Windsor " + rule + " قال") == 3 / 10
    assert arabic_ratio(rule) == 0.0
