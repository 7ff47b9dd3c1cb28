"""The knowledge base: keys, tiers of lookup, the shipped file, and the curated sources."""

from __future__ import annotations

import gzip
import io
import math
from importlib.resources import files
from pathlib import Path

import pytest

from rasid.kb import KbRecord, KnowledgeBase, default_kb
from rasid.kb.build import build_to, common_words, load_curated
from rasid.kb.index import demonym_forms, match_key, sound_key
from rasid.kb.records import ENTITY_TYPES, read_records, write_records
from tests.conftest import SHARED, needs_shared


def _kb() -> KnowledgeBase:
    return KnowledgeBase(
        [
            KbRecord("kb:sergey-lavrov", "PERS", "person", "Sergey Lavrov",
                     ("سيرغي لافروف", "سيرجي لافروف", "لافروف"), "Foreign Minister of Russia", "RU"),
            KbRecord("geonames:173576", "LOC", "city", "Latakia", ("اللاذقية",), country="SY",
                     lat=35.53, lon=35.79, population=383_786),
            KbRecord("admin1:SY-LA", "LOC", "admin1", "Latakia", ("اللاذقية", "محافظة اللاذقية"),
                     country="SY"),
            KbRecord("country:RU", "LOC", "country", "Russia", ("روسيا",), country="RU",
                     demonyms_ar=("روسي",)),
        ]
    )  # fmt: skip


def test_match_key_folds_spelling_variants_and_punctuation() -> None:
    assert match_key("إدلبُ") == match_key("ادلب")
    assert match_key("طريق (M4)") == match_key("طريق M 4") == "طريق m 4"
    assert match_key("إم4") == match_key("إم 4")
    assert match_key("  حلب -  اللاذقية ") == "حلب اللاذقيه"


def test_sound_key_merges_the_misspellings_news_makes() -> None:
    assert sound_key("اللازقية") == sound_key("اللاذقية")
    assert sound_key("الثورة") == sound_key("التورة")
    assert sound_key("حلب") != sound_key("حمص")


def test_demonym_forms_cover_gender_number_and_article() -> None:
    forms = demonym_forms("روسي")
    assert {"روسي", "الروسي", "الروسيه", "الروسيين", "روسيون", "الروسيات", "الروسيتين"} <= forms


def test_lookup_tiers_exact_then_sound_then_fuzzy() -> None:
    kb = _kb()
    [exact] = kb.lookup("لافروف")
    assert (exact.record.name_en, exact.how) == ("Sergey Lavrov", "exact")
    sound = kb.lookup("اللازقية")
    assert sound[0].how == "sound" and sound[0].record.id == "geonames:173576"
    fuzzy = kb.lookup("سيرغي لافرورف")
    assert fuzzy[0].how == "fuzzy" and fuzzy[0].record.id == "kb:sergey-lavrov"
    assert kb.lookup("مانشستر") == []


def test_a_town_ranks_before_the_subdivision_of_the_same_name() -> None:
    ids = [candidate.record.id for candidate in _kb().lookup("اللاذقية")]
    assert ids == ["geonames:173576", "admin1:SY-LA"]


def test_search_understands_english_and_demonyms() -> None:
    kb = _kb()
    assert kb.search("lavrov")[0].record.id == "kb:sergey-lavrov"
    assert kb.search("الروسية")[0].record.id == "country:RU"


def test_records_round_trip_through_the_file_with_stable_bytes(
    tmp_path: pytest.TempPathFactory,
) -> None:
    records = list(_kb().records.values())
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"  # type: ignore[operator]
    write_records(records, first)
    write_records(reversed(records), second)
    assert first.read_bytes() == second.read_bytes()
    with first.open("rb") as stream:
        assert sorted(read_records(stream), key=lambda r: r.id) == sorted(
            records, key=lambda r: r.id
        )
    assert next(read_records(io.BytesIO(first.read_bytes()))).id == "admin1:SY-LA"


def test_the_shipped_kb_has_places_with_english_names_and_coordinates() -> None:
    kb = default_kb()
    latakia = kb.search("اللازقية")[0].record
    assert latakia.name_en == "Latakia"
    assert latakia.lat == pytest.approx(35.52, abs=0.05) and latakia.lon == pytest.approx(
        35.79, abs=0.05
    )
    assert kb.get("country:TR").name_en == "Turkey"  # type: ignore[union-attr]
    assert kb.lookup("إدلب")[0].record.kind == "city"
    for record in kb.records.values():
        assert record.type in ENTITY_TYPES and record.name_en and record.names_ar
        if record.lat is not None:
            assert -90 <= record.lat <= 90 and -180 <= record.lon <= 180  # type: ignore[operator]
            assert not math.isnan(record.lat)


def test_curated_files_are_well_formed_with_unique_ids() -> None:
    curated = load_curated()
    seen: dict[str, str] = {}
    for origin, items in curated.items():
        for item in items:
            if origin == "countries":
                assert item.get("iso2") or item.get("id"), item
                continue
            assert {"id", "type", "kind", "name_en", "names_ar"} <= set(item), (origin, item)
            assert item["type"] in ENTITY_TYPES, (origin, item["id"])
            assert item["id"] not in seen, f"{item['id']} in {origin} and {seen.get(item['id'])}"
            seen[item["id"]] = origin
            assert all(isinstance(name, str) and name.strip() for name in item["names_ar"])
            if "lat" in item:
                assert -90 <= item["lat"] <= 90 and -180 <= item["lon"] <= 180


def test_the_shipped_kb_is_what_the_build_script_makes_from_its_sources(tmp_path: Path) -> None:
    """The knowledge base is built, not edited: rebuilding gives the same bytes."""
    rebuilt = tmp_path / "kb.jsonl.gz"
    build_to(rebuilt)
    shipped = files("rasid.models").joinpath("kb.jsonl.gz").read_bytes()
    assert rebuilt.read_bytes() == shipped, "run `make kb` and commit rasid/models/kb.jsonl.gz"


@needs_shared
def test_the_shipped_common_words_are_what_anercorp_gives() -> None:
    shipped = files("rasid.models").joinpath("common-words.txt.gz").read_bytes()
    words = gzip.decompress(shipped).decode("utf-8").split("\n")[:-1]
    assert words == common_words(SHARED / "data" / "ner" / "anercorp" / "train.tsv")


def test_precomputed_romanizations_are_what_the_romanizer_says() -> None:
    from rasid.kb.lexicon import _romanized, romanize_uncached

    table = _romanized()
    assert len(table) > 10_000
    for word in sorted(table)[:: len(table) // 40]:
        assert table[word] == romanize_uncached(word), word
