"""Tokens and sentences with their offsets in the clean text.

The tokenisation follows ANERcorp's, which the tagger was trained on: words
(letters and digits, clitics attached) and each punctuation mark apart;
sentences end at . ! ? ؟ ; and at line breaks (a headline or a caption is
never one sentence with the paragraph below it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "sentences", "tokenize"]

# Numbers keep their decimal point ("3.5"), so it does not end a sentence. Arabic
# diacritics are combining marks, not \w: a word keeps its tanween ("مضيفًا").
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_TOKEN = re.compile(rf"\d+(?:[.,٫]\d+)+|(?:\w|[{_MARKS}])+|[^\w\s]")
_SENTENCE_END = frozenset(".!?؟;؛")
_MAX_SENTENCE_TOKENS = 200  # a run-on "sentence" is cut to keep tagging linear


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def sentences(text: str) -> list[list[Token]]:
    """The tokens of `text` grouped into sentences, in order."""
    result: list[list[Token]] = []
    for match in re.finditer(r"[^\n]+", text):
        current: list[Token] = []
        for token in _TOKEN.finditer(match.group()):
            offset = match.start()
            current.append(Token(token.group(), token.start() + offset, token.end() + offset))
            if token.group() in _SENTENCE_END or len(current) >= _MAX_SENTENCE_TOKENS:
                result.append(current)
                current = []
        if current:
            result.append(current)
    return result
