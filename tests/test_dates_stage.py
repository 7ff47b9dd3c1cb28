"""The dates stage in the pipeline: publication date from the article or its dateline."""

from __future__ import annotations

from datetime import datetime

import rasid
from rasid.model import TimeExpression

DATELINED = (
    "وصول قافلة إلى إدلب\n"
    "23.03.2020 | 17:36 GMT\n"
    "وصلت قافلة مساعدات إلى إدلب يوم أمس، بعد أن توقفت الشهر الماضي."
)


def _values(document: rasid.Document) -> dict[str, str]:
    return {d.text: d.value for d in document.records(TimeExpression)}


def test_the_dateline_the_cleaner_removed_gives_the_publication_date() -> None:
    document = rasid.analyze(DATELINED)
    assert [r.reason for r in document.removed] == ["timestamp"]
    assert document.article.published == datetime(2020, 3, 23)
    assert _values(document) == {"يوم أمس": "2020-03-22", "الشهر الماضي": "2020-02"}


def test_a_given_publication_date_wins_over_the_dateline() -> None:
    document = rasid.analyze(DATELINED, published=datetime(2020, 3, 25))
    assert document.article.published == datetime(2020, 3, 25)
    assert _values(document)["يوم أمس"] == "2020-03-24"


def test_without_any_date_values_stay_relative() -> None:
    document = rasid.analyze("خبر\nوصلت القافلة يوم أمس.")
    assert document.article.published is None
    assert _values(document) == {"يوم أمس": "DCT-1D"}


def test_date_offsets_point_at_their_text() -> None:
    document = rasid.analyze(DATELINED)
    for expression in document.records(TimeExpression):
        assert document.text[expression.start : expression.end] == expression.text
