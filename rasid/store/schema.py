"""The store's tables, one schema for SQLite and PostgreSQL (SQLAlchemy Core).

This module describes the schema as the code uses it now; each change to it
comes with a named migration in `migrations/versions/`, and a test checks
that migrating an empty database gives exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "SEARCH_TABLE",
    "aliases",
    "article_profiles",
    "articles",
    "dates",
    "entities",
    "events",
    "metadata",
    "quotes",
    "removed_lines",
    "repairs",
    "state",
    "stories",
]

#: The SQLite FTS5 table of analysed terms (rowid = article_profiles.id). A
#: virtual table is not something SQLAlchemy declares; migration 0005 makes it.
SEARCH_TABLE = "search_index"

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True, comment="stable id: content hash at first sight"),
    Column("content_hash", String(32), nullable=False, index=True, unique=True),
    Column("external_id", Text, nullable=True, comment="identifier it came with, first seen"),
    Column("source", Text, nullable=True),
    Column("url", Text, nullable=True),
    Column("published", String(40), nullable=True, comment="ISO 8601 as given, with offset"),
    Column("published_utc", DateTime, nullable=True, index=True),
    Column("title", Text, nullable=True),
    Column("author", Text, nullable=True),
    Column("origin", Text, nullable=True, comment="file (and line) it was read from"),
    Column("raw_text", Text, nullable=False),
    Column("text", Text, nullable=False, comment="clean text"),
    Column("offsets", Text, nullable=False, comment="JSON offset map, clean -> raw"),
    Column("stages", Text, nullable=False, comment="comma-separated stages that ran"),
    Column(
        "input_hash",
        String(32),
        nullable=True,
        comment="digest of the headline and raw text as read (migration 0010)",
    ),
    Column("revision", Integer, nullable=False, default=1),
    Column("ingested_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

aliases = Table(
    "aliases",
    metadata,
    Column("external_id", Text, primary_key=True),
    Column("scope", Text, primary_key=True, comment="the source the external id belongs to"),
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
)

removed_lines = Table(
    "removed_lines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("line", Integer, nullable=False),
    Column("reason", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("raw_start", Integer, nullable=False),
    Column("raw_end", Integer, nullable=False),
    Index("ix_removed_lines_article_id", "article_id"),
)

repairs = Table(
    "repairs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("raw", Text, nullable=False),
    Column("fixed", Text, nullable=False),
    Column("raw_start", Integer, nullable=False),
    Column("raw_end", Integer, nullable=False),
    Index("ix_repairs_article_id", "article_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(8), nullable=False),
    Column("kb_id", String(64), nullable=False),
    Column("name_en", Text, nullable=False),
    Column("description_en", Text, nullable=False),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("kind", String(32), nullable=False),
    Column("country", String(2), nullable=True),
    Column("link", String(16), nullable=False),
    Index("ix_entities_article_id", "article_id"),
    Index("ix_entities_kb_article", "kb_id", "article_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker", Text, nullable=False),
    Column("speaker_key", Text, nullable=False, comment="speaker in matching form, for search"),
    Column("speaker_en", Text, nullable=True),
    Column("speaker_kb_id", String(64), nullable=True),
    Column("anonymous", Boolean, nullable=False),
    Column("cue", Text, nullable=False),
    Column("content", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("via", Text, nullable=True),
    Column("via_en", Text, nullable=True),
    Column("via_kb_id", String(64), nullable=True),
    Column("speaker_start", Integer, nullable=True),
    Column("speaker_end", Integer, nullable=True),
    Index("ix_quotes_article_id", "article_id"),
    Index("ix_quotes_speaker_kb_id", "speaker_kb_id"),
)

dates = Table(
    "dates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(40), nullable=False),
    Column("mod", String(8), nullable=True),
    Index("ix_dates_article_id", "article_id"),
    Index("ix_dates_value", "value"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("mode", String(32), nullable=True),
    Column("trigger", Text, nullable=False),
    Column("actors", Text, nullable=False, comment="JSON list of {name_en, kb_id, text, role}"),
    Column("targets", Text, nullable=False, comment="JSON list of {name_en, kb_id, text, role}"),
    Column("location", Text, nullable=True),
    Column("location_text", Text, nullable=True),
    Column("location_kb_id", String(64), nullable=True),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("date", String(40), nullable=True),
    Column("date_defaulted", Boolean, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("source", Text, nullable=True),
    Column("sentence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Index("ix_events_article_id", "article_id"),
    Index("ix_events_type_article", "type", "article_id"),
    Index("ix_events_date", "date"),
)

article_profiles = Table(
    "article_profiles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True, comment="rowid in search_index"),
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("time", DateTime, nullable=True, comment="published, UTC"),
    Column("data", Text, nullable=False, comment="JSON: strongest terms, headline terms, kb_ids"),
    Column("signature", LargeBinary, nullable=False, comment="MinHash of word shingles"),
    Column("story_id", String(32), nullable=True),
    Column("story_score", Float, nullable=True),
    Column("copy_of", String(32), nullable=True, comment="the earlier article this copies"),
    Column("copy_similarity", Float, nullable=True),
    Index("ix_article_profiles_time", "time"),
    Index("ix_article_profiles_story_id", "story_id"),
    # What a filtered search reads of each match (migration 0008).
    Index("ix_article_profiles_search", "id", "time", "story_id", "article_id"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True, comment="id of the story's first article"),
    Column("headline", Text, nullable=True),
    Column("article_id", String(32), nullable=False, comment="the article the headline is from"),
    Column("first_seen", DateTime, nullable=True),
    Column("last_seen", DateTime, nullable=True),
    Column("articles", Integer, nullable=False),
    Column("sources", Text, nullable=False, comment="JSON: source -> articles"),
    Index("ix_stories_last_seen", "last_seen"),
)

state = Table(
    "state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
