"""Quality gate: scores on the named evaluation sets must not fall below tests/eval_baseline.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from rasid.evaluation import CleanScores, evaluate_clean, named_set
from tests.conftest import ROOT, SEEDS

BASELINE = json.loads((ROOT / "tests" / "eval_baseline.json").read_text(encoding="utf-8"))


def _below(measured: Mapping[str, float], floors: Mapping[str, float]) -> dict[str, object]:
    """The metrics under their floor, each with its measured value and the floor."""
    return {
        metric: (round(measured[metric], 4), floor)
        for metric, floor in floors.items()
        if measured[metric] < floor
    }


def _metrics(scores: CleanScores) -> dict[str, float]:
    return {
        "residue_precision": scores.residue.precision,
        "residue_recall": scores.residue.recall,
        "residue_f1": scores.residue.f1,
        "reason_accuracy": scores.reason_accuracy,
        "repairs_precision": scores.repairs.precision,
        "repairs_recall": scores.repairs.recall,
        "repairs_f1": scores.repairs.f1,
        "title_accuracy": scores.title_accuracy,
    }


@pytest.mark.parametrize("name", sorted(BASELINE["clean"]))
def test_clean_quality_stays_above_its_floor(name: str) -> None:
    annotations, base = named_set(name)
    if name == "seeds" and not SEEDS.is_dir():
        pytest.skip("../shared is absent (it is present in CI, where this runs)")
    scores = evaluate_clean(annotations, base, name=name)
    assert scores.documents > 0
    measured = _metrics(scores)
    below = _below(measured, BASELINE["clean"][name])
    assert below == {}, "\n".join(scores.errors)


SPEECH_FLOORS = [
    (stage, name) for stage in ("quotes", "dates") for name in sorted(BASELINE.get(stage, {}))
]


@pytest.mark.parametrize(("stage", "name"), SPEECH_FLOORS)
def test_quote_and_date_quality_stays_above_its_floor(stage: str, name: str) -> None:
    from rasid.evaluation import SPEECH_SETS, evaluate_dates, evaluate_quotes

    annotations, base, part = SPEECH_SETS[stage][name]
    if name == "seeds" and not SEEDS.is_dir():
        pytest.skip("../shared is absent (it is present in CI, where this runs)")
    evaluate = evaluate_quotes if stage == "quotes" else evaluate_dates
    scores = evaluate(annotations, base, name=name, part=part)
    assert scores.documents > 0
    measured = {
        f"{measure}_{metric}": values[metric]
        for measure, values in scores.to_dict().items()
        if isinstance(values, dict)
        for metric in ("precision", "recall", "f1")
    }
    below = _below(measured, BASELINE[stage][name])
    assert below == {}, "\n".join(scores.errors)


@pytest.mark.parametrize("name", sorted(BASELINE.get("events", {})))
def test_event_quality_stays_above_its_floor(name: str) -> None:
    from rasid.evaluation.events import EVENT_SETS, evaluate_events

    annotations, base, part = EVENT_SETS[name]
    if name == "seeds" and not SEEDS.is_dir():
        pytest.skip("../shared is absent (it is present in CI, where this runs)")
    scores = evaluate_events(annotations, base, name=name, part=part)
    assert scores.documents > 0
    measured = {
        f"{measure}_{metric}": values[metric]
        for measure, values in scores.to_dict().items()
        if isinstance(values, dict)
        for metric in ("precision", "recall", "f1")
    }
    below = _below(measured, BASELINE["events"][name])
    assert below == {}, "\n".join(scores.errors)


STORY_FLOORS = sorted(name for name in BASELINE["stories"] if not name.startswith("_"))


@pytest.mark.shared
@pytest.mark.parametrize("name", STORY_FLOORS)
def test_story_clustering_stays_above_its_floor(name: str) -> None:
    from rasid.evaluation.stories import (
        ANT_CORPUS,
        STORY_SETS,
        labelled_profiles,
        load_labels,
        score_profiles,
    )

    if not ANT_CORPUS.is_file():
        pytest.skip("../shared is absent (it is present in CI, where this runs)")
    gold = load_labels(STORY_SETS[name])
    scores = score_profiles(labelled_profiles(gold), gold)
    assert scores.articles == len(gold)
    measured = scores.to_dict()
    below = _below(measured, BASELINE["stories"][name])
    assert below == {}


RELATED_FLOORS = sorted(name for name in BASELINE["related"] if not name.startswith("_"))


@pytest.mark.shared
@pytest.mark.parametrize("name", RELATED_FLOORS)
def test_related_articles_stay_above_their_floor(name: str) -> None:
    from rasid.evaluation.related import score_related
    from rasid.evaluation.stories import ANT_CORPUS, STORY_SETS, load_labels

    if not ANT_CORPUS.is_file():
        pytest.skip("../shared is absent (it is present in CI, where this runs)")
    scores = score_related(load_labels(STORY_SETS[name]))
    assert scores.queries > 90
    below = _below(scores.to_dict(), BASELINE["related"][name])
    assert below == {}


def test_eval_related_on_a_store_names_a_labelled_article_it_lacks(demo_db: Path) -> None:
    from typer.testing import CliRunner

    from rasid.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["eval", "related", "--store", str(demo_db.parent / "none.db")])
    assert missing.exit_code == 1
    assert "none.db: no such store" in missing.output
    lacking = runner.invoke(app, ["eval", "related", "--store", str(demo_db), "--set", "dev"])
    assert lacking.exit_code == 1
    assert "no stored article has the id or external id" in lacking.output


@pytest.mark.shared
def test_related_on_an_archive_asks_the_labelled_articles_among_the_others(
    tmp_path: Path,
) -> None:
    from rasid.evaluation.related import score_related_in
    from rasid.evaluation.stories import ANT_CORPUS, STORY_SETS, load_labels, select_lines
    from rasid.ingest import ingest
    from rasid.settings import Options
    from rasid.store import SqlStore

    if not ANT_CORPUS.is_file():
        pytest.skip("../shared is absent (it is present in CI, where this runs)")
    labels = load_labels(STORY_SETS["dev"])
    selected = select_lines(ANT_CORPUS, set(labels))
    store = SqlStore(str(tmp_path / "archive.db"))
    try:
        demo = Path(__file__).resolve().parent.parent / "examples" / "corpus"
        ingest([selected, demo], store, Options())
        scores = score_related_in(store, labels)
    finally:
        store.close()
        selected.unlink()
    assert scores.queries == 91
    assert 0.5 < scores.mean_average_precision <= 1.0
