"""Related articles against labelled days: does `rasid related` find an article's story-mates?

The labelled articles of a story set (rasid.evaluation.stories) are ingested
into a scratch SQLite store, as a user's store would hold them, and
`SqlStore.related` is asked for each article whose labelled story has other
members. Those members are the relevant answers; the rest of the days'
articles are the distractors. Reported over the first `depth` answers:
mean average precision, the share of first answers that are relevant, and
recall in the top 5 (of at most 5 relevant).

This measures the part of relatedness labels can settle (the same
development within two days of news); finding background months apart is
what related is also for, and no labelled set here measures it.

`score_related_in` asks the same questions of a store that holds the
labelled articles among many others (the whole ANT corpus, say): the
distractors are then a year of news, as in a user's archive, and the
articles a story's members are near only by subject come into play.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rasid.evaluation.stories import ANT_CORPUS, select_lines

if TYPE_CHECKING:
    from rasid.store import SqlStore

__all__ = ["RelatedScores", "average_precision", "score_related", "score_related_in"]


@dataclass(frozen=True, slots=True)
class RelatedScores:
    mean_average_precision: float
    first_is_relevant: float
    recall_at_5: float
    queries: int
    articles: int
    """Stored articles: a text labelled twice (a copy) is stored once."""

    def to_dict(self) -> dict[str, float | int]:
        return {
            "mean_average_precision": round(self.mean_average_precision, 4),
            "first_is_relevant": round(self.first_is_relevant, 4),
            "recall_at_5": round(self.recall_at_5, 4),
            "queries": self.queries,
            "articles": self.articles,
        }


def score_related(
    labels: Mapping[str, str], corpus: Path = ANT_CORPUS, *, depth: int = 20
) -> RelatedScores:
    """Ingest the labelled articles of `corpus` and score `related` against their stories."""
    from rasid.ingest import ingest
    from rasid.settings import Options
    from rasid.store import SqlStore

    selected = select_lines(corpus, set(labels))
    try:
        with tempfile.TemporaryDirectory() as scratch:
            store = SqlStore(str(Path(scratch) / "related.db"))
            try:
                ingest([selected], store, Options(), fmt="jsonl")
                return _score(store, labels, depth)
            finally:
                store.close()
    finally:
        selected.unlink()


def score_related_in(
    store: SqlStore, labels: Mapping[str, str], *, depth: int = 20
) -> RelatedScores:
    """Score `related` on `store` as it is, which must hold every labelled article."""
    return _score(store, labels, depth)


def average_precision(answers: Sequence[str], relevant: Set[str]) -> float:
    """Average of the precision at each relevant answer, over all the relevant ones."""
    found, total = 0, 0.0
    for rank, answer in enumerate(answers, 1):
        if answer in relevant:
            found += 1
            total += found / rank
    return total / len(relevant) if relevant else 0.0


def _score(store: SqlStore, labels: Mapping[str, str], depth: int) -> RelatedScores:
    # Identical texts are one article in the store (its id is the text's
    # hash), so answers and stories are counted per stored article.
    story_of: dict[str, str] = {}
    for key, story in labels.items():
        document = store.get(key)
        if document is None:
            raise ValueError(f"labelled article {key} was not stored")
        story_of[document.id] = story
    precisions, firsts, recalls = [], [], []
    for article, story in story_of.items():
        mates = {other for other, label in story_of.items() if other != article and label == story}
        if not mates:
            continue
        answers = [hit.id for hit in store.related(article, limit=depth)]
        precisions.append(average_precision(answers, mates))
        firsts.append(1.0 if answers and answers[0] in mates else 0.0)
        recalls.append(len(mates & set(answers[:5])) / min(5, len(mates)))
    queries = len(precisions)
    if not queries:
        raise ValueError("no labelled story has two articles: nothing to score")
    return RelatedScores(
        sum(precisions) / queries, sum(firsts) / queries, sum(recalls) / queries, queries,
        len(story_of),
    )  # fmt: skip
