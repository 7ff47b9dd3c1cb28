"""Who takes part in an event: unnamed collectives ("الجماعات المسلحة"), nisbas that
describe a person or a collective rather than stand alone, and groups of names
joined by "و"."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from rasid.events.lexicon import COLLECTIVES
from rasid.events.sentence import Mention, forms
from rasid.model import Participant

__all__ = ["COLLECTIVE_HEADS", "collective", "describes", "describes_person", "group", "unique"]

_AND = "و"
#: First words of the collectives: most words are none, and need no closer look.
COLLECTIVE_HEADS = frozenset(phrase[0] for phrase in COLLECTIVES)


@cache
def _collectives_by_head() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, english in sorted(COLLECTIVES.items(), key=lambda item: -len(item[0])):
        table.setdefault(phrase[0], []).append((phrase, english))
    return table


def collective(keys: Sequence[str], index: int, head: str) -> tuple[int, str] | None:
    """An unnamed collective ("الجماعات المسلحة") starting at `index`, read as `head`."""
    for phrase, english in _collectives_by_head().get(head, ()):
        window = keys[index + 1 : index + len(phrase)]
        if len(window) == len(phrase) - 1 and all(
            word in forms(key) for word, key in zip(phrase[1:], window, strict=True)
        ):
            return len(phrase), english
    return None


def describes_person(mention: Mention, people: Sequence[Mention]) -> bool:
    """A nisba right before a person's name: "الرئيس التركي رجب طيب أردوغان" is one actor."""
    entity = mention.entity
    if entity is None or entity.type != "MISC" or entity.link != "demonym":
        return False
    return any(0 <= person.start - mention.end <= 2 for person in people)


def describes(mention: Mention, collectives: Sequence[Mention]) -> bool:
    """A nisba right after an unnamed collective: "قوات النظام السوري" is one actor."""
    entity = mention.entity
    if entity is None or entity.type != "MISC" or entity.link != "demonym":
        return False
    return any(c.end == mention.start for c in collectives)


def group(
    mentions: list[Mention], keys: Sequence[str], *, backwards: bool = False
) -> list[Mention]:
    """The first participant and those joined to it by "و" ("روسيا وتركيا")."""
    if not mentions:
        return []
    group = [mentions[0]]
    for mention in mentions[1:]:
        previous = group[-1]
        gap_start, gap_end = (
            (mention.end, previous.start) if backwards else (previous.end, mention.start)
        )
        gap = keys[gap_start:gap_end]
        # Side by side without "و" only nisbas go together ("الروسية التركية"); after a
        # verb, two names are its subject and its object: "دعا الاتحاد الأوروبي روسيا".
        adjacent = gap_end == gap_start and all(
            m.entity is not None and m.entity.link == "demonym" for m in (mention, previous)
        )
        joined = adjacent or (len(gap) <= 2 and bool(gap) and all(k in ("", _AND) for k in gap))
        joined = joined or keys[mention.start if not backwards else previous.start][:1] == _AND
        # "التركي رجب طيب أردوغان والروسي فلاديمير بوتين": "و" on the second one's nisba.
        joined = joined or (len(gap) == 1 and gap[0][:1] == _AND and gap[0].endswith("ي"))
        if not joined or gap_end - gap_start > 2:
            break
        group.append(mention)
    return group


def unique(mentions: Sequence[Mention]) -> tuple[Participant, ...]:
    result: list[Participant] = []
    for mention in mentions:
        found = mention.participant
        if found is not None and all(
            (p.kb_id, p.name_en) != (found.kb_id, found.name_en) for p in result
        ):
            result.append(found)
    return tuple(result)
