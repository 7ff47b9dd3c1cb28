"""The full-text index on each engine, over the same pre-analysed terms.

Terms come from rasid.search.analyzer, so neither engine analyses anything:
SQLite's FTS5 table (`unicode61`, migration 0005) and PostgreSQL's tsvector
(`simple` configuration, which only lower-cases, migration 0006) just split
the stored terms at spaces. A query matches the same articles on both;
ranking is BM25 on SQLite and `ts_rank_cd` (headline weight A, body B) on
PostgreSQL, so the order of equally good hits can differ.

Each row also holds facet terms (migration 0009): the article's source, the
records it names, its event types, and the year and month it was published,
each a letter and a digest or a number, so that no engine's tokenizer splits
them and no word of a text or a query can be one. A filter is then a group
of facet terms, any of which will do, and the index intersects the groups
with the query's terms itself instead of SQL checking every match.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    Connection,
    Integer,
    any_,
    bindparam,
    column,
    delete,
    func,
    insert,
    literal_column,
    select,
    table,
    text,
)

from rasid.errors import StoreError
from rasid.store.schema import SEARCH_TABLE, article_profiles, articles, entities, events, state

__all__ = [
    "BLOCK_PREFIX",
    "BLOCK_ROWS",
    "RANK_AT_MOST",
    "RANK_AT_MOST_POSTGRES",
    "Facets",
    "Match",
    "block_term",
    "facets_ready",
    "index_terms",
    "mark_facets_ready",
    "match",
    "month_terms",
    "optimize",
    "rank_floor",
    "ranked_among",
    "stored_facets",
    "through_the_index",
    "top",
    "unindex",
    "within_recent",
]

#: BM25 weights of the FTS5 columns: title, body.
TITLE_WEIGHT, BODY_WEIGHT = 3.0, 1.0
#: Most matches a SQLite search ranks: the most recently stored ones (see `top`).
RANK_AT_MOST = 20_000
#: The same on PostgreSQL, where `ts_rank_cd` reads each match's tsvector out of
#: line (TOAST): 5 us a match or more, against BM25's 2 on SQLite.
RANK_AT_MOST_POSTGRES = 2_000
_NOT_WORD = re.compile(r"\W+")
#: Set in `state` once every indexed article has its facet terms (an empty store opened
#: by this rasid, migration 0009, `rasid reindex`); until then filters are checked in SQL.
FACETS_KEY = "search_facets"
#: Columns the query's own terms are looked for in (never the facets).
_TEXT_COLUMNS = "{title body}"
#: PostgreSQL's search table as the queries name it (migrations 0006 and 0009).
_INDEX = table(SEARCH_TABLE, column("rowid"), column("document"), column("facet_document"))


@dataclass(frozen=True, slots=True)
class Facets:
    """What the filters of a search can ask of an article, as index terms."""

    source: str | None
    kb_ids: Iterable[str]
    event_types: Iterable[str]
    time: datetime | None

    def terms(self) -> list[str]:
        found = [source_term(self.source)] if self.source else []
        found += sorted({kb_term(kb_id) for kb_id in self.kb_ids})
        found += sorted({event_term(kind) for kind in self.event_types})
        if self.time is not None:
            found += [f"y{self.time.year}", f"m{self.time.year}{self.time.month:02d}"]
        return found


def _digest(letter: str, value: str) -> str:
    return letter + hashlib.blake2b(value.encode("utf-8"), digest_size=8).hexdigest()


def source_term(source: str) -> str:
    return _digest("s", source)


def kb_term(kb_id: str) -> str:
    return _digest("k", kb_id)


def event_term(kind: str) -> str:
    return _digest("e", kind.upper())


#: Rows a PostgreSQL block term stands for (`block_term`).
BLOCK_ROWS = 4096
#: What a block term starts with: a hamza'd alef, which the analyser always folds to
#: a bare one, so that no word of a text or a query can be a block term.
BLOCK_PREFIX = "\u0623"


def block_term(rowid: int) -> str:
    """The term PostgreSQL's index holds for the block of `BLOCK_ROWS` rowids `rowid` is
    in, so that a span of the latest rowids is a condition of the full-text index
    itself (`_recent_span`)."""
    return _block(rowid // BLOCK_ROWS)


def _block(number: int) -> str:
    return f"{BLOCK_PREFIX}{number}"


def month_terms(first: datetime, last: datetime) -> list[str]:
    """Facet terms of every month from `first`'s to `last`'s: a year's term for each
    whole year, a month's for the rest."""
    found = []
    for year in range(first.year, last.year + 1):
        months = range(
            first.month if year == first.year else 1, (last.month if year == last.year else 12) + 1
        )
        if len(months) == 12:
            found.append(f"y{year}")
        else:
            found += [f"m{year}{month:02d}" for month in months]
    return found


def stored_facets(connection: Connection, rowids: Sequence[int]) -> dict[int, list[str]]:
    """The facet terms of indexed articles (by index rowid), from the rows the store
    holds of them: for articles indexed before there were facets (migration 0009)."""
    found = connection.execute(
        select(
            article_profiles.c.id,
            article_profiles.c.article_id,
            article_profiles.c.time,
            articles.c.source,
        )
        .join(articles, articles.c.id == article_profiles.c.article_id)
        .where(article_profiles.c.id.in_(rowids))
    ).all()
    ids = [row.article_id for row in found]
    kb_ids: dict[str, set[str]] = {}
    for article_id, kb_id in connection.execute(
        select(entities.c.article_id, entities.c.kb_id).where(entities.c.article_id.in_(ids))
    ):
        kb_ids.setdefault(article_id, set()).add(kb_id)
    kinds: dict[str, set[str]] = {}
    for article_id, kind in connection.execute(
        select(events.c.article_id, events.c.type).where(events.c.article_id.in_(ids))
    ):
        kinds.setdefault(article_id, set()).add(kind)
    return {
        row.id: Facets(
            row.source, kb_ids.get(row.article_id, ()), kinds.get(row.article_id, ()), row.time
        ).terms()
        for row in found
    }


def facets_ready(connection: Connection) -> bool:
    return connection.scalar(select(state.c.value).where(state.c.key == FACETS_KEY)) is not None


def mark_facets_ready(connection: Connection) -> None:
    connection.execute(delete(state).where(state.c.key == FACETS_KEY))
    connection.execute(insert(state).values(key=FACETS_KEY, value="1"))


def _engine(connection: Connection) -> str:
    name = connection.dialect.name
    if name not in ("sqlite", "postgresql"):
        raise StoreError(f"full-text search is not available on {name}")
    return name


def index_terms(
    connection: Connection,
    rowid: int,
    title: Sequence[str],
    body: Sequence[str],
    facets: Sequence[str] = (),
) -> None:
    # PostgreSQL's body also holds the row's block term (migration 0012), which no
    # query's words can be and `ts_rank_cd` leaves out, as it is no query term.
    block = [block_term(rowid)] if _engine(connection) == "postgresql" else []
    connection.execute(
        text(
            f"INSERT INTO {SEARCH_TABLE} (rowid, title, body, facets)"
            " VALUES (:rowid, :title, :body, :facets)"
        ),
        {
            "rowid": rowid,
            "title": " ".join(title),
            "body": " ".join([*body, *block]),
            "facets": " ".join(facets),
        },
    )


def optimize(connection: Connection) -> None:
    """Merge the index's pieces into one, after rewriting much of it (a reindex): FTS5
    keeps each transaction's terms as a b-tree of their own until it merges them, and
    a query reads every one (on the reindexed ANT store, 2.6 s to merge; unfiltered
    searches then took 417 ms for the 50 fixed queries, against 526 before).
    PostgreSQL's GIN index needs nothing of the kind."""
    if _engine(connection) == "sqlite":
        connection.execute(text(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}) VALUES ('optimize')"))


def unindex(connection: Connection, rowid: int) -> None:
    _engine(connection)
    connection.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :rowid"), {"rowid": rowid})


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts5_query(
    terms: Sequence[str], *, any_term: bool, facets: Sequence[Sequence[str]] = ()
) -> str:
    """An FTS5 query of `terms` in the title and body, each a quoted string (no operator
    can hide in one), and of one facet term of each group of `facets`."""
    parts = []
    if terms:
        joined = (" OR " if any_term else " ").join(map(_quoted, terms))
        parts.append(f"{_TEXT_COLUMNS} : ({joined})")
    parts += ["facets : (" + " OR ".join(map(_quoted, group)) + ")" for group in facets]
    return " AND ".join(parts)


def _tsquery(terms: Sequence[str], operator: str) -> str:
    # Terms are letters and digits already; anything else would be tsquery syntax.
    safe = [f"'{word}'" for word in (_NOT_WORD.sub("", term) for term in terms) if word]
    return f" {operator} ".join(safe) or "''"


@dataclass(frozen=True, slots=True)
class Match:
    """How to join the index to article_profiles, keep the matches, and rank them."""

    table: Any
    on: Any
    where: Any
    score: Any
    """Higher is better."""
    fts5_query: str | None = None
    """The FTS5 query text on SQLite, for `rank_floor`."""


def match(
    connection: Connection,
    terms: Sequence[str],
    *,
    any_term: bool = False,
    facets: Sequence[Sequence[str]] = (),
) -> Match:
    """Articles with every term of `terms` (any one of them with `any_term`) and a
    term of each group of `facets`; with no terms, every article the facets allow
    (all scored 0)."""
    unique = [t for t in dict.fromkeys(terms) if t]
    if not unique and not facets:
        raise StoreError("a full-text match needs a term or a facet")
    if _engine(connection) == "sqlite":
        query = _fts5_query(unique, any_term=any_term, facets=facets)
        return Match(
            table=text(SEARCH_TABLE),
            on=text(f"{SEARCH_TABLE}.rowid = article_profiles.id"),
            where=text(f"{SEARCH_TABLE} MATCH :query").bindparams(query=query),
            score=literal_column(
                f"-bm25({SEARCH_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}, 0.0)" if unique else "0.0"
            ),
            fts5_query=query,
        )
    # `document` holds the headline (weight A) and the body (B) only, the facets having
    # a tsvector of their own. (A query that named the weights, ':AB', meant the same
    # but made PostgreSQL read every match's tsvector again: the GIN index cannot
    # tell weights apart.)
    textual = _text_query(unique, any_term)
    where: Any = _INDEX.c.document.op("@@")(textual) if unique else None
    for group in facets:
        faceted = _INDEX.c.facet_document.op("@@")(func.to_tsquery("simple", _tsquery(group, "|")))
        where = faceted if where is None else where & faceted
    return Match(
        table=_INDEX,
        on=_INDEX.c.rowid == article_profiles.c.id,
        where=where,
        score=func.ts_rank_cd(_INDEX.c.document, textual) if unique else literal_column("0.0"),
    )


def _text_query(terms: Sequence[str], any_term: bool) -> Any:
    return func.to_tsquery("simple", _tsquery(terms, "|" if any_term else "&"))


@contextmanager
def through_the_index(connection: Connection) -> Iterator[None]:
    """Plan the statements run within on PostgreSQL through the GIN index (bitmap scans).

    Its planner costs a full-text match as cheap, not counting the reading of
    each row's tsvector out of line: for a word in a third of the articles it
    scanned the whole table (86,000 articles: 300 ms) instead of asking the
    index (45 ms). The settings are the transaction's own and put back after.
    """
    with _planner(connection, enable_seqscan="off", enable_indexscan="off"):
        yield


@contextmanager
def _planner(connection: Connection, **settings: str) -> Iterator[None]:
    """PostgreSQL planner settings for the statements run within, put back after."""
    if connection.dialect.name != "postgresql":
        yield
        return
    names = list(settings)
    kept = connection.exec_driver_sql(
        "SELECT " + ", ".join(f"current_setting('{name}')" for name in names)
    ).one()

    def put(values: Sequence[str]) -> None:
        calls = ", ".join(f"set_config('{name}', %(v{i})s, true)" for i, name in enumerate(names))
        connection.exec_driver_sql(
            f"SELECT {calls}", {f"v{i}": value for i, value in enumerate(values)}
        )

    put([settings[name] for name in names])
    try:
        yield
    finally:
        put(list(kept))


def top(
    connection: Connection,
    terms: Sequence[str],
    *,
    limit: int,
    offset: int = 0,
    any_term: bool = False,
    capped: bool = True,
    facets: Sequence[Sequence[str]] = (),
) -> list[tuple[int, float]]:
    """(profile id, score) of the best `limit` articles with every term (and a term of
    each group of `facets`).

    On SQLite the ranking runs on the FTS5 table alone, before any join: the
    engine then looks up only the page's rows instead of joining every match
    first (a word in one article of ten: 30 ms against 10 on the ANT store).
    When more than `RANK_AT_MOST` articles match, only the most recently
    stored `RANK_AT_MOST` of them are ranked: BM25 costs about 2 us a match,
    so a common word in a million articles would take a second, and a word
    that common hardly orders anything by itself (`capped=False` ranks them
    all). With `any_term`, articles with any of the terms.

    PostgreSQL does the same with `RANK_AT_MOST_POSTGRES`: the latest
    matches are found within ever wider spans of the latest rowids
    (`within_recent`), then only their rows are ranked with `ts_rank_cd`.
    """
    unique = [t for t in dict.fromkeys(terms) if t]
    if _engine(connection) == "postgresql":
        return _postgres_top(
            connection, unique, limit, offset, any_term=any_term, capped=capped, facets=facets
        )
    query = _fts5_query(unique, any_term=any_term, facets=facets)
    floor = _fts5_floor(connection, query) if capped else None
    rows = connection.execute(
        text(
            f"SELECT rowid, -bm25({SEARCH_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}, 0.0) AS score"
            f" FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :query AND rowid >= :floor"
            " ORDER BY score DESC, rowid LIMIT :limit OFFSET :offset"
        ),
        {"query": query, "floor": floor or 0, "limit": limit, "offset": offset},
    )
    return [(int(row.rowid), float(row.score)) for row in rows]


def _postgres_top(
    connection: Connection,
    terms: Sequence[str],
    limit: int,
    offset: int,
    *,
    any_term: bool,
    capped: bool,
    facets: Sequence[Sequence[str]],
) -> list[tuple[int, float]]:
    found = match(connection, terms, any_term=any_term, facets=facets)
    ranked = (
        select(_INDEX.c.rowid, found.score.label("score"))
        .where(within_recent(connection, found) if capped else found.where)
        .order_by(found.score.desc(), _INDEX.c.rowid)
        .limit(limit)
        .offset(offset)
    )
    with through_the_index(connection):
        rows = connection.execute(ranked).all()
    return [(int(row.rowid), float(row.score)) for row in rows]


#: A function that adds the conditions a search checks in SQL (exact times, a story)
#: to a statement that joins the index to article_profiles.
Passing = Callable[[Any], Any]


def within_recent(connection: Connection, found: Match, passing: Passing | None = None) -> Any:
    """`found`'s condition, kept to its most recently stored matches when there are more
    than are ranked (`RANK_AT_MOST`, `RANK_AT_MOST_POSTGRES`).

    With `passing`, the latest of the matches that pass it: a search for a
    common word before a date ranks the latest matches before that date, not
    the latest matches, of which none might be before it.

    SQLite: the match and a rowid floor (`rank_floor`). PostgreSQL: the rowids
    of those matches themselves, so that ranking reads only their rows (given
    the match and a floor, its planner read every row past the floor and
    tested each: 68 ms for a word in a third of 90,000 articles, 34 given the
    rowids).
    """
    if _engine(connection) == "sqlite":
        floor = rank_floor(connection, found, passing)
        # On FTS5's own rowid, which it takes as a bound of its scan. (On the profile's
        # id, FTS5 scored every match and SQL dropped those below the floor after:
        # "النفط" until March 2018 at a million articles, 95-107 ms against 49.)
        rowid: Any = literal_column(f"{SEARCH_TABLE}.rowid")
        return found.where if floor is None else found.where & (rowid >= floor)
    rowids = _recent_rowids(connection, found, passing)
    return _INDEX.c.rowid == any_(bindparam("recent", rowids, type_=ARRAY(Integer)))


def ranked_among(
    connection: Connection, terms: Sequence[str], rowids: Sequence[int], *, limit: int
) -> list[tuple[int, float]]:
    """PostgreSQL: (rowid, score) of the best `limit` of `rowids` with any of `terms`.

    The rows are looked up one by one in the primary key and each tested, so
    the cost is bounded by how many are given. Given the month facets
    instead, the planner read every row of those months and tested it (17,000
    rows, 90 ms, for a related query on 90,000 articles); given the rowids
    alone, it read every match of the terms in the whole index and kept those
    given (26,000 rows, 32-69 ms, and ten times that at a million).
    """
    textual = _text_query([t for t in dict.fromkeys(terms) if t], True)
    score = func.ts_rank_cd(_INDEX.c.document, textual)
    statement = (
        select(_INDEX.c.rowid, score.label("score"))
        .where(
            _INDEX.c.rowid == any_(bindparam("among", list(rowids), type_=ARRAY(Integer))),
            _INDEX.c.document.op("@@")(textual),
        )
        .order_by(score.desc(), _INDEX.c.rowid)
        .limit(limit)
    )
    with _planner(connection, enable_seqscan="off", enable_bitmapscan="off"):
        rows = connection.execute(statement).all()
    return [(int(row.rowid), float(row.score)) for row in rows]


#: What reading a match's row costs PostgreSQL against one rowid of a span's block terms
#: (`_recent_rowids`): the latest 2,000 of 7,600 matches, 17 ms from all of them
#: against 32 ms within a span of 512,000 rowids (warm; 120 ms cold), at 510,000 articles.
_MATCH_TO_SPAN_ROW_COST = 32


def _recent_rowids(
    connection: Connection, found: Match, passing: Passing | None = None
) -> list[int]:
    """The rowids of `found`'s `RANK_AT_MOST_POSTGRES` most recently stored matches
    (that pass `passing`).

    The index names every match of a common word, and each one's row would be
    read to sort them by rowid (a word in a third of a million articles: some
    300,000 rows). Asked within the most recent rowids first, the index
    intersects its matches with that span and only those rows are read; the
    span grows fourfold until it holds enough matches, or until reading all
    the matches would cost less than the next span: as many as the spans so
    far suggest the store holds, against a span's rowids at
    `_MATCH_TO_SPAN_ROW_COST` to a match.
    """
    # Read before the planner is told to keep to bitmap scans: under them the
    # highest rowid took a scan of the whole primary key (113 ms at 280,000).
    highest = connection.scalar(select(func.max(_INDEX.c.rowid)))
    span = 4 * RANK_AT_MOST_POSTGRES
    with through_the_index(connection):
        while highest is not None and span <= highest:
            rowids = _latest_matches(connection, found, _recent_span(highest, span), passing)
            if len(rowids) == RANK_AT_MOST_POSTGRES:
                return rowids
            in_the_store = len(rowids) * highest / span
            if in_the_store * _MATCH_TO_SPAN_ROW_COST < 4 * span:
                break
            span *= 4
        return _latest_matches(connection, found, literal_column("true"), passing)


def _latest_matches(
    connection: Connection, found: Match, span: Any, passing: Passing | None
) -> list[int]:
    statement = select(_INDEX.c.rowid).where(found.where, span)
    if passing is not None:
        statement = passing(statement.join(article_profiles, found.on))
    latest = statement.order_by(_INDEX.c.rowid.desc()).limit(RANK_AT_MOST_POSTGRES).subquery()
    # One array, not a row per match: fetching 2,000 rows one by one through the
    # driver took 4-5 ms of Python a span.
    rowids = connection.scalar(select(func.array_agg(latest.c.rowid)))
    return list(rowids or [])


def _recent_span(highest: int, span: int) -> Any:
    """The condition that a PostgreSQL row is among the latest `span` rowids up to
    `highest`, as its block terms (`block_term`): a second condition on the same GIN
    index, which then intersects the two itself.

    As a range of rowids, the planner chose the primary key for it and tested
    each row of the span instead (100,000 articles, 32,000 rows: 166-235 ms;
    5 ms as block terms).
    """
    first = (highest - span + 1) // BLOCK_ROWS
    blocks = [_block(number) for number in range(first, highest // BLOCK_ROWS + 1)]
    return _INDEX.c.document.op("@@")(func.to_tsquery("simple", _tsquery(blocks, "|")))


def rank_floor(connection: Connection, found: Match, passing: Passing | None = None) -> int | None:
    """The lowest rowid among the `RANK_AT_MOST` most recently stored matches of a
    SQLite match (that pass `passing`), or None when fewer match. FTS5 walks matches
    in rowid order without scoring them: a few ms for RANK_AT_MOST of them, against
    ~2 us each for BM25. With `passing`, each match walked is looked up in
    article_profiles too (by its primary key)."""
    if found.fts5_query is None:
        return None
    if passing is None:
        return _fts5_floor(connection, found.fts5_query)
    index = table(SEARCH_TABLE, column("rowid"))
    statement = passing(
        select(index.c.rowid).select_from(index).join(article_profiles, found.on).where(found.where)
    )
    # Ordered by the FTS5 rowid, so that FTS5 itself walks its matches newest first.
    statement = statement.order_by(index.c.rowid.desc()).limit(1).offset(RANK_AT_MOST - 1)
    floor = connection.scalar(statement)
    return None if floor is None else int(floor)


def _fts5_floor(connection: Connection, query: str) -> int | None:
    found = connection.execute(
        text(
            f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :query"
            " ORDER BY rowid DESC LIMIT 1 OFFSET :last"
        ),
        {"query": query, "last": RANK_AT_MOST - 1},
    ).scalar()
    return None if found is None else int(found)
