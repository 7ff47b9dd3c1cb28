"""Properties the clean stage keeps for any input, checked on generated text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import rasid

# Letters, tatweel, the characters obfuscators insert, bidi and zero-width
# marks, digits, punctuation, spaces and line breaks of every kind.
_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويأإةى"
_MARKS = "ـ.·*-:؟«»07٣"
_INVISIBLE = "\u200b\u200c\u200f\u202b\ufeff\u00a0"
ALPHABET = st.sampled_from(
    [*_LETTERS, *_MARKS, *_INVISIBLE, " ", " ", " ", "\n", "\n", "\r\n", "\u2028"]
)
TEXT = st.lists(ALPHABET, max_size=400).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_every_clean_character_is_copied_from_the_raw_text(raw: str) -> None:
    """Paragraph breaks map to the line break that ended the raw line, whatever its kind."""
    document = rasid.analyze(raw)
    source = document.article.raw_text
    for offset, char in enumerate(document.text):
        found = source[document.offsets.to_raw(offset)]
        assert found == char or (char == "\n" and found in "\r\u2028")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_repairs_and_removed_lines_point_at_what_they_name(raw: str) -> None:
    document = rasid.analyze(raw)
    source = document.article.raw_text
    for repair in document.repairs:
        assert document.text[repair.start : repair.end] == repair.fixed
        assert source[repair.raw_start : repair.raw_end] == repair.raw
        assert "ـ" not in repair.fixed
    for line in document.removed:
        assert source[line.raw_start : line.raw_end] == line.text


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_cleaning_is_deterministic_and_keeps_no_invisible_marks(raw: str) -> None:
    first, second = rasid.analyze(raw), rasid.analyze(raw)
    assert first == second
    assert not any(mark in first.text for mark in "\u200b\u200c\u200f\u202b\ufeff")
