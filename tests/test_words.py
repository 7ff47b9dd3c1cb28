from __future__ import annotations

from rasid.text.words import containment, content_words


def test_clitics_and_common_suffixes_are_stripped() -> None:
    assert content_words("بالتسمم") == content_words("تسمم")
    assert content_words("الإصابات") == content_words("إصابة")


def test_function_words_are_left_out() -> None:
    assert content_words("من في على الحكومة") == content_words("الحكومة")


def test_broken_words_compare_equal_to_their_repair() -> None:
    assert content_words("موجة نـ.ـزوح") == content_words("موجة نزوح")


def test_containment_measures_the_smaller_text() -> None:
    title = "إصابة 43 شخصاً بتسمم غذائي بعد تناول وجبات من مطعم في الزرقاء"
    assert containment(title, "43 إصابة بالتسمم من مطعم شاورما في الزرقاء") > 0.8
    assert containment(title, "البرلمان يقر الموازنة العامة") == 0.0
