"""Tokens and sentences with their offsets in the clean text.

The tokenisation follows ANERcorp's, which the tagger was trained on: words
(letters and digits, clitics attached) and each punctuation mark apart;
sentences end at . ! ? ؟ ; and at line breaks (a headline or a caption is
never one sentence with the paragraph below it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Token", "sentences", "tokenize"]

# Numbers keep their decimal point ("3.5"), so it does not end a sentence. Arabic
# diacritics are combining marks, not \w: a word keeps its tanween ("مضيفًا").
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_TOKEN = re.compile(rf"\d+(?:[.,٫]\d+)+|(?:\w|[{_MARKS}])+|[^\w\s]")
_SENTENCE_END = frozenset(".!?؟;؛")
_LINE = re.compile(r"[^\n]+")
_MAX_SENTENCE_TOKENS = 200  # a run-on "sentence" is cut to keep tagging linear


class Token(NamedTuple):
    """A word or a mark and its offsets. A named tuple rather than a frozen dataclass:
    an article makes hundreds, and a named tuple is built in half the time."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def sentences(text: str) -> tuple[tuple[Token, ...], ...]:
    """The tokens of `text` grouped into sentences, in order.

    Three stages (entities, quotes, events) read the sentences of the same
    text one after the other, so the last texts' sentences are kept; they
    are tuples, which no reader can change under another.
    """
    return _sentences(text)


# Room for a whole analysis batch (rasid.ingest.ANALYSIS_BATCH, 64) and some more:
# the stages run one after another over the batch's documents. No more than that,
# for the garbage collector walks every token kept here on each full collection.
@lru_cache(maxsize=128)
def _sentences(text: str) -> tuple[tuple[Token, ...], ...]:
    result: list[tuple[Token, ...]] = []
    for line in _LINE.finditer(text):
        current: list[Token] = []
        # Tokens never hold a line break, so matching inside the line's bounds
        # of the whole text gives the line's tokens with their offsets as they are.
        for match in _TOKEN.finditer(text, line.start(), line.end()):
            word = match.group()
            current.append(Token(word, match.start(), match.end()))
            if word in _SENTENCE_END or len(current) >= _MAX_SENTENCE_TOKENS:
                result.append(tuple(current))
                current = []
        if current:
            result.append(tuple(current))
    return tuple(result)
