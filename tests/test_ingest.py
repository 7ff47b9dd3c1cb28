from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest

from rasid.errors import StoreError
from rasid.ingest import ingest, pipeline_for, warm_up
from rasid.model import Article, Document
from rasid.settings import Options
from rasid.store import MemoryStore, PutResult, SqlStore

GOOD = "عنوان خبر\nقال المتحدث إن القافلة عبرت المعبر صباح اليوم.\n"


def _corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "01.txt").write_text(GOOD, encoding="utf-8")
    (folder / "02.txt").write_text(GOOD.replace("القافلة", "الشاحنات"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(32)) * 100)
    (folder / "english.txt").write_text("Nothing in Arabic at all here.", encoding="utf-8")
    (folder / "script.html").write_text("<html><script>x()</script></html>", encoding="utf-8")


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    store = MemoryStore()
    report = ingest([tmp_path / "in"], store, Options())
    assert (report.added, report.failed) == (2, 4)
    assert sorted(Path(e.origin).name for e in report.errors) == [
        "binary.txt",
        "empty.txt",
        "english.txt",
        "script.html",
    ]


def test_rerun_stores_nothing_twice_and_loses_nothing(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    store = SqlStore(str(tmp_path / "rasid.db"))
    ingest([tmp_path / "in"], store, Options(batch_size=1))
    report = ingest([tmp_path / "in"], store, Options())
    assert (report.added, report.unchanged) == (0, 2)
    assert store.stats().articles == 2


def test_a_rerun_analyses_only_what_is_new_or_changed(tmp_path: Path, sql_url: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(5):
        text = GOOD.replace("القافلة", f"القافلة رقم {number}")
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    store = SqlStore(sql_url)
    first = ingest([folder], store, Options())
    pipeline = pipeline_for(Options())
    warm_up(pipeline)  # its own article, before counting
    analysed: list[str] = []
    original = pipeline.run_many

    def counting(articles: Sequence[Article]) -> list[Document | Exception]:
        analysed.extend(Path(article.origin or "").name for article in articles)
        return original(articles)

    pipeline.run_many = counting  # type: ignore[method-assign]
    again = ingest([folder], store, Options(), pipeline=pipeline)
    assert analysed == []
    assert (again.added, again.updated, again.unchanged) == (0, 0, first.added)

    (folder / "2.txt").write_text(GOOD.replace("القافلة", "قافلة أخرى"), encoding="utf-8")
    (folder / "3.txt").write_text("عنوان آخر\n" + GOOD.split("\n", 1)[1], encoding="utf-8")
    (folder / "5.txt").write_text(GOOD, encoding="utf-8")
    changed = ingest([folder], store, Options(), pipeline=pipeline)
    assert sorted(analysed) == ["2.txt", "3.txt", "5.txt"]  # a new headline is a change too
    assert (changed.added, changed.updated, changed.unchanged) == (1, 2, 3)
    assert store.stats().articles == 6
    store.close()


def test_source_and_published_given_by_the_user_override_the_reader(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    store = MemoryStore()
    when = datetime(2020, 3, 12)
    ingest([tmp_path / "in" / "01.txt"], store, Options(), source="عنب بلدي", published=when)
    stored = store.get(str(tmp_path / "in" / "01.txt"))
    assert stored.document.article.source == "عنب بلدي"
    assert stored.document.article.published == when


class FailingOnSecondStore(MemoryStore):
    """A store whose write fails for one document, as a full disk or a constraint would."""

    def put(self, documents: list[Document]) -> list[PutResult]:  # type: ignore[override]
        if any("الشاحنات" in d.text for d in documents):
            raise StoreError("disk I/O error")
        return super().put(documents)


def test_a_failed_write_loses_only_the_article_that_failed(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    store = FailingOnSecondStore()
    report = ingest([tmp_path / "in"], store, Options(batch_size=10))
    assert report.added == 1
    assert any("disk I/O error" in e.reason for e in report.errors)
    assert store.stats().articles == 1


@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_batch_size_does_not_change_what_is_stored(tmp_path: Path, batch_size: int) -> None:
    """Seven articles, a copy of one and a revision of another, split across batches."""
    import json

    records = [
        {"id": f"r{n}", "text": f"قال المتحدث إن القافلة رقم {n} عبرت المعبر صباح اليوم."}
        for n in range(7)
    ]
    records.append({"id": "copy", "text": records[0]["text"]})
    records.append(
        {"id": "r3", "text": "قال المتحدث إن القافلة الثالثة وصلت إلى المخيم مساء اليوم."}
    )
    records.append({"id": "bad"})
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    store = SqlStore(str(tmp_path / "rasid.db"))
    report = ingest([feed], store, Options(batch_size=batch_size))
    assert (report.added, report.unchanged, report.updated, report.failed) == (7, 1, 1, 1)
    assert store.stats().articles == 7
    assert "وصلت إلى المخيم" in store.get("r3").document.text
    assert store.get("copy").id == store.get("r0").id


def test_a_stage_that_raises_anything_loses_only_its_article(tmp_path: Path) -> None:
    from rasid.pipeline import Pipeline, Stage

    def fragile(document: Document) -> Document:
        if "الشاحنات" in document.text:
            raise KeyError("boom")
        return document

    _corpus(tmp_path / "in")
    pipeline = Pipeline(["clean", Stage("fragile", fragile, requires=("text",), assigns=())])
    store = MemoryStore()
    report = ingest([tmp_path / "in"], store, Options(), pipeline=pipeline)
    assert report.added == 1
    assert any("KeyError" in e.reason for e in report.errors)


def test_deeply_nested_json_and_impossible_dates_are_reported_not_fatal(tmp_path: Path) -> None:
    feed = tmp_path / "odd.jsonl"
    record = '{"id": "x", "text": "قال المسؤول إن الاجتماع انتهى.", "published": "0001-01-01T00:00:00+05:00"}'
    feed.write_text("[" * 100_000 + "\n" + record + "\n", encoding="utf-8")
    store = SqlStore(str(tmp_path / "rasid.db"))
    report = ingest([feed], store, Options())
    assert (report.added, report.failed) == (1, 1)
    assert "nested too deeply" in report.errors[0].reason


def test_records_without_ids_are_not_identified_by_their_line(tmp_path: Path) -> None:
    import json

    texts = [f"قال المتحدث إن القافلة رقم {n} عبرت المعبر صباح اليوم." for n in range(1, 4)]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts))
    store = SqlStore(str(tmp_path / "rasid.db"))
    ingest([feed], store, Options())
    new = "قال المتحدث إن قافلة جديدة عبرت المعبر مساء اليوم."
    feed.write_text(json.dumps({"text": new}, ensure_ascii=False) + "\n" + feed.read_text())
    report = ingest([feed], store, Options())
    assert (report.added, report.updated, report.unchanged) == (1, 0, 3)
    assert store.stats().articles == 4


def test_a_page_left_empty_by_cleaning_is_reported_not_stored(tmp_path: Path) -> None:
    page = tmp_path / "furniture.txt"
    page.write_text("شارك هذا المقال\n0\nاترك رد\nجميع الحقوق محفوظة © 2020\n", encoding="utf-8")
    store = MemoryStore()
    report = ingest([page], store, Options())
    assert report.added == 0
    assert "nothing is left" in report.errors[0].reason
