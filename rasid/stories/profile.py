"""What story matching and copy detection know of one article.

A profile is computed once, when the article is stored, from its analysed
document: the article's strongest terms weighted by TF-IDF, its headline
terms, the knowledge-base records it names, and a MinHash signature of its
word shingles. The IDF table is fixed (rasid/models/idf.tsv.gz, counted on
the ANT corpus by scripts/build_idf.py), so an article's profile never
depends on what else is in the store.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import numpy as np

from rasid.model import Document, Entity
from rasid.search.analyzer import analyzer, document_frequencies
from rasid.text.normalize import normalize_for_matching

__all__ = [
    "NUM_PERM",
    "Profile",
    "profile_of",
    "signature_similarity",
]

#: MinHash permutations: 64 estimate a Jaccard similarity to about +-0.06.
NUM_PERM = 64
#: Words per shingle: long enough that two reports of one event in their own
#: words share few shingles, short enough that a lightly edited copy shares most.
SHINGLE_WORDS = 4
#: Terms kept per article: the rest add little to a cosine but cost storage.
TOP_TERMS = 60
_WORD = re.compile(r"\w+")
_SEED = 20_180_201


@dataclass(frozen=True, slots=True)
class Profile:
    """One article as story matching sees it."""

    article_id: str
    time: datetime | None
    """Publication time, UTC without tzinfo; None when unknown."""
    terms: dict[str, float]
    """The strongest TF-IDF terms, the whole vector L2-normalised before it was cut."""
    title: frozenset[str]
    entities: frozenset[str]
    """kb_ids of the people, organisations and places the article names."""
    signature: bytes
    """MinHash of the clean text's word shingles (NUM_PERM uint32 values)."""
    source: str | None = None
    headline: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "terms": {term: round(weight, 4) for term, weight in self.terms.items()},
            "title": sorted(self.title),
            "entities": sorted(self.entities),
        }


@cache
def _idf() -> tuple[dict[str, float], float]:
    """Term -> IDF, and the IDF of a term the table lacks (rarer than any it has)."""
    frequencies, documents = document_frequencies()
    weights = {term: math.log((documents + 1) / (df + 1)) + 1.0 for term, df in frequencies.items()}
    return weights, math.log(documents + 1) + 1.0


_SCHEME = "affine32"


@cache
def _permutations() -> np.ndarray:
    """Drawn once: a MinHash builds its permutations from the seed on every construction."""
    from datasketch import MinHash  # imported when needed: it pulls in SciPy (~2 s)

    permutations: np.ndarray = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations
    return permutations


def signature_of(text: str) -> bytes:
    """MinHash signature of `text`'s word shingles, in matching form."""
    words = _WORD.findall(normalize_for_matching(text))
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_permutations(), scheme=_SCHEME)
    minhash.update_batch(list(shingles))
    signature: bytes = minhash.hashvalues.astype(np.uint32).tobytes()
    return signature


def signature_similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets two signatures come from."""
    a = np.frombuffer(first, dtype=np.uint32)
    b = np.frombuffer(second, dtype=np.uint32)
    if a.size != b.size or not a.size:
        return 0.0
    return float(np.count_nonzero(a == b)) / a.size


def weigh(terms: list[str]) -> dict[str, float]:
    """Sublinear TF-IDF of `terms`, L2-normalised, cut to the TOP_TERMS strongest."""
    idf, unseen = _idf()
    weights = {
        term: (1.0 + math.log(count)) * idf.get(term, unseen)
        for term, count in Counter(terms).items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    strongest = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:TOP_TERMS]
    return {term: weight / norm for term, weight in strongest}


def profile_of(
    document: Document, *, article_id: str | None = None, body_terms: list[str] | None = None
) -> Profile:
    """The profile of an analysed document (entities are used when the stage ran);
    `body_terms` are the text's index terms when the caller has them already."""
    terms_of = analyzer().terms
    body = document.text
    title = document.title or document.article.title or ""
    entities = frozenset(
        entity.kb_id for entity in document.records(Entity) if entity.type in ("PERS", "ORG", "LOC")
    )
    published = document.article.published
    if published is not None and published.tzinfo is not None:
        from rasid.store.base import utc_naive

        published = utc_naive(published)
    return Profile(
        article_id=article_id or document.id,
        time=published,
        terms=weigh(terms_of(body) if body_terms is None else body_terms),
        title=frozenset(terms_of(title)),
        entities=entities,
        signature=signature_of(body),
        source=document.article.source,
        headline=title,
    )


def profile_from_row(
    article_id: str,
    time: datetime | None,
    data: str,
    signature: bytes,
    source: str | None,
    headline: str | None,
) -> Profile:
    """A profile as the store keeps it (see `Profile.to_json`)."""
    parsed = json.loads(data)
    return Profile(
        article_id=article_id,
        time=time,
        terms=parsed["terms"],
        title=frozenset(parsed["title"]),
        entities=frozenset(parsed["entities"]),
        signature=signature,
        source=source,
        headline=headline or "",
    )
