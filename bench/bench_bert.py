"""The reference: what a BERT-base token-classification pass costs on the same articles, one core.

A transformer NER pipeline runs at least one BERT-base forward pass over
every word-piece of every article. This measures that pass alone, on CPU
with one thread, with randomly initialised weights of the standard
12-layer configuration (`BertConfig()`): only the cost matters, so nothing
is downloaded and no real tokeniser is needed.

1. The fixed ANT sample of bench_pipeline.py is read and cleaned; its
   clean text is split into rasid tokens (`rasid.text.tokens.tokenize`),
   and each token into word-piece-sized pieces of at most `--piece-chars`
   characters (about what an Arabic word-piece vocabulary makes of a word),
   hashed to vocabulary ids.
2. All pieces are packed into full sequences of 512 (a [CLS] and a [SEP]
   each): no padding is wasted, so the reference is a lower bound on what
   BERT costs.
3. `--sequences` of them, `--batch` at a time, go through
   `BertForTokenClassification` under `torch.inference_mode`, timed after
   one warm-up batch; the rate is scaled to the whole sample.
4. rasid's full pipeline runs on the first `--rasid-articles` articles of
   the same sample in the same process just before, so the two rates in
   the ratio come from the same minutes of a shared machine; the ratio
   against bench/results/pipeline.json (the whole sample) is given too.

    python bench/bench_bert.py [--sequences 16] [--batch 4] [--piece-chars 4]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import zlib
from typing import Any

from _common import RESULTS, SAMPLE_EVERY, SAMPLE_LIMIT, machine, peak_rss_mib, report
from bench_pipeline import read_sample, timed

from rasid.ingest import ANALYSIS_BATCH, pipeline_for, warm_up
from rasid.pipeline import Pipeline
from rasid.settings import Options
from rasid.text.tokens import tokenize

SEQUENCE = 512
LABELS = 9  # B- and I- of PERS, LOC, ORG, MISC, and O: a usual NER tag set
FIRST_ID = 1000  # keeps clear of BERT's special and unused ids


def word_pieces(token: str, piece_chars: int) -> list[str]:
    return [token[i : i + piece_chars] for i in range(0, len(token), piece_chars)]


def packed_sequences(texts: list[str], piece_chars: int, vocabulary: int) -> list[list[int]]:
    """Every piece of every text as an id, packed into full sequences of `SEQUENCE`."""
    ids = [
        FIRST_ID + zlib.crc32(piece.encode()) % (vocabulary - FIRST_ID)
        for text in texts
        for token in tokenize(text)
        for piece in word_pieces(token.text, piece_chars)
    ]
    body = SEQUENCE - 2
    cls, sep = 101, 102  # where BERT's vocabulary keeps [CLS] and [SEP]
    return [[cls, *ids[i : i + body], sep] for i in range(0, len(ids), body)]


def bert_rate(sequences: list[list[int]], count: int, batch: int) -> dict[str, float]:
    """Word-pieces per second (wall and CPU) of BERT-base over `count` full sequences."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    model = BertForTokenClassification(BertConfig(num_labels=LABELS)).eval()
    full = [s for s in sequences if len(s) == SEQUENCE][:count]
    if len(full) < count:
        raise SystemExit(f"the sample gives only {len(full)} full sequences; ask for fewer")

    def forward(rows: list[list[int]]) -> None:
        with torch.inference_mode():
            ids = torch.tensor(rows, dtype=torch.long)
            model(input_ids=ids, attention_mask=torch.ones_like(ids)).logits.argmax(-1)

    forward(full[:1])  # warm-up: allocator, kernels
    _, timing = timed(lambda: [forward(full[i : i + batch]) for i in range(0, count, batch)])
    pieces = count * SEQUENCE
    return {
        "sequences": count,
        "batch": batch,
        "seconds": round(timing["seconds"], 2),
        "cpu_seconds": round(timing["cpu_seconds"], 2),
        "pieces_per_s": round(pieces / timing["seconds"], 1),
        "pieces_per_cpu_s": round(pieces / timing["cpu_seconds"], 1),
        "parameters_millions": round(sum(p.numel() for p in model.parameters()) / 1e6, 1),
    }


def rasid_rate(pipeline: Pipeline, articles: list[Any], tokens: int) -> dict[str, float]:
    """rasid's full pipeline on `articles`, as bench_pipeline.py runs it."""
    pipeline.run_many(articles[:16])
    warm_up(pipeline)  # as an ingest does: models frozen out of the collector's sweeps
    _, timing = timed(
        lambda: [
            pipeline.run_many(articles[i : i + ANALYSIS_BATCH])
            for i in range(0, len(articles), ANALYSIS_BATCH)
        ]
    )
    return {
        "articles": len(articles),
        "seconds": round(timing["seconds"], 2),
        "cpu_seconds": round(timing["cpu_seconds"], 2),
        "tokens_per_s": round(tokens / timing["seconds"], 1),
        "tokens_per_cpu_s": round(tokens / timing["cpu_seconds"], 1),
    }


def run(sequences: int, batch: int, piece_chars: int, rasid_articles: int) -> dict[str, Any]:
    from transformers import BertConfig

    articles, _ = read_sample(SAMPLE_EVERY, SAMPLE_LIMIT)
    clean = Pipeline(["clean"])
    texts = [clean.run(article).text for article in articles]
    tokens = sum(len(tokenize(text)) for text in texts)
    packed = packed_sequences(texts, piece_chars, BertConfig().vocab_size)
    pieces = sum(len(s) for s in packed)

    subset = articles[:rasid_articles]
    subset_tokens = sum(len(tokenize(text)) for text in texts[:rasid_articles])
    rasid = rasid_rate(pipeline_for(Options()), subset, subset_tokens)
    bert = bert_rate(packed, sequences, batch)

    fertility = pieces / tokens
    bert_tokens_per_s = bert["pieces_per_s"] / fertility
    bert_tokens_per_cpu_s = bert["pieces_per_cpu_s"] / fertility
    sample_cpu_seconds = pieces / bert["pieces_per_cpu_s"]
    result: dict[str, Any] = {
        "corpus": f"ant-v2.1.jsonl.gz, every {SAMPLE_EVERY}th article, the first {SAMPLE_LIMIT}",
        "model": "BertForTokenClassification(BertConfig()), random weights, CPU, 1 thread",
        "articles": len(articles),
        "tokens": tokens,
        "word_pieces": pieces,
        "pieces_per_token": round(fertility, 2),
        "bert": bert,
        "bert_tokens_per_s": round(bert_tokens_per_s, 1),
        "bert_tokens_per_cpu_s": round(bert_tokens_per_cpu_s, 1),
        "bert_articles_per_cpu_s": round(len(articles) / sample_cpu_seconds, 2),
        "rasid_same_run": rasid,
        "ratio_same_run_wall": round(rasid["tokens_per_s"] / bert_tokens_per_s, 1),
        "ratio_same_run_cpu": round(rasid["tokens_per_cpu_s"] / bert_tokens_per_cpu_s, 1),
    }
    pipeline_json = RESULTS / "pipeline.json"
    if pipeline_json.is_file():
        whole = json.loads(pipeline_json.read_text(encoding="utf-8"))
        result["ratio_to_pipeline_json_cpu"] = round(
            whole["full_pipeline_tokens_per_cpu_s"] / bert_tokens_per_cpu_s, 1
        )
    result["peak_rss_mib"] = round(peak_rss_mib(), 1)
    result["machine"] = machine()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequences", type=int, default=16, help="512-piece sequences timed")
    parser.add_argument("--batch", type=int, default=4, help="sequences per forward pass")
    parser.add_argument("--piece-chars", type=int, default=4, help="longest word-piece")
    parser.add_argument(
        "--rasid-articles", type=int, default=300, help="articles rasid runs in the same process"
    )
    arguments = parser.parse_args()
    report(
        "bert",
        run(arguments.sequences, arguments.batch, arguments.piece_chars, arguments.rasid_articles),
    )


if __name__ == "__main__":
    main()
