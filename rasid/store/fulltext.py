"""The full-text index on each engine, over the same pre-analysed terms.

Terms come from rasid.search.analyzer, so neither engine analyses anything:
SQLite's FTS5 table (`unicode61`, migration 0005) and PostgreSQL's tsvector
(`simple` configuration, which only lower-cases, migration 0006) just split
the stored terms at spaces. A query matches the same articles on both;
ranking is BM25 on SQLite and `ts_rank_cd` (headline weight A, body B) on
PostgreSQL, so the order of equally good hits can differ.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, literal_column, text

from rasid.errors import StoreError
from rasid.store.schema import SEARCH_TABLE

__all__ = ["RANK_AT_MOST", "Match", "index_terms", "match", "top", "unindex"]

#: BM25 weights of the FTS5 columns: title, body.
TITLE_WEIGHT, BODY_WEIGHT = 3.0, 1.0
#: Most matches an unfiltered SQLite search ranks: the most recently stored ones (see `top`).
RANK_AT_MOST = 20_000
_NOT_WORD = re.compile(r"\W+")


def _engine(connection: Connection) -> str:
    name = connection.dialect.name
    if name not in ("sqlite", "postgresql"):
        raise StoreError(f"full-text search is not available on {name}")
    return name


def index_terms(
    connection: Connection, rowid: int, title: Sequence[str], body: Sequence[str]
) -> None:
    _engine(connection)
    connection.execute(
        text(f"INSERT INTO {SEARCH_TABLE} (rowid, title, body) VALUES (:rowid, :title, :body)"),
        {"rowid": rowid, "title": " ".join(title), "body": " ".join(body)},
    )


def unindex(connection: Connection, rowid: int) -> None:
    _engine(connection)
    connection.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :rowid"), {"rowid": rowid})


def _fts5_query(terms: Sequence[str], *, any_term: bool) -> str:
    """An FTS5 query of `terms`, each a quoted string (no operator can hide in one)."""
    quoted = ['"' + term.replace('"', '""') + '"' for term in terms]
    return (" OR " if any_term else " ").join(quoted)


@dataclass(frozen=True, slots=True)
class Match:
    """How to join the index to article_profiles, keep the matches, and rank them."""

    table: Any
    on: Any
    where: Any
    score: Any
    """Higher is better."""


def match(connection: Connection, terms: Sequence[str], *, any_term: bool = False) -> Match:
    """Articles with every term of `terms` (any one of them with `any_term`)."""
    unique = [t for t in dict.fromkeys(terms) if t]
    if _engine(connection) == "sqlite":
        query = _fts5_query(unique, any_term=any_term)
        return Match(
            table=text(SEARCH_TABLE),
            on=text(f"{SEARCH_TABLE}.rowid = article_profiles.id"),
            where=text(f"{SEARCH_TABLE} MATCH :query").bindparams(query=query),
            score=literal_column(f"-bm25({SEARCH_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT})"),
        )
    # Terms are letters and digits already; anything else would be tsquery syntax.
    safe = [f"'{word}'" for word in (_NOT_WORD.sub("", term) for term in unique) if word]
    tsquery = func.to_tsquery("simple", (" | " if any_term else " & ").join(safe) or "''")
    document: Any = literal_column(f"{SEARCH_TABLE}.document")
    return Match(
        table=text(SEARCH_TABLE),
        on=text(f"{SEARCH_TABLE}.rowid = article_profiles.id"),
        where=document.op("@@")(tsquery),
        score=func.ts_rank_cd(document, tsquery),
    )


def top(
    connection: Connection,
    terms: Sequence[str],
    *,
    limit: int,
    offset: int = 0,
    any_term: bool = False,
    capped: bool = True,
) -> list[tuple[int, float]] | None:
    """(profile id, score) of the best `limit` articles with every term, or None.

    On SQLite the ranking runs on the FTS5 table alone, before any join: the
    engine then looks up only the page's rows instead of joining every match
    first (a word in one article of ten: 30 ms against 10 on the ANT store).
    When more than `RANK_AT_MOST` articles match, only the most recently
    stored `RANK_AT_MOST` of them are ranked: BM25 costs about 2 us a match,
    so a common word in a million articles would take a second, and a word
    that common hardly orders anything by itself (`capped=False` ranks them
    all). With `any_term`, articles with any of the terms. None on
    PostgreSQL, whose planner already does the rest with `match`.
    """
    if _engine(connection) != "sqlite":
        return None
    query = _fts5_query([t for t in dict.fromkeys(terms) if t], any_term=any_term)
    floor = None
    if capped:
        # FTS5 walks matches in rowid order without scoring them: a few ms for
        # RANK_AT_MOST of them, against ~2 us each for BM25.
        floor = connection.execute(
            text(
                f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :query"
                " ORDER BY rowid DESC LIMIT 1 OFFSET :last"
            ),
            {"query": query, "last": RANK_AT_MOST - 1},
        ).scalar()
    rows = connection.execute(
        text(
            f"SELECT rowid, -bm25({SEARCH_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score"
            f" FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :query AND rowid >= :floor"
            " ORDER BY score DESC, rowid LIMIT :limit OFFSET :offset"
        ),
        {"query": query, "floor": floor or 0, "limit": limit, "offset": offset},
    )
    return [(int(row.rowid), float(row.score)) for row in rows]
