"""Train the CRF named-entity tagger on ANERcorp and ship it in rasid/models/.

The last 10% of train.tsv (one contiguous block: whole articles never trained
on) is the dev set; its entity-level scores are printed at the end.

    python scripts/train_ner.py [--data ../shared/data/ner/anercorp/train.tsv]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pycrfsuite

from rasid.ner.conll import dev_split, read_conll, score
from rasid.ner.features import sentence_features

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "ner" / "anercorp" / "train.tsv"
MODEL = ROOT / "rasid" / "models" / "ner-crf.crfsuite"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--model", type=Path, default=MODEL)
    arguments = parser.parse_args()
    sentences = list(read_conll(arguments.data))
    train, dev = dev_split(sentences)
    print(f"{len(train)} training sentences, {len(dev)} dev sentences")
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, tags in train:
        trainer.append(sentence_features(tokens), tags)
    trainer.set_params(
        {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True,
         "feature.minfreq": 2}
    )  # fmt: skip
    arguments.model.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    trainer.train(str(arguments.model))
    print(f"trained in {time.perf_counter() - start:.0f} s -> {arguments.model}")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(arguments.model))
    scores = score((tags, tagger.tag(sentence_features(tokens))) for tokens, tags in dev)
    for kind in scores.types:
        p, r, f = scores.prf(kind)
        print(f"{kind:5} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    p, r, f = scores.prf()
    print(f"micro P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
