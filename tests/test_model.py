from __future__ import annotations

import dataclasses

import pytest

from rasid.model import (
    Article,
    Document,
    OffsetMap,
    OffsetMapBuilder,
    RemovedLine,
    Repair,
    content_id,
)


def test_content_id_ignores_tatweel_diacritics_and_spacing() -> None:
    assert content_id("قال الوزير إن  الخــناق يشتد") == content_id("قَالَ الوزير ان\nالخناق يشتد")


def test_content_id_differs_for_different_words() -> None:
    assert content_id("قصف على إدلب") != content_id("قصف على حلب")


def test_offset_map_points_every_clean_character_back_to_raw() -> None:
    raw = "الخـ.ـناق يشتد"
    builder = OffsetMapBuilder()
    builder.append("الخ", 0)
    builder.append("ناق يشتد", 6)
    text, offsets = builder.build()
    assert text == "الخناق يشتد"
    assert all(raw[offsets.to_raw(i)] == char for i, char in enumerate(text))
    assert offsets.raw_span(0, 6) == (0, 9)


def test_offset_map_round_trips_through_json() -> None:
    offsets = OffsetMap((0, 3, 10), (0, 6, 20))
    assert OffsetMap.from_json(offsets.to_json()) == offsets


def test_document_is_frozen() -> None:
    document = Document.from_article(Article(raw_text="نص"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.text = "آخر"  # type: ignore[misc]


def test_with_records_returns_a_new_document_with_typed_layers() -> None:
    document = Document.from_article(Article(raw_text="نص الخبر"))
    removed = RemovedLine(line=1, reason="counter", text="0", raw_start=0, raw_end=1)
    repair = Repair(raw="نـ.ـص", fixed="نص", start=0, end=2, raw_start=0, raw_end=5)
    updated = document.with_records(removed, repair)
    assert document.removed == ()
    assert updated.removed == (removed,)
    assert updated.repairs == (repair,)
    assert updated.layer("entities") == ()


def test_text_cannot_change_once_records_point_into_it() -> None:
    document = Document.from_article(Article(raw_text="نص")).with_records(
        Repair(raw="نـ.ـص", fixed="نص", start=0, end=2, raw_start=0, raw_end=5)
    )
    with pytest.raises(ValueError, match="cannot change"):
        document.with_text("آخر", OffsetMap(), title=None)


def test_metadata_given_by_the_user_overrides_the_reader() -> None:
    article = Article(raw_text="نص", source="قارئ")
    assert article.with_metadata(source="عنب بلدي").source == "عنب بلدي"
    assert article.with_metadata().source == "قارئ"
