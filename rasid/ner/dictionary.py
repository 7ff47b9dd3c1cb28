"""The knowledge base's unambiguous names, indexed for the linker's longest-match pass.

Curated names, countries, capitals, multi-word subdivisions and large towns
of the region (by their first Arabic name) are names the finder may take
without the tagger; single words that are also everyday words are left to
the tagger. Curated names of several words also match by sound.
"""

from __future__ import annotations

from functools import cache

from rasid.kb.build import REGION
from rasid.kb.index import KnowledgeBase, match_key, sound_fold, sound_key
from rasid.kb.lexicon import (
    AMBIGUOUS_NAMES,
    DICTIONARY_CITY_POPULATION,
    GENERAL_DEMONYMS,
    common_words,
    unclitic,
)
from rasid.kb.records import KbRecord

__all__ = ["NameDictionary", "folds_away", "name_dictionary", "sound_of_words"]


class NameDictionary:
    """The knowledge base's unambiguous names, indexed for longest-match scanning."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.common = common_words()
        self._heads: dict[str, tuple[tuple[str, int, int, int], ...]] = {}
        self._demonyms: dict[str, tuple[tuple[str, int, tuple[str, ...]], ...]] = {}
        self._starts: dict[str, bool] = {}
        self.names: dict[str, tuple[str, ...]] = {}
        self.lengths: dict[str, int] = {}
        self.sound_names: dict[str, tuple[str, ...]] = {}
        self.sound_lengths: dict[str, int] = {}
        # The first words of longer names, so that a scan stops as soon as no name goes on.
        self.prefixes: set[str] = set()
        self.sound_prefixes: set[str] = set()
        for key, ids in kb.names():
            eligible = tuple(i for i in ids if self._eligible(kb.records[i], key))
            if not eligible:
                continue
            self.names[key] = eligible
            words = key.split(" ")
            self.lengths[words[0]] = max(self.lengths.get(words[0], 0), len(words))
            self.prefixes.update(" ".join(words[:size]) for size in range(1, len(words)))
            curated = tuple(i for i in eligible if kb.records[i].source.startswith("curated"))
            if curated and len(words) > 1:
                sound = sound_key(key)
                self.sound_names.setdefault(sound, curated)
                head = sound_key(words[0])
                self.sound_lengths[head] = max(self.sound_lengths.get(head, 0), len(words))
                sounds = sound.split(" ")
                self.sound_prefixes.update(" ".join(sounds[:k]) for k in range(1, len(sounds)))

    def heads(self, token: str) -> tuple[tuple[str, int, int, int], ...]:
        """Readings of a token that can start a name: (reading, letters dropped,
        most words a name from it has, and whether sound matching applies).
        Cached per token: most tokens start no name, and that is known at once."""
        found = self._heads.get(token)
        if found is None:
            head_token, _, rest = token.partition(" ")
            readings = []
            # An everyday word is not a clitic on a name: "وجده" is "and found it",
            # not "و" + Jeddah.
            variants = (
                unclitic(head_token)[:1] if head_token in self.common else unclitic(head_token)
            )
            for head, skip in variants:
                exact = self.lengths.get(head, 0)
                sound = self.sound_lengths.get(sound_fold(head), 0) if self.sound_lengths else 0
                if exact or sound:
                    first = f"{head} {rest}" if rest else head
                    readings.append((first, skip, max(exact, sound), sound))
            found = self._heads[token] = tuple(readings)
        return found

    def starts(self, token: str) -> bool:
        """Can a name or an adjective start at this token? Asked of every token, so cached."""
        found = self._starts.get(token)
        if found is None:
            found = self._starts[token] = bool(self.heads(token) or self.demonyms(token))
        return found

    def demonyms(self, token: str) -> tuple[tuple[str, int, tuple[str, ...]], ...]:
        """Readings of a token that are a nisba adjective, with the records it names."""
        found = self._demonyms.get(token)
        if found is None:
            found = self._demonyms[token] = tuple(
                (form, skip, ids)
                for form, skip in unclitic(token)
                if (ids := self.kb.demonym(form)) and form not in GENERAL_DEMONYMS
            )
        return found

    def _eligible(self, record: KbRecord, key: str) -> bool:
        if record.source.startswith("curated"):
            return True
        if not record.names_ar or key != match_key(record.names_ar[0]):
            # GeoNames' alternate spellings include everyday words ("أمان" for
            # Amman, "ربات" for Rabat): found without the tagger, only a place's
            # first Arabic name counts. Alternates still link what the tagger finds.
            return False
        words = key.split(" ")
        if all(word in AMBIGUOUS_NAMES or word in self.common or len(word) < 3 for word in words):
            return False  # "كان" (Caen), "المنطقة الشمالية" (an Israeli district)
        if record.kind in ("country", "capital"):
            return True
        if record.kind == "admin1":
            return " " in key
        return (
            record.kind == "city"
            and record.country in REGION
            and record.population >= DICTIONARY_CITY_POPULATION
        )


@cache
def name_dictionary(kb: KnowledgeBase) -> NameDictionary:
    """The dictionary of `kb`, built once."""
    return NameDictionary(kb)


def sound_of_words(key: str) -> str:
    """`sound_fold` of several words, from each word's (cached) fold: a phrase is
    rarely met twice, its words often. A word that folds to nothing would leave
    two spaces, which `sound_fold` of the whole makes one: then it folds the whole."""
    folds = [sound_fold(word) for word in key.split(" ")]
    return sound_fold(key) if "" in folds else " ".join(folds)


def folds_away(words: str) -> bool:
    """Does a word of `words` have an empty sound fold ("ء")?"""
    return any(not sound_fold(word) for word in words.split(" "))
