"""Issue 13's flow in Chromium: a liaison (on a phone) logs in and reports progress with a file,
then completion; the 督查室 returns it with a reason; the liaison completes it again; the 督查室
verifies and closes it; the monthly 通报 DOCX downloads and, read back with python-docx, ranks the
units as the database does. Screenshots go to test-artifacts/."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from docx import Document as read_docx

from gongbao.accounts import add_user
from gongbao.models import ParsedFile
from gongbao.store import open_store
from gongbao.supervise import board

from conftest import samples_db

from test_web_browser import base_url, browser, close_tab, shot  # noqa: F401  (fixtures)

PASSWORD = "浏览器-流程-密码-2026"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, parsed_samples: list[ParsedFile]) -> str:
    url = samples_db(tmp_path_factory.mktemp("desk"), parsed_samples)
    with open_store(url) as store:
        add_user(store, "gxj", "liaison", PASSWORD, unit="吕梁市工业和信息化局", actor="test")
        add_user(store, "dcs", "supervisor", PASSWORD, actor="test")
    return url


def sign_in(tab: Any, base: str, name: str) -> None:
    tab.goto(base + "/my")  # a page behind the login: redirected there and back
    tab.wait_for_url(re.compile(r"/login\?next="))
    tab.get_by_label("用户名").fill(name)
    tab.get_by_label("密码").fill(PASSWORD)
    tab.get_by_role("button", name="登录").click()


def sign_out(tab: Any) -> None:
    tab.get_by_role("button", name="退出").click()
    tab.wait_for_url(re.compile(r"/$"))


def report(tab: Any, status: str, comment: str, **extra: Any) -> None:
    tab.select_option("#status", label=status)
    if "progress" in extra:
        tab.fill("#progress", str(extra["progress"]))
    tab.fill("#comment", comment)
    if "file" in extra:
        tab.set_input_files("#files", extra["file"])
    tab.get_by_role("button", name="提交").click()
    tab.wait_for_url(re.compile(r"/tasks/\d+#timeline$"))


def test_report_return_complete_verify_close_and_the_notice(browser, base_url, db_url):  # noqa: F811
    from playwright.sync_api import expect

    # One browser, so one session at a time: each person signs in, acts and signs out.
    tab = browser.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.set_viewport_size(PHONE)  # the liaison is on a phone
    sign_in(tab, base_url, "gxj")
    expect(tab.locator("h1")).to_have_text("吕梁市工业和信息化局 的任务")
    shot(tab, "21-liaison-my-tasks-phone")
    tab.goto(base_url + "/my?status=未启动")
    tab.locator("table.tasks tbody tr a[href^='/tasks/']").first.click()
    task_url = tab.url.split("#")[0]
    report(tab, "推进中", "已召开推进会，完成方案制定", progress=40,
           file={"name": "推进会纪要.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% minutes of the meeting\n"})  # fmt: skip
    expect(tab.locator(".task-status")).to_contain_text("推进中")
    expect(tab.locator(".timeline li.report").last).to_contain_text("推进会纪要.pdf")
    shot(tab, "22-liaison-reported-phone")
    report(tab, "已完成，申请核验", "任务已完成")
    expect(tab.locator(".task-status")).to_contain_text("已完成待核验")
    sign_out(tab)

    tab.set_viewport_size({"width": 1280, "height": 900})  # the 督查室 at a desk
    sign_in(tab, base_url, "dcs")
    tab.goto(base_url + "/supervise")
    expect(tab.locator(".queue-count")).to_have_text("1")
    shot(tab, "23-supervisor-board")
    tab.goto(task_url)
    report(tab, "退回（须说明理由）", "佐证材料不足，请补充验收报告")
    expect(tab.locator(".task-status")).to_contain_text("退回")
    sign_out(tab)

    tab.set_viewport_size(PHONE)
    sign_in(tab, base_url, "gxj")
    tab.goto(task_url)
    expect(tab.locator(".timeline")).to_contain_text("佐证材料不足")
    report(tab, "已完成，申请核验", "已补充验收报告",
           file={"name": "验收报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% acceptance\n"})  # fmt: skip
    sign_out(tab)

    tab.set_viewport_size({"width": 1280, "height": 900})
    sign_in(tab, base_url, "dcs")
    tab.goto(task_url)
    report(tab, "核验通过，销号", "核验通过")
    expect(tab.locator(".task-status")).to_contain_text("已销号")
    expect(tab.locator(".timeline li.report")).to_have_count(5)
    shot(tab, "24-task-closed")

    tab.goto(base_url + "/supervise")
    with tab.expect_download() as download:
        tab.locator("a.notice-docx").click()
    data = open(download.value.path(), "rb").read()
    table = read_docx(io.BytesIO(data)).tables[0]
    with open_store(db_url) as store:
        expected = [u for u in board(store)["units"] if u["ranked"] or u["due"]]
    assert [row.cells[1].text for row in table.rows[1:]] == [u["full_name"] for u in expected]
    assert [row.cells[0].text for row in table.rows[1:]] == [str(u["rank"] or "—") for u in expected]
    assert not errors, errors
    close_tab(tab)
