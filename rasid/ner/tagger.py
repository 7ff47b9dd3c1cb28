"""The shipped CRF tagger (trained by scripts/train_ner.py on ANERcorp)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path

import pycrfsuite

from rasid.ner.conll import NerScores, read_conll, score
from rasid.ner.features import sentence_features

__all__ = ["CrfTagger", "default_tagger", "evaluate_file"]

MODEL = "ner-crf.crfsuite"


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


def evaluate_file(path: Path, tagger: CrfTagger | None = None) -> NerScores:
    """Entity-level scores of the tagger on a `token<TAB>tag` file."""
    tagger = tagger or default_tagger()
    return score((tags, tagger.tag(tokens)) for tokens, tags in read_conll(path))
