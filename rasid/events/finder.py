"""Events: who did what to whom, where and when, one sentence at a time.

1. Triggers come from rasid/events/triggers.tsv (PLOVER type and mode per
   word or phrase), matched in matching spelling with clitics taken off;
   longest phrase first, one event per trigger.
2. A suspension or resumption verb before another trigger is that event's
   modality, not an event of its own: "علقتا الدوريات المشتركة" is joint
   patrols (COOPERATE), suspended.
3. Participants are the sentence's linked entities (people, organisations,
   countries and capitals as their country, nisba adjectives as their
   country, "القوات التركية" as Turkey's armed forces) and unnamed
   collectives ("الجماعات المسلحة"); outlets never act. In the trigger's
   clause (which ends at a comma and at the "أن"/"إن" of reported speech),
   those before it are the actors; after it, the first group after a verb is
   the actor and the rest are targets; "بين X و Y" makes both actors, "مع X" a
   partner. With none, the first clause's subject goes on acting, and "the
   two sides" of a joint act are the last joint act's parties.
4. The place is the sentence's place told as a place ("في إدلب"، "بلدة
   النيرب"), the narrowest first (rasid/events/places.py), else the last place
   a sentence gave an event of its type, else the place the article is most
   about (none for calls and other speech acts); a direction before it is
   kept ("شمال غربي سوريا" -> north-west Syria).
5. The date is the sentence's date expression nearest the trigger, else the
   story's day, else the publication date, flagged `date_defaulted`
   (rasid/events/dating.py).
6. Modality: negated, suspended, resumed, planned (future markers or a date
   ahead, even when reported), reported (inside a quote, whose speaker becomes
   the `source`; a call in its maker's own words is asserted), else asserted.
7. Events only named ("منظمي الاعتصام") and happenings told again with the
   article ("الاعتصام" after a sit-in) are not logged (rasid/events/telling.py).

No parser is used (none ships on PyPI without a model download); the clause
and word-order rules carry the common news patterns and miss the rest.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from rasid.events.dating import is_ahead, story_day, when_said
from rasid.events.lexicon import (
    CIRCUMSTANTIAL,
    COMPLEMENTIZERS,
    DUAL_PARTIES,
    OBJECT_HEADS,
    Trigger,
    triggers,
)
from rasid.events.participants import (
    COLLECTIVE_HEADS,
    collective,
    describes,
    describes_person,
    group,
    unique,
)
from rasid.events.places import (
    after_preposition,
    choose_place,
    direction,
    not_place_phrase,
    place_noun_kind,
)
from rasid.events.sentence import Mention, Sentence, definite, forms
from rasid.events.telling import agreement_named, halting, modality, only_named, retold
from rasid.kb.index import KnowledgeBase, match_key
from rasid.model import Entity, Event, Participant, Quote, TimeExpression
from rasid.text.tokens import sentences

__all__ = ["find_events"]

_PLACE_KINDS = frozenset(("city", "admin1", "landmark", "region", "crossing", "base", "camp"))
_STATE_KINDS = frozenset(("country", "capital"))
_CLAUSE_BREAKS = frozenset("،,؛;:")
#: "Joint", which may come after the parties' nisbas: "الدورية الروسية التركية المشتركة".
_JOINT_WORDS = frozenset(
    match_key(word) for word in ("مشتركة", "المشتركة", "مشترك", "المشترك", "مشتركا")
)
#: Event types logged with only a place when no party is named ("قصف على أريحا").
_PLACE_ENOUGH = frozenset(("ASSAULT", "AID", "PROTEST", "SANCTION", "COERCE", "MOBILIZE"))
#: Speech acts: said, not done somewhere; the article's main place is not theirs.
_SPEECH_ACTS = frozenset(("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT"))
#: Event types with two parties acting together ("بين X و Y", "X وY").
_JOINT = frozenset(("AGREE", "COOPERATE", "CONSULT"))
#: Entity kinds that say which arm of a state acts ("القوات التركية": armed forces).
_ROLES = frozenset(
    ("armed forces", "government", "foreign ministry", "defence ministry", "presidency",
     "police", "intelligence", "air force", "navy")
)  # fmt: skip


def _match_trigger(keys: Sequence[str], index: int) -> tuple[Trigger, int] | None:
    table = triggers()
    for form in forms(keys[index]):
        for trigger in table.get(form, ()):
            width = len(trigger.words)
            following = list(keys[index + 1 : index + width])
            if len(following) == width - 1 and all(
                word in forms(key) for word, key in zip(trigger.words[1:], following, strict=True)
            ):
                return trigger, width
            if width == 2 and trigger.words[1] in _JOINT_WORDS:
                # "الدورية الروسية- التركية المشتركة": nisbas between the noun and "joint".
                for gap in range(2, 5):
                    end = index + gap
                    between = keys[index + 1 : end]
                    if not all(k == "" or k.endswith(("ي", "يه")) for k in between):
                        break
                    if end < len(keys) and trigger.words[1] in forms(keys[end]):
                        return trigger, gap + 1
    return None


class _Reader:
    """The document as the event finder reads it."""

    def __init__(
        self,
        text: str,
        entities: Sequence[Entity],
        kb: KnowledgeBase | None,
    ) -> None:
        self.text = text
        self.kb = kb
        self.sentences: list[Sentence] = []
        ordered = sorted(entities, key=lambda e: e.start)
        self.places = {
            match_key(e.text): e
            for e in ordered
            if e.type == "LOC" and e.lat is not None and len(e.text.split()) == 1
        }
        starts = [e.start for e in ordered]
        for tokens in sentences(text):
            keys = [match_key(t.text) if t.text.strip() else "" for t in tokens]
            sentence = Sentence(tokens, keys)
            self._mentions(sentence, ordered, starts)
            self.sentences.append(sentence)
        places = Counter(
            e.kb_id
            for e in ordered
            if e.type == "LOC" and e.lat is not None and e.kind in _PLACE_KINDS
        )
        if not places:  # a story about a state as a whole: "الأزمة المالية في لبنان"
            places = Counter(
                m.place.kb_id
                for s in self.sentences
                for m in s.mentions
                if m.place is not None
                and m.place.kind == "country"
                and after_preposition(s.keys, m.start)
            )
        by_id = {e.kb_id: e for e in ordered}
        self.focus = by_id[places.most_common(1)[0][0]] if places else None
        self.previous: list[Event] = []
        """Events found so far, for a joint act whose parties are a pronoun ("نفذوا")."""
        self.placed: dict[str, tuple[Entity, str]] = {}
        """The last place named in a sentence for each event type."""

    def _mentions(
        self, sentence: Sentence, entities: Sequence[Entity], starts: Sequence[int]
    ) -> None:
        """Participants and places of `sentence`; `entities` are ordered by `starts`."""
        tokens = sentence.tokens
        if not tokens:
            return
        first, last = tokens[0].start, tokens[-1].end
        # Only the entities starting inside the sentence are read, not all of them.
        for position in range(bisect.bisect_left(starts, first), len(entities)):
            entity = entities[position]
            if entity.start > last:
                break
            if entity.end > last:
                continue
            start = next(i for i, t in enumerate(tokens) if t.end > entity.start)
            end = next((i for i, t in enumerate(tokens) if t.start >= entity.end), len(tokens))
            mention = Mention(start, end, entity=entity)
            if entity.type == "LOC" and entity.kind not in _STATE_KINDS:
                if entity.lat is not None:
                    mention.place = entity
                elif entity.link in ("new", "coreference"):
                    # "معبر كفرلوسين": a place the knowledge base lacks, when a place
                    # noun says what it is (a bare unknown name may be a misread word);
                    # "ادلب السورية" read as one name is the known place it starts with.
                    known = self.places.get(match_key(entity.text.split()[0]))
                    mention.place_kind = None if known else place_noun_kind(sentence.keys, start)
                    mention.place = known or (entity if mention.place_kind else None)
            else:
                mention.participant = self._participant(entity)
                if entity.type == "LOC" and entity.lat is not None:
                    mention.place = entity  # a country can be where, too
            if mention.participant or mention.place:
                sentence.mentions.append(mention)
        keys = sentence.keys
        for index in range(len(keys)):
            for form in forms(keys[index]) if keys[index] else ():
                if form not in COLLECTIVE_HEADS:
                    continue
                match = collective(keys, index, form)
                if match is None:
                    continue
                width, english = match
                if not any(m.start <= index < m.end for m in sentence.mentions):
                    text = self.text[tokens[index].start : tokens[index + width - 1].end]
                    sentence.mentions.append(
                        Mention(index, index + width, Participant(english, None, text))
                    )
                break
        sentence.mentions.sort(key=lambda m: m.start)
        people = [m for m in sentence.mentions if m.entity is not None and m.entity.type == "PERS"]
        collectives = [m for m in sentence.mentions if m.entity is None]
        sentence.mentions = [
            m
            for m in sentence.mentions
            if not describes_person(m, people) and not describes(m, collectives)
        ]

    def _participant(self, entity: Entity) -> Participant | None:
        if entity.type not in ("PERS", "ORG", "LOC", "MISC") or entity.kind == "media":
            return None  # an outlet reports events ("لـ\"طيف بوست\""), it does not act in them
        role = entity.kind if entity.kind in _ROLES else None
        if entity.type == "MISC" and entity.kind != "country":
            return None
        name, kb_id = entity.name_en, entity.kb_id
        if entity.kind == "capital" and entity.country and self.kb is not None:
            state = self.kb.records.get(f"country:{entity.country}")
            if state is not None:  # "أنقرة" for the Turkish government
                name, kb_id = state.name_en, state.id
        return Participant(name, kb_id, entity.text, role)


def find_events(
    text: str,
    entities: Sequence[Entity],
    *,
    quotes: Sequence[Quote] = (),
    dates: Sequence[TimeExpression] = (),
    published: date | None = None,
    title: str | None = None,
    kb: KnowledgeBase | None = None,
) -> list[Event]:
    """Events in `text` (the headline skipped: the body tells them again, in full)."""
    reader = _Reader(text, entities, kb)
    skip_until = len(title) if title and text.startswith(title) else 0
    events: list[Event] = []
    for sentence in reader.sentences:
        if not sentence.tokens or sentence.tokens[0].start < skip_until:
            continue
        seen: set[tuple[str, str | None]] = set()
        reader.previous = events
        for event in _sentence_events(reader, sentence, quotes, dates, published):
            # One event of a kind per sentence ("نفذوا مناورات مشتركة، تدربوا فيها ..."
            # is one exercise), but a sentence may tell of several attacks.
            # A closure and a suspension are two measures ("تعليق ... وإغلاق ...").
            kind = (event.type, event.mode if event.type == "SANCTION" else None)
            if kind in seen and event.type != "ASSAULT":
                continue
            if retold(event, events, sentence):
                continue
            if kind in seen and _same_attack(event, events):
                continue
            seen.add(kind)
            events.append(event)
    return story_day(events)


def _noun_told(events: Sequence[Event]) -> bool:
    """Was the sentence's last attack named by a noun with the article ("القصف")? Then
    a verb after it tells the attack in full and takes its place."""
    previous = next(e for e in reversed(events) if e.type == "ASSAULT")
    return definite(match_key(previous.trigger.split()[0]))


def _same_attack(event: Event, events: list[Event]) -> bool:
    """Is this attack the sentence's last one named twice, once as a noun with the
    article ("شهدت القرى القصف الأعنف ...، إذ استهدفت قوات النظام ...")? The verb's
    event is kept, with the mode either names. `events` is updated in place."""
    previous = events[-1]
    if previous.type != "ASSAULT" or previous.start != event.start:
        return False
    earlier_noun = definite(match_key(previous.trigger.split()[0]))
    if not earlier_noun and not definite(match_key(event.trigger.split()[0])):
        return False
    kept, other = (event, previous) if earlier_noun else (previous, event)
    events[-1] = replace(kept, mode=kept.mode or other.mode, actors=kept.actors or other.actors)
    return True


def _sentence_events(
    reader: _Reader,
    sentence: Sentence,
    quotes: Sequence[Quote],
    dates: Sequence[TimeExpression],
    published: date | None,
) -> list[Event]:
    keys = sentence.keys
    found: list[tuple[int, int, Trigger]] = []
    index = 0
    while index < len(keys):
        match = _match_trigger(keys, index) if keys[index] else None
        if match is None:
            index += 1
            continue
        trigger, width = match
        found.append((index, index + width, trigger))
        index += width
    events: list[Event] = []
    last_assault: int | None = None
    for position, (start, end, trigger) in enumerate(found):
        if trigger.type == "AGREE" and agreement_named(keys, start, end, found):
            continue  # "خروقاتها لاتفاق وقف إطلاق النار": the agreement, not its making
        if only_named(keys, start, end, trigger, found[:position], _clause(sentence, start)[0]):
            continue
        halted = halting(keys, start)
        if trigger.type == "SANCTION" and trigger.mode == "suspension":
            following = found[position + 1 : position + 2]
            if following and following[0][0] - end <= 3:
                continue  # "علقتا الدوريات": the patrols are the event
        means = trigger.mode is not None and keys[start][:1] == "ب"
        if (
            trigger.type == "ASSAULT"
            and last_assault is not None
            and (start - last_assault <= 5 or means)
            and (means or not _noun_told(events))
        ):
            # "استهدفت ... بقذائف المدفعية الثقيلة والصواريخ": one attack, its means named
            # ("قُتل ...، إثر استهدافه بالرصاص": the means may come late in the sentence).
            previous = next(e for e in reversed(events) if e.type == "ASSAULT")
            if previous.mode is None and trigger.mode is not None:
                events[events.index(previous)] = replace(previous, mode=trigger.mode)
            last_assault = end
            continue
        event = _event(reader, sentence, start, end, trigger, halted, quotes, dates, published)
        if event is not None:
            events.append(event)
            if event.type == "ASSAULT":
                last_assault = end
    return events


def _clause(sentence: Sentence, start: int) -> tuple[int, int]:
    """Token bounds of the clause around `start`: between clause-breaking marks and
    the "أن"/"إن" that opens a reported clause."""
    tokens, keys = sentence.tokens, sentence.keys
    first = start
    while (
        first > 0
        and tokens[first - 1].text not in _CLAUSE_BREAKS
        and keys[first - 1] not in COMPLEMENTIZERS
    ):
        first -= 1
    last = start
    while (
        last < len(tokens)
        and tokens[last].text not in _CLAUSE_BREAKS
        and (last == start or keys[last] not in COMPLEMENTIZERS)
    ):
        last += 1
    return first, last


def _reported_from(sentence: Sentence, start: int) -> int:
    """Where the reported clause holding `start` begins: after the last "أن"/"إن"
    before it (0 when there is none). Who speaks before it does not act after it."""
    return next((i + 1 for i in range(start - 1, -1, -1) if sentence.keys[i] in COMPLEMENTIZERS), 0)


def _event(
    reader: _Reader,
    sentence: Sentence,
    start: int,
    end: int,
    trigger: Trigger,
    halted: str | None,
    quotes: Sequence[Quote],
    dates: Sequence[TimeExpression],
    published: date | None,
) -> Event | None:
    tokens, keys = sentence.tokens, sentence.keys
    first, last = _clause(sentence, start)
    people = [
        m for m in sentence.mentions if m.participant is not None and not_place_phrase(keys, m)
    ]
    before = [m for m in people if first <= m.start and m.end <= start]
    after = [m for m in people if end <= m.start < last]
    if trigger.type in _JOINT:
        # "الدورية الروسية التركية المشتركة": the parties' nisbas inside the trigger.
        after = [m for m in people if start < m.start and m.end <= end] + after
    reported_from = _reported_from(sentence, start)
    dual = trigger.type in _JOINT and any(
        set(forms(key)) & DUAL_PARTIES for key in keys[first : min(last, end + 2)]
    )
    if not before and not after and trigger.type in _JOINT and not dual:
        # "الاتصالات بين أنقرة وموسكو ...، وأن الطرفين ... اتفاق التهدئة الموقع بينهما":
        # the parties of a joint act may be named earlier in the sentence (not its speaker).
        before = [m for m in people if reported_from <= m.start and m.end <= start]
    actors: list[Mention]
    targets: list[Mention]
    between = next((i for i in range(end, min(end + 2, last)) if keys[i] == "بين"), None)
    if between is not None:
        actors, targets = group(after, keys), []
    elif before:
        actors = group(list(reversed(before)), keys, backwards=True)
        targets = [m for m in after if not_place_phrase(keys, m)]
    else:
        if not after and trigger.type not in _JOINT:
            # "دعا وزير الشؤون الخارجية، صبري بوقادوم، ...": the subject past a comma.
            after = [m for m in people if end <= m.start < end + 8]
        actors = group(after, keys)
        targets = [m for m in after if m not in actors and not_place_phrase(keys, m)]
    if (
        actors
        and not before
        and actors[0].start > end
        and set(forms(keys[actors[0].start - 1])) & OBJECT_HEADS
    ) or (set(forms(keys[start])) & CIRCUMSTANTIAL):
        # "واستهدفت مواقع قوات النظام": what is hit, not who hits; "داعياً المنظمات":
        # whom the subject calls on.
        actors, targets = [], [m for m in after if not_place_phrase(keys, m)]
    partner = next((m for m in after if "مع" in keys[max(0, m.start - 2) : m.start]), None)
    if partner is not None and partner in actors:
        # "في اتصالين أجراهما مع السراج وصالح": the partners, all of them.
        partners = group(after[after.index(partner) :], keys)
        actors = [m for m in actors if m not in partners]
        targets = partners + [m for m in targets if m not in partners]
    if not actors and (trigger.type not in _JOINT or partner is not None):
        # "واصلت قوات النظام خروقاتها ...، إذ قصفت أمس ...": the subject of the sentence's
        # first clause goes on acting in the next, unless it only speaks ("قال X إن").
        earlier = [m for m in people if reported_from <= m.start and m.end <= first]
        if earlier and not any(keys[i] in COMPLEMENTIZERS for i in range(earlier[0].end, first)):
            actors = group(earlier, keys)
            targets = [m for m in targets if m not in actors]
    place, location_en = _place(reader, sentence, trigger, end, actors + targets)
    carried: tuple[Participant, ...] = ()
    if not actors and not targets and trigger.type in _JOINT:
        # "حيث نفذوا أول مناورات مشتركة": the parties of the last joint act of this type;
        # "الطرفين اتفقا": those of the last joint act of any type with two parties.
        carried = next(
            (
                e.actors + e.targets
                for e in reversed(reader.previous)
                if e.type in _JOINT
                and len(e.actors + e.targets) >= 2
                and (dual or e.type == trigger.type)
            ),
            (),
        ) or next(
            (e.actors for e in reversed(reader.previous) if e.type == trigger.type and e.actors),
            (),
        )
    latest = reader.previous[-1] if reader.previous else None
    if (
        not actors
        and not carried
        and trigger.type not in _JOINT
        and start <= 2
        and not definite(keys[start])
        and not (start + 1 < len(keys) and definite(keys[start + 1]))
        and latest is not None
        and latest.actors
        and tokens[0].start - latest.end < 4
    ):
        # "... .وقصفت بلدة ...": a sentence opening with its verb goes on with the
        # last sentence's actor, unless a subject follows it ("واعتقلت الشرطة").
        carried = latest.actors
    placed = place is not None and any(
        m.place is place and after_preposition(keys, m.start) for m in sentence.mentions
    )
    if (
        not actors
        and not targets
        and not carried
        and not (trigger.type in _PLACE_ENOUGH and placed)
    ):
        return None  # "التنسيق" alone names no event an analyst can log
    if (
        trigger.type == "COOPERATE"
        and trigger.mode is None
        and partner is None
        and len(actors) + len(targets) < 2
    ):
        return None  # "مركز التنسيق": coordination is an act between two named parties
    when, defaulted = when_said(tokens, start, dates, published)
    inside = next(
        (q for q in quotes if q.content_start <= tokens[start].start < q.content_end), None
    )
    # The outlet's own reporter ("وأوضح المراسل أن ...") tells what the outlet asserts.
    own_reporter = inside is not None and any(
        "مراسل" in forms(match_key(word))[-1] for word in inside.speaker.split()[:2]
    )
    told = modality(
        keys,
        start,
        end,
        halted,
        reported=inside is not None and not own_reporter,
        speech_act=trigger.type in _SPEECH_ACTS and _own_words(reader, inside, keys[start], actors),
        future_date=not defaulted and is_ahead(when, published),
    )
    source = (inside.speaker_en or inside.speaker) if inside is not None else None
    return Event(
        type=trigger.type,
        mode=trigger.mode,
        trigger=reader.text[tokens[start].start : tokens[end - 1].end],
        actors=unique(actors) or carried,
        targets=unique(targets),
        location=location_en,
        location_text=place.text if place else None,
        location_kb_id=place.kb_id if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        date=when,
        date_defaulted=defaulted,
        modality=told,
        source=source,
        sentence=reader.text[tokens[0].start : tokens[-1].end],
        start=tokens[0].start,
        end=tokens[-1].end,
        trigger_start=tokens[start].start,
        trigger_end=tokens[end - 1].end,
    )


def _own_words(
    reader: _Reader, quote: Quote | None, trigger_key: str, actors: Sequence[Mention]
) -> bool:
    """Is a call or an accusation in a quotation its speaker's own, which saying it
    makes ("وقالت المتحدثة الروسية إن روسيا تدعو"، "..., داعياً")? One known only from
    what others say ("أضافت المصادر أن الجانب الروسي طالب") is reported."""
    if quote is None or set(forms(trigger_key)) & CIRCUMSTANTIAL:
        return True
    speaker = quote.speaker_kb_id
    if speaker is None:
        return False
    said_by = {speaker}
    record = reader.kb.records.get(speaker) if reader.kb is not None else None
    if record is not None and record.country:
        said_by.add(f"country:{record.country}")
    return any(m.participant is not None and m.participant.kb_id in said_by for m in actors)


def _place(
    reader: _Reader, sentence: Sentence, trigger: Trigger, end: int, used: list[Mention]
) -> tuple[Entity | None, str | None]:
    chosen = choose_place(sentence, end, used)
    if chosen is None or chosen.place is None:
        if trigger.type in _SPEECH_ACTS:
            return None, None  # a call or a rejection is made nowhere in particular
        if trigger.type in reader.placed:
            # "توقفت الدورية على طريق M4 ... ونص الاتفاق على تسيير دوريات مشتركة": the
            # last place given to a happening of this kind, before the article's own.
            return reader.placed[trigger.type]
        focus = reader.focus
        return (focus, focus.name_en) if focus is not None else (None, None)
    heading = direction(sentence.keys, chosen.start)
    name = chosen.place.name_en
    found = chosen.place, f"{heading} {name}" if heading else name
    reader.placed[trigger.type] = found
    return found
