"""The shipped CRF tagger (trained by scripts/train_ner.py on ANERcorp)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Protocol

import pycrfsuite

from rasid.ner.conll import NerScores, dev_split, read_conll, score
from rasid.ner.features import sentence_features

__all__ = ["CrfTagger", "Tagger", "default_tagger", "evaluate_file"]

MODEL = "ner-crf.crfsuite"


class Tagger(Protocol):
    def tag(self, tokens: Sequence[str]) -> list[str]: ...

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]: ...


class CrfTagger:
    """BIO tags (B-/I- PERS, LOC, ORG, MISC) for tokenised sentences."""

    def __init__(self, model: Path) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return list(self._tagger.tag(sentence_features(tokens)))

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [self.tag(tokens) for tokens in sentences]


@cache
def default_tagger() -> CrfTagger:
    """The model shipped inside the package."""
    return CrfTagger(Path(str(files("rasid.models").joinpath(MODEL))))


#: Sentences read as one document when scoring the whole system on a CoNLL
#: file, which has no article boundaries: few enough to stay inside one
#: article most of the time, so propagation is not credited with more than
#: an article would give it.
DOCUMENT_WINDOW = 10


def evaluate_file(
    path: Path, tagger: Tagger | None = None, *, system: bool = False, dev_only: bool = False
) -> NerScores:
    """Entity-level scores on a `token<TAB>tag` file.

    Without `system`, the tagger alone (by default the pipeline's, the neural
    one); with it, what `rasid analyze` finds (tagger, knowledge-base names,
    names repeated within a document of `DOCUMENT_WINDOW` sentences).
    `dev_only` keeps the held-out last 10% of the file.
    """
    if tagger is None:
        from rasid.ner.neural import default_neural_tagger

        tagger = default_neural_tagger()
    sentences = list(read_conll(path))
    if dev_only:
        sentences = dev_split(sentences)[1]
    if not system:
        return score((tags, tagger.tag(tokens)) for tokens, tags in sentences)
    from rasid.kb import default_kb
    from rasid.kb.linker import Linker

    linker = Linker(default_kb())
    pairs: list[tuple[list[str], list[str]]] = []
    for start in range(0, len(sentences), DOCUMENT_WINDOW):
        window = sentences[start : start + DOCUMENT_WINDOW]
        words = [tokens for tokens, _ in window]
        predicted = linker.name_tags(words, tagger.tag_many(words))
        pairs.extend((gold, found) for (_, gold), found in zip(window, predicted, strict=True))
    return score(pairs)
