"""The neural tagger: its contract with callers, its decoding, and a quality floor on dev."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from rasid.ner import neural
from rasid.ner.conll import dev_split, read_conll, score, spans
from rasid.ner.neural import (
    allowed_transitions,
    default_neural_tagger,
    default_pool_tagger,
    marginals,
    sentence_pieces,
    viterbi,
)
from tests.conftest import ROOT, SHARED, needs_shared

ANERCORP = SHARED / "data" / "ner" / "anercorp" / "train.tsv"
TAGS = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]

#: Entity-level F1 floors on the ANERcorp dev block, kept with the others in
#: tests/eval_baseline.json (measured: neural 0.7304 micro, 0.8370 LOC;
#: pool 0.7412 micro, 0.8495 LOC).
FLOORS = json.loads((ROOT / "tests" / "eval_baseline.json").read_text(encoding="utf-8"))["ner"]

SENTENCES = [
    ["قال", "وزير", "الخارجية", "الروسي", "سيرغي", "لافروف", "في", "موسكو", "."],
    ["وصل", "الرئيس", "الفرنسي", "جاك", "شيراك", "إلى", "بغداد", "أمس"],
    ["."],
    ["أعلنت", "شركة", "فولكسفاغن", "الألمانية", "عن", "أرباح", "قياسية", "في", "عام", "2006"],
    # Longer than a network piece, so it is cut and put back together.
    ["التقى", "الأمين", "العام", "للأمم", "المتحدة", "بان", "كي", "مون", "،", "في", "نيويورك"] * 14,
]


def _is_well_formed(tags: list[str]) -> bool:
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True


@pytest.fixture(params=["neural", "pool"])
def tagger(request: pytest.FixtureRequest) -> object:
    return default_neural_tagger() if request.param == "neural" else default_pool_tagger()


def test_each_token_gets_one_tag_and_no_tokens_get_none(tagger: object) -> None:
    for tokens in SENTENCES:
        assert len(tagger.tag(tokens)) == len(tokens)  # type: ignore[attr-defined]
    assert tagger.tag([]) == []  # type: ignore[attr-defined]
    assert tagger.tag_many([]) == []  # type: ignore[attr-defined]


def test_tagging_in_a_batch_equals_tagging_one_by_one(tagger: object) -> None:
    batch = [*SENTENCES, [], SENTENCES[0]]
    one_by_one = [tagger.tag(tokens) for tokens in batch]  # type: ignore[attr-defined]
    assert tagger.tag_many(batch) == one_by_one  # type: ignore[attr-defined]


def test_tags_are_well_formed_bio(tagger: object) -> None:
    for tags in tagger.tag_many(SENTENCES):  # type: ignore[attr-defined]
        assert all(tag == "O" or tag[2:] in ("PERS", "LOC", "ORG", "MISC") for tag in tags)
        assert _is_well_formed(tags), tags


def test_a_city_after_fi_is_a_place_and_a_named_minister_a_person() -> None:
    tags = default_neural_tagger().tag(SENTENCES[0])
    assert tags[7] == "B-LOC"
    assert tags[4:6] == ["B-PERS", "I-PERS"]


def test_a_long_sentence_is_cut_after_its_last_stop_in_the_window() -> None:
    tokens = ["كلمة"] * 70 + ["."] + ["كلمة"] * 60
    assert sentence_pieces(tokens, 100) == [71]
    assert sentence_pieces(["كلمة"] * 250, 100) == [100, 200]
    assert sentence_pieces(tokens[:100], 100) == []


def test_viterbi_never_opens_a_name_with_an_inside_tag() -> None:
    emissions = np.full((1, 3, len(TAGS)), -5.0, dtype=np.float32)
    emissions[0, :, TAGS.index("I-LOC")] = 5.0
    emissions[0, :, TAGS.index("B-LOC")] = 4.0
    allowed = allowed_transitions(TAGS)
    transitions = np.where(allowed, 0.0, -np.inf).astype(np.float32)
    start = np.where([t.startswith("I-") for t in TAGS], -np.inf, 0.0).astype(np.float32)
    end = np.zeros(len(TAGS), dtype=np.float32)
    (path,) = viterbi(emissions, np.array([3], dtype=np.int32), transitions, start, end)
    assert [TAGS[tag] for tag in path] == ["B-LOC", "I-LOC", "I-LOC"]


def test_viterbi_in_any_row_order_is_the_exhaustive_best_path() -> None:
    rng = np.random.default_rng(1)
    emissions = rng.normal(size=(5, 4, len(TAGS))).astype(np.float32)
    lengths = np.array([2, 4, 1, 3, 4], dtype=np.int32)
    transitions = np.where(allowed_transitions(TAGS), 0.5, -np.inf).astype(np.float32)
    transitions[0, 0] = 1.0
    start = np.where([t.startswith("I-") for t in TAGS], -np.inf, 0.0).astype(np.float32)
    end = rng.normal(size=len(TAGS)).astype(np.float32)
    paths = viterbi(emissions, lengths, transitions, start, end)
    for row, length in enumerate(lengths):

        def total(path: tuple[int, ...], row: int = row) -> float:
            steps = sum(transitions[a, b] for a, b in itertools.pairwise(path))
            return float(
                start[path[0]]
                + steps
                + end[path[-1]]
                + emissions[row, range(len(path)), path].sum()
            )

        best = max(itertools.product(range(len(TAGS)), repeat=int(length)), key=total)
        assert paths[row] == list(best)


def test_the_encoder_table_starts_afresh_past_its_limit_with_the_same_inputs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    encoder = default_neural_tagger().encoder

    def per_position(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """What each token position reads, whatever the order of the batch's rows."""
        return {
            name: arrays[name] if name == "lengths" else arrays[name][arrays["tokens"]]
            for name in arrays
            if name != "tokens"
        }

    before = per_position(encoder.arrays(SENTENCES))
    monkeypatch.setattr(neural, "_CACHE_LIMIT", 1)
    after = per_position(encoder.arrays(SENTENCES))
    assert before.keys() == after.keys()
    assert all(np.array_equal(before[name], after[name]) for name in before)


def test_marginals_are_probabilities_and_ignore_padding() -> None:
    rng = np.random.default_rng(0)
    emissions = rng.normal(size=(2, 5, len(TAGS))).astype(np.float32)
    transitions = np.where(allowed_transitions(TAGS), 0.0, -np.inf).astype(np.float32)
    start = np.where([t.startswith("I-") for t in TAGS], -np.inf, 0.0).astype(np.float32)
    end = np.zeros(len(TAGS), dtype=np.float32)
    lengths = np.array([5, 3], dtype=np.int32)
    batched = marginals(emissions, lengths, transitions, start, end)
    alone = marginals(emissions[1:, :3], lengths[1:], transitions, start, end)
    assert [m.shape for m in batched] == [(5, len(TAGS)), (3, len(TAGS))]
    assert np.allclose(batched[0].sum(axis=1), 1.0, atol=1e-5)
    assert np.allclose(batched[1], alone[0], atol=1e-6)
    assert np.all(batched[0][0, [TAGS.index(t) for t in TAGS if t.startswith("I-")]] == 0.0)


@needs_shared
@pytest.mark.parametrize("name", ["neural", "pool"])
def test_taggers_stay_above_their_floors_on_the_anercorp_dev_block(name: str) -> None:
    _, dev = dev_split(list(read_conll(ANERCORP)))
    tagger = default_neural_tagger() if name == "neural" else default_pool_tagger()
    predicted = tagger.tag_many([tokens for tokens, _ in dev])
    scores = score(zip((tags for _, tags in dev), predicted, strict=True))
    measured = {"micro_f1": scores.prf()[2], "LOC_f1": scores.prf("LOC")[2]}
    floors = FLOORS[f"anercorp_dev_{name}"]
    assert {k: round(v, 4) for k, v in measured.items() if v < floors[k]} == {}
    assert all(len(p) == len(tokens) for p, (tokens, _) in zip(predicted, dev, strict=True))
    assert sum(len(spans(tags)) for tags in predicted) > 0
