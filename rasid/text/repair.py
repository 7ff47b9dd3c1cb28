"""Words broken on purpose to slip past moderation filters, and their repair.

Writers break a sensitive word with tatweel and a dot ("الخـ.ـناق"), with
tatweel on both sides of a space ("نـ ـزوح") or with zero-width characters.
A *joint* is what stands between two runs of Arabic letters. A joint is
repaired away only when its shape cannot be ordinary writing:

* only zero-width characters (never visible, never meaningful in Arabic);
* dots, dashes or stars with at least one tatweel or zero-width character
  ("ـ.ـ", ".ـ"): a bare dot stays, so "د.محمد" and "أ. ب." are untouched;
* whitespace with tatweel on both sides ("ـ ـ"): a tatweel before a space
  alone is the ordinary "الـ 15" and stays.

Elongation by tatweel alone ("الخــناق") is how the author chose to write
and stays in the display text; the matching normaliser ignores it anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasid.text.normalize import ARABIC_LETTER, BIDI_CONTROLS, TATWEEL, ZERO_WIDTH

__all__ = ["BrokenWord", "find_broken_words"]

_DIACRITICS = "\u064b-\u065f\u0670"
_LETTER_RUN = re.compile(f"[{ARABIC_LETTER}{_DIACRITICS}]+")
_JOINT_CHARS = re.compile(f"[{TATWEEL}{ZERO_WIDTH}{BIDI_CONTROLS}.·•*_\\-–\\s]+")
_MARKS = f"{TATWEEL}{ZERO_WIDTH}{BIDI_CONTROLS}"
_HAS_MARK = re.compile(f"[{_MARKS}]")


@dataclass(frozen=True, slots=True)
class BrokenWord:
    """A broken word found in a line: `[start, end)` in that line, and its letter runs."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    """`(start, end)` of each run of letters kept in the repaired word."""

    def fixed(self, line: str) -> str:
        return "".join(line[start:end] for start, end in self.pieces)


def _joint_kind(joint: str) -> str | None:
    """ "break" for an obfuscating joint, "elongation" for tatweel alone, else None."""
    if joint == " " or not joint or not _JOINT_CHARS.fullmatch(joint):
        return None
    if all(char == TATWEEL for char in joint):
        return "elongation"
    if all(char in ZERO_WIDTH for char in joint):
        return "break"
    if any(char.isspace() for char in joint):
        return "break" if joint[0] == TATWEEL and joint[-1] == TATWEEL else None
    return "break" if any(char in _MARKS for char in joint) else None


def find_broken_words(line: str) -> list[BrokenWord]:
    """All broken words in one line, left to right.

    Runs of letters are chained over breaks and over plain elongation; a chain
    with at least one break is a broken word, and its repair drops every joint.
    """
    if not _HAS_MARK.search(line):
        return []  # every break needs a tatweel or a zero-width character
    found: list[BrokenWord] = []
    chain: list[tuple[int, int]] = []
    broken = False

    def close() -> None:
        if broken:
            found.append(BrokenWord(chain[0][0], chain[-1][1], tuple(chain)))

    for match in _LETTER_RUN.finditer(line):
        run = (match.start(), match.end())
        kind = _joint_kind(line[chain[-1][1] : run[0]]) if chain else None
        if kind is None:
            close()
            chain, broken = [run], False
        else:
            chain.append(run)
            broken = broken or kind == "break"
    if chain:
        close()
    return found
