"""Where an event happened: the place named after a place preposition or a place
noun, the narrowest first, with a direction when the text gives one."""

from __future__ import annotations

from collections.abc import Sequence

from rasid.events.lexicon import PLACE_NOUNS, PLACE_PREPOSITIONS
from rasid.events.sentence import Mention, Sentence, forms
from rasid.kb.index import match_key

__all__ = [
    "DIRECTIONS",
    "after_preposition",
    "choose_place",
    "direction",
    "not_place_phrase",
    "place_noun_kind",
]

DIRECTIONS = {
    match_key(word): english
    for word, english in (
        ("شمال", "north"), ("شمالي", "north"), ("جنوب", "south"), ("جنوبي", "south"),
        ("شرق", "east"), ("شرقي", "east"), ("غرب", "west"), ("غربي", "west"),
    )
}  # fmt: skip
_FROM = frozenset((match_key("من"),))
#: How wide a kind of place is: the narrowest place named is the event's.
_BREADTH = {"landmark": 0, "city": 0, "crossing": 0, "base": 0, "camp": 0, "road": 0,
            "region": 1, "admin1": 2, "capital": 0, "country": 3}  # fmt: skip


def after_preposition(keys: Sequence[str], start: int, *, state: bool = False) -> bool:
    """Is the name at `start` told as a place: after a place preposition or a place
    noun, directions aside? "في سوريا"، "في شمال غربي سوريا"، "بريف دير الزور"،
    "بلدة ذيبان"."""
    index = start - 1
    while index >= 0 and keys[index] in DIRECTIONS:
        index -= 1
    if index >= 0 and keys[index] not in PLACE_NOUNS:
        noun = next((f for f in forms(keys[index])[1:] if f in PLACE_NOUNS), None)
        if noun is not None:  # "بريف"، "لبلدة": the preposition is on the place noun
            return True
    if index >= 0 and keys[index] in PLACE_NOUNS:
        return True  # "قصفت بلدة كفرنبل": a place noun says the name is a place
    if index < 0:
        return False
    found = set(forms(keys[index])) & PLACE_PREPOSITIONS
    if state and found <= _FROM:
        return False  # "المقربة من إيران"، "وفد من روسيا": a state after "من" is not where
    return bool(found)


def place_noun_kind(keys: Sequence[str], start: int) -> str | None:
    """The kind of place the noun right before `start` names ("معبر" -> crossing)."""
    if start == 0:
        return None
    return next((PLACE_NOUNS[f] for f in forms(keys[start - 1]) if f in PLACE_NOUNS), None)


def not_place_phrase(keys: Sequence[str], mention: Mention) -> bool:
    """A country after "في" is where, not whom: "في سوريا", "في شمال غربي سوريا"."""
    return mention.place is None or not after_preposition(
        keys, mention.start, state=mention.participant is not None
    )


def _told_as_place(keys: Sequence[str], mention: Mention) -> bool:
    return after_preposition(keys, mention.start, state=mention.participant is not None)


def _breadth(mention: Mention, keys: Sequence[str]) -> int:
    if mention.place_kind is not None:
        return _BREADTH.get(mention.place_kind, 1)
    if place_noun_kind(keys, mention.start) == "admin1":
        return _BREADTH["admin1"]  # "ريف إدلب"، "محافظة إدلب": the governorate, not the town
    return _BREADTH.get(mention.place.kind if mention.place else "", 1)


def choose_place(sentence: Sentence, end: int, used: Sequence[Mention]) -> Mention | None:
    """The sentence's place for a trigger ending at `end`: after a preposition first,
    then the narrowest, then the nearest; None when the sentence names none."""
    keys = sentence.keys
    candidates = [m for m in sentence.mentions if m.place is not None and m not in used]
    # Towns and regions; a capital or a country only where a preposition makes it a
    # place ("في موسكو"), not an actor ("موسكو وأنقرة").
    specific = [m for m in candidates if m.participant is None or _told_as_place(keys, m)]
    ranked = sorted(
        specific or candidates,
        key=lambda m: (
            not _told_as_place(keys, m),
            _breadth(m, keys),
            m.place_kind is not None,  # a known place before an unknown one as wide
            abs(m.start - end),
        ),
    )
    return ranked[0] if ranked else None


def direction(keys: Sequence[str], start: int) -> str | None:
    """ "شمال غربي سوريا" -> "north-west"; "شرق حلب" -> "east"."""
    words: list[str] = []
    index = start - 1
    while index >= 0 and index >= start - 2 and keys[index] in DIRECTIONS:
        words.insert(0, DIRECTIONS[keys[index]])
        index -= 1
    return "-".join(words) if words else None
