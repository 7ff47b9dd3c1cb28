"""PostgreSQL's full-text index also holds a term for each row's block of rowids, so a
span of the latest rowids is a condition the index answers itself.

Search ranks a query's most recently stored matches (`fulltext.within_recent`),
asking for them within ever wider spans of the latest rowids. As a range of
rowids, PostgreSQL's planner took the span from the primary key and tested
each row's tsvector, which it thinks cheap and is not (on the PostgreSQL
scale run at 100,000 articles, 32,000 rows: 166-235 ms). Each row's body now
ends with the term of its block of 4,096 rowids (`fulltext.block_term`: a hamza'd alef
and a number; the analyser folds that alef, so no analysed word can be one),
and a span is those terms: a
second condition on the same GIN index, which intersects the two (5 ms).
`ts_rank_cd` counts query terms only, so scores do not change.

Revision ID: 0012_search_blocks
Revises: 0011_narrow_search_rows
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0012_search_blocks"
down_revision = "0011_narrow_search_rows"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("UPDATE search_index SET body = ltrim(body || ' \u0623' || (rowid / 4096))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("UPDATE search_index SET body = rtrim(regexp_replace(body, '\u0623[0-9]+$', ''))")
