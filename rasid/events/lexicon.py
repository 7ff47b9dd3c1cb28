"""What the event finder reads: the trigger table (triggers.tsv), modality words,
collective actors, and the prepositions that introduce a place or a target.

Every word is compared in matching form (`match_key`), as in the other stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rasid.kb.index import match_key, match_keys

__all__ = [
    "AGREEMENT_MAKING",
    "AGREEMENT_NOUNS",
    "CIRCUMSTANTIAL",
    "COLLECTIVES",
    "COMPLEMENTIZERS",
    "DUAL_PARTIES",
    "FUTURE",
    "FUTURE_AFTER",
    "HOPES",
    "NAMING_HEADS",
    "NEGATIONS",
    "OBJECT_HEADS",
    "ONGOING",
    "PLACE_NOUNS",
    "PLACE_PREPOSITIONS",
    "RESUMPTION",
    "SUSPENSION",
    "Trigger",
    "triggers",
]


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    mode: str | None
    words: tuple[str, ...]
    """The phrase in matching form, one key per word."""


@cache
def triggers() -> dict[str, tuple[Trigger, ...]]:
    """Trigger phrases by their first word (matching form), longest first."""
    table: dict[str, list[Trigger]] = {}
    text = files("rasid.events").joinpath("triggers.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, mode, forms = line.split("\t")
        for form in forms.split():
            words = tuple(match_key(word) for word in form.split("_"))
            trigger = Trigger(kind, None if mode == "-" else mode, words)
            table.setdefault(words[0], []).append(trigger)
    return {
        head: tuple(sorted(found, key=lambda t: -len(t.words))) for head, found in table.items()
    }


#: Nouns that name an agreement ("الاتفاق"، "الهدنة"): an event only when made, not named.
AGREEMENT_NOUNS = match_keys("اتفاق اتفاقا اتفاقية هدنة وقف تفاهم تفاهمات")

#: Words near an agreement noun that tell it was made ("الموقع"، "توصلا إلى").
AGREEMENT_MAKING = match_keys(
    "الموقع الموقعة وقعت وقعا وقعتا وقع توقيع توصل توصلا توصلت التوصل أبرم أبرمت إبرام"
    " اتفقا اتفقتا اتفقت أعلن أعلنت دخل حيز سريان بموجب"
)

#: Words before a trigger that deny it: "لم تسجل"، "لن تسمح"، "نفى".
NEGATIONS = match_keys("لم لن لا ما ليس ليست نفى نفت ينفي تنفي دون بدون عدم")

#: Words that put the event in the future or make it an aim: "ستواصل"، "تهدف إلى".
FUTURE = match_keys(
    "سوف ستواصل سيواصل تهدف يهدف تعتزم يعتزم تنوي ينوي تخطط يخطط المقرر المرتقب المزمع ستعمل"
    " سيعمل ستتخذ سيتخذ ستقوم سيقوم ستبدأ سيبدأ مستقبلا"
)

#: Words after a trigger that put it ahead: "القمة المرتقبة"، "الجولة المقبلة".
FUTURE_AFTER = match_keys(
    "المرتقبة المرتقب مرتقبة مرتقب المقبلة المقبل المقررة المقرر المزمعة المزمع القادمة القادم"
)

#: Verbs that halt what follows them: "علقتا الدوريات المشتركة" is joint patrols, suspended.
SUSPENSION = match_keys(
    "علق علقت علقتا علقوا تعليق أوقف أوقفت أوقفا إيقاف توقف توقفت جمد جمدت تجميد"
)

#: Verbs that take it up again: "ستستأنفان تلك الدوريات".
RESUMPTION = match_keys(
    "استأنف استأنفت يستأنف تستأنف ستستأنف ستستأنفان سيستأنف استئناف تجدد تجددت تتجدد تجددها"
)

#: "أن"/"إن" opening a reported clause: who speaks before it is not who acts after it
#: ("وقالت وزارة الدفاع التركية، في بيان، إن الجانبين توصلا ...").
COMPLEMENTIZERS = match_keys("أن إن بأن وأن وإن")

#: "The two sides": a joint act's parties told again as a dual ("الطرفين اتفقا").
DUAL_PARTIES = match_keys(
    "الطرفين الطرفان الجانبين الجانبان البلدين البلدان الدولتين الدولتان الرئيسين الرئيسان"
    " الوزيرين الوزيران الوفدين الوفدان"
)

#: Nouns before an event noun that name the event as a thing, not report it happening:
#: "منظمي الاعتصام"، "نجاح الدوريات المشتركة"، "سير المباحثات"، "انهيار تفاهمات سوتشي".
NAMING_HEADS = match_keys(
    "منظمي منظمو منظم نجاح فشل سير انهيار صمود خيام تطبيق بنود تفاصيل نص مسار مسارات"
    " ضحايا حصيلة آثار تداعيات إطار ذكرى خرق خروقات خروقاتها انتهاك انتهاكات موعد جولة"
)

#: Nouns owned by the name after them, which make it what an act is done to, not who
#: does it: "استهدفت مواقع قوات النظام"، "قصفت نقاط الجيش التركي".
OBJECT_HEADS = match_keys(
    "مواقع موقع نقاط نقطة مقرات مقر مقار تجمعات تجمع آليات آلية عناصر دوريات دورية رتل"
    " أرتال مخازن مستودعات ثكنة ثكنات حواجز حاجز منازل منزل"
)

#: Participles that tell what the sentence's subject did while it spoke ("حذر الفريق
#: ...، داعياً المنظمات الدولية إلى ..."): the name after them is whom it calls on.
CIRCUMSTANTIAL = match_keys(
    "داعيا داعية داعين مطالبا مطالبة مطالبين متهما متهمة متهمين محذرا محذرة مهددا مهددة"
)

#: Adjectives that make an event a condition that goes on, not a happening:
#: "عمليات اغتيال متكررة"، "الاحتجاجات المتواصلة منذ أشهر".
ONGOING = match_keys(
    "متكررة المتكررة متواصلة المتواصلة مستمرة المستمرة متصاعدة المتصاعدة متزايدة المتزايدة"
    " يومية اليومية"
)

#: Words of hoping and striving: what follows them has not happened
#: ("آمال ضعيفة في التوصل إلى اتفاق").
HOPES = match_keys("آمال أمل يأمل تأمل يأملون أملا آملا مساع مساعي جهود سعيا تسعى يسعى")

#: Nouns that say a place follows ("بلدة ذيبان"، "معبر كفرلوسين"), with the kind of
#: place they name, for places the knowledge base does not know.
PLACE_NOUNS = {
    match_key(word): kind
    for words, kind in (
        ("بلدة بلدات قرية قرى مدينة مدن حي أحياء ناحية مخيم مخيمات", "city"),
        ("معبر معبري", "crossing"),
        ("منطقة مناطق ريف محافظة", "admin1"),
    )
    for word in words.split()
}

#: Prepositions before the place of an event: "في إدلب"، "على طريق M4"، "قرب الحدود".
PLACE_PREPOSITIONS = match_keys("في على قرب محيط داخل عند باتجاه نحو الى إلى من")

# Unnamed collective actors and their English names ("الجماعات المسلحة" -> armed groups).
_COLLECTIVES = """
الجماعات_المسلحة armed groups
المجموعات_المسلحة armed groups
المجموعات_الإرهابية terrorist groups
الجماعات_الإرهابية terrorist groups
الجماعات_المتطرفة extremist groups
العصابات_المسلحة armed gangs
المسلحين gunmen
مسلحون gunmen
مسلحين gunmen
مجهولون unidentified persons
مجهولين unidentified persons
المعارضة opposition
فصائل_المعارضة opposition factions
الفصائل armed factions
فصائل armed factions
المتظاهرين protesters
متظاهرون protesters
المحتجين protesters
محتجون protesters
المعتصمين protesters
ناشطون activists
ناشطين activists
نشطاء activists
الناشطون activists
الأهالي residents
أهالي residents
السكان residents
المدنيين civilians
مدنيين civilians
قوات_النظام Syrian government forces
الكتل_السياسية political blocs
القوى_السياسية political forces
المنظمات_المحلية local organisations
منظمات_محلية local organisations
المنظمات_الإنسانية humanitarian organisations
المنظمات_الدولية international organisations
فرق_تطوعية volunteer teams
الفرق_التطوعية volunteer teams
النازحين displaced people
النازحون displaced people
المعتقلين detainees
المعتقلون detainees
قوات_الأمن security forces
الأجهزة_الأمنية security forces
النظام Syrian government
"""

#: Collective actors: phrase in matching form -> English name.
COLLECTIVES: dict[tuple[str, ...], str] = {
    tuple(match_key(word) for word in phrase.split("_")): " ".join(english)
    for phrase, *english in (line.split() for line in _COLLECTIVES.strip().splitlines())
}
