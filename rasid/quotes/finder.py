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

from collections.abc import Sequence

from rasid.kb.index import match_key
from rasid.model import Entity, Quote
from rasid.quotes.lexicon import (
    CHANNEL_NOUNS,
    CUES,
    INTRODUCERS,
    PREPOSITION_CUES,
    SAYING_NOUNS,
    SPEAKER_STOPS,
    STATEMENT_NOUNS,
    TIME_WORDS,
    Cue,
)
from rasid.quotes.reader import (
    AUXILIARIES,
    COMMA,
    QUOTATION_WORDS,
    Reader,
    Speaker,
    bare,
)

__all__ = ["find_quotes"]

#: How far after a cue its introducer may be, in tokens (speaker, channel, time between).
_INTRODUCER_WINDOW = 24
#: The crediting phrases by their first word, in the lexicon's order: asked at every
#: token, the phrases whose first word is not there are never looked at.
_PREPOSITION_CUES_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(phrase for phrase in PREPOSITION_CUES if phrase[0] == first)
    for first in {phrase[0] for phrase in PREPOSITION_CUES}
}


def find_quotes(text: str, entities: Sequence[Entity], *, title: str | None = None) -> list[Quote]:
    """Quotations and reported speech in `text`, in order, with their speakers.

    `entities` are the document's linked entities (the entities stage);
    `title` is its headline, the first line of `text`, read for the
    "مصادر: ..." shape.
    """
    reader = Reader(text, entities)
    if title and text.startswith(title):
        _headline(reader, len(title))
    index = 0
    tokens = reader.tokens
    while index < len(tokens):
        key = tokens[index].key
        # An attribution opens with a cue or a crediting phrase; most words are
        # neither, and are passed over without a closer look.
        opens = key in CUES or (first := bare(key)) in CUES or first in _PREPOSITION_CUES_BY_FIRST
        index = (_at(reader, index) if opens else None) or index + 1
    return sorted(reader.quotes, key=lambda q: q.start)


def _at(reader: Reader, index: int) -> int | None:
    """Read an attribution starting at token `index`; return where to go on, if one was."""
    offset = reader.tokens[index].start
    if reader.covered.contains(offset):
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


def _verb_quote(reader: Reader, cue: int, form: Cue) -> int | None:
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
        stop = token.text in COMMA or _ends_speaker(reader, position)
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
    reader: Reader,
    speaker: Speaker,
    cue: int,
    span: tuple[int, int, bool],
    via: Entity | tuple[int, int] | None,
) -> None:
    """ "أن A، وأن B": B is a second statement of the same speaker, cue and channel."""
    tokens = reader.tokens
    while True:
        position = reader.index_after(span[1])
        while position < len(tokens) and tokens[position].text in COMMA:
            position += 1
        if position >= len(tokens):
            return
        if reader.quoted_clause(position):
            following = reader.content(position)
        elif reader.coordinated(position):
            following = reader.content(position + 1)
        else:
            return
        if following is None:
            return
        span = following
        reader.emit(speaker, cue, 1, span, via, tokens[cue].start)


def _ends_speaker(reader: Reader, index: int) -> bool:
    """Does the speaker's name end before token `index`? At a time word, at "في بيان",
    "خلال مؤتمر صحفي", "عبر قناة", "لصحيفة"; not at "في" of "المسؤولة في وزارة الدفاع"."""
    key = bare(reader.tokens[index].key)
    if key in TIME_WORDS or key in STATEMENT_NOUNS:
        return True
    if reader.outlet_after_clitic(index) is not None:
        return True  # "أكدوا للجزيرة نت أن": the outlet spoken to
    if key[:1] == "ل" and (key[1:] in CHANNEL_NOUNS or key[1:] in STATEMENT_NOUNS):
        return True
    if key in SPEAKER_STOPS and index + 1 < len(reader.tokens):
        following = bare(reader.tokens[index + 1].key)
        return (
            following in STATEMENT_NOUNS
            or following in CHANNEL_NOUNS
            or following in TIME_WORDS
            or following.removeprefix("ال") in STATEMENT_NOUNS
        )
    return False


def _remember_subject(reader: Reader, cue: int, form: Cue, speaker_end: int | None) -> None:
    """A reporting verb with no statement after it still names who speaks next:
    "ونفى مصدر محلي صحة الأنباء، مؤكداً أن ..." — the participle is the source's."""
    last = speaker_end if speaker_end is not None else cue + 1
    speaker = reader.speaker(cue + 1, min(last, cue + 8), form.agreement)
    if speaker is not None and (speaker.entity is not None or speaker.anonymous):
        reader.history.append(speaker)
        reader.mentioned.append((reader.tokens[cue].sentence, speaker))


def _relay_end(reader: Reader, first: int, introducer: int) -> int:
    """End of the source named after "نقلاً عن", before "قوله" or a comma."""
    end = first
    while end < introducer:
        token = reader.tokens[end]
        if token.text in COMMA or token.key in SAYING_NOUNS or token.key in INTRODUCERS:
            break
        if reader.introducer_at(end) is not None:
            break
        end += 1
    return end


def _participle_quote(reader: Reader, cue: int, form: Cue) -> int | None:
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


def _quotation_before(reader: Reader, cue: int, form: Cue) -> int | None:
    """ "“...”، يقول أبو محمد": a quotation the cue after it attributes."""
    tokens = reader.tokens
    back = cue - 1
    while back >= 0 and tokens[back].text in COMMA:
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
    if len(words) < QUOTATION_WORDS:
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


def _preposition_cue(reader: Reader, index: int) -> int:
    """Width of a crediting phrase ("بحسب"، "نقلاً عن") at `index`, or 0."""
    tokens = reader.tokens
    for phrase in _PREPOSITION_CUES_BY_FIRST.get(bare(tokens[index].key), ()):
        width = len(phrase)
        if index + width > len(tokens):
            continue
        if all(tokens[index + k].key == phrase[k] for k in range(1, width)):
            if phrase == (match_key("نقلا"), match_key("عن")):
                previous = index - 1
                if previous >= 0 and reader.cue_at(previous) is not None:
                    return 0  # "قال نقلاً عن": the verb's attribution reads it
                if any(reader.cue_at(k) for k in range(reader.sentence_of(index)[0], index)):
                    return 0
            return width
    return 0


def _credited(reader: Reader, index: int, width: int) -> int | None:
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
    while end < sentence_end and tokens[end].key and tokens[end].text not in COMMA:
        if end > first and bare(tokens[end].key) in ("فان", "ان"):
            break
        end += 1
    if end == first:
        return None
    speaker = reader.speaker(first, end, "")
    if speaker is None or (speaker.entity is None and not speaker.anonymous):
        return None
    leading = all(not t.key or t.key in AUXILIARIES for t in tokens[sentence_start:index])
    if leading:
        content_first = end
        while content_first < sentence_end and (
            not tokens[content_first].key or bare(tokens[content_first].key) in ("فان", "ان")
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
        while following < sentence_end and tokens[following].text in COMMA:
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


def _verb_with_object(reader: Reader, index: int) -> Cue | None:
    """A reporting verb, also with an object pronoun ("أعلنته", "ذكرتها")."""
    key = reader.tokens[index].key
    for form in (key, key.removesuffix("ه"), key.removesuffix("ها")):
        cue = CUES.get(form) or CUES.get(bare(form))
        if cue is not None:
            return cue
    return None


def _headline(reader: Reader, length: int) -> None:
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
