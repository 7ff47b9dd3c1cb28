"""Search filters as terms of the full-text index, in a column of their own.

A filtered search used to check each full-text match against the filter in
SQL: about 9 us a match, so a common word filtered by an event type took a
second in a million articles. Each indexed article now also carries facet
terms (its source, the records it names, its event types, the year and
month it was published; rasid.store.fulltext), and the index intersects
them with the query's terms itself.

SQLite: FTS5 cannot add a column, so `search_index` is built again with a
third column, `facets`, and the title and body terms copied over. BM25
weighs that column 0; FTS5 counts every column in a row's length, though,
so scores move a little (docs/stories.md has the measurement).

PostgreSQL: `search_index` gets a `facets` column and a second tsvector,
`facet_document`, with its own GIN index, so that ranking, which reads
`document`, is unchanged.

The facets of the articles already stored are worked out from their rows
(source, time, entities, events), a batch of index rows at a time, so no
article is analysed again.

Revision ID: 0009_search_facets
Revises: 0008_profile_search_index
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Connection, text

from rasid.store.fulltext import mark_facets_ready, optimize, stored_facets

revision = "0009_search_facets"
down_revision = "0008_profile_search_index"
branch_labels = None
depends_on = None

_FTS5 = "fts5({columns}, tokenize = 'unicode61 remove_diacritics 0')"
_BATCH = 2000


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute("ALTER TABLE search_index ADD COLUMN facets text NOT NULL DEFAULT ''")
        op.execute(
            "ALTER TABLE search_index ADD COLUMN facet_document tsvector"
            " GENERATED ALWAYS AS (to_tsvector('simple', facets)) STORED"
        )
        _fill(connection, "search_index", update=True)
        op.execute("CREATE INDEX search_index_facets ON search_index USING gin (facet_document)")
    else:
        op.execute("ALTER TABLE search_index RENAME TO search_index_0008")
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING " + _FTS5.format(columns="title, body, facets")
        )
        _fill(connection, "search_index_0008", update=False)
        op.execute("DROP TABLE search_index_0008")
        optimize(connection)
    mark_facets_ready(connection)


def _fill(connection: Connection, source: str, *, update: bool) -> None:
    """Give every indexed article its facets: in place, or copied from `source` with them."""
    last = -1
    while True:
        columns = "rowid" if update else "rowid, title, body"
        rows = connection.execute(
            text(f"SELECT {columns} FROM {source} WHERE rowid > :last ORDER BY rowid LIMIT :batch"),
            {"last": last, "batch": _BATCH},
        ).all()
        if not rows:
            return
        facets = stored_facets(connection, [row.rowid for row in rows])
        values = [{**row._asdict(), "facets": " ".join(facets.get(row.rowid, ()))} for row in rows]
        if update:
            statement = "UPDATE search_index SET facets = :facets WHERE rowid = :rowid"
        else:
            statement = (
                "INSERT INTO search_index (rowid, title, body, facets)"
                " VALUES (:rowid, :title, :body, :facets)"
            )
        connection.execute(text(statement), values)
        last = rows[-1].rowid


def downgrade() -> None:
    op.execute("DELETE FROM state WHERE key = 'search_facets'")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX search_index_facets")
        op.execute("ALTER TABLE search_index DROP COLUMN facet_document")
        op.execute("ALTER TABLE search_index DROP COLUMN facets")
        return
    op.execute("ALTER TABLE search_index RENAME TO search_index_0009")
    op.execute("CREATE VIRTUAL TABLE search_index USING " + _FTS5.format(columns="title, body"))
    op.execute(
        "INSERT INTO search_index (rowid, title, body)"
        " SELECT rowid, title, body FROM search_index_0009"
    )
    op.execute("DROP TABLE search_index_0009")
