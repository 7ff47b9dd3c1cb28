"""Story clustering against labelled days: B-cubed precision, recall and F1.

A label file has one JSON object a line, `{"id", "story"}` (more fields are
ignored), naming articles of a corpus in JSON lines (by default the ANT
corpus in ../shared/data). The labelled articles are read from the corpus,
analysed by the default pipeline, profiled and clustered from scratch, as
the store would; the predicted stories are then scored against the labels.

B-cubed (Bagga and Baldwin, 1998): for each article, precision is the share
of its predicted story that shares its label, recall the share of its
labelled story that was predicted with it; both are averaged over articles.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasid.stories.profile import Profile

__all__ = [
    "ANT_CORPUS",
    "STORY_SETS",
    "StoryScores",
    "bcubed",
    "labelled_profiles",
    "load_labels",
    "select_lines",
]

_ROOT = Path(__file__).resolve().parents[2]
ANT_CORPUS = _ROOT.parent / "shared" / "data" / "news" / "ant-v2.1.jsonl.gz"
_STORIES = _ROOT / "tests" / "data" / "stories"
#: Named label sets: "dev" tuned the parameters, "heldout" was labelled apart and never tuned on.
STORY_SETS = {
    "dev": _STORIES / "ant_days.jsonl",
    "heldout": _STORIES / "ant_heldout_days.jsonl",
}


@dataclass(frozen=True, slots=True)
class StoryScores:
    precision: float
    recall: float
    f1: float
    articles: int
    gold_stories: int
    predicted_stories: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "articles": self.articles,
            "gold_stories": self.gold_stories,
            "predicted_stories": self.predicted_stories,
        }


def load_labels(path: Path) -> dict[str, str]:
    """Article id -> story label; a line that is not `{"id", "story"}` is an error naming it."""
    labels: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                labels[str(record["id"])] = str(record["story"])
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: not a story label ({error})") from None
    if not labels:
        raise ValueError(f"{path}: no labels")
    return labels


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> StoryScores:
    """B-cubed scores of `predicted` (article -> story) over the articles `gold` labels."""
    items = [item for item in gold if item in predicted]
    if not items:
        return StoryScores(0.0, 0.0, 0.0, 0, 0, 0)
    pairs = Counter((predicted[i], gold[i]) for i in items)
    predicted_sizes = Counter(predicted[i] for i in items)
    gold_sizes = Counter(gold[i] for i in items)
    precision = recall = 0.0
    for (story, label), together in pairs.items():
        # Each of the `together` articles sees `together` agreeing neighbours.
        precision += together * together / predicted_sizes[story]
        recall += together * together / gold_sizes[label]
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return StoryScores(precision, recall, f1, len(items), len(gold_sizes), len(predicted_sizes))


def labelled_profiles(labels: Mapping[str, str], corpus: Path = ANT_CORPUS) -> list[Profile]:
    """Profiles of the labelled articles of `corpus`, analysed by the default pipeline."""
    from rasid.ingest import analyze_paths
    from rasid.model import Document
    from rasid.settings import Options
    from rasid.stories.profile import profile_of

    wanted = set(labels)
    selected = select_lines(corpus, wanted)
    profiles = []
    for result in analyze_paths([selected], Options(), fmt="jsonl"):
        if isinstance(result, Document) and result.article.external_id in wanted:
            profiles.append(profile_of(result, article_id=result.article.external_id))
    selected.unlink()
    missing = wanted - {profile.article_id for profile in profiles}
    if missing:
        raise ValueError(f"{corpus}: {len(missing)} labelled articles not found or not analysed")
    return profiles


def select_lines(corpus: Path, wanted: set[str]) -> Path:
    """The labelled lines of `corpus` in a temporary JSON-lines file, for the readers."""
    import gzip
    import os
    import tempfile

    if not corpus.is_file():
        raise ValueError(f"{corpus}: no such corpus file")
    opener = gzip.open if corpus.suffix == ".gz" else open
    handle, name = tempfile.mkstemp(suffix=".jsonl")
    os.close(handle)
    with (
        opener(corpus, "rt", encoding="utf-8") as lines,
        Path(name).open("w", encoding="utf-8") as out,
    ):
        for line in lines:
            if json.loads(line).get("id") in wanted:
                out.write(line)
    return Path(name)


def score_profiles(
    profiles: Sequence[Profile], labels: Mapping[str, str], **params: Any
) -> StoryScores:
    """Cluster `profiles` from scratch with `params` (StoryParams fields) and score them."""
    from rasid.stories.cluster import StoryParams, cluster

    assignments = cluster(profiles, StoryParams(**params))
    return bcubed({a.article_id: a.story_id for a in assignments}, labels)
