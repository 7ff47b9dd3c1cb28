"""The web application: the REST API under /api and the dashboard, over one store.

`create_app` builds a FastAPI app for a database. Reads are open unless
`protect_reads` is set; writes (ingest, delete) are off unless a token is
configured (`RASID_API_TOKEN`), and then need it, as `Authorization: Bearer
TOKEN` or `X-API-Token: TOKEN` (a browser can also present it once as
`?token=`, which sets a cookie). Errors under /api are JSON
`{"error": {"status", "message"}}`; a request body larger than
`max_body_bytes` is refused with 413 before it is read.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasid import __version__
from rasid.errors import ArticleNotFound, RasidError, StoreError
from rasid.settings import Options
from rasid.store import SqlStore, open_store

__all__ = ["WebSettings", "create_app"]

_HERE = Path(__file__).resolve().parent
_COOKIE = "rasid_token"


@dataclass(frozen=True, slots=True)
class WebSettings:
    db: str
    token: str | None = None
    """Writes need it; without it, writes are off."""
    protect_reads: bool = False
    """Reads need the token too."""
    max_body_bytes: int = 5 * 2**20
    options: Options = field(default_factory=Options)

    @classmethod
    def from_environment(cls, db: str, **overrides: Any) -> WebSettings:
        token = os.environ.get("RASID_API_TOKEN") or None
        reads = os.environ.get("RASID_API_PROTECT_READS", "").lower() in ("1", "true", "yes")
        values: dict[str, Any] = {"db": db, "token": token, "protect_reads": reads}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _presented(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    found = request.headers.get("x-api-token") or request.cookies.get(_COOKIE)
    if found is None and not _wants_json(request):  # a browser's first visit: ?token=
        found = request.query_params.get("token")
    return found


def _matches(settings: WebSettings, presented: str | None) -> bool:
    return (
        settings.token is not None
        and presented is not None
        and hmac.compare_digest(presented.encode(), settings.token.encode())
    )


def require_write(request: Request) -> None:
    settings: WebSettings = request.app.state.settings
    if settings.token is None:
        raise HTTPException(403, "writes are off: start the server with RASID_API_TOKEN set")
    if not _matches(settings, _presented(request)):
        raise HTTPException(401, "this needs the API token (Authorization: Bearer TOKEN)")


def require_read(request: Request) -> None:
    settings: WebSettings = request.app.state.settings
    if settings.protect_reads and not _matches(settings, _presented(request)):
        raise HTTPException(401, "reading needs the API token (Authorization: Bearer TOKEN)")


def store_of(request: Request) -> SqlStore:
    store: SqlStore = request.app.state.store
    return store


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def create_app(settings: WebSettings) -> FastAPI:
    """The app over `settings.db` (created and migrated if it does not exist)."""
    from rasid.web import api, pages

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    store = open_store(settings.db)
    app = FastAPI(
        lifespan=lifespan,
        title="rasid",
        version=__version__,
        description="Arabic news as structured, searchable knowledge: articles, entities, "
        "quotes, events, stories and search. Every dashboard page has a JSON twin here.",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.templates = pages.templates()
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Response:
        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return _error(request, 400, "Content-Length is not a number")
            if int(length) > settings.max_body_bytes:
                return _error(request, 413, f"request body over {settings.max_body_bytes} bytes")
        response: Response = await call_next(request)
        return response

    @app.middleware("http")
    async def token_cookie(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        offered = request.query_params.get("token")
        if offered and _matches(settings, offered) and not _wants_json(request):
            response.set_cookie(_COOKIE, offered, httponly=True, samesite="strict")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in problem.get('loc', ()))}: {problem.get('msg', '')}"
            for problem in error.errors()
        )
        return _error(request, 422, problems or "invalid request")

    @app.exception_handler(ArticleNotFound)
    async def not_found(request: Request, error: ArticleNotFound) -> Response:
        return _error(request, 404, str(error))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> Response:
        return _error(request, 400, str(error))

    @app.exception_handler(RasidError)
    async def rasid_error(request: Request, error: RasidError) -> Response:
        return _error(request, 400, str(error))

    return app


def page_response(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, template, context)
    return response
