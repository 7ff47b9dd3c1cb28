"""Articles with their clean text, removed lines, repairs and external-id aliases.

Revision ID: 0001_articles
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_articles"
down_revision = None
branch_labels = None
depends_on = None


def _article_fk() -> sa.Column[str]:
    return sa.Column(
        "article_id",
        sa.String(32),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("content_hash", sa.String(32), nullable=False),
        sa.Column("external_id", sa.Text, nullable=True),
        sa.Column("source", sa.Text, nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("published", sa.String(40), nullable=True),
        sa.Column("published_utc", sa.DateTime, nullable=True),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("author", sa.Text, nullable=True),
        sa.Column("origin", sa.Text, nullable=True),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("offsets", sa.Text, nullable=False),
        sa.Column("stages", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"], unique=True)
    op.create_index("ix_articles_published_utc", "articles", ["published_utc"])
    op.create_table(
        "aliases",
        sa.Column("external_id", sa.Text, primary_key=True),
        sa.Column("scope", sa.Text, primary_key=True),
        _article_fk(),
    )
    op.create_index("ix_aliases_article_id", "aliases", ["article_id"])
    op.create_table(
        "removed_lines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_fk(),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("raw_start", sa.Integer, nullable=False),
        sa.Column("raw_end", sa.Integer, nullable=False),
    )
    op.create_index("ix_removed_lines_article_id", "removed_lines", ["article_id"])
    op.create_table(
        "repairs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_fk(),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("fixed", sa.Text, nullable=False),
        sa.Column("raw_start", sa.Integer, nullable=False),
        sa.Column("raw_end", sa.Integer, nullable=False),
    )
    op.create_index("ix_repairs_article_id", "repairs", ["article_id"])


def downgrade() -> None:
    op.drop_table("repairs")
    op.drop_table("removed_lines")
    op.drop_table("aliases")
    op.drop_table("articles")
