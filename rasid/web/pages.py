"""The dashboard: server-rendered, right-to-left pages over the views the API returns."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from rasid.web import views
from rasid.web.app import page_response, require_read, store_of
from rasid.web.render import EVENT_TYPES_AR, annotated_html

__all__ = ["router", "templates"]

router = APIRouter(dependencies=[Depends(require_read)], include_in_schema=False)
_HERE = Path(__file__).resolve().parent


def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=_HERE / "templates")
    found.env.globals["EVENT_TYPES_AR"] = EVENT_TYPES_AR
    found.env.globals["TYPES_AR"] = {"PERS": "شخص", "ORG": "منظمة", "LOC": "مكان", "MISC": "أخرى"}
    found.env.filters["web_url"] = web_url
    return found


def web_url(value: object) -> str:
    """A link only to an http(s) address: an article's URL is untrusted ("javascript:...")."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else "#"


def _twin(path: str, params: dict[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "", 0) or (k == "offset" and v)}
    return f"/api{path}" + (f"?{urlencode(kept)}" if kept else "")


def _query(request: Request, **changes: Any) -> str:
    params = dict(request.query_params)
    params.update({k: str(v) for k, v in changes.items()})
    return "?" + urlencode({k: v for k, v in params.items() if v not in ("", "None")})


Text = Annotated[str | None, Query(max_length=200)]


@router.get("/", response_class=HTMLResponse)
@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    since: Text = None,
    source: Text = None,
    entity: Text = None,
    type: Text = None,
    min_articles: Annotated[int, Query(ge=1, le=10_000)] = 1,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    params: dict[str, Any] = {"since": since, "source": source, "entity": entity, "type": type,
                              "min_articles": min_articles, "offset": offset}  # fmt: skip
    data = views.stories_view(store_of(request), **params, limit=20)
    sources = sorted(store_of(request).stats().sources)
    return page_response(request, "stories.html", {
        "page": "stories", "data": data, "params": params, "sources": sources,
        "json_url": _twin("/stories", params),
        "next_url": _query(request, offset=data["next_offset"]) if data["next_offset"] else None,
    })  # fmt: skip


@router.get("/stories/{key}", response_class=HTMLResponse)
def story_page(request: Request, key: str) -> HTMLResponse:
    data = views.story_view(store_of(request), key)
    return page_response(request, "story.html", {
        "page": "stories", "story": data, "json_url": f"/api/stories/{data['id']}",
    })  # fmt: skip


@router.get("/articles/{key}", response_class=HTMLResponse)
def article_page(request: Request, key: str) -> HTMLResponse:
    data, document = views.article_view(store_of(request), key)
    related = store_of(request).related(data["id"], limit=6)
    return page_response(request, "article.html", {
        "page": "articles", "article": data, "body": annotated_html(document),
        "related": [hit.to_dict() for hit in related], "json_url": f"/api/articles/{data['id']}",
    })  # fmt: skip


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    type: Annotated[str | None, Query(pattern="^(PERS|ORG|LOC|MISC)?$")] = None,
    name: Text = None,
) -> HTMLResponse:
    counts = store_of(request).entity_counts(type=type or None, name=name or None, limit=100)
    return page_response(request, "entities.html", {
        "page": "entities", "entities": counts, "params": {"type": type, "name": name},
        "json_url": _twin("/entities", {"type": type, "name": name}),
    })  # fmt: skip


@router.get("/entities/{kb_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, kb_id: str) -> HTMLResponse:
    data = views.entity_view(store_of(request), kb_id)
    peak = max((day["articles"] for day in data["by_day"]), default=1)
    return page_response(request, "entity.html", {
        "page": "entities", "entity": data, "peak": peak, "json_url": f"/api/entities/{kb_id}",
    })  # fmt: skip


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request, type: Text = None, since: Text = None, until: Text = None
) -> HTMLResponse:
    params = {"type": type, "since": since, "until": until}
    return page_response(request, "map.html", {
        "page": "map", "params": params, "json_url": _twin("/map", params),
    })  # fmt: skip


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    since: Text = None,
    until: Text = None,
    source: Text = None,
    entity: Text = None,
    type: Text = None,
    story: Text = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    params: dict[str, Any] = {"q": q, "since": since, "until": until, "source": source,
                              "entity": entity, "type": type, "story": story,
                              "offset": offset}  # fmt: skip
    data = views.search_view(store_of(request), **params, limit=20)
    return page_response(request, "search.html", {
        "page": "search", "data": data, "params": params, "json_url": _twin("/search", params),
        "next_url": _query(request, offset=data["next_offset"]) if data["next_offset"] else None,
    })  # fmt: skip
