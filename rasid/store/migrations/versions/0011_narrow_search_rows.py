"""PostgreSQL keeps each search row's text and tsvectors out of line, so its rows are narrow.

Finding the most recently stored matches of a word (`fulltext.top`) reads
the row of every match the GIN index names, for its rowid. PostgreSQL
keeps a compressed value in the row while the row stays under about 2 kB,
so a search row held its body terms and facets: 1.3 kB, six rows a page,
and a word in a third of 86,000 articles read 13,800 pages. With a target
of 128 bytes the toaster moves them out, and a page holds some fifty rows.
Rows written before this migration keep their layout until rewritten
(`rasid reindex` rewrites them). Nothing changes on SQLite.

Revision ID: 0011_narrow_search_rows
Revises: 0010_input_hash
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0011_narrow_search_rows"
down_revision = "0010_input_hash"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_index SET (toast_tuple_target = 128)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_index RESET (toast_tuple_target)")
