"""Entity mentions linked to the knowledge base.

Revision ID: 0002_entities
Revises: 0001_articles
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_entities"
down_revision = "0001_articles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("kb_id", sa.String(64), nullable=False),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("description_en", sa.Text, nullable=False),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("link", sa.String(16), nullable=False),
    )
    op.create_index("ix_entities_article_id", "entities", ["article_id"])
    op.create_index("ix_entities_kb_id", "entities", ["kb_id"])


def downgrade() -> None:
    op.drop_index("ix_entities_kb_id", "entities")
    op.drop_index("ix_entities_article_id", "entities")
    op.drop_table("entities")
