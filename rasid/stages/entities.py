"""The entities stage: tag names in the clean text and link them to the knowledge base."""

from __future__ import annotations

from rasid.kb.index import default_kb
from rasid.kb.linker import Linker
from rasid.model import Document
from rasid.ner.tagger import default_tagger
from rasid.pipeline import register_stage
from rasid.text.tokens import sentences

__all__ = ["entities"]


@register_stage("entities", requires=("text",), assigns=("entities",))
def entities(document: Document) -> Document:
    """Named entities with their knowledge-base records, English names and coordinates."""
    found = sentences(document.text)
    tags = default_tagger().tag_many([[token.text for token in sentence] for sentence in found])
    linked = Linker(default_kb()).entities(document.text, found, tags)
    return document.with_records(*linked)
