"""Quality of the events stage on annotated articles.

An annotation file is JSON lines, one object per article (examples/README.md):

    {"file": "corpus/05_x.txt", "published": "2020-03-13" | null,
     "events": [{"type": "ASSAULT", "mode": "shelling" | null, "trigger": "وقصفت",
                 "actors": ["Syrian government forces"], "targets": ["civilians"],
                 "location": "Kafranbel" | null, "date": "2020-03-12" | null,
                 "modality": "asserted", "sentence": "..."}]}

A predicted event matches a gold one of the same type when the gold sentence
shares at least half its words with the predicted sentence and the gold
trigger is among them (each used once). `found` is precision/recall/F1 of
that matching. Of the matched events: actors are scored as names (micro
P/R/F1; a name matches when one's words are all among the other's, and a
person or organisation also stands for its country, as annotators write
"Turkey" for Erdoğan); for AGREE, COOPERATE and CONSULT the parties are
compared whole, actors and targets together. The place, the date and the
modality are scored as the share right. `complete` counts a match only when the actors,
the place and the date are all right: type + actors + location + date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasid.evaluation.clean import Score
from rasid.evaluation.speech import _ROOT, _contains, _overlap, _words, score_annotated
from rasid.model import Document, Event, Participant
from rasid.pipeline import Pipeline

__all__ = ["EVENT_SETS", "EventScores", "evaluate_events"]

_DEMO = (_ROOT / "examples" / "annotations" / "events.jsonl", _ROOT / "examples")
#: Named sets: (annotation file, base folder, part); the demo corpus split as for quotes.
EVENT_SETS: dict[str, tuple[Path, Path, str | None]] = {
    "seeds": (
        _ROOT / "tests" / "data" / "seeds_events.jsonl",
        _ROOT.parent / "shared" / "seeds",
        None,
    ),
    "demo-dev": (*_DEMO, "dev"),
    "demo-heldout": (*_DEMO, "heldout"),
    # Another author's articles, annotated blind by a third person.
    "heldout": (
        _ROOT / "tests" / "data" / "clean_heldout" / "events.jsonl",
        _ROOT / "tests" / "data" / "clean_heldout",
        None,
    ),
}


@dataclass(slots=True)
class EventScores:
    name: str
    documents: int = 0
    found: Score = field(default_factory=Score)
    actors: Score = field(default_factory=Score)
    complete: Score = field(default_factory=Score)
    places_right: int = 0
    places_gold: int = 0
    dates_right: int = 0
    dates_gold: int = 0
    modality_right: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        matched = self.found.true_positives or 1
        return {
            "set": self.name,
            "documents": self.documents,
            "found": self.found.to_dict(),
            "actors": self.actors.to_dict(),
            "complete": self.complete.to_dict(),
            "location_accuracy": self.places_right / self.places_gold if self.places_gold else 1.0,
            "date_accuracy": self.dates_right / self.dates_gold if self.dates_gold else 1.0,
            "modality_accuracy": self.modality_right / matched,
        }


def _name_words(name: str) -> set[str]:
    """Words of an English name, casefolded; apostrophes dropped ("Ma'rib" is "Marib")."""
    name = name.casefold().translate(str.maketrans("", "", "'’ʿʾ‘"))
    folded = "".join(c if c.isalnum() or c.isspace() else " " for c in name)
    return set(folded.replace(" al ", " ").split())


def _same_name(gold: str, predicted: str) -> bool:
    first, second = _name_words(gold), _name_words(predicted)
    return bool(first and second) and (first <= second or second <= first)


def _same_place(gold: str, event: Event) -> bool:
    """The annotator's English place name is the event's place: by name, or because the
    knowledge base finds the event's record under it ("Kafr Nabl" is Kafranbel)."""
    from rasid.kb import default_kb

    if event.location and _same_name(gold, event.location):
        return True
    return event.location_kb_id is not None and any(
        candidate.record.id == event.location_kb_id
        for candidate in default_kb().search(gold, limit=5)
    )


#: Types whose parties act together: who is actor and who target is arbitrary there.
_JOINT = frozenset(("AGREE", "COOPERATE", "CONSULT"))


def _names(participants: Sequence[Participant]) -> list[str]:
    return [p.name_en for p in participants]


def _aliases(participant: Participant) -> set[str]:
    """A participant's name and, for a person or an organisation, its country's: annotators
    write "Turkey" for "الرئيس التركي أردوغان" as ACLED does."""
    from rasid.kb import default_kb

    names = {participant.name_en}
    record = default_kb().records.get(participant.kb_id or "")
    if record is not None and record.type in ("PERS", "ORG") and record.country:
        state = default_kb().records.get(f"country:{record.country}")
        if state is not None:
            names.add(state.name_en)
    return names


def evaluate_events(
    annotations: Path,
    base: Path,
    *,
    name: str = "custom",
    part: str | None = None,
    pipeline: Pipeline | None = None,
) -> EventScores:
    """Run the pipeline on each annotated article (with its publication date) and score events."""
    return score_annotated(annotations, base, part, pipeline, EventScores(name), "events", _score)


def _score(label: str, document: Document, gold: list[dict[str, Any]], scores: EventScores) -> None:
    predicted = list(document.records(Event))
    pairs = []
    for gi, g in enumerate(gold):
        sentence, trigger = _words(g["sentence"]), _words(g["trigger"])
        for pi, p in enumerate(predicted):
            words = _words(p.sentence)
            if p.type != g["type"] or not _contains(trigger, words):
                continue
            overlap = 1.0 if _contains(sentence, words) else _overlap(sentence, words)
            if overlap >= 0.5:
                pairs.append((overlap, gi, pi))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    complete = 0
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        complete += _score_match(label, gold[gi], predicted[pi], scores)
    matched = len(used_gold)
    scores.found.add_counts(matched, len(predicted) - matched, len(gold) - matched)
    scores.complete.add_counts(complete, len(predicted) - complete, len(gold) - complete)
    for gi, g in enumerate(gold):
        if gi not in used_gold:
            scores.errors.append(
                f"{label}: missed {g['type']} [{g['trigger']}] {g['sentence'][:60]}"
            )
    for pi, p in enumerate(predicted):
        if pi not in used_predicted:
            scores.errors.append(f"{label}: spurious {p.type} [{p.trigger}] {p.sentence[:60]}")


def _score_match(label: str, gold: dict[str, Any], event: Event, scores: EventScores) -> bool:
    wanted = list(gold.get("actors", []))
    found = list(event.actors)
    if event.type in _JOINT:
        wanted += gold.get("targets", [])
        found += event.targets
    left = list(found)
    hits = 0
    for name in wanted:
        match = next(
            (p for p in left if any(_same_name(name, alias) for alias in _aliases(p))), None
        )
        if match is not None:
            left.remove(match)
            hits += 1
    scores.actors.add_counts(hits, len(found) - hits, len(wanted) - hits)
    actors_right = hits == len(wanted) == len(found)
    place_right = True
    if gold.get("location"):
        scores.places_gold += 1
        place_right = _same_place(gold["location"], event)
        scores.places_right += place_right
    date_right = True
    if gold.get("date"):
        scores.dates_gold += 1
        date_right = event.date == gold["date"]
        scores.dates_right += date_right
    scores.modality_right += event.modality == gold.get("modality")
    if not (actors_right and place_right and date_right):
        scores.errors.append(
            f"{label}: {event.type} [{event.trigger}] actors {_names(found)} / {wanted}, place "
            f"{event.location} / {gold.get('location')}, date {event.date} / {gold.get('date')}"
        )
    return actors_right and place_right and date_right
