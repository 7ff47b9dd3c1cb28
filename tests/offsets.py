"""One check that every record of a document points inside its text, shared by the hostile tests."""

from __future__ import annotations

from rasid.model import Document, Entity, Event, Quote, RemovedLine, Repair, TimeExpression

#: Pairs of fields that give a span in the clean text, on any record that has them.
CLEAN_SPANS = (
    ("start", "end"),
    ("content_start", "content_end"),
    ("trigger_start", "trigger_end"),
    ("speaker_start", "speaker_end"),
)


def assert_offsets_valid(document: Document) -> None:
    """Every span inside the clean text, every raw span and mapped offset inside the raw text,
    and every record's text equal to the span it names."""
    text, raw = document.text, document.article.raw_text
    for offset in range(len(text) + 1):
        assert 0 <= document.offsets.to_raw(offset) <= len(raw), offset
    for layer, records in document.layers.items():
        for record in records:
            for start_field, end_field in CLEAN_SPANS:
                start, end = getattr(record, start_field, None), getattr(record, end_field, None)
                if start is None or end is None:
                    continue
                assert 0 <= start <= end <= len(text), (layer, start_field, record)
                raw_start, raw_end = document.raw_span(start, end)
                assert 0 <= raw_start <= raw_end <= len(raw), (layer, start_field, record)
            if isinstance(record, RemovedLine | Repair):
                assert 0 <= record.raw_start <= record.raw_end <= len(raw), record
    for entity in document.records(Entity):
        assert text[entity.start : entity.end] == entity.text
    for expression in document.records(TimeExpression):
        assert text[expression.start : expression.end] == expression.text
    for quote in document.records(Quote):
        assert text[quote.content_start : quote.content_end] == quote.content
    for event in document.records(Event):
        assert text[event.start : event.end] == event.sentence
        assert text[event.trigger_start : event.trigger_end] == event.trigger
    for repair in document.repairs:
        assert text[repair.start : repair.end] == repair.fixed
        assert raw[repair.raw_start : repair.raw_end] == repair.raw
    for line in document.removed:
        assert raw[line.raw_start : line.raw_end] == line.text
