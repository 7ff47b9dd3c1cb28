"""Folded tokens that remember where they came from in the original text.

The finder matches folded words ("اذار" for "آذار", "2020" for "٢٠٢٠") but must
report offsets into the text it was given, so folding here keeps, for every
folded character, the offset of the character it came from.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Generic, NamedTuple, TypeVar

from rasid.dates import lexicon as lx
from rasid.text.normalize import INVISIBLE_NOISE, fold_arabic

__all__ = ["Phrases", "Token", "TokenView", "tokenize"]

V = TypeVar("V")

# Numbers keep their date separators ("2020/03/07", "12.03.2020") so a numeric
# date is one token. Every repetition starts with a separator, so the pattern
# cannot backtrack more than one step, however long the run of digits.
_TOKEN_RE = re.compile(r"\d+(?:[./\-]\d+)*|[^\W\d_]+|\S")

_CLAUSE_BREAKS = frozenset(".!?؟؛;:،,")

# Conjunctions and prepositions written attached to the next word, longest first.
_CLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


class Token(NamedTuple):
    """A word, number or punctuation mark, folded, with its span in the original text.

    A named tuple: an article makes hundreds, and a named tuple is built in
    half the time a frozen dataclass is."""

    text: str
    """The folded form."""
    start: int
    """Offset in the original text."""
    end: int

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()

    @property
    def number(self) -> int | None:
        """The value of a plain number of at most four digits, else None."""
        if len(self.text) <= 4 and self.text.isdigit() and self.text.isascii():
            return int(self.text)
        return None

    def bare_forms(self) -> tuple[tuple[str, int], ...]:
        """The word without attached clitics, as `(form, clitic length)`, the whole word first.

        "وبمطلع" gives ("وبمطلع", 0), ("مطلع", 2), ("بمطلع", 1). A clitic comes off only
        when at least three letters remain, except "و", so "باب" never becomes "آب".
        "للعام" is "ل" + "العام" with the article's alef elided; it keeps its offset.
        """
        if not self.text[0].isalpha():
            return ((self.text, 0),)
        return _bare_forms(self.text)

    def bare(self, words: frozenset[str] | Mapping[str, V]) -> tuple[str, int] | None:
        """The first bare form found in `words`, with its clitic length."""
        for form, clitic_length in self.bare_forms():
            if form in words:
                return form, clitic_length
        return None


@functools.lru_cache(maxsize=1 << 16)
def _bare_forms(word: str) -> tuple[tuple[str, int], ...]:
    forms = [(word, 0)]
    for clitic in _CLITICS:
        rest = word[len(clitic) :]
        if word.startswith(clitic) and (len(rest) >= 3 or (clitic == "و" and len(rest) >= 2)):
            forms.append((rest, len(clitic)))
    for form, clitic_length in list(forms):
        if form.startswith("لل") and len(form) > 3:
            forms.append(("ال" + form[2:], clitic_length))
    return tuple(forms)


def _origins(text: str, folded: str) -> Sequence[int] | None:
    """Offset in `text` of each character of `folded`, or None when they are the same."""
    if len(folded) == len(text):
        return None
    # fold_arabic maps each character to one character or drops it, so the
    # folded text is the kept characters in order.
    kept = {char: bool(fold_arabic(char)) for char in set(text)}
    return list(itertools.compress(range(len(text)), map(kept.__getitem__, text)))


def tokenize(text: str) -> list[Token]:
    """Split `text` into folded words, numbers and single punctuation marks.

    A word's span takes in the marks written on its last letter ("غداً", "هـ"),
    which folding drops, but not invisible characters after it.
    """
    folded = fold_arabic(text)
    origins = _origins(text, folded)
    tokens = []
    for match in _TOKEN_RE.finditer(folded):
        start, end = match.span()
        if origins is not None:
            start, end = origins[start], origins[end - 1] + 1
            limit = origins[match.end()] if match.end() < len(origins) else len(text)
            while end < limit and text[end] not in INVISIBLE_NOISE:
                end += 1
        tokens.append(Token(match.group(), start, end))
    return tokens


class Phrases(Generic[V]):
    """A table of word sequences, matched longest first, a clitic allowed on the first word."""

    def __init__(self, table: Mapping[tuple[str, ...], V]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], V]]] = {}
        for key, value in sorted(table.items(), key=lambda item: -len(item[0])):
            self._by_first.setdefault(key[0], []).append((key, value))

    def match(self, tokens: Sequence[Token], i: int) -> tuple[V, int, int] | None:
        """`(value, end token index, clitic length)` of the phrase starting at token `i`."""
        for form, clitic_length in tokens[i].bare_forms():
            for key, value in self._by_first.get(form, ()):
                end = i + len(key)
                if end <= len(tokens) and all(
                    tokens[i + k].text == word for k, word in enumerate(key[1:], start=1)
                ):
                    return value, end, clitic_length
        return None


MONTHS = Phrases(lx.MONTHS)
WEEKDAYS = Phrases(lx.WEEKDAYS)


class TokenView:
    """Questions about the tokens around a position; every index may be out of range."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self._future_words: dict[int, bool] = {}
        """Whether token i is a future word, filled as clauses are read."""

    def word(self, i: int) -> str | None:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else None

    def bare(self, i: int, words: frozenset[str] | Mapping[str, V]) -> tuple[str, int] | None:
        return self.tokens[i].bare(words) if 0 <= i < len(self.tokens) else None

    def phrase(self, i: int, table: Phrases[V]) -> tuple[V, int, int] | None:
        return table.match(self.tokens, i) if 0 <= i < len(self.tokens) else None

    def start(self, i: int, clitic_length: int = 0) -> int:
        """Offset in the original text of token `i`, past `clitic_length` clitic letters."""
        return self.tokens[i].start + clitic_length

    def number(self, i: int) -> int | None:
        return self.tokens[i].number if 0 <= i < len(self.tokens) else None

    def definite_number(self, i: int) -> tuple[int, int] | None:
        """`(number, end)` for "الثلاثة" or "الـ24"."""
        word = self.word(i)
        if word is not None and word.startswith("ال") and word in lx.NUMBER_WORDS:
            return lx.NUMBER_WORDS[word], i + 1
        number = self.number(i + 1)
        # "الـ24", "الـ 15": the article, a tatweel, maybe a space, then digits.
        if word == "ال" and number is not None:
            gap = self.text[self.tokens[i].end : self.tokens[i + 1].start]
            if not gap.strip():
                return number, i + 2
        return None

    def direction(self, k: int) -> tuple[int, int] | None:
        """`(amount, end)` for "الماضي" (-1), "المقبل" (+1), "الجاري" (0), "قبل الماضي" (-2)."""
        word = self.word(k)
        if word in lx.PAST:
            return -1, k + 1
        if word in lx.NEXT:
            return 1, k + 1
        if word in lx.CURRENT:
            return 0, k + 1
        if word == "قبل" and self.word(k + 1) in lx.PAST:
            return -2, k + 2
        if word == "بعد" and self.word(k + 1) in lx.NEXT:
            return 2, k + 2
        return None

    def future_clause(self, i: int) -> bool:
        """Whether the clause around token `i` is in the future ("سيزور", "من المقرر أن")."""
        for step, limit in ((-1, 12), (1, 4)):
            j = i + step
            while 0 <= j < len(self.tokens) and abs(j - i) <= limit:
                token = self.tokens[j]
                if token.text in _CLAUSE_BREAKS:
                    break
                if step > 0 and token.bare(lx.COMPLEMENTIZERS):
                    break  # "ذكرت الجمعة أن العرض سيركز": the future is in another clause.
                if self._is_future_word_at(j) and self._plans(j):
                    return True
                j += step
        return False

    def _is_future_word_at(self, j: int) -> bool:
        if j not in self._future_words:
            forms = self.tokens[j].bare_forms()
            self._future_words[j] = any(_is_future_word(form) for form, _ in forms)
        return self._future_words[j]

    def _plans(self, j: int) -> bool:
        """Whether the future word at `j` looks ahead from the DCT.

        "كان من المقرر أن" was planned in the past; "أكثر من المتوقع" compares
        with an expectation; "من المتوقع أن" and "المقرر إجراؤها" look ahead.
        """
        if self.word(j - 1) not in ("من", "عن"):
            return True
        if self.bare(j - 2, lx.PAST_COPULAS):
            return False
        return self.word(j - 1) == "من" and self.bare(j + 1, lx.COMPLEMENTIZERS) is not None


def _is_future_word(form: str) -> bool:
    """A future marker, or "س" + an imperfect verb ("سيعقد", "ستجري") that is no noun."""
    if form in lx.FUTURE_MARKERS:
        return True
    return (
        len(form) >= 4
        and form not in lx.FUTURE_LOOKALIKES
        and form.startswith(("سي", "ست", "سن"))
        and not form.startswith(lx.FUTURE_PREFIX_STOPS)
    )
