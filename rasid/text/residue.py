"""Web residue: the lines a scraper keeps that are not part of the article.

The rules are data: each names a reason, a pattern written in ordinary Arabic
(folded with `fold_arabic` before compiling, so "اقرأ أيضاً" also matches
"إقرأ ايضا"), and the longest line it may apply to. A rule only ever removes a
short line that matches it whole or by a clear marker; an article sentence is
long, ends with a full stop, and matches none of them. When in doubt the line
is kept: a residue line left in costs a reader a glance, a sentence lost
costs the truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rasid.text.normalize import fold_arabic

__all__ = ["RESIDUE_RULES", "ResidueRule", "Zone", "classify_line"]

# Agencies and picture credits seen at the end of captions.
_CREDITS = (
    r"الأناضول|رويترز|أ ?ف ?ب|أ\.ف\.ب|فرانس برس|فرانس ?بريس|أسوشيتد برس|أ ?ب|د ?ب ?أ|إ ?ب ?أ"
    r"|سانا|سبوتنيك|تاس|واس|وام|قنا|كونا|بترا|شينخوا|الإنترنت|إنترنت|أرشيف|أرشيفية|الأرشيف"
    r"|مواقع التواصل(?: الاجتماعي)?|تويتر|فيسبوك|إكس|غيتي|جيتي|غيتي إيميجز|getty(?: images)?"
    r"|الجزيرة|العربية|سكاي نيوز|بي بي سي|الشرق الأوسط|سبوتنيك|sputnik|بلومبرغ|أرشيفية"
    r"|afp|reuters|ap|epa|anadolu|bloomberg|social media"
)

_SOCIAL = (
    r"فيسبوك|فيس بوك|تويتر|إكس|واتساب|واتس ?آب|تلغرام|تليغرام|تيليغرام|تليجرام|لينكدإن|لينكد إن"
    r"|تيليجرام|انستغرام|إنستغرام|انستجرام|يوتيوب|تيك ?توك|ماسنجر|سناب ?شات|جوجل نيوز|غوغل نيوز"
    r"|البريد الإلكتروني|إيميل|طباعة|نسخ الرابط"
    r"|facebook|twitter|whatsapp|telegram|linkedin|instagram|youtube|tiktok|messenger|email"
    r"|e-mail|print|pinterest|reddit|snapchat|google news|x"
)

# Network names that stand for themselves in a line about following an
# account; "x", "print" and "تطبيق" are left out, they mean too much else.
_NETWORKS = (
    r"فيسبوك|فيس بوك|تويتر|واتساب|واتس ?آب|تلغرام|تليغرام|تيليغرام|تليجرام|تيليجرام|يوتيوب"
    r"|انستغرام|إنستغرام|انستجرام|تيك ?توك|سناب ?شات|جوجل نيوز|غوغل نيوز"
    r"|facebook|twitter|whatsapp|telegram|youtube|instagram|tiktok|snapchat|google news"
)

_MONTHS = (
    r"كانون الثاني|كانون الأول|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني"
    r"|يناير|فبراير|مارس|أبريل|إبريل|ابريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|سبتمبر|أكتوبر"
    r"|نوفمبر|ديسمبر|جانفي|فيفري|أفريل|ماي|جوان|جويلية|أوت|شتنبر|نونبر|دجنبر|يونيو"
    r"|محرم|صفر|ربيع الأول|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الآخرة|رجب|شعبان|رمضان"
    r"|شوال|ذو القعدة|ذو الحجة"
)
_WEEKDAYS = r"السبت|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة"
_CLOCK = (
    r"ص|م|صباحا|صباحاً|مساء|مساءً|ظهرا|ظهراً|gmt|utc|am|pm|بتوقيت \S+(?: المكرمة)?|غرينتش|جرينتش"
    r"|على|في|الساعة|آخر تحديث|تحديث|نشر|نُشر"
)
# One piece of a date line. Words must end where the piece ends ("م" is not
# the start of "مساء"); used inside atomic groups, so order does not matter.
_DATE_PIECE = (
    rf"(?:\d+|(?:{_MONTHS}|{_WEEKDAYS}|{_CLOCK}|الساعة|هـ|مـ|رقم العدد|العدد)(?!\w)|م\."
    r"|[-/:.,،|()\[\]]+)"
)


Zone = Literal["head", "body", "foot"]
"""Where a line sits: between headline and first paragraph, among paragraphs, after the last."""
ALL_ZONES: frozenset[Zone] = frozenset({"head", "body", "foot"})
EDGES: frozenset[Zone] = frozenset({"head", "foot"})
HEAD: frozenset[Zone] = frozenset({"head"})


@dataclass(frozen=True, slots=True)
class ResidueRule:
    """One kind of residue line."""

    reason: str
    pattern: re.Pattern[str]
    max_words: int
    """The rule applies only to lines of at most this many words."""
    sentence_ok: bool = False
    """Whether a line ending with a full stop may still be this residue."""
    unless: re.Pattern[str] | None = None
    """A line that also matches this is content after all."""
    zones: frozenset[Zone] = ALL_ZONES
    """Where on the page the rule applies; some lines are furniture only at its edges."""


def _rule(
    reason: str,
    pattern: str,
    *,
    max_words: int,
    sentence_ok: bool = False,
    unless: str | None = None,
    zones: frozenset[Zone] = ALL_ZONES,
) -> ResidueRule:
    return ResidueRule(
        reason=reason,
        pattern=re.compile(fold_arabic(pattern), re.IGNORECASE),
        max_words=max_words,
        sentence_ok=sentence_ok,
        unless=re.compile(fold_arabic(unless), re.IGNORECASE) if unless else None,
        zones=zones,
    )


# Verbs and phrases of reported speech: a line holding one is a sentence of the
# article ("..., وفقا لما ذكرته وكالة الأنباء السعودية (واس)"), not a caption.
_REPORTING = (
    r"(?<!\w)[وف]?(?:قال|قالت|أعلن|أعلنت|ذكر|ذكرت|أفاد|أفادت|أكد|أكدت|أوضح|أوضحت|وفقا|وفقاً"
    r"|بحسب|حسب|نقلا|نقلاً|أضاف|أضافت|أشار|أشارت|صرح|صرحت)(?!\w)"
)


RESIDUE_RULES: tuple[ResidueRule, ...] = (
    # "0", "12", "3 تعليقات", "1.2 ألف مشاهدة": counters of comments, views and shares.
    # A bare number deep in the body is a list or section number, and a bare
    # year ("2011") a timeline heading: both are content.
    _rule(
        "counter",
        r"^(?!(?:1[89]|20)\d\d$)\d[\d.,]*\s*(?:k|ألف|الف)?\s*"
        r"(?:تعليق|تعليقات|تعليقا|مشاهدة|مشاهدات|قراءة|قراءات|إعجاب|مشاركة|مشاركات"
        r"|comments?|views?|shares?|likes?)?$",
        max_words=4,
        zones=EDGES,
    ),
    _rule(
        "counter",
        r"^(?:مشاهدات|المشاهدات|عدد المشاهدات|قراءات|عدد القراءات|views|comments)"
        r"\s*[:：]?\s*[\d.,]+$",
        max_words=4,
    ),
    _rule(
        "comment_prompt",
        r"^(?:اترك|أترك|أضف|اضف|اكتب|شاركنا|أرسل|ارسل)\s+(?:ردا|رد|تعليقا|تعليقك|تعليق|رأيك)"
        r"|لن يتم نشر (?:عنوان )?(?:بريدك|البريد)"
        r"|الحقول (?:الإلزامية|المطلوبة)|الحقول التي عليها علامة"
        r"|^(?:التعليقات|تعليقات|أحدث التعليقات|عدد التعليقات|إرسال التعليق|نشر التعليق)"
        r"\s*[:(\d)]*$"
        r"|يجب (?:أن تكون|عليك) (?:مسجلا|مسجل الدخول|تسجيل الدخول)"
        r"|^(?:تعليقات الزوار|تعليقات القراء|آراء القراء|أضف تعليقا|كن أول من يعلق)"
        r"|^(?:شروط النشر|سياسة التعليقات|قواعد التعليق|ضوابط التعليق)\s*[:：]"
        r"|^(?:المرجو|يرجى|نرجو|الرجاء|رجاء)\b.*(?:آداب|أدب) الحوار"
        r"|^(?:الاسم|البريد الإلكتروني|التعليق|الموقع الإلكتروني)\s*\*?$"
        r"|^(?:leave a (?:reply|comment)|your email address will not be published)",
        max_words=30,
        sentence_ok=True,
    ),
    _rule(
        "read_also",
        r"^(?:اقرأ|إقرأ|اقرئي|طالع|شاهد|تابع|اطلع)\s+(?:أيضا|ايضا|كذلك|المزيد)"
        r"|^(?:أخبار|مواضيع|موضوعات|مقالات|روابط|قصص)\s+(?:ذات صلة|متعلقة|مشابهة)\s*[:：]?$"
        r"|^(?:ذات صلة|قد يهمك|قد يعجبك|المزيد من الأخبار|الأكثر قراءة|اقرأ المزيد|للمزيد)"
        r"\s*[:：|/]"
        r"|^(?:ذات صلة|قد يهمك|قد يعجبك|المزيد من الأخبار|الأكثر قراءة|اقرأ المزيد)$"
        r"|^(?:read (?:also|more)|see also|related)\b",
        max_words=45,
        sentence_ok=True,
    ),
    _rule(
        "byline",
        r"(?:^|[-–—|/:]\s*)(?:فريق|هيئة|قسم|أسرة|سكرتارية) (?:التحرير|الأخبار)$"
        # "تقرير:" and "متابعة:" also open headlines ("تقرير: 95% من سكان العالم ..."),
        # so only the unambiguous credits take a colon, and only before a short name.
        r"|^(?:بقلم|كتب|كتبت|كتبه|كتابة|تحرير|إعداد|ترجمة|مراسل|مراسلة|مراسلنا)\s*[:：]"
        r"\s*\S+(?:\s+\S+){0,4}$"
        r"|^(?:بقلم|كتبه)\s+\S+(?:\s+\S+){0,4}$"
        r"|^\S+(?:\s+\S+){0,2}\s*[-–—]\s*(?:خاص|وكالات|متابعات|فريق التحرير)$"
        r"|^(?:خاص|متابعات|وكالات)\s*(?:[-–—:]\s*\S+(?:\s+\S+){0,2}\s*)?$"
        # "فرانس24/ أ ف ب", "*نقلاً عن الرؤية الإماراتية": where the piece came from.
        rf"|^\S+(?:\s\S+)?\s*/\s*(?:{_CREDITS})$"
        r"|^\*+\s*(?:نقلا عن|نقلاً عن|عن|المصدر)\s*[:：]?\s*\S+(?:\s+\S+){0,4}$"
        # "(إعداد سارة يوسف - تحرير نادر عبد الله)": a wire desk's credit.
        r"|^\((?:إعداد|تحرير|كتابة|ترجمة)\b[^()]*\)$"
        # "المصدر: الجزيرة + وكالات" closing an article.
        r"|^المصدر\s*[:：]\s*\S+(?:\s*[+،,و&]\s*\S+){0,3}$",
        max_words=14,
    ),
    _rule(
        "caption",
        rf"(?:المصدر|مصدر الصورة|الصورة|صورة|تصوير|حقوق الصورة|حقوق النشر)\s*[:：]?\s*"
        rf"\(?(?:{_CREDITS})\)?\s*$"
        rf"|[(\[](?:{_CREDITS})[)\]]\s*$"
        r"|^(?:صورة|الصورة)\s*(?:أرشيفية|تعبيرية|من الأرشيف)"
        r"|(?:صورة|الصورة)\s*(?:أرشيفية|تعبيرية)\s*/"
        r"|(?:صورة|الصورة)\s*(?:أرشيفية|تعبيرية)\s*[)\]]?$"
        r"|^تصوير\s*[:：]|^(?:photo|image|credit)\s*[:：]|(?:^|[-–(/]\s*)تصوير\s*[:：]"
        r"|(?:^|[-–(]\s*)(?:مصدر الصورة|حقوق الصورة)\s*[:：،,]|^التعليق على الصورة\s*[:：،,]"
        r"|^(?:صورة )?(?:أرشيفية|تعبيرية)$|^\((?:صورة|الصورة)\b[^()]*\)$"
        # "(عمر الحلبي/الأناضول)": photographer and agency; "- أرشيفية": archive picture.
        r"|\([^()/\d]{2,40}/[^()\d]{2,40}\)\s*$|[-–(]\s*أرشيفية\b",
        max_words=25,
        unless=_REPORTING,
    ),
    _rule(
        "share",
        r"^(?:شارك|شاركوا|انشر|share)\s*(?:هذا|هذه|المقال|الخبر|الموضوع|المنشور|القصة|عبر|على|via|on"
        r"|this|[:：]|$)"
        r"|^(?:مشاركة|المشاركة)\s*(?:عبر|على|[:：]|$)"
        r"|^(?:تابعونا|تابعنا|تابعوا|تابع|اشترك|اشتركوا|انضم|انضموا|follow us|subscribe)\b"
        rf".*(?:{_NETWORKS}|قناتنا|صفحتنا|حسابنا|النشرة البريدية|تطبيقنا)"
        r"|^(?:حمل|حمّل|نزل|نزّل)\s+(?:تطبيق|التطبيق)"
        r"|^(?:تابعونا|تابعنا|تابعوا)\b.{0,30}\b(?:على|عبر)\s*[:：]?$"
        rf"|^(?:(?:{_SOCIAL})[\s,،|/•·-]*)+$"
        r"|^(?:رابط مختصر|الرابط المختصر|short ?link)\s*[:：]?",
        max_words=12,
    ),
    # The app prompt some outlets close with, a full sentence:
    # "يمكنكم تسلم إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق ...".
    _rule(
        "share",
        r"(?:إشعارات|تنبيهات).*(?:تحميل|تنزيل)\s+(?:أحدث نسخة من\s+)?(?:تطبيق|التطبيق)"
        r"|^(?:لمتابعة|للمتابعة|لمشاهدة)\b.*(?:اضغط|انقر) هنا",
        max_words=30,
        sentence_ok=True,
    ),
    _rule(
        "copyright",
        r"©|\(c\)|^copyright|all rights reserved"
        r"|^\W*(?:جميع الحقوق|الحقوق|حقوق النشر|حقوق الطبع)\s+(?:محفوظة|مكفولة)",
        max_words=20,
        sentence_ok=True,
    ),
    # A date line is page furniture when it is labelled ("آخر تحديث: ...") or
    # carries a clock time or weekday; a bare "15 أكتوبر" is a timeline heading.
    _rule(
        "timestamp",
        r"^(?=.*\d)(?:نشر|نُشر|تاريخ النشر|آخر تحديث|اخر تحديث|تم التحديث|تحديث|محدث|نشر في"
        r"|نشرت في|updated|published|last updated)\s*(?:في|بتاريخ|on)?\s*[:：]?\s*"
        rf"(?:(?>{_DATE_PIECE})\s*)++$"
        r"|^منذ\s+\S+\s+(?:ساعة|ساعات|ساعتين|دقيقة|دقائق|يوم|أيام|يومين|أسبوع)$",
        max_words=18,
        sentence_ok=True,
    ),
    # A full date with a clock time alone on a line is the page's own stamp.
    _rule(
        "timestamp",
        rf"^(?=.*\d{{1,2}}:\d\d)(?=.*\d{{4}})(?:(?>{_DATE_PIECE})\s*)++$",
        max_words=18,
        sentence_ok=True,
    ),
    # A date with a clock time or weekday alone on a line: the page's date at
    # the top or bottom, a timeline or schedule heading in the body.
    _rule(
        "timestamp",
        rf"^(?=.*(?:\d{{1,2}}:\d\d|{_WEEKDAYS}))(?=.*\d)(?:(?>{_DATE_PIECE})\s*)++$",
        max_words=18,
        sentence_ok=True,
        zones=EDGES,
    ),
    # A full date alone ("22 مارس 2020", "4/3/2020", "2020-03-17") is the page's
    # date at the top or bottom; in the body it heads a timeline entry.
    _rule(
        "timestamp",
        rf"^(?=.*(?:\d{{1,2}}\s*(?:{_MONTHS})\s*\d{{4}}|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}))"
        rf"(?:(?>{_DATE_PIECE})\s*)++$",
        max_words=10,
        sentence_ok=True,
        zones=EDGES,
    ),
    _rule(
        "tags",
        r"^(?:الكلمات المفتاحية|كلمات مفتاحية|الكلمات الدلالية|الوسوم|وسوم|مواضيع ذات علاقة"
        r"|التصنيفات|تصنيفات|tags|keywords)\s*[:：]",
        max_words=40,
        sentence_ok=True,
    ),
    # A short run of hashtags ("#إدلب #الأمم المتحدة #هطاي"); a longer line that
    # opens with one is a sentence written with hashtags ("#حسن_الرداد قرر ...").
    _rule("tags", r"^(?:الموضوعات|المواضيع)\s*[:：]", max_words=25, zones=EDGES),
    _rule("tags", r"^(?=(?:.*#){2})#\S+(?:\s+\S+)*$", max_words=12),
    _rule(
        "disclaimer",
        r"(?:المقال|المقالات|التدوينة|الآراء|المنشورة|مقالات الرأي|هذا التقرير).*(?:"
        r"(?:تمثل|تعبر عن|يعبر عن)\s+(?:رأي|آراء)\s+"
        r"(?:كاتبها|كتابها|الكاتب|الكاتبة|كاتبه|أصحابها|صاحبها)"
        r"|لا (?:تعكس|يعكس|تعبر|يعبر) بالضرورة(?: عن)? (?:وجهة نظر|رأي|موقف|توجهات))",
        max_words=45,
        sentence_ok=True,
    ),
    _rule("separator", r"^[-_=*•·~.#]{3,}(?:\s+[-_=*•·~.#]+)*$", max_words=6),
    _rule(
        "advert",
        r"^(?:إعلان|اعلان|مساحة إعلانية|محتوى مدعوم|advertisement|sponsored)$",
        max_words=3,
    ),
    _rule("link", r"^(?:https?://|www\.)\S+$", max_words=1),
    # Datelines on a line of their own between the headline and the first
    # paragraph: "سوريا 24 - إدلب", "سامر العلي-ريف إدلب", "جنين / نبض الضفة".
    # In the body and at the foot such lines are lists ("66- الجزائر",
    # "معتز التلا - ممثل سوري").
    _rule(
        "byline",
        r"^(?!(?:تقرير|عاجل|فيديو|بالفيديو|بالصور|شاهد|خاص)\b)(?!\d)(?!.*[-–—/].*[-–—/])"
        r"(?:[^.:!؟?«»\"]{2,30}?\s[-–—/]\s[^\d.:!؟?«»\"]{2,30}"
        r"|[^.:!؟?«»\"\s]{2,30}(?:\s[^.:!؟?«»\"\s]{2,30})?-[^\d.:!؟?«»\"]{2,30})$",
        max_words=6,
        zones=HEAD,
    ),
    # Signatures, at the top or the bottom: "كتب محمد أسامة", "ع. بوزيد".
    _rule(
        "byline",
        r"^(?:كتب|كتبت)\s+\S+(?:\s+\S+){1,3}$|^\S\.\s*\S+$",
        max_words=4,
        zones=EDGES,
    ),
    _rule("byline", r"^\S+(?:\s\S+)?\s*[-–—]\s*خاص\b", max_words=8, zones=EDGES),
    # "بغداد: علي الساعدي" under the headline; after the last paragraph the same
    # shape is a line-up or a credit list ("حراسة المرمى: محمد الشناوي").
    _rule(
        "byline",
        r"^(?!(?:تقرير|عاجل|فيديو|بالفيديو|بالصور|شاهد)\b)\S+(?:\s\S+)?\s*[:：]\s*[«\"]?"
        r"[^\d:!؟?\s]+(?:\s[^\d:!؟?\s]+)?[»\"]?$"
        r"|^[^\d:!؟?\s]+(?:\s[^\d:!؟?\s]+)?\s*[:：]$",
        max_words=4,
        zones=HEAD,
    ),
    # A short line under the headline that ends with a credit in brackets is the
    # picture's caption: "عائلات نازحة على طريق باب الهوى (سوريا 24)".
    _rule(
        "caption",
        r"[(\[](?![\d\s/–-]+[)\]])[^()\[\]]{2,25}[)\]]\s*$|^\([^()]{2,40}\)$",
        max_words=20,
        unless=_REPORTING,
        zones=HEAD,
    ),
)

_LONGEST_RULE = max(rule.max_words for rule in RESIDUE_RULES)

#: A line longer than this is article text whatever it looks like.
MAX_RESIDUE_CHARS = 1500

_SENTENCE_END = re.compile(r"[.!؟?…][\"'”»)\s]*$")


# Tatweel standing alone between spaces is a dash ("ريف إدلب ــ عامر حسين"),
# and must survive folding, which drops tatweel.
_TATWEEL_DASH = re.compile("(?<=\\s)\u0640+(?=\\s)")


def classify_line(line: str, *, zone: Zone = "head") -> str | None:
    """The residue reason for one stripped line, or None when it is (or may be) content.

    `zone` says where the line sits; counters, datelines and signatures are
    only taken for furniture at the page's edges.
    """
    if len(line) > MAX_RESIDUE_CHARS or len(line.split()) > _LONGEST_RULE:
        return None
    # One space between words: the patterns then never backtrack over long runs.
    folded = " ".join(fold_arabic(_TATWEEL_DASH.sub("-", line)).split())
    if not folded:
        return None
    words = len(folded.split())
    is_sentence = bool(_SENTENCE_END.search(folded)) and words > 3
    for rule in RESIDUE_RULES:
        if words > rule.max_words or (is_sentence and not rule.sentence_ok):
            continue
        if zone not in rule.zones:
            continue
        if rule.pattern.search(folded) and not (rule.unless and rule.unless.search(folded)):
            return rule.reason
    return None
