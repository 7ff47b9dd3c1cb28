from __future__ import annotations

import pytest

from rasid.text.repair import find_broken_words


def repaired(line: str) -> list[tuple[str, str]]:
    return [(line[w.start : w.end], w.fixed(line)) for w in find_broken_words(line)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("تضييق الخـ.ـناق ضد الجماعات", [("الخـ.ـناق", "الخناق")]),
        ("عودة للنـ.ـازحين", [("للنـ.ـازحين", "للنازحين")]),
        ("منـ.ـع حدوث موجات نـ.ـزوح", [("منـ.ـع", "منع"), ("نـ.ـزوح", "نزوح")]),
        ("مـ.ـعـ.ـتقل سابق", [("مـ.ـعـ.ـتقل", "معتقل")]),
        ("الـ ـمعارك العنيفة", [("الـ ـمعارك", "المعارك")]),
        ("القـ\u200bـصف المدفعي", [("القـ\u200bـصف", "القصف")]),
        ("الاغ\u200cتيال", [("الاغ\u200cتيال", "الاغتيال")]),
        ("الخ.ـناق", [("الخ.ـناق", "الخناق")]),
        ("مــعـ.ـاناة", [("مــعـ.ـاناة", "معاناة")]),
    ],
)
def test_broken_word_is_repaired(line: str, expected: list[tuple[str, str]]) -> None:
    assert repaired(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "بقصف إدلب . وتم التنسيق",
        "قال أ. ب. إن الاجتماع انتهى",
        "صرح د.محمد للصحفيين",
        "خلال الـ 15 عاما الماضية",
        "في عام 1441 هـ. وقال",
        "القرن الثالث ق.م",
        "الخــناق",
        "سوريا - تركيا",
        "روسيا/تركيا",
    ],
)
def test_ordinary_writing_is_not_merged(line: str) -> None:
    assert repaired(line) == []
