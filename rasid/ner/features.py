"""Token features for the CRF tagger: forms, affixes, clitics, shape, context, triggers.

The features are meant to carry over to words never seen in training: the
stem without clitics ("وبالقاهرة" -> "قاهر"), affixes, word shape, and
trigger words before a name (وزير، المتحدث باسم، صحيفة، محافظة).
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from rasid.text.normalize import normalize_for_matching
from rasid.text.words import light_stem

__all__ = ["sentence_features"]

# Words that announce a name after them, in matching form.
_TRIGGER_WORDS = (
    "وزير وزيرة الوزير رئيس الرئيس رئيسة المتحدث الناطق السفير الأمين الملك الأمير الشيخ"
    " الجنرال اللواء العميد العقيد الدكتور السيد السيدة النائب المستشار القائد زعيم"
    " صحيفة الصحيفة قناة القناة وكالة الوكالة شركة الشركة حزب الحزب منظمة المنظمة جامعة"
    " محافظة المحافظة مدينة المدينة بلدة قرية ولاية إقليم منطقة مطار معبر العاصمة"
    " وزارة الوزارة مجلس المجلس جيش الجيش قوات"
)
_TRIGGERS = frozenset(normalize_for_matching(word) for word in _TRIGGER_WORDS.split())
_CLITICS = ("وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل", "ف")


@cache
def _clusters() -> dict[str, tuple[str, str]]:
    """Word -> (coarse, fine) cluster learned from ANT by scripts/train_clusters.py."""
    resource = files("rasid.models").joinpath("clusters-ant.tsv.gz")
    if not resource.is_file():
        return {}
    table: dict[str, tuple[str, str]] = {}
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as stream:
        for line in stream:
            word, coarse, fine = line.rstrip("\n").split("\t")
            table[word] = (coarse, fine)
    return table


def _cluster(folded: str, stem: str) -> tuple[str, str]:
    clusters = _clusters()
    return clusters.get(folded) or clusters.get(stem) or ("-", "-")


def _shape(token: str) -> str:
    if token.isdigit():
        return "digit"
    if any("a" <= char.lower() <= "z" for char in token):
        return "latin"
    if not any(char.isalpha() for char in token):
        return "punct"
    return "arabic"


def _token_features(folded: str, raw: str) -> dict[str, float | str]:
    stem = light_stem(folded)
    clitic = next((c for c in _CLITICS if folded.startswith(c) and len(folded) > len(c) + 2), "")
    coarse, fine = _cluster(folded, stem)
    return {
        "c64": coarse,
        "c512": fine,
        "w": folded,
        "stem": stem,
        "p2": folded[:2],
        "p3": folded[:3],
        "s2": folded[-2:],
        "s3": folded[-3:],
        "clitic": clitic,
        "shape": _shape(raw),
        "len": str(min(len(folded), 8)),
        "trigger": str(folded in _TRIGGERS or stem in _TRIGGERS),
    }


def sentence_features(tokens: Sequence[str]) -> list[dict[str, float | str]]:
    """One feature dict per token, with the word and stem of two neighbours each side."""
    folded = [normalize_for_matching(token) for token in tokens]
    own = [_token_features(f, t) for f, t in zip(folded, tokens, strict=True)]
    stems = [str(features["stem"]) for features in own]
    result: list[dict[str, float | str]] = []
    for index, features in enumerate(own):
        row: dict[str, float | str] = {"bias": 1.0, **features}
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if 0 <= other < len(tokens):
                row[f"{offset}:w"] = folded[other]
                row[f"{offset}:stem"] = stems[other]
                row[f"{offset}:trigger"] = own[other]["trigger"]
                row[f"{offset}:shape"] = own[other]["shape"]
                row[f"{offset}:c64"] = own[other]["c64"]
            else:
                row[f"{offset}:edge"] = 1.0
        result.append(row)
    return result
