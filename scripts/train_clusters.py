"""Learn word clusters from the ANT news corpus for the NER tagger's features.

Word2vec (gensim, CBOW) over the normalised tokens of the 31.5k ANT articles,
then k-means at two granularities over the most frequent words. The result,
`word<TAB>coarse<TAB>fine`, ships gzipped in rasid/models; gensim and
scikit-learn are needed here only, never at run time.

    python scripts/train_clusters.py [--corpus ../shared/data/news/ant-v2.1.jsonl.gz]
"""

from __future__ import annotations

import argparse
import gzip
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from gensim.models import Word2Vec
from sklearn.cluster import MiniBatchKMeans

from rasid.ner.corpus import ant_paragraphs, stable_hash
from rasid.text.normalize import normalize_for_matching

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "ant-v2.1.jsonl.gz"
OUTPUT = ROOT / "rasid" / "models" / "clusters-ant.tsv.gz"
TOKEN = re.compile(r"\w+")
VOCABULARY = 60_000
GRANULARITIES = (64, 512)
SEED = 13


def sentences(corpus: Path) -> Iterator[list[str]]:
    return ant_paragraphs(
        corpus, lambda paragraph: TOKEN.findall(normalize_for_matching(paragraph))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    start = time.perf_counter()
    corpus = list(sentences(arguments.corpus))
    counts = Counter(token for sentence in corpus for token in sentence)
    print(f"{len(corpus)} paragraphs, {sum(counts.values())} tokens, {len(counts)} types")
    model = Word2Vec(
        corpus,
        vector_size=100,
        window=5,
        min_count=5,
        workers=1,  # one worker: the same vectors on every run
        epochs=3,
        seed=SEED,
        sg=0,
        hashfxn=stable_hash,
    )
    words = [w for w, _ in counts.most_common() if w in model.wv][:VOCABULARY]
    vectors = model.wv[words]
    labels = [
        MiniBatchKMeans(n_clusters=k, random_state=SEED, batch_size=4096, n_init=3).fit_predict(
            vectors
        )
        for k in GRANULARITIES
    ]
    lines = "".join(
        f"{word}\t{labels[0][index]}\t{labels[1][index]}\n" for index, word in enumerate(words)
    )
    # mtime=0: the same clusters give the same bytes, so a retrain shows no diff.
    arguments.output.write_bytes(gzip.compress(lines.encode("utf-8"), mtime=0))
    print(
        f"{len(words)} words clustered in {time.perf_counter() - start:.0f} s -> {arguments.output}"
    )


if __name__ == "__main__":
    main()
