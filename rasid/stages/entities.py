"""The entities stage: tag names in the clean text and link them to the knowledge base.

`entities` uses the shipped BiLSTM-CRF network (ONNX, one thread);
`entities-accurate` the pool of two networks from different seeds (the
`tagger = "accurate"` setting), about twice the tagging cost for about
0.01 more F1 (docs/entities.md). Run through `Pipeline.run_many`, the
sentences of a whole batch of articles go through the network together,
which is faster than one article at a time (bench/bench_entities.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rasid.kb.index import default_kb
from rasid.kb.linker import Linker
from rasid.model import Document
from rasid.ner.neural import NeuralTagger, default_neural_tagger, default_pool_tagger
from rasid.pipeline import register_stage
from rasid.text.tokens import sentences

__all__ = ["entities", "entities_accurate", "entities_many", "entities_many_accurate"]


def entities_many(
    documents: Sequence[Document], tagger: Callable[[], NeuralTagger] = default_neural_tagger
) -> list[Document]:
    """Entities of each document; the network tags all their sentences in one go."""
    found = [sentences(document.text) for document in documents]
    words = [[token.text for token in sentence] for split in found for sentence in split]
    tags = tagger().tag_many(words)
    linker = Linker(default_kb())
    results: list[Document] = []
    offset = 0
    for document, split in zip(documents, found, strict=True):
        document_tags = tags[offset : offset + len(split)]
        offset += len(split)
        linked = linker.entities(document.text, split, document_tags)
        results.append(document.with_records(*linked))
    return results


@register_stage("entities", requires=("text",), assigns=("entities",), batch=entities_many)
def entities(document: Document) -> Document:
    """Named entities with their knowledge-base records, English names and coordinates."""
    return entities_many([document])[0]


def entities_many_accurate(documents: Sequence[Document]) -> list[Document]:
    return entities_many(documents, default_pool_tagger)


@register_stage(
    "entities-accurate", requires=("text",), assigns=("entities",), batch=entities_many_accurate
)
def entities_accurate(document: Document) -> Document:
    """The entities stage with the pool of two networks (the accurate mode)."""
    return entities_many_accurate([document])[0]
