"""Web archives (WARC) and RSS/Atom feeds, written here with warcio and by hand."""

from __future__ import annotations

import io
import re
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasid.cli import app
from rasid.errors import InputError, MalformedRecord, NoArticleText
from rasid.ingest import ingest
from rasid.model import Article
from rasid.readers import detect_format, iter_input_files, read_paths
from rasid.readers.feed import html_fragment_to_text
from rasid.settings import Options
from rasid.store import SqlStore

runner = CliRunner()
SYRIA = timezone(timedelta(hours=3))

# Three short reports written for these tests, each a headline and two paragraphs.
REPORTS = {
    "convoy": (
        "قافلة مساعدات جديدة تعبر معبر باب الهوى نحو مخيمات الشمال",
        "عبرت صباح اليوم قافلة تضم أربعين شاحنة من المساعدات الإنسانية معبر باب الهوى الحدودي، "
        "متجهة إلى مخيمات النازحين في ريف إدلب الشمالي بحسب ما أعلنته إدارة المعبر.",
        "وقال مسؤول في إدارة المعبر إن القافلة تحمل مواد غذائية وطبية، مضيفاً أن قوافل أخرى "
        "ستصل خلال الأسبوع المقبل إذا سمحت الظروف بذلك.",
    ),
    "schools": (
        "وزارة التربية تعلن تعليق الدوام في المدارس أسبوعين للوقاية من فيروس كورونا",
        "أعلنت وزارة التربية في بغداد تعليق الدوام في جميع المدارس والجامعات لمدة أسبوعين "
        "ابتداءً من يوم الأحد المقبل، ضمن إجراءات الوقاية من انتشار فيروس كورونا المستجد.",
        "وقال المتحدث باسم الوزارة إن الدروس ستُبث عبر القنوات التلفزيونية التعليمية، داعياً "
        "الأهالي إلى متابعة أبنائهم والالتزام بتعليمات خلية الأزمة.",
    ),
    "oil": (
        "أسعار النفط تتراجع إلى أدنى مستوى لها منذ سنوات مع اشتداد حرب الأسعار",
        "تراجعت أسعار النفط في تعاملات اليوم إلى أدنى مستوى لها منذ عام ألفين وثلاثة، بعد "
        "إخفاق المنتجين في الاتفاق على خفض الإنتاج وتصاعد المنافسة على الحصص في الأسواق.",
        "ويرى محللون في الرياض أن استمرار حرب الأسعار سيضغط على موازنات الدول المنتجة، وأن "
        "الطلب سيبقى ضعيفاً ما دامت إجراءات الإغلاق قائمة في الاقتصادات الكبرى.",
    ),
}
CAPTURED = "2020-03-23T10:15:00Z"


def page(report: str, *, published: str | None = None) -> str:
    """A news page for one report, with a site menu and footer around the article."""
    headline, *paragraphs = REPORTS[report]
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">{meta}'
        f"<title>{headline}</title></head><body><nav><a href='/'>الرئيسية</a></nav>"
        f"<article><h1>{headline}</h1>{body}</article><footer>جميع الحقوق محفوظة</footer>"
        "</body></html>"
    )


def _response(
    writer: WARCWriter,
    url: str,
    payload: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(payload),
        http_headers=http,
        warc_headers_dict={"WARC-Date": CAPTURED},
    )
    writer.write_record(record)


def write_warc(path: Path, *, gzip: bool = False, cut: int = 0) -> Path:
    """A crawl: two pages, a request, an image, a 404 page and, last, a third page.

    `cut` drops that many bytes from the end, as a crawl killed mid-write leaves it.
    """
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    _response(
        writer,
        "https://news.example/2020/03/convoy",
        page("convoy", published="2020-03-22T09:00:00+03:00").encode(),
    )
    request = writer.create_warc_record(
        "https://news.example/2020/03/schools",
        "request",
        payload=io.BytesIO(b"GET /2020/03/schools HTTP/1.1\r\nHost: news.example\r\n\r\n"),
        warc_headers_dict={"WARC-Date": CAPTURED},
    )
    writer.write_record(request)
    _response(writer, "https://news.example/2020/03/schools", page("schools").encode())
    _response(
        writer,
        "https://news.example/logo.png",
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        content_type="image/png",
    )
    _response(writer, "https://news.example/missing", page("oil").encode(), status="404 Not Found")
    _response(writer, "https://news.example/2020/03/oil", page("oil").encode())
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) - cut])
    return path


def read_all(path: Path) -> list[Article | InputError]:
    return list(read_paths([path], Options()))


def articles_of(results: list[Article | InputError]) -> dict[str, Article]:
    return {item.url or "": item for item in results if isinstance(item, Article)}


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_response_records_become_articles_with_their_target_uri(
    tmp_path: Path, name: str
) -> None:
    results = read_all(write_warc(tmp_path / name, gzip=name.endswith(".gz")))
    assert not [item for item in results if isinstance(item, InputError)]
    found = articles_of(results)
    assert sorted(found) == [
        "https://news.example/2020/03/convoy",
        "https://news.example/2020/03/oil",
        "https://news.example/2020/03/schools",
    ]
    convoy = found["https://news.example/2020/03/convoy"]
    assert convoy.external_id == convoy.url
    assert convoy.raw_text.startswith(REPORTS["convoy"][0])
    assert REPORTS["convoy"][2] in convoy.raw_text
    assert "جميع الحقوق محفوظة" not in convoy.raw_text
    assert convoy.origin is not None and convoy.origin.startswith(f"{tmp_path / name}@")


def test_the_page_date_wins_and_the_capture_date_is_the_fallback(tmp_path: Path) -> None:
    found = articles_of(read_all(write_warc(tmp_path / "crawl.warc")))
    assert found["https://news.example/2020/03/convoy"].published == datetime(
        2020, 3, 22, 9, 0, tzinfo=SYRIA
    )
    assert found["https://news.example/2020/03/schools"].published == datetime(
        2020, 3, 23, 10, 15, tzinfo=UTC
    )


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_a_truncated_record_is_reported_with_the_file_and_the_record(
    tmp_path: Path, name: str
) -> None:
    path = write_warc(tmp_path / name, gzip=name.endswith(".gz"), cut=120)
    results = read_all(path)
    [error] = [item for item in results if isinstance(item, InputError)]
    assert isinstance(error, MalformedRecord)
    assert error.origin.startswith(f"{path}@")
    assert error.origin.endswith("https://news.example/2020/03/oil")
    assert "cut short" in error.reason
    assert len(articles_of(results)) == 2


@pytest.mark.parametrize("gzip", [False, True])
def test_reading_goes_on_after_a_record_that_does_not_parse(tmp_path: Path, gzip: bool) -> None:
    whole = write_warc(tmp_path / "whole.warc", gzip=gzip).read_bytes()
    if gzip:  # where the first gzip member ends (its compressed bytes may hold b"\x1f\x8b")
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        member.decompress(whole)
        first_record_end = len(whole) - len(member.unused_data)
    else:
        first_record_end = whole.index(b"WARC/1", 10)
    broken = tmp_path / ("broken.warc.gz" if gzip else "broken.warc")
    broken.write_bytes(
        whole[:first_record_end] + b"garbage, not a record\r\n" * 3 + whole[first_record_end:]
    )
    results = read_all(broken)
    [error] = [item for item in results if isinstance(item, InputError)]
    assert error.origin == f"{broken}@{first_record_end}"
    assert "not a readable WARC record" in error.reason
    assert len(articles_of(results)) == 3


def test_a_record_longer_than_its_content_length_says_is_reported(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "short-length.warc")
    data = path.read_bytes()
    declared = re.search(rb"Content-Length: (\d+)", data)
    assert declared is not None
    understated = str(int(declared.group(1)) - 30).encode()
    path.write_bytes(data[: declared.start(1)] + understated + data[declared.end(1) :])
    results = read_all(path)
    [error] = [item for item in results if isinstance(item, InputError)]
    assert error.origin == f"{path}@0 https://news.example/2020/03/convoy"
    assert "Content-Length" in error.reason
    assert len(articles_of(results)) == 3


def test_the_http_charset_decodes_a_windows_1256_page(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    html = page("oil").replace('<meta charset="utf-8">', "")
    _response(
        writer,
        "https://old.example/oil.asp",
        html.encode("cp1256"),
        content_type="text/html; charset=windows-1256",
    )
    path = tmp_path / "old.warc"
    path.write_bytes(buffer.getvalue())
    [article] = read_all(path)
    assert isinstance(article, Article)
    assert article.raw_text.startswith(REPORTS["oil"][0])


def test_warc_files_are_recognised_by_name_and_by_content(tmp_path: Path) -> None:
    plain = write_warc(tmp_path / "a.warc")
    gzipped = write_warc(tmp_path / "b.warc.gz", gzip=True)
    unnamed = tmp_path / "capture.dat"
    unnamed.write_bytes(plain.read_bytes())
    assert [detect_format(p) for p in (plain, gzipped, unnamed)] == ["warc", "warc", "warc"]
    assert list(iter_input_files([tmp_path])) == [plain, gzipped]


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>شبكة الرصد الإخبارية</title>
  <link>https://rasd.example/</link>
  <item>
    <title>{convoy_title}</title>
    <link>https://rasd.example/news/convoy</link>
    <guid isPermaLink="false">rasd-101</guid>
    <dc:creator>فريق التحرير</dc:creator>
    <pubDate>Mon, 23 Mar 2020 08:30:00 +0300</pubDate>
    <description><![CDATA[<p>{convoy_1}</p><p>{convoy_2}</p><script>track()</script>]]></description>
  </item>
  <item>
    <title>صورة اليوم</title>
    <guid isPermaLink="false">rasd-102</guid>
    <pubDate>Mon, 23 Mar 2020 09:00:00 +0300</pubDate>
    <description><![CDATA[<img src="https://rasd.example/p.jpg">]]></description>
  </item>
  <item>
    <title>{oil_title}</title>
    <guid isPermaLink="false">rasd-103</guid>
    <pubDate>Tue, 24 Mar 2020 11:00:00 +0300</pubDate>
    <description>&lt;p&gt;{oil_1}&lt;br/&gt;{oil_2}&lt;/p&gt;</description>
  </item>
</channel>
</rss>
""".format(
    convoy_title=REPORTS["convoy"][0],
    convoy_1=REPORTS["convoy"][1],
    convoy_2=REPORTS["convoy"][2],
    oil_title=REPORTS["oil"][0],
    oil_1=REPORTS["oil"][1],
    oil_2=REPORTS["oil"][2],
)

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>نشرة التربية</title>
  <id>urn:example:edu</id>
  <updated>2020-03-24T12:00:00+03:00</updated>
  <entry>
    <title>{title}</title>
    <id>urn:example:edu:7</id>
    <link rel="alternate" href="https://edu.example/schools"/>
    <updated>2020-03-24T12:00:00+03:00</updated>
    <summary>ملخص قصير لا يُقرأ إذا وُجد المحتوى كاملاً</summary>
    <content type="html">&lt;h2&gt;{title}&lt;/h2&gt;&lt;p&gt;{first}&lt;/p&gt;&lt;p&gt;{second}&lt;/p&gt;</content>
  </entry>
</feed>
""".format(title=REPORTS["schools"][0], first=REPORTS["schools"][1], second=REPORTS["schools"][2])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_items_become_articles_with_link_date_and_the_feed_as_source(tmp_path: Path) -> None:
    results = read_all(write(tmp_path / "rasd.rss", RSS))
    convoy, oil = (item for item in results if isinstance(item, Article))
    assert convoy.raw_text == "\n".join(REPORTS["convoy"])
    assert (convoy.url, convoy.external_id) == ("https://rasd.example/news/convoy",) * 2
    assert convoy.published == datetime(2020, 3, 23, 8, 30, tzinfo=SYRIA)
    assert convoy.source == "شبكة الرصد الإخبارية"
    assert convoy.author == "فريق التحرير"
    assert convoy.origin == f"{tmp_path / 'rasd.rss'}#0"
    # An item without a link keeps its guid as identity; a <br> starts a new line.
    assert (oil.url, oil.external_id) == (None, "rasd-103")
    assert oil.raw_text == "\n".join(REPORTS["oil"])


def test_an_entry_without_text_is_reported_and_the_others_read(tmp_path: Path) -> None:
    results = read_all(write(tmp_path / "rasd.rss", RSS))
    [error] = [item for item in results if isinstance(item, InputError)]
    assert isinstance(error, NoArticleText)
    assert error.origin == f"{tmp_path / 'rasd.rss'}#1"
    assert "صورة اليوم" in error.reason


def test_atom_content_is_preferred_to_the_summary(tmp_path: Path) -> None:
    [entry] = read_all(write(tmp_path / "edu.atom", ATOM))
    assert isinstance(entry, Article)
    assert entry.raw_text == "\n".join(REPORTS["schools"])
    assert entry.url == entry.external_id == "https://edu.example/schools"
    assert entry.published == datetime(2020, 3, 24, 12, 0, tzinfo=SYRIA)
    assert entry.source == "نشرة التربية"


def test_a_malformed_feed_is_one_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.rss", "<rss version='2.0'><channel><title>خبر</title></chan")
    [error] = read_all(path)
    assert isinstance(error, MalformedRecord)
    assert error.origin == str(path)
    assert "not well-formed" in error.reason or "not an RSS or Atom feed" in error.reason


def test_a_file_that_is_no_feed_at_all_is_reported(tmp_path: Path) -> None:
    [error] = read_all(write(tmp_path / "notes.rss", "ملاحظات المحرر، وليست خلاصة أخبار"))
    assert isinstance(error, MalformedRecord)
    assert "not an RSS or Atom feed" in error.reason


def test_a_feed_cut_short_keeps_its_whole_entries_and_is_reported(tmp_path: Path) -> None:
    cut = RSS[: RSS.index("<title>صورة اليوم")]
    results = read_all(write(tmp_path / "cut.rss", cut))
    articles = [item for item in results if isinstance(item, Article)]
    assert articles[0].url == "https://rasd.example/news/convoy"
    errors = [item for item in results if isinstance(item, MalformedRecord)]
    assert [error.origin for error in errors][-1] == str(tmp_path / "cut.rss")
    assert "not well-formed" in errors[-1].reason


def test_xml_files_in_a_folder_are_read_only_when_they_are_feeds(tmp_path: Path) -> None:
    feed = write(tmp_path / "news.xml", RSS)
    write(tmp_path / "sitemap.xml", '<?xml version="1.0"?><urlset><url/></urlset>')
    assert list(iter_input_files([tmp_path])) == [feed]
    assert detect_format(feed) == "feed"
    assert detect_format(tmp_path / "sitemap.xml") == "text"


def test_feed_html_becomes_one_line_per_paragraph() -> None:
    fragment = (
        "<div><p>الفقرة <b>الأولى</b></p><ul><li>بند</li></ul>سطر<br>آخر<style>p{}</style></div>"
    )
    assert html_fragment_to_text(fragment) == "الفقرة الأولى\nبند\nسطر\nآخر"
    assert html_fragment_to_text("نص عادي &amp; بلا وسوم") == "نص عادي &amp; بلا وسوم"


def test_rasid_ingest_stores_archives_and_feeds_and_reports_the_bad_inputs(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_warc(folder / "crawl.warc.gz", gzip=True, cut=120)
    write(folder / "rasd.rss", RSS)
    write(folder / "edu.xml", ATOM)
    write(folder / "broken.atom", "<feed><entry><title>خبر")
    db = str(tmp_path / "rasid.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert "crawl.warc.gz@" in result.stderr and "cut short" in result.stderr
    assert "rasd.rss#1" in result.stderr
    assert "broken.atom" in result.stderr
    store = SqlStore(db)
    try:
        # The convoy and schools reports came both crawled and in a feed: one article each.
        assert store.stats().articles == 3
        convoy = store.get("https://news.example/2020/03/convoy")
        assert convoy.external_ids == (
            "https://news.example/2020/03/convoy",
            "https://rasd.example/news/convoy",
        )
        assert convoy.document.article.published == datetime(2020, 3, 22, 9, 0, tzinfo=SYRIA)
        schools = store.get("https://edu.example/schools")
        assert schools.document.article.url == "https://news.example/2020/03/schools"
        assert schools.document.article.published == datetime(2020, 3, 23, 10, 15, tzinfo=UTC)
        oil = store.get("rasd-103").document.article
        assert (oil.source, oil.published) == (
            "شبكة الرصد الإخبارية",
            datetime(2020, 3, 24, 11, 0, tzinfo=SYRIA),
        )
        again = ingest([folder], store, Options())
        assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
        assert store.stats().articles == 3
    finally:
        store.close()


def test_input_format_feed_reads_a_feed_its_content_does_not_betray(tmp_path: Path) -> None:
    # A long comment before the root: the first bytes sniffed show no feed.
    banner = "<!-- " + "أرشيف الخلاصة " * 200 + "-->\n"
    path = write(tmp_path / "export.dat", RSS.replace("<rss ", banner + "<rss ", 1))
    assert detect_format(path) == "text"
    db = str(tmp_path / "rasid.db")
    result = runner.invoke(app, ["ingest", str(path), "--db", db, "--input-format", "feed"])
    assert result.exit_code == 0, result.output
    store = SqlStore(db)
    try:
        assert store.get("rasd-103").document.article.source == "شبكة الرصد الإخبارية"
    finally:
        store.close()


def _spliced(seed: bytes, at: int, removed: int, junk: bytes) -> bytes:
    at %= len(seed) + 1
    return seed[:at] + junk + seed[at + removed :]


@pytest.mark.parametrize("name", ["fuzz.warc", "fuzz.warc.gz", "fuzz.rss", "fuzz.atom"])
def test_corrupt_archives_and_feeds_give_errors_never_exceptions(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    if name.endswith((".warc", ".warc.gz")):
        seed = write_warc(folder / f"seed-{name}", gzip=name.endswith(".gz")).read_bytes()
    else:
        seed = (RSS if name.endswith(".rss") else ATOM).encode("utf-8")
    path = folder / name

    @settings(max_examples=60)
    @given(
        at=st.integers(min_value=0, max_value=len(seed)),
        removed=st.integers(min_value=0, max_value=400),
        junk=st.binary(max_size=48),
    )
    def reads_without_raising(at: int, removed: int, junk: bytes) -> None:
        path.write_bytes(_spliced(seed, at, removed, junk))
        for item in read_paths([path], Options()):
            assert isinstance(item, Article | InputError)

    reads_without_raising()
