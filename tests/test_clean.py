from __future__ import annotations

import rasid
from rasid.model import Article
from rasid.pipeline import Pipeline


def test_residue_lines_are_removed_with_their_reasons(scraped_article: str) -> None:
    document = rasid.analyze(scraped_article)
    assert [(r.line, r.reason) for r in document.removed] == [
        (2, "repeated_headline"),
        (3, "byline"),
        (4, "caption"),
        (5, "counter"),
        (11, "read_also"),
        (17, "comment_prompt"),
        (19, "comment_prompt"),
    ]


def test_sub_heading_is_kept_as_content(scraped_article: str) -> None:
    assert "\nمعاناة مستمرة\n" in rasid.analyze(scraped_article).text


def test_title_is_the_first_line_of_the_clean_text(scraped_article: str) -> None:
    document = rasid.analyze(scraped_article)
    assert document.title == "قوافل مساعدات جديدة تعبر معبر باب الهوى نحو مخيمات الشمال السوري"
    assert document.text.startswith(document.title + "\n")


def test_source_is_taken_from_a_team_byline(scraped_article: str) -> None:
    assert rasid.analyze(scraped_article).article.source == "شبكة الرصد"
    assert rasid.analyze(scraped_article, source="عنب بلدي").article.source == "عنب بلدي"


def test_broken_words_are_repaired_and_recorded(scraped_article: str) -> None:
    document = rasid.analyze(scraped_article)
    assert [(r.raw, r.fixed) for r in document.repairs] == [
        ("النـ.ـازحين", "النازحين"),
        ("الـ.ـقصف", "القصف"),
    ]
    for repair in document.repairs:
        assert document.text[repair.start : repair.end] == repair.fixed
        assert scraped_article[repair.raw_start : repair.raw_end] == repair.raw


def test_every_clean_character_maps_back_to_the_same_raw_character(scraped_article: str) -> None:
    document = rasid.analyze(scraped_article)
    raw = document.article.raw_text
    for offset, char in enumerate(document.text):
        assert raw[document.offsets.to_raw(offset)] == char


def test_bidi_controls_are_stripped_but_diacritics_and_hamza_kept() -> None:
    document = rasid.analyze("\u200fقالَ المسؤول\u200e إنّ الهدنة مستمرة في إدلب حتى الآن.\u202c")
    assert document.text == "قالَ المسؤول إنّ الهدنة مستمرة في إدلب حتى الآن."


def test_a_long_first_paragraph_is_not_taken_for_a_title() -> None:
    text = (
        "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في العاصمة أنقرة بعد توقف دام "
        "شهرين كاملين بسبب الخلافات حول آلية مراقبة وقف إطلاق النار في محافظة إدلب شمال غرب سوريا.\n"
        "وأضاف أن الجانبين اتفقا على مواصلة التنسيق."
    )
    assert rasid.analyze(text).title is None


def test_similar_line_far_below_the_title_is_kept() -> None:
    text = "تدريبات مشتركة بين تركيا وروسيا\nفقرة أولى من الخبر.\nفقرة ثانية.\nتدريبات مشتركة بين تركيا وروسيا"
    assert rasid.analyze(text).removed == ()


def test_crlf_line_endings_give_the_same_text() -> None:
    unix = "عنوان الخبر\nفقرة أولى من الخبر.\n0\nفقرة ثانية."
    assert rasid.analyze(unix.replace("\n", "\r\n")).text == rasid.analyze(unix).text


def test_clean_stage_is_pure(scraped_article: str) -> None:
    article = Article(raw_text=scraped_article)
    assert Pipeline().run(article) == Pipeline().run(article)
    assert article.raw_text == scraped_article


def test_a_page_without_paragraphs_keeps_what_only_position_would_call_residue() -> None:
    document = rasid.analyze("0\nاترك رد\n")
    assert [(r.line, r.reason) for r in document.removed] == [(2, "comment_prompt")]
    assert document.text == "0"


def test_links_under_a_bare_read_also_line_go_with_it() -> None:
    text = (
        "عنوان الخبر\nفقرة أولى من الخبر تشرح ما جرى.\nاقرأ أيضاً:\n"
        "ماذا تعرف عن حزب العمال الكردستاني؟\nإعلان الأكراد للنظام الفيدرالي في شمال سوريا\n"
        "وتقول المقاتلة إن الوضع تغير كثيراً منذ ذلك الحين.\nفقرة أخيرة.\n"
    )
    document = rasid.analyze(text)
    assert [(r.line, r.reason) for r in document.removed] == [
        (3, "read_also"),
        (4, "read_also"),
        (5, "read_also"),
    ]
    assert "وتقول المقاتلة" in document.text


def test_timeline_headings_in_the_body_are_kept() -> None:
    body = "\n".join(f"فقرة رقم {n} من الخبر تروي ما جرى في ذلك اليوم." for n in range(8))
    text = f"عنوان\n{body}\n2011\nفقرة عن عام 2011.\n15 أكتوبر\nفقرة عن ذلك اليوم.\n{body}"
    assert rasid.analyze(text).removed == ()


def test_reworded_headline_under_the_title_is_dropped() -> None:
    text = (
        "إصابة 43 شخصاً بتسمم غذائي بعد تناول وجبات من مطعم في الزرقاء\n"
        "43 إصابة بالتسمم من مطعم شاورما في الزرقاء\n"
        "أعلنت مديرية الصحة في محافظة الزرقاء أن 43 شخصاً أصيبوا بحالات تسمم غذائي بعد تناولهم "
        "وجبات من أحد المطاعم الشعبية، وأن جميع المصابين غادروا المستشفى.\n"
    )
    assert [(r.line, r.reason) for r in rasid.analyze(text).removed] == [(2, "repeated_headline")]


def test_lead_sentence_restating_the_title_is_kept() -> None:
    text = (
        "أسعار النفط ترتفع بدعم من مكاسب الأسهم\n"
        "سجلت أسعار النفط ارتفاعا، الثلاثاء، بدعم من المكاسب التي حققتها الأسهم والمخاوف بشأن "
        "الإمدادات\n"
        "وقال متعاملون إن السوق تترقب بيانات المخزونات الأمريكية.\n"
    )
    assert rasid.analyze(text).removed == ()


def test_datelines_under_the_headline_are_bylines_but_lists_in_the_body_are_kept() -> None:
    body = "أعلنت الوزارة اليوم عن خطة جديدة لدعم المزارعين في المحافظات الجنوبية تشمل قروضاً ميسرة وبذوراً محسنة."
    text = f"عنوان الخبر\nسوريا 24 - إدلب\nريف إدلب ــ عامر حسين\n{body}\n66- الجزائر\n{body}\n"
    assert [(r.line, r.reason) for r in rasid.analyze(text).removed] == [
        (2, "byline"),
        (3, "byline"),
    ]


def test_comment_policy_at_the_foot_does_not_count_as_a_paragraph() -> None:
    body = "أعلنت الوزارة اليوم عن خطة جديدة لدعم المزارعين في المحافظات الجنوبية تشمل قروضاً ميسرة وبذوراً محسنة."
    policy = (
        "شروط النشر: عدم الإساءة للكاتب أو للأشخاص أو للمقدسات أو مهاجمة الأديان أو الذات الإلهية "
        "والابتعاد عن التحريض الطائفي والعنصري والشتائم."
    )
    text = f"عنوان الخبر\n{body}\nتعليقات الزوار\n4\n{policy}\n"
    assert [r.reason for r in rasid.analyze(text).removed] == [
        "comment_prompt",
        "counter",
        "comment_prompt",
    ]


def test_stray_zero_width_characters_between_words_are_dropped() -> None:
    document = rasid.analyze("عنوان\nقال\u200b المسؤول \ufeffإن الهدنة مستمرة في إدلب حتى الآن.")
    assert document.text == "عنوان\nقال المسؤول إن الهدنة مستمرة في إدلب حتى الآن."
    assert document.repairs == ()


def test_a_bidi_mark_inside_a_broken_word_does_not_stop_the_repair() -> None:
    document = rasid.analyze("عنوان\nتضييق الخـ.\u200fـناق على الجماعات المسلحة في المنطقة.")
    assert [(r.raw, r.fixed) for r in document.repairs] == [("الخـ.\u200fـناق", "الخناق")]
