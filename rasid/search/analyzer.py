"""Index terms of Arabic text, with their offsets: one analyser for documents and queries.

A term is a word in matching form (`normalize_for_matching`: one alef, ه for
ة, ي for ى, ASCII digits, Latin casefolded) with a word broken by tatweel or
dots joined again ("للنـ.ـازحين" is "للنازحين"), its clitics and inflection
stemmed away, and function words dropped. Documents and queries go through
the same analyser, so "النازحين" finds "للنـ.ـازحين".

Stemmers (measured against each other in bench/bench_search.py on the
labelled ANT days, which is why `DEFAULT_STEMMER` is what it is):

- ``snowball``: the Snowball Arabic stemmer (PyStemmer, a C library), after
  the conjunction before an article ("وال", "فال") is taken off, which the
  Snowball rules leave on; a one-letter preposition glued to a word without
  the article ("لإدلب", "بحلب", "لروسيا"), which Snowball keeps, is taken
  off when the word without it is far more common (see `_PROCLITIC`);
- ``light``: clitics and the commonest plural/feminine suffixes only
  (`rasid.text.words.light_stem`);
- ``none``: matching form only.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

import Stemmer

from rasid.text.normalize import TATWEEL, ZERO_WIDTH, normalize_for_matching
from rasid.text.words import light_stem

__all__ = [
    "DEFAULT_STEMMER",
    "Analyzer",
    "StemmerName",
    "Term",
    "analyzer",
    "document_frequencies",
    "index_version",
]

StemmerName = Literal["snowball", "light", "none"]
DEFAULT_STEMMER: StemmerName = "snowball"

# A word, possibly broken by tatweel, zero-width characters or a dot between
# two letters ("النـ.ـازحين", "ن.زوح"); digits and Latin letters are words too.
# Diacritics are combining marks, not \w: a word keeps its shadda and tanween.
_MARK_CHARS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_LETTERS = rf"(?:\w|[{_MARK_CHARS}])+"
_WORD = re.compile(rf"{_LETTERS}(?:[{TATWEEL}{ZERO_WIDTH}.·•*]+{_LETTERS})*")
_JOINTS = re.compile(rf"[{TATWEEL}{ZERO_WIDTH}.·•*]+")
_MARKS = re.compile(f"[{_MARK_CHARS}]")

# Function words and the commonest reporting filler, in matching form; they
# carry no topic, and leaving them out keeps the index small.
_FUNCTION_WORDS = """
من في على الى إلى عن مع بعد قبل حول خلال منذ عند بين ضد دون عبر نحو لدى حتى و أو او ثم أن ان
إن كان كانت يكون تكون قد لا لم لن ما هل هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين
هو هي هم هن نحن أنا انت أنت أي اي كل بعض غير أمام وراء فوق تحت عليه عليها فيه فيها منه منها
له لها لهم به بها بهم إنه انه أنه إنها أنها انها كما لكن لكن بل إذا اذا إذ لقد وقد فقد وكان
وكانت وهو وهي وفي ومن وعلى وإلى والى وأن وان ولا ولم كذلك أيضا ايضا حيث عندما بينما أكثر
اكثر أقل اقل جدا فقط سوى مثل أحد احد إحدى احدى ذات نفس عام يوم
"""
_STOPWORDS = frozenset(normalize_for_matching(word) for word in _FUNCTION_WORDS.split())
# Snowball's Arabic rules strip ال, بال, كال, لل but keep a conjunction before them.
_CONJUNCTION_ARTICLE = re.compile("^[وف](?=(?:ال|بال|كال|لل)..)")
_MIN_STEM = 2
_PROCLITIC_LETTERS = frozenset("وفبلك")


def _function_word(folded: str) -> bool:
    """A function word, alone or behind one or two proclitics ("وهذا", "بأنه", "وبين")."""
    if folded in _STOPWORDS:
        return True
    for cut in (1, 2):
        if len(folded) <= cut + 1 or folded[cut - 1] not in _PROCLITIC_LETTERS:
            return False
        if folded[cut:] in _STOPWORDS:
            return True
    return False


# A preposition ("ل", "ب", "ك"), maybe after a conjunction, glued to a word
# that has no article: Snowball's noun rules only strip these before "ال".
_PROCLITIC = re.compile("^[وف]?[لبك](?!ال)(?=...)")
# The word without the preposition must be this many times as common as the
# word with it ("ادلب" against "لادلب": strip; "جن" against "لجن": keep), and
# common in its own right.
_PROCLITIC_RATIO = 5
_PROCLITIC_MIN_DF = 20


@cache
def document_frequencies() -> tuple[dict[str, int], int]:
    """Index term -> number of ANT articles it occurs in, and the number of articles.

    The shipped table rasid/models/idf.tsv.gz, counted by scripts/build_idf.py.
    """
    table = resources.files("rasid.models").joinpath("idf.tsv.gz")
    with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        documents = int(next(lines).split("\t")[1])
        frequencies = {}
        for line in lines:
            term, df = line.rstrip("\n").split("\t")
            frequencies[term] = int(df)
    return frequencies, documents


#: Raise when a rule here, or in rasid.stories.profile, changes what is stored for an
#: article; with the IDF table's digest it names what indexed a store (rasid.store.reindex).
RULES_VERSION = 3


@cache
def index_version() -> str:
    """This analyser: its rules' version and a digest of the shipped IDF table."""
    import hashlib

    table = resources.files("rasid.models").joinpath("idf.tsv.gz").read_bytes()
    return f"{RULES_VERSION}-{hashlib.sha256(table).hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class Term:
    """One index term and the span of the word it came from."""

    term: str
    start: int
    end: int


class Analyzer:
    """Turns text into index terms; cheap to call, caches each distinct word."""

    def __init__(
        self,
        stemmer: StemmerName = DEFAULT_STEMMER,
        frequencies: dict[str, int] | None = None,
    ) -> None:
        """`frequencies` (term -> document frequency) decide when a preposition
        glued to a word is taken off; by default the shipped table's, and
        an empty mapping turns that rule off (scripts/build_idf.py's first pass).
        """
        self.stemmer_name: StemmerName = stemmer
        snowball = Stemmer.Stemmer("arabic") if stemmer == "snowball" else None
        df = document_frequencies()[0] if frequencies is None else frequencies

        def snowball_stem(surface: str) -> str:
            assert snowball is not None
            return normalize_for_matching(snowball.stemWord(_CONJUNCTION_ARTICLE.sub("", surface)))

        @lru_cache(maxsize=200_000)
        def term_of(word: str) -> str | None:
            surface = _MARKS.sub("", _JOINTS.sub("", word))
            folded = normalize_for_matching(surface)
            if not folded or _function_word(folded):
                return None
            if snowball is not None:
                stem = snowball_stem(surface)
                clitic = _PROCLITIC.match(surface) if df else None
                if clitic:
                    bare = snowball_stem(surface[clitic.end() :])
                    common = df.get(bare, 0)
                    if common >= _PROCLITIC_MIN_DF and common >= _PROCLITIC_RATIO * df.get(stem, 1):
                        stem = bare
                # Snowball leaves Latin and digits as they are; a stem too short
                # to mean anything falls back to the matching form.
                folded = stem if len(stem) >= _MIN_STEM else folded
            elif stemmer == "light":
                folded = light_stem(folded)
            return folded

        self._term_of = term_of

    def term(self, word: str) -> str | None:
        """The index term of one word, or None for a function word."""
        return self._term_of(word)

    def terms(self, text: str) -> list[str]:
        """Index terms of `text`, in order, function words left out."""
        term_of = self._term_of
        found = (term_of(match.group()) for match in _WORD.finditer(text))
        return [term for term in found if term]

    def spans(self, text: str, only: Collection[str] | None = None) -> list[Term]:
        """Index terms of `text` with the span of each word, for highlighting; with
        `only`, just the words whose term is one of those (half the time of all)."""
        term_of = self._term_of
        if only is not None:
            return [
                Term(term, match.start(), match.end())
                for match in _WORD.finditer(text)
                if (term := term_of(match.group())) is not None and term in only
            ]
        result = []
        for match in _WORD.finditer(text):
            term = term_of(match.group())
            if term:
                result.append(Term(term, match.start(), match.end()))
        return result


@lru_cache(maxsize=4)
def analyzer(stemmer: StemmerName = DEFAULT_STEMMER) -> Analyzer:
    """The shared analyser for `stemmer`."""
    return Analyzer(stemmer)
