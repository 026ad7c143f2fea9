"""Every page at a phone's 375 px and a desktop's 1280 px (issue 14): no horizontal overflow; on a
document page the card and the 政策咨询 box within the first screen. Screenshots to test-artifacts/."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gongbao.accounts import add_user
from gongbao.models import ParsedFile
from gongbao.store import open_store

from conftest import samples_db

from test_web_browser import ARTIFACTS, base_url, browser, close_tab  # noqa: F401  (fixtures)

PASSWORD = "响应式-页面-密码-2026"
WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
PUBLIC = ["/", "/issues/1", "/documents", "/documents/吕政办发〔2022〕9号", "/documents/吕政发〔2021〕6号", "/documents/1/graph",
          "/search?q=公交", "/ask?q=清洁取暖补贴有问题打哪个电话", "/units", "/units/市工信局", "/targets", "/login"]  # fmt: skip
SIGNED_IN = ["/my", "/tasks/1", "/ranking", "/supervise", "/upload", "/audit"]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, parsed_samples: list[ParsedFile]) -> str:
    url = samples_db(tmp_path_factory.mktemp("responsive"), parsed_samples)
    with open_store(url) as store:
        add_user(store, "root", "admin", PASSWORD, actor="test")
    return url


def overflow(tab: Any) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def shot_name(path: str, width: str) -> str:
    return f"30-{width}-" + (re.sub(r"[^\w]+", "_", path).strip("_") or "home")[:40]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(browser, base_url, width):  # noqa: F811
    tab = browser.new_page()
    tab.set_default_timeout(15_000)
    tab.set_viewport_size(WIDTHS[width])
    too_wide = {}
    for path in PUBLIC:
        tab.goto(base_url + path)
        tab.wait_for_load_state("load")
        if (extra := overflow(tab)) > 0:
            too_wide[path] = extra
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{shot_name(path, width)}.png"))
    tab.goto(base_url + "/login")
    tab.get_by_label("用户名").fill("root")
    tab.get_by_label("密码").fill(PASSWORD)
    tab.get_by_role("button", name="登录").click()
    tab.wait_for_url(re.compile(r"/supervise$"))
    for path in SIGNED_IN:
        tab.goto(base_url + path)
        if (extra := overflow(tab)) > 0:
            too_wide[path] = extra
        tab.screenshot(path=str(ARTIFACTS / f"{shot_name(path, width)}.png"))
    tab.get_by_role("button", name="退出").click()
    close_tab(tab)
    assert not too_wide, f"pages wider than {WIDTHS[width]['width']} px (by px): {too_wide}"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_document_shows_its_card_and_whom_to_call_first(browser, base_url, width):  # noqa: F811
    tab = browser.new_page()
    tab.set_viewport_size(WIDTHS[width])
    tab.goto(base_url + "/documents/吕政办发〔2022〕9号")
    height = WIDTHS[width]["height"]
    for selector in ("#card", "#consult"):
        top = tab.eval_on_selector(selector, "el => el.getBoundingClientRect().top")
        assert 0 <= top < height, f"{selector} starts at {top:.0f} px, below the first screen ({height} px)"
    phone = tab.locator("#consult a[href^='tel:']").first
    assert phone.get_attribute("href").startswith("tel:0358")  # 吕梁's area code, from the issuer
    close_tab(tab)
