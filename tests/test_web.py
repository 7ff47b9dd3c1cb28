"""The REST API and the dashboard over a store of the demo corpus (no browser; see test_browser)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rasid.web.app import WebSettings, create_app

TOKEN = "s3cret-token-for-tests"
XSS_TEXT = (
    "هجوم على موقع إلكتروني <script>window.__xss = 1</script>\n"
    'قال مسؤول إن المهاجمين حقنوا <img src=x onerror="window.__xss = 2"> في صفحة الموقع '
    "يوم الثلاثاء، وإن الفرق الفنية أعادت تشغيله بعد ساعات من الهجوم."
)


def _client(db: Path, **settings: object) -> TestClient:
    return TestClient(create_app(WebSettings(db=str(db), **settings)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    with _client(demo_db) as found:
        yield found


PAGES = [
    ("/stories", "/api/stories"),
    ("/entities", "/api/entities"),
    ("/map", "/api/map"),
    ("/search?q=النازحين", "/api/search?q=النازحين"),
]


@pytest.mark.parametrize(("page", "twin"), PAGES)
def test_every_page_renders_rtl_and_names_its_json_twin(
    client: TestClient, page: str, twin: str
) -> None:
    html = client.get(page)
    assert html.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html.text
    assert client.get(twin).status_code == 200


def test_the_stories_page_shows_what_its_twin_returns(client: TestClient) -> None:
    stories = client.get("/api/stories", params={"min_articles": 2}).json()["items"]
    assert stories
    html = client.get("/stories", params={"min_articles": 2}).text
    for story in stories:
        assert f'href="/stories/{story["id"]}"' in html
    first = stories[0]
    one = client.get(f"/api/stories/{first['id']}").json()
    assert [a["id"] for a in one["articles"]] == [a["id"] for a in first["articles"]]
    assert client.get(f"/stories/{first['id']}").status_code == 200


def test_article_page_marks_entities_quotes_and_dates_with_english_glosses(
    client: TestClient,
) -> None:
    article = client.get("/api/articles/feed-0010").json()
    assert article["entities"] and article["quotes"] and article["dates"]
    html = client.get(f"/articles/{article['id']}").text
    lavrov_like = article["entities"][0]
    assert f'href="/entities/{lavrov_like["kb_id"]}"' in html
    assert lavrov_like["name_en"] in html
    assert 'class="quote' in html and 'class="date"' in html
    assert "removed lines" in html


def test_entity_page_and_twin(client: TestClient) -> None:
    data = client.get("/api/entities/kb:sergey-lavrov").json()
    assert data["name_en"] == "Sergey Lavrov"
    assert data["quotes"] and data["by_day"] and data["together"]
    assert "Sergey Lavrov" in client.get("/entities/kb:sergey-lavrov").text


def test_map_data_is_geojson_with_points(client: TestClient) -> None:
    data = client.get("/api/map").json()
    for layer in ("events", "places"):
        assert data[layer]["type"] == "FeatureCollection"
        for feature in data[layer]["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert data["events"]["features"]


def test_search_filters_and_pagination(client: TestClient) -> None:
    everything = client.get("/api/search", params={"entity": "إدلب", "limit": 5}).json()
    assert len(everything["items"]) == 5 and everything["next_offset"] == 5
    second = client.get("/api/search", params={"entity": "إدلب", "limit": 5, "offset": 5}).json()
    assert not {h["id"] for h in second["items"]} & {h["id"] for h in everything["items"]}
    html = client.get("/search", params={"q": "النازحين"}).text
    assert "<mark>" in html


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/articles/no-such-article", 404),
        ("/api/stories/no-such-story", 404),
        ("/api/entities/kb:nobody-at-all", 404),
        ("/api/stories?since=yesterday", 422),
        ("/api/articles?limit=0", 422),
        ("/api/search?entity=زززززز", 404),
        ("/api/nothing-here", 404),
    ],
)
def test_errors_are_json_with_a_status_and_message(
    client: TestClient, path: str, status: int
) -> None:
    response = client.get(path)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["message"]


def test_error_pages_are_html(client: TestClient) -> None:
    response = client.get("/articles/no-such-article")
    assert response.status_code == 404 and "<html" in response.text


def test_writes_are_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": "نص"})
    assert response.status_code == 403
    assert "RASID_API_TOKEN" in response.json()["error"]["message"]
    assert client.delete("/api/articles/feed-0010").status_code == 403


def test_writes_with_a_token_ingest_and_delete(tmp_path: Path) -> None:
    with _client(tmp_path / "w.db", token=TOKEN) as app:
        article = {"id": "x-1", "source": "تجربة", "text": XSS_TEXT, "published": "2020-05-01"}
        assert app.post("/api/articles", json=article).status_code == 401
        bad = app.post("/api/articles", json=article, headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        done = app.post("/api/articles", json=[article, {"text": 5}], headers=auth).json()
        assert [r["status"] for r in done["results"]] == ["added", "failed"]
        assert "'text'" in done["results"][1]["error"]
        again = app.post("/api/articles", json=article, headers={"X-API-Token": TOKEN}).json()
        assert again["results"][0]["status"] == "unchanged"
        assert app.get("/api/articles/x-1").status_code == 200
        assert app.delete("/api/articles/x-1", headers=auth).json()["deleted"]
        assert app.get("/api/articles/x-1").status_code == 404
        assert app.get("/api/search", params={"q": "الموقع"}).json()["items"] == []


def test_malformed_and_oversized_bodies_are_4xx(tmp_path: Path) -> None:
    with _client(tmp_path / "m.db", token=TOKEN, max_body_bytes=2000) as app:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert app.post("/api/articles", content=b"{not json", headers=auth).status_code == 400
        assert app.post("/api/articles", content=b"[]", headers=auth).status_code == 400
        big = json.dumps({"text": "كلمة " * 1000}).encode()
        assert app.post("/api/articles", content=big, headers=auth).status_code == 413


def test_reads_can_require_the_token(tmp_path: Path) -> None:
    with _client(tmp_path / "r.db", token=TOKEN, protect_reads=True) as app:
        assert app.get("/api/stories").status_code == 401
        assert app.get("/stories").status_code == 401
        ok = app.get("/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        assert app.get("/stories", params={"token": TOKEN}).status_code == 200
        assert app.get("/stories").status_code == 200  # the cookie the visit above set


def test_article_text_is_escaped_everywhere(tmp_path: Path) -> None:
    with _client(tmp_path / "x.db", token=TOKEN) as app:
        record = {"id": "xss", "text": XSS_TEXT, "title": "<b onmouseover=alert(1)>عنوان</b>",
                  "url": "javascript:alert(1)", "source": "<i>مصدر</i>"}  # fmt: skip
        app.post("/api/articles", json=record, headers={"Authorization": f"Bearer {TOKEN}"})
        article_id = app.get("/api/articles/xss").json()["id"]
        for page in (f"/articles/{article_id}", "/stories", "/search?q=الموقع"):
            html = app.get(page).text
            assert "<script>window" not in html and "<img src=x" not in html, page
            assert "<b onmouseover" not in html and "<i>مصدر" not in html, page
        html = app.get(f"/articles/{article_id}").text
        assert "&lt;script&gt;" in html
        assert 'href="javascript:' not in html
        assert not re.search(r"<[a-z]+[^>]*\son\w+=", html.replace("&lt;", "")), "no handler"
