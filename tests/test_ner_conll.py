from __future__ import annotations

from pathlib import Path

import pytest

from rasid.ner.conll import read_conll, score, spans


def test_spans_follow_the_conll_convention() -> None:
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-ORG", "B-ORG", "I-MISC"]
    assert spans(tags) == {
        (0, 2, "PERS"),
        (3, 5, "LOC"),
        (5, 6, "ORG"),
        (6, 7, "ORG"),
        (7, 8, "MISC"),
    }


def test_a_span_counts_only_with_both_ends_and_the_type_right() -> None:
    gold = ["B-PERS", "I-PERS", "O", "B-LOC"]
    predicted = ["B-PERS", "O", "O", "B-ORG"]
    scores = score([(gold, predicted)])
    assert scores.prf() == (0.0, 0.0, 0.0)
    assert score([(gold, gold)]).prf() == (1.0, 1.0, 1.0)
    partly = score([(gold, ["B-PERS", "I-PERS", "O", "O"])])
    assert partly.prf() == (1.0, 0.5, pytest.approx(2 / 3))
    assert partly.prf("LOC") == (0.0, 0.0, 0.0)


def test_read_conll_splits_sentences_and_names_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("أعلن\tO\nاتحاد\tB-ORG\n\nألمانيا\tB-LOC\n", encoding="utf-8")
    assert list(read_conll(path)) == [(["أعلن", "اتحاد"], ["O", "B-ORG"]), (["ألمانيا"], ["B-LOC"])]
    path.write_text("كلمة بلا وسم\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x.tsv:1"):
        list(read_conll(path))
