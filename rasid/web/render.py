"""An article's clean text as HTML, with its entities, quotes, dates and repairs marked.

The text is cut at every record boundary and every line break; each piece
becomes a span carrying the classes of the records covering it and a
tooltip (`data-tip`) with their English glosses. Every piece of article
text goes through `markupsafe.escape`: article text is untrusted, and a
`<script>` in it must show as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import quote as url_quote

from markupsafe import Markup, escape

from rasid.model import Document, Entity, Quote, Repair, TimeExpression

__all__ = ["EVENT_TYPES_AR", "annotated_html"]

#: Arabic names of the PLOVER event types, shown beside the English ones.
EVENT_TYPES_AR = {
    "AGREE": "اتفاق",
    "CONSULT": "تشاور",
    "SUPPORT": "تأييد",
    "CONCEDE": "تنازل",
    "COOPERATE": "تعاون",
    "AID": "مساعدة",
    "RETREAT": "انسحاب",
    "REQUEST": "مطالبة",
    "ACCUSE": "اتهام",
    "REJECT": "رفض",
    "THREATEN": "تهديد",
    "PROTEST": "احتجاج",
    "SANCTION": "عقوبات",
    "MOBILIZE": "حشد",
    "COERCE": "إكراه",
    "ASSAULT": "هجوم",
}


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    kind: str
    """entity, quote, date or repair."""
    css: str
    tip: str
    href: str | None = None


def _marks(document: Document) -> list[_Mark]:
    marks = []
    for entity in document.records(Entity):
        where = f" ({entity.lat:.2f}, {entity.lon:.2f})" if entity.lat is not None else ""
        about = f" — {entity.description_en}" if entity.description_en else ""
        marks.append(
            _Mark(
                entity.start,
                entity.end,
                "entity",
                f"ent ent-{entity.type}",
                f"{entity.name_en} · {entity.type}{where}{about}",
                f"/entities/{url_quote(entity.kb_id, safe=':')}",
            )
        )
    for quote in document.records(Quote):
        speaker = quote.speaker_en or quote.speaker
        via = f", via {quote.via_en or quote.via}" if quote.via else ""
        kind = "direct quote" if quote.direct else "reported speech"
        marks.append(
            _Mark(
                quote.content_start,
                quote.content_end,
                "quote",
                "quote" + (" direct" if quote.direct else ""),
                f"{kind}: {speaker}{via}",
            )
        )
    for time in document.records(TimeExpression):
        part = f" ({time.mod})" if time.mod else ""
        marks.append(_Mark(time.start, time.end, "date", "date", f"date: {time.value}{part}"))
    for repair in document.records(Repair):
        marks.append(
            _Mark(repair.start, repair.end, "repair", "repaired", f"repaired from: {repair.raw}")
        )
    return [mark for mark in marks if 0 <= mark.start < mark.end <= len(document.text)]


def annotated_html(document: Document) -> Markup:
    """The clean text as paragraphs of escaped, marked-up pieces."""
    text = document.text
    marks = _marks(document)
    cuts = {0, len(text)}
    for mark in marks:
        cuts.update((mark.start, mark.end))
    cuts.update(i for i, char in enumerate(text) if char == "\n")
    cuts.update(i + 1 for i, char in enumerate(text) if char == "\n")
    points = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    paragraphs: list[list[str]] = [[]]
    for start, end in pairwise(points):
        piece = text[start:end]
        if piece == "\n":
            paragraphs.append([])
            continue
        covering = [m for m in marks if m.start <= start and end <= m.end]
        paragraphs[-1].append(_piece(piece, covering))
    body = "".join(
        f'<p dir="auto">{"".join(pieces)}</p>' for pieces in paragraphs if "".join(pieces).strip()
    )
    return Markup(body)


def _piece(piece: str, covering: list[_Mark]) -> str:
    escaped = str(escape(piece))
    if not covering:
        return escaped
    classes = " ".join(dict.fromkeys(mark.css for mark in covering))
    tip = escape(" | ".join(dict.fromkeys(mark.tip for mark in covering)))
    link = next((mark.href for mark in covering if mark.href), None)
    inner = f'<a href="{escape(link)}">{escaped}</a>' if link else escaped
    return f'<span class="{classes}" data-tip="{tip}" tabindex="0">{inner}</span>'
