from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    MalformedRecord,
    NoArticleText,
    NotArabic,
    UndecodableInput,
)
from rasid.model import Article
from rasid.readers import detect_format, iter_input_files, read_paths
from rasid.readers.decode import decode_bytes
from rasid.settings import Options, load_options

BODY = (
    "قال المتحدث باسم الوزارة إن القافلة عبرت المعبر صباح اليوم.\nوأضاف أن قوافل أخرى ستصل لاحقاً."
)


def read_one(path: Path, options: Options | None = None) -> Article | InputError:
    results = list(read_paths([path], options or Options()))
    assert len(results) == 1
    return results[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_text_file_is_decoded_in_its_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(BODY.encode(encoding))
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.raw_text == BODY


def test_text_file_keeps_its_path_as_external_id(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(BODY, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.external_id == str(path)


def test_empty_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    error = read_one(path)
    assert isinstance(error, EmptyInput)
    assert str(error).startswith(str(path))


def test_binary_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert isinstance(read_one(path), BinaryInput)


def test_undecodable_bytes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes((137 * i + 11) % 128 + 128 for i in range(3000)))
    error = read_one(path)
    assert isinstance(error, UndecodableInput | NotArabic)
    assert str(path) in str(error)


def test_file_over_the_size_limit_is_reported_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    error = read_one(path)
    assert isinstance(error, InputTooLarge)
    assert "52,428,800 bytes" in str(error)


def test_text_that_is_not_arabic_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "english.txt"
    path.write_text(
        "The ministry said the convoy crossed the border this morning.", encoding="utf-8"
    )
    error = read_one(path)
    assert isinstance(error, NotArabic)
    assert "0% of letters are Arabic" in str(error)


def test_missing_path_is_reported(tmp_path: Path) -> None:
    assert isinstance(read_one(tmp_path / "nowhere.txt"), InputError)


HTML = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>عبور قافلة مساعدات من باب الهوى | شبكة الرصد</title>
<meta property="og:title" content="عبور قافلة مساعدات من باب الهوى">
<meta property="article:published_time" content="2020-03-12T09:30:00+03:00">
<script>var banner = "نص دعائي لا يخص الخبر"; document.write(banner);</script>
<style>body {{ direction: rtl; }}</style></head>
<body><nav><a href="/">الرئيسية</a> <a href="/sy">سوريا</a></nav>
<article><h1>عبور قافلة مساعدات من باب الهوى</h1>
<p>عبرت صباح اليوم قافلة تضم أربعين شاحنة من المساعدات الإنسانية معبر باب الهوى الحدودي متجهة إلى مخيمات النازحين في ريف إدلب الشمالي.</p>
<script>trackView("قراءة المقال");</script>
<p>وقال مسؤول في إدارة المعبر إن القافلة تحمل مواد غذائية وطبية، مضيفاً أن قوافل أخرى ستصل خلال الأسبوع المقبل إلى المنطقة.</p>
</article><footer>جميع الحقوق محفوظة © 2020</footer></body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "windows-1256"])
def test_html_page_gives_title_body_and_date_without_scripts(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(HTML.format(charset=charset).encode(charset))
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.title is not None and "عبور قافلة مساعدات من باب الهوى" in article.title
    assert article.raw_text.startswith("عبور قافلة مساعدات من باب الهوى")
    assert "أربعين شاحنة" in article.raw_text
    assert "نص دعائي" not in article.raw_text
    assert "trackView" not in article.raw_text
    assert "الرئيسية" not in article.raw_text
    assert article.published is not None and article.published.date().isoformat() == "2020-03-12"


def test_html_page_with_only_scripts_has_no_article_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>alert('مرحبا')</script></body></html>", encoding="utf-8")
    error = read_one(path)
    assert isinstance(error, NoArticleText | EmptyInput)
    assert str(path) in str(error)


def _record(**fields: str) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_jsonl_reads_every_record_and_keeps_its_id(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        _record(
            id="a-1",
            source="الجزيرة",
            title="عنوان أول",
            text=BODY,
            published="2020-03-12T10:00:00+03:00",
        ),
        _record(id="a-2", source="سكاي نيوز", title="عنوان ثان", text=BODY + " إضافة."),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = list(read_paths([path], Options()))
    assert [a.external_id for a in articles if isinstance(a, Article)] == ["a-1", "a-2"]
    first = articles[0]
    assert isinstance(first, Article)
    assert first.raw_text.startswith("عنوان أول\n")
    assert first.published == datetime.fromisoformat("2020-03-12T10:00:00+03:00")
    assert first.origin == f"{path}:1"


def test_jsonl_field_names_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(_record(uid="x9", body=BODY, headline="عنوان") + "\n", encoding="utf-8")
    options = load_options(None, jsonl_fields="id=uid,text=body,title=headline")
    article = read_one(path, options)
    assert isinstance(article, Article)
    assert article.external_id == "x9"
    assert article.title == "عنوان"


def test_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(_record(id="g1", text=BODY) + "\n")
    assert isinstance(read_one(path), Article)


def test_bad_jsonl_lines_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        "\n".join(
            [
                _record(id="ok-1", text=BODY),
                "{not json",
                "[1, 2]",
                _record(id="no-text", title="عنوان"),
                _record(id="bad-date", text=BODY, published="yesterday"),
                _record(id="english", text="Only English words here."),
                _record(id="ok-2", text=BODY + " تكملة."),
            ]
        ).encode("utf-8")
        + b"\n\xff\xfe broken\n"
    )
    results = list(read_paths([path], Options()))
    assert [r.external_id for r in results if isinstance(r, Article)] == ["ok-1", "ok-2"]
    failures = [r for r in results if isinstance(r, InputError)]
    assert [f.origin for f in failures] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6, 8)]
    assert all(isinstance(f, MalformedRecord) for f in failures if not isinstance(f, NotArabic))
    assert "invalid JSON" in failures[0].reason
    assert "no text in field 'text'" in failures[2].reason


def test_directories_are_read_recursively_skipping_hidden_and_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("a/one.txt", "a/b/two.html", "a/b/three.jsonl", ".git/four.txt", "a/notes.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert found == ["a/b/three.jsonl", "a/b/two.html", "a/one.txt"]


def test_format_of_an_unnamed_file_is_sniffed(tmp_path: Path) -> None:
    page, feed = tmp_path / "page", tmp_path / "feed"
    page.write_text("<!doctype html><html></html>", encoding="utf-8")
    feed.write_text('{"text": "نص"}', encoding="utf-8")
    assert (detect_format(page), detect_format(feed)) == ("html", "jsonl")


SENTENCE = (
    "قال الوزير إن الهدنة مستمرة في إدلب وأضاف أن القوات التركية والروسية ستواصل الدوريات "
    "على طريق حلب اللاذقية بعد توقف دام أسبوعين بسبب الأوضاع الأمنية"
)
WORDS = st.sampled_from(SENTENCE.split())


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=80), st.sampled_from(["utf-8", "utf-16", "cp1256"]))
def test_arabic_text_survives_any_supported_encoding(words: list[str], encoding: str) -> None:
    text = " ".join(words) + "."
    decoded, _ = decode_bytes(text.encode(encoding), "generated.txt")
    assert decoded == text


def test_short_cp1256_text_is_not_taken_for_a_cjk_code_page() -> None:
    text = "الوزير الوزير الوزير الوزير الوزير الوزير."
    assert decode_bytes(text.encode("cp1256"), "short.txt") == (text, "cp1256")


def test_three_bytes_of_cp1256_still_decode() -> None:
    assert decode_bytes("إن.".encode("cp1256"), "tiny.txt") == ("إن.", "cp1256")


def test_bom_less_utf16_arabic_is_text_not_binary() -> None:
    text = "قال المتحدث باسم الوزارة إن القافلة عبرت المعبر."
    assert decode_bytes(text.encode("utf-16-le"), "le.txt") == (text, "utf-16-le")
    assert decode_bytes(text.encode("utf-16-be"), "be.txt") == (text, "utf-16-be")


def test_a_wrong_latin1_declaration_does_not_hide_windows_1256() -> None:
    text = "قال المتحدث باسم الوزارة إن القافلة عبرت المعبر صباح اليوم."
    decoded, encoding = decode_bytes(text.encode("cp1256"), "page.html", declared="iso-8859-1")
    assert (decoded, encoding) == (text, "cp1256")


def test_one_stray_byte_in_utf8_costs_one_character() -> None:
    text = "قال المتحدث باسم الوزارة إن القافلة عبرت المعبر صباح اليوم متجهة إلى المخيمات."
    decoded, encoding = decode_bytes(text.encode("utf-8") + b"\xd8", "cut.txt")
    assert encoding == "utf-8"
    assert decoded == text + "\ufffd"


def test_jsonl_with_a_byte_order_mark_and_upper_case_suffix(tmp_path: Path) -> None:
    path = tmp_path / "DUMP.JSONL.GZ"
    with gzip.open(path, "wb") as stream:
        stream.write(b"\xef\xbb\xbf" + _record(id="g1", text=BODY).encode("utf-8") + b"\n")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.external_id == "g1"


@pytest.mark.parametrize(
    ("value", "expected"), [(7, "7"), (7.0, "7"), ("a-1", "a-1"), (True, None), ({"x": 1}, None)]
)
def test_jsonl_ids_are_text_or_numbers_only(
    tmp_path: Path, value: object, expected: str | None
) -> None:
    path = tmp_path / "ids.jsonl"
    path.write_text(
        json.dumps({"id": value, "text": BODY}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.external_id == expected


def test_a_title_that_is_part_of_the_first_line_is_still_put_first(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    record = {
        "id": "t",
        "title": "الواقعية",
        "text": "الواقعية في كرة القدم ليست عيباً كما يظن كثيرون.\nفقرة.",
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.raw_text.startswith("الواقعية\nالواقعية في كرة القدم")


def test_a_text_file_is_known_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    article = read_one(Path("a.txt"))
    assert isinstance(article, Article)
    assert article.external_id == str(tmp_path / "a.txt")


def test_a_json_array_of_records_is_read_record_by_record(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    records = [{"id": "x1", "text": BODY}, {"id": "x2"}, {"id": "x3", "text": BODY + " ثم."}]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    results = list(read_paths([path], Options()))
    assert [r.external_id for r in results if isinstance(r, Article)] == ["x1", "x3"]
    assert [r.origin for r in results if isinstance(r, InputError)] == [f"{path}#1"]
