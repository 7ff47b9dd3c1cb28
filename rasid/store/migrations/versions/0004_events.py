"""PLOVER-typed events with their participants, place, date and modality.

Revision ID: 0004_events
Revises: 0003_quotes_dates
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_events"
down_revision = "0003_quotes_dates"
branch_labels = None
depends_on = None

_PARTICIPANTS = "JSON list of {name_en, kb_id, text, role}"


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(32), nullable=True),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("actors", sa.Text, nullable=False, comment=_PARTICIPANTS),
        sa.Column("targets", sa.Text, nullable=False, comment=_PARTICIPANTS),
        sa.Column("location", sa.Text, nullable=True),
        sa.Column("location_text", sa.Text, nullable=True),
        sa.Column("location_kb_id", sa.String(64), nullable=True),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("date", sa.String(40), nullable=True),
        sa.Column("date_defaulted", sa.Boolean, nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("source", sa.Text, nullable=True),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
    )
    op.create_index("ix_events_article_id", "events", ["article_id"])
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_date", "events", ["date"])


def downgrade() -> None:
    op.drop_index("ix_events_date", "events")
    op.drop_index("ix_events_type", "events")
    op.drop_index("ix_events_article_id", "events")
    op.drop_table("events")
