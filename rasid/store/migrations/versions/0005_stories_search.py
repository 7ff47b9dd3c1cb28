"""Article profiles (story and copy matching), stories, a key-value state, and the search index.

Revision ID: 0005_stories_search
Revises: 0004_events
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_stories_search"
down_revision = "0004_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_profiles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("time", sa.DateTime, nullable=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("story_id", sa.String(32), nullable=True),
        sa.Column("story_score", sa.Float, nullable=True),
        sa.Column("copy_of", sa.String(32), nullable=True),
        sa.Column("copy_similarity", sa.Float, nullable=True),
    )
    op.create_index("ix_article_profiles_time", "article_profiles", ["time"])
    op.create_index("ix_article_profiles_story_id", "article_profiles", ["story_id"])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("headline", sa.Text, nullable=True),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("first_seen", sa.DateTime, nullable=True),
        sa.Column("last_seen", sa.DateTime, nullable=True),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
    )
    op.create_index("ix_stories_last_seen", "stories", ["last_seen"])
    op.create_table(
        "state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Terms are analysed by rasid.search.analyzer before they get here;
        # FTS5 only splits them at spaces and ranks with BM25.
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 0')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_index")
    op.drop_table("state")
    op.drop_index("ix_stories_last_seen", "stories")
    op.drop_table("stories")
    op.drop_index("ix_article_profiles_story_id", "article_profiles")
    op.drop_index("ix_article_profiles_time", "article_profiles")
    op.drop_table("article_profiles")
