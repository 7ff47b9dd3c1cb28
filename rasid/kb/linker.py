"""From tagged sentences to linked entities: mentions, knowledge-base links, coreference.

Mentions come from three places, because the tagger alone misses too much
(its recall on unseen articles is about 0.6):

1. the tagger's spans;
2. a longest-match pass over the knowledge base's unambiguous names
   (curated actors, countries, capitals, subdivisions, large cities): names
   the curators chose so that they are never ordinary words;
3. nisba adjectives ("التركية", "الروسيين"), linked to their country; after
   an institution noun ("القوات التركية") the two words are one ORG mention
   of that country's institution.

Each mention is linked through the knowledge base's tiers (exact, sound,
fuzzy), choosing among several records by type, by the countries named in
the sentence and the document, then by kind and population. Inside a
document, a later "قره" is the "بينار قره" met before, and every further
occurrence of a name found once is a mention too. Names the knowledge base
lacks get a stable `new:` id and a romanised English name.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rasid.kb.index import KnowledgeBase, match_key, sound_fold
from rasid.kb.lexicon import (
    AMBIGUOUS_NAMES,
    FACILITIES,
    FIRST_NAMES,
    GENERIC_PLACES,
    GLUE,
    INSTITUTIONS,
    SETTLEMENTS,
    TRIGGERS,
    common_words,
    new_entity_id,
    romanize,
    unclitic,
)
from rasid.kb.records import KbRecord
from rasid.model import Entity
from rasid.ner.dictionary import folds_away, name_dictionary, sound_of_words
from rasid.text.tokens import Token

__all__ = ["Linker", "Mention", "common_words", "new_entity_id", "romanize"]


@dataclass(slots=True)
class Mention:
    """A span of word tokens (document token indexes, end exclusive) that names something."""

    start: int
    end: int
    type: str
    origin: str
    """tagger, dictionary, demonym, institution or coreference."""
    skip: int = 0
    """Letters of a proclitic before the name in the first token ("و" of "وموسكو")."""
    record: KbRecord | None = None
    how: str = ""
    role: str | None = None
    keys: tuple[str, ...] = field(default=())


class Linker:
    """Turns one document's tokens and tags into linked `Entity` records."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.dictionary = name_dictionary(kb)

    def entities(
        self, text: str, sentences: Sequence[Sequence[Token]], tags: Sequence[Sequence[str]]
    ) -> list[Entity]:
        """Linked entities of one document, in text order, offsets into `text`."""
        tokens = [token for sentence in sentences for token in sentence]
        texts = [token.text for token in tokens]
        keys = list(map(match_key, texts))
        mentions = self._mentions(texts, keys, [len(sentence) for sentence in sentences], tags)
        return [self._entity(text, tokens, keys, mention) for mention in mentions]

    def name_tags(
        self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]
    ) -> list[list[str]]:
        """BIO tags of the names found in a document (tagger, dictionary, propagation),
        for scoring against CoNLL files; adjectives ("التركية") are not names there."""
        texts = [word for sentence in sentences for word in sentence]
        keys = list(map(match_key, texts))
        mentions = self._mentions(texts, keys, [len(sentence) for sentence in sentences], tags)
        flat = ["O"] * len(keys)
        for mention in mentions:
            if mention.origin in ("demonym", "institution", "nested"):
                continue
            start, end = mention.start, mention.end
            if mention.origin == "dictionary":
                # CoNLL names leave out a trailing nisba ("حزب الله اللبناني" is "حزب الله"),
                # and with it "الجيش اللبناني" is no name at all.
                while end - start > 1 and self.dictionary.demonyms(keys[end - 1]):
                    end -= 1
                if end < mention.end and end - start == 1 and _institution(keys[start]):
                    continue
            flat[start] = f"B-{mention.type}"
            for index in range(start + 1, end):
                flat[index] = f"I-{mention.type}"
        result, offset = [], 0
        for sentence in sentences:
            result.append(flat[offset : offset + len(sentence)])
            offset += len(sentence)
        return result

    def _mentions(
        self,
        texts: Sequence[str],
        keys: Sequence[str],
        lengths: Sequence[int],
        tags: Sequence[Sequence[str]],
    ) -> list[Mention]:
        bounds, offset = [], 0
        for length in lengths:
            bounds.append((offset, offset + length))
            offset += length
        tagged = [m for m in _tagger_mentions(tags, keys) if not _generic(keys, m)]
        found = list(self._dictionary_mentions(texts, keys, bounds))
        mentions = _merge(tagged, found)
        countries = Counter(
            m.record.country for m in mentions if m.record is not None and m.record.country
        )
        for mention in mentions:
            if mention.record is None:
                self._link(mention, keys, countries)
        mentions = self._coreference(mentions, keys, bounds)
        nested = [inner for outer in mentions for inner in self._nested(outer, keys)]
        return sorted([*mentions, *nested], key=lambda m: (m.start, -m.end))

    def _nested(self, outer: Mention, keys: Sequence[str]) -> Iterable[Mention]:
        """Towns and countries inside a landmark's name: "طريق حلب اللازقية" is the M4
        and also names Aleppo and Latakia, which a reader of the map wants too."""
        record = outer.record
        if record is None or record.type != "LOC" or record.kind in SETTLEMENTS:
            return
        position = outer.start + 1
        while position < outer.end:
            found = None
            for size in (2, 1):
                if position + size > outer.end:
                    continue
                words = keys[position : position + size]
                if "" in words:
                    continue
                for head, skip in unclitic(words[0]):
                    name = " ".join((head, *words[1:]))
                    candidates = self.kb.lookup(name, fuzzy=False)
                    places = [
                        c
                        for c in candidates
                        if c.record.kind in SETTLEMENTS
                        and (record.country is None or c.record.country == record.country)
                    ]  # "جبل الزاوية" in Syria does not contain Zawiya in Libya
                    if (
                        places
                        and name not in self.dictionary.common
                        and name not in AMBIGUOUS_NAMES
                    ):
                        found = Mention(position, position + size, "LOC", "nested", skip)
                        found.record, found.how = places[0].record, places[0].how
                        break
                if found:
                    break
            if found:
                yield found
                position = found.end
            else:
                position += 1

    # -- finding mentions ----------------------------------------------------------

    def _dictionary_mentions(
        self, texts: Sequence[str], keys: Sequence[str], bounds: Sequence[tuple[int, int]]
    ) -> Iterable[Mention]:
        """Longest knowledge-base names, then adjectives, left to right in each sentence.

        Quote marks and dashes inside a name are passed over ("قناة “العربية”",
        "طريق حلب – اللاذقية"); other punctuation ends a name. Curated names of
        several words also match by sound ("طريق حلب اللازقية").
        """
        starts = self.dictionary.starts
        # Most words start no name; which do is settled once per distinct word.
        opening = {key for key in set(keys) if starts(key)}
        for first, last in bounds:
            seq = [i for i in range(first, last) if keys[i] or texts[i] not in GLUE]
            previous: Mention | None = None
            taken_until = first
            for j in [j for j, i in enumerate(seq) if keys[i] in opening]:
                if seq[j] < taken_until:
                    continue
                hit = self._longest_name(seq, j, keys)
                if hit is None:
                    hit = self._demonym(keys, seq, j)
                    if hit and _coordinated(hit, previous, keys):
                        # "القوات التركية والروسية": the second adjective is Russia's forces.
                        hit.type, hit.origin, hit.role = "ORG", "institution", previous.role  # type: ignore[union-attr]
                if hit is None:
                    continue
                previous = hit
                yield hit
                taken_until = hit.end

    def _longest_name(self, seq: Sequence[int], j: int, keys: Sequence[str]) -> Mention | None:
        """The longest knowledge-base name from the `j`-th word of `seq`, exact before sound.

        The name grows a word at a time while it is still the start of some
        name (or, for sound matching, of some name's sound key).
        """
        d = self.dictionary
        for first, skip, longest, sound_head in d.heads(keys[seq[j]]):
            limit = min(longest, len(seq) - j)
            key = first
            # The sound key grows from each word's fold, and stops growing when
            # no sound key goes on; a word that folds to nothing defeats both.
            sound: str | None = sound_of_words(first) if sound_head else None
            exhaustive = sound is not None and folds_away(first)
            best: tuple[int, tuple[str, ...], str, str] | None = None
            size = 1
            while True:
                ids = d.names.get(key)
                if ids:
                    best = (size, ids, "exact", key)
                elif size > 1 and sound is not None:
                    ids = d.sound_names.get(sound, ())
                    if ids:
                        best = (size, ids, "sound", key)
                if size == limit:
                    break
                word = keys[seq[j + size]]
                if not word:
                    break  # every longer name would hold an empty word
                grows = sound is not None and (exhaustive or sound in d.sound_prefixes)
                if key not in d.prefixes and not grows:
                    break
                key = f"{key} {word}"
                if grows:
                    exhaustive = exhaustive or folds_away(word)
                    sound = sound_of_words(key) if exhaustive else f"{sound} {sound_fold(word)}"
                else:
                    sound = None
                size += 1
            if best is not None:
                size, ids, how, key = best
                record = self.kb.records[ids[0]]
                end = seq[j + size - 1] + 1
                hit = Mention(seq[j], end, record.type, "dictionary", skip, record, how)
                hit.keys = (key,)
                if size > 1 and first in TRIGGERS and record.kind not in FACILITIES:
                    # "صحيفة هآرتس", "قطاع غزة": the name is what follows the noun.
                    hit.start, hit.skip = seq[j + 1], 0
                return hit
        return None

    def _demonym(self, keys: Sequence[str], seq: Sequence[int], j: int) -> Mention | None:
        position = seq[j]
        for form, skip, ids in self.dictionary.demonyms(keys[position]):
            record = self.kb.records[ids[0]]
            mention = Mention(position, position + 1, "MISC", "demonym", skip, record, "demonym")
            if j > 0 and seq[j - 1] == position - 1:
                feminine = form.endswith("ه")
                for noun, noun_skip in unclitic(keys[position - 1]):
                    role, gender = INSTITUTIONS.get(noun, ("", ""))
                    agrees = gender == "p" or (gender == "f") == feminine
                    if role and agrees and record.kind == "country":
                        return Mention(
                            position - 1, position + 1, "ORG", "institution", noun_skip,
                            record, "demonym", role,
                        )  # fmt: skip
            return mention
        return None

    # -- linking -------------------------------------------------------------------

    def _link(self, mention: Mention, keys: Sequence[str], countries: Counter[str]) -> None:
        words = keys[mention.start : mention.end]
        if not words or "" in words:
            return
        best: tuple[tuple[float, ...], KbRecord, str, int] | None = None
        for head, skip in unclitic(words[0]):
            name = " ".join((head, *words[1:]))
            for candidate in self.kb.lookup(name, fuzzy=skip == 0 or len(words) > 1):
                record = candidate.record
                fit = _type_fit(mention.type, record, candidate.how)
                if fit == 0:
                    continue
                rank = (
                    candidate.score,
                    fit,
                    float(countries.get(record.country or "", 0) > 0),
                    float(record.source.startswith("curated")),
                    float(skip == 0),
                )
                if best is None or rank > best[0]:
                    best = (rank, record, candidate.how, skip)
        if best is not None:
            _, mention.record, mention.how, mention.skip = best
            if mention.type == "":
                mention.type = mention.record.type

    # -- document-level coreference and propagation -------------------------------

    def _coreference(
        self, mentions: list[Mention], keys: Sequence[str], bounds: Sequence[tuple[int, int]]
    ) -> list[Mention]:
        """Short forms of full names met in the document, and repeats of found names."""
        by_part: dict[str, Mention] = {}
        by_name: dict[tuple[str, ...], Mention] = {}
        common = self.dictionary.common
        for mention in mentions:
            words = _name_words(keys, mention)
            if mention.type == "PERS" and len(words) >= 2:
                for word in (words[0], words[-1]):
                    if word not in FIRST_NAMES and word not in common and len(word) >= 3:
                        by_part.setdefault(word, mention)
            if (
                mention.origin == "tagger"
                and len("".join(words)) >= 4
                and (len(words) > 1 or words[0] not in common)
            ):
                by_name.setdefault(tuple(words), mention)
        # A single-word mention that is part of a full name is that person.
        for mention in mentions:
            words = _name_words(keys, mention)
            source = by_part.get(words[0]) if len(words) == 1 else None
            if (
                source is not None
                and source is not mention
                and (mention.record is None or mention.how in ("fuzzy", "sound"))
            ):
                mention.type, mention.record, mention.how = "PERS", source.record, "coreference"
                mention.keys = source.keys or tuple(_name_words(keys, source))
        # Further occurrences of a name found once, the tagger having missed them.
        by_head: dict[str, list[tuple[tuple[str, ...], Mention]]] = {}
        for name, source in sorted(by_name.items(), key=lambda item: -len(item[0])):
            by_head.setdefault(name[0], []).append((name, source))
        taken = [False] * len(keys)
        for mention in mentions:
            for index in range(mention.start, mention.end):
                taken[index] = True
        added: list[Mention] = []
        # Only tokens one of whose readings starts a known name are worth a look.
        starts = by_part.keys() | by_head.keys()
        hopeful: set[str] = set()
        for key in set(keys) if starts else ():
            for head, _ in unclitic(key):
                if head in starts:
                    hopeful.add(key)
                    break
        for first, last in bounds if hopeful else ():
            for position in [p for p in range(first, last) if keys[p] in hopeful]:
                if taken[position]:
                    continue
                for head, skip in unclitic(keys[position]):
                    # A full name repeated is one mention, not one per word of it.
                    source, size = _repeat(by_head, keys, position, last, head)
                    if source is None:
                        source, size = by_part.get(head), 1
                    if source is not None and not any(taken[position : position + size]):
                        mention = Mention(
                            position, position + size, source.type, "coreference", skip,
                            source.record, "coreference",
                        )  # fmt: skip
                        mention.keys = source.keys or tuple(_name_words(keys, source))
                        added.append(mention)
                        for index in range(position, position + size):
                            taken[index] = True
                        break
        return sorted([*mentions, *added], key=lambda m: m.start)

    # -- output --------------------------------------------------------------------

    def _entity(
        self, text: str, tokens: Sequence[Token], keys: Sequence[str], mention: Mention
    ) -> Entity:
        start = _skip_letters(text, tokens[mention.start].start, mention.skip)
        end = tokens[mention.end - 1].end
        record = mention.record
        if record is None:
            name = text[start:end]
            key = " ".join(mention.keys) if mention.keys else match_key(name)
            return Entity(
                text=name, start=start, end=end, type=mention.type,
                kb_id=new_entity_id(mention.type, key),
                name_en=romanize(key if mention.how == "coreference" else name),
                link="coreference" if mention.how == "coreference" else "new",
            )  # fmt: skip
        description = record.description_en
        if mention.role:
            description = f"{record.name_en}: {mention.role}"
        return Entity(
            text=text[start:end], start=start, end=end, type=mention.type, kb_id=record.id,
            name_en=record.name_en, description_en=description,
            lat=record.lat if record.type == "LOC" else None,
            lon=record.lon if record.type == "LOC" else None,
            kind=mention.role or record.kind, country=record.country, link=mention.how,
        )  # fmt: skip


def _institution(key: str) -> bool:
    """Is the word a state-institution noun ("الجيش", "الخارجية"), clitics aside?"""
    return any(noun in INSTITUTIONS for noun, _ in unclitic(key))


def _tagger_mentions(tags: Sequence[Sequence[str]], keys: Sequence[str]) -> Iterable[Mention]:
    """The tagger's spans; only the tokens tagged as part of a name are visited."""
    offset = 0
    for sentence_tags in tags:
        found: list[tuple[int, int, str]] = []
        start: int | None = None
        kind = ""
        last = -1
        for index in [i for i, tag in enumerate(sentence_tags) if tag != "O"]:
            tag = sentence_tags[index]
            position = offset + index
            inside = (
                start is not None and position == last + 1 and tag[2:] == kind
            ) and tag.startswith("I-")
            if start is not None and not inside:
                found.append((start, last + 1, kind))
                start = None
            if tag.startswith("B-") or (tag.startswith("I-") and start is None):
                start, kind = position, tag[2:]
            last = position
        if start is not None:
            found.append((start, last + 1, kind))
        for start, end, kind in found:
            if any(keys[start:end]):
                # Punctuation at either edge ("ـ خليفة أدهم") is not part of the name.
                while not keys[start]:
                    start += 1
                while not keys[end - 1]:
                    end -= 1
                yield Mention(start, end, kind, "tagger")
        offset += len(sentence_tags)


def _merge(tagged: list[Mention], found: list[Mention]) -> list[Mention]:
    """The tagger's mentions and the dictionary's, without overlaps.

    A tagger span that covers a dictionary match keeps its own extent and type
    ("ريال مدريد" is a club, not the city inside it), unless the match is a
    curated name of the same extent; a longer dictionary match wins ("صحيفة
    الشرق الأوسط" over the tagger's "الشرق الأوسط"); a bare adjective never
    beats a tagger span.
    """
    # Found by bisecting the matches' starts, not by scanning them all for each
    # tagger span: a 4M-character text has tens of thousands of both.
    ordered = sorted(found, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    longest = max((m.end - m.start for m in ordered), default=0)
    result = list(found)
    beaten: set[int] = set()
    for mention in tagged:
        # A match that overlaps starts less than `longest` tokens before the span.
        first = bisect.bisect_right(starts, mention.start - longest)
        last = bisect.bisect_left(starts, mention.end, lo=first)
        overlapping = [m for m in ordered[first:last] if mention.start < m.end]
        if not overlapping:
            result.append(mention)
            continue
        covers = all(mention.start <= m.start and m.end <= mention.end for m in overlapping)
        same = len(overlapping) == 1 and (overlapping[0].start, overlapping[0].end) == (
            mention.start,
            mention.end,
        )
        curated_same = same and _curated(overlapping[0])
        if (covers and not curated_same) or all(m.origin == "demonym" for m in overlapping):
            # By identity: comparing mentions field by field is what cost here.
            beaten.update(id(m) for m in overlapping)
            result.append(mention)
    return sorted((m for m in result if id(m) not in beaten), key=lambda m: m.start)


def _generic(keys: Sequence[str], mention: Mention) -> bool:
    """A tagger span made only of generic place nouns ("ريف" of "ريف إدلب")."""
    return all(
        unclitic(keys[i])[-1][0] in GENERIC_PLACES for i in range(mention.start, mention.end)
    )


def _coordinated(hit: Mention, previous: Mention | None, keys: Sequence[str]) -> bool:
    """An adjective joined by "و" right after an institution mention."""
    return (
        previous is not None
        and previous.origin == "institution"
        and hit.origin == "demonym"
        and previous.end == hit.start
        and hit.skip >= 1
        and keys[hit.start].startswith("و")
    )


def _curated(mention: Mention) -> bool:
    return mention.record is not None and mention.record.source.startswith("curated")


def _type_fit(mention_type: str, record: KbRecord, how: str) -> int:
    """2 when the types agree, 1 when a confusion the tagger often makes, 0 when never."""
    if mention_type == record.type or mention_type == "":
        return 2
    if mention_type == "PERS" or record.type == "PERS":
        return 0
    return 1 if how == "exact" else 0


def _name_words(keys: Sequence[str], mention: Mention) -> list[str]:
    words = list(keys[mention.start : mention.end])
    if words and mention.skip:
        words[0] = next((k for k, n in unclitic(words[0]) if n == mention.skip), words[0])
    return [word for word in words if word]


def _repeat(
    by_head: dict[str, list[tuple[tuple[str, ...], Mention]]],
    keys: Sequence[str],
    position: int,
    last: int,
    head: str,
) -> tuple[Mention | None, int]:
    for name, source in by_head.get(head, ()):
        size = len(name)
        if position + size <= last and tuple(keys[position + 1 : position + size]) == name[1:]:
            return source, size
    return None, 0


def _skip_letters(text: str, start: int, letters: int) -> int:
    """Offset after `letters` base letters from `start`, past their diacritics."""
    position = start
    while letters and position < len(text):
        position += 1
        letters -= 1
        while position < len(text) and "\u064b" <= text[position] <= "\u065f":
            position += 1
    return position
