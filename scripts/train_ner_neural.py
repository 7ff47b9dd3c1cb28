"""Train the neural named-entity tagger (BiLSTM-CRF) and ship it as ONNX in rasid/models/.

1. Read ANERcorp; its last 10% (whole articles) is the dev block, never trained on.
2. Learn word vectors on the ANT news corpus (gensim skip-gram, one worker,
   fixed seed, so the same vectors on every run) and keep the 50k most
   frequent words, int8-quantised to fit the package.
3. First stage: train the network on ANERcorp with torch: frozen ANT vectors
   of the word and of its clitic-stripped stem, a character CNN, the token's
   shape, a bidirectional LSTM and a CRF. Word dropout makes it lean on
   characters and context, which is what carries over to names never seen
   in training.
4. Self-training: the first-stage network tags 150k ANT paragraphs; for each
   vocabulary word, the share of its occurrences tagged PERS, LOC, ORG and
   MISC becomes four more columns of the word table.
5. Second stage: the same network trained afresh with those columns; it is
   what ships. It is written as ONNX (built node by node, so the LSTM keeps
   each sentence's length) with the vocabulary as gzipped TSV, then the dev
   block is tagged with the shipped runtime (rasid.ner.neural) and scored.

    python scripts/train_ner_neural.py [--data ...] [--corpus ...] [--cache DIR]

About 30 minutes on one core (word2vec 8, each stage 11, tagging ANT 2).
torch, onnx and gensim are needed here only; at run time the tagger needs
numpy and onnxruntime.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import pickle
import random
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import torch
from gensim.models import Word2Vec  # type: ignore[import-untyped]
from ner_onnx import export
from torch import Tensor, nn

from rasid.ner.conll import NerScores, Sentence, dev_split, read_conll, score
from rasid.ner.corpus import ant_paragraphs, stable_hash
from rasid.ner.features import GAZETTEER_COLUMNS
from rasid.ner.neural import (
    MODEL,
    WORDS,
    NeuralTagger,
    TokenEncoder,
    allowed_transitions,
    fold_token,
    sentence_pieces,
    viterbi,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "ner" / "anercorp" / "train.tsv"
CORPUS = ROOT.parent / "shared" / "data" / "news" / "ant-v2.1.jsonl.gz"
MODELS = ROOT / "rasid" / "models"

SEED = 13
TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
VOCABULARY = 50_000
VECTOR_SIZE = 100
MAX_CHARS = 16
CHAR_DIM = 24
CHAR_FILTERS = 50
SHAPE_DIM = 8
PROJECTION = 128
HIDDEN = 100
DROPOUT = 0.5
WORD_DROPOUT = 0.2
EPOCHS = 25
ENTITY_TYPES = ("PERS", "LOC", "ORG", "MISC")
#: Name shares are in [0, 1]; this puts them on the scale of the word vectors.
NAME_SHARE_SCALE = 3.0
#: ANT paragraphs the first-stage tagger reads for self-training (about 4.7M tokens).
HARVEST_PARAGRAPHS = 150_000
BATCH = 16
LEARNING_RATE = 2e-3
#: Training sentences longer than this are cut (after a full stop where possible).
CHUNK = 100
ANT_TOKEN = re.compile(r"\w+|[^\w\s]")


# 1. Data ---------------------------------------------------------------------


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Gold tags the CRF can score: stray tags (a right-to-left mark) become `O`, and an
    `I-X` that continues no X becomes `B-X`, the entity the CoNLL scorer reads there."""
    cleaned: list[str] = []
    previous = "O"
    for tag in tags:
        tag = tag if tag in TAGS else "O"
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        cleaned.append(tag)
        previous = tag
    return cleaned


def chunks(sentence: Sentence, limit: int = CHUNK) -> Iterator[Sentence]:
    """A sentence cut where the runtime cuts it (`sentence_pieces`), never inside a name."""
    tokens, tags = sentence
    start = 0
    while cuts := sentence_pieces(tokens[start:], limit):
        cut = start + cuts[0]
        # A cut inside a name would teach the network half-names.
        while cut > start + 1 and tags[cut].startswith("I-"):
            cut -= 1
        yield tokens[start:cut], tags[start:cut]
        start = cut
    yield tokens[start:], tags[start:]


# 2. Word vectors --------------------------------------------------------------


def ant_tokens(corpus: Path) -> Iterator[list[str]]:
    """ANT's titles and paragraphs as folded tokens, punctuation kept as tokens."""
    return ant_paragraphs(corpus, lambda paragraph: ANT_TOKEN.findall(fold_token(paragraph)))


def word_vectors(corpus: Path, cache: Path | None) -> tuple[list[str], np.ndarray]:
    """The most frequent ANT words and their skip-gram vectors, most frequent first."""
    cached = cache / "vectors.pickle" if cache else None
    if cached and cached.is_file():
        with cached.open("rb") as stream:
            words, vectors = pickle.load(stream)
        return words, vectors
    paragraphs = list(ant_tokens(corpus))
    counts = Counter(token for paragraph in paragraphs for token in paragraph)
    model = Word2Vec(
        paragraphs,
        vector_size=VECTOR_SIZE,
        window=5,
        min_count=3,
        sample=1e-4,
        workers=1,  # one worker: the same vectors on every run
        epochs=5,
        seed=SEED,
        sg=1,
        hashfxn=stable_hash,
    )
    words = [word for word, _ in counts.most_common() if word in model.wv][:VOCABULARY]
    vectors = np.asarray(model.wv[words], dtype=np.float32)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with cached.open("wb") as stream:
            pickle.dump((words, vectors), stream)
    return words, vectors


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Int8 rows with one scale each: a quarter of the size, no measurable loss."""
    scales = np.abs(vectors).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    codes = np.clip(np.round(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return codes, scales.astype(np.float32)


def embedding_table(
    vectors: np.ndarray, name_shares: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Int8 table and scales with rows for padding and unknown (zero vectors) in front.

    `name_shares`, when given, become four more columns: how often the
    first-stage tagger marked the word as each entity type across ANT. They
    ride in the word table so that word dropout hides them with the word.
    """
    # One global scale so the vectors sit near unit variance, as the LSTM expects.
    vectors = vectors / vectors.std()
    if name_shares is not None:
        vectors = np.concatenate([vectors, NAME_SHARE_SCALE * name_shares], axis=1)
    table = np.concatenate([np.zeros((2, vectors.shape[1]), dtype=np.float32), vectors])
    return quantise(table.astype(np.float32))


def name_shares(
    tagger: NeuralTagger,
    words: Sequence[str],
    corpus: Path,
    cache: Path | None,
    harvest: int = HARVEST_PARAGRAPHS,
) -> np.ndarray:
    """Self-training: per vocabulary word, the share of its ANT occurrences tagged as each type.

    Most dev names never occur in ANERcorp's training part, but many occur
    in ANT, some of them in contexts the first-stage tagger is sure of
    ("قال X", "في X"); the shares carry that evidence to every occurrence.
    """
    suffix = "" if harvest == HARVEST_PARAGRAPHS else f"-{harvest}"
    cached = cache / f"name-shares{suffix}.npy" if cache else None
    if cached and cached.is_file():
        return np.load(cached)  # type: ignore[no-any-return]
    ids = {word: index for index, word in enumerate(words)}
    seen = np.zeros(len(words), dtype=np.float64)
    tagged = np.zeros((len(words), len(ENTITY_TYPES)), dtype=np.float64)
    paragraphs = itertools.islice(ant_tokens(corpus), harvest)
    while batch := list(itertools.islice(paragraphs, 2000)):
        for tokens, tags in zip(batch, tagger.tag_many(batch), strict=True):
            for token, tag in zip(tokens, tags, strict=True):
                index = ids.get(token)
                if index is None:
                    continue
                seen[index] += 1
                if tag != "O":
                    tagged[index, ENTITY_TYPES.index(tag[2:])] += 1
    shares = tagged / np.maximum(seen, 1)[:, None]
    shares[seen < 3] = 0.0  # two sightings are an anecdote
    shares = shares.astype(np.float32)
    if cached:
        np.save(cached, shares)
    return shares


# 3. Network -------------------------------------------------------------------


class Network(nn.Module):
    """Word and stem vectors, a character CNN and the shape into a BiLSTM, then tag scores."""

    forbidden: Tensor
    start_forbidden: Tensor

    def __init__(self, table: Tensor, chars: int, shapes: int, gazetteer: int = 0) -> None:
        super().__init__()
        self.gazetteer = gazetteer
        self.words = nn.Embedding.from_pretrained(  # type: ignore[no-untyped-call]
            table, freeze=True, padding_idx=0
        )
        self.char_embedding = nn.Embedding(chars + 2, CHAR_DIM, padding_idx=0)
        self.char_conv = nn.Conv1d(CHAR_DIM, CHAR_FILTERS, kernel_size=3, padding=1)
        self.shape_embedding = nn.Embedding(shapes, SHAPE_DIM)
        width = 2 * table.shape[1] + CHAR_FILTERS + SHAPE_DIM + gazetteer
        # Per word type, so cheap: it narrows what the LSTM reads at every token.
        self.projection = nn.Linear(width, PROJECTION)
        self.lstm = nn.LSTM(PROJECTION, HIDDEN, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(DROPOUT)
        self.output = nn.Linear(2 * HIDDEN, len(TAGS))
        self.transitions = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
        self.start = nn.Parameter(torch.zeros(len(TAGS)))
        self.end = nn.Parameter(torch.zeros(len(TAGS)))
        forbidden = ~torch.from_numpy(allowed_transitions(TAGS))
        self.register_buffer("forbidden", forbidden.float() * -10_000.0)
        starts_inside = torch.tensor([tag.startswith("I-") for tag in TAGS])
        self.register_buffer("start_forbidden", starts_inside.float() * -10_000.0)

    def type_features(self, batch: dict[str, Tensor]) -> Tensor:
        """One row per distinct token of the batch: word, stem, characters, shape."""
        char_vectors = self.char_embedding(batch["chars"]).transpose(1, 2)
        char_features = torch.relu(self.char_conv(char_vectors).max(dim=2).values)
        parts = [
            self.words(batch["words"]),
            self.words(batch["stems"]),
            char_features,
            self.shape_embedding(batch["shapes"]),
        ]
        if self.gazetteer:
            parts.append(batch["gazetteer"])
        return torch.cat(parts, dim=1)

    def emissions(self, batch: dict[str, Tensor], word_dropout: float = 0.0) -> Tensor:
        features = self.type_features(batch)[batch["tokens"]]
        if word_dropout:
            # The unknown word's vector is zero: zeroing a vector is dropping the word.
            width = self.words.embedding_dim
            keep = (torch.rand(*features.shape[:2], 2) >= word_dropout).float()
            features = torch.cat(
                [
                    features[:, :, :width] * keep[:, :, :1],
                    features[:, :, width : 2 * width] * keep[:, :, 1:],
                    features[:, :, 2 * width :],
                ],
                dim=2,
            )
        features = self.projection(self.dropout(features))
        steps = features.shape[1]
        packed = nn.utils.rnn.pack_padded_sequence(
            features, batch["lengths"], batch_first=True, enforce_sorted=False
        )
        hidden, _ = self.lstm(packed)
        hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=steps)
        return self.output(self.dropout(hidden))  # type: ignore[no-any-return]

    def loss(self, emissions: Tensor, tags: Tensor, mask: Tensor) -> Tensor:
        """Mean negative log-likelihood of the gold tag sequences under the CRF."""
        transitions = self.transitions + self.forbidden
        start = self.start + self.start_forbidden
        size, steps, _ = emissions.shape
        rows = torch.arange(size)
        gold = start[tags[:, 0]] + emissions[rows, 0, tags[:, 0]]
        forward = start[None, :] + emissions[:, 0]
        for step in range(1, steps):
            on = mask[:, step]
            gold = gold + on * (
                transitions[tags[:, step - 1], tags[:, step]] + emissions[rows, step, tags[:, step]]
            )
            moved = torch.logsumexp(forward[:, :, None] + transitions[None], dim=1)
            forward = torch.where(on[:, None], moved + emissions[:, step], forward)
        lengths = mask.sum(dim=1)
        gold = gold + self.end[tags[rows, lengths - 1]]
        partition = torch.logsumexp(forward + self.end[None, :], dim=1)
        return (partition - gold).mean()


def tensors(arrays: dict[str, np.ndarray]) -> dict[str, Tensor]:
    return {name: torch.from_numpy(array) for name, array in arrays.items()}


def train_network(
    network: Network,
    encoder: TokenEncoder,
    sentences: Sequence[Sentence],
    dev: Sequence[Sentence],
    seed: int = SEED,
) -> None:
    """Adam over length-sorted batches, with word dropout; prints dev F1 now and then."""
    optimiser = torch.optim.Adam(
        [p for p in network.parameters() if p.requires_grad], lr=LEARNING_RATE
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda epoch: 1 / (1 + 0.05 * epoch))
    rng = random.Random(seed)
    tag_ids = {tag: index for index, tag in enumerate(TAGS)}
    batches: list[tuple[dict[str, Tensor], Tensor]] = []
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i][0]))
    for begin in range(0, len(order), BATCH):
        members = [sentences[i] for i in order[begin : begin + BATCH]]
        arrays = encoder.arrays([tokens for tokens, _ in members])
        tag_rows = np.zeros(arrays["tokens"].shape, dtype=np.int64)
        for row, (_, tags) in enumerate(members):
            tag_rows[row, : len(tags)] = [tag_ids[tag] for tag in tags]
        batches.append((tensors(arrays), torch.from_numpy(tag_rows)))
    for epoch in range(1, EPOCHS + 1):
        started = time.perf_counter()
        network.train()
        rng.shuffle(batches)
        total = 0.0
        for batch, gold in batches:
            mask = batch["tokens"] != 0
            optimiser.zero_grad()
            loss = network.loss(network.emissions(batch, WORD_DROPOUT), gold, mask)
            loss.backward()  # type: ignore[no-untyped-call]
            nn.utils.clip_grad_norm_(network.parameters(), 5.0)
            optimiser.step()
            total += float(loss.detach())
        schedule.step()
        line = (
            f"epoch {epoch:2} loss {total / len(batches):.3f} {time.perf_counter() - started:.0f} s"
        )
        if epoch % 5 == 0 or epoch == EPOCHS:
            line += f" dev F1 {evaluate_torch(network, encoder, dev).prf()[2]:.4f}"
        print(line, flush=True)


def evaluate_torch(network: Network, encoder: TokenEncoder, dev: Sequence[Sentence]) -> NerScores:
    """Dev scores of the network in training, decoded as the runtime decodes."""
    network.eval()
    allowed = allowed_transitions(TAGS)
    transitions = np.where(allowed, network.transitions.detach().numpy(), -np.inf)
    start = np.where(
        [tag.startswith("I-") for tag in TAGS], -np.inf, network.start.detach().numpy()
    )
    end = network.end.detach().numpy()
    pairs = []
    with torch.no_grad():
        for begin in range(0, len(dev), 32):
            members = dev[begin : begin + 32]
            arrays = encoder.arrays([tokens for tokens, _ in members])
            emissions = network.emissions(tensors(arrays)).numpy()
            paths = viterbi(
                emissions,
                arrays["lengths"],
                transitions.astype(np.float32),
                start.astype(np.float32),
                end.astype(np.float32),
            )
            pairs += [
                (tags, [TAGS[i] for i in path])
                for (_, tags), path in zip(members, paths, strict=True)
            ]
    return score(pairs)


# 4. Main ----------------------------------------------------------------------


def print_scores(title: str, scores: NerScores) -> None:
    print(title)
    for kind in scores.types:
        p, r, f = scores.prf(kind)
        print(f"  {kind:5} P {p:.4f} R {r:.4f} F1 {f:.4f}")
    p, r, f = scores.prf()
    print(f"  micro P {p:.4f} R {r:.4f} F1 {f:.4f}")


def char_alphabet(sentences: Sequence[Sentence]) -> str:
    counts = Counter(
        char for tokens, _ in sentences for token in tokens for char in fold_token(token)
    )
    return "".join(sorted(char for char, count in counts.items() if count >= 2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--models", type=Path, default=MODELS)
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the word vectors, first-stage network and name shares here, and reuse them",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument(
        "--seed",
        type=int,
        default=SEED,
        help="seed of the shipped (second) stage; another seed trains another ensemble member",
    )
    parser.add_argument(
        "--harvest",
        type=int,
        default=HARVEST_PARAGRAPHS,
        help="ANT paragraphs the first stage tags for self-training (default: %(default)s)",
    )
    parser.add_argument(
        "--name", default=MODEL, help="file name of the network in --models (default: %(default)s)"
    )
    arguments = parser.parse_args()
    began = time.perf_counter()
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(arguments.threads)
    torch.use_deterministic_algorithms(True)

    train, dev = dev_split(list(read_conll(arguments.data)))
    train = [(tokens, clean_tags(tags)) for tokens, tags in train]
    pieces = [piece for sentence in train for piece in chunks(sentence)]
    print(f"{len(train)} training sentences ({len(pieces)} pieces), {len(dev)} dev sentences")

    words, vectors = word_vectors(arguments.corpus, arguments.cache)
    print(f"{len(words)} word vectors ready at {time.perf_counter() - began:.0f} s", flush=True)
    encoder = TokenEncoder(words, char_alphabet(train), max_chars=MAX_CHARS)

    first = stage(encoder, embedding_table(vectors), pieces, dev, arguments.cache)
    print(f"first stage ready at {time.perf_counter() - began:.0f} s", flush=True)
    report(NeuralTagger(first, words), dev, "dev block, first stage (onnxruntime)")
    shares = name_shares(
        NeuralTagger(first, words), words, arguments.corpus, arguments.cache, arguments.harvest
    )
    print(f"ANT name shares ready at {time.perf_counter() - began:.0f} s", flush=True)
    # The shipped stage also reads knowledge-base membership of each word.
    encoder = TokenEncoder(words, encoder.chars, max_chars=MAX_CHARS, gazetteer=True)
    model = stage(encoder, embedding_table(vectors, shares), pieces, dev, None, arguments.seed)
    print(f"trained at {time.perf_counter() - began:.0f} s", flush=True)

    vocabulary = gzip.compress("".join(f"{w}\n" for w in words).encode("utf-8"), mtime=0)
    arguments.models.mkdir(parents=True, exist_ok=True)
    (arguments.models / arguments.name).write_bytes(model)
    (arguments.models / WORDS).write_bytes(vocabulary)
    print(f"wrote {len(model) + len(vocabulary)} bytes to {arguments.models}")
    report(NeuralTagger(model, words), dev, "dev block (onnxruntime)")
    print(f"total {time.perf_counter() - began:.0f} s")


def stage(
    encoder: TokenEncoder,
    table: tuple[np.ndarray, np.ndarray],
    pieces: Sequence[Sentence],
    dev: Sequence[Sentence],
    cache: Path | None,
    seed: int = SEED,
) -> bytes:
    """Train one network from a fresh `seed` and return it as ONNX."""
    cached = cache / "first-stage.onnx" if cache else None
    if cached and cached.is_file():
        return cached.read_bytes()
    torch.manual_seed(seed)
    codes, scales = table
    network = Network(
        torch.from_numpy(codes.astype(np.float32) * scales[:, None]),
        len(encoder.chars),
        encoder.shape_count,
        len(GAZETTEER_COLUMNS) if encoder.gazetteer else 0,
    )
    train_network(network, encoder, pieces, dev, seed)
    model = export(network, codes, scales, encoder, tags=TAGS, chunk=CHUNK)
    if cached:
        cached.write_bytes(model)
    return model


def report(tagger: NeuralTagger, dev: Sequence[Sentence], title: str) -> None:
    """Dev scores and tagging speed of the runtime tagger."""
    started = time.perf_counter()
    predicted = tagger.tag_many([tokens for tokens, _ in dev])
    seconds = time.perf_counter() - started
    tokens = sum(len(tokens) for tokens, _ in dev)
    print_scores(title, score(zip((t for _, t in dev), predicted, strict=True)))
    print(f"tagged {tokens} tokens in {seconds:.2f} s ({tokens / seconds:.0f} tokens/s, 1 thread)")


if __name__ == "__main__":
    main()
