"""The quote finder on sentences written for these tests."""

from __future__ import annotations

import pytest

import rasid
from rasid.model import Quote
from rasid.quotes import find_quotes
from rasid.store import Store


def _quotes(text: str) -> list[Quote]:
    document = rasid.analyze(text)
    found = list(document.records(Quote))
    for quote in found:
        assert document.text[quote.content_start : quote.content_end] == quote.content
    return found


def test_reported_speech_with_a_named_minister() -> None:
    [quote] = _quotes("خبر\nقال وزير الخارجية التركي مولود جاويش أوغلو إن بلاده لن تنسحب من إدلب.")
    assert quote.speaker_en == "Mevlüt Çavuşoğlu"
    assert quote.cue == "قال" and not quote.direct and not quote.anonymous
    assert quote.content == "بلاده لن تنسحب من إدلب"


def test_direct_quote_after_a_colon_keeps_what_is_inside_the_marks() -> None:
    [quote] = _quotes("خبر\nوقال المتحدث باسم الكرملين دميتري بيسكوف: «لا نرى أي بديل عن الحوار».")
    assert quote.direct and quote.content == "لا نرى أي بديل عن الحوار"
    assert quote.speaker_en == "Dmitry Peskov"


def test_continuation_carries_the_speaker_that_agrees_in_gender() -> None:
    text = (
        "خبر\nقالت مصادر محلية إن القصف استهدف السوق.\n"
        "وقال الناشط أحمد الخالد إن المدنيين نزحوا.\n"
        "وأضافت أن الطائرات عادت مساءً.\n"
        "وأضاف أن الطرقات مقطوعة."
    )
    first, second, third, fourth = _quotes(text)
    assert first.anonymous and first.speaker == "مصادر محلية"
    assert third.cue == "وأضافت" and third.speaker == "مصادر محلية"
    assert fourth.cue == "وأضاف" and fourth.speaker == second.speaker


def test_crediting_phrase_gives_the_sentence_to_its_source() -> None:
    [quote] = _quotes("خبر\nقتل خمسة مدنيين في قصف على أريحا، بحسب المرصد السوري لحقوق الإنسان.")
    assert quote.cue == "بحسب" and quote.speaker_en == "Syrian Observatory for Human Rights"
    assert quote.content == "قتل خمسة مدنيين في قصف على أريحا"


def test_relayed_statement_names_the_source_and_the_channel() -> None:
    [quote] = _quotes("خبر\nونقلت وكالة الأناضول عن مسؤول تركي قوله إن التعزيزات ستصل خلال أيام.")
    assert quote.anonymous and quote.speaker == "مسؤول تركي"
    assert quote.speaker_en == "an official (Turkey)"
    assert quote.via_en == "Anadolu Agency"
    assert quote.content == "التعزيزات ستصل خلال أيام"


def test_quotation_followed_by_its_cue() -> None:
    [quote] = _quotes("خبر\n«لن نعود قبل أن يتوقف القصف تماماً»، يقول أبو محمد، أحد النازحين.")
    assert quote.direct and quote.cue == "يقول" and quote.content.startswith("لن نعود")


def test_quoted_names_are_not_quotations() -> None:
    assert _quotes("خبر\nوصلت قوات “قسد” إلى منطقة “نبع السلام” صباح اليوم.") == []


def test_verb_without_anything_said_is_not_a_quote() -> None:
    assert _quotes("خبر\nأعلن الجيش التركي بدء مناورات عسكرية قرب الحدود.") == []


def test_finder_survives_odd_text() -> None:
    for text in ("", "قال", "قال إن", "“", "وأضافت أن", "بحسب", "قال: “", ":" * 50):
        assert isinstance(find_quotes(text, []), list)


@pytest.mark.parametrize("speaker", ["Peskov", "بيسكوف", "kb:dmitry-peskov"])
def test_store_lists_quotes_by_speaker(store: Store, speaker: str) -> None:
    document = rasid.analyze(
        "خبر\nوقال المتحدث باسم الكرملين دميتري بيسكوف: «لا نرى أي بديل عن الحوار».",
        external_id="k/1",
    )
    store.put([document])
    [hit] = store.quotes(speaker=speaker)
    assert hit.quote == document.records(Quote)[0]
    assert store.quotes(speaker="Lavrov") == []
