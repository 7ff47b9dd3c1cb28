from __future__ import annotations

from collections.abc import Sequence

import pytest

from rasid.errors import PipelineError
from rasid.model import Article, Document
from rasid.pipeline import DEFAULT_STAGES, Pipeline, Stage, get_stage, registered_stages


def _identity(document: Document) -> Document:
    return document


def test_default_pipeline_runs_the_builtin_stages_in_order() -> None:
    document = Pipeline().run(Article(raw_text="عنوان\nنص الخبر."))
    assert document.done == DEFAULT_STAGES


def test_builtin_stages_are_registered_like_any_other() -> None:
    assert set(DEFAULT_STAGES) <= set(registered_stages())


def test_unknown_stage_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(PipelineError, match=r"registered stages: .*clean"):
        Pipeline(["clean", "sentiment"])


def test_stage_before_what_it_requires_is_rejected() -> None:
    needs_text = Stage("tokens", _identity, requires=("text",), assigns=("tokens",))
    with pytest.raises(PipelineError, match="requires text"):
        Pipeline([needs_text, "clean"])
    assert Pipeline(["clean", needs_text]).names == ("clean", "tokens")


def test_text_rewriting_stage_must_come_before_record_stages() -> None:
    adds_records = Stage("marks", _identity, requires=(), assigns=("marks",))
    with pytest.raises(PipelineError, match="rewrites the text"):
        Pipeline([adds_records, get_stage("clean")])


def test_run_many_gives_what_run_gives_article_by_article() -> None:
    articles = [
        Article(raw_text="موسكو\nقال وزير الخارجية الروسي سيرغي لافروف إن الاجتماع انتهى."),
        Article(raw_text="أنقرة\nوصلت القوات التركية إلى إدلب صباح اليوم."),
        Article(raw_text="خبر\nلا أسماء هنا."),
    ]
    pipeline = Pipeline()
    assert pipeline.run_many(articles) == [pipeline.run(article) for article in articles]


def test_run_many_fails_only_the_article_that_breaks_a_batched_stage() -> None:
    def one(document: Document) -> Document:
        if "عطب" in document.text:
            raise ValueError("broken article")
        return document

    def many(documents: Sequence[Document]) -> list[Document]:
        return [one(document) for document in documents]

    stage = Stage("fragile", one, requires=("text",), assigns=(), batch=many)
    articles = [
        Article(raw_text=f"خبر {n}\nنص {word}.") for n, word in enumerate(["سليم", "عطب", "سليم"])
    ]
    results = Pipeline(["clean", stage]).run_many(articles)
    assert isinstance(results[1], ValueError)
    assert [r.done for r in results if isinstance(r, Document)] == [("clean", "fragile")] * 2
