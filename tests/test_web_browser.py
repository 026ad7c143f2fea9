"""The web UI in a real browser: Debian's headless chromium driven by Playwright (sync API), against
the app served by uvicorn on loopback. Screenshots of each step go to test-artifacts/.

Without /usr/bin/chromium the tests are skipped, or fail when $CI or $GONGBAO_REQUIRE_BROWSER is set.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from gongbao.models import ParsedFile

from conftest import samples_db

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
TIMEOUT_MS = 15_000


def browser_unavailable(reason: str) -> None:
    if os.environ.get("CI") or os.environ.get("GONGBAO_REQUIRE_BROWSER"):
        pytest.fail(f"browser required but unavailable: {reason}", pytrace=False)
    pytest.skip(f"browser unavailable: {reason} (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, parsed_samples: list[ParsedFile]) -> str:
    return samples_db(tmp_path_factory.mktemp("web"), parsed_samples)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start", pytrace=False)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="module")
def base_url(db_url: str) -> Iterator[str]:
    from gongbao.serve import create_app

    with serving(create_app(db_url)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        browser_unavailable(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data dir
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, locale="zh-CN",
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        try:
            yield context
        finally:
            context.close()


def close_tab(tab: Any) -> None:
    """Close a tab once its page has loaded: chromium 156 can leave Page.close waiting for ever when it
    arrives while a navigation (a form's redirect, say) is still loading."""
    tab.wait_for_load_state("load")
    tab.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    tab = browser.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    close_tab(tab)
    assert not errors, f"JavaScript errors: {errors}"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def expect_chart_drawn(page: Any, selector: str) -> None:
    """ECharts has drawn: a canvas (or svg) of real size inside the chart element."""
    page.wait_for_selector(f"{selector} canvas, {selector} svg", state="attached")
    size = page.eval_on_selector(f"{selector} canvas, {selector} svg", "el => [el.clientWidth, el.clientHeight]")
    assert size[0] > 100 and size[1] > 100, size


def test_browse_issue_document_citation_department_targets_graph(page, base_url):
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    expect(page.get_by_role("heading", name="公报期次")).to_be_visible()
    shot(page, "01-home")
    page.get_by_role("link", name=re.compile("2024年")).first.click()
    expect(page.get_by_role("heading", name="目录")).to_be_visible()
    page.get_by_role("link", name=re.compile("推动大规模设备更新")).first.click()
    expect(page.locator("td.doc-number")).to_have_text("吕政发〔2024〕4号")
    expect(page.locator("#consult")).to_contain_text("8237537")
    shot(page, "02-document")
    page.locator("a.cite-link").first.click()
    expect(page.locator("td.doc-number")).to_have_text("吕政办发〔2021〕53号")
    expect(page.locator("a.cited-by-link")).to_contain_text("吕政发〔2024〕4号")
    page.get_by_role("link", name="引用关系图").click()
    expect_chart_drawn(page, "#graph")
    shot(page, "03-graph")
    page.goto(base_url + "/documents/吕政办发〔2022〕6号")
    expect(page.locator("#body a.m-unit", has_text="市工信局").first).to_be_visible()
    expect(page.locator("#body mark.m-target", has_text="增加20%").first).to_be_visible()
    page.locator("#body a.m-unit", has_text="市工信局").first.scroll_into_view_if_needed()
    shot(page, "03b-document-tasks")
    page.get_by_role("link", name="部门", exact=True).click()
    expect(page.get_by_role("heading", name="部门与任务")).to_be_visible()
    page.locator("a.unit-link", has_text="市工信局").click()
    expect(page.locator("h1")).to_have_text("市工信局")
    expect(page.locator(".task-count")).to_have_text("68")
    shot(page, "04-department")
    page.get_by_role("link", name="指标", exact=True).click()
    expect(page.get_by_role("heading", name="规划指标监测")).to_be_visible()
    expect_chart_drawn(page, '[data-chart="0"]')
    expect(page.locator("figcaption", has_text="森林覆盖率").first).to_be_visible()
    shot(page, "05-targets")


def test_search_result_citation_department_targets(page, base_url):
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    page.locator(".hero input[name=q]").first.fill("公交")
    page.locator(".hero input[name=q]").first.press("Enter")
    expect(page.locator(".result-count")).to_contain_text("找到")
    expect(page.locator(".hit mark").first).to_have_text(re.compile("公交"))
    expect(page.locator(".facets")).to_contain_text("发文机关")
    shot(page, "11-search")
    page.locator("a.hit-link", has_text="推动大规模设备更新").click()
    expect(page.locator("td.doc-number")).to_have_text("吕政发〔2024〕4号")
    shot(page, "12-result")
    page.locator("a.cite-link").first.click()
    expect(page.locator("h1.doc-title")).to_contain_text("城镇老旧小区改造攻坚行动方案")
    shot(page, "13-cited")
    page.goto(base_url + "/units/" + "市工信局")
    expect(page.locator("h1")).to_have_text("市工信局")
    expect(page.locator("table.tasks tbody tr").first).to_be_visible()
    shot(page, "14-department")
    page.goto(base_url + "/targets")
    expect_chart_drawn(page, '[data-chart="0"]')
    shot(page, "15-targets")
