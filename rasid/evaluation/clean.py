"""Quality measurement: precision, recall and F1 of the cleaner on annotated sets.

An annotation file is JSON lines, one object per article:

    {"file": "corpus/01_x.txt", "title": "...",
     "residue": [{"line": 3, "reason": "byline"}, ...],
     "repairs": [{"raw": "الخـ.ـناق", "fixed": "الخناق"}, ...]}

`file` is relative to the set's base folder. An object with an `id` names a
record of the JSON-lines file `file` (`"id": "feed-0001"`); its line numbers
then count lines of the record's `text` field.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasid.model import Article, Document
from rasid.pipeline import Pipeline
from rasid.readers.decode import decode_bytes
from rasid.readers.jsonl import article_from_record
from rasid.settings import DEFAULT_JSONL_FIELDS, Options

__all__ = ["EVAL_SETS", "CleanScores", "Score", "evaluate_clean", "named_set"]

_ROOT = Path(__file__).resolve().parents[2]

#: Named evaluation sets for the cleaner: (annotation file, base folder).
#: They live in the repository, not in the installed package.
EVAL_SETS: dict[str, tuple[Path, Path]] = {
    "seeds": (_ROOT / "tests" / "data" / "seeds_clean.jsonl", _ROOT.parent / "shared" / "seeds"),
    "demo": (_ROOT / "examples" / "annotations" / "clean.jsonl", _ROOT / "examples"),
    "heldout": (
        _ROOT / "tests" / "data" / "clean_heldout" / "annotations.jsonl",
        _ROOT / "tests" / "data" / "clean_heldout",
    ),
}


@dataclass(slots=True)
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, predicted: Counter[Any], gold: Counter[Any]) -> None:
        hits = sum((predicted & gold).values())
        self.true_positives += hits
        self.false_positives += sum(predicted.values()) - hits
        self.false_negatives += sum(gold.values()) - hits

    def add_counts(self, hits: int, spurious: int, missed: int) -> None:
        self.true_positives += hits
        self.false_positives += spurious
        self.false_negatives += missed

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_positives + self.false_negatives
        return self.true_positives / relevant if relevant else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
        }


@dataclass(slots=True)
class CleanScores:
    """Scores of one set: residue lines, their reasons, repairs and titles."""

    name: str
    documents: int = 0
    residue: Score = field(default_factory=Score)
    reasons_right: int = 0
    repairs: Score = field(default_factory=Score)
    titles_right: int = 0
    titles: int = 0
    errors: list[str] = field(default_factory=list)
    """What went wrong, one line each: content dropped, residue kept, wrong repairs."""

    @property
    def reason_accuracy(self) -> float:
        found = self.residue.true_positives
        return self.reasons_right / found if found else 1.0

    @property
    def title_accuracy(self) -> float:
        return self.titles_right / self.titles if self.titles else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "documents": self.documents,
            "residue": self.residue.to_dict(),
            "reason_accuracy": round(self.reason_accuracy, 4),
            "repairs": self.repairs.to_dict(),
            "title_accuracy": round(self.title_accuracy, 4),
            "errors": self.errors,
        }


def named_set(name: str) -> tuple[Path, Path]:
    if name not in EVAL_SETS:
        raise KeyError(f"unknown evaluation set {name!r}; known: {', '.join(EVAL_SETS)}")
    return EVAL_SETS[name]


def _jsonl_record(path: Path, record_id: str) -> Any:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                record = json.loads(line)
                if str(record.get("id")) == record_id:
                    return record
    raise KeyError(f"{path}: no record with id {record_id!r}")


def _annotated(annotations: Path, base: Path) -> Iterator[tuple[str, Article, dict[str, Any]]]:
    """Each annotated article, read the way `rasid ingest` reads it, with its gold record.

    For a JSON-lines record the reader puts the title on a line of its own
    above the body; the gold line numbers (counted in the `text` field) are
    shifted to match.
    """
    with annotations.open(encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                continue
            gold = json.loads(line)
            path = base / (gold.get("jsonl") or gold["file"])
            if "id" not in gold:
                text, _ = decode_bytes(path.read_bytes(), str(path))
                yield gold["file"], Article(raw_text=text.replace("\r\n", "\n")), gold
                continue
            record = _jsonl_record(path, str(gold["id"]))
            label = f"{path.relative_to(base)}#{gold['id']}"
            article = article_from_record(
                record, label, fields=DEFAULT_JSONL_FIELDS, max_bytes=Options().max_article_bytes
            )
            shift = article.raw_text.count("\n") - record["text"].strip("\n").count("\n")
            for item in (*gold.get("residue", []), *gold.get("repairs", [])):
                if "line" in item:
                    item["line"] += shift
            yield label, article, gold


def _score_document(
    name: str, document: Document, gold: dict[str, Any], scores: CleanScores
) -> None:
    raw_lines = document.article.raw_text.splitlines()
    predicted = {r.line: r.reason for r in document.removed}
    expected = {int(r["line"]): r["reason"] for r in gold.get("residue", [])}
    scores.residue.add(Counter(predicted.keys()), Counter(expected.keys()))
    scores.reasons_right += sum(1 for n, reason in predicted.items() if expected.get(n) == reason)
    for number in sorted(set(predicted) - set(expected)):
        scores.errors.append(
            f"{name}:{number}: content dropped as {predicted[number]}: {raw_lines[number - 1][:80]}"
        )
    for number in sorted(set(expected) - set(predicted)):
        scores.errors.append(
            f"{name}:{number}: {expected[number]} kept: {raw_lines[number - 1][:80]}"
        )
    # Distinct (raw, fixed) pairs per article: annotators list a word once or
    # at every occurrence, and either way the question is whether it is repaired.
    # A broken word on a residue line is dropped with its line, not repaired.
    found = Counter({(r.raw, r.fixed): 1 for r in document.repairs})
    wanted = Counter(
        {
            (r["raw"], r["fixed"]): 1
            for r in gold.get("repairs", [])
            if r.get("line") not in expected
        }
    )
    scores.repairs.add(found, wanted)
    for raw, fixed in sorted((found - wanted).elements()):
        scores.errors.append(f"{name}: spurious repair {raw} -> {fixed}")
    for raw, fixed in sorted((wanted - found).elements()):
        scores.errors.append(f"{name}: missed repair {raw} -> {fixed}")
    if "title" in gold:
        scores.titles += 1
        expected_title = gold["title"] or None
        for repair in gold.get("repairs", []):
            expected_title = expected_title and expected_title.replace(
                repair["raw"], repair["fixed"]
            )
        if (document.title or None) == expected_title:
            scores.titles_right += 1
        else:
            scores.errors.append(f"{name}: title {document.title!r}, expected {gold['title']!r}")


def evaluate_clean(annotations: Path, base: Path, *, name: str = "custom") -> CleanScores:
    """Run the default pipeline on every annotated article and score the clean stage."""
    pipeline = Pipeline()
    scores = CleanScores(name=name)
    for label, article, gold in _annotated(annotations, base):
        scores.documents += 1
        _score_document(label, pipeline.run(article), gold, scores)
    return scores
