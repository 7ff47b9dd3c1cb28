"""Word lists the quote finder reads: reporting verbs in their forms, attribution
phrases, words that introduce what was said, unnamed sources, and channels.

Everything is compared in matching form (`match_key`: hamza seats, ة/ه and
ى/ي folded), so each word is written once here in its usual spelling.

Agreement classes: "m" masculine singular, "f" feminine singular (also the
verb form every non-human plural takes: "أكدت المصادر"), "p" human plural,
"d" dual. A continuation ("وأضافت") carries the last speaker whose class
agrees with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasid.kb.index import match_key, match_keys

__all__ = [
    "ANONYMOUS",
    "CHANNEL_NOUNS",
    "CUES",
    "INTRODUCERS",
    "INTRODUCER_PREPOSITIONS",
    "NOT_SPEECH",
    "PREPOSITION_CUES",
    "ROLE_NOUNS",
    "SAYING_NOUNS",
    "SPEAKER_STOPS",
    "STATEMENT_NOUNS",
    "TIME_WORDS",
    "Cue",
    "agrees",
]


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    """The verb's dictionary form in matching spelling (قال، اكد)."""
    agreement: str
    """m, f, p or d; "" when the form does not say (a preposition)."""
    kind: str
    """verb (perfect or imperfect) or participle ("مشيرا إلى أن": the same speaker goes on)."""


# Each line: the perfect (he, she, they, the two of them), the imperfect
# (he, she, they) and the active participle (m, f, plural) of one reporting
# verb; "-" where a form is not used as a cue. Verbs that are also common
# words in other senses are left out in the ambiguous form: bare "بين" is
# "between", so only بينت/بينوا/مبينا count.
_VERB_TABLE = """
قال قالت قالوا قالا | يقول تقول يقولون | قائلا قائلة قائلين
صرح صرحت صرحوا صرحا | يصرح تصرح يصرحون | مصرحا مصرحة مصرحين
أكد أكدت أكدوا أكدا | يؤكد تؤكد يؤكدون | مؤكدا مؤكدة مؤكدين
أوضح أوضحت أوضحوا أوضحا | يوضح توضح يوضحون | موضحا موضحة موضحين
أضاف أضافت أضافوا أضافا | يضيف تضيف يضيفون | مضيفا مضيفة مضيفين
أشار أشارت أشاروا أشارا | يشير تشير يشيرون | مشيرا مشيرة مشيرين
لفت لفتت لفتوا لفتا | يلفت تلفت يلفتون | لافتا لافتة لافتين
ذكر ذكرت ذكروا ذكرا | يذكر تذكر يذكرون | ذاكرا ذاكرة ذاكرين
أفاد أفادت أفادوا أفادا | يفيد تفيد يفيدون | مفيدا مفيدة مفيدين
شدد شددت شددوا شددا | يشدد تشدد يشددون | مشددا مشددة مشددين
نفى نفت نفوا نفيا | ينفي تنفي ينفون | نافيا نافية نافين
اعتبر اعتبرت اعتبروا اعتبرا | يعتبر تعتبر يعتبرون | معتبرا معتبرة معتبرين
رأى رأت رأوا رأيا | يرى ترى يرون | - - -
تابع تابعت تابعوا تابعا | - - - | - - -
كشف كشفت كشفوا كشفا | يكشف تكشف يكشفون | كاشفا كاشفة كاشفين
أعلن أعلنت أعلنوا أعلنا | يعلن تعلن يعلنون | معلنا معلنة معلنين
حذر حذرت حذروا حذرا | يحذر تحذر يحذرون | محذرا محذرة محذرين
- بينت بينوا - | - - - | مبينا مبينة مبينين
أردف أردفت أردفوا أردفا | - - - | - - -
استطرد استطردت استطردوا - | - - - | مستطردا مستطردة -
زعم زعمت زعموا زعما | يزعم تزعم يزعمون | زاعما زاعمة زاعمين
ادعى ادعت ادعوا - | - - - | - - -
نوه نوهت نوهوا - | ينوه تنوه ينوهون | منوها منوهة منوهين
أبلغ أبلغت أبلغوا - | يبلغ تبلغ يبلغون | - - -
أعرب أعربت أعربوا - | يعرب تعرب يعربون | معربا معربة معربين
رجح رجحت رجحوا - | يرجح ترجح يرجحون | مرجحا مرجحة مرجحين
توقع توقعت توقعوا - | يتوقع تتوقع يتوقعون | متوقعا متوقعة متوقعين
اعترف اعترفت اعترفوا - | يعترف تعترف يعترفون | معترفا معترفة معترفين
اتهم اتهمت اتهموا - | يتهم تتهم يتهمون | متهما متهمة متهمين
أقر أقرت أقروا - | يقر تقر يقرون | مقرا مقرة مقرين
نبه نبهت نبهوا - | ينبه تنبه ينبهون | منبها منبهة منبهين
روى روت رووا - | يروي تروي يروون | - - -
أورد أوردت أوردوا - | يورد تورد يوردون | - - -
نقل نقلت نقلوا - | ينقل تنقل ينقلون | ناقلا ناقلة -
أفصح أفصحت أفصحوا - | - - - | - - -
ختم ختمت ختموا - | - - - | مختتما مختتمة -
اختتم اختتمت - - | - - - | - - -
استدرك استدركت - - | - - - | مستدركا مستدركة -
هدد هددت هددوا - | يهدد تهدد يهددون | مهددا مهددة -
تعهد تعهدت تعهدوا - | يتعهد تتعهد يتعهدون | متعهدا متعهدة -
جدد جددت جددوا - | يجدد تجدد يجددون | مجددا مجددة -
"""

_PERSONS = ("m", "f", "p", "d")


def _verb_cues() -> dict[str, Cue]:
    cues: dict[str, Cue] = {}
    for line in _VERB_TABLE.strip().splitlines():
        perfect, imperfect, participle = (part.split() for part in line.split("|"))
        lemma = match_key(next(form for form in perfect if form != "-"))
        for forms, kind in ((perfect, "verb"), (imperfect, "verb"), (participle, "participle")):
            for form, agreement in zip(forms, _PERSONS, strict=False):
                if form != "-":
                    cues.setdefault(match_key(form), Cue(lemma, agreement, kind))
    return cues


#: Reporting verb forms, in matching spelling, without clitics.
CUES: dict[str, Cue] = _verb_cues()

#: Phrases crediting a source with a statement: "بحسب المرصد"، "وفقاً لوكالة ...".
#: The value is how many words the phrase has (the source follows it).
PREPOSITION_CUES: dict[tuple[str, ...], str] = {
    tuple(match_key(word) for word in phrase.split()): phrase
    for phrase in (
        "بحسب",
        "حسب",
        "وفق",
        "وفقا",
        "طبقا",
        "نقلا عن",
        "على لسان",
    )
}

#: Words that open what was said, after the speaker (matching spelling).
INTRODUCERS = match_keys(
    "أن إن بأن أنه إنه بأنه أنها إنها بأنها أنهم إنهم بأنهم أنهما إنهما أننا إننا بأننا"
)

#: Words before أن that make a clause, not a statement: "من دون أن"، "بعد أن".
NOT_SPEECH = match_keys("دون بدون بعد قبل منذ حتى رغم بمجرد لمجرد بدل عوض كي لكي شرط")

#: Prepositions a verb takes before its introducer: "أشار إلى أن"، "شدد على أن".
INTRODUCER_PREPOSITIONS = match_keys("إلى على من عن ب")

#: Nouns that stand for the speaker's words: "نقلاً عن X قوله إن ...".
SAYING_NOUNS = match_keys("قوله قولها قولهم قولهما تأكيده تأكيدها تصريحه تصريحها")

# The head noun of an unnamed source, its agreement class and an English gloss.
_ANONYMOUS = """
مصادر f sources
مصدر m a source
المصادر f the sources
مسؤول m an official
مسؤولة f an official
مسؤولون p officials
مسؤولين p officials
المسؤولون p officials
ناشط m an activist
ناشطة f an activist
ناشطون p activists
ناشطين p activists
نشطاء p activists
الناشطون p activists
شهود p witnesses
شاهد m a witness
أهالي p residents
الأهالي p residents
سكان p residents
السكان p residents
مواطنون p citizens
مراسل m a correspondent
مراسلة f a correspondent
وسائل f media outlets
تقارير f reports
التقارير f reports
تقرير m a report
مراقبون p observers
خبراء p experts
خبير m an expert
محللون p analysts
دبلوماسي m a diplomat
دبلوماسيون p diplomats
قيادي m a commander
قائد m a commander
أحد m one of them
إحدى f one of them
حقوقيون p rights advocates
حقوقيين p rights advocates
حقوقي m a rights advocate
معارضون p opposition figures
نازحون p displaced people
نازحين p displaced people
إحصائيات f statistics
احصاءات f statistics
معلومات f information
أرقام f figures
مراصد f monitors
عنصر m a fighter
عناصر f fighters
"""

#: Unnamed sources: matching form of the head noun -> (agreement, English gloss).
ANONYMOUS: dict[str, tuple[str, str]] = {
    match_key(word): (agreement, " ".join(gloss))
    for word, agreement, *gloss in (line.split() for line in _ANONYMOUS.strip().splitlines())
}

#: Heads of a speaker phrase that names no one the tagger found: a role
#: ("الناشط الإعلامي ..."، "المتحدث باسم ...") or a body ("المجلس الرئاسي").
ROLE_NOUNS = match_keys(
    "الرئيس رئيس وزير الوزير نائب المتحدث متحدث الناطق ناطق مدير المدير قائد القائد"
    " عضو سفير السفير مبعوث المبعوث ممثل الممثل أمين الأمين محافظ المحافظ الملك الأمير"
    " الشيخ العميد اللواء العقيد الرائد النقيب المقدم الدكتور الباحث المحلل الكاتب"
    " الصحفي الصحافي الناشط المراسل الطبيب النائب القيادي رئيسة وزيرة المتحدثة الناطقة"
    " مديرة المديرة عضوة سفيرة المبعوثة ممثلة الناشطة المراسلة الطبيبة الباحثة"
    " المجلس مجلس الوزارة وزارة الحكومة حكومة الجيش جيش البنك بنك الهيئة هيئة اللجنة"
    " لجنة المرصد مرصد المنظمة منظمة الأمم الاتحاد الحزب حزب الحركة حركة الجبهة جبهة"
    " الفصيل فصيل القوات قوات الشرطة الرئاسة الخارجية الدفاع الداخلية المكتب مكتب"
    " الوكالة وكالة الصحيفة صحيفة القناة قناة الموقع موقع الائتلاف ائتلاف التحالف تحالف"
    " النظام الدفاع المدني فريق الفريق المركز مركز الإدارة إدارة السلطات السلطة البرلمان"
    " المحكمة محكمة النيابة البيت الكرملين الخارجية البعثة بعثة المديرية مديرية المفوضية"
    " مفوضية المنظمات البلدية بلدية المجموعة مجموعة الشركة شركة المؤسسة مؤسسة الجمعية"
)

#: Nouns naming a channel an outlet speaks through: "عبر قناة العربية".
CHANNEL_NOUNS = match_keys(
    "قناة صحيفة وكالة موقع إذاعة راديو تلفزيون التلفزيون شبكة مجلة جريدة منصة حساب تغريدة صفحة"
)

#: What a statement was made in: "في بيان"، "خلال مؤتمر صحفي" (not the speaker).
STATEMENT_NOUNS = match_keys(
    "بيان تصريح تصريحات حديث مقابلة مؤتمر لقاء كلمة رسالة تغريدة منشور موجز"
    " اتصال بيانا تصريحا حديثا"
)

#: Prepositions that end the speaker's name when a statement, channel or time
#: follows ("في بيان"، "عبر قناة"، "خلال مؤتمر صحفي").
SPEAKER_STOPS = match_keys("في خلال عبر لدى أثناء حيث مع")

#: Time words, which end the speaker's name wherever they come ("قال لافروف أمس:").
TIME_WORDS = match_keys(
    "أمس الأمس اليوم الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت"
    " صباح مساء ظهر فجر الليلة يوم"
)


def agrees(cue: str, speaker: str) -> bool:
    """May a continuation verb of class `cue` carry a speaker of class `speaker`?"""
    if not cue or not speaker:
        return True
    if cue == speaker:
        return True
    return cue == "d" and speaker == "p"
