"""Quality gate for the shipped tagger on the ANERcorp dev block (last 10% of train.tsv)."""

from __future__ import annotations

import json

import pytest

from rasid.ner.conll import dev_split, read_conll, score
from rasid.ner.neural import default_neural_tagger, default_pool_tagger
from rasid.ner.tagger import default_tagger, evaluate_file
from tests.conftest import ROOT, SHARED, needs_shared

FLOORS = json.loads((ROOT / "tests" / "eval_baseline.json").read_text(encoding="utf-8"))["ner"]
ANERCORP = SHARED / "data" / "ner" / "anercorp" / "train.tsv"


@needs_shared
def test_tagger_stays_above_its_floor_on_the_anercorp_dev_block() -> None:
    _, dev = dev_split(list(read_conll(ANERCORP)))
    tagger = default_tagger()
    scores = score((tags, tagger.tag(tokens)) for tokens, tags in dev)
    measured = {
        "micro_f1": scores.prf()[2],
        "LOC_f1": scores.prf("LOC")[2],
        "PERS_f1": scores.prf("PERS")[2],
    }
    floors = FLOORS["anercorp_dev"]
    assert {k: round(v, 4) for k, v in measured.items() if v < floors[k]} == {}


@needs_shared
@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_the_name_finder_stays_above_its_floor_on_the_anercorp_dev_block(mode: str) -> None:
    """What `rasid analyze` finds: tagger, knowledge-base names, propagation; with the
    default network (fast) or the pool of two (accurate, `tagger = "accurate"`)."""
    tagger = default_neural_tagger() if mode == "fast" else default_pool_tagger()
    scores = evaluate_file(ANERCORP, tagger, system=True, dev_only=True)
    measured = {
        "micro_f1": scores.prf()[2],
        **{f"{kind}_f1": scores.prf(kind)[2] for kind in ("LOC", "PERS", "ORG")},
    }
    floors = FLOORS["anercorp_dev_system" if mode == "fast" else "anercorp_dev_system_accurate"]
    assert {k: round(v, 4) for k, v in measured.items() if v < floors[k]} == {}


def test_tagger_tags_each_token_and_handles_empty_input() -> None:
    tagger = default_tagger()
    tokens = ["قال", "وزير", "الخارجية", "الروسي", "سيرغي", "لافروف", "في", "موسكو"]
    tags = tagger.tag(tokens)
    assert len(tags) == len(tokens)
    assert all(tag == "O" or tag[:2] in ("B-", "I-") for tag in tags)
    assert tagger.tag([]) == []
