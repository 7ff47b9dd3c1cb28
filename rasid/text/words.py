"""Content words of a short text, lightly stemmed, for comparing headlines.

Written by hand rather than taken from a stemmer package: comparing two
headlines needs only the clitics and the commonest suffixes gone
("بالتسمم"/"تسمم", "إصابات"/"إصابة"), and must not pull in a stemmer's
lexicon at import time. Search gets its own, measured stemmer.
"""

from __future__ import annotations

import re

from rasid.text.normalize import normalize_for_matching

__all__ = ["containment", "content_words", "light_stem"]

_TOKEN = re.compile(r"\w+")
# Broken words ("نـ.ـزوح" -> "ن.زوح" once tatweel is gone) are joined again.
_INNER_DOT = re.compile(r"(?<=\w)[.·•*]+(?=\w)")

# Function words, in matching form (ه for ة, ي for ى, bare alef).
_FUNCTION_WORDS = (
    "من في على إلى عن مع بعد قبل حول خلال منذ عند بين ضد دون عبر نحو لدى حتى"
    " و أو ثم أن إن كان كانت قد لا لم لن ما هل هذا هذه ذلك تلك الذي التي الذين"
    " هو هي هم أي كل بعض غير أمام وراء فوق تحت اليوم أمس"
)
_STOPWORDS = frozenset(normalize_for_matching(word) for word in _FUNCTION_WORDS.split())
_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل", "ف")
_SUFFIXES = ("ات", "ين", "ون", "ه")


def light_stem(word: str) -> str:
    """`word` (in matching form) without its leading clitics and commonest suffix."""
    return _stem(word)


def _stem(word: str) -> str:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """The stemmed content words of `text` in matching form, function words left out."""
    folded = _INNER_DOT.sub("", normalize_for_matching(text))
    return {_stem(token) for token in _TOKEN.findall(folded) if token not in _STOPWORDS}


def containment(first: str, second: str) -> float:
    """Share of the smaller text's content words that the other text also has."""
    a, b = content_words(first), content_words(second)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
