"""Property-based run over the OpenAPI schema (schemathesis): no request makes the API answer 500.

Every operation in /openapi.json gets requests generated from its schema by
schemathesis's Hypothesis strategies, sent to the app in process. (The
`@schema.parametrize()` pytest plugin of schemathesis 4.32 does not run
under pytest 9, so the strategies are driven by `hypothesis.given` here.)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from rasid.web.app import WebSettings, create_app

EXAMPLES = 40


@pytest.fixture(scope="module")
def api_schema(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("schema") / "demo.db"
    shutil.copy(demo_db, db)
    app = create_app(WebSettings(db=str(db), token="schema-test-token"))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_schema_lists_every_endpoint(api_schema: Any) -> None:
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    for label in (
        "GET /api/stories",
        "GET /api/search",
        "POST /api/articles",
        "DELETE /api/articles/{key}",
        "GET /api/entities/{kb_id}",
        "GET /api/map",
    ):
        assert label in labels  # fmt: skip


def test_no_request_gets_a_server_error(api_schema: Any) -> None:
    calls = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
        def check(case: Any) -> None:
            nonlocal calls
            calls += 1
            response = case.call()
            where = f"{case.method} {case.formatted_path} {case.query}"
            assert response.status_code < 500, f"{where}: {response.text}"
            if response.status_code >= 400 and case.path.startswith("/api"):
                assert response.json()["error"]["message"], where

        check()
    assert calls >= EXAMPLES * 5
