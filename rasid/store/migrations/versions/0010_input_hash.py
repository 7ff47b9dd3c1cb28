"""A digest of each article as it was read, so that a rerun skips what is stored.

`rasid ingest` run again on the same files (after an interruption, or on a
folder that grew) used to analyse every article again only to find it
unchanged: for an archive stopped at 90%, most of an hour. The digest of
the headline and raw text (rasid.store.base.input_hash) lets the ingest ask
the store first. Articles stored before this migration have none (their
headline as read was not kept), so a rerun analyses them again as before.

Revision ID: 0010_input_hash
Revises: 0009_search_facets
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_input_hash"
down_revision = "0009_search_facets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("input_hash", sa.String(32), nullable=True))


def downgrade() -> None:
    # Not alembic's batch mode: on SQLite it copies `articles` to a new table and
    # drops the old one, and with foreign keys on, that drop deletes every
    # article's records (ON DELETE CASCADE). SQLite drops a column itself since 3.35.
    op.execute("ALTER TABLE articles DROP COLUMN input_hash")
