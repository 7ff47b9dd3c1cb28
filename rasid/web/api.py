"""The REST API: JSON twins of the dashboard's pages, and ingest and delete behind a token."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from rasid.web import views
from rasid.web.app import WebSettings, require_read, require_write, store_of

__all__ = ["router"]

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)])

Limit = Annotated[int, Query(ge=1, le=200, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
Day = Annotated[str | None, Query(description="A day, YYYY-MM-DD (UTC).", max_length=40)]
Name = Annotated[str | None, Query(max_length=200)]


@router.get("/stories", summary="Stories, last seen first (the dashboard's stories page)")
def stories(
    request: Request,
    since: Day = None,
    source: Name = None,
    entity: Annotated[
        str | None, Query(max_length=200, description="kb id or any spelling")
    ] = None,
    type: Annotated[str | None, Query(max_length=16, description="PLOVER event type")] = None,
    min_articles: Annotated[int, Query(ge=1, le=10_000)] = 1,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    return views.stories_view(
        store_of(request), since=since, source=source, entity=entity, type=type,
        min_articles=min_articles, limit=limit, offset=offset,
    )  # fmt: skip


@router.get("/stories/{key}", summary="One story with its articles, names and timeline")
def story(request: Request, key: str) -> dict[str, Any]:
    return views.story_view(store_of(request), key)


@router.get("/articles", summary="Articles, newest first")
def articles(
    request: Request,
    source: Name = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows, total = store_of(request).articles(
        source=source or None,
        since=views.parse_day(since, "since"),
        until=views.parse_day(until, "until", end=True),
        limit=limit,
        offset=offset,
    )
    page = views._page([row.to_dict() for row in rows], limit, offset, total=total)
    return page


@router.get("/articles/{key}", summary="One article with every annotation (the article page)")
def article(request: Request, key: str) -> dict[str, Any]:
    view, _ = views.article_view(store_of(request), key)
    return view


@router.get("/articles/{key}/related", summary="The articles most like this one")
def related(request: Request, key: str, limit: Limit = 10) -> list[dict[str, Any]]:
    return [hit.to_dict() for hit in store_of(request).related(key, limit=limit)]


@router.get("/entities", summary="Entities in the store, most mentioned first")
def entities(
    request: Request,
    type: Annotated[str | None, Query(pattern="^(PERS|ORG|LOC|MISC)$")] = None,
    name: Name = None,
    limit: Limit = 50,
) -> list[dict[str, Any]]:
    counts = store_of(request).entity_counts(type=type, name=name or None, limit=limit)
    return [
        {"kb_id": c.kb_id, "name_en": c.name_en, "type": c.type, "mentions": c.mentions,
         "articles": c.articles, "text": c.text}
        for c in counts
    ]  # fmt: skip


@router.get("/entities/{kb_id:path}", summary="One entity: mentions over time, quotes, events")
def entity(request: Request, kb_id: str) -> dict[str, Any]:
    return views.entity_view(store_of(request), kb_id)


@router.get("/quotes", summary="Quotes, newest articles first")
def quotes(request: Request, speaker: Name = None, limit: Limit = 50) -> list[dict[str, Any]]:
    kb_ids: list[str] = []
    if speaker:
        try:
            kb_ids = views.entity_ids(speaker)
        except HTTPException:
            kb_ids = []
    hits = store_of(request).quotes(speaker=speaker or None, kb_ids=kb_ids, limit=limit)
    return [
        {"article_id": h.article_id, "title": h.title, "published": h.published,
         "source": h.source, **h.quote.to_dict()}
        for h in hits
    ]  # fmt: skip


@router.get("/events", summary="Events as GeoJSON-ready records, oldest first")
def events(
    request: Request,
    type: Annotated[str | None, Query(max_length=16)] = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> dict[str, Any]:
    found = views.map_view(store_of(request), type=type, since=since, until=until)
    points = found["events"]["features"][offset : offset + limit]
    items = [feature["properties"] for feature in points]
    return views._page(items, limit, offset)


@router.get("/map", summary="The map page's data: events and places as GeoJSON")
def map_data(
    request: Request,
    type: Annotated[str | None, Query(max_length=16)] = None,
    since: Day = None,
    until: Day = None,
) -> dict[str, Any]:
    return views.map_view(store_of(request), type=type, since=since, until=until)


@router.get("/search", summary="Search (the search page)")
def search(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    since: Day = None,
    until: Day = None,
    source: Name = None,
    entity: Name = None,
    type: Annotated[str | None, Query(max_length=16)] = None,
    story: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    return views.search_view(
        store_of(request), q=q, since=since, until=until, source=source, entity=entity,
        type=type, story=story, limit=limit, offset=offset,
    )  # fmt: skip


_ARTICLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "properties": {
        name: {"type": "string"}
        for name in ("text", "title", "id", "source", "url", "published", "author")
    },
}


@router.post(
    "/articles",
    summary="Ingest one article or a list (JSON objects with at least `text`); needs the token",
    dependencies=[Depends(require_write)],
    status_code=200,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            _ARTICLE_SCHEMA,
                            {"type": "array", "items": _ARTICLE_SCHEMA, "maxItems": 1000},
                        ]
                    }
                }
            },
        }
    },
)
async def ingest(request: Request) -> dict[str, Any]:
    settings: WebSettings = request.app.state.settings
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > settings.max_body_bytes:
            raise HTTPException(413, f"request body over {settings.max_body_bytes} bytes")
    try:
        payload = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise HTTPException(400, f"the body is not JSON: {error}") from None
    records = payload if isinstance(payload, list) else [payload]
    if not records or len(records) > 1000:
        raise HTTPException(400, "send one article object or a list of 1 to 1000")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_ingest_records, request, records)


def _ingest_records(request: Request, records: list[Any]) -> dict[str, Any]:
    from rasid.errors import InputError
    from rasid.ingest import pipeline_for
    from rasid.model import Document
    from rasid.readers.jsonl import article_from_record

    settings: WebSettings = request.app.state.settings
    options = settings.options
    store = store_of(request)
    results: list[dict[str, Any]] = []
    articles = []
    for number, record in enumerate(records):
        try:
            articles.append((number, article_from_record(
                record, f"request[{number}]", fields=options.jsonl_fields,
                max_bytes=options.max_article_bytes,
            )))  # fmt: skip
        except InputError as error:
            results.append({"index": number, "status": "failed", "error": str(error)})
    analysed = pipeline_for(options).run_many([article for _, article in articles])
    documents = []
    for (number, _), outcome in zip(articles, analysed, strict=True):
        if isinstance(outcome, Document):
            documents.append((number, outcome))
        else:
            results.append({"index": number, "status": "failed", "error": str(outcome)})
    if documents:
        for (number, _), put in zip(documents, store.put([d for _, d in documents]), strict=True):
            results.append({"index": number, "id": put.id, "status": put.status})
        store.update_stories()
    results.sort(key=lambda row: row["index"])
    return {"results": results}


@router.delete(
    "/articles/{key}",
    summary="Delete an article and everything found in it; needs the token",
    dependencies=[Depends(require_write)],
)
def delete(request: Request, key: str) -> dict[str, Any]:
    return {"deleted": store_of(request).delete(key)}
