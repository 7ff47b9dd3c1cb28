"""The data model: what a reader produces (`Article`) and what the pipeline builds (`Document`).

A `Document` is frozen. It holds the clean text and, per layer, a tuple of typed
records that point into that text by character offsets. Stages never mutate a
document; they return a new one with `with_text()` or `with_records()`.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

from rasid.text.normalize import normalize_for_matching

__all__ = [
    "Article",
    "Document",
    "Entity",
    "Event",
    "OffsetMap",
    "Participant",
    "Quote",
    "Record",
    "RemovedLine",
    "Repair",
    "TimeExpression",
    "content_id",
]


def content_id(text: str) -> str:
    """Stable article id: a hash of the matching-normalised content, whitespace ignored.

    Two scrapes of the same article that differ only in tatweel, diacritics,
    hamza spelling or spacing get the same id.
    """
    folded = "".join(normalize_for_matching(text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One article as a reader produced it, before any analysis.

    `raw_text` is the text the pipeline starts from; for sources that give the
    title apart from the body (HTML, JSON lines) the reader puts the title on
    the first line so that every offset refers to one string.
    """

    raw_text: str
    external_id: str | None = None
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    title: str | None = None
    author: str | None = None
    origin: str | None = None
    """Where the article was read from (a path, with `:line` for JSON lines)."""
    id: str = field(init=False, compare=False)
    """Stable id: `content_id(raw_text)`, computed once."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", content_id(self.raw_text))

    def with_metadata(
        self, *, source: str | None = None, published: datetime | None = None
    ) -> Article:
        """Return a copy with the given metadata overriding what the reader inferred."""
        changes: dict[str, Any] = {}
        if source is not None:
            changes["source"] = source
        if published is not None:
            changes["published"] = published
        return replace(self, **changes) if changes else self


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in the clean text back to offsets in the raw text.

    Stored as runs: clean text from `clean_starts[k]` on was copied from raw
    text starting at `raw_starts[k]`, one character for one, until the next
    run. A repair that drops characters ("الخـ.ـناق" -> "الخناق") simply starts
    a new run, so the map stays exact without one entry per character.
    """

    clean_starts: tuple[int, ...] = (0,)
    raw_starts: tuple[int, ...] = (0,)

    @classmethod
    def identity(cls) -> OffsetMap:
        return cls()

    def to_raw(self, offset: int) -> int:
        """Raw offset of the clean character at `offset` (or of the end, for `len(text)`)."""
        run = bisect.bisect_right(self.clean_starts, offset) - 1
        run = max(run, 0)
        return self.raw_starts[run] + (offset - self.clean_starts[run])

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw `(start, end)` covering the clean span `[start, end)`, repairs included."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1

    def to_json(self) -> list[list[int]]:
        return [list(self.clean_starts), list(self.raw_starts)]

    @classmethod
    def from_json(cls, value: list[list[int]]) -> OffsetMap:
        clean, raw = value
        return cls(tuple(clean), tuple(raw))


class OffsetMapBuilder:
    """Accumulates clean text piece by piece, remembering where each piece came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._clean_starts: list[int] = []
        self._raw_starts: list[int] = []
        self._length = 0
        self._next_raw: int | None = None

    def __len__(self) -> int:
        return self._length

    def append(self, piece: str, raw_start: int) -> None:
        """Append `piece`, copied one for one from raw text at `raw_start`."""
        if not piece:
            return
        if raw_start != self._next_raw:
            self._clean_starts.append(self._length)
            self._raw_starts.append(raw_start)
        self._parts.append(piece)
        self._length += len(piece)
        self._next_raw = raw_start + len(piece)

    def build(self) -> tuple[str, OffsetMap]:
        if not self._clean_starts:
            return "", OffsetMap()
        return "".join(self._parts), OffsetMap(tuple(self._clean_starts), tuple(self._raw_starts))


@dataclass(frozen=True, slots=True)
class Record:
    """Base of every typed record a stage adds; `layer` names the tuple it lives in."""

    layer: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


@dataclass(frozen=True, slots=True)
class RemovedLine(Record):
    """A line of the raw input dropped as web residue, with the reason it was dropped."""

    layer: ClassVar[str] = "removed"
    line: int
    """1-based line number in the raw input."""
    reason: str
    text: str
    raw_start: int
    raw_end: int


@dataclass(frozen=True, slots=True)
class Repair(Record):
    """A word broken to slip past moderation ("نـ.ـزوح") and its repaired form ("نزوح")."""

    layer: ClassVar[str] = "repairs"
    raw: str
    fixed: str
    start: int
    """Offset of the repaired word in the clean text."""
    end: int
    raw_start: int
    raw_end: int


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A mention of a person, organisation, place or other name, linked where possible.

    `kb_id` names a knowledge-base record, or for a name the knowledge base
    lacks a stable `new:` id derived from its type and normalised form, so
    that the same unknown name gets the same id in every article.
    """

    layer: ClassVar[str] = "entities"
    text: str
    start: int
    end: int
    type: str
    """PERS, ORG, LOC or MISC."""
    kb_id: str
    name_en: str
    description_en: str = ""
    lat: float | None = None
    lon: float | None = None
    kind: str = ""
    """The record's finer class (person, city, media ...); "" for new names."""
    country: str | None = None
    link: str = ""
    """How the mention was linked: exact, sound, fuzzy, demonym, coreference, new."""


@dataclass(frozen=True, slots=True)
class Quote(Record):
    """Something a source said, directly ("...") or reported (قال إن ...), and who said it.

    `start`/`end` span the whole attribution in the clean text (speaker, cue
    and content); `content_start`/`content_end` the words said.
    """

    layer: ClassVar[str] = "quotes"
    speaker: str
    """The speaker as written where the statement is attributed ("مصادر تركية مطلعة")."""
    speaker_en: str | None
    speaker_kb_id: str | None
    anonymous: bool
    """An unnamed source: "مصادر مطلعة", "مسؤول تركي", "وسائل إعلامية"."""
    cue: str
    """The reporting verb or phrase as written ("وأضافت", "نقلاً عن", "بحسب")."""
    content: str
    direct: bool
    """Inside quotation marks, as opposed to reported speech."""
    start: int
    end: int
    content_start: int
    content_end: int
    via: str | None = None
    """The outlet or channel it came through ("قناة العربية"), as written."""
    via_en: str | None = None
    via_kb_id: str | None = None
    speaker_start: int | None = None
    """Where the speaker is named; for a continuation ("وأضافت"), the earlier mention."""
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class TimeExpression(Record):
    """A date or time expression with its normalised TIMEX3-style value.

    `value` is `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYY-Www`, a duration (`P3D`),
    `PAST_REF` / `PRESENT_REF` / `FUTURE_REF`, or, when the publication date is
    unknown, a value relative to it (`DCT-1D`; see docs/dates.md).
    """

    layer: ClassVar[str] = "dates"
    text: str
    start: int
    end: int
    value: str
    mod: str | None = None
    """Part of the period meant: early, mid or late ("مطلع", "منتصف", "أواخر")."""


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor or target of an event: a linked entity, or a collective named as written."""

    name_en: str
    kb_id: str | None
    text: str
    """As written in the sentence ("القوات التركية", "الجماعات المسلحة")."""
    role: str | None = None
    """What of it acts, when the text says: "armed forces", "government"."""


@dataclass(frozen=True, slots=True)
class Event(Record):
    """Who did what to whom, where and when: one PLOVER-typed event in a sentence."""

    layer: ClassVar[str] = "events"
    type: str
    """PLOVER event type: ASSAULT, COOPERATE, AGREE, MOBILIZE ..."""
    mode: str | None
    """PLOVER mode where the text says: shelling, aerial, military ..."""
    trigger: str
    actors: tuple[Participant, ...]
    targets: tuple[Participant, ...]
    location: str | None
    """English name of the place, or None."""
    location_text: str | None
    location_kb_id: str | None
    lat: float | None
    lon: float | None
    date: str | None
    """TIMEX3-style value (as the date stage gives it), or the publication date."""
    date_defaulted: bool
    """True when no date was said and `date` is the publication date (or None)."""
    modality: str
    """asserted, negated, planned, suspended, resumed or reported."""
    source: str | None
    """Who reported it: the speaker of the quote it is in, English where linked."""
    sentence: str
    start: int
    end: int
    trigger_start: int
    trigger_end: int

    def to_dict(self) -> dict[str, Any]:
        view = {item.name: getattr(self, item.name) for item in fields(self)}
        view["actors"] = [asdict(p) for p in self.actors]
        view["targets"] = [asdict(p) for p in self.targets]
        return view


R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class Document:
    """The clean text of one article and every typed record the stages added.

    `title` is the detected headline; when there is one it is also the first
    line of `text`, so that records found in the headline point into `text`.
    """

    article: Article
    text: str
    title: str | None = None
    offsets: OffsetMap = field(default_factory=OffsetMap.identity)
    layers: Mapping[str, tuple[Record, ...]] = field(default_factory=lambda: MappingProxyType({}))
    done: tuple[str, ...] = ()
    """Names of the stages that produced this document, in order."""
    content_hash: str = ""
    """`content_id` of the clean text, set when the text is; the document's id."""

    @classmethod
    def from_article(cls, article: Article) -> Document:
        return cls(article=article, text=article.raw_text, title=article.title)

    @property
    def id(self) -> str:
        """Hash of the clean text once there is one, so residue (a view counter) never
        makes the same article two; before cleaning, the raw text's."""
        return self.content_hash or self.article.id

    def records(self, kind: type[R]) -> tuple[R, ...]:
        """The records of one type, in the order the stage added them."""
        found = self.layers.get(kind.layer, ())
        return tuple(record for record in found if isinstance(record, kind))

    @property
    def removed(self) -> tuple[RemovedLine, ...]:
        return self.records(RemovedLine)

    @property
    def repairs(self) -> tuple[Repair, ...]:
        return self.records(Repair)

    def layer(self, name: str) -> tuple[Record, ...]:
        return self.layers.get(name, ())

    def with_text(self, text: str, offsets: OffsetMap, *, title: str | None) -> Document:
        """Return a copy with new clean text; only allowed before any record points into it."""
        if any(self.layers.values()):
            raise ValueError("the text of a document cannot change once records point into it")
        return replace(self, text=text, offsets=offsets, title=title, content_hash=content_id(text))

    def with_article(self, article: Article) -> Document:
        """Return a copy whose article metadata is `article` (the same raw text)."""
        if article.raw_text != self.article.raw_text:
            raise ValueError("with_article changes metadata only, never the raw text")
        return replace(self, article=article)

    def with_records(self, *records: Record) -> Document:
        """Return a copy with `records` appended to their layers."""
        grouped: dict[str, list[Record]] = {}
        for record in records:
            grouped.setdefault(record.layer, []).append(record)
        merged = dict(self.layers)
        for name, added in grouped.items():
            merged[name] = (*merged.get(name, ()), *added)
        return replace(self, layers=MappingProxyType(merged))

    def marked_done(self, stage: str) -> Document:
        return replace(self, done=(*self.done, stage))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle the layers as a plain dict (a read-only view cannot be pickled), so a
        document can come back from another process (rasid.dask_ingest)."""
        return _document, (
            self.article, self.text, self.title, self.offsets, dict(self.layers), self.done,
            self.content_hash,
        )  # fmt: skip

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.raw_span(start, end)


def _document(
    article: Article,
    text: str,
    title: str | None,
    offsets: OffsetMap,
    layers: dict[str, tuple[Record, ...]],
    done: tuple[str, ...],
    content_hash: str,
) -> Document:
    return Document(
        article, text, title, offsets, MappingProxyType(layers), done, content_hash
    )  # fmt: skip
