"""CoNLL-style NER data (`token<TAB>tag`, blank line between sentences) and its scoring.

Scoring is entity-level with exact spans, the CoNLL convention: an entity is
counted right only if its type and both ends match; an `I-X` that follows
nothing of type X starts an entity of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEV_SHARE", "NerScores", "Sentence", "dev_split", "read_conll", "score", "spans"]

Sentence = tuple[list[str], list[str]]
"""The tokens of one sentence and their BIO tags."""


def read_conll(path: Path) -> Iterator[Sentence]:
    """Sentences of a `token<TAB>tag` file; a malformed line raises ValueError naming it."""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    yield tokens, tags
                    tokens, tags = [], []
                continue
            token, separator, tag = line.rpartition("\t")
            if not separator or not token:
                raise ValueError(f"{path}:{number}: expected token<TAB>tag, got {line!r}")
            tokens.append(token)
            tags.append(tag.strip())
    if tokens:
        yield tokens, tags


#: The last share of ANERcorp's train.tsv, one contiguous block, held out as dev.
DEV_SHARE = 0.1


def dev_split(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """Training sentences and the held-out dev block (whole articles, never trained on)."""
    cut = int(len(sentences) * (1 - DEV_SHARE))
    return list(sentences[:cut]), list(sentences[cut:])


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """The entities of one tag sequence as `(start, end, type)`, end exclusive."""
    found: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for index, tag in enumerate((*tags, "O")):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind and start >= 0
        if not continues and start >= 0:
            found.add((start, index, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and not continues:
            start, kind = index, label
    return found


@dataclass(slots=True)
class NerScores:
    """True positives, predictions and gold entities per type."""

    hits: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def add(self, gold_tags: Sequence[str], predicted_tags: Sequence[str]) -> None:
        gold, predicted = spans(gold_tags), spans(predicted_tags)
        for _, _, kind in gold & predicted:
            self.hits[kind] += 1
        for _, _, kind in predicted:
            self.predicted[kind] += 1
        for _, _, kind in gold:
            self.gold[kind] += 1

    def prf(self, kind: str | None = None) -> tuple[float, float, float]:
        """Precision, recall and F1 for one type, or micro-averaged over all."""
        if kind is None:
            hits, predicted, gold = (
                sum(self.hits.values()),
                sum(self.predicted.values()),
                sum(self.gold.values()),
            )
        else:
            hits, predicted, gold = self.hits[kind], self.predicted[kind], self.gold[kind]
        precision = hits / predicted if predicted else 0.0
        recall = hits / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    @property
    def types(self) -> list[str]:
        return sorted(set(self.gold) | set(self.predicted))


def score(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> NerScores:
    """Score `(gold_tags, predicted_tags)` pairs, one per sentence."""
    scores = NerScores()
    for gold, predicted in pairs:
        scores.add(gold, predicted)
    return scores
