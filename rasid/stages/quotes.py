"""The quotes stage: who said what, through which channel (rasid.quotes)."""

from __future__ import annotations

from rasid.model import Document, Entity
from rasid.pipeline import register_stage
from rasid.quotes import find_quotes

__all__ = ["quotes"]


@register_stage("quotes", requires=("text", "entities"), assigns=("quotes",))
def quotes(document: Document) -> Document:
    """Direct and reported speech with linked speakers, cues and channels."""
    found = find_quotes(document.text, document.records(Entity), title=document.title)
    return document.with_records(*found)
