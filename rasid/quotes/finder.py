"""Who said what: direct quotations and reported speech, with speaker, cue and channel.

News Arabic attributes speech in a handful of shapes, and the finder reads
them from the tokens and the entities the entities stage linked:

1. verb first (the usual order): "قال وزير الخارجية الروسي سيرغي لافروف أمس: “...”",
   "أكدت مصادر تركية أن ..." — cue, speaker, then an introducer (أن، إن،
   بأن، إلى أن، ":" or an opening quote mark) and the content;
2. subject first: "وكان المتحدث ... كوناشينكوف، صرح أن ...";
3. continuation: "وأضافت أن ..." names no one; the speaker is the last one
   whose gender and number the verb agrees with, however far back;
4. participles: "... مشيراً إلى أن ..." goes on with the sentence's speaker;
5. crediting phrases: "بحسب المرصد"، "وفقاً لوكالة ..."، "نقلاً عن مصادر";
6. a quotation followed by its cue: "“...”، يقول أبو محمد";
7. a headline "مصادر تركية: التنسيق مستمر ...".

The channel (`via`) is the outlet a statement came through: "عبر قناة العربية",
"لصحيفة الشرق الأوسط", or the reporter of "وذكرت وسائل إعلامية نقلاً عن X قوله".

No parser is used: Arabic dependency parsers that ship on PyPI without a
model download (e.g. camel-tools needs its data fetched) are not available
here, and these patterns carry most attributions in news prose.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rasid.kb.index import match_key
from rasid.model import Entity, Quote
from rasid.quotes.lexicon import (
    ANONYMOUS,
    CHANNEL_NOUNS,
    CUES,
    INTRODUCER_PREPOSITIONS,
    INTRODUCERS,
    NOT_SPEECH,
    PREPOSITION_CUES,
    ROLE_NOUNS,
    SAYING_NOUNS,
    SPEAKER_STOPS,
    STATEMENT_NOUNS,
    TIME_WORDS,
    Cue,
    agrees,
)
from rasid.text.tokens import sentences

__all__ = ["find_quotes"]

OPENING = frozenset("“«„‹")
CLOSING = frozenset("”»‟›")
#: Marks that open and close alike; which one a mark is depends on its place in the line.
STRAIGHT = '"'
_COMMA = frozenset("،,")
_CONJUNCTIONS = ("و", "ف")
#: Words the speaker search looks past to the cue it belongs to: "وكان ... قد صرح".
_WAS = frozenset(match_key(word) for word in ("كان", "كانت", "وكان", "وكانت"))
_AUXILIARIES = frozenset(
    match_key(word) for word in ("قد", "كان", "كانت", "وكان", "وكانت", "فقد", "لقد")
)
#: How far after a cue its introducer may be, in tokens (speaker, channel, time between).
_INTRODUCER_WINDOW = 24
#: Most words before a closing quotation that still makes reported speech direct.
_PREDICATE_OFFSET = 6
#: Fewest words a quotation with no cue before it must have to be speech, not a name.
_QUOTATION_WORDS = 4


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int
    key: str
    sentence: int
    line: int
    mark: str = ""
    """open or close for a quotation mark."""


@dataclass(slots=True)
class _Speaker:
    text: str
    start: int
    end: int
    agreement: str
    entity: Entity | None
    anonymous: bool
    gloss: str | None


def _anonymous(key: str) -> tuple[str, str] | None:
    """Agreement and gloss of an unnamed source's head noun ("مصادر", "والمسؤول")."""
    for form in (key, _bare(key)):
        found = ANONYMOUS.get(form) or ANONYMOUS.get(form.removeprefix("ال"))
        if found:
            return found
    return None


def _bare(key: str) -> str:
    """A token's matching form without a leading conjunction ("وأضافت" -> "اضافت")."""
    return key[1:] if key[:1] in _CONJUNCTIONS and len(key) > 3 else key


class _Reader:
    """One document's tokens and entities, and the quotes found so far."""

    def __init__(self, text: str, entities: Sequence[Entity]) -> None:
        self.text = text
        self.tokens: list[_Token] = []
        self.sentence_bounds: list[tuple[int, int]] = []
        line, previous_end = 0, 0
        for number, sentence in enumerate(sentences(text)):
            first = len(self.tokens)
            for token in sentence:
                if self.tokens and all(unicodedata.category(c) == "Mn" for c in token.text):
                    # A stray tanween ("نقلاً" tokenised as "نقلا" + "ً") belongs to its word.
                    self.tokens[-1].end = token.end
                    self.tokens[-1].text += token.text
                    continue
                line += text.count("\n", previous_end, token.start)
                previous_end = token.start
                key = match_key(token.text) if token.text.strip() else ""
                self.tokens.append(_Token(token.text, token.start, token.end, key, number, line))
            self.sentence_bounds.append((first, len(self.tokens)))
        self._join_abbreviations()
        _mark_quotes(self.tokens)
        self.entities = sorted(entities, key=lambda e: (e.start, -e.end))
        self.history: list[_Speaker] = []
        self.quotes: list[Quote] = []
        self.attributed: list[tuple[Quote, _Speaker]] = []
        self.mentioned: list[tuple[int, _Speaker]] = []
        """(sentence, speaker) of each reporting verb whose speaker was found, in order."""
        self.covered: list[tuple[int, int]] = []

    def _join_abbreviations(self) -> None:
        """Undo sentence ends after an initial on the same line: "(أ. ف. ب)"."""
        joined: list[tuple[int, int]] = []
        for first, last in self.sentence_bounds:
            if joined and first < len(self.tokens):
                previous_first, previous_last = joined[-1]
                tail = self.tokens[previous_first:previous_last]
                if (
                    len(tail) >= 2
                    and tail[-1].text == "."
                    and len(tail[-2].text) == 1
                    and tail[-1].line == self.tokens[first].line
                ):
                    joined[-1] = (previous_first, last)
                    continue
            joined.append((first, last))
        self.sentence_bounds = joined
        for number, (first, last) in enumerate(joined):
            for token in self.tokens[first:last]:
                token.sentence = number

    # -- token helpers -----------------------------------------------------------

    def sentence_of(self, index: int) -> tuple[int, int]:
        return self.sentence_bounds[self.tokens[index].sentence]

    def line_end(self, index: int) -> int:
        """Index past the last token on the same line as token `index`."""
        line = self.tokens[index].line
        end = index
        while end < len(self.tokens) and self.tokens[end].line == line:
            end += 1
        return end

    def entities_in(self, start: int, end: int) -> list[Entity]:
        """Entities wholly inside the character span [start, end)."""
        return [e for e in self.entities if e.start >= start and e.end <= end]

    def cue_at(self, index: int) -> Cue | None:
        key = self.tokens[index].key
        return CUES.get(key) or CUES.get(_bare(key))

    def introducer_at(self, index: int) -> int | None:
        """If tokens from `index` open the words said, the index where they start."""
        tokens = self.tokens
        key = _bare(tokens[index].key) if tokens[index].key else ""
        text = tokens[index].text
        if key in INTRODUCERS:
            if index > 0 and _bare(tokens[index - 1].key) in NOT_SPEECH:
                return None  # "من دون أن تفضي", "بعد أن وصل": a clause, not what was said
            return index + 1
        if text == ":":
            return index + 1
        if self.tokens[index].mark == "open" and self.quotation(index):
            return index
        if key in SAYING_NOUNS:
            following = self.introducer_at(index + 1) if index + 1 < len(tokens) else None
            return following if following is not None else index + 1
        if (
            key in INTRODUCER_PREPOSITIONS
            and index + 1 < len(tokens)
            and tokens[index + 1].key in INTRODUCERS
        ):
            return index + 2
        return None

    def quotation(self, opening: int) -> bool:
        """Does the mark at `opening` open speech, not a quoted name ("قناة “العربية”")?
        Speech runs to the line's end unclosed, or has several words."""
        tokens = self.tokens
        stop = self.line_end(opening)
        words = 0
        for token in tokens[opening + 1 : stop]:
            if token.mark == "close":
                return words >= _QUOTATION_WORDS
            words += bool(token.key)
        return True

    # -- the speaker ---------------------------------------------------------------

    def speaker(self, first: int, last: int, agreement: str) -> _Speaker | None:
        """The speaker named by tokens [first, last), linked to the best entity in it."""
        while first < last and (
            self.tokens[first].key in _AUXILIARIES or not self.tokens[first].key
        ):
            first += 1
        while last > first and not self.tokens[last - 1].key:
            if self.tokens[last - 1].mark == "close" and any(
                t.mark == "open" for t in self.tokens[first : last - 1]
            ):
                break  # "الرائد “بينار قره”" keeps its closing mark
            last -= 1
        if first >= last:
            return None
        start, end = self.tokens[first].start, self.tokens[last - 1].end
        found = self.entities_in(start, end)
        anonymous_class = _anonymous(self.tokens[first].key)
        people = [e for e in found if e.type == "PERS"]
        if people and people[-1].end < end:
            # "المسماري قبول الهدنة": the name ends the speaker; what follows is the object.
            end = _closing_after(self.text, people[-1].end)
        named = people or [e for e in found if e.type == "ORG"]
        if not named and not anonymous_class:
            named = [e for e in found if e.type in ("LOC", "MISC") and e.kind == "country"]
        entity = named[-1] if people else (named[0] if named else None)
        if anonymous_class and not people:
            # "مصادر تركية": unnamed, though an adjective names its country.
            agreement = anonymous_class[0] if anonymous_class[0] == "p" else agreement
            countries = [e.name_en for e in found if e.kind == "country"]
            gloss = anonymous_class[1] + (f" ({countries[0]})" if countries else "")
            return _Speaker(self.text[start:end], start, end, agreement, None, True, gloss)
        if entity is None:
            head = _bare(self.tokens[first].key)
            if head in STATEMENT_NOUNS or head.removeprefix("ال") in STATEMENT_NOUNS:
                # "وأوضح البيان أن": the statement speaks for whoever issued it.
                return self.carried("")
            antecedent = self._antecedent(head, start) if last - first <= 2 else None
            if antecedent is not None:
                entity = antecedent  # "وذكرت البعثة": the mission named earlier
            elif self.tokens[first].key not in ROLE_NOUNS and head not in ROLE_NOUNS:
                return None  # "أكد احتفاظه بحق الرد": no one is named
        return _Speaker(self.text[start:end], start, end, agreement, entity, False, None)

    def _antecedent(self, head: str, before: int) -> Entity | None:
        """The last organisation or person before `before` whose name has the noun `head`
        ("البعثة" -> "بعثة الأمم المتحدة للدعم في ليبيا"), also when the noun came just
        before the entity ("بعثة" + "الأمم المتحدة")."""
        noun = head.removeprefix("ال")
        if len(noun) < 3:
            return None
        for entity in reversed(self.entities):
            if entity.end > before or entity.type not in ("ORG", "PERS"):
                continue
            words = [w.removeprefix("ال") for w in match_key(entity.text).split()]
            preceding = match_key(self.text[max(0, entity.start - 20) : entity.start]).split()
            if noun in words or (preceding and preceding[-1].removeprefix("ال") == noun):
                return entity
        return None

    def subject_before(self, cue: int) -> _Speaker | None:
        """The speaker of a subject-first sentence: "X، صرح أن" or "وكان X قد قال"."""
        first, _ = self.sentence_of(cue)
        for entity in reversed(self.entities):
            if entity.end > self.tokens[cue].start or entity.start < self.tokens[first].start:
                continue
            if entity.type not in ("PERS", "ORG"):
                continue
            between = [t for t in self.tokens[first:cue] if t.start >= entity.end and t.key]
            if all(t.key in _AUXILIARIES for t in between):
                start = self._phrase_start(first, entity)
                found = self.speaker(start, self._index_at(entity.end - 1) + 1, "")
                if found is not None:
                    return found
            return None
        return self._was_subject(first, cue) or self._unnamed_subject(first, cue)

    def _was_subject(self, first: int, cue: int) -> _Speaker | None:
        """ "وكان فريق منسقو استجابة سوريا قد أعلن أن": the subject between كان and قد."""
        keys = [t.key for t in self.tokens[first:cue]]
        if len(keys) < 3 or keys[-1] != "قد" or keys[0] not in _WAS:
            return None
        return self.speaker(first + 1, cue - 1, "")

    def _unnamed_subject(self, first: int, cue: int) -> _Speaker | None:
        """ "لكن مسؤولين صحيين في طرابلس أكدوا": an unnamed source just before its verb."""
        for index in range(cue - 1, max(first, cue - 7) - 1, -1):
            if _anonymous(self.tokens[index].key):
                return self.speaker(index, cue, "")
            if self.cue_at(index) is not None:
                break
        return None

    def _phrase_start(self, first: int, entity: Entity) -> int:
        """Where a subject before its verb begins: after a leading كان/و and any comma."""
        index = self._index_at(entity.start)
        while index > first:
            previous = self.tokens[index - 1]
            if not previous.key or previous.key in _AUXILIARIES:
                break
            index -= 1
        return index

    def index_after(self, offset: int) -> int:
        """Index of the first token starting at or after character `offset`."""
        for index, token in enumerate(self.tokens):
            if token.start >= offset:
                return index
        return len(self.tokens)

    def _index_at(self, offset: int) -> int:
        for index, token in enumerate(self.tokens):
            if token.start <= offset < token.end or token.start >= offset:
                return index
        return len(self.tokens) - 1

    def sentence_speaker(self, index: int) -> _Speaker | None:
        """The speaker of the sentence of token `index` so far: of its last quote, or the
        subject of a reporting verb with no statement ("ونفى مصدر ... صحة أنباء")."""
        sentence = self.tokens[index].sentence
        for number, speaker in reversed(self.mentioned):
            if number == sentence:
                return speaker
            if number < sentence:
                break
        return None

    def carried(self, agreement: str) -> _Speaker | None:
        """The last speaker a continuation verb of this agreement can refer to."""
        for speaker in reversed(self.history):
            if agrees(agreement, speaker.agreement):
                return speaker
        return None

    # -- the channel ---------------------------------------------------------------

    def outlet_after_clitic(self, index: int) -> Entity | None:
        """A news outlet named with a leading ل or ب on token `index` ("للجزيرة نت")."""
        token = self.tokens[index]
        if token.key[:1] not in ("ل", "ب") or len(token.key) < 3:
            return None
        for entity in self.entities:
            if token.start < entity.start < token.end and entity.kind == "media":
                return entity
        return None

    def channel(self, first: int, last: int) -> Entity | tuple[int, int] | None:
        """A channel named in tokens [first, last): "عبر قناة العربية", "لصحيفة ..."."""
        for index in range(first, last):
            outlet = self.outlet_after_clitic(index)
            if outlet is not None:
                return (outlet.start, _closing_after(self.text, outlet.end))
            key = self.tokens[index].key
            bare = key[1:] if key[:1] == "ل" and len(key) > 3 else key
            if _bare(bare) in CHANNEL_NOUNS or key in CHANNEL_NOUNS:
                start = self.tokens[index].start
                if key[:1] == "ل" and bare != key:
                    start += 1
                for entity in self.entities:
                    if (
                        entity.start >= start
                        and entity.start <= self.tokens[min(index + 2, last - 1)].end
                    ):
                        return (start, max(entity.end, _closing_after(self.text, entity.end)))
                end = index + 1
                while end < last and self.tokens[end].key and end - index <= 3:
                    end += 1
                return (start, self.tokens[end - 1].end)
        return None

    # -- content -------------------------------------------------------------------

    def content(self, first: int) -> tuple[int, int, bool] | None:
        """Character span of what was said from token `first` on, and whether it is direct."""
        tokens = self.tokens
        while first < len(tokens) and tokens[first].text in (":", "،"):
            first += 1
        if first >= len(tokens):
            return None
        if tokens[first].mark == "open":
            end = first + 1
            stop = self.line_end(first)
            while end < stop and tokens[end].mark != "close":
                end += 1
            if end - first <= 1:
                return None
            return tokens[first + 1].start, tokens[end - 1].end, True
        _, sentence_end = self.sentence_of(first)
        end = first
        while end < sentence_end:
            token = tokens[end]
            if token.text in _COMMA and end + 1 < sentence_end and self._participle(end + 1):
                break
            if token.key and end > first and self._participle(end):
                break
            if end > first + 1 and self.coordinated(end):
                break
            end += 1
        while end > first and not tokens[end - 1].key and tokens[end - 1].mark != "close":
            end -= 1
        while end > first and tokens[end - 1].mark == "close" and not self._opened(first, end):
            end -= 1
        if end <= first:
            return None
        start = tokens[first].start
        if tokens[first].mark == "close":
            start = tokens[min(first + 1, end - 1)].start
        return start, tokens[end - 1].end, self._ends_quoted(first, end)

    def coordinated(self, index: int) -> bool:
        """Does a second clause of the same statement start at `index` ("، وأن ...")?"""
        key = self.tokens[index].key
        return key[:1] == "و" and key[1:] in INTRODUCERS

    def _ends_quoted(self, first: int, end: int) -> bool:
        """Reported speech whose predicate is in the speaker's words: "إن المباحثات «جرت
        في أجواء إيجابية»". The marks open early in the clause and close at its end."""
        if self.tokens[end - 1].mark != "close":
            return False
        opening = next(
            (i for i in range(end - 2, first - 1, -1) if self.tokens[i].mark == "open"), None
        )
        if opening is None:
            return False
        before = sum(1 for t in self.tokens[first:opening] if t.key)
        inside = sum(1 for t in self.tokens[opening:end] if t.key)
        return before <= _PREDICATE_OFFSET and inside >= 2

    def _participle(self, index: int) -> bool:
        cue = self.cue_at(index)
        if cue is None or cue.kind != "participle":
            return False
        return any(
            self.introducer_at(j) is not None
            for j in range(index + 1, min(index + 4, len(self.tokens)))
        )

    def _opened(self, first: int, end: int) -> bool:
        """Is a closing mark at `end - 1` matched by an opening one inside the span?"""
        return any(t.mark == "open" for t in self.tokens[first : end - 1])

    # -- output --------------------------------------------------------------------

    def emit(
        self,
        speaker: _Speaker,
        cue_index: int,
        cue_width: int,
        span: tuple[int, int, bool],
        via: Entity | tuple[int, int] | None,
        attribution_start: int,
    ) -> None:
        start, end, direct = span
        if any(start < b and a < end for a, b in self.covered):
            return  # already part of another quote's words
        cue_tokens = self.tokens[cue_index : cue_index + cue_width]
        cue_text = self.text[cue_tokens[0].start : cue_tokens[-1].end]
        via_text = via_en = via_kb = None
        if via is not None:
            via_start, via_end = via if isinstance(via, tuple) else (via.start, via.end)
            via_text = self.text[via_start:via_end]
            linked = [e for e in self.entities_in(via_start, via_end) if e.type in ("ORG", "PERS")]
            if isinstance(via, Entity):
                linked = [via]
            if linked:
                via_en, via_kb = linked[0].name_en, linked[0].kb_id
            else:
                head = _anonymous(match_key(via_text.split()[0])) if via_text.split() else None
                via_en = head[1] if head else None
        entity = speaker.entity
        quote_start = min(attribution_start, start)
        quote_end = max(end, self.tokens[cue_index + cue_width - 1].end)
        self.quotes.append(
            Quote(
                speaker=speaker.text,
                speaker_en=entity.name_en if entity else speaker.gloss,
                speaker_kb_id=entity.kb_id if entity else None,
                anonymous=speaker.anonymous,
                cue=cue_text,
                content=self.text[start:end],
                direct=direct,
                start=quote_start,
                end=quote_end,
                content_start=start,
                content_end=end,
                via=via_text,
                via_en=via_en,
                via_kb_id=via_kb,
                speaker_start=speaker.start,
                speaker_end=speaker.end,
            )
        )
        self.covered.append((start, end))
        self.attributed.append((self.quotes[-1], speaker))
        self.mentioned.append((self.tokens[cue_index].sentence, speaker))


def _mark_quotes(tokens: list[_Token]) -> None:
    """Mark each quotation mark as opening or closing; straight ones alternate in a line."""
    line, inside = -1, False
    for token in tokens:
        if token.line != line:
            line, inside = token.line, False
        if token.text in OPENING:
            token.mark = "open"
        elif token.text in CLOSING:
            token.mark = "close"
        elif token.text == STRAIGHT:
            token.mark = "close" if inside else "open"
            inside = not inside


def _closing_after(text: str, offset: int) -> int:
    """`offset`, moved past a closing quote mark right after it ("قناة “العربية”")."""
    closing = CLOSING | {STRAIGHT}
    return offset + 1 if offset < len(text) and text[offset] in closing else offset


def find_quotes(text: str, entities: Sequence[Entity], *, title: str | None = None) -> list[Quote]:
    """Quotations and reported speech in `text`, in order, with their speakers.

    `entities` are the document's linked entities (the entities stage);
    `title` is its headline, the first line of `text`, read for the
    "مصادر: ..." shape.
    """
    reader = _Reader(text, entities)
    if title and text.startswith(title):
        _headline(reader, len(title))
    index = 0
    while index < len(reader.tokens):
        index = _at(reader, index) or index + 1
    return sorted(reader.quotes, key=lambda q: q.start)


def _at(reader: _Reader, index: int) -> int | None:
    """Read an attribution starting at token `index`; return where to go on, if one was."""
    offset = reader.tokens[index].start
    if any(start <= offset < end for start, end in reader.covered):
        return None  # inside words already attributed: a report within a report
    phrase = _preposition_cue(reader, index)
    if phrase:
        return _credited(reader, index, phrase)
    cue = reader.cue_at(index)
    if cue is None:
        return None
    if cue.kind == "participle":
        return _participle_quote(reader, index, cue)
    return _verb_quote(reader, index, cue)


def _verb_quote(reader: _Reader, cue: int, form: Cue) -> int | None:
    tokens = reader.tokens
    _, sentence_end = reader.sentence_of(cue)
    limit = min(len(tokens), cue + _INTRODUCER_WINDOW)
    speaker_end: int | None = None
    introducer: int | None = None
    relay: int | None = None  # "نقلاً عن": what came before is the channel
    relay_width = 0
    position = cue + 1
    while position < limit:
        token = tokens[position]
        if position >= sentence_end and token.mark != "open":
            break
        if (
            relay is None
            and token.key == match_key("نقلا")
            and position + 1 < limit
            and tokens[position + 1].key == match_key("عن")
        ):
            relay, relay_width = position, 2
            position += 2
            continue
        if relay is None and form.lemma == match_key("نقل") and token.key == match_key("عن"):
            relay, relay_width = position, 1  # "نقلت الوكالة عن مسؤول قوله": the agency relays
            position += 1
            continue
        opened = reader.introducer_at(position)
        if opened is not None:
            introducer = opened
            speaker_end = speaker_end if speaker_end is not None else position
            break
        stop = token.text in _COMMA or _ends_speaker(reader, position)
        if stop and speaker_end is None and relay is None:
            speaker_end = position
        if reader.cue_at(position) is not None and position > cue + 1:
            break  # another attribution begins before this one found its words
        position += 1
    if introducer is None:
        found = _quotation_before(reader, cue, form)
        if found is None:
            _remember_subject(reader, cue, form, speaker_end)
        return found
    span = reader.content(introducer)
    if span is None:
        return None
    first, last = cue + 1, speaker_end if speaker_end is not None else cue + 1
    via: Entity | tuple[int, int] | None = None
    if relay is not None:
        reporter = reader.speaker(cue + 1, relay, form.agreement)
        if reporter is not None:
            via = (reporter.start, reporter.end)
        first = relay + relay_width
        last = _relay_end(reader, first, introducer)
    # The verb agrees with its subject: the reporter, when the speaker is relayed.
    speaker = reader.speaker(first, last, "" if relay is not None else form.agreement)
    if speaker is None:
        speaker = reader.subject_before(cue)
        if speaker is not None:
            speaker.agreement = form.agreement
    if speaker is None:
        speaker = reader.carried(form.agreement)
        if speaker is None:
            return None
    else:
        reader.history.append(speaker)
    sentence_start, _ = reader.sentence_of(cue)
    if via is None:
        via = reader.channel(sentence_start, introducer)
    reader.emit(speaker, cue, 1, span, via, tokens[cue].start)
    _more_clauses(reader, speaker, cue, span, via)
    return cue + 1


def _more_clauses(
    reader: _Reader,
    speaker: _Speaker,
    cue: int,
    span: tuple[int, int, bool],
    via: Entity | tuple[int, int] | None,
) -> None:
    """ "أن A، وأن B": B is a second statement of the same speaker, cue and channel."""
    tokens = reader.tokens
    while True:
        position = reader.index_after(span[1])
        while position < len(tokens) and tokens[position].text in _COMMA:
            position += 1
        if position >= len(tokens) or not reader.coordinated(position):
            return
        following = reader.content(position + 1)
        if following is None:
            return
        span = following
        reader.emit(speaker, cue, 1, span, via, tokens[cue].start)


def _ends_speaker(reader: _Reader, index: int) -> bool:
    """Does the speaker's name end before token `index`? At a time word, at "في بيان",
    "خلال مؤتمر صحفي", "عبر قناة", "لصحيفة"; not at "في" of "المسؤولة في وزارة الدفاع"."""
    key = _bare(reader.tokens[index].key)
    if key in TIME_WORDS or key in STATEMENT_NOUNS:
        return True
    if reader.outlet_after_clitic(index) is not None:
        return True  # "أكدوا للجزيرة نت أن": the outlet spoken to
    if key[:1] == "ل" and (key[1:] in CHANNEL_NOUNS or key[1:] in STATEMENT_NOUNS):
        return True
    if key in SPEAKER_STOPS and index + 1 < len(reader.tokens):
        following = _bare(reader.tokens[index + 1].key)
        return (
            following in STATEMENT_NOUNS
            or following in CHANNEL_NOUNS
            or following in TIME_WORDS
            or following.removeprefix("ال") in STATEMENT_NOUNS
        )
    return False


def _remember_subject(reader: _Reader, cue: int, form: Cue, speaker_end: int | None) -> None:
    """A reporting verb with no statement after it still names who speaks next:
    "ونفى مصدر محلي صحة الأنباء، مؤكداً أن ..." — the participle is the source's."""
    last = speaker_end if speaker_end is not None else cue + 1
    speaker = reader.speaker(cue + 1, min(last, cue + 8), form.agreement)
    if speaker is not None and (speaker.entity is not None or speaker.anonymous):
        reader.history.append(speaker)
        reader.mentioned.append((reader.tokens[cue].sentence, speaker))


def _relay_end(reader: _Reader, first: int, introducer: int) -> int:
    """End of the source named after "نقلاً عن", before "قوله" or a comma."""
    end = first
    while end < introducer:
        token = reader.tokens[end]
        if token.text in _COMMA or token.key in SAYING_NOUNS or token.key in INTRODUCERS:
            break
        if reader.introducer_at(end) is not None:
            break
        end += 1
    return end


def _participle_quote(reader: _Reader, cue: int, form: Cue) -> int | None:
    """ "مشيراً إلى أن ...": the speaker of the statement the participle goes on from."""
    introducer = None
    for position in range(cue + 1, min(cue + 4, len(reader.tokens))):
        introducer = reader.introducer_at(position)
        if introducer is not None:
            break
    if introducer is None:
        return None
    speaker = reader.sentence_speaker(cue) or reader.carried(form.agreement)
    span = reader.content(introducer)
    if speaker is None or span is None:
        return None
    reader.emit(speaker, cue, 1, span, None, reader.tokens[cue].start)
    return cue + 1


def _quotation_before(reader: _Reader, cue: int, form: Cue) -> int | None:
    """ "“...”، يقول أبو محمد": a quotation the cue after it attributes."""
    tokens = reader.tokens
    back = cue - 1
    while back >= 0 and tokens[back].text in _COMMA:
        back -= 1
    if back < 1 or tokens[back].mark != "close":
        return None
    opening = back - 1
    while (
        opening >= 0
        and tokens[opening].mark != "open"
        and tokens[opening].line == tokens[back].line
    ):
        opening -= 1
    if opening < 0 or tokens[opening].mark != "open":
        return None
    words = [t for t in tokens[opening + 1 : back] if t.key]
    if len(words) < _QUOTATION_WORDS:
        return None
    _, sentence_end = reader.sentence_of(cue)
    end = cue + 1
    while end < min(sentence_end, len(tokens)) and tokens[end].key:
        end += 1
    speaker = reader.speaker(cue + 1, end, form.agreement)
    if speaker is None:
        return None
    reader.history.append(speaker)
    span = (tokens[opening + 1].start, tokens[back - 1].end, True)
    reader.emit(speaker, cue, 1, span, None, tokens[opening].start)
    return end


def _preposition_cue(reader: _Reader, index: int) -> int:
    """Width of a crediting phrase ("بحسب"، "نقلاً عن") at `index`, or 0."""
    tokens = reader.tokens
    for phrase in PREPOSITION_CUES:
        width = len(phrase)
        if index + width > len(tokens):
            continue
        keys = [tokens[index + k].key for k in range(width)]
        keys[0] = _bare(keys[0])
        if tuple(keys) == phrase:
            if phrase == (match_key("نقلا"), match_key("عن")):
                previous = index - 1
                if previous >= 0 and reader.cue_at(previous) is not None:
                    return 0  # "قال نقلاً عن": the verb's attribution reads it
                if any(reader.cue_at(k) for k in range(reader.sentence_of(index)[0], index)):
                    return 0
            return width
    return 0


def _credited(reader: _Reader, index: int, width: int) -> int | None:
    """ "بحسب المرصد"، "وفقاً لوكالة الأناضول": the rest of the sentence is the source's."""
    tokens = reader.tokens
    sentence_start, sentence_end = reader.sentence_of(index)
    first = index + width
    if first < sentence_end and tokens[first].key in ("ما", "لما"):
        # "وفقاً لما أعلنته وزارة الدفاع": the verb names the source after it.
        verb = first + 1
        if verb >= sentence_end or _verb_with_object(reader, verb) is None:
            return None
        width, first = verb + 1 - index, verb + 1
    end = first
    while end < sentence_end and tokens[end].key and tokens[end].text not in _COMMA:
        if end > first and _bare(tokens[end].key) in ("فان", "ان"):
            break
        end += 1
    if end == first:
        return None
    speaker = reader.speaker(first, end, "")
    if speaker is None or (speaker.entity is None and not speaker.anonymous):
        return None
    leading = all(not t.key or t.key in _AUXILIARIES for t in tokens[sentence_start:index])
    if leading:
        content_first = end
        while content_first < sentence_end and (
            not tokens[content_first].key or _bare(tokens[content_first].key) in ("فان", "ان")
        ):
            content_first += 1
        if content_first >= sentence_end:
            return None
        stop = sentence_end
        while stop > content_first and not tokens[stop - 1].key:
            stop -= 1
        span = (tokens[content_first].start, tokens[stop - 1].end, False)
    else:
        following = end
        while following < sentence_end and tokens[following].text in _COMMA:
            following += 1
        opened = reader.introducer_at(following) if following < sentence_end else None
        stop = index
        while stop > sentence_start and not tokens[stop - 1].key:
            stop -= 1
        if opened is not None:
            # "ويُرتقب، بحسب مصادر دبلوماسية، أن تستأنف المشاورات ...": what follows.
            found = reader.content(opened)
            if found is None:
                return None
            span = found
        elif stop - sentence_start < 3:
            return None
        else:
            span = (tokens[sentence_start].start, tokens[stop - 1].end, False)
    reader.history.append(speaker)
    reader.emit(speaker, index, width, span, None, tokens[index].start)
    return end


def _verb_with_object(reader: _Reader, index: int) -> Cue | None:
    """A reporting verb, also with an object pronoun ("أعلنته", "ذكرتها")."""
    key = reader.tokens[index].key
    for form in (key, key.removesuffix("ه"), key.removesuffix("ها")):
        cue = CUES.get(form) or CUES.get(_bare(form))
        if cue is not None:
            return cue
    return None


def _headline(reader: _Reader, length: int) -> None:
    """ "مصادر تركية: التنسيق مستمر ...": a headline that quotes its source."""
    tokens = [t for t in reader.tokens if t.end <= length]
    colon = next((i for i, t in enumerate(tokens[:8]) if t.text == ":"), None)
    if colon is None or colon == 0 or colon + 2 >= len(tokens):
        return
    speaker = reader.speaker(0, colon, "")
    if speaker is None or (speaker.entity is None and not speaker.anonymous):
        return
    span = (tokens[colon + 1].start, tokens[-1].end, False)
    reader.emit(speaker, colon, 1, span, None, 0)
