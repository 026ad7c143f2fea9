"""Plan monitoring, feeds and the digest (issue 13): a plan's goal is never drawn as an actual
value, limits are ceilings, yearly actuals are entered with their audit and version; a unit's Atom
feed and e-mail list what it has due; the CLI writes the 通报."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from docx import Document as read_docx
from fastapi.testclient import TestClient

from gongbao.accounts import add_user
from gongbao.serve.app import create_app
from gongbao.store import open_store
from gongbao.supervise.monitor import cockpit

PASSWORD = "监测-密码-2026-足够长"
ATOM = "{http://www.w3.org/2005/Atom}"


def doc(number: str) -> dict:
    return {"id": 1, "doc_number": number, "title": "规划纲要"}


def target(indicator: str, value: float | None, year: int, text: str, comparator: str = "=", baseline: str | None = None,
           baseline_year: int | None = None, attribute: str | None = "约束性", number: str = "吕政发〔2021〕6号") -> dict:  # fmt: skip
    return {"indicator": indicator, "value": value, "year": year, "value_text": text, "comparator": comparator, "unit": "亿元",
            "baseline": baseline, "baseline_year": baseline_year, "attribute": attribute, "scope": "city", "document": doc(number)}  # fmt: skip


def test_a_goal_is_a_goal_and_a_baseline_the_actual():
    targets = [
        # the old plan, as the new plan's table reprints it: 2015 actual, 2020 goal
        target("1.地区生产总值（GDP）", 1690, 2020, "1690", baseline="956", baseline_year=2015, attribute="预期性"),
        # the new plan: 2020 actual, 2025 goal
        target("地区生产总值（GDP）", 2238, 2025, "2238", baseline="1538", baseline_year=2020, attribute="预期性"),
        target("29.亿元地区生产总值生产安全事故死亡率", 0.2, 2025, "0.2以下", comparator="≤", baseline="0.1", baseline_year=2020),
    ]
    panels = {p["indicator"]: p for p in cockpit(targets, [])}
    gdp = panels["地区生产总值（GDP）"]
    assert [(a["year"], a["value"]) for a in gdp["actual"]] == [(2015, 956.0), (2020, 1538.0)]  # 1690 is no actual
    assert [(g["year"], g["value"]) for g in gdp["goals"]] == [(2020, 1690), (2025, 2238)]
    path = next(p for p in gdp["paths"] if p["goal_year"] == 2025)["points"]
    assert path[0] == [2020, 1538.0] and path[-1] == [2025, 2238.0] and path[3] == [2023, 1958.0]
    death = panels["亿元地区生产总值生产安全事故死亡率"]
    assert death["goals"] == [] and death["limits"][0]["value"] == 0.2  # a ceiling, not a bar to reach
    assert death["status"]["state"] == "none"

    entered = [{"indicator": "地区生产总值（GDP）", "scope": "city", "year": 2023, "value": 1700.0, "note": "", "entered_by": "x", "version": 1},
               {"indicator": "亿元地区生产总值生产安全事故死亡率", "scope": "city", "year": 2023, "value": 0.25, "note": "", "entered_by": "x", "version": 1}]  # fmt: skip
    panels = {p["indicator"]: p for p in cockpit(targets, entered)}
    assert panels["地区生产总值（GDP）"]["status"]["state"] == "off" and not panels["地区生产总值（GDP）"]["off_track"]  # behind, but 预期性
    assert panels["亿元地区生产总值生产安全事故死亡率"]["status"]["state"] == "off" and panels["亿元地区生产总值生产安全事故死亡率"]["off_track"]
    entered[1]["value"] = 0.15
    death = {p["indicator"]: p for p in cockpit(targets, entered)}["亿元地区生产总值生产安全事故死亡率"]
    assert death["status"]["state"] == "on" and not death["off_track"] and "未突破上限0.2" in death["status"]["text"]


@pytest.fixture
def served(store_url, parsed_samples):
    with open_store(store_url) as store:
        for parsed in parsed_samples:
            store.ingest(parsed)
        add_user(store, "tjj", "liaison", PASSWORD, unit="市统计局", actor="test")
        add_user(store, "gxj", "liaison", PASSWORD, unit="市工信局", email="gxj@lvliang.example", actor="test")
        add_user(store, "reader", "reader", PASSWORD, actor="test")
    with TestClient(create_app(store_url)) as client:
        yield client, store_url


def bearer(client: TestClient, name: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + client.post("/api/auth/token", data={"username": name, "password": PASSWORD}).json()["access_token"]}


def test_actual_values_are_entered_audited_and_versioned(served):
    client, _ = served
    before = client.get("/api/targets/cockpit", params={"indicator": "地区生产总值（GDP）"}).json()
    gdp = next(p for p in before["items"] if p["indicator"] == "地区生产总值（GDP）")
    assert {(a["year"], a["value"]) for a in gdp["actual"]} >= {(2020, 1538.0)} and 1690.0 not in [a["value"] for a in gdp["actual"]]
    body = {"indicator": "1.地区生产总值（GDP）", "year": 2023, "value": 1700, "note": "2023年统计公报"}
    assert client.post("/api/targets/actuals", json=body).status_code == 401
    assert client.post("/api/targets/actuals", json=body, headers=bearer(client, "reader")).status_code == 403
    first = client.post("/api/targets/actuals", json=body, headers=bearer(client, "tjj"))
    assert first.status_code == 201 and first.json()["indicator"] == "地区生产总值（GDP）" and first.json()["version"] == 1
    stale = client.post("/api/targets/actuals", json={**body, "value": 1750, "version": 5}, headers=bearer(client, "tjj"))
    assert stale.status_code == 409 and stale.json()["actual"]["value"] == 1700
    fixed = client.post("/api/targets/actuals", json={**body, "value": 1750, "version": 1}, headers=bearer(client, "tjj"))
    assert fixed.status_code == 201 and fixed.json()["version"] == 2
    assert client.post("/api/targets/actuals", json={**body, "value": "NaN"}, headers=bearer(client, "tjj")).status_code == 422
    after = next(p for p in client.get("/api/targets/cockpit", params={"indicator": "地区生产总值"}).json()["items"] if p["indicator"] == "地区生产总值（GDP）")
    assert after["status"]["year"] == 2023 and after["status"]["value"] == 1750 and after["status"]["state"] == "off"
    page = client.get("/targets", params={"indicator": "地区生产总值"})
    assert page.status_code == 200 and "按规划路径应达到" in page.text


def test_a_units_feed_and_digest_list_what_it_has_due(served, monkeypatch):
    client, store_url = served
    feed = client.get("/feeds/units/吕梁市工业和信息化局.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    entries = root.findall(f"{ATOM}entry")
    overdue = client.get("/api/units/市工信局/tasks", params={"overdue": True}).json()["total"]
    assert overdue and len([e for e in entries if e.find(f"{ATOM}title").text.startswith("【逾期】")]) == overdue
    search = ET.fromstring(client.get("/feeds/search.atom", params={"q": "营商环境"}).content)
    assert search.findall(f"{ATOM}entry") and "营商环境" in search.find(f"{ATOM}title").text

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Inbox(Message):
        def handle_message(self, message):
            received.append(message)

    from test_web_browser import free_port

    port = free_port()
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        from gongbao.supervise.digest import send

        monkeypatch.setenv("GONGBAO_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("GONGBAO_SMTP_PORT", str(port))
        with open_store(store_url) as store:
            sent = send(store, dt.date.today(), base_url="https://gongbao.example")
    finally:
        controller.stop()
    assert [(unit, addresses) for unit, addresses, _ in sent] == [("市工信局", ["gxj@lvliang.example"])]
    assert len(received) == 1 and received[0]["To"] == "gxj@lvliang.example"
    body = received[0].get_payload(decode=True).decode("utf-8")
    assert f"逾期任务{overdue}项" in body and "https://gongbao.example/tasks/" in body


def test_the_cli_writes_the_notice(served, tmp_path):
    from typer.testing import CliRunner

    from gongbao.cli import app

    _, store_url = served
    out = tmp_path / "通报.docx"
    done = CliRunner().invoke(app, ["supervise", "notice", "--output", str(out), "--month", "2026-11", "--db", store_url])
    assert done.exit_code == 0, done.output
    text = "\n".join(p.text for p in read_docx(io.BytesIO(out.read_bytes())).paragraphs)
    assert "关于2026年11月重点任务落实情况的通报" in text
    wrong = CliRunner().invoke(app, ["supervise", "notice", "--output", str(tmp_path / "x.txt"), "--db", store_url])
    assert wrong.exit_code == 2
