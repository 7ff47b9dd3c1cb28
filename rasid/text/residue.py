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

from rasid.text.normalize import fold_arabic

__all__ = ["RESIDUE_RULES", "ResidueRule", "classify_line"]

# Agencies and picture credits seen at the end of captions.
_CREDITS = (
    r"الأناضول|رويترز|أ ?ف ?ب|أ\.ف\.ب|فرانس برس|فرانس ?بريس|أسوشيتد برس|أ ?ب|د ?ب ?أ|إ ?ب ?أ"
    r"|سانا|سبوتنيك|تاس|واس|وام|قنا|كونا|بترا|شينخوا|الإنترنت|إنترنت|أرشيف|أرشيفية|الأرشيف"
    r"|مواقع التواصل(?: الاجتماعي)?|تويتر|فيسبوك|إكس|غيتي|جيتي|غيتي إيميجز|getty(?: images)?"
    r"|afp|reuters|ap|epa|anadolu|social media"
)

_SOCIAL = (
    r"فيسبوك|فيس بوك|تويتر|إكس|واتساب|واتس ?آب|تلغرام|تليغرام|تيليغرام|تليجرام|لينكدإن|لينكد إن"
    r"|انستغرام|إنستغرام|انستجرام|يوتيوب|تيك ?توك|ماسنجر|البريد الإلكتروني|إيميل|طباعة|نسخ الرابط"
    r"|facebook|twitter|whatsapp|telegram|linkedin|instagram|youtube|tiktok|messenger|email"
    r"|e-mail|print|pinterest|reddit|x"
)

_MONTHS = (
    r"كانون الثاني|كانون الأول|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني"
    r"|يناير|فبراير|مارس|أبريل|إبريل|ابريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|سبتمبر|أكتوبر"
    r"|نوفمبر|ديسمبر|جانفي|فيفري|أفريل|ماي|جوان|جويلية|أوت|شتنبر|نونبر|دجنبر|يونيو"
    r"|محرم|صفر|ربيع الأول|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الآخرة|رجب|شعبان|رمضان"
    r"|شوال|ذو القعدة|ذو الحجة"
)
_WEEKDAYS = r"السبت|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة"
_CLOCK = r"ص|م|صباحا|صباحاً|مساء|مساءً|ظهرا|ظهراً|gmt|utc|am|pm|بتوقيت \S+|غرينتش|جرينتش"
_DATE_PIECE = rf"(?:\d+|{_MONTHS}|{_WEEKDAYS}|{_CLOCK}|الساعة|هـ|م\.|[-/:.,،|()]+)"


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
    edge_only: bool = False
    """Applies only near the top or bottom of the page, where page furniture sits."""


def _rule(
    reason: str,
    pattern: str,
    *,
    max_words: int,
    sentence_ok: bool = False,
    unless: str | None = None,
    edge_only: bool = False,
) -> ResidueRule:
    return ResidueRule(
        reason=reason,
        pattern=re.compile(fold_arabic(pattern), re.IGNORECASE),
        max_words=max_words,
        sentence_ok=sentence_ok,
        unless=re.compile(fold_arabic(unless), re.IGNORECASE) if unless else None,
        edge_only=edge_only,
    )


# Verbs and phrases of reported speech: a line holding one is a sentence of the
# article ("..., وفقا لما ذكرته وكالة الأنباء السعودية (واس)"), not a caption.
_REPORTING = (
    r"\b(?:قال|قالت|أعلن|أعلنت|ذكر|ذكرت|أفاد|أفادت|أكد|أكدت|أوضح|أوضحت|وفقا|وفقاً|بحسب|حسب"
    r"|نقلا|نقلاً|أضاف|أضافت|أشار|أشارت|صرح|صرحت)\b"
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
        edge_only=True,
    ),
    _rule(
        "comment_prompt",
        r"^(?:اترك|أترك|أضف|اضف|اكتب|شاركنا|أرسل|ارسل)\s+(?:ردا|رد|تعليقا|تعليقك|تعليق|رأيك)"
        r"|لن يتم نشر (?:عنوان )?(?:بريدك|البريد)"
        r"|الحقول (?:الإلزامية|المطلوبة)|الحقول التي عليها علامة"
        r"|^(?:التعليقات|تعليقات|أحدث التعليقات|عدد التعليقات|إرسال التعليق|نشر التعليق)"
        r"\s*[:(\d)]*$"
        r"|يجب (?:أن تكون|عليك) (?:مسجلا|مسجل الدخول|تسجيل الدخول)"
        r"|^(?:leave a (?:reply|comment)|your email address will not be published)",
        max_words=16,
        sentence_ok=True,
    ),
    _rule(
        "read_also",
        r"^(?:اقرأ|إقرأ|اقرئي|طالع|شاهد|تابع|اطلع)\s+(?:أيضا|ايضا|كذلك|المزيد)"
        r"|^(?:أخبار|مواضيع|مقالات|روابط|قصص)\s+(?:ذات صلة|متعلقة|مشابهة)"
        r"|^(?:ذات صلة|قد يهمك|قد يعجبك|المزيد من الأخبار|الأكثر قراءة|اقرأ المزيد|للمزيد)"
        r"\s*[:：|/]"
        r"|^(?:ذات صلة|قد يهمك|قد يعجبك|المزيد من الأخبار|الأكثر قراءة|اقرأ المزيد)$"
        r"|^(?:read (?:also|more)|see also|related)\b",
        max_words=45,
        sentence_ok=True,
    ),
    _rule(
        "byline",
        r"(?:فريق|هيئة|قسم|أسرة|سكرتارية) (?:التحرير|الأخبار)$"
        # "تقرير:" and "متابعة:" also open headlines ("تقرير: 95% من سكان العالم ..."),
        # so only the unambiguous credits take a colon, and only before a short name.
        r"|^(?:بقلم|كتب|كتبت|كتبه|كتابة|تحرير|إعداد|ترجمة|مراسل|مراسلة|مراسلنا)\s*[:：]"
        r"\s*\S+(?:\s+\S+){0,4}$"
        r"|^(?:بقلم|كتبه|كتابة|إعداد)\s+\S+(?:\s+\S+){0,4}$"
        r"|^(?:\S+\s*){1,3}[-–—]\s*(?:خاص|وكالات|متابعات|فريق التحرير)$"
        r"|^(?:خاص|متابعات|وكالات)\s*(?:[-–—:]\s*(?:\S+\s*){1,3})?$"
        # "فرانس24/ أ ف ب", "*نقلاً عن الرؤية الإماراتية": where the piece came from.
        rf"|^\S+(?:\s?\S+)?\s*/\s*(?:{_CREDITS})$"
        r"|^\*+\s*(?:نقلا عن|نقلاً عن|عن|المصدر)\s*[:：]?\s*\S+(?:\s+\S+){0,4}$",
        max_words=8,
    ),
    _rule(
        "caption",
        rf"(?:المصدر|مصدر الصورة|الصورة|صورة|تصوير|حقوق الصورة|حقوق النشر)\s*[:：]?\s*"
        rf"\(?(?:{_CREDITS})\)?\s*$"
        rf"|[(\[](?:{_CREDITS})[)\]]\s*$"
        r"|^(?:صورة|الصورة)\s*(?:أرشيفية|تعبيرية|من الأرشيف)"
        r"|(?:صورة|الصورة)\s*(?:أرشيفية|تعبيرية)\s*[)\]]?$"
        r"|^تصوير\s*[:：]|^(?:photo|image|credit)\s*[:：]",
        max_words=25,
        unless=_REPORTING,
    ),
    _rule(
        "share",
        r"^(?:شارك|شاركوا|انشر|share)\s*(?:هذا|هذه|المقال|الخبر|الموضوع|المنشور|القصة|عبر|على|via|on|this|[:：]|$)"
        r"|^(?:مشاركة|المشاركة)\s*(?:عبر|على|[:：]|$)"
        r"|^(?:تابعونا|تابعنا|تابعوا|اشترك|اشتركوا|انضم|انضموا|follow us|subscribe)\b"
        rf".*(?:{_SOCIAL}|قناتنا|صفحتنا|حسابنا|النشرة|تطبيق)"
        r"|^(?:حمل|حمّل|نزل|نزّل)\s+(?:تطبيق|التطبيق)"
        r"|(?:تحميل|تنزيل)\s+(?:أحدث نسخة من\s+)?(?:تطبيق|التطبيق)"
        r"|^(?:لمتابعة|للمتابعة|لمشاهدة)\b.*(?:اضغط|انقر) هنا"
        rf"|^(?:(?:{_SOCIAL})[\s,،|/•·-]*)+$"
        r"|^(?:رابط مختصر|الرابط المختصر|short ?link)\s*[:：]?",
        max_words=22,
        sentence_ok=True,
    ),
    _rule(
        "copyright",
        r"©|\(c\)|copyright|all rights reserved|جميع الحقوق محفوظة|الحقوق محفوظة|حقوق النشر محفوظة"
        r"|جميع الحقوق مكفولة",
        max_words=20,
        sentence_ok=True,
    ),
    # A date line is page furniture when it is labelled ("آخر تحديث: ...") or
    # carries a clock time or weekday; a bare "15 أكتوبر" is a timeline heading.
    _rule(
        "timestamp",
        r"^(?=.*\d)(?:نشر|نُشر|تاريخ النشر|آخر تحديث|اخر تحديث|تم التحديث|تحديث|محدث|نشر في"
        r"|نشرت في|updated|published|last updated)\s*(?:في|بتاريخ|on)?\s*[:：]?\s*"
        rf"(?:{_DATE_PIECE}\s*)+$"
        rf"|^(?=.*(?:\d{{1,2}}:\d\d|{_WEEKDAYS}))(?=.*\d)(?:{_DATE_PIECE}\s*)+$"
        r"|^منذ\s+\S+\s+(?:ساعة|ساعات|ساعتين|دقيقة|دقائق|يوم|أيام|يومين|أسبوع)$",
        max_words=14,
        sentence_ok=True,
    ),
    _rule(
        "tags",
        r"^(?:الكلمات المفتاحية|كلمات مفتاحية|الكلمات الدلالية|الوسوم|وسوم|مواضيع ذات علاقة"
        r"|التصنيفات|تصنيفات|الموضوعات|tags|keywords)\s*[:：]",
        max_words=40,
        sentence_ok=True,
    ),
    _rule(
        "disclaimer",
        r"(?:تمثل|تعبر عن|يعبر عن)\s+(?:رأي|آراء)\s+"
        r"(?:كاتبها|كتابها|الكاتب|الكاتبة|كاتبه|أصحابها|صاحبها)"
        r"|لا (?:تعكس|يعكس|تعبر|يعبر) بالضرورة(?: عن)? (?:وجهة نظر|رأي|موقف)",
        max_words=45,
        sentence_ok=True,
    ),
    _rule("separator", r"^[-_=*•·~.#]{3,}$", max_words=1),
    _rule(
        "advert",
        r"^(?:إعلان|اعلان|مساحة إعلانية|محتوى مدعوم|advertisement|sponsored)$",
        max_words=3,
    ),
    _rule("link", r"^(?:https?://|www\.)\S+$", max_words=1),
)

_SENTENCE_END = re.compile(r"[.!؟?…]\s*[\"'”»)]*\s*$")


def classify_line(line: str, *, at_edge: bool = True) -> str | None:
    """The residue reason for one stripped line, or None when it is (or may be) content.

    `at_edge` says the line is near the top or bottom of the page, where
    counters and other page furniture sit.
    """
    folded = fold_arabic(line).strip()
    if not folded:
        return None
    words = len(folded.split())
    is_sentence = bool(_SENTENCE_END.search(folded)) and words > 3
    for rule in RESIDUE_RULES:
        if words > rule.max_words or (is_sentence and not rule.sentence_ok):
            continue
        if rule.edge_only and not at_edge:
            continue
        if rule.pattern.search(folded) and not (rule.unless and rule.unless.search(folded)):
            return rule.reason
    return None
