"""Grid-search the story-matching parameters on the labelled dev days.

    python scripts/tune_stories.py [--set dev] [--top 10]

Reads the labelled ANT articles (tests/data/stories/), analyses and
profiles them once, then clusters them with every combination of the grid
below and prints the best by B-cubed F1 (ties: higher precision, since a
wrong merge hides a story while a missed one only splits it). The chosen
values go into `rasid.stories.cluster.StoryParams` by hand, with the
figures in docs/stories.md. Never tune on the held-out set.
"""

from __future__ import annotations

import argparse
import itertools

from rasid.evaluation.stories import STORY_SETS, labelled_profiles, load_labels, score_profiles

GRID: dict[str, list[object]] = {
    "linkage": ["average", "centroid"],
    "threshold": [0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.25, 0.3],
    "entity_weight": [0.0, 0.2, 0.4, 0.6],
    "title_weight": [0.0, 0.2, 0.4, 0.6],
    "half_life_hours": [24.0, 72.0, 1e9],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="dev", choices=["dev"])
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    labels = load_labels(STORY_SETS[args.set])
    profiles = labelled_profiles(labels)
    results = []
    for values in itertools.product(*GRID.values()):
        params = dict(zip(GRID, values, strict=True))
        scores = score_profiles(profiles, labels, **params)
        results.append((scores.f1, scores.precision, params, scores))
    results.sort(key=lambda item: (-item[0], -item[1]))
    for f1, _, params, scores in results[: args.top]:
        print(f"F1 {f1:.4f}  P {scores.precision:.4f}  R {scores.recall:.4f}  {params}")


if __name__ == "__main__":
    main()
