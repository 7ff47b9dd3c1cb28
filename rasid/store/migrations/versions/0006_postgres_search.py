"""The full-text index on PostgreSQL: pre-analysed terms in a tsvector with a GIN index.

SQLite got its FTS5 table in 0005; this gives PostgreSQL the same
`search_index (rowid, title, body)` to write to, with a generated tsvector
(`simple` configuration: the terms are analysed by rasid already) that
weighs the headline above the body.

Revision ID: 0006_postgres_search
Revises: 0005_stories_search
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0006_postgres_search"
down_revision = "0005_stories_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE search_index ("
        " rowid integer PRIMARY KEY,"
        " title text NOT NULL,"
        " body text NOT NULL,"
        " document tsvector GENERATED ALWAYS AS ("
        "  setweight(to_tsvector('simple', title), 'A') ||"
        "  setweight(to_tsvector('simple', body), 'B')) STORED)"
    )
    op.execute("CREATE INDEX search_index_document ON search_index USING gin (document)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE search_index")
