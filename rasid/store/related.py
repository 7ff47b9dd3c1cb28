"""Related articles: those most like one article of the SQL store.

The candidates come from a search for the article's strongest terms (any of
them), within the days around it first (rasid.store.search, fulltext), and
from its story; they are ranked as story matching compares articles, scaled
down by their distance in time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from rasid.store import fulltext
from rasid.store.schema import article_profiles, articles
from rasid.store.search import narrow_profiles

__all__ = ["RelatedHit", "related"]

#: Terms of an article's profile that make the query for its related articles.
_RELATED_TERMS = 20
_RELATED_CANDIDATES = 300
#: A dated article's related candidates come from the days this far around its date,
#: when they hold enough (`_window_candidates`); in a store with more than
#: `_RELATED_NEIGHBOURS` articles in that span, from a narrower one that holds about
#: that many, but never less than `_RELATED_WINDOW_LEAST` either side.
_RELATED_WINDOW = timedelta(days=45)
_RELATED_NEIGHBOURS = 4_000
_RELATED_WINDOW_LEAST = timedelta(days=3)
#: Related articles near in time to the article asked about come first: a candidate's
#: score is scaled by 1 - w + w * exp(-days apart / scale). Beyond a week or two only
#: the floor 1 - w is left, so the background of a development is still found when
#: nothing recent is as close. Chosen on the dev labels, whole-ANT store and scratch
#: stores together (docs/stories.md, "Related articles").
_TIME_WEIGHT = 0.8
_TIME_SCALE_DAYS = 3.0


@dataclass(frozen=True, slots=True)
class RelatedHit:
    id: str
    external_id: str | None
    title: str | None
    source: str | None
    published: str | None
    score: float
    shared: tuple[str, ...] = field(default=())
    """kb_ids both articles name."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "external_id": self.external_id,
            "title": self.title,
            "score": round(self.score, 4),
            "source": self.source,
            "published": self.published,
        }


def _set_cosine(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / math.sqrt(len(first) * len(second))


def _nearness(first: datetime | None, second: datetime | None) -> float:
    """How much of a related candidate's score its distance in time leaves (1 when
    either date is unknown)."""
    if first is None or second is None:
        return 1.0
    days = abs((second - first).total_seconds()) / 86_400
    return 1 - _TIME_WEIGHT + _TIME_WEIGHT * math.exp(-days / _TIME_SCALE_DAYS)


def _window_candidates(
    connection: Connection, strongest: list[str], moment: datetime | None
) -> list[tuple[int, float]]:
    """The best matches of `strongest` (any of them) published near `moment`, at most
    one more than the candidate list holds.

    Any of twenty strong terms matches most of a large store, and ranking
    every match was what a related query cost: at a million synthetic
    articles over ten years, 155-374 ms on SQLite against 20-62 within the
    months around the article. The time prior (`_nearness`) leaves a
    candidate weeks away a fifth of its score, so the days around hold the
    answers: `_RELATED_WINDOW` either side, narrowed where the store is
    dense until it holds about `_RELATED_NEIGHBOURS` articles (ranking is
    what costs, most of all PostgreSQL's `ts_rank_cd`). The month facets
    let the index skip the rest; the exact times are checked on what is
    left. None for an undated article.
    """
    if moment is None or not fulltext.facets_ready(connection):
        return []
    half = _RELATED_WINDOW
    around = connection.scalar(
        select(func.count())
        .select_from(article_profiles)
        .where(article_profiles.c.time.between(moment - half, moment + half))
    )
    if around and around > _RELATED_NEIGHBOURS:
        half = max(half * (_RELATED_NEIGHBOURS / around), _RELATED_WINDOW_LEAST)
    first, last = moment - half, moment + half
    if connection.dialect.name == "postgresql":
        around_ids = connection.scalars(
            select(article_profiles.c.id).where(article_profiles.c.time.between(first, last))
        ).all()
        return fulltext.ranked_among(
            connection, strongest, around_ids, limit=_RELATED_CANDIDATES + 1
        )
    found = fulltext.match(
        connection, strongest, any_term=True, facets=[fulltext.month_terms(first, last)]
    )
    # SQLite: the index's matches first, each time read from the narrow index (from
    # the time index, the full-text query was run again for each article: 520 ms).
    statement = (
        narrow_profiles(select(article_profiles.c.id, found.score.label("score")))
        .select_from(article_profiles)
        .join(found.table, found.on)
        .where(found.where, article_profiles.c.time.between(first, last))
        .order_by(found.score.desc(), article_profiles.c.id)
        .limit(_RELATED_CANDIDATES + 1)
    )
    return [(row.id, float(row.score)) for row in connection.execute(statement)]


def _candidates(
    connection: Connection, strongest: list[str], moment: datetime | None
) -> list[tuple[int, float]]:
    """(profile id, score) of the best matches of `strongest` (any of them) to compare
    an article published at `moment` with.

    Those of the days around it when they fill the list (`_window_candidates`).
    Otherwise all of those, then the best of the most recently stored matches,
    as a search ranks them (`fulltext.top`, capped). Ranking every article
    that shares one of its terms, most of the store, cost an undated article
    or one in sparse months 1.3-1.6 s at 300,000 articles in PostgreSQL, and
    a median of 359 ms on the SQLite million. In a store with fewer matches
    than a search ranks, the best of every match fill the list, as before.
    """
    window = _window_candidates(connection, strongest, moment)
    if len(window) > _RELATED_CANDIDATES:
        return window
    recent = fulltext.top(connection, strongest, limit=_RELATED_CANDIDATES + 1, any_term=True)
    # The window's few come first whatever their score: the time prior favours them.
    inside = {profile for profile, _ in window}
    merged = window + [item for item in recent if item[0] not in inside]
    return merged[: _RELATED_CANDIDATES + 1]


def related(connection: Connection, article_id: str, *, limit: int = 10) -> list[RelatedHit]:
    """Articles most like `article_id`: shared weighted terms first, then records and headline.

    The candidates are the other articles of its story and what a search for
    its strongest terms (any of them) finds. The story's articles come first
    (story matching already judged them reports of the same development);
    within each group they are ranked by the cosine of their term vectors
    plus the overlap of the records they name and of their headline terms,
    with the weights story matching uses, scaled down by their distance in
    time from the article (`_nearness`) when both dates are known.
    """
    from rasid.stories.cluster import StoryParams

    mine_row = connection.execute(
        select(article_profiles.c.data, article_profiles.c.story_id, article_profiles.c.time).where(
            article_profiles.c.article_id == article_id
        )
    ).first()
    if mine_row is None:
        return []
    mine = json.loads(mine_row.data)
    story_id = mine_row.story_id
    strongest = sorted(mine["terms"], key=lambda t: -mine["terms"][t])[:_RELATED_TERMS]
    if not strongest:
        return []
    columns = select(
        articles.c.id,
        articles.c.external_id,
        articles.c.title,
        articles.c.source,
        articles.c.published,
        article_profiles.c.data,
        article_profiles.c.story_id,
        article_profiles.c.time,
    ).join(article_profiles, article_profiles.c.article_id == articles.c.id)
    # As in `search`: the candidates' ids are ranked on the index alone, then
    # their rows fetched (joined first, every match's profile went through the
    # sort: 75 of the ~110 ms of a related query on the ANT store).
    ranked = _candidates(connection, strongest, mine_row.time)
    order = {profile: rank for rank, (profile, _) in enumerate(ranked)}
    rows = connection.execute(
        columns.add_columns(article_profiles.c.id.label("profile")).where(
            article_profiles.c.id.in_(list(order)), articles.c.id != article_id
        )
    )
    candidates = sorted(rows, key=lambda row: order[row.profile])[:_RELATED_CANDIDATES]
    if story_id is not None:
        seen = {row.id for row in candidates}
        members = connection.execute(
            columns.where(article_profiles.c.story_id == story_id, articles.c.id != article_id)
        ).all()
        candidates += [row for row in members if row.id not in seen]
    params = StoryParams()
    total = params.term_weight + params.entity_weight + params.title_weight
    my_entities, my_title = set(mine["entities"]), set(mine["title"])
    scored = []
    together: set[str] = set()
    for row in candidates:
        if story_id is not None and row.story_id == story_id:
            together.add(row.id)
        theirs = json.loads(row.data)
        cosine = sum(w * theirs["terms"].get(t, 0.0) for t, w in mine["terms"].items())
        shared = my_entities & set(theirs["entities"])
        score = (
            params.term_weight * cosine
            + params.entity_weight * _set_cosine(my_entities, set(theirs["entities"]))
            + params.title_weight * _set_cosine(my_title, set(theirs["title"]))
        ) / total
        score *= _nearness(mine_row.time, row.time)
        scored.append(
            RelatedHit(
                row.id,
                row.external_id,
                row.title,
                row.source,
                row.published,
                score,
                tuple(sorted(shared)),
            )
        )
    scored.sort(key=lambda hit: (hit.id not in together, -hit.score, hit.id))
    return scored[:limit]
