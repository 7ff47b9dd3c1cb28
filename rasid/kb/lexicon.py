"""Word lists and small helpers the linker reads: everyday words that are also
names, institution nouns, trigger nouns, proclitics, romanisation of new names."""

from __future__ import annotations

import gzip
import hashlib
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from rasid.kb.index import match_key

# Single-word names that are also everyday words, or that several places
# share so often that only the tagger's judgement should make them a name.
COMMON_WORDS = (
    "مالي عمان الامل النصر الحريه الكرامه السلام الوحده الاتحاد الثوره التحرير الجديده"
    " المنصوره الوادي العين الواحات الرمال الشرق الغرب الشمال الجنوب الوسط حماه الحسن"
    " الخليج السلطان الامير الرئيس صور حماة بنت جبل النهر البحر الساحل الصحراء المدينه"
    " العاصمه القريه البلده الجزيره الامارات الزاويه بورصه الجمعه جمعه"
    " الشماليه الجنوبيه الشرقيه الغربيه الوسطى المركزيه"
)
AMBIGUOUS_NAMES = frozenset(match_key(word) for word in COMMON_WORDS.split()) - {
    match_key("الامارات")
}
# Places that the dictionary pass may find without the tagger: large enough
# to be news, in the region the product is for.
DICTIONARY_CITY_POPULATION = 100_000

# Nouns of state institutions that a nisba after them attaches to a country,
# with the gender the adjective must agree in: "القوات التركية" (feminine, as
# for every non-human plural), "الجيش التركي"; "وزير الخارجية الروسي" is the
# minister, not the ministry, and stays an adjective. "p" (human plural)
# takes any form ("الجنود الروس", "العسكريين الأتراك").
INSTITUTIONS: dict[str, tuple[str, str]] = {
    "قوات": ("armed forces", "f"),
    "القوات": ("armed forces", "f"),
    "الوحدات": ("armed forces", "f"),
    "الدوريات": ("armed forces", "f"),
    "الجيش": ("armed forces", "m"),
    "جيش": ("armed forces", "m"),
    "الجنود": ("armed forces", "p"),
    "العسكريين": ("armed forces", "p"),
    "العسكريون": ("armed forces", "p"),
    "الحكومه": ("government", "f"),
    "حكومه": ("government", "f"),
    "السلطات": ("government", "f"),
    "الخارجيه": ("foreign ministry", "f"),
    "الدبلوماسيه": ("foreign ministry", "f"),
    "الدفاع": ("defence ministry", "f"),
    "الرئاسه": ("presidency", "f"),
    "البحريه": ("navy", "f"),
    "المخابرات": ("intelligence", "f"),
    "الاستخبارات": ("intelligence", "f"),
    "الشرطه": ("police", "f"),
    "الطائرات": ("air force", "f"),
    "المقاتلات": ("air force", "f"),
    "الطيران": ("air force", "m"),
    "البرلمان": ("parliament", "m"),
}
# Adjectives too general to be an entity: "العربية" is the language, the
# channel, or one word of "جامعة الدول العربية" far more often than "Arab".
GENERAL_WORDS = "عربي عربيه العربي العربيه عرب العرب"
GENERAL_DEMONYMS = frozenset(match_key(word) for word in GENERAL_WORDS.split())

# Nouns for a kind of place, never a place's name on their own.
GENERIC_WORDS = (
    "ريف الريف شمال الشمال جنوب الجنوب شرق الشرق غرب الغرب وسط محيط اطراف ضواحي"
    " مدينه المدينه بلده قريه محافظه منطقه المنطقه"
)
GENERIC_PLACES = frozenset(GENERIC_WORDS.split())

# Kinds of place that a landmark's name may contain ("طريق حلب اللاذقية").
SETTLEMENTS = frozenset({"city", "capital", "country", "admin1"})

# Nouns that introduce a name without being part of it ("صحيفة هآرتس", "إقليم
# دارفور"), as ANERcorp and most NER conventions have it; a facility's noun
# stays ("مطار دمشق" is the airport, not the city).
TRIGGER_WORDS = (
    "صحيفه جريده مجله وكاله قناه موقع اذاعه محطه اقليم قطاع مدينه محافظه ولايه منطقه بلده"
    " قريه الصحيفه الجريده المجله الوكاله القناه الاقليم المدينه المحافظه الولايه"
)
TRIGGERS = frozenset(TRIGGER_WORDS.split())
FACILITIES = frozenset({"airport", "port", "crossing", "camp", "base", "dam", "road"})

# Marks that may sit inside a name without ending it.
GLUE = frozenset("“”\"«»'‘’-–—/")

# Proclitics a name can carry in running text: و ف (and), ب ل ك (prepositions).
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
NAME_PARTS = (
    "محمد أحمد علي عبد عبدالله حسن حسين محمود مصطفى خالد عمر إبراهيم يوسف سعيد سالم صالح"
    " ابو أبو بن ابن بنت آل ال الله الدين دين"
)
# Words too common in names to make a later single word the same person.
FIRST_NAMES = frozenset(match_key(word) for word in NAME_PARTS.split())


def new_entity_id(entity_type: str, name: str) -> str:
    """A stable id for a name the knowledge base lacks: same type and spelling (up to
    the matching normaliser), same id."""
    digest = hashlib.sha1(f"{entity_type}:{match_key(name)}".encode()).hexdigest()[:12]
    return f"new:{entity_type.lower()}:{digest}"


@cache
def _romanizer() -> Any:
    from arabic_name_romanizer import Transliterator

    # Its attested-spelling dictionary and rules, without the neural model: the
    # model costs ~50x more per name (a beam search per word) for spellings that
    # are rarely better on news names.
    return Transliterator(auto_load_model=False)


#: Romanisations of frequent name words, precomputed by scripts/build_romanizations.py.
ROMANIZED = "romanized.tsv.gz"


@cache
def _romanized() -> dict[str, str]:
    resource = files("rasid.models").joinpath(ROMANIZED)
    if not resource.is_file():
        return {}
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as stream:
        return dict(line.rstrip("\n").split("\t", 1) for line in stream if "\t" in line)


def romanize_uncached(word: str) -> str:
    """The romaniser's spelling of one word (the word itself when it has none)."""
    result = _romanizer().transliterate(word)
    return str(result) if result else word


@lru_cache(maxsize=200_000)
def _romanize_word(word: str) -> str:
    known = _romanized().get(word)
    return known if known is not None else romanize_uncached(word)


def romanize(name: str) -> str:
    """An English spelling for an Arabic name no record has (arabic-name-romanizer).

    Word by word, each word cached: names recur across a corpus far more often
    than whole spellings do, so the cost falls as a store grows.
    """
    return " ".join(_romanize_word(word) for word in name.split())


@lru_cache(maxsize=200_000)
def unclitic(key: str) -> tuple[tuple[str, int], ...]:
    """`key` and its readings without proclitics, with the letters each drops."""
    out = [(key, 0)]
    rest, dropped = key, 0
    if rest[:1] in CONJUNCTIONS and len(rest) > 3:
        rest, dropped = rest[1:], 1
        out.append((rest, dropped))
    if rest.startswith("لل") and len(rest) > 4:
        out.append(("ا" + rest[1:], dropped + 1))
    elif rest[:1] in PREPOSITIONS and len(rest) > 3:
        out.append((rest[1:], dropped + 1))
    return tuple(out)


@cache
def common_words() -> frozenset[str]:
    """Everyday words that are also names somewhere (scripts/build_kb.py)."""
    resource = files("rasid.models").joinpath("common-words.txt.gz")
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as stream:
        return frozenset(line.rstrip("\n") for line in stream)
