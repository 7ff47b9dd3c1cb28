"""Profiles, copies and stories in the SQL store.

Storing an article writes its profile and its search terms in the same
transaction, and lowers a watermark in `state`: the publication time of the
earliest article whose story may have changed. `update_stories` re-runs
story matching (rasid.stories.cluster) from that watermark on, taking the
articles before it as they were assigned, so that the outcome is the one a
single run over every article in time order would give, whatever order
they came in. A crash between the two leaves the watermark in place for
the next run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from rasid.model import Document, Entity, Event
from rasid.search.analyzer import analyzer
from rasid.store import fulltext
from rasid.store.schema import (
    article_profiles,
    articles,
    entities,
    events,
    state,
    stories,
)
from rasid.stories.cluster import Assignment, Clusterer, StoryParams, order_key
from rasid.stories.profile import Profile, profile_from_row, profile_of

__all__ = [
    "IndexEntry",
    "StoryMember",
    "StorySummary",
    "StoryUpdate",
    "index_document",
    "list_stories",
    "mark_changed",
    "mark_changed_many",
    "prepare_index",
    "stories_pending",
    "story_of",
    "top_entities",
    "update_stories",
]

_SINCE = "stories_since"
_UNDATED = "stories_undated"
#: Strongest terms of an undated article that look for the dated article it may copy,
#: and how many of the best matches are compared with it.
_ORIGINAL_TERMS = 20
_ORIGINAL_CANDIDATES = 50


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    articles: int
    """Articles whose story was worked out again."""
    stories: int
    """Stories written (new or changed)."""


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What indexing a document writes, worked out from the document alone.

    Working it out (the text's terms, their TF-IDF weights, the MinHash
    signature) is 43% of the CPU `put` spends on a document, and about a
    fifth of the one writer's time during a large ingest on Dask (py-spy, at
    100,000 stored articles). So each Dask worker works it out beside the
    analysis (`prepare_index`), and the writer only writes it.
    """

    profile: Profile
    title_terms: list[str]
    body_terms: list[str]
    facet_terms: list[str]


def prepare_index(document: Document) -> IndexEntry:
    """The profile, search terms and filter terms of an analysed document."""
    terms = analyzer().terms
    body = terms(document.text)  # analysed once: for the profile and for the index
    profile = profile_of(document, body_terms=body)
    facets = fulltext.Facets(
        source=document.article.source,
        kb_ids=[entity.kb_id for entity in document.records(Entity)],
        event_types=[event.type for event in document.records(Event)],
        time=profile.time,
    )
    return IndexEntry(profile, terms(document.title or ""), body, facets.terms())


def index_document(
    connection: Connection,
    article_id: str,
    document: Document,
    *,
    replacing: bool,
    prepared: IndexEntry | None = None,
) -> list[datetime | None]:
    """Write the profile and search terms of a stored article (replacing its old ones);
    return the publication times whose stories may change, for `mark_changed_many`
    (once for a whole batch: one state read per article cost as much as its terms).
    `prepared` is `prepare_index(document)` when a worker has worked it out already."""
    changed: list[datetime | None] = []
    previous = None
    if replacing:
        previous = connection.execute(
            select(article_profiles.c.id, article_profiles.c.time).where(
                article_profiles.c.article_id == article_id
            )
        ).first()
        if previous is not None:
            fulltext.unindex(connection, previous.id)
            connection.execute(delete(article_profiles).where(article_profiles.c.id == previous.id))
            changed.append(previous.time)
    entry = prepared or prepare_index(document)
    profile = entry.profile
    row_id = connection.execute(
        insert(article_profiles).values(
            article_id=article_id,
            time=profile.time,
            data=json.dumps(profile.to_json(), ensure_ascii=False),
            signature=profile.signature,
        )
    ).inserted_primary_key
    assert row_id is not None
    fulltext.index_terms(
        connection, row_id[0], entry.title_terms, entry.body_terms, entry.facet_terms
    )
    changed.append(profile.time)
    return changed


def mark_changed_many(connection: Connection, times: Iterable[datetime | None]) -> None:
    """`mark_changed` for many articles: the earliest time, and whether any is undated."""
    seen = list(times)
    dated = [time for time in seen if time is not None]
    if len(dated) < len(seen):
        mark_changed(connection, None)
    if dated:
        mark_changed(connection, min(dated))


def mark_changed(connection: Connection, time: datetime | None) -> None:
    """Lower the watermark to `time` (None: an undated article changed)."""
    if time is None:
        _set(connection, _UNDATED, "1")
        return
    current = connection.scalar(select(state.c.value).where(state.c.key == _SINCE))
    if current is None or time < datetime.fromisoformat(current):
        _set(connection, _SINCE, time.isoformat())


def _set(connection: Connection, key: str, value: str | None) -> None:
    connection.execute(delete(state).where(state.c.key == key))
    if value is not None:
        connection.execute(insert(state).values(key=key, value=value))


def stories_pending(connection: Connection) -> bool:
    """Whether stored articles wait for `update_stories`."""
    return (
        connection.scalar(
            select(func.count()).select_from(state).where(state.c.key.in_((_SINCE, _UNDATED)))
        )
        != 0
    )


def _profiles(connection: Connection, condition: Any) -> list[tuple[Profile, str | None]]:
    rows = connection.execute(
        select(
            article_profiles.c.article_id,
            article_profiles.c.time,
            article_profiles.c.data,
            article_profiles.c.signature,
            article_profiles.c.story_id,
            articles.c.source,
            articles.c.title,
        )
        .join(articles, articles.c.id == article_profiles.c.article_id)
        .where(condition)
    )
    found = [
        (profile_from_row(r.article_id, r.time, r.data, r.signature, r.source, r.title), r.story_id)
        for r in rows
    ]
    found.sort(key=lambda item: order_key(item[0]))
    return found


def update_stories(connection: Connection, params: StoryParams | None = None) -> StoryUpdate:
    """Work out the stories of every article at or after the watermark; clear it."""
    params = params or StoryParams()
    since_text = connection.scalar(select(state.c.value).where(state.c.key == _SINCE))
    undated_changed = connection.scalar(select(state.c.value).where(state.c.key == _UNDATED))
    if since_text is None and undated_changed is None:
        return StoryUpdate(0, 0)
    assignments: list[Assignment] = []
    fresh: list[Profile] = []
    window = timedelta(days=params.window_days)
    if since_text is not None:
        since = datetime.fromisoformat(since_text)
        dated = Clusterer(params)
        try:
            start = since - window
        except OverflowError:  # an article dated in year 1
            start = datetime.min
        for profile, story_id in _profiles(connection, article_profiles.c.time >= start):
            assert profile.time is not None
            if profile.time < since and story_id is not None:
                dated.replay(profile, story_id)
            else:
                assignments.append(dated.add(profile))
                fresh.append(profile)
    undated = _profiles(connection, article_profiles.c.time.is_(None))
    if undated and (
        undated_changed is not None or _copies_touched(connection, undated, fresh, params)
    ):
        assignments.extend(_undated(connection, params, undated, assignments))
    changed = _write(connection, assignments)
    _set(connection, _SINCE, None)
    _set(connection, _UNDATED, None)
    return StoryUpdate(len(assignments), changed)


def _copies_touched(
    connection: Connection,
    undated: Sequence[tuple[Profile, str | None]],
    fresh: Sequence[Profile],
    params: StoryParams,
) -> bool:
    """Whether dated articles just matched again change what an undated article copies."""
    originals = set(
        connection.scalars(
            select(article_profiles.c.copy_of).where(
                article_profiles.c.time.is_(None), article_profiles.c.copy_of.is_not(None)
            )
        )
    )
    if originals & {profile.article_id for profile in fresh}:
        return True
    still_there = sum(
        connection.scalar(
            select(func.count())
            .select_from(article_profiles)
            .where(article_profiles.c.article_id.in_(chunk))
        )
        or 0
        for chunk in _chunks(sorted(originals))
    )
    if still_there < len(originals):  # an original was deleted
        return True
    probe = Clusterer(params, windowed=False)
    for profile, story_id in undated:
        probe.remember_original(profile.article_id, profile.signature, story_id or "")
    return any(probe.original_of(profile)[0] is not None for profile in fresh)


def _undated(
    connection: Connection,
    params: StoryParams,
    undated: Sequence[tuple[Profile, str | None]],
    fresh: Sequence[Assignment],
) -> list[Assignment]:
    """Undated articles, in id order: copies of dated ones join their stories, and the rest
    are matched with each other only (rasid.stories.cluster says why)."""
    redone = {a.article_id: a.story_id for a in fresh}
    archive = Clusterer(params, windowed=False)
    result = []
    for profile, _ in undated:
        for article_id, signature, story_id in _possible_originals(connection, profile):
            archive.remember_original(article_id, signature, redone.get(article_id, story_id))
        result.append(archive.add(profile))
    return result


def _possible_originals(connection: Connection, profile: Profile) -> list[tuple[str, bytes, str]]:
    """Dated articles `profile` may copy: the best full-text matches of its strongest terms.

    A copy shares nearly every word of its original, so the original ranks
    among them; this keeps an undated article from loading the whole archive.
    """
    strongest = sorted(profile.terms, key=lambda term: -profile.terms[term])[:_ORIGINAL_TERMS]
    if not strongest:
        return []
    found = fulltext.match(connection, strongest, any_term=True)
    rows = connection.execute(
        select(
            article_profiles.c.article_id, article_profiles.c.signature, article_profiles.c.story_id
        )
        .join(found.table, found.on)
        .where(found.where, article_profiles.c.time.is_not(None))
        .order_by(found.score.desc(), article_profiles.c.id)
        .limit(_ORIGINAL_CANDIDATES)
    )
    return [(r.article_id, r.signature, r.story_id or r.article_id) for r in rows]


def _write(connection: Connection, assignments: Sequence[Assignment]) -> int:
    """Store the assignments and rewrite the stories they touch; the number rewritten."""
    if not assignments:
        return 0
    ids = [a.article_id for a in assignments]
    before = {
        row.story_id
        for chunk in _chunks(ids)
        for row in connection.execute(
            select(article_profiles.c.story_id).where(article_profiles.c.article_id.in_(chunk))
        )
        if row.story_id is not None
    }
    connection.execute(
        update(article_profiles)
        .where(article_profiles.c.article_id == bindparam("key"))
        .values(
            story_id=bindparam("story"),
            story_score=bindparam("score"),
            copy_of=bindparam("copy"),
            copy_similarity=bindparam("similarity"),
        ),
        [
            {
                "key": a.article_id,
                "story": a.story_id,
                "score": a.score,
                "copy": a.copy_of,
                "similarity": a.similarity,
            }
            for a in assignments
        ],
    )
    touched = sorted(before | {a.story_id for a in assignments})
    for chunk in _chunks(touched):
        connection.execute(delete(stories).where(stories.c.id.in_(chunk)))
    rows = [row for story_id in touched if (row := _summary(connection, story_id)) is not None]
    if rows:
        connection.execute(insert(stories), rows)
    return len(rows)


def _summary(connection: Connection, story_id: str) -> dict[str, Any] | None:
    """The stories row of `story_id` from its members; None when it has none left."""
    members = connection.execute(
        select(
            article_profiles.c.article_id,
            article_profiles.c.time,
            article_profiles.c.data,
            article_profiles.c.copy_of,
            articles.c.title,
            articles.c.source,
        )
        .join(articles, articles.c.id == article_profiles.c.article_id)
        .where(article_profiles.c.story_id == story_id)
    ).all()
    if not members:
        return None
    titles: Counter[str] = Counter()
    terms_of = {m.article_id: json.loads(m.data)["title"] for m in members}
    for terms in terms_of.values():
        titles.update(terms)
    times = [m.time for m in members if m.time is not None]

    def centrality(member: Any) -> tuple[float, bool, datetime, str]:
        terms = terms_of[member.article_id]
        shared = sum(titles[t] for t in terms) / (len(terms) or 1)
        # The most typical headline, an original before a copy, then the earliest.
        return (-shared, member.copy_of is not None, member.time or datetime.max, member.article_id)

    representative = min((m for m in members if m.title), key=centrality, default=members[0])
    sources = Counter(m.source or "" for m in members)
    return {
        "id": story_id,
        "headline": representative.title,
        "article_id": representative.article_id,
        "first_seen": min(times) if times else None,
        "last_seen": max(times) if times else None,
        "articles": len(members),
        "sources": json.dumps(dict(sources.most_common()), ensure_ascii=False),
    }


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True, slots=True)
class StoryMember:
    id: str
    external_id: str | None
    source: str | None
    title: str | None
    published: str | None
    duplicate_of: str | None
    similarity: float | None

    def to_dict(self) -> dict[str, Any]:
        view = asdict(self)
        view["similarity"] = None if self.similarity is None else round(self.similarity, 3)
        return view


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: str
    headline: str | None
    first_seen: datetime | None
    last_seen: datetime | None
    sources: dict[str, int]
    articles: tuple[StoryMember, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "headline": self.headline,
            "first_seen": None if self.first_seen is None else self.first_seen.isoformat(),
            "last_seen": None if self.last_seen is None else self.last_seen.isoformat(),
            "sources": self.sources,
            "articles": [member.to_dict() for member in self.articles],
        }


def list_stories(
    connection: Connection,
    *,
    since: datetime | None = None,
    kb_ids: Sequence[str] = (),
    story_ids: Sequence[str] | None = None,
    min_articles: int = 1,
    source: str | None = None,
    event_type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[StorySummary]:
    """Stories, last seen first: active since `since`, naming any of `kb_ids`, among `story_ids`."""
    query = select(stories).where(stories.c.articles >= min_articles)
    if since is not None:
        query = query.where(stories.c.last_seen >= since)
    if story_ids is not None:
        query = query.where(stories.c.id.in_(list(story_ids)))
    if kb_ids:
        members = (
            select(article_profiles.c.story_id)
            .join(entities, entities.c.article_id == article_profiles.c.article_id)
            .where(entities.c.kb_id.in_(list(kb_ids)))
        )
        query = query.where(stories.c.id.in_(members))
    if source is not None:
        from_source = (
            select(article_profiles.c.story_id)
            .join(articles, articles.c.id == article_profiles.c.article_id)
            .where(articles.c.source == source)
        )
        query = query.where(stories.c.id.in_(from_source))
    if event_type is not None:
        with_event = (
            select(article_profiles.c.story_id)
            .join(events, events.c.article_id == article_profiles.c.article_id)
            .where(events.c.type == event_type.upper())
        )
        query = query.where(stories.c.id.in_(with_event))
    query = (
        query.order_by(stories.c.last_seen.desc().nulls_last(), stories.c.id)
        .limit(limit)
        .offset(offset)
    )
    rows = connection.execute(query).all()
    by_story = _members(connection, [row.id for row in rows])
    return [
        StorySummary(
            row.id,
            row.headline,
            row.first_seen,
            row.last_seen,
            json.loads(row.sources),
            tuple(by_story.get(row.id, ())),
        )
        for row in rows
    ]


def _members(connection: Connection, story_ids: Sequence[str]) -> dict[str, list[StoryMember]]:
    found: dict[str, list[StoryMember]] = {}
    for chunk in _chunks(story_ids):
        rows = connection.execute(
            select(
                article_profiles.c.story_id,
                article_profiles.c.copy_of,
                article_profiles.c.copy_similarity,
                article_profiles.c.time,
                articles.c.id,
                articles.c.external_id,
                articles.c.source,
                articles.c.title,
                articles.c.published,
            )
            .join(articles, articles.c.id == article_profiles.c.article_id)
            .where(article_profiles.c.story_id.in_(chunk))
        ).all()
        for row in sorted(rows, key=lambda r: (r.time is None, r.time or datetime.min, r.id)):
            found.setdefault(row.story_id, []).append(
                StoryMember(
                    row.id,
                    row.external_id,
                    row.source,
                    row.title,
                    row.published,
                    row.copy_of,
                    row.copy_similarity,
                )
            )
    return found


def story_ids_starting(connection: Connection, prefix: str) -> list[str]:
    """Up to two story ids beginning with `prefix` (two: the prefix is ambiguous)."""
    query = select(stories.c.id).where(stories.c.id.startswith(prefix, autoescape=True))
    return list(connection.scalars(query.order_by(stories.c.id).limit(2)))


def story_of(connection: Connection, article_id: str) -> str | None:
    """The story an article belongs to."""
    return connection.scalar(
        select(article_profiles.c.story_id).where(article_profiles.c.article_id == article_id)
    )


def top_entities(
    connection: Connection, article_ids: Sequence[str], *, limit: int = 8
) -> list[tuple[str, str, str, int]]:
    """(kb_id, English name, type, articles naming it) of the records the articles name most."""
    rows = connection.execute(
        select(
            entities.c.kb_id,
            func.min(entities.c.name_en).label("name_en"),
            func.min(entities.c.type).label("type"),
            func.count(func.distinct(entities.c.article_id)).label("articles"),
        )
        .where(entities.c.article_id.in_(list(article_ids)), entities.c.type != "MISC")
        .group_by(entities.c.kb_id)
        .order_by(func.count(func.distinct(entities.c.article_id)).desc(), entities.c.kb_id)
        .limit(limit)
    ).all()
    return [(row.kb_id, row.name_en, row.type, row.articles) for row in rows]
