"""The dashboard in a real browser: Playwright driving Debian's Chromium against `rasid serve`.

`make test` installs the `chromium` package with apt when it is missing
(CI runs this); the screenshots of every page are kept in tests/artifacts/
for a person to look at. The server runs as its own process on 127.0.0.1
over a copy of the demo store, exactly as `rasid serve` runs for a user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("RASID_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "tests" / "artifacts"
TOKEN = "browser-test-token"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    shutil.copy(demo_db, db)
    port = _free_port()
    env = {**os.environ, "RASID_API_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "rasid.cli", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/api/stories", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            output = process.stdout.read().decode() if process.stdout else ""
            process.kill()
            pytest.fail(f"rasid serve did not come up on {base}:\n{output}")
        time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium with apt")
    with sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield found
        found.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    found = context.new_page()
    outside: list[str] = []
    found.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "about:"))
            else None
        ),
    )
    yield found
    context.close()
    assert outside == [], "the dashboard asked for something off this machine"


def _shot(page: Page, name: str, *, full: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_open_stories_then_a_story_and_its_timeline(page: Page) -> None:
    page.goto("/stories?min_articles=2")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    first = page.locator("li.story a.headline").first
    expect(first).to_be_visible()
    _shot(page, "stories")
    first.click()
    expect(page.locator("ol.timeline li").first).to_be_visible()
    assert page.locator("table.list tbody tr").count() >= 2
    _shot(page, "story")


def test_open_an_article_and_hover_an_entity_for_its_english_name(page: Page) -> None:
    page.goto("/articles/feed-0010")
    entity = page.locator("#article-text .ent-PERS, #article-text .ent-LOC").first
    expect(entity).to_be_visible()
    gloss = entity.get_attribute("data-tip") or ""
    entity.hover()
    tip = page.locator("#tip")
    expect(tip).to_be_visible()
    expect(tip).to_have_text(gloss)
    assert " · " in gloss  # "Latakia · LOC (35.52, 35.79)"
    _shot(page, "article")


def test_filter_stories_by_source(page: Page) -> None:
    page.goto("/stories")
    page.select_option("select[name=source]", "الجزيرة نت")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**source=**")
    cards = page.locator("li.story")
    assert cards.count() >= 1
    for index in range(cards.count()):
        expect(cards.nth(index).locator(".source", has_text="الجزيرة نت")).to_have_count(1)
    _shot(page, "stories-filtered")


def test_search_from_the_header_highlights_the_words_found(page: Page) -> None:
    page.goto("/stories")
    box = page.locator("form.quick input[name=q]")
    box.fill("النازحين")
    box.press("Enter")
    page.wait_for_url("**/search?q=**")
    marks = page.locator("ol.results mark")
    expect(marks.first).to_be_visible()
    _shot(page, "search")


def test_the_map_draws_events_on_offline_outlines(page: Page) -> None:
    page.goto("/map")
    expect(page.locator("#map[data-loaded=true]")).to_have_count(1, timeout=20_000)
    assert page.locator("path.event-point").count() > 0
    assert page.locator("path.leaflet-interactive").count() > 100  # the country outlines
    # A click dispatched on the point itself: a click at its centre can land on
    # whatever is drawn over it there (another point, or nothing once it is clipped).
    page.locator("path.event-point").first.dispatch_event("click")
    expect(page.locator(".leaflet-popup-content .popup")).to_be_visible()
    _shot(page, "map", full=False)


def test_entity_page_on_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    phone = context.new_page()
    phone.goto("/entities/kb:sergey-lavrov")
    expect(phone.locator("h1")).to_contain_text("Sergey Lavrov")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page is {width}px wide on a 390px phone"
    _shot(phone, "entity-phone")
    phone.goto("/stories")
    _shot(phone, "stories-phone")
    context.close()


def test_a_script_in_an_ingested_article_stays_inert(page: Page, server: str) -> None:
    record = {
        "id": "xss-browser",
        "source": "اختبار",
        "title": '<img src=x onerror="window.__xss = 3">اختراق',
        "text": "تحذير من هجوم إلكتروني <script>window.__xss = 1</script>\n"
        'قالت الشركة إن المهاجمين حاولوا حقن <img src=x onerror="window.__xss = 2"> '
        "في صفحاتها يوم الأحد، وإن محاولتهم أحبطت.",
        "url": "javascript:window.__xss=4",
    }
    stored = httpx.post(
        f"{server}/api/articles",
        json=record,
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert stored.status_code == 200, stored.text
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    for path in ("/articles/xss-browser", "/search?q=الشركة", "/stories"):
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
    page.goto("/articles/xss-browser")
    expect(page.locator("#article-text")).to_contain_text("<script>window.__xss = 1</script>")
    page.locator("a", has_text="الأصل").click()
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    _shot(page, "xss-article")
