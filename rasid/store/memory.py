"""In-memory twin of the SQL store, for tests and one-off analysis."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rasid.errors import ArticleNotFound, StoreError
from rasid.kb.index import match_key
from rasid.model import Document, Entity, Event, Quote
from rasid.store.base import (
    MIN_ID_PREFIX,
    EntityCount,
    EventHit,
    PutResult,
    QuoteHit,
    StoredArticle,
    StoreStats,
    plan_put,
    scope_of,
    utc_naive,
)

if TYPE_CHECKING:
    from rasid.store.stories import IndexEntry

__all__ = ["MemoryStore"]


class MemoryStore:
    """Keeps `StoredArticle`s in dictionaries, by id, by content hash and by external id."""

    def __init__(self) -> None:
        self._articles: dict[str, StoredArticle] = {}
        self._by_hash: dict[str, str] = {}
        self._aliases: dict[tuple[str, str], str] = {}
        self._owners: dict[str, tuple[str, str | None]] = {}

    def close(self) -> None:
        pass

    def put(
        self, documents: Sequence[Document], prepared: Sequence[IndexEntry | None] = ()
    ) -> list[PutResult]:
        """`prepared` is for stores that index; this one keeps no index and ignores it."""
        return [self._put_one(document) for document in documents]

    def _put_one(self, document: Document) -> PutResult:
        external_id = document.article.external_id
        scope = scope_of(document)
        key = (scope, external_id) if external_id is not None else None
        target = self._aliases.get(key) if key else None
        owned = target if target and self._owners.get(target) == key else None
        same_content = self._by_hash.get(document.id)
        result = plan_put(
            document,
            same_content=same_content,
            owned=owned,
            taken=document.id in self._articles,
            stored_stages=self._articles[same_content].document.done if same_content else None,
        )
        now = datetime.now(UTC).replace(tzinfo=None)
        if result.status == "added":
            self._articles[result.id] = StoredArticle(result.id, document, 1, now, now)
            self._owners[result.id] = (scope, external_id)
        elif result.status == "updated":
            previous = self._articles[result.id]
            del self._by_hash[previous.document.id]
            self._articles[result.id] = replace(
                previous, document=document, revision=previous.revision + 1, updated_at=now
            )
        if result.status != "unchanged":
            self._by_hash[document.id] = result.id
        if key and (target is None or (target != result.id and result.status == "added")):
            self._aliases[key] = result.id
        return result

    def get(self, key: str) -> StoredArticle:
        article_id: str | None = key if key in self._articles else None
        if article_id is None:
            targets = {v for (_, external_id), v in self._aliases.items() if external_id == key}
            if len(targets) > 1:
                raise StoreError(
                    f"the external id {key!r} belongs to {len(targets)} articles from different "
                    "sources; use the article id"
                )
            article_id = targets.pop() if targets else None
        if article_id is None:
            matches = []
            if len(key) >= MIN_ID_PREFIX:
                matches = [stored for stored in self._articles if stored.startswith(key)]
            if len(matches) > 1:
                raise StoreError(f"the id prefix {key!r} matches several articles; give more of it")
            if not matches:
                raise ArticleNotFound(key)
            article_id = matches[0]
        stored = self._articles[article_id]
        external_ids = tuple(sorted({k for (_, k), v in self._aliases.items() if v == article_id}))
        return replace(stored, external_ids=external_ids)

    def stats(self) -> StoreStats:
        documents = [stored.document for stored in self._articles.values()]
        published = [
            moment for d in documents if (moment := utc_naive(d.article.published)) is not None
        ]
        return StoreStats(
            articles=len(documents),
            sources=dict(Counter(d.article.source or "(unknown)" for d in documents)),
            removed_lines=dict(
                Counter(r.reason for d in documents for r in d.removed).most_common()
            ),
            repairs=sum(len(d.repairs) for d in documents),
            first_published=min(published, default=None),
            last_published=max(published, default=None),
        )

    def entity_counts(
        self, *, type: str | None = None, name: str | None = None, limit: int = 50
    ) -> list[EntityCount]:
        mentions: dict[str, list[tuple[str, Entity]]] = defaultdict(list)
        for article_id, stored in self._articles.items():
            for entity in stored.document.records(Entity):
                if type and entity.type != type:
                    continue
                if name and not (
                    entity.kb_id == name
                    or name.casefold() in entity.name_en.casefold()
                    or name in entity.text
                ):
                    continue
                mentions[entity.kb_id].append((article_id, entity))
        counts: list[EntityCount] = []
        for kb_id, found in mentions.items():
            first = min(entity.name_en for _, entity in found)
            kind = min(entity.type for _, entity in found)
            forms = Counter(entity.text for _, entity in found)
            text = max(forms.items(), key=lambda item: (item[1], item[0]))[0]
            articles = len({article_id for article_id, _ in found})
            counts.append(EntityCount(kb_id, first, kind, len(found), articles, text))
        counts.sort(key=lambda c: (-c.mentions, c.kb_id))
        return counts[:limit]

    def events(self, *, type: str | None = None) -> list[EventHit]:
        hits: list[tuple[datetime, EventHit]] = []
        for article_id, stored in self._articles.items():
            article = stored.document.article
            for event in stored.document.records(Event):
                if type and event.type != type:
                    continue
                hit = EventHit(article_id, article.external_id, stored.document.title,
                               article.published, article.source, article.url, event)  # fmt: skip
                hits.append((utc_naive(article.published) or datetime.max, hit))
        hits.sort(key=lambda item: (item[0], item[1].article_id, item[1].event.start))
        return [hit for _, hit in hits]

    def quotes(
        self, *, speaker: str | None = None, kb_ids: Sequence[str] = (), limit: int = 50
    ) -> list[QuoteHit]:
        key = match_key(speaker) if speaker else ""
        hits: list[tuple[datetime, str, QuoteHit]] = []
        for article_id, stored in self._articles.items():
            article = stored.document.article
            for quote in stored.document.records(Quote):
                matched = quote.speaker_kb_id in kb_ids or bool(
                    speaker
                    and (
                        quote.speaker_kb_id == speaker
                        or speaker.casefold() in (quote.speaker_en or "").casefold()
                        or key in match_key(quote.speaker)
                    )
                )
                if (speaker or kb_ids) and not matched:
                    continue
                published = utc_naive(article.published) or datetime.min
                hit = QuoteHit(
                    article_id,
                    stored.document.title,
                    article.published.isoformat() if article.published else None,
                    article.source,
                    quote,
                )
                hits.append((published, article_id, hit))
        hits.sort(key=lambda item: (item[1], item[2].quote.start))
        hits.sort(key=lambda item: item[0], reverse=True)  # stable: newest first, then by place
        return [hit for _, _, hit in hits[:limit]]
