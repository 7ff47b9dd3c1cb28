"""Mentions, links and document-level coreference, with the tagger's output given by hand."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from rasid.kb import KbRecord, KnowledgeBase, default_kb
from rasid.kb.index import _FuzzyPool, sound_fold
from rasid.kb.linker import Linker, new_entity_id
from rasid.model import Entity
from rasid.ner.dictionary import sound_of_words
from rasid.text.tokens import sentences


def _kb() -> KnowledgeBase:
    shipped = default_kb()
    extra = [
        KbRecord("kb:sergey-lavrov", "PERS", "person", "Sergey Lavrov",
                 ("سيرغي لافروف", "لافروف"), "Foreign Minister of Russia", "RU",
                 source="curated/test"),
        KbRecord("kb:asharq-al-awsat", "ORG", "media", "Asharq Al-Awsat",
                 ("صحيفة الشرق الأوسط",), "Pan-Arab daily newspaper", "SA", source="curated/test"),
    ]  # fmt: skip
    countries = [
        KbRecord(**{**r.to_json(), "names_ar": tuple(r.names_ar), "demonyms_ar": demonyms})
        for r, demonyms in (
            (shipped.records["country:TR"], ("تركي",)),
            (shipped.records["country:RU"], ("روسي",)),
        )
    ]
    rest = [r for r in shipped.records.values() if r.id not in ("country:TR", "country:RU")]
    return KnowledgeBase([*rest, *countries, *extra])


KB = _kb()


def _link(text: str, tagged: dict[str, str] | None = None) -> list[Entity]:
    """Entities of `text`, the tagger having tagged the words in `tagged` (word -> tag)."""
    tagged = tagged or {}
    found = sentences(text)
    tags = [[tagged.get(token.text, "O") for token in sentence] for sentence in found]
    return Linker(KB).entities(text, found, tags)


def test_a_misspelt_name_links_by_fuzzy_match_with_offsets_into_the_text() -> None:
    text = "قال وزير الخارجية سيرغي لافرورف إن الدوريات توقفت."
    [entity] = [
        e for e in _link(text, {"سيرغي": "B-PERS", "لافرورف": "I-PERS"}) if e.type == "PERS"
    ]
    assert (entity.kb_id, entity.name_en, entity.link) == (
        "kb:sergey-lavrov",
        "Sergey Lavrov",
        "fuzzy",
    )
    assert text[entity.start : entity.end] == entity.text == "سيرغي لافرورف"


def test_a_misspelt_place_links_by_sound_with_coordinates() -> None:
    [entity] = _link("وصلت التعزيزات إلى اللازقية.", {"اللازقية": "B-LOC"})
    assert entity.name_en == "Latakia" and entity.link == "sound"
    assert round(entity.lat or 0, 1) == 35.5 and round(entity.lon or 0, 1) == 35.8


def test_the_dictionary_finds_names_the_tagger_missed_and_prefers_the_longer_name() -> None:
    entities = _link("ونقلت صحيفة الشرق الأوسط عن مصادر في أنقرة وموسكو.")
    assert [(e.text, e.name_en) for e in entities] == [
        ("الشرق الأوسط", "Asharq Al-Awsat"),
        ("أنقرة", "Ankara"),
        ("موسكو", "Moscow"),
    ]
    assert entities[1].kind == "capital" and entities[0].lat is None


def test_an_adjective_after_an_institution_is_that_countrys_institution() -> None:
    entities = _link("أجرت القوات التركية والروسية تدريبات مشتركة.")
    assert [(e.text, e.type, e.kb_id, e.kind) for e in entities] == [
        ("القوات التركية", "ORG", "country:TR", "armed forces"),
        ("الروسية", "ORG", "country:RU", "armed forces"),
    ]
    assert entities[1].start == entities[0].end + 2  # after " و"


def test_an_adjective_that_does_not_agree_with_the_noun_before_it_stays_an_adjective() -> None:
    entities = _link("وقال وزير الخارجية الروسي إن الجيش التركي انسحب.")
    assert [(e.text, e.type, e.kind) for e in entities] == [
        ("الروسي", "MISC", "country"),
        ("الجيش التركي", "ORG", "military"),  # the curated record of the Turkish army
    ]


def test_a_surname_later_in_the_document_is_the_person_named_in_full() -> None:
    text = "قالت الرائدة سلمى قطيفان إن الجيش جاهز.\nوأضافت قطيفان أن النقاط ستبقى."
    entities = _link(text, {"سلمى": "B-PERS", "قطيفان": "I-PERS"})
    full, short = entities
    assert full.text == "سلمى قطيفان" and short.text == "قطيفان"
    assert short.kb_id == full.kb_id == new_entity_id("PERS", "سلمى قطيفان")
    assert short.link == "coreference" and full.link == "new"
    assert full.name_en.lower().startswith("salma") and full.lat is None


def test_a_full_name_repeated_untagged_is_one_mention_not_one_per_word() -> None:
    found = sentences("قالت سلمى قطيفان إن الجيش جاهز.\nوأضافت سلمى قطيفان أن النقاط ستبقى.")
    tags = [["O", "B-PERS", "I-PERS", "O", "O", "O", "O"], ["O"] * len(found[1])]
    names = Linker(KB).name_tags([[t.text for t in s] for s in found], tags)
    assert names[1][1:3] == ["B-PERS", "I-PERS"]


def test_punctuation_at_the_edge_of_a_tagged_name_is_left_out() -> None:
    text = "وقال ـ خليفة أدهم إن الجيش جاهز."
    (entity,) = _link(text, {"ـ": "B-PERS", "خليفة": "I-PERS", "أدهم": "I-PERS"})
    assert entity.text == "خليفة أدهم"


def test_everyday_words_that_are_towns_somewhere_are_not_places() -> None:
    assert _link("كان الاجتماع مقرراً وأن يحضره الجميع.") == []


def test_new_entity_ids_are_stable_and_depend_on_type_and_spelling() -> None:
    assert new_entity_id("PERS", "بينار قره") == new_entity_id("PERS", "بينار قره")
    assert new_entity_id("PERS", "بينار قره") != new_entity_id("LOC", "بينار قره")
    assert new_entity_id("PERS", "بينار قره").startswith("new:pers:")


def test_a_proclitic_is_left_out_of_the_mention() -> None:
    [entity] = _link("واتجهت القافلة إلى حلب ولحمص.", {"حلب": "B-LOC"})[:1]
    assert entity.text == "حلب"
    texts = [e.text for e in _link("وصل الوفد وبحلب اجتماع.", {"وبحلب": "B-LOC"})]
    assert texts == ["حلب"]


def test_a_landmark_contains_only_towns_of_its_own_country() -> None:
    entities = _link("تصعيد في جبل الزاوية وعلى طريق حلب اللازقية.")
    names = [(e.text, e.name_en) for e in entities]
    assert ("جبل الزاوية", "Jabal al-Zawiya") in names
    assert not any(e.country == "LY" for e in entities)  # not Zawiya in Libya
    assert {"Aleppo", "Latakia"} <= {e.name_en for e in entities}
    assert next(e for e in entities if e.name_en == "Latakia").text == "اللازقية"


def test_a_generic_place_noun_tagged_alone_is_not_a_place() -> None:
    entities = _link("قصفت الطائرات ريف إدلب الجنوبي.", {"ريف": "B-LOC", "إدلب": "B-LOC"})
    assert [e.text for e in entities] == ["إدلب"]


def test_fuzzy_matching_passes_over_only_names_that_cannot_reach_the_cutoff() -> None:
    pool = _FuzzyPool(["لافروف", "لافرنتييف", "لاذقية", "لندن", "ل", "لافروفف", "فورلاف"])
    for key in ("لافرورف", "لافروف", "لاذقيه", "لنن"):
        for cutoff in (60.0, 86.0, 90.0):
            everything = process.extract(key, pool.names, scorer=fuzz.ratio, score_cutoff=cutoff)
            kept = pool.reachable(key, cutoff)
            assert [name for name, _, _ in everything] == [
                name
                for name, _, _ in process.extract(key, kept, scorer=fuzz.ratio, score_cutoff=cutoff)
            ]
    # Letters alone cannot rule out an anagram; they do rule out a name one letter too far.
    assert pool.reachable("لافرورف", 90.0) == ["لافروف", "فورلاف"]


def test_a_phrase_folds_by_sound_as_its_words_do() -> None:
    for phrase in (
        "طريق حلب اللازقية",
        "ام 4",
        "الاسد ء بشار",
        "ء الذهب",
        "قوات سوريا الديمقراطية",
    ):
        assert sound_of_words(phrase) == sound_fold(phrase)
