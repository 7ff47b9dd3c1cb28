"""A sentence as the event finder reads it: tokens, their matching forms, and the
participants and places found in it by token index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rasid.model import Entity, Participant
from rasid.text.tokens import Token

__all__ = ["Mention", "Sentence", "definite", "forms"]


@dataclass(slots=True)
class Mention:
    """A participant or a place found in a sentence, by token index."""

    start: int
    end: int
    participant: Participant | None = None
    place: Entity | None = None
    entity: Entity | None = None
    place_kind: str | None = None
    """For a place the knowledge base lacks, the kind the noun before it names."""


@dataclass(slots=True)
class Sentence:
    tokens: Sequence[Token]
    keys: list[str]
    mentions: list[Mention] = field(default_factory=list)


@lru_cache(maxsize=1 << 16)  # asked of every word of every sentence, and words recur
def forms(key: str) -> tuple[str, ...]:
    """A token's matching form and its readings without و/ف, ب/ل and the article."""
    found = [key]
    rest = key
    if rest[:1] in ("و", "ف") and len(rest) > 3:
        rest = rest[1:]
        found.append(rest)
    if rest[:1] in ("ب", "ل") and len(rest) > 3:
        rest = rest[1:]
        found.append(rest)
    if rest.startswith("ال") and len(rest) > 4:
        found.append(rest[2:])
    return tuple(found)


def definite(key: str) -> bool:
    """Does the word carry the article ("الاعتصام"، "والقصف"، "للاتفاق")?"""
    rest = key[1:] if key[:1] in ("و", "ف") and len(key) > 3 else key
    if rest.startswith("لل") and len(rest) > 4:
        return True
    rest = rest[1:] if rest[:1] in ("ب", "ل", "ك") and len(rest) > 3 else rest
    return rest.startswith("ال") and len(rest) > 4
