"""Search filters read record and event-type sets from covering indexes.

A search filtered by a record ("روسيا" naming Turkey) or an event type
builds the set of article ids from `entities.kb_id` or `events.type`. With
an index on that column alone, each of the thousands of rows it names had
to be fetched for its article id; with (kb_id, article_id) and
(type, article_id) the set comes from the index alone (on the ANT store,
the slowest filtered queries went from 50-70 ms to 25-35 ms). The new
indexes serve every lookup the old ones did, so those are dropped.

Revision ID: 0007_covering_filter_indexes
Revises: 0006_postgres_search
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0007_covering_filter_indexes"
down_revision = "0006_postgres_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_entities_kb_article", "entities", ["kb_id", "article_id"])
    op.drop_index("ix_entities_kb_id", table_name="entities")
    op.create_index("ix_events_type_article", "events", ["type", "article_id"])
    op.drop_index("ix_events_type", table_name="events")


def downgrade() -> None:
    op.create_index("ix_events_type", "events", ["type"])
    op.drop_index("ix_events_type_article", table_name="events")
    op.create_index("ix_entities_kb_id", "entities", ["kb_id"])
    op.drop_index("ix_entities_kb_article", table_name="entities")
