"""The neural named-entity tagger: a BiLSTM-CRF trained by scripts/train_ner_neural.py.

The network (word vectors learned on ANT, a character CNN, a bidirectional
LSTM) ships as one ONNX file and runs with onnxruntime, so torch is needed to
train it but never at run time. It gives each token a score per tag; the best
tag sequence is found here, with numpy, by Viterbi over the CRF transitions
the ONNX file carries in its metadata. Transitions that would break BIO
(`O` -> `I-LOC`, `B-PERS` -> `I-ORG`) are forbidden, so every output is
well formed.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort

from rasid.text.normalize import normalize_for_matching

__all__ = [
    "MODEL",
    "WORDS",
    "NeuralTagger",
    "TokenEncoder",
    "allowed_transitions",
    "default_neural_tagger",
    "fold_token",
    "viterbi",
]

MODEL = "ner-neural.onnx"
WORDS = "ner-neural-words.tsv.gz"

#: Word ids 0 and 1 are padding and unknown; real words follow, most frequent first.
PAD, UNKNOWN = 0, 1

# Conjunctions and prepositions written onto the next word ("وبالقاهرة").
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_DIGIT = re.compile(r"\d")
_SHAPES = ("arabic", "latin", "digit", "punct")

Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


def fold_token(token: str) -> str:
    """The matching form of a token with every digit as 0: one vector for all years."""
    return _DIGIT.sub("0", normalize_for_matching(token))


def _without_clitics(folded: str) -> list[str]:
    """`folded` with its leading conjunction and preposition taken off, one at a time."""
    forms: list[str] = []
    word = folded
    if word[:1] in _CONJUNCTIONS and len(word) > 3:
        word = word[1:]
        forms.append(word)
    if word.startswith("لل") and len(word) > 4:
        forms.append("ال" + word[2:])
    elif word[:1] in _PREPOSITIONS and len(word) > 3:
        forms.append(word[1:])
    return forms


def _shape(token: str) -> int:
    if any("a" <= char <= "z" or "A" <= char <= "Z" for char in token):
        return _SHAPES.index("latin")
    if any(char.isdigit() for char in token):
        return _SHAPES.index("digit")
    if not any(char.isalpha() for char in token):
        return _SHAPES.index("punct")
    return _SHAPES.index("arabic")


@dataclass(frozen=True, slots=True)
class EncodedToken:
    """What the network reads of one token."""

    word: int
    stem: int
    chars: tuple[int, ...]
    shape: int


class TokenEncoder:
    """Turns tokens into the id arrays the network reads; shared by training and run time.

    `word` is the exact folded form; `stem` is the most frequent of the word
    and its clitic-stripped forms, so "وبغداد" also reads the vector of
    "بغداد" while "لبنان" keeps its own (ids are frequency ranks).
    """

    def __init__(self, words: Sequence[str], chars: str, *, max_chars: int) -> None:
        self.words = list(words)
        self.chars = chars
        self.max_chars = max_chars
        self._word_ids = {word: index + 2 for index, word in enumerate(self.words)}
        # Char ids 0 and 1 are padding and unknown too.
        self._char_ids = {char: index + 2 for index, char in enumerate(chars)}
        self._cache: dict[str, EncodedToken] = {}

    @property
    def shape_count(self) -> int:
        return len(_SHAPES)

    def encode(self, token: str) -> EncodedToken:
        encoded = self._cache.get(token)
        if encoded is None:
            encoded = self._encode(token)
            if len(self._cache) < 500_000:
                self._cache[token] = encoded
        return encoded

    def _encode(self, token: str) -> EncodedToken:
        folded = fold_token(token)
        word = self._word_ids.get(folded, UNKNOWN)
        stem = word
        for form in _without_clitics(folded):
            candidate = self._word_ids.get(form, UNKNOWN)
            if candidate != UNKNOWN and (stem == UNKNOWN or candidate < stem):
                stem = candidate
        chars = [self._char_ids.get(char, UNKNOWN) for char in folded[: self.max_chars]]
        chars += [PAD] * (self.max_chars - len(chars))
        return EncodedToken(word, stem, tuple(chars), _shape(token))

    def arrays(self, sentences: Sequence[Sequence[str]]) -> dict[str, npt.NDArray[Any]]:
        """Padded network inputs for a batch of non-empty sentences."""
        lengths = np.array([len(tokens) for tokens in sentences], dtype=np.int32)
        size, steps = len(sentences), int(lengths.max())
        words = np.zeros((size, steps), dtype=np.int64)
        stems = np.zeros((size, steps), dtype=np.int64)
        chars = np.zeros((size, steps, self.max_chars), dtype=np.int64)
        shapes = np.zeros((size, steps), dtype=np.int64)
        for row, tokens in enumerate(sentences):
            encoded = [self.encode(token) for token in tokens]
            end = len(encoded)
            words[row, :end] = [token.word for token in encoded]
            stems[row, :end] = [token.stem for token in encoded]
            chars[row, :end] = [token.chars for token in encoded]
            shapes[row, :end] = [token.shape for token in encoded]
        return {
            "words": words,
            "stems": stems,
            "chars": chars,
            "shapes": shapes,
            "lengths": lengths,
        }


def allowed_transitions(tags: Sequence[str]) -> npt.NDArray[np.bool_]:
    """`allowed[i, j]`: may tag j follow tag i? `I-X` only continues a `B-X` or an `I-X`."""
    allowed = np.ones((len(tags), len(tags)), dtype=bool)
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            for i, previous in enumerate(tags):
                allowed[i, j] = previous[2:] == tag[2:] and previous != "O"
    return allowed


def viterbi(
    emissions: FloatArray,
    lengths: npt.NDArray[np.int32],
    transitions: FloatArray,
    start: FloatArray,
    end: FloatArray,
) -> list[list[int]]:
    """The best tag ids of each sentence of a padded batch, `emissions` as `[batch, step, tag]`.

    Forbidden moves carry -inf in `transitions` and `start`; the whole batch
    steps together, a sentence that has ended carrying its scores forward.
    """
    size, steps, _ = emissions.shape
    scores = start[None, :] + emissions[:, 0]
    backpointers = np.zeros((steps, size, emissions.shape[2]), dtype=np.int64)
    for step in range(1, steps):
        candidates = scores[:, :, None] + transitions[None, :, :]
        best = candidates.argmax(axis=1)
        moved = np.take_along_axis(candidates, best[:, None, :], axis=1)[:, 0] + emissions[:, step]
        active = (step < lengths)[:, None]
        scores = np.where(active, moved, scores)
        backpointers[step] = np.where(active, best, np.arange(emissions.shape[2])[None, :])
    last = (scores + end[None, :]).argmax(axis=1)
    paths: list[list[int]] = []
    for row in range(size):
        tag = int(last[row])
        path = [tag]
        for step in range(int(lengths[row]) - 1, 0, -1):
            tag = int(backpointers[step, row, tag])
            path.append(tag)
        paths.append(path[::-1])
    return paths


class NeuralTagger:
    """BIO tags (B-/I- PERS, LOC, ORG, MISC) for tokenised sentences, from the ONNX network."""

    def __init__(self, model: bytes, words: Sequence[str], *, threads: int = 1) -> None:
        options = ort.SessionOptions()
        # One thread by default: the pipeline runs one document per core.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            model, sess_options=options, providers=["CPUExecutionProvider"]
        )
        meta = self._session.get_modelmeta().custom_metadata_map
        self.tags: list[str] = json.loads(meta["tags"])
        forbidden = ~allowed_transitions(self.tags)
        transitions = np.array(json.loads(meta["transitions"]), dtype=np.float32)
        self._transitions = np.where(forbidden, -np.inf, transitions).astype(np.float32)
        start = np.array(json.loads(meta["start"]), dtype=np.float32)
        start_forbidden = np.array([tag.startswith("I-") for tag in self.tags])
        self._start = np.where(start_forbidden, -np.inf, start).astype(np.float32)
        self._end = np.array(json.loads(meta["end"]), dtype=np.float32)
        self.encoder = TokenEncoder(
            words, json.loads(meta["chars"]), max_chars=int(meta["max_chars"])
        )
        self._inputs = {node.name for node in self._session.get_inputs()}

    def emissions(
        self, sentences: Sequence[Sequence[str]]
    ) -> tuple[FloatArray, npt.NDArray[np.int32]]:
        """Per-token tag scores `[batch, step, tag]` of non-empty sentences, and their lengths."""
        arrays = self.encoder.arrays(sentences)
        feeds = {name: array for name, array in arrays.items() if name in self._inputs}
        (scores,) = self._session.run(["emissions"], feeds)
        return np.asarray(scores, dtype=np.float32), arrays["lengths"]

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_many([tokens])[0]

    def tag_many(
        self, sentences: Sequence[Sequence[str]], *, batch_tokens: int = 4096
    ) -> list[list[str]]:
        """Tags for each sentence; sentences of like length are run together for speed."""
        results: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        for batch in _batches(order, [len(s) for s in sentences], batch_tokens):
            emissions, lengths = self.emissions([sentences[i] for i in batch])
            paths = viterbi(emissions, lengths, self._transitions, self._start, self._end)
            for index, path in zip(batch, paths, strict=True):
                results[index] = [self.tags[tag] for tag in path]
        return results


def _batches(order: Sequence[int], lengths: Sequence[int], budget: int) -> Iterable[list[int]]:
    """Consecutive runs of `order` whose padded size stays within `budget` tokens."""
    batch: list[int] = []
    for index in order:
        # Sorted by length, so the newest sentence is the longest of the batch.
        if batch and (len(batch) + 1) * lengths[index] > budget:
            yield batch
            batch = []
        batch.append(index)
    if batch:
        yield batch


def read_words(raw: bytes) -> list[str]:
    """The vocabulary file: one folded word per line, most frequent first."""
    return gzip.decompress(raw).decode("utf-8").splitlines()


@cache
def default_neural_tagger() -> NeuralTagger:
    """The model shipped inside the package, on one thread."""
    models = files("rasid.models")
    return NeuralTagger(
        models.joinpath(MODEL).read_bytes(), read_words(models.joinpath(WORDS).read_bytes())
    )
