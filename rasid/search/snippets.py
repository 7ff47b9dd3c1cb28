"""The passage of an article that best shows why a search found it, with the words to highlight."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rasid.search.analyzer import Term, analyzer

__all__ = ["Snippet", "snippet"]

WIDTH = 240
_LEAD = 60  # characters of context before the first match


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    start: int
    """Offset of `text` in the article's clean text."""
    highlights: tuple[tuple[int, int], ...]
    """Spans of the matching words, relative to `text`."""

    def marked(self, before: str = "«", after: str = "»") -> str:
        """The passage with each matching word between `before` and `after`."""
        pieces, at = [], 0
        for start, end in self.highlights:
            pieces += [self.text[at:start], before, self.text[start:end], after]
            at = end
        pieces.append(self.text[at:])
        return "".join(pieces)


def snippet(text: str, terms: Collection[str], *, width: int = WIDTH) -> Snippet:
    """The `width`-character passage of `text` with the most distinct query `terms`.

    `terms` are index terms (rasid.search.analyzer), so the passage shows
    "للنـ.ـازحين" for a search for "النازحين"; ties go to the earliest passage.
    """
    matches = analyzer().spans(text, only=terms)
    if not matches:
        return _passage(text, 0, width, ())
    best, best_rank = 0, (-1, -1)
    for i, first in enumerate(matches):
        inside = [m for m in matches[i:] if m.end <= first.start + width - _LEAD]
        rank = (len({m.term for m in inside}), len(inside))
        if rank > best_rank:
            best, best_rank = i, rank
    start = max(0, matches[best].start - _LEAD)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < matches[best].start else start
    return _passage(text, start, width, matches)


def _passage(text: str, start: int, width: int, matches: Sequence[Term]) -> Snippet:
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    passage = text[start:end].replace("\n", " ")
    spans = tuple(
        (m.start - start, m.end - start) for m in matches if start <= m.start and m.end <= end
    )
    return Snippet(passage, start, spans)
