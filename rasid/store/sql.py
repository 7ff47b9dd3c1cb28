"""The SQL store: SQLite by default (a file, WAL, nothing to start), PostgreSQL for teams."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from rasid.errors import ArticleNotFound, StoreError
from rasid.kb.index import match_key
from rasid.model import (
    Article,
    Document,
    Entity,
    Event,
    Quote,
    Record,
)
from rasid.readers.base import parse_datetime
from rasid.store.base import (
    MIN_ID_PREFIX,
    EntityCount,
    EventHit,
    PutResult,
    QuoteHit,
    StoredArticle,
    StoreStats,
    input_hash,
    plan_put,
    scope_of,
)
from rasid.store.reindex import IndexStatus, index_status, mark_current_if_empty
from rasid.store.rows import (
    RECORD_TABLES,
    article_row,
    document_from_row,
    record_from_row,
    record_row,
    stored_records,
)
from rasid.store.schema import (
    aliases,
    articles,
    entities,
    events,
    quotes,
    removed_lines,
    repairs,
)
from rasid.store.stories import IndexEntry, index_document, mark_changed_many
from rasid.store.views import StoreViews

__all__ = ["SqlStore", "database_url", "migrate"]


def database_url(url_or_path: str) -> str:
    """A SQLAlchemy URL for a URL or a plain file path.

    `postgresql://` (and libpq's `postgres://`) mean the psycopg 3 driver,
    the one rasid's `postgres` extra installs.
    """
    for scheme in ("postgresql://", "postgres://"):
        if url_or_path.startswith(scheme):
            return "postgresql+psycopg://" + url_or_path[len(scheme) :]
    if "://" in url_or_path:
        return url_or_path
    return f"sqlite:///{Path(url_or_path).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


#: Told (from revision, to revision) before an existing database is upgraded: some
#: migrations rework every stored article (0009: about a minute per 100,000).
OnUpgrade = Callable[[str, str], None]


def migrate(engine: Engine, on_upgrade: OnUpgrade | None = None) -> None:
    """Bring the database to the newest schema with the named migrations in `migrations/`."""
    config = Config()
    config.set_main_option("script_location", "rasid.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        current = MigrationContext.configure(connection).get_current_revision()
        script = ScriptDirectory.from_config(config)
        head = script.get_current_head()
        if current is not None and not _known_revision(script, current):
            # A newer rasid wrote it (a team's shared database, another analyst's
            # file): Alembic's own error is a traceback about a missing script.
            where = engine.url.render_as_string(hide_password=True)
            raise StoreError(
                f"{where}: the database has schema {current}, newer than this rasid knows"
                f" (up to {head}); upgrade rasid to open it"
            )
        if on_upgrade is not None and current is not None and head not in (None, current):
            on_upgrade(current, head)
        command.upgrade(config, "head")


def _known_revision(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(slots=True)
class _Known:
    """What the database already holds about one batch, looked up in a few queries."""

    by_hash: dict[str, str]
    by_alias: dict[tuple[str, str], str]
    owners: dict[str, tuple[str, str | None]]
    """Article id -> (source scope, external id) it was first stored under."""
    ids: set[str]
    stages: dict[str, tuple[str, ...]]
    """Article id -> the stages its stored analysis went through."""

    @classmethod
    def load(cls, connection: Connection, documents: Sequence[Document]) -> _Known:
        hashes = {document.id for document in documents}
        external_ids = {d.article.external_id for d in documents if d.article.external_id}
        by_hash = connection.execute(
            select(articles.c.content_hash, articles.c.id, articles.c.stages).where(
                articles.c.content_hash.in_(hashes)
            )
        ).all()
        by_alias = connection.execute(
            select(aliases.c.scope, aliases.c.external_id, aliases.c.article_id).where(
                aliases.c.external_id.in_(external_ids)
            )
        ).all()
        targets = {row.article_id for row in by_alias}
        owners = connection.execute(
            select(articles.c.id, articles.c.source, articles.c.external_id).where(
                articles.c.id.in_(targets)
            )
        ).all()
        ids = connection.scalars(select(articles.c.id).where(articles.c.id.in_(hashes))).all()
        return cls(
            {row.content_hash: row.id for row in by_hash},
            {(row.scope, row.external_id): row.article_id for row in by_alias},
            {row.id: (row.source or "", row.external_id) for row in owners},
            set(ids),
            {row.id: tuple(filter(None, row.stages.split(","))) for row in by_hash},
        )

    def owned(self, scope: str, external_id: str | None) -> str | None:
        """The article first stored under this scope and external id, if it still is."""
        if external_id is None:
            return None
        target = self.by_alias.get((scope, external_id))
        if target is not None and self.owners.get(target) == (scope, external_id):
            return target
        return None


@dataclass(slots=True)
class _Pending:
    """What one `put` writes once all its documents are planned: the records, a table
    at a time (one statement per table and batch, not per article: a third of the
    writer's time went to statements), and the times whose stories may change."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    changed: list[datetime | None] = field(default_factory=list)

    def add(self, article_id: str, document: Document) -> None:
        for table, kind in RECORD_TABLES:
            self.rows.setdefault(table.name, []).extend(
                record_row(article_id, record) for record in document.records(kind)
            )

    def forget(self, article_id: str) -> None:
        """Drop the records of an article revised again within the same batch."""
        for name, rows in self.rows.items():
            self.rows[name] = [row for row in rows if row["article_id"] != article_id]

    def write(self, connection: Connection) -> None:
        # Table by table in document order: the rows get the ids one at a time would.
        for table, _ in RECORD_TABLES:
            rows = self.rows.get(table.name)
            if rows:
                connection.execute(table.insert(), rows)
        mark_changed_many(connection, self.changed)


class SqlStore(StoreViews):
    """Documents in SQL tables; one writer at a time, any number of readers."""

    def __init__(self, url_or_path: str, *, on_upgrade: OnUpgrade | None = None) -> None:
        self.label = url_or_path
        """The path or URL the store was opened with, for messages."""
        self.url = database_url(url_or_path)
        try:
            url = make_url(self.url)
        except ArgumentError as error:
            raise StoreError(f"{url_or_path}: not a database path or URL: {error}") from None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            parent = Path(url.database).parent
            if not parent.is_dir():
                raise StoreError(f"{url.database}: the folder {parent} does not exist")
        try:
            self.engine = create_engine(url)
            if url.get_backend_name() == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            migrate(self.engine, on_upgrade)
            with self.engine.begin() as connection:
                mark_current_if_empty(connection)
        except SQLAlchemyError as error:
            raise StoreError(f"{url_or_path}: cannot open the database: {error}") from None
        except ImportError as error:
            raise StoreError(
                f"{url_or_path}: the database driver is not installed ({error.name}); "
                "install it into rasid's environment"
            ) from None

    def close(self) -> None:
        self.engine.dispose()

    # -- writing -----------------------------------------------------------

    def stored_as_read(self, batch: Sequence[Article], stages: Sequence[str]) -> list[bool]:
        """For each article, whether storing it again would change nothing, so that it
        need not be analysed: its source and external id point to a stored article
        with the same headline and raw text (`input_hash`), analysed by `stages`."""
        keys = {
            (article.source or "", article.external_id): input_hash(article)
            for article in batch
            if article.external_id is not None
        }
        if not keys:
            return [False] * len(batch)
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(aliases.c.scope, aliases.c.external_id, articles.c.input_hash)
                .join(articles, articles.c.id == aliases.c.article_id)
                .where(
                    aliases.c.external_id.in_({external for _, external in keys}),
                    articles.c.stages == ",".join(stages),
                )
            )
            stored = {(row.scope, row.external_id): row.input_hash for row in rows}
        return [
            article.external_id is not None
            and stored.get((article.source or "", article.external_id))
            == keys[(article.source or "", article.external_id)]
            for article in batch
        ]

    def put(
        self, documents: Sequence[Document], prepared: Sequence[IndexEntry | None] = ()
    ) -> list[PutResult]:
        entries = list(prepared) or [None] * len(documents)
        if len(entries) != len(documents):
            raise ValueError(f"{len(entries)} index entries for {len(documents)} documents")
        try:
            with self.engine.begin() as connection:
                known = _Known.load(connection, documents)
                pending = _Pending()
                results = [
                    self._put_one(connection, document, known, pending, entry)
                    for document, entry in zip(documents, entries, strict=True)
                ]
                pending.write(connection)
                return results
        except SQLAlchemyError as error:
            raise StoreError(f"cannot write to {self.url}: {error}") from None

    def _put_one(
        self,
        connection: Connection,
        document: Document,
        known: _Known,
        pending: _Pending,
        entry: IndexEntry | None,
    ) -> PutResult:
        external_id = document.article.external_id
        scope = scope_of(document)
        same_content = known.by_hash.get(document.id)
        result = plan_put(
            document,
            same_content=same_content,
            owned=known.owned(scope, external_id),
            taken=document.id in known.ids,
            stored_stages=known.stages.get(same_content) if same_content else None,
        )
        now = _now()
        if result.status == "added":
            connection.execute(
                articles.insert().values(
                    id=result.id,
                    revision=1,
                    ingested_at=now,
                    updated_at=now,
                    **article_row(document),
                )
            )
            known.ids.add(result.id)
            known.owners[result.id] = (scope, external_id)
        elif result.status == "updated":
            connection.execute(
                articles.update()
                .where(articles.c.id == result.id)
                .values(revision=articles.c.revision + 1, updated_at=now, **article_row(document))
            )
            for table, _ in RECORD_TABLES:
                connection.execute(table.delete().where(table.c.article_id == result.id))
            pending.forget(result.id)
            for stale in [h for h, i in known.by_hash.items() if i == result.id]:
                del known.by_hash[stale]
        if result.status != "unchanged":
            pending.add(result.id, document)
            pending.changed += index_document(
                connection,
                result.id,
                document,
                replacing=result.status == "updated",
                prepared=entry,
            )
            known.by_hash[document.id] = result.id
            known.stages[result.id] = document.done
        if external_id is not None:
            self._point_alias(connection, known, (scope, external_id), result)
        return result

    @staticmethod
    def _point_alias(
        connection: Connection, known: _Known, key: tuple[str, str], result: PutResult
    ) -> None:
        """Remember the external id; a new article takes it over from a copy it pointed at."""
        scope, external_id = key
        current = known.by_alias.get(key)
        if current is None:
            connection.execute(
                aliases.insert().values(scope=scope, external_id=external_id, article_id=result.id)
            )
        elif current != result.id and result.status == "added":
            connection.execute(
                aliases.update()
                .where(aliases.c.scope == scope, aliases.c.external_id == external_id)
                .values(article_id=result.id)
            )
        else:
            return
        known.by_alias[key] = result.id

    # -- reading -----------------------------------------------------------

    def _resolve(self, connection: Connection, key: str) -> str:
        if connection.scalar(select(articles.c.id).where(articles.c.id == key)) is not None:
            return key
        targets = set(
            connection.scalars(select(aliases.c.article_id).where(aliases.c.external_id == key))
        )
        if len(targets) > 1:
            raise StoreError(
                f"the external id {key!r} belongs to {len(targets)} articles from different "
                "sources; use the article id"
            )
        if targets:
            return str(targets.pop())
        if len(key) >= MIN_ID_PREFIX:
            matches = connection.scalars(
                select(articles.c.id).where(articles.c.id.startswith(key, autoescape=True)).limit(2)
            ).all()
            if len(matches) == 1:
                return str(matches[0])
            if len(matches) > 1:
                raise StoreError(f"the id prefix {key!r} matches several articles; give more of it")
        raise ArticleNotFound(key)

    def get(self, key: str) -> StoredArticle:
        with self.engine.connect() as connection:
            article_id = self._resolve(connection, key)
            row = (
                connection.execute(select(articles).where(articles.c.id == article_id))
                .mappings()
                .one()
            )
            records: list[Record] = []
            for table, kind in RECORD_TABLES:
                records += stored_records(connection, table, kind, article_id)
            external_ids = connection.scalars(
                select(aliases.c.external_id)
                .where(aliases.c.article_id == article_id)
                .order_by(aliases.c.external_id)
            ).all()
        return StoredArticle(
            id=article_id,
            document=document_from_row(row, records),
            revision=row["revision"],
            ingested_at=row["ingested_at"],
            updated_at=row["updated_at"],
            external_ids=tuple(external_ids),
        )

    def documents_for_index(self, ids: Sequence[str]) -> list[tuple[str, Document]]:
        """The stored articles `ids` as far as indexing reads them (text, headline,
        metadata, entities and events), a few queries for the lot: `get` reads every
        record table of one article, most of a reindex's time."""
        wanted = (Entity, Event)
        with self.engine.connect() as connection:
            rows = connection.execute(select(articles).where(articles.c.id.in_(ids))).mappings()
            by_id = {row["id"]: row for row in rows}
            records: dict[str, list[Record]] = {}
            for table, kind in RECORD_TABLES:
                if kind not in wanted:
                    continue
                found = connection.execute(
                    select(table).where(table.c.article_id.in_(ids)).order_by(table.c.id)
                ).mappings()
                for row in found:
                    records.setdefault(row["article_id"], []).append(record_from_row(kind, row))
        return [
            (article_id, document_from_row(by_id[article_id], records.get(article_id, [])))
            for article_id in ids
            if article_id in by_id
        ]

    def index_status(self) -> IndexStatus:
        """Whether this rasid's analyser made the stored search terms (rasid.store.reindex)."""
        with self.engine.connect() as connection:
            return index_status(connection)

    def stats(self) -> StoreStats:
        with self.engine.connect() as connection:
            count = connection.scalar(select(func.count()).select_from(articles)) or 0
            sources = connection.execute(
                select(articles.c.source, func.count()).group_by(articles.c.source)
            ).all()
            reasons = connection.execute(
                select(removed_lines.c.reason, func.count()).group_by(removed_lines.c.reason)
            ).all()
            repair_count = connection.scalar(select(func.count()).select_from(repairs)) or 0
            first, last = connection.execute(
                select(func.min(articles.c.published_utc), func.max(articles.c.published_utc))
            ).one()
            index = index_status(connection)
        return StoreStats(
            articles=count,
            sources={source or "(unknown)": n for source, n in sources},
            removed_lines=dict(sorted(((reason, n) for reason, n in reasons), key=lambda x: -x[1])),
            repairs=repair_count,
            first_published=first,
            last_published=last,
            index=index,
        )

    def entity_counts(
        self, *, type: str | None = None, name: str | None = None, limit: int = 50
    ) -> list[EntityCount]:
        """Entities by number of mentions, most mentioned first."""
        query = select(
            entities.c.kb_id,
            func.min(entities.c.name_en).label("name_en"),
            func.min(entities.c.type).label("type"),
            func.count().label("mentions"),
            func.count(func.distinct(entities.c.article_id)).label("articles"),
        ).group_by(entities.c.kb_id)
        if type:
            query = query.where(entities.c.type == type)
        if name:
            pattern = f"%{name}%"
            query = query.where(
                entities.c.name_en.ilike(pattern) | entities.c.text.like(pattern)
                | (entities.c.kb_id == name)
            )  # fmt: skip
        query = query.order_by(func.count().desc(), entities.c.kb_id).limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
            forms = _commonest_forms(connection, [row.kb_id for row in rows])
        return [
            EntityCount(row.kb_id, row.name_en, row.type, row.mentions, row.articles,
                        forms.get(row.kb_id, ""))
            for row in rows
        ]  # fmt: skip

    def events(
        self, *, type: str | None = None, article_ids: Sequence[str] | None = None
    ) -> list[EventHit]:
        with self.engine.connect() as connection:
            return _event_hits(connection, type, article_ids)

    def quotes(
        self,
        *,
        speaker: str | None = None,
        kb_ids: Sequence[str] = (),
        article_ids: Sequence[str] | None = None,
        limit: int = 50,
    ) -> list[QuoteHit]:
        names = {item.name for item in fields(Quote)}
        query = select(quotes, articles.c.title, articles.c.published, articles.c.source).join(
            articles, articles.c.id == quotes.c.article_id
        )
        if speaker or kb_ids:
            query = query.where(
                quotes.c.speaker_kb_id.in_([*kb_ids, speaker or ""])
                | quotes.c.speaker_en.ilike(f"%{speaker}%")
                | quotes.c.speaker_key.contains(match_key(speaker or ""), autoescape=True)
                if speaker
                else quotes.c.speaker_kb_id.in_(kb_ids)
            )
        if article_ids is not None:
            query = query.where(quotes.c.article_id.in_(list(article_ids)))
        query = query.order_by(
            articles.c.published_utc.desc().nulls_last(), quotes.c.article_id, quotes.c.start
        ).limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            QuoteHit(
                article_id=row["article_id"],
                title=row["title"],
                published=row["published"],
                source=row["source"],
                quote=Quote(**{k: v for k, v in row.items() if k in names}),
            )
            for row in rows
        ]


def _event_hits(
    connection: Connection, type: str | None, article_ids: Sequence[str] | None = None
) -> list[EventHit]:
    query = select(
        events,
        articles.c.external_id,
        articles.c.title,
        articles.c.published,
        articles.c.source,
        articles.c.url,
    ).join(articles, articles.c.id == events.c.article_id)
    if type:
        query = query.where(events.c.type == type)
    if article_ids is not None:
        query = query.where(events.c.article_id.in_(list(article_ids)))
    query = query.order_by(
        articles.c.published_utc.asc().nulls_last(), events.c.article_id, events.c.start
    )
    hits = []
    for row in connection.execute(query).mappings():
        published = parse_datetime(row["published"]) if row["published"] else None
        hits.append(
            EventHit(row["article_id"], row["external_id"], row["title"], published,
                     row["source"], row["url"], record_from_row(Event, row))
        )  # fmt: skip
    return hits


def _commonest_forms(connection: Connection, kb_ids: Sequence[str]) -> dict[str, str]:
    rows = connection.execute(
        select(entities.c.kb_id, entities.c.text, func.count().label("n"))
        .where(entities.c.kb_id.in_(kb_ids))
        .group_by(entities.c.kb_id, entities.c.text)
    ).all()
    best: dict[str, tuple[int, str]] = {}
    for row in rows:
        if row.kb_id not in best or (row.n, row.text) > best[row.kb_id]:
            best[row.kb_id] = (row.n, row.text)
    return {kb_id: text for kb_id, (_, text) in best.items()}
