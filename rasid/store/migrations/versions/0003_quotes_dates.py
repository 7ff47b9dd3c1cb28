"""Quotations with their speakers, and time expressions with their values.

Revision ID: 0003_quotes_dates
Revises: 0002_entities
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_quotes_dates"
down_revision = "0002_entities"
branch_labels = None
depends_on = None


def _article_id() -> sa.Column[str]:
    return sa.Column(
        "article_id",
        sa.String(32),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("speaker", sa.Text, nullable=False),
        sa.Column(
            "speaker_key", sa.Text, nullable=False, comment="speaker in matching form, for search"
        ),
        sa.Column("speaker_en", sa.Text, nullable=True),
        sa.Column("speaker_kb_id", sa.String(64), nullable=True),
        sa.Column("anonymous", sa.Boolean, nullable=False),
        sa.Column("cue", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("direct", sa.Boolean, nullable=False),
        sa.Column("content_start", sa.Integer, nullable=False),
        sa.Column("content_end", sa.Integer, nullable=False),
        sa.Column("via", sa.Text, nullable=True),
        sa.Column("via_en", sa.Text, nullable=True),
        sa.Column("via_kb_id", sa.String(64), nullable=True),
        sa.Column("speaker_start", sa.Integer, nullable=True),
        sa.Column("speaker_end", sa.Integer, nullable=True),
    )
    op.create_index("ix_quotes_article_id", "quotes", ["article_id"])
    op.create_index("ix_quotes_speaker_kb_id", "quotes", ["speaker_kb_id"])
    op.create_table(
        "dates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.String(40), nullable=False),
        sa.Column("mod", sa.String(8), nullable=True),
    )
    op.create_index("ix_dates_article_id", "dates", ["article_id"])
    op.create_index("ix_dates_value", "dates", ["value"])


def downgrade() -> None:
    op.drop_index("ix_dates_value", "dates")
    op.drop_index("ix_dates_article_id", "dates")
    op.drop_table("dates")
    op.drop_index("ix_quotes_speaker_kb_id", "quotes")
    op.drop_index("ix_quotes_article_id", "quotes")
    op.drop_table("quotes")
