"""The quote finder's view of one document: tokens with sentence and line, quotation
marks paired, entities, and the speakers and quotes found so far.

`rasid.quotes.finder` reads attribution patterns over it; this module knows how
to find a speaker's name, a channel, an introducer and the words said.
"""

from __future__ import annotations

import bisect
import itertools
import sys
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
    ROLE_NOUNS,
    SAYING_NOUNS,
    STATEMENT_NOUNS,
    Cue,
    agrees,
)
from rasid.text.tokens import sentences

__all__ = [
    "AUXILIARIES",
    "CLOSING",
    "COMMA",
    "OPENING",
    "QUOTATION_WORDS",
    "STRAIGHT",
    "WAS",
    "Reader",
    "Speaker",
    "Token",
    "anonymous_head",
    "bare",
    "closing_after",
]

OPENING = frozenset("“«„‹")
CLOSING = frozenset("”»‟›")
#: Marks that open and close alike; which one a mark is depends on its place in the line.
STRAIGHT = '"'
COMMA = frozenset("،,")
CONJUNCTIONS = ("و", "ف")
#: Words the speaker search looks past to the cue it belongs to: "وكان ... قد صرح".
WAS = frozenset(match_key(word) for word in ("كان", "كانت", "وكان", "وكانت"))
AUXILIARIES = frozenset(
    match_key(word) for word in ("قد", "كان", "كانت", "وكان", "وكانت", "فقد", "لقد")
)
#: Most words before a closing quotation that still makes reported speech direct.
PREDICATE_OFFSET = 6
#: Fewest words a quotation with no cue before it must have to be speech, not a name.
QUOTATION_WORDS = 4


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    key: str
    sentence: int
    line: int
    mark: str = ""
    """open or close for a quotation mark."""


@dataclass(slots=True)
class Speaker:
    text: str
    start: int
    end: int
    agreement: str
    entity: Entity | None
    anonymous: bool
    gloss: str | None


def anonymous_head(key: str) -> tuple[str, str] | None:
    """Agreement and gloss of an unnamed source's head noun ("مصادر", "والمسؤول")."""
    for form in (key, bare(key)):
        found = ANONYMOUS.get(form) or ANONYMOUS.get(form.removeprefix("ال"))
        if found:
            return found
    return None


def bare(key: str) -> str:
    """A token's matching form without a leading conjunction ("وأضافت" -> "اضافت")."""
    return key[1:] if key[:1] in CONJUNCTIONS and len(key) > 3 else key


class Spans:
    """Character spans already taken by quotes' words, none overlapping another.

    Kept sorted, so that asking about an offset costs a bisection rather
    than a pass over every quote: a long article has thousands.
    """

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def add(self, start: int, end: int) -> None:
        bisect.insort(self._spans, (start, end))

    def contains(self, offset: int) -> bool:
        index = bisect.bisect_right(self._spans, (offset, sys.maxsize)) - 1
        return index >= 0 and offset < self._spans[index][1]

    def overlaps(self, start: int, end: int) -> bool:
        # Spans do not overlap, so the last one starting before `end` ends last.
        index = bisect.bisect_left(self._spans, (end, -sys.maxsize)) - 1
        return index >= 0 and start < self._spans[index][1]


class Reader:
    """One document's tokens and entities, and the quotes found so far."""

    def __init__(self, text: str, entities: Sequence[Entity]) -> None:
        self.text = text
        self.tokens: list[Token] = []
        self.sentence_bounds: list[tuple[int, int]] = []
        line, previous_end = 0, 0
        for number, sentence in enumerate(sentences(text)):
            first = len(self.tokens)
            # A sentence never runs over a line break: its words share one line.
            line += text.count("\n", previous_end, sentence[0].start)
            previous_end = sentence[0].start
            for token in sentence:
                if (
                    self.tokens
                    and unicodedata.category(token.text[0]) == "Mn"  # seldom: asked first
                    and all(unicodedata.category(c) == "Mn" for c in token.text)
                ):
                    # A stray tanween ("نقلاً" tokenised as "نقلا" + "ً") belongs to its word.
                    self.tokens[-1].end = token.end
                    self.tokens[-1].text += token.text
                    continue
                key = match_key(token.text) if token.text.strip() else ""
                self.tokens.append(Token(token.text, token.start, token.end, key, number, line))
            self.sentence_bounds.append((first, len(self.tokens)))
        self._join_abbreviations()
        mark_quotes(self.tokens)
        self.entities = sorted(entities, key=lambda e: (e.start, -e.end))
        # Lookups by position bisect these starts, so that a long text's many cues
        # do not each scan every entity (a 4M-character text: hours, not seconds).
        self._entity_starts = [entity.start for entity in self.entities]
        self._by_noun: dict[str, tuple[list[int], list[int]]] | None = None
        self.history: list[Speaker] = []
        self.quotes: list[Quote] = []
        self.attributed: list[tuple[Quote, Speaker]] = []
        self.mentioned: list[tuple[int, Speaker]] = []
        """(sentence, speaker) of each reporting verb whose speaker was found, in order."""
        self.covered = Spans()
        self._starts = [token.start for token in self.tokens]

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
        return [e for e in self._starting(start, end) if e.end <= end]

    def _starting(self, start: int, end: int) -> list[Entity]:
        """Entities that start within [start, end), in document order."""
        first = bisect.bisect_left(self._entity_starts, start)
        last = bisect.bisect_left(self._entity_starts, end, lo=first)
        return self.entities[first:last]

    def cue_at(self, index: int) -> Cue | None:
        key = self.tokens[index].key
        return CUES.get(key) or CUES.get(bare(key))

    def introducer_at(self, index: int) -> int | None:
        """If tokens from `index` open the words said, the index where they start."""
        tokens = self.tokens
        key = bare(tokens[index].key) if tokens[index].key else ""
        text = tokens[index].text
        if key in INTRODUCERS:
            if index > 0 and bare(tokens[index - 1].key) in NOT_SPEECH:
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
                return words >= QUOTATION_WORDS
            words += bool(token.key)
        return True

    # -- the speaker ---------------------------------------------------------------

    def speaker(self, first: int, last: int, agreement: str) -> Speaker | None:
        """The speaker named by tokens [first, last), linked to the best entity in it."""
        while first < last and (
            self.tokens[first].key in AUXILIARIES or not self.tokens[first].key
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
        anonymous_class = anonymous_head(self.tokens[first].key)
        people = [e for e in found if e.type == "PERS"]
        if people and people[-1].end < end:
            # "المسماري قبول الهدنة": the name ends the speaker; what follows is the object.
            end = closing_after(self.text, people[-1].end)
        named = people or [e for e in found if e.type == "ORG"]
        if not named and not anonymous_class:
            named = [e for e in found if e.type in ("LOC", "MISC") and e.kind == "country"]
        entity = named[-1] if people else (named[0] if named else None)
        if anonymous_class and not people:
            # "مصادر تركية": unnamed, though an adjective names its country.
            agreement = anonymous_class[0] if anonymous_class[0] == "p" else agreement
            countries = [e.name_en for e in found if e.kind == "country"]
            gloss = anonymous_class[1] + (f" ({countries[0]})" if countries else "")
            return Speaker(self.text[start:end], start, end, agreement, None, True, gloss)
        if entity is None:
            head = bare(self.tokens[first].key)
            if head in STATEMENT_NOUNS or head.removeprefix("ال") in STATEMENT_NOUNS:
                # "وأوضح البيان أن": the statement speaks for whoever issued it.
                return self.carried("")
            antecedent = self._antecedent(head, start) if last - first <= 2 else None
            if antecedent is not None:
                entity = antecedent  # "وذكرت البعثة": the mission named earlier
            elif self.tokens[first].key not in ROLE_NOUNS and head not in ROLE_NOUNS:
                return None  # "أكد احتفاظه بحق الرد": no one is named
        return Speaker(self.text[start:end], start, end, agreement, entity, False, None)

    def _antecedent(self, head: str, before: int) -> Entity | None:
        """The last organisation or person before `before` whose name has the noun `head`
        ("البعثة" -> "بعثة الأمم المتحدة للدعم في ليبيا"), also when the noun came just
        before the entity ("بعثة" + "الأمم المتحدة")."""
        noun = head.removeprefix("ال")
        if len(noun) < 3:
            return None
        named = self._nouns().get(noun)
        if named is None:
            return None
        ends, latest = named
        ended = bisect.bisect_right(ends, before)  # those that end by `before`
        return self.entities[latest[ended - 1]] if ended else None

    def _nouns(self) -> dict[str, tuple[list[int], list[int]]]:
        """For each noun of an organisation's or a person's name (and the noun just
        before it), the ends of the entities it names in ascending order and, for
        each prefix of them, the latest in document order (an index into
        `entities`); worked out when first asked."""
        if self._by_noun is None:
            named: dict[str, list[int]] = {}
            for position, entity in enumerate(self.entities):
                if entity.type not in ("ORG", "PERS"):
                    continue
                nouns = {w.removeprefix("ال") for w in match_key(entity.text).split()}
                preceding = match_key(self.text[max(0, entity.start - 20) : entity.start]).split()
                if preceding:
                    nouns.add(preceding[-1].removeprefix("ال"))
                for noun in nouns:
                    named.setdefault(noun, []).append(position)
            self._by_noun = {}
            for noun, positions in named.items():
                positions.sort(key=lambda position: self.entities[position].end)
                latest = list(itertools.accumulate(positions, max))
                self._by_noun[noun] = ([self.entities[i].end for i in positions], latest)
        return self._by_noun

    def subject_before(self, cue: int) -> Speaker | None:
        """The speaker of a subject-first sentence: "X، صرح أن" or "وكان X قد قال"."""
        first, _ = self.sentence_of(cue)
        for entity in reversed(self._starting(self.tokens[first].start, self.tokens[cue].start)):
            if entity.end > self.tokens[cue].start:
                continue
            if entity.type not in ("PERS", "ORG"):
                continue
            between = [t for t in self.tokens[first:cue] if t.start >= entity.end and t.key]
            if all(t.key in AUXILIARIES for t in between):
                start = self._phrase_start(first, entity)
                found = self.speaker(start, self._index_at(entity.end - 1) + 1, "")
                if found is not None:
                    return found
            return None
        return self._was_subject(first, cue) or self._unnamed_subject(first, cue)

    def _was_subject(self, first: int, cue: int) -> Speaker | None:
        """ "وكان فريق منسقو استجابة سوريا قد أعلن أن": the subject between كان and قد."""
        keys = [t.key for t in self.tokens[first:cue]]
        if len(keys) < 3 or keys[-1] != "قد" or keys[0] not in WAS:
            return None
        return self.speaker(first + 1, cue - 1, "")

    def _unnamed_subject(self, first: int, cue: int) -> Speaker | None:
        """ "لكن مسؤولين صحيين في طرابلس أكدوا": an unnamed source just before its verb."""
        for index in range(cue - 1, max(first, cue - 7) - 1, -1):
            if anonymous_head(self.tokens[index].key):
                return self.speaker(index, cue, "")
            if self.cue_at(index) is not None:
                break
        return None

    def _phrase_start(self, first: int, entity: Entity) -> int:
        """Where a subject before its verb begins: after a leading كان/و and any comma."""
        index = self._index_at(entity.start)
        while index > first:
            previous = self.tokens[index - 1]
            if not previous.key or previous.key in AUXILIARIES:
                break
            index -= 1
        return index

    def index_after(self, offset: int) -> int:
        """Index of the first token starting at or after character `offset`."""
        return bisect.bisect_left(self._starts, offset)

    def _index_at(self, offset: int) -> int:
        """Index of the token holding `offset`, else of the first one after it."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.tokens[index].end:
            return index
        return min(index + 1, len(self.tokens) - 1)

    def sentence_speaker(self, index: int) -> Speaker | None:
        """The speaker of the sentence of token `index` so far: of its last quote, or the
        subject of a reporting verb with no statement ("ونفى مصدر ... صحة أنباء")."""
        sentence = self.tokens[index].sentence
        for number, speaker in reversed(self.mentioned):
            if number == sentence:
                return speaker
            if number < sentence:
                break
        return None

    def carried(self, agreement: str) -> Speaker | None:
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
        for entity in self._starting(token.start + 1, token.end):
            if entity.kind == "media":
                return entity
        return None

    def channel(self, first: int, last: int) -> Entity | tuple[int, int] | None:
        """A channel named in tokens [first, last): "عبر قناة العربية", "لصحيفة ..."."""
        for index in range(first, last):
            outlet = self.outlet_after_clitic(index)
            if outlet is not None:
                return (outlet.start, closing_after(self.text, outlet.end))
            key = self.tokens[index].key
            unprefixed = key[1:] if key[:1] == "ل" and len(key) > 3 else key
            if bare(unprefixed) in CHANNEL_NOUNS or key in CHANNEL_NOUNS:
                start = self.tokens[index].start
                if key[:1] == "ل" and unprefixed != key:
                    start += 1
                bound = self.tokens[min(index + 2, last - 1)].end
                for entity in self._starting(start, bound + 1):
                    return (start, max(entity.end, closing_after(self.text, entity.end)))
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
            if token.text in COMMA and end + 1 < sentence_end and self._participle(end + 1):
                break
            if token.key and end > first and self._participle(end):
                break
            if end > first + 1 and self.coordinated(end):
                break
            if end > first + 2 and token.text in COMMA and self.quoted_clause(end + 1):
                break  # "... منذ بدء الهدنة، "لكن القصف لم يتوقف"": the speaker's own words next
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

    def quoted_clause(self, index: int) -> bool:
        """Does a quotation of the speaker's own words open at `index`?"""
        return (
            index < len(self.tokens) and self.tokens[index].mark == "open" and self.quotation(index)
        )

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
        return before <= PREDICATE_OFFSET and inside >= 2

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
        speaker: Speaker,
        cue_index: int,
        cue_width: int,
        span: tuple[int, int, bool],
        via: Entity | tuple[int, int] | None,
        attribution_start: int,
    ) -> None:
        start, end, direct = span
        if self.covered.overlaps(start, end):
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
                head = anonymous_head(match_key(via_text.split()[0])) if via_text.split() else None
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
        self.covered.add(start, end)
        self.attributed.append((self.quotes[-1], speaker))
        self.mentioned.append((self.tokens[cue_index].sentence, speaker))


def mark_quotes(tokens: list[Token]) -> None:
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


def closing_after(text: str, offset: int) -> int:
    """`offset`, moved past a closing quote mark right after it ("قناة “العربية”")."""
    closing = CLOSING | {STRAIGHT}
    return offset + 1 if offset < len(text) and text[offset] in closing else offset
