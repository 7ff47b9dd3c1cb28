"""Token features for the CRF tagger: forms, affixes, clitics, shape, context, triggers.

The features are meant to carry over to words never seen in training: the
stem without clitics ("وبالقاهرة" -> "قاهر"), affixes, word shape, trigger
words before a name (وزير، المتحدث باسم، صحيفة، محافظة), word clusters
learned from ANT, and knowledge-base membership (a known person's name part,
an organisation's word, a place, a nisba). The last ties the model to the
knowledge base it was trained with: `make kb` then `make ner-model`.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from rasid.text.normalize import normalize_for_matching
from rasid.text.words import light_stem

__all__ = ["GAZETTEER_COLUMNS", "gazetteer_vector", "sentence_features"]

# Words that announce a name after them, in matching form.
_TRIGGER_WORDS = (
    "وزير وزيرة الوزير رئيس الرئيس رئيسة المتحدث الناطق السفير الأمين الملك الأمير الشيخ"
    " الجنرال اللواء العميد العقيد الدكتور السيد السيدة النائب المستشار القائد زعيم"
    " صحيفة الصحيفة قناة القناة وكالة الوكالة شركة الشركة حزب الحزب منظمة المنظمة جامعة"
    " محافظة المحافظة مدينة المدينة بلدة قرية ولاية إقليم منطقة مطار معبر العاصمة"
    " وزارة الوزارة مجلس المجلس جيش الجيش قوات"
)
_TRIGGERS = frozenset(normalize_for_matching(word) for word in _TRIGGER_WORDS.split())
_TRIGGER_PATTERN = re.compile("|".join(sorted(map(re.escape, _TRIGGERS), key=len, reverse=True)))
_CLITICS = ("وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل", "ف")
# The clitics by their first letter, in the order above: a word is tried only
# with those it can start with.
_CLITICS_BY_LETTER = {
    letter: tuple(clitic for clitic in _CLITICS if clitic[0] == letter)
    for letter in dict.fromkeys(clitic[0] for clitic in _CLITICS)
}


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


@cache
def _gazetteer() -> dict[str, str]:
    """Word -> what the knowledge base knows it as: part of a person's name (P),
    of an organisation's (O), a place (L), a nisba adjective (D).

    Built from the shipped knowledge base; single words that are everyday words
    (rasid/models/common-words.txt.gz) are left out, so that the feature says
    "a name of this kind" and not "a word that occurs in names".
    """
    from rasid.kb.index import default_kb, match_key
    from rasid.kb.lexicon import common_words

    common = common_words()
    table: dict[str, set[str]] = {}
    kb = default_kb()
    for record in kb.records.values():
        curated = record.source.startswith("curated")
        if not curated and record.kind not in ("country", "capital", "admin1", "city"):
            continue
        if record.kind == "city" and record.population < 20_000:
            continue
        mark = {"PERS": "P", "ORG": "O", "LOC": "L", "MISC": "O"}[record.type]
        for name in record.names_ar:
            for word in match_key(name).split(" "):
                if len(word) >= 3 and word not in common:
                    table.setdefault(word, set()).add(mark)
        for base in record.demonyms_ar:
            table.setdefault(match_key(base), set()).add("D")
            table.setdefault("ال" + match_key(base), set()).add("D")
    return {word: "".join(sorted(marks)) for word, marks in table.items()}


def _gazetteer_mark(folded: str) -> str:
    table = _gazetteer()
    mark = table.get(folded)
    if mark is None:
        for clitic in _CLITICS_BY_LETTER.get(folded[:1], ()):
            if folded.startswith(clitic) and len(folded) - len(clitic) >= 3:
                rest = folded[len(clitic) :]
                mark = table.get(rest) or table.get("ال" + rest)
                if mark:
                    break
    return mark or "-"


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
        "gaz": _gazetteer_mark(folded),
    }


#: What `gazetteer_vector` says of a word, one 0/1 column each.
GAZETTEER_COLUMNS = ("person", "organisation", "place", "nisba", "trigger")


def gazetteer_vector(token: str, folded: str | None = None) -> tuple[float, ...]:
    """Knowledge-base membership and trigger-word status of one token, for the network:
    a part of a person's name, of an organisation's, a place, a nisba, a trigger.
    `folded` is the token's `normalize_for_matching` form, when the caller has it."""
    folded = normalize_for_matching(token) if folded is None else folded
    mark = _gazetteer_mark(folded)
    # A stem is part of its word: when no trigger occurs in the word, stemming is skipped.
    trigger = folded in _TRIGGERS or (
        _TRIGGER_PATTERN.search(folded) is not None and light_stem(folded) in _TRIGGERS
    )
    return (
        float("P" in mark),
        float("O" in mark),
        float("L" in mark),
        float("D" in mark),
        float(trigger),
    )


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
                row[f"{offset}:gaz"] = own[other]["gaz"]
            else:
                row[f"{offset}:edge"] = 1.0
        result.append(row)
    return result
