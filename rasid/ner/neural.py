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

import functools
import gzip
import itertools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from importlib.resources import files
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import onnxruntime as ort

from rasid.ner.features import GAZETTEER_COLUMNS, gazetteer_vector
from rasid.text.normalize import normalize_for_matching

__all__ = [
    "MODEL",
    "POOL",
    "WORDS",
    "NeuralTagger",
    "TokenEncoder",
    "allowed_transitions",
    "default_neural_tagger",
    "default_pool_tagger",
    "fold_token",
    "marginals",
    "sentence_pieces",
    "viterbi",
]

MODEL = "ner-neural.onnx"
#: The accurate mode: networks from two seeds pooled (scripts/pool_ner_networks.py).
POOL = "ner-neural-pool.onnx"
WORDS = "ner-neural-words.tsv.gz"

#: Word ids 0 and 1 are padding and unknown; real words follow, most frequent first.
PAD, UNKNOWN = 0, 1

# Conjunctions and prepositions written onto the next word ("وبالقاهرة").
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_SHAPES = ("arabic", "latin", "digit", "punct")
_STOPS = frozenset(".,،؛!؟")
# Encoded tokens kept per tagger (~40 MB); then the table starts afresh.
_CACHE_LIMIT = 200_000

FloatArray = npt.NDArray[np.float32]
Result = TypeVar("Result")

#: Tokens per network call: small enough to stay in cache, large enough for the LSTM's GEMMs.
BATCH_TOKENS = 2048


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


def sentence_pieces(tokens: Sequence[str], limit: int) -> list[int]:
    """Where to cut a long sentence into pieces of at most `limit` tokens.

    The network was trained on pieces this long, so it never reads more
    context than that; a cut goes after the last full stop or comma in the
    second half of the window, where it least likely splits a name.
    """
    cuts: list[int] = []
    start = 0
    while len(tokens) - start > limit:
        stops = [
            start + offset + 1
            for offset, token in enumerate(tokens[start : start + limit])
            if token.strip() in _STOPS and offset >= limit // 2
        ]
        start = stops[-1] if stops else start + limit
        cuts.append(start)
    return cuts


_ARABIC, _LATIN_SHAPE, _DIGITS, _PUNCT = (_SHAPES.index(shape) for shape in _SHAPES)


def _shape(token: str) -> int:
    if token.isalpha():  # most tokens: letters only, so no digit and some letter
        return _LATIN_SHAPE if _LATIN.search(token) else _ARABIC
    if _LATIN.search(token):
        return _LATIN_SHAPE
    if any(map(str.isdigit, token)):
        return _DIGITS
    if not any(map(str.isalpha, token)):
        return _PUNCT
    return _ARABIC


class _CharIds(dict[int, str]):
    """`str.translate` table from a character to its id as a character; any other is unknown."""

    def __missing__(self, key: int) -> str:
        return chr(UNKNOWN)


class TokenEncoder:
    """Turns tokens into the id arrays the network reads; shared by training and run time.

    `word` is the exact folded form; `stem` is the most frequent of the word
    and its clitic-stripped forms, so "وبغداد" also reads the vector of
    "بغداد" while "لبنان" keeps its own (ids are frequency ranks).

    Each token met is encoded once into a row of a table (row 0 is padding);
    a batch then costs one dictionary lookup per token and a few numpy
    gathers, which matters because news repeats its words. Past
    `_CACHE_LIMIT` rows the table starts afresh.
    """

    def __init__(
        self, words: Sequence[str], chars: str, *, max_chars: int, gazetteer: bool = False
    ) -> None:
        self.words = list(words)
        self.chars = chars
        self.max_chars = max_chars
        self.gazetteer = gazetteer
        self._word_ids = {word: index + 2 for index, word in enumerate(self.words)}
        # Char ids 0 and 1 are padding and unknown too.
        if len(chars) + 2 > 256:
            raise ValueError(f"{len(chars)} characters: the encoder keeps char ids in one byte")
        self._char_ids = _CharIds({ord(char): chr(index + 2) for index, char in enumerate(chars)})
        self._columns = len(GAZETTEER_COLUMNS) if gazetteer else 0
        self._start_table(4096)

    @property
    def shape_count(self) -> int:
        return len(_SHAPES)

    def _start_table(self, capacity: int) -> None:
        """An empty token table with room for `capacity` rows, row 0 the padding."""
        self._rows: dict[str, int] = {}
        self._word_column = np.zeros(capacity, dtype=np.int64)
        self._stem_column = np.zeros(capacity, dtype=np.int64)
        self._shape_column = np.zeros(capacity, dtype=np.int64)
        self._char_rows = np.zeros((capacity, self.max_chars), dtype=np.uint8)
        self._gazetteer_rows = np.zeros((capacity, self._columns), dtype=np.float32)

    def _grow(self) -> None:
        """Twice the room, the rows kept."""
        for name in ("_word_column", "_stem_column", "_shape_column"):
            column = getattr(self, name)
            setattr(self, name, np.concatenate([column, np.zeros_like(column)]))
        self._char_rows = np.concatenate([self._char_rows, np.zeros_like(self._char_rows)])
        self._gazetteer_rows = np.concatenate(
            [self._gazetteer_rows, np.zeros_like(self._gazetteer_rows)]
        )

    def _add(self, tokens: Iterable[str]) -> None:
        """Encode tokens met for the first time into new rows, all at once."""
        first = len(self._rows) + 1
        words, stems, shapes, chars, columns = [], [], [], [], []
        for token in tokens:
            matching = normalize_for_matching(token)
            folded = _DIGIT.sub("0", matching)
            word = self._word_ids.get(folded, UNKNOWN)
            stem = word
            for form in _without_clitics(folded):
                candidate = self._word_ids.get(form, UNKNOWN)
                if candidate != UNKNOWN and (stem == UNKNOWN or candidate < stem):
                    stem = candidate
            words.append(word)
            stems.append(stem)
            shapes.append(_shape(token))
            ids = folded[: self.max_chars].translate(self._char_ids).encode("latin-1")
            chars.append(ids.ljust(self.max_chars, b"\0"))
            if self._columns:
                columns.append(gazetteer_vector(token, matching))
            self._rows[token] = first + len(words) - 1
        end = first + len(words)
        while end > len(self._word_column):
            self._grow()
        self._word_column[first:end] = words
        self._stem_column[first:end] = stems
        self._shape_column[first:end] = shapes
        raw = np.frombuffer(b"".join(chars), dtype=np.uint8)
        self._char_rows[first:end] = raw.reshape(len(words), self.max_chars)
        if self._columns:
            self._gazetteer_rows[first:end] = columns

    def arrays(self, sentences: Sequence[Sequence[str]]) -> dict[str, npt.NDArray[Any]]:
        """Network inputs for a batch of non-empty sentences.

        Each distinct token of the batch is one row (`words`, `stems`,
        `chars`, `shapes`, row 0 being padding) and `tokens` points each
        position at its row: the character CNN then runs once per word type,
        not once per token.
        """
        if len(self._rows) >= _CACHE_LIMIT:
            self._start_table(len(self._word_column))
        lengths = np.fromiter(map(len, sentences), dtype=np.int32, count=len(sentences))
        rows = self._rows
        fresh = {token: None for tokens in sentences for token in tokens if token not in rows}
        if fresh:
            self._add(fresh)
        table_rows = [rows[token] for tokens in sentences for token in tokens]
        positions = np.zeros((len(sentences), int(lengths.max())), dtype=np.int64)
        positions[np.arange(positions.shape[1])[None, :] < lengths[:, None]] = table_rows
        types, inverse = np.unique(positions, return_inverse=True)
        inverse = inverse.reshape(positions.shape)
        if types[0] != PAD:  # no padding in this batch: row 0 is padding all the same
            types = np.concatenate([[PAD], types])
            inverse += 1
        arrays: dict[str, npt.NDArray[Any]] = {
            "tokens": inverse,
            "words": self._word_column[types],
            "stems": self._stem_column[types],
            "chars": self._char_rows[types].astype(np.int64),
            "shapes": self._shape_column[types],
            "lengths": lengths,
        }
        if self._columns:
            arrays["gazetteer"] = self._gazetteer_rows[types]
        return arrays


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

    Forbidden moves carry -inf in `transitions` and `start`. The sentences
    are put longest first, so that the ones still running at a step are a
    prefix of the batch and a step works on that prefix alone; the scores are
    laid out with the previous tag last, where numpy reduces fastest.
    """
    size, steps, count = emissions.shape
    order = np.argsort(-lengths, kind="stable")
    ordered_lengths = lengths[order]
    by_step = np.ascontiguousarray(emissions[order].transpose(1, 0, 2))
    running = np.searchsorted(-ordered_lengths, -np.arange(steps), side="left")
    incoming = np.ascontiguousarray(transitions.T)  # [tag, previous tag]
    scores = start[None, :] + by_step[0]
    backpointers = np.zeros((steps, size, count), dtype=np.intp)
    for step in range(1, steps):
        live = running[step]
        candidates = scores[:live, None, :] + incoming[None, :, :]
        backpointers[step, :live] = candidates.argmax(axis=2)
        scores[:live] = candidates.max(axis=2) + by_step[step, :live]
    # Follow the pointers back for the whole batch at once; a sentence joins
    # when the walk reaches its last token.
    rows = np.arange(size)
    lasts = ordered_lengths.astype(np.intp) - 1
    current = (scores + end[None, :]).argmax(axis=1)
    path = np.zeros((size, steps), dtype=np.intp)
    path[rows, np.maximum(lasts, 0)] = current
    for step in range(steps - 1, 0, -1):
        live = running[step]
        current[:live] = backpointers[step, rows[:live], current[:live]]
        path[:live, step - 1] = current[:live]
    paths = path.tolist()
    result: list[list[int]] = [[] for _ in range(size)]
    for position, row in enumerate(order.tolist()):
        result[row] = paths[position][: int(ordered_lengths[position])]
    return result


def _logsumexp(values: npt.NDArray[np.floating[Any]], axis: int) -> npt.NDArray[np.float64]:
    top = values.max(axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    summed = np.exp(values - top).sum(axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):
        return np.squeeze(np.log(summed) + top, axis=axis)  # type: ignore[no-any-return]


def marginals(
    emissions: FloatArray,
    lengths: npt.NDArray[np.int32],
    transitions: FloatArray,
    start: FloatArray,
    end: FloatArray,
) -> list[FloatArray]:
    """Each token's probability of each tag under the CRF (forward-backward), per sentence."""
    size, steps, count = emissions.shape
    alpha = np.empty((steps, size, count), dtype=np.float64)
    beta = np.empty((steps, size, count), dtype=np.float64)
    alpha[0] = start[None, :] + emissions[:, 0]
    for step in range(1, steps):
        alpha[step] = (
            _logsumexp(alpha[step - 1][:, :, None] + transitions[None], axis=1) + emissions[:, step]
        )
    last = (lengths - 1)[:, None]
    beta[steps - 1] = end[None, :]
    for step in range(steps - 2, -1, -1):
        ahead = (emissions[:, step + 1] + beta[step + 1])[:, None, :]
        inner = _logsumexp(transitions[None] + ahead, axis=2)
        beta[step] = np.where(step < last, inner, end[None, :])
    rows = np.arange(size)
    partition = _logsumexp(alpha[lengths - 1, rows] + end[None, :], axis=1)
    # Past a sentence's end alpha runs on unchecked; those steps are never read.
    inside = (np.arange(steps)[:, None] < lengths[None, :])[:, :, None]
    log_probabilities = np.where(inside, alpha + beta - partition[None, :, None], -np.inf)
    probabilities = np.exp(log_probabilities).astype(np.float32)
    return [probabilities[: lengths[row], row] for row in range(size)]


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
        self._inputs = {node.name for node in self._session.get_inputs()}
        self.encoder = TokenEncoder(
            words,
            json.loads(meta["chars"]),
            max_chars=int(meta["max_chars"]),
            gazetteer="gazetteer" in self._inputs,
        )
        self._chunk = int(meta["chunk"])

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
        self, sentences: Sequence[Sequence[str]], *, batch_tokens: int = BATCH_TOKENS
    ) -> list[list[str]]:
        """Tags for each sentence, the same as `tag` gives one by one."""
        decode = functools.partial(
            viterbi, transitions=self._transitions, start=self._start, end=self._end
        )
        return [
            [self.tags[tag] for piece in pieces for tag in piece]
            for pieces in self._by_piece(sentences, batch_tokens, decode)
        ]

    def marginals(
        self, sentences: Sequence[Sequence[str]], *, batch_tokens: int = BATCH_TOKENS
    ) -> list[FloatArray]:
        """Each token's probability of each of `tags`, `[token, tag]` per sentence."""
        forward_backward = functools.partial(
            marginals, transitions=self._transitions, start=self._start, end=self._end
        )
        return [
            np.concatenate(pieces) if pieces else np.zeros((0, len(self.tags)), dtype=np.float32)
            for pieces in self._by_piece(sentences, batch_tokens, forward_backward)
        ]

    def _by_piece(
        self,
        sentences: Sequence[Sequence[str]],
        batch_tokens: int,
        decode: Callable[[FloatArray, npt.NDArray[np.int32]], Sequence[Result]],
    ) -> list[list[Result]]:
        """`decode` run on the network's scores of each sentence's pieces, in order.

        Long sentences are cut into the pieces the network was trained on;
        pieces of like length are run together, which is where the speed is.
        """
        pieces: list[tuple[int, int, int]] = []
        for index, tokens in enumerate(sentences):
            bounds = [0, *sentence_pieces(tokens, self._chunk), len(tokens)]
            pieces += [(index, a, b) for a, b in itertools.pairwise(bounds) if b > a]
        decoded: list[Result | None] = [None] * len(pieces)
        order = sorted(range(len(pieces)), key=lambda i: pieces[i][2] - pieces[i][1])
        sizes = [end - start for _, start, end in pieces]
        for batch in _batches(order, sizes, batch_tokens):
            texts = [sentences[pieces[i][0]][pieces[i][1] : pieces[i][2]] for i in batch]
            for index, outcome in zip(batch, decode(*self.emissions(texts)), strict=True):
                decoded[index] = outcome
        results: list[list[Result]] = [[] for _ in sentences]
        for (index, _, _), piece in zip(pieces, decoded, strict=True):
            assert piece is not None  # every piece was in some batch
            results[index].append(piece)
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


@functools.cache
def default_neural_tagger() -> NeuralTagger:
    """The model shipped inside the package, on one thread."""
    models = files("rasid.models")
    return NeuralTagger(
        models.joinpath(MODEL).read_bytes(), read_words(models.joinpath(WORDS).read_bytes())
    )


@functools.cache
def default_pool_tagger() -> NeuralTagger:
    """The accurate mode shipped inside the package: the default network and one more
    trained from another seed, averaged as a product of experts (about twice the cost)."""
    models = files("rasid.models")
    return NeuralTagger(
        models.joinpath(POOL).read_bytes(), read_words(models.joinpath(WORDS).read_bytes())
    )
