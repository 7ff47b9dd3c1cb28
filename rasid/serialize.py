"""Plain JSON-ready views of documents, shared by the CLI, exports and (later) the API."""

from __future__ import annotations

from typing import Any

from rasid.model import Document

__all__ = ["ANNOTATION_LAYERS", "document_to_dict"]

#: Layers every document view lists, empty until the stage that fills them runs.
ANNOTATION_LAYERS: tuple[str, ...] = ("entities", "quotes", "dates", "events")


def document_to_dict(document: Document) -> dict[str, Any]:
    """The documented JSON shape of one analysed article (`rasid analyze --format json`)."""
    article = document.article
    view: dict[str, Any] = {
        "id": document.id,
        "external_id": article.external_id,
        "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "title": document.title,
        "text": document.text,
        "removed": [{"line": r.line, "reason": r.reason, "text": r.text} for r in document.removed],
        "repairs": [
            {"raw": r.raw, "fixed": r.fixed, "start": r.start, "end": r.end}
            for r in document.repairs
        ],
    }
    for name in ANNOTATION_LAYERS:
        view[name] = [record.to_dict() for record in document.layer(name)]
    return view
