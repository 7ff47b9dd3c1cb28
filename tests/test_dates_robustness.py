"""The date finder on any text (it never raises, spans stay valid) and on the annotated
demo corpus (a quality gate)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.dates import find_dates
from tests.test_dates import (
    EXAMPLES,
    MIN_SPAN_F1,
    MIN_VALUE_ACCURACY,
    PUBLISHED,
    Found,
)

# -- robustness -----------------------------------------------------------------------


@given(st.text())
def test_any_text_gives_valid_offsets(text: str) -> None:
    for item in find_dates(text, PUBLISHED) + find_dates(text, None):
        assert 0 <= item.start < item.end <= len(text)
        assert item.text == text[item.start : item.end]


@given(
    st.lists(
        st.sampled_from(
            [
                "23",
                "آذار",
                "2020",
                "/",
                "مارس",
                "هـ",
                "مطلع",
                "الماضي",
                "منذ",
                "ثلاثة",
                "أيام",
                "ـ",
                "\u064b",
                " ",
                "،",
                "الأسبوع",
                "رجب",
                "1441",
                "يوم",
                "أمس",
                "٢٠",
                "و",
                "ال",
            ]
        )
    ),
    st.dates(),
)
def test_date_like_word_salad_gives_ordered_valid_spans(
    words: list[str], published: dt.date
) -> None:
    text = "".join(words)
    previous_end = 0
    for item in find_dates(text, published):
        assert previous_end <= item.start < item.end <= len(text)
        assert item.text == text[item.start : item.end]
        previous_end = item.end


def test_long_line_of_digits_and_slashes_is_scanned() -> None:
    # Run, not timed: a pattern that backtracks would not finish.
    line = "12/3/" * 40_000
    assert find_dates(line, PUBLISHED) == []
    assert find_dates("1" * 200_000, None) == []


# -- quality gate -------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """As the annotations' checker decodes: BOM, then UTF-8, then Windows-1256."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256")


def _annotated_articles() -> list[tuple[str, dt.date | None, Found]]:
    """Headline and body of each annotated article (residue lines blanked), with its key."""
    keys = EXAMPLES / "annotations"
    residue = {}
    for line in (keys / "clean.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        residue[entry["file"]] = {item["line"] for item in entry["residue"]}
    articles = []
    for line in (keys / "dates.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        lines = _decode((EXAMPLES / entry["file"]).read_bytes()).replace("\r\n", "\n").split("\n")
        dropped = residue[entry["file"]]
        text = "\n".join("" if n in dropped else line for n, line in enumerate(lines, 1))
        published = dt.date.fromisoformat(entry["published"]) if entry["published"] else None
        key = [(item["text"], item["value"], item["mod"]) for item in entry["dates"]]
        articles.append((text, published, key))
    return articles


@pytest.mark.skipif(
    not (EXAMPLES / "annotations" / "dates.jsonl").is_file(), reason="no annotated examples"
)
def test_annotated_corpus_stays_above_its_floors() -> None:
    matched = predicted = expected = right = 0
    for text, published, key in _annotated_articles():
        left = [
            (item.text.replace("\u0640", ""), item.value, item.mod)
            for item in find_dates(text, published)
        ]
        predicted += len(left)
        expected += len(key)
        for span, value, mod in key:
            same = [item for item in left if item[0] == span.replace("\u0640", "")]
            if same:
                left.remove(same[0])
                matched += 1
                right += same[0][1:] == (value, mod)
    precision, recall = matched / predicted, matched / expected
    assert 2 * precision * recall / (precision + recall) >= MIN_SPAN_F1
    assert right / matched >= MIN_VALUE_ACCURACY
