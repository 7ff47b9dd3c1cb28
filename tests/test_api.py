"""The public Python API: rasid.analyze, rasid.Pipeline, rasid.open_store."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import rasid


def test_analyze_returns_a_document_with_the_given_metadata(scraped_article: str) -> None:
    when = datetime.fromisoformat("2020-03-12T10:00:00+03:00")
    document = rasid.analyze(
        scraped_article, published=when, source="عنب بلدي", url="https://x.example/1"
    )
    assert isinstance(document, rasid.Document)
    assert (document.article.published, document.article.source) == (when, "عنب بلدي")
    assert document.done == rasid.DEFAULT_STAGES


def test_open_store_keeps_what_analyze_produced(tmp_path: Path, scraped_article: str) -> None:
    document = rasid.analyze(scraped_article, external_id="demo/1")
    store = rasid.open_store(str(tmp_path / "rasid.db"))
    [result] = store.put([document])
    assert store.get("demo/1").document.text == document.text
    assert result.id == document.id
