"""The whole pipeline, in both tagger modes, never raises on any text and keeps every offset valid.

2,000 generated texts, drawn the same on every run (the derandomized profile
of conftest.py). Texts stay short: the point is the variety of characters
and shapes, and the long shapes are in tests/test_hostile.py.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.ingest import pipeline_for
from rasid.model import Article
from rasid.settings import Options
from tests.offsets import assert_offsets_valid

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآءؤئةى"
_DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
_DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۴"
_PUNCTUATION = ".,:;!?،؛؟«»\"'“”()[]-–—/*#…"
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2069\ufeff\u00ad\x00\x1b\x7f"
_BREAKS = ["\n", "\n", "\r\n", "\r", "\u2028", "\x0b", "\x85"]
_WORDS = [
    "قال",
    "إن",
    "أن",
    "وأضاف",
    "بحسب",
    "مصادر",
    "وزير",
    "الخارجية",
    "روسيا",
    "تركيا",
    "إدلب",
    "قصفت",
    "قوات",
    "اتفاق",
    "أمس",
    "يوم",
    "الأحد",
    "2020",
    "مارس",
]

CHARACTER = (
    st.sampled_from([*_LETTERS, *_DIACRITICS, "ـ", *_DIGITS, *_PUNCTUATION, *_INVISIBLE])
    | st.sampled_from([" ", " ", " ", "\t", "\u00a0", *_BREAKS])
    | st.characters(exclude_categories=("Cs",))  # any code point but half a surrogate pair
)
TEXT = st.lists(CHARACTER | st.sampled_from(_WORDS), max_size=40).map("".join)

PIPELINES = {mode: pipeline_for(Options(tagger=mode)) for mode in ("fast", "accurate")}


@settings(max_examples=2000)
@given(TEXT)
def test_the_pipeline_in_both_tagger_modes_never_raises_and_keeps_offsets_valid(
    text: str,
) -> None:
    article = Article(raw_text=text)
    for pipeline in PIPELINES.values():
        document = pipeline.run(article)
        assert_offsets_valid(document)
