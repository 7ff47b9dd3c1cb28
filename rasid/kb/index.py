"""The knowledge base in memory: names to records, exactly, by sound, and fuzzily.

Three tiers, tried in order, because each is slower and less sure than the
one before:

1. the matching key: `normalize_for_matching` plus the Persian letter forms
   GeoNames uses, punctuation gone ("إدلب" = "ادلب");
2. the sound key: letters that Arabic news spells interchangeably in foreign
   and dialect names folded together (ذ/ز "اللازقية" = "اللاذقية", ث/ت/س,
   ظ/ض, doubled letters, long vowels between consonants kept);
3. rapidfuzz's normalised Indel similarity over the matching keys, for typing
   errors ("لافرورف" -> "لافروف"), with a cutoff that depends on length.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from rasid.kb.records import KbRecord, read_records
from rasid.text.normalize import normalize_for_matching

__all__ = [
    "Candidate",
    "KnowledgeBase",
    "default_kb",
    "demonym_forms",
    "match_key",
    "match_keys",
    "sound_fold",
    "sound_key",
]

KB_FILE = "kb.jsonl.gz"

_PUNCT = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_EXTRA_FOLD = str.maketrans({"ہ": "ه", "ە": "ه", "ۀ": "ه"})
_SOUND_FOLD = str.maketrans({"ذ": "ز", "ث": "ت", "ظ": "ض", "ص": "س", "ط": "ت", "ق": "ك", "ء": ""})
_DOUBLED = re.compile(r"(.)\1+")
_ARTICLE = re.compile(r"(?:^|(?<= ))ال(?=\w{2})")

# Ranking of kinds when one name fits several records of the same type: a
# bare "حلب" is the city before the governorate, "الأردن" the country
# before the river.
_KIND_RANK = {"country": 0, "capital": 1, "city": 2, "admin1": 3}


@lru_cache(maxsize=500_000)  # words recur: most lookups are of a word seen before
def match_key(text: str) -> str:
    """The form names are compared in: folded, without punctuation, single-spaced,
    letters and digits apart ("إم4" and "إم 4" are both "ام 4")."""
    folded = normalize_for_matching(text).translate(_EXTRA_FOLD)
    if folded.isalpha():  # a plain word, as most tokens are: nothing for the patterns to do
        return folded
    folded = _LETTER_DIGIT.sub(" ", folded)
    return _SPACES.sub(" ", _PUNCT.sub(" ", folded)).strip()


def match_keys(words: str) -> frozenset[str]:
    """The matching forms of space-separated words: how word lists are written as data."""
    return frozenset(match_key(word) for word in words.split())


@lru_cache(maxsize=500_000)
def sound_key(text: str) -> str:
    """A coarser key under which common misspellings of a name coincide."""
    return sound_fold(match_key(text))


@lru_cache(maxsize=500_000)
def sound_fold(key: str) -> str:
    """`sound_key` of a string already in matching form (`match_key`)."""
    if " " in key:
        key = _ARTICLE.sub("", key)
    elif key.startswith("ال") and len(key) >= 4:  # one word: the same, without a pattern
        key = key[2:]
    return _DOUBLED.sub(r"\1", key.translate(_SOUND_FOLD))


#: Letters are counted in this many classes (code point modulo): the Arabic
#: letters fall in distinct ones; a class two letters share only loosens the bound.
_LETTER_CLASSES = 64


def _letter_counts(key: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for char in key:
        letter_class = ord(char) % _LETTER_CLASSES
        counts[letter_class] = counts.get(letter_class, 0) + 1
    return counts


class _FuzzyPool:
    """Names a fuzzy match may reach, with the letter counts that rule most of them out.

    rapidfuzz's ratio is 200 * LCS / (both lengths); the longest common
    subsequence is at most the letters two names share, so a name whose shared
    letters cannot reach the cutoff is passed over without being compared.
    The names kept stay in order, so rapidfuzz ranks ties as before.
    """

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        # One row per letter class, one column per name.
        self._by_class = np.zeros((_LETTER_CLASSES, len(self.names)), dtype=np.int32)
        for column, name in enumerate(self.names):
            for letter_class, count in _letter_counts(name).items():
                self._by_class[letter_class, column] = count
        self._lengths = np.array([len(name) for name in self.names], dtype=np.int32)

    def reachable(self, key: str, cutoff: float) -> list[str]:
        """The names that may score `cutoff` or more against `key`."""
        counts = _letter_counts(key)
        wanted = np.array(list(counts.values()), dtype=np.int32)[:, None]
        shared = np.minimum(self._by_class[list(counts)], wanted).sum(axis=0)
        # The margin keeps a name whose bound equals the cutoff up to rounding.
        within = 200.0 * shared >= (cutoff - 1e-6) * (self._lengths + len(key))
        return [self.names[i] for i in np.flatnonzero(within)]


def _bucket(key: str) -> tuple[str, int]:
    bare = key[2:] if key.startswith("ال") else key
    return bare[:1], len(key) // 3


def demonym_forms(base: str) -> set[str]:
    """Inflections of a nisba adjective, with and without the article, in matching form.

    "روسي" gives روسي، الروسي، روسية، الروسية، روسيون، الروسيين، روسيات،
    روسيان، الروسيتين ... (the clitics و/ب/ل are stripped before lookup).
    """
    stem = match_key(base)
    if not stem:
        return set()
    if not stem.endswith("ي"):
        return {stem, "ال" + stem}
    endings = ("", "ه", "ون", "ين", "ات", "ان", "تان", "تين")
    forms = {stem + ending for ending in endings}
    forms |= {"ال" + form for form in forms}
    return forms


@dataclass(frozen=True, slots=True)
class Candidate:
    """A record a name may refer to, with how sure the match is (0-100)."""

    record: KbRecord
    score: float
    how: str
    """exact, sound, fuzzy or english."""


class KnowledgeBase:
    """Records indexed by every Arabic name and demonym they have."""

    def __init__(self, records: Iterable[KbRecord]) -> None:
        self.records: dict[str, KbRecord] = {record.id: record for record in records}
        exact: dict[str, list[str]] = defaultdict(list)
        sound: dict[str, list[str]] = defaultdict(list)
        demonyms: dict[str, list[str]] = defaultdict(list)
        for record in self.records.values():
            for name in record.names_ar:
                key = match_key(name)
                if key and record.id not in exact[key]:
                    exact[key].append(record.id)
                    sound[sound_key(name)].append(record.id)
            for base in record.demonyms_ar:
                for form in demonym_forms(base):
                    if record.id not in demonyms[form]:
                        demonyms[form].append(record.id)
        self._exact = {key: self._ranked(ids) for key, ids in exact.items()}
        self._sound = {key: self._ranked(ids) for key, ids in sound.items() if key}
        self._demonyms = {key: tuple(ids) for key, ids in demonyms.items()}
        self._keys = sorted(self._exact)
        # Fuzzy matching compares a name only with names of the same initial
        # (after the article) and about the same length: misspellings in the
        # news keep both, and it makes a lookup ~50x cheaper.
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for key in self._keys:
            buckets[_bucket(key)].append(key)
        self._buckets = dict(buckets)
        self._english = {record.name_en.casefold(): record.id for record in self.records.values()}

    def __len__(self) -> int:
        return len(self.records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.records

    def get(self, record_id: str) -> KbRecord | None:
        return self.records.get(record_id)

    def _ranked(self, ids: Sequence[str]) -> tuple[str, ...]:
        def rank(record_id: str) -> tuple[int, int, int]:
            record = self.records[record_id]
            curated = 0 if record.source.startswith("curated") else 1
            return (curated, _KIND_RANK.get(record.kind, 1), -record.population)

        return tuple(sorted(ids, key=rank))

    # -- lookups -------------------------------------------------------------------

    def exact(self, key: str) -> tuple[str, ...]:
        """Record ids whose name has this matching key, best first."""
        return self._exact.get(key, ())

    def has_name(self, key: str) -> bool:
        return key in self._exact

    def demonym(self, key: str) -> tuple[str, ...]:
        """Record ids (countries, peoples) this adjective form refers to."""
        return self._demonyms.get(key, ())

    def lookup(self, name: str, *, fuzzy: bool = True) -> list[Candidate]:
        """Candidates for `name` (any spelling), best first; empty when nothing is close."""
        return list(self._lookup(match_key(name), fuzzy))

    @lru_cache(maxsize=65_536)  # noqa: B019 - one KB per process, kept for its lifetime
    def _lookup(self, key: str, fuzzy: bool) -> tuple[Candidate, ...]:
        if not key:
            return ()
        ids = self._exact.get(key)
        if ids:
            return tuple(Candidate(self.records[i], 100.0, "exact") for i in ids)
        ids = self._sound.get(sound_key(key))
        if ids:
            return tuple(Candidate(self.records[i], 95.0, "sound") for i in ids)
        if not fuzzy or len(key) < 5:
            return ()
        cutoff = 90.0 if len(key) < 9 else 86.0
        names = self._pool(*_bucket(key)).reachable(key, cutoff)
        found = process.extract(key, names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
        result: list[Candidate] = []
        for alias, similarity, _ in found:
            result.extend(
                Candidate(self.records[i], float(similarity), "fuzzy") for i in self._exact[alias]
            )
        return tuple(result)

    @lru_cache(maxsize=4096)  # noqa: B019 - one KB per process, kept for its lifetime
    def _pool(self, initial: str, size: int) -> _FuzzyPool:
        """Names a fuzzy match may reach: same initial, about the same length."""
        return _FuzzyPool(
            [
                k
                for near in (size - 1, size, size + 1)
                for k in self._buckets.get((initial, near), ())
            ]
        )

    def search(self, query: str, *, limit: int = 10) -> list[Candidate]:
        """Records for a name typed by a user, in Arabic or English, best first."""
        results: dict[str, Candidate] = {}

        def add(candidate: Candidate) -> None:
            known = results.get(candidate.record.id)
            if known is None or candidate.score > known.score:
                results[candidate.record.id] = candidate

        if query.isascii():
            needle = query.casefold().strip()
            for record in self.records.values():
                name = record.name_en.casefold()
                if needle == name:
                    add(Candidate(record, 100.0, "english"))
                elif needle and needle in name:
                    add(Candidate(record, 80.0 + 20.0 * len(needle) / len(name), "english"))
        else:
            key = match_key(query)
            for candidate in self._lookup(key, True):
                add(candidate)
            for record_id in self._demonyms.get(key, ()):
                add(Candidate(self.records[record_id], 90.0, "demonym"))
            if key:
                found = process.extract(key, self._keys, scorer=fuzz.WRatio, limit=limit * 2)
                for alias, similarity, _ in found:
                    for record_id in self._exact[alias]:
                        add(Candidate(self.records[record_id], float(similarity) * 0.9, "fuzzy"))
        ranked = sorted(
            results.values(),
            key=lambda c: (-c.score, -c.record.population, c.record.id),
        )
        if ranked and ranked[0].score >= 95:  # a sure match: hide the distant guesses
            ranked = [c for c in ranked if c.score >= 80]
        return ranked[:limit]

    def names(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Every matching key with its record ids (for gazetteers and dictionary matching)."""
        yield from self._exact.items()


@cache
def default_kb() -> KnowledgeBase:
    """The knowledge base shipped inside the package."""
    resource = files("rasid.models").joinpath(KB_FILE)
    with resource.open("rb") as stream:
        return KnowledgeBase(read_records(stream))


def load_kb(path: Path) -> KnowledgeBase:
    """A knowledge base from a file written by `rasid kb build`."""
    with path.open("rb") as stream:
        return KnowledgeBase(read_records(stream))
