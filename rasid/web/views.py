"""The data behind each dashboard page, as the JSON its /api twin returns.

Each function takes the store and the request's parameters and returns
plain dicts and lists; `rasid.web.api` returns them as they are and
`rasid.web.pages` renders them, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from fastapi import HTTPException

from rasid.export import geojson
from rasid.model import Document
from rasid.serialize import document_to_dict
from rasid.store import SqlStore
from rasid.store.search import SearchFilters

__all__ = [
    "article_view",
    "entity_view",
    "map_view",
    "parse_day",
    "search_view",
    "stories_view",
    "story_view",
]


def parse_day(value: str | None, name: str, *, end: bool = False) -> datetime | None:
    """A `YYYY-MM-DD` (or ISO 8601) parameter as naive UTC; 422 when it is not a date."""
    if value is None or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(422, f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None
    if moment.tzinfo is not None:
        from rasid.store.base import utc_naive

        moment = utc_naive(moment) or moment
    if end and len(value.strip()) <= 10:
        moment = datetime.combine(moment.date(), time.max)
    return moment


def entity_ids(name: str | None) -> list[str]:
    """The kb ids a name or kb id stands for; 404 when none."""
    if not name or not name.strip():
        return []
    from rasid.kb import default_kb

    kb = default_kb()
    name = name.strip()
    if kb.get(name) is not None or name.startswith("new:"):
        return [name]
    found = [c.record.id for c in kb.search(name, limit=5) if c.score >= 90.0]
    if not found:
        raise HTTPException(404, f"entity: no knowledge-base record is named {name!r}")
    return found


def stories_view(
    store: SqlStore,
    *,
    since: str | None = None,
    source: str | None = None,
    entity: str | None = None,
    type: str | None = None,
    min_articles: int = 1,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    store.update_stories()
    found = store.stories(
        since=parse_day(since, "since"),
        kb_ids=entity_ids(entity),
        source=source or None,
        event_type=type or None,
        min_articles=min_articles,
        limit=limit,
        offset=offset,
    )
    items = []
    for story in found:
        view = story.to_dict()
        view["entities"] = _names(store.story_entities([m.id for m in story.articles])[:6])
        items.append(view)
    return _page(items, limit, offset)


def _page(items: list[Any], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {
        "items": items,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(items) == limit else None,
        **extra,
    }


def _names(rows: Sequence[tuple[str, str, str, int]]) -> list[dict[str, Any]]:
    return [
        {"kb_id": kb_id, "name_en": name, "type": kind, "articles": count}
        for kb_id, name, kind, count in rows
    ]


def story_view(store: SqlStore, key: str) -> dict[str, Any]:
    store.update_stories()
    story = store.story(key)
    ids = [member.id for member in story.articles]
    view = story.to_dict()
    view["entities"] = _names(store.story_entities(ids))
    events = [
        {"article_id": hit.article_id, "published": _iso(hit.published), **hit.event.to_dict()}
        for hit in store.events(article_ids=ids)
    ]
    quotes = [
        {"article_id": hit.article_id, "published": hit.published, **hit.quote.to_dict()}
        for hit in store.quotes(article_ids=ids, limit=500)
    ]
    timeline = [
        {"kind": "event", "when": e["date"] or (e["published"] or "")[:10], "item": e}
        for e in events
    ] + [{"kind": "quote", "when": (q["published"] or "")[:10], "item": q} for q in quotes]
    timeline.sort(key=lambda entry: (entry["when"] or "9999", entry["kind"]))
    view["events"], view["quotes"], view["timeline"] = events, quotes, timeline
    return view


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def article_view(store: SqlStore, key: str) -> tuple[dict[str, Any], Document]:
    stored = store.get(key)
    view = document_to_dict(stored.document)
    view["id"] = stored.id
    view["external_ids"] = list(stored.external_ids)
    view["revision"] = stored.revision
    view["story_id"] = store.story_id_of(stored.id)
    return view, stored.document


def entity_view(store: SqlStore, kb_id: str) -> dict[str, Any]:
    page = store.entity(kb_id)
    view = page.to_dict()
    view["quotes"] = [
        {"article_id": hit.article_id, "published": hit.published, **hit.quote.to_dict()}
        for hit in store.quotes(kb_ids=[kb_id], limit=50)
    ]
    article_ids = [row.id for row in page.articles]
    view["events"] = [
        {"article_id": hit.article_id, "published": _iso(hit.published), **hit.event.to_dict()}
        for hit in store.events(article_ids=article_ids)
        if any(p.kb_id == kb_id for p in (*hit.event.actors, *hit.event.targets))
    ]
    return view


def map_view(
    store: SqlStore,
    *,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    """Events with a place as GeoJSON points, and the places named, with their mentions."""
    from rasid.export import select_events

    first, last = parse_day(since, "since"), parse_day(until, "until")
    hits = select_events(
        store.events(type=type.upper() if type else None),
        since=first.date() if first else None,
        until=last.date() if last else None,
    )
    events = geojson(hits)
    places = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "kb_id": place.kb_id,
                "name_en": place.name_en,
                "text": place.text,
                "mentions": place.mentions,
                "articles": place.articles,
            },
        }
        for place in store.place_counts(limit=300)
    ]
    return {"events": events, "places": {"type": "FeatureCollection", "features": places}}


def search_view(
    store: SqlStore,
    *,
    q: str = "",
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    entity: str | None = None,
    type: str | None = None,
    story: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    filters = SearchFilters(
        since=parse_day(since, "since"),
        until=parse_day(until, "until", end=True),
        source=source or None,
        kb_ids=entity_ids(entity),
        event_type=type or None,
        story=story or None,
    )
    if not q.strip() and not filters.any():
        return _page([], limit, offset, query=q)
    hits = store.search(q, filters, limit=limit, offset=offset)
    return _page([hit.to_dict() for hit in hits], limit, offset, query=q)
