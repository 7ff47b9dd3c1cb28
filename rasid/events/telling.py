"""How a sentence tells an event: made or only named, new or told again, halted,
denied, planned or reported. Each rule reads the words around the trigger."""

from __future__ import annotations

from collections.abc import Sequence

from rasid.events.lexicon import (
    AGREEMENT_MAKING,
    AGREEMENT_NOUNS,
    COMPLEMENTIZERS,
    FUTURE,
    FUTURE_AFTER,
    HOPES,
    NAMING_HEADS,
    NEGATIONS,
    ONGOING,
    RESUMPTION,
    SUSPENSION,
    Trigger,
    triggers,
)
from rasid.events.sentence import Sentence, definite, forms
from rasid.kb.index import match_key
from rasid.model import Event

__all__ = ["agreement_named", "halting", "modality", "only_named", "retold"]


def retold(event: Event, earlier: Sequence[Event], sentence: Sentence) -> bool:
    """Is `event` one already logged, told again? "the sit-in" ("الاعتصام") after a
    sit-in was reported is that sit-in: a trigger with the article names a happening
    the reader knows, when one of its type (and, for attacks, its means) came before."""
    if event.modality in ("suspended", "resumed") or not definite(
        match_key(event.trigger.split()[0])
    ):
        return False  # "علقتا الدوريات": a halt is news of its own
    following = next(
        (i for i, t in enumerate(sentence.tokens) if t.start >= event.trigger_end), None
    )
    if following is not None and sentence.keys[following] in ("مع", "بين"):
        return False  # "تم بالتنسيق مع الجانب الروسي": its parties named afresh
    return any(
        e.type == event.type and (e.type != "ASSAULT" or event.mode in (None, e.mode))
        for e in earlier
    )


def only_named(
    keys: Sequence[str],
    start: int,
    end: int,
    trigger: Trigger,
    earlier: Sequence[tuple[int, int, Trigger]],
    clause_start: int,
) -> bool:
    """Does the sentence name the event without telling it happen? "منظمي الاعتصام"
    (the sit-in's organisers), "آمال في التوصل إلى اتفاق" (hopes of one), "دعا إلى
    الإفراج عن المحتجزين" (what a call asks for), "لم تعلّق ... على" (commenting),
    "عمليات اغتيال متكررة" (a condition, not a happening)."""
    if set(keys[end : end + 2]) & ONGOING:
        return True
    if start > 0 and set(forms(keys[start - 1])) & NAMING_HEADS:
        return True
    for key in reversed(keys[max(0, start - 5) : start]):
        if key in COMPLEMENTIZERS:
            break  # "يأمل السكان أن تسفر القمة ...": the summit itself is news
        if set(forms(key)) & HOPES:
            return True
    if (
        trigger.type != "REQUEST"
        and any(t.type == "REQUEST" and s >= clause_start for s, _, t in earlier)
        and (definite(keys[start]) or set(forms(keys[start])) & AGREEMENT_NOUNS)
    ):
        return True
    return (
        trigger.type == "SANCTION"
        and trigger.mode == "suspension"
        and not definite(keys[start])
        and "على" in keys[end : end + 4]
    )


def agreement_named(
    keys: Sequence[str], start: int, end: int, found: Sequence[tuple[int, int, Trigger]]
) -> bool:
    """Is an agreement noun only named ("الاتفاق"، "الهدنة") rather than made? It is made
    when a verb of agreeing is its trigger or stands near it ("الموقع"، "توصلا إلى")."""
    if not set(forms(keys[start])) & AGREEMENT_NOUNS:
        return False  # a verb: "اتفقا"، "وقعت"
    window = [form for key in keys[max(0, start - 4) : end + 4] for form in forms(key)]
    return not any(word in AGREEMENT_MAKING for word in window)


def halting(keys: Sequence[str], start: int) -> str | None:
    """suspended / resumed when such a verb stands just before the trigger."""
    for key in keys[max(0, start - 3) : start]:
        readings = set(forms(key))
        if readings & SUSPENSION:
            return "suspended"
        if readings & RESUMPTION:
            return "resumed"
    return None


def modality(
    keys: Sequence[str],
    start: int,
    end: int,
    halted: str | None,
    *,
    reported: bool,
    speech_act: bool,
    future_date: bool,
) -> str:
    """negated, suspended/resumed, planned, reported or asserted. A future act is
    planned even when someone reports it ("أعلن أن لبنان سيعلّق"، "القمة المرتقبة"،
    dated "الخميس المقبل"); a call, an accusation or a welcome is asserted even in a
    quotation: saying it is the act."""
    window = [form for key in keys[max(0, start - 3) : start] for form in forms(key)]
    if any(word in NEGATIONS for word in window):
        return "negated"
    if halted:
        return halted
    own = forms(keys[start])[-1]
    table = triggers()
    future_verb = own[:1] == "س" and (own[1:] in table or (own not in table and own[1:2] in "يتن"))
    following = [form for key in keys[end : end + 2] for form in forms(key)]
    if (
        future_date
        or future_verb
        or any(word in FUTURE for word in window)
        or any(word in FUTURE_AFTER for word in following)
    ):
        return "planned"
    return "reported" if reported and not speech_act else "asserted"
