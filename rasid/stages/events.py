"""The events stage: who did what to whom, where and when (rasid.events)."""

from __future__ import annotations

from rasid.events import find_events
from rasid.kb.index import default_kb
from rasid.model import Document, Entity, Quote, TimeExpression
from rasid.pipeline import register_stage

__all__ = ["events"]


@register_stage("events", requires=("entities", "quotes", "dates"), assigns=("events",))
def events(document: Document) -> Document:
    """PLOVER-typed events with linked actors and targets, place, date and modality."""
    published = document.article.published
    found = find_events(
        document.text,
        document.records(Entity),
        quotes=document.records(Quote),
        dates=document.records(TimeExpression),
        published=published.date() if published else None,
        title=document.title,
        kb=default_kb(),
    )
    return document.with_records(*found)
