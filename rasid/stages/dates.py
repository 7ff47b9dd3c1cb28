"""The dates stage: time expressions valued against the publication date (rasid.dates).

The publication date is the article's own (`--published`, the feed's or the
page's) or, when it has none, the first full date on the dateline the
cleaner removed ("23.03.2020 | 17:36 GMT", "الجمعة 18 رجب 1441 هـ - 13 مارس
2020"); the article then carries that date, as if the reader had found it.
Without either, relative expressions stay relative (`DCT-1D`).
"""

from __future__ import annotations

import re
from datetime import datetime

from rasid.dates import find_dates
from rasid.model import Document
from rasid.pipeline import register_stage

__all__ = ["dateline_date", "dates"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Removed lines that may carry the publication date, in the order they are read.
_DATELINE_REASONS = ("timestamp", "byline")


def dateline_date(document: Document) -> datetime | None:
    """The first full date on a removed timestamp or byline line, if any."""
    for reason in _DATELINE_REASONS:
        for line in document.removed:
            if line.reason != reason:
                continue
            for expression in find_dates(line.text, None):
                if _DAY.fullmatch(expression.value):
                    return datetime.fromisoformat(expression.value)
    return None


@register_stage("dates", requires=("text",), assigns=("dates",))
def dates(document: Document) -> Document:
    """Dates and relative time expressions with TIMEX3-style values."""
    article = document.article
    if article.published is None:
        found = dateline_date(document)
        if found is not None:
            document = document.with_article(article.with_metadata(published=found))
    published = document.article.published
    return document.with_records(
        *find_dates(document.text, published.date() if published else None)
    )
