"""Reading the store for people browsing it: article lists, one entity's page, deleting.

What the dashboard and the REST API need beyond the CLI's queries: articles
newest first with filters and paging, everything known about one
knowledge-base record (how often and when it is mentioned, who it is
mentioned with, its quotes and events), and removing an article with
everything that points at it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from rasid.store import fulltext
from rasid.store.schema import (
    aliases,
    article_profiles,
    articles,
    dates,
    entities,
    events,
    quotes,
    removed_lines,
    repairs,
)
from rasid.store.stories import mark_changed

__all__ = [
    "ArticleRow",
    "EntityPage",
    "PlaceCount",
    "delete_article",
    "entity_page",
    "list_articles",
    "place_counts",
]


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    external_id: str | None
    source: str | None
    title: str | None
    published: str | None
    url: str | None
    story_id: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _article_rows(
    connection: Connection, condition: Sequence[Any], *, limit: int, offset: int = 0
) -> list[ArticleRow]:
    """ArticleRows of the articles meeting `condition`, newest first (undated last)."""
    rows = connection.execute(
        select(
            articles.c.id,
            articles.c.external_id,
            articles.c.source,
            articles.c.title,
            articles.c.published,
            articles.c.url,
            article_profiles.c.story_id,
        )
        .outerjoin(article_profiles, article_profiles.c.article_id == articles.c.id)
        .where(*condition)
        .order_by(articles.c.published_utc.desc().nulls_last(), articles.c.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [ArticleRow(*row) for row in rows]


def list_articles(
    connection: Connection,
    *,
    source: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ArticleRow], int]:
    """Articles newest first (undated last), and how many match in all."""
    condition = []
    if source is not None:
        condition.append(articles.c.source == source)
    if since is not None:
        condition.append(articles.c.published_utc >= since)
    if until is not None:
        condition.append(articles.c.published_utc <= until)
    total = connection.scalar(select(func.count()).select_from(articles).where(*condition)) or 0
    return _article_rows(connection, condition, limit=limit, offset=offset), total


@dataclass(frozen=True, slots=True)
class EntityPage:
    kb_id: str
    name_en: str
    type: str
    description_en: str
    lat: float | None
    lon: float | None
    mentions: int
    forms: list[tuple[str, int]]
    """Arabic forms as written, most frequent first."""
    by_day: list[tuple[str, int]]
    """Articles mentioning it per publication day (UTC), oldest first."""
    together: list[tuple[str, str, str, int]]
    """(kb_id, English name, type, articles shared) of the records named with it."""
    articles: list[ArticleRow] = field(default_factory=list)
    """The latest articles naming it."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kb_id": self.kb_id,
            "name_en": self.name_en,
            "type": self.type,
            "description_en": self.description_en,
            "lat": self.lat,
            "lon": self.lon,
            "mentions": self.mentions,
            "forms": [{"text": text, "mentions": count} for text, count in self.forms],
            "by_day": [{"day": day, "articles": count} for day, count in self.by_day],
            "together": [
                {"kb_id": kb_id, "name_en": name, "type": kind, "articles": count}
                for kb_id, name, kind, count in self.together
            ],
            "articles": [row.to_dict() for row in self.articles],
        }


def entity_page(connection: Connection, kb_id: str, *, limit: int = 30) -> EntityPage | None:
    """Everything the store knows of one record; None when no article names it."""
    mentions = connection.execute(
        select(
            entities.c.name_en,
            entities.c.type,
            entities.c.description_en,
            entities.c.lat,
            entities.c.lon,
            entities.c.text,
            entities.c.article_id,
        ).where(entities.c.kb_id == kb_id)
    ).all()
    if not mentions:
        return None
    first = Counter((m.name_en, m.type, m.description_en, m.lat, m.lon) for m in mentions)
    (name_en, kind, description, lat, lon), _ = first.most_common(1)[0]
    article_ids = sorted({m.article_id for m in mentions})
    days: Counter[str] = Counter()
    for row in connection.execute(
        select(articles.c.published_utc).where(articles.c.id.in_(article_ids))
    ):
        days[row.published_utc.date().isoformat() if row.published_utc else "undated"] += 1
    together = connection.execute(
        select(
            entities.c.kb_id,
            func.min(entities.c.name_en).label("name_en"),
            func.min(entities.c.type).label("type"),
            func.count(func.distinct(entities.c.article_id)).label("shared"),
        )
        .where(entities.c.article_id.in_(article_ids), entities.c.kb_id != kb_id)
        .group_by(entities.c.kb_id)
        .order_by(func.count(func.distinct(entities.c.article_id)).desc(), entities.c.kb_id)
        .limit(20)
    ).all()
    return EntityPage(
        kb_id=kb_id,
        name_en=name_en,
        type=kind,
        description_en=description,
        lat=lat,
        lon=lon,
        mentions=len(mentions),
        forms=Counter(m.text for m in mentions).most_common(8),
        by_day=sorted(days.items()),
        together=[(r.kb_id, r.name_en, r.type, r.shared) for r in together],
        articles=_article_rows(connection, [articles.c.id.in_(article_ids)], limit=limit),
    )


def delete_article(connection: Connection, article_id: str) -> bool:
    """Remove an article, its records, profile and index entry; stories are redone after it."""
    profile = connection.execute(
        select(article_profiles.c.id, article_profiles.c.time).where(
            article_profiles.c.article_id == article_id
        )
    ).first()
    if profile is not None:
        fulltext.unindex(connection, profile.id)
        mark_changed(connection, profile.time)
    for table in (
        quotes,
        events,
        entities,
        dates,
        removed_lines,
        repairs,
        aliases,
        article_profiles,
    ):
        connection.execute(delete(table).where(table.c.article_id == article_id))
    return connection.execute(delete(articles).where(articles.c.id == article_id)).rowcount > 0


@dataclass(frozen=True, slots=True)
class PlaceCount:
    kb_id: str
    name_en: str
    text: str
    lat: float
    lon: float
    mentions: int
    articles: int


def place_counts(connection: Connection, *, limit: int = 300) -> list[PlaceCount]:
    """The places the store names that have coordinates, most mentioned first."""
    rows = connection.execute(
        select(
            entities.c.kb_id,
            func.min(entities.c.name_en).label("name_en"),
            func.min(entities.c.text).label("text"),
            func.min(entities.c.lat).label("lat"),
            func.min(entities.c.lon).label("lon"),
            func.count().label("mentions"),
            func.count(func.distinct(entities.c.article_id)).label("articles"),
        )
        .where(entities.c.lat.is_not(None), entities.c.lon.is_not(None))
        .group_by(entities.c.kb_id)
        .order_by(func.count().desc(), entities.c.kb_id)
        .limit(limit)
    ).all()
    return [PlaceCount(*row) for row in rows]
