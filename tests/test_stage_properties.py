"""The quote and event stages never raise on arbitrary text and keep their offsets valid."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import rasid
from rasid.events import find_events
from rasid.model import Event, Quote
from rasid.quotes import find_quotes

# Words the stages react to, mixed with punctuation, quote marks and noise.
_VOCABULARY = (
    "قال إن أن وأضاف وأضافت مشيرا بحسب نقلا عن قوله مصادر تركية وزير الخارجية روسيا تركيا"
    " إدلب قصفت قوات النظام الدوريات المشتركة علقت اتفاق الموقع بين و في على أمس : ، . « »"
    ' " “ ” - 2020 ــ'
)
WORDS = _VOCABULARY.split()
ARABICISH = st.lists(st.sampled_from(WORDS) | st.text(max_size=4), max_size=60).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(ARABICISH)
def test_quote_finder_never_raises_and_spans_hold(text: str) -> None:
    for quote in find_quotes(text, []):
        assert text[quote.content_start : quote.content_end] == quote.content
        assert 0 <= quote.start <= quote.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(ARABICISH)
def test_event_finder_never_raises_and_spans_hold(text: str) -> None:
    for event in find_events(text, []):
        assert text[event.trigger_start : event.trigger_end] == event.trigger
        assert text[event.start : event.end] == event.sentence


@settings(max_examples=25, deadline=None)
@given(ARABICISH)
def test_the_whole_pipeline_keeps_every_offset_valid(text: str) -> None:
    document = rasid.analyze("عنوان\n" + text)
    for quote in document.records(Quote):
        assert document.text[quote.content_start : quote.content_end] == quote.content
    for event in document.records(Event):
        assert document.text[event.start : event.end] == event.sentence
