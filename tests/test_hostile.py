"""Hostile input: every bad file is reported in one line and the batch stores every good article.

The small files live in tests/data/hostile/; the big ones (a 100k-line file,
a single line of tens of MB, HTML nested thousands of levels deep) are
written by the `hostile_folder` fixture, so the repository stays small.
"""

from __future__ import annotations

import json
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import rasid
from rasid.cli import app
from rasid.errors import EmptyInput, InputError, MalformedRecord
from rasid.ingest import analyze_paths, ingest
from rasid.model import Document, Quote
from rasid.quotes import find_quotes
from rasid.quotes.reader import Spans
from rasid.readers import read_paths
from rasid.readers.decode import decode_bytes
from rasid.settings import Options
from rasid.store import SqlStore
from rasid.text.residue import RESIDUE_RULES, classify_line
from tests.conftest import ROOT
from tests.offsets import assert_offsets_valid

HOSTILE = ROOT / "tests" / "data" / "hostile"
SENTENCE = "قال المتحدث إن القافلة عبرت المعبر صباح اليوم متجهة إلى مخيمات النازحين."

#: Each bad input (file, or file:line) and a word of the reason its error must give.
FAILURES = {
    "binary.html": "binary data",
    "binary.txt": "binary data",
    "bom_only.txt": "empty input",
    "chinese.txt": "not Arabic",
    "empty.html": "empty input",
    "empty.jsonl": "empty input",
    "empty.txt": "empty input",
    "hebrew.txt": "not Arabic",
    "latin.txt": "not Arabic",
    "not_gzip.jsonl.gz:1": "cut short or corrupt",
    "nul_heavy.txt": "binary data",
    "only_punctuation.txt": "not Arabic",
    "script_only.html": "no article text",
    "truncated.jsonl.gz:2": "cut short or corrupt",
    "whitespace.txt": "empty input",
    "wrong_types.jsonl:2": "field 'text' holds a number",
    "wrong_types.jsonl:3": "field 'text' holds an array",
    "wrong_types.jsonl:4": "field 'text' holds an object",
    "wrong_types.jsonl:5": "field 'text' holds null",
    "wrong_types.jsonl:7": "unreadable date",
    "wrong_types.jsonl:8": "unreadable date '2020-02-30T25:61:00'",
    "wrong_types.jsonl:12": "expected a JSON object, found a number",
    "wrong_types.jsonl:13": "expected a JSON object, found null",
    "wrong_types.jsonl:14": "expected a JSON object, found an array",
    "wrong_types.jsonl:15": "expected a JSON object, found a string",
    "wrong_types.jsonl:16": "invalid JSON",
    "wrong_types.jsonl:17": "field 'text' holds a number",
    "wrong_types.jsonl:18": "not valid UTF-8",
    # Written by the fixture.
    "deep_nesting.html": "no article text",
    "deep_nesting.jsonl:1": "nested too deeply",
    "huge_line.txt": "too large",
    "huge_line.jsonl:1": "too large",
    "many_lines.jsonl:50001": "field 'text' holds a number",
}

#: Each input that holds an article despite its damage, and is stored.
STORED = {
    "bidi_controls.txt",
    "mixed_encodings.txt",
    "nul_bytes.txt",
    "persian.txt",  # Arabic script: rasid reads it, without telling the language
    "urdu.txt",
    "tatweel_rules.txt",  # rules of tatweel are no letters of another script
    "truncated_utf8.txt",
    "utf16_no_bom.txt",
    "truncated.jsonl.gz:1",
    "wrong_types.jsonl:1",
    "wrong_types.jsonl:6",  # an id that is an object is no id; the text is still news
    "wrong_types.jsonl:9",  # a date that is a list is no date
    "wrong_types.jsonl:10",
    "wrong_types.jsonl:11",  # half a surrogate pair costs one character
    "deep_nesting.jsonl:2",
    "huge_line.jsonl:2",
    "many_lines.txt",
    "many_lines.jsonl:1",
    "many_lines.jsonl:100000",
}


def _write_big_inputs(folder: Path) -> None:
    """The inputs too big for the repository, written where the test reads them."""
    paragraph = "<p>" + SENTENCE + "</p>"
    depth = 5_000
    (folder / "deep_nesting.html").write_text(
        "<html><body>" + "<div>" * depth + paragraph + "</div>" * depth + "</body></html>",
        encoding="utf-8",
    )
    record = json.dumps({"id": "after-deep", "text": SENTENCE + " أولاً"}, ensure_ascii=False)
    (folder / "deep_nesting.jsonl").write_text("[" * 100_000 + "\n" + record + "\n")
    with (folder / "huge_line.txt").open("w", encoding="utf-8") as stream:
        for _ in range(300_000):  # 30 MB on one line
            stream.write(SENTENCE[:50] + "،")
    huge = json.dumps({"id": "huge", "text": SENTENCE * 150_000}, ensure_ascii=False)
    record = json.dumps({"id": "after-huge", "text": SENTENCE + " ثانياً"}, ensure_ascii=False)
    (folder / "huge_line.jsonl").write_text(huge + "\n" + record + "\n", encoding="utf-8")
    # 100,000 lines: headings, dashes and blank lines around a sentence every thousand.
    lines = [SENTENCE if i % 1000 == 0 else ("-" if i % 10 == 0 else "") for i in range(100_000)]
    (folder / "many_lines.txt").write_text("\n".join(lines), encoding="utf-8")
    records = [""] * 100_000
    records[0] = json.dumps({"id": "first", "text": SENTENCE + " ثالثاً"}, ensure_ascii=False)
    records[50_000] = json.dumps({"id": "middle", "text": 50_000})
    records[-1] = json.dumps({"id": "last", "text": SENTENCE + " رابعاً"}, ensure_ascii=False)
    (folder / "many_lines.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "in"
    shutil.copytree(HOSTILE, folder)
    _write_big_inputs(folder)
    return folder


def _name(origin: str, folder: Path) -> str:
    """`wrong_types.jsonl:3` for `/tmp/.../in/wrong_types.jsonl:3`."""
    return origin.removeprefix(str(folder) + "/")


@pytest.fixture(scope="module")
def first_ingest(
    hostile_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Document | InputError]]:
    """One ingest of the hostile folder into a fresh SQLite store, and what it gave."""
    db = tmp_path_factory.mktemp("db") / "rasid.db"
    results: list[Document | InputError] = []
    store = SqlStore(str(db))
    ingest([hostile_folder], store, Options(), on_result=results.append)
    store.close()
    return db, results


def test_every_bad_input_is_reported_with_its_file_line_and_reason(
    hostile_folder: Path, first_ingest: tuple[Path, list[Document | InputError]]
) -> None:
    _, results = first_ingest
    errors = {_name(e.origin, hostile_folder): e for e in results if isinstance(e, InputError)}
    assert sorted(errors) == sorted(FAILURES)
    for name, error in errors.items():
        assert FAILURES[name] in error.reason, (name, error.reason)
        assert "\n" not in str(error)
        assert str(error).startswith(error.origin)


def test_every_good_article_of_the_batch_is_stored(
    hostile_folder: Path, first_ingest: tuple[Path, list[Document | InputError]]
) -> None:
    db, results = first_ingest
    stored = {
        _name(d.article.origin or "", hostile_folder) for d in results if isinstance(d, Document)
    }
    assert stored == STORED
    store = SqlStore(str(db))
    assert store.stats().articles == len(STORED)
    store.close()


def test_a_second_ingest_stores_nothing_twice(
    hostile_folder: Path, first_ingest: tuple[Path, list[Document | InputError]]
) -> None:
    db, _ = first_ingest
    store = SqlStore(str(db))
    report = ingest([hostile_folder], store, Options())
    assert (report.added, report.updated, report.unchanged) == (0, 0, len(STORED))
    assert report.failed == len(FAILURES)
    assert store.stats().articles == len(STORED)
    store.close()


def test_every_record_of_every_stored_article_points_inside_its_text(
    hostile_folder: Path,
) -> None:
    documents = [d for d in analyze_paths([hostile_folder], Options()) if isinstance(d, Document)]
    assert len(documents) == len(STORED)
    for document in documents:
        assert_offsets_valid(document)
        assert not any(char in document.text for char in "\x00\x1b\u202e\u2066")


def test_rasid_ingest_names_each_bad_file_in_one_line_and_a_rerun_adds_nothing(
    hostile_folder: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    db = str(tmp_path / "rasid.db")
    first = runner.invoke(app, ["ingest", str(hostile_folder), "--db", db])
    assert first.exit_code == 0, first.output
    lines = [line for line in first.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == len(FAILURES)
    for name, reason in FAILURES.items():
        assert sum(f"/{name}: " in line and reason in line for line in lines) == 1, name
    assert _added(first.stdout) == len(STORED)
    second = runner.invoke(app, ["ingest", str(hostile_folder), "--db", db])
    assert second.exit_code == 0, second.output
    assert _added(second.stdout) == 0


def _added(summary: str) -> int:
    """The "articles added" row of the summary table `rasid ingest` prints."""
    row = next(line for line in summary.splitlines() if "articles added" in line)
    return int(row.split()[-2])


# -- the bugs the corpus and the fuzzers found, one test each -----------------------------------


@contextmanager
def _hang_guard(seconds: int) -> Iterator[None]:
    """Fail, rather than hang for minutes, on a catastrophically backtracking pattern.

    Not a speed test: the bound is thousands of times what the work takes.
    """

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("mark", ["!", ".", "«", "-", "ـ"])
def test_a_long_run_of_punctuation_does_not_make_a_residue_rule_backtrack(mark: str) -> None:
    """The pattern "(?:\\S+\\s*){1,3}" split one 1,500-character token three ways: minutes per line."""
    with _hang_guard(20):
        for rule in RESIDUE_RULES:
            rule.pattern.search(mark * 1500)
        classify_line(mark * 1500, zone="head")


def test_a_long_text_of_reported_speech_is_read_in_one_pass() -> None:
    """Each token asked every earlier quote whether it was inside it: hours for 100k lines."""
    text = "\n".join([SENTENCE] * 5_000)
    quotes = find_quotes(text, [])
    assert len(quotes) == 5_000
    assert all(text[q.content_start : q.content_end] == q.content for q in quotes)


def test_a_text_four_times_as_long_costs_about_four_times_as_much() -> None:
    """No stage is quadratic in a long article: the linker's merge and the quote
    reader's entity lookups once scanned every entity for each mention (this
    ratio was 9.7 and 10.3 with either of them back, 4.1 with neither)."""
    sentence = (
        "وقال المتحدث باسم الوزارة إن القافلة عبرت المعبر صباح اليوم متجهة إلى مخيمات "
        "النـ.ـازحين في ريف إدلب."
    )
    rasid.analyze(sentence)  # models loaded before the clock starts

    def cpu_seconds(copies: int) -> float:
        text = "\n".join([sentence] * copies)
        started = time.process_time()
        rasid.analyze(text)
        return time.process_time() - started

    assert cpu_seconds(20_000) / cpu_seconds(5_000) < 7


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=30), st.integers(0, 70))
def test_quote_spans_answer_as_a_scan_over_every_span_would(
    spans: list[tuple[int, int]], offset: int
) -> None:
    """The bisected spans give what the old pass over all quotes gave, at a logarithm's cost."""
    covered, kept = Spans(), []
    for start, width in spans:
        end = start + width
        if not any(start < b and a < end for a, b in kept):  # as `Reader.emit` keeps them
            covered.add(start, end)
            kept.append((start, end))
    assert covered.contains(offset) == any(a <= offset < b for a, b in kept)
    assert covered.overlaps(offset, offset + 3) == any(
        offset < b and a < offset + 3 for a, b in kept
    )


def test_control_characters_are_dropped_from_the_clean_text() -> None:
    """A NUL kept in the text is refused by PostgreSQL and lost the article there."""
    raw = "عنوان الخبر\x00\n" + SENTENCE.replace(" ", " \x00\x1b", 2) + "\x7f\n\x00\x9f\n"
    document = rasid.analyze(raw)
    assert document.text == "عنوان الخبر\n" + SENTENCE
    assert_offsets_valid(document)


def test_a_lone_surrogate_escape_in_jsonl_costs_one_character_not_the_run(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": SENTENCE + " \ud800", "title": "\udfff عنوان"}) + "\n"
    )
    [article] = read_paths([path], Options())
    assert not isinstance(article, InputError)
    assert article.raw_text.endswith(" \ufffd")
    assert article.title == "\ufffd عنوان"


@pytest.mark.parametrize(
    "content", [b'{"id": "x", "text": "t"}\n', b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"garbage"]
)
def test_a_jsonl_gz_that_is_not_gzip_is_reported_not_raised(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(content)
    [error] = read_paths([path], Options())
    assert isinstance(error, InputError)
    assert "cut short or corrupt" in error.reason


def test_an_empty_jsonl_file_is_reported_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n  \n\n")
    assert [type(r) for r in read_paths([path], Options())] == [EmptyInput]


def test_a_text_field_of_the_wrong_type_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": ["a"]}\n{"id": 1e400, "text": "' + SENTENCE + '"}\n')
    wrong, good = read_paths([path], Options())
    assert isinstance(wrong, MalformedRecord)
    assert "field 'text' holds an array" in wrong.reason
    assert not isinstance(good, InputError) and good.external_id is None


def test_an_unreadable_date_is_quoted_shortened_in_its_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": SENTENCE, "published": "9" * 10_000}) + "\n")
    [error] = read_paths([path], Options())
    assert isinstance(error, MalformedRecord)
    assert len(str(error)) < 300


def test_a_file_of_utf8_and_windows_1256_lines_is_read_line_by_line() -> None:
    data = (SENTENCE + "\n").encode() + "وأضاف أن الطريق آمن.\n".encode("cp1256")
    text, encoding = decode_bytes(data, "mixed.txt")
    assert text == SENTENCE + "\nوأضاف أن الطريق آمن.\n"
    assert encoding == "utf-8+cp1256"


def test_the_quote_layer_survives_a_file_of_hostile_lines() -> None:
    """Every committed hostile text file, read whole, analyses without raising."""
    for path in sorted(HOSTILE.glob("*.txt")):
        try:
            text, _ = decode_bytes(path.read_bytes(), str(path))
        except InputError:
            continue
        document = rasid.analyze(text)
        assert_offsets_valid(document)
        assert all(isinstance(q, Quote) for q in document.records(Quote))
