"""The supervision ledger (issue 13) over HTTP, on SQLite and PostgreSQL: a task's lifecycle through
the API and the pages, roles and units, CSRF, optimistic locking, evidence checks, the audit, the
ranking and the 通报 read back, and tasks keeping their progress across a new version of their
document."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as read_docx
from fastapi.testclient import TestClient

from gongbao import parse_text
from gongbao.accounts import add_user
from gongbao.serve.app import create_app
from gongbao.store import open_store
from gongbao.store.tracking import match_tasks
from gongbao.supervise import board

from conftest import SAMPLES

PASSWORD = "督查-密码-2026-足够长"
GXJ = "吕梁市工业和信息化局"  # 市工信局 under its full name: a liaison's unit under any alias


def token(client: TestClient, name: str) -> dict[str, str]:
    got = client.post("/api/auth/token", data={"username": name, "password": PASSWORD})
    assert got.status_code == 200, got.text
    return {"Authorization": f"Bearer {got.json()['access_token']}"}


@pytest.fixture
def ledger(store_url, parsed_samples):
    with open_store(store_url) as store:
        for parsed in parsed_samples:
            store.ingest(parsed)
        add_user(store, "admin", "admin", PASSWORD, actor="test")
        add_user(store, "dcs", "supervisor", PASSWORD, actor="test")
        add_user(store, "gxj", "liaison", PASSWORD, unit=GXJ, actor="test")
        add_user(store, "swj", "liaison", PASSWORD, unit="市商务局", actor="test")
        add_user(store, "reader", "reader", PASSWORD, actor="test")
    with TestClient(create_app(store_url)) as client:
        yield client


def only_gxj_task(client: TestClient) -> dict:
    """A task of 市工信局 alone, not yet started."""
    listed = client.get("/api/units/市工信局/tasks", params={"limit": 100}).json()
    assert listed["total"] >= 60 and all(isinstance(t["id"], int) for t in listed["items"])
    for t in listed["items"]:
        full = client.get(f"/api/tasks/{t['id']}").json()
        if full["unit_keys"] == ["市工信局"] and full["status"] == "未启动":
            return full
    raise AssertionError("no task of 市工信局 alone")


def test_the_lifecycle_through_the_api(ledger):
    client = ledger
    task = only_gxj_task(client)
    url = f"/api/tasks/{task['id']}/reports"
    gxj, swj, dcs = token(client, "gxj"), token(client, "swj"), token(client, "dcs")

    assert client.post(url, json={"status": "推进中", "progress": 30}).status_code == 401
    assert client.post(url, json={"status": "推进中"}, headers=token(client, "reader")).status_code == 403
    other = client.post(url, json={"status": "推进中", "progress": 30, "comment": "越权"}, headers=swj)
    assert other.status_code == 403 and other.json()["detail"] == "只能报送本单位的任务"
    audit = client.get("/api/audit", headers=dcs).json()["items"]
    assert any(e["action"] == "task.denied" and e["actor"] == "swj" and e["target"] == f"task:{task['id']}" for e in audit)

    started = client.post(url, json={"status": "推进中", "progress": 30, "comment": "已召开专题会议"}, headers=gxj)
    assert started.status_code == 201 and started.json()["status"] == "推进中"
    stale = client.post(url, json={"status": "推进中", "progress": 60, "version": 1}, headers=gxj)
    assert stale.status_code == 409 and stale.json()["task"]["version"] == 2 and stale.json()["task"]["progress"] == 30
    assert client.post(url, json={"status": "已销号"}, headers=gxj).status_code == 422  # a liaison cannot close

    evidence = client.post(f"/api/tasks/{task['id']}/files", files={"file": ("会议纪要.pdf", b"%PDF-1.7\n%minutes\n", "application/pdf")}, headers=gxj)
    assert evidence.status_code == 201
    sha = evidence.json()["sha256"]
    done = client.post(url, json={"status": "已完成待核验", "comment": "已完成", "files": [sha], "version": 2}, headers=gxj)
    assert done.status_code == 201 and done.json()["progress"] == 100 and done.json()["files"][0]["name"] == "会议纪要.pdf"
    assert client.get("/api/supervision/queue", headers=dcs).json()["total"] == 1

    assert client.post(url, json={"status": "退回"}, headers=dcs).status_code == 422  # a reason is required
    assert client.post(url, json={"status": "退回", "comment": "佐证材料不全"}, headers=dcs).status_code == 201
    assert client.post(url, json={"status": "已完成待核验", "comment": "补充了材料"}, headers=gxj).status_code == 201
    assert client.post(url, json={"status": "已销号", "comment": "核验通过"}, headers=dcs).status_code == 201

    got = client.get(f"/api/tasks/{task['id']}").json()
    assert got["status"] == "已销号" and got["version"] == 6
    assert [r["status"] for r in got["reports"]] == ["推进中", "已完成待核验", "退回", "已完成待核验", "已销号"]
    assert [r["actor"] for r in got["reports"]] == ["gxj", "gxj", "dcs", "gxj", "dcs"]
    assert got["reports"][2]["comment"] == "佐证材料不全"
    listed = {t["id"]: t for t in client.get("/api/units/市工信局/tasks", params={"limit": 100}).json()["items"]}
    assert listed[task["id"]]["status"] == "已销号" and not listed[task["id"]]["overdue"]

    # Every successful write has its audit row, before and after; the evidence file is for users only.
    entries = client.get("/api/audit", headers=dcs, params={"limit": 100}).json()["items"]
    reports = [e for e in entries if e["action"] == "task.report" and e["target"] == f"task:{task['id']}"]
    assert len(reports) == 5 and reports[0]["before"]["status"] == "已完成待核验" and reports[0]["after"]["status"] == "已销号"
    assert client.get(f"/api/tasks/{task['id']}/files/{sha}").status_code == 401
    assert client.get(f"/api/tasks/{task['id']}/files/{sha}", headers=swj).content.startswith(b"%PDF")


def test_evidence_is_checked_by_its_bytes_and_size(ledger, monkeypatch):
    client = ledger
    task = only_gxj_task(client)
    url = f"/api/tasks/{task['id']}/files"
    gxj = token(client, "gxj")
    disguised = [("报告.pdf", b"<html><script>alert(1)</script></html>"), ("照片.png", b"MZ\x90\x00 an executable"),
                 ("表格.xlsx", b"PK\x03\x04 not really a zip"), ("说明.txt", b"<svg onload=alert(1)>"), ("run.sh", b"#!/bin/sh\n")]  # fmt: skip
    for name, data in disguised:
        refused = client.post(url, files={"file": (name, data, "application/octet-stream")}, headers=gxj)
        assert refused.status_code == 422, name
    monkeypatch.setenv("GONGBAO_EVIDENCE_MAX_MB", "0.01")
    big = client.post(url, files={"file": ("大文件.pdf", b"%PDF-1.7\n" + b"0" * 20_000, "application/pdf")}, headers=gxj)
    assert big.status_code == 422 and "上限" in big.json()["detail"]
    ok = client.post(url, files={"file": ("进展.txt", "已完成80%".encode(), "text/plain")}, headers=gxj)
    assert ok.status_code == 201 and ok.json()["media_type"].startswith("text/plain")
    assert client.post(url, files={"file": ("进展.txt", b"x", "text/plain")}, headers=token(client, "swj")).status_code == 403


def login(client: TestClient, name: str) -> None:
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)[1]
    done = client.post("/login", data={"username": name, "password": PASSWORD, "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303, done.text


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html)[1]


def test_pages_need_a_session_and_forms_their_csrf_token(ledger):
    client = ledger
    task = only_gxj_task(client)
    for path in ("/my", f"/tasks/{task['id']}", "/supervise", "/ranking", "/upload", "/audit"):
        page = client.get(path, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login?next="), path
    assert client.get("/documents/1").status_code == 200  # reading stays open

    cookie = client.get("/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.post("/login", data={"username": "gxj", "password": PASSWORD}).status_code == 403  # no CSRF token
    login(client, "gxj")
    page = client.get(f"/tasks/{task['id']}")
    assert page.status_code == 200 and 'name="version" value="1"' in page.text
    form = {"status": "推进中", "progress": "40", "comment": "<script>alert('x')</script>'; DROP TABLE tracked_tasks; --", "version": "1"}
    assert client.post(f"/tasks/{task['id']}", data=form).status_code == 403  # without its token
    assert client.post(f"/tasks/{task['id']}", data={**form, "csrf": "forged"}).status_code == 403
    sent = client.post(f"/tasks/{task['id']}", data={**form, "csrf": csrf_of(page.text)},
                       files={"files": ("现场照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")}, follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    shown = client.get(f"/tasks/{task['id']}").text
    assert "<script>alert('x')</script>" not in shown and "&lt;script&gt;alert(" in shown and "现场照片.png" in shown
    assert client.get(f"/api/tasks/{task['id']}").json()["progress"] == 40  # the SQL in the comment was inert
    stale = client.post(f"/tasks/{task['id']}", data={**form, "csrf": csrf_of(shown)})
    assert stale.status_code == 409 and "已被他人更新" in stale.text
    assert client.get("/supervise", follow_redirects=False).status_code == 403  # a liaison
    assert client.get("/upload", follow_redirects=False).status_code == 403
    mine = client.get("/my")
    assert mine.status_code == 200 and re.search(r'task-count">(\d+)', mine.text)[1] == str(client.get("/api/units/市工信局/tasks").json()["total"])

    client.post("/logout", data={"csrf": csrf_of(mine.text)})
    assert client.get("/my", follow_redirects=False).status_code == 303


def test_the_ranking_and_the_notice_agree_with_the_database(ledger, store_url):
    client = ledger
    gxj, dcs = token(client, "gxj"), token(client, "dcs")
    today = "2026-12-02"
    overdue = client.get("/api/units/市工信局/tasks", params={"overdue": True, "today": today, "limit": 100}).json()
    assert overdue["total"] >= 1
    closed = overdue["items"][0]["id"]
    for status in ("已完成待核验", "已销号"):
        who = gxj if status == "已完成待核验" else dcs
        assert client.post(f"/api/tasks/{closed}/reports", json={"status": status, "comment": "完成"}, headers=who).status_code == 201
    ranked = client.get("/api/supervision/board", params={"today": today, "limit": 100}).json()["items"]
    by_unit = {u["unit"]: u for u in ranked}
    assert by_unit["市工信局"]["overdue"] == overdue["total"] - 1  # done late is no longer overdue, nor on time
    assert by_unit["市工信局"]["on_time"] == 0
    assert all(u["rank"] is None for u in ranked if u["kind"] not in ("department", "office", "county", "zone", "party", "court", "regulator", "government"))

    notice = client.get("/api/supervision/notice", params={"month": "2026-11", "today": today})
    assert notice.status_code == 200 and "attachment" in notice.headers["content-disposition"]
    docx = read_docx(io.BytesIO(notice.content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "关于2026年11月重点任务落实情况的通报" in text and "抄送" in text and "印发" in text
    table = docx.tables[0]
    names = [row.cells[1].text for row in table.rows[1:]]
    ranks = [row.cells[0].text for row in table.rows[1:]]
    with open_store(store_url) as store:
        expected = [u for u in board(store, __import__("datetime").date(2026, 12, 2))["units"] if u["ranked"] or u["due"]]
    assert names == [u["full_name"] for u in expected]
    assert ranks == [str(u["rank"] or "—") for u in expected]
    body = [r for p in docx.paragraphs for r in p.runs if "截至" in r.text]
    assert body and body[0].font.name == "仿宋_GB2312" and body[0].font.size.pt == 16  # 正文 in 3号仿宋


REVISED_004 = next(p for p in SAMPLES if p.name.startswith("004_"))


def test_a_new_version_of_a_document_keeps_the_progress_of_its_unchanged_tasks(store_url, tmp_path):
    text = REVISED_004.read_text(encoding="utf-8")
    with open_store(store_url) as store:
        store.ingest(parse_text(text, "004.txt"))
        add_user(store, "dcs", "supervisor", PASSWORD, actor="test")
    with TestClient(create_app(store_url)) as client:
        dcs = token(client, "dcs")
        tasks = client.get("/api/tasks", params={"limit": 100}).json()["items"]
        assert len(tasks) >= 20
        # Tasks of one document: one left as is, one whose unit is edited, one removed.
        doc = max({t["document"]["id"] for t in tasks}, key=lambda d: sum(t["document"]["id"] == d for t in tasks))
        mine = [t for t in tasks if t["document"]["id"] == doc and len(t["text"]) > 40]
        kept, removed, edited = mine[0], mine[1], mine[2]  # the removed above the edited: line numbers hold
        for t in (kept, edited, removed):
            sent = client.post(f"/api/tasks/{t['id']}/reports", json={"status": "退回", "comment": "测试"}, headers=dcs)
            assert sent.status_code == 422  # 未启动 cannot be returned; a liaison's move comes first
        with open_store(store_url) as store:
            add_user(store, "all", "admin", PASSWORD, actor="test")
        admin = token(client, "all")
        for t, progress in ((kept, 30), (edited, 50), (removed, 70)):
            assert client.post(f"/api/tasks/{t['id']}/reports", json={"status": "推进中", "progress": progress}, headers=admin).status_code == 201

        # Edited where the file has them (wrapped lines): the removed task's lines dropped, a
        # word put into the middle of the edited one's first line.
        lines = text.split("\n")
        first = lines[edited["line_start"] - 1]
        lines[edited["line_start"] - 1] = first[: len(first) // 2] + "已修订" + first[len(first) // 2 :]
        del lines[removed["line_start"] - 1 : removed["line_end"]]
        revised = "\n".join(lines)
        with open_store(store_url) as store:
            result = store.ingest(parse_text(revised, "004.txt"))
        assert result.status == "new-version"
        after = {t["id"]: t for t in client.get("/api/tasks", params={"limit": 100}).json()["items"]}
        assert after[kept["id"]]["status"] == "推进中" and after[kept["id"]]["progress"] == 30
        assert after[edited["id"]]["progress"] == 50 and "已修订" in after[edited["id"]]["text"]
        assert removed["id"] not in after  # vanished: flagged, not listed, still on record
        gone = client.get(f"/api/tasks/{removed['id']}").json()
        assert gone["vanished"] and gone["progress"] == 70 and len(gone["reports"]) == 1
        refused = client.post(f"/api/tasks/{removed['id']}/reports", json={"status": "推进中", "progress": 80}, headers=admin)
        assert refused.status_code == 422 and "现行版本" in refused.json()["detail"]
        assert len(after) == len(tasks) - 1


def test_tasks_match_across_versions_by_number_text_and_units():
    old = [("1.", "加快推进工业园区建设，2022年底前完成", "市工信局"), ("2.", "强化要素保障", "市财政局"), ("3.", "完善考核机制", "市人社局")]
    new = [("1.", "强化要素保障", "市财政局"), ("2.", "加快推进工业园区建设，2023年底前完成", "市工信局"), ("3.", "全新的任务内容与此前无关", "市商务局")]
    assert match_tasks(old, new) == {1: 0, 0: 1}  # renumbered; lightly edited; the third is new
    assert match_tasks(old, old) == {0: 0, 1: 1, 2: 2}
    assert match_tasks([], new) == {} and match_tasks(old, []) == {}
    # One wording for each county in turn: told apart by the units, then by the place.
    counties = [("", "建设污水处理设施", county) for county in ("汾阳市", "孝义市", "文水县")]
    assert match_tasks(counties, counties[::-1]) == {0: 2, 1: 1, 2: 0}
    twins = [("", "建设污水处理设施", "汾阳市")] * 2
    assert match_tasks(twins, twins) == {0: 0, 1: 1}


def test_upload_is_for_administrators_and_shows_each_files_fate(ledger, store_url):
    client = ledger
    login(client, "gxj")
    assert client.get("/upload").status_code == 403  # a liaison cannot add gazettes
    client.post("/logout", data={"csrf": csrf_of(client.get("/my").text)})
    login(client, "admin")
    form = client.get("/upload")
    assert form.status_code == 200
    files = [("files", ("损坏.pdf", b"%PDF-1.7 not really a PDF", "application/pdf")),
             ("files", ("新一期.txt", SAMPLES[1].read_bytes(), "text/plain"))]  # fmt: skip
    assert client.post("/upload", files=files).status_code == 403  # without its CSRF token
    done = client.post("/upload", data={"csrf": csrf_of(form.text)}, files=files)
    assert done.status_code == 422  # one file failed: said so, the other stored
    results = re.findall(r'<li class="([^"]+)">([^<]*)', done.text)
    assert results[0][0] == "error-message" and results[0][1].startswith("损坏.pdf：未能读取")
    assert results[1][0] == "ok" and results[1][1].startswith("新一期.txt：已入库")
    audit = client.get("/api/audit", headers=token(client, "dcs")).json()["items"]
    assert any(e["action"] == "gazette.upload" and e["actor"] == "admin" and e["target"] == "source:新一期.txt" for e in audit)


def test_an_upload_is_streamed_like_a_large_file_and_a_too_large_one_refused(ledger, monkeypatch):
    import gongbao.read.stream
    import gongbao.serve.service

    client = ledger
    login(client, "admin")
    monkeypatch.setattr(gongbao.read.stream, "STREAM_FROM", 100_000)  # the archive below is streamed
    monkeypatch.setattr(gongbao.read.stream, "WINDOW_BYTES", 64 * 1024)
    archive = "\n".join([SAMPLES[2].read_text(encoding="utf-8")] * 2).encode()
    at = archive.index("。".encode(), len(archive) // 2)
    archive = archive[:at] + b"\xff" + archive[at + 3 :]  # one bad byte: a warning, named by the file's name
    form = client.get("/upload")
    done = client.post("/upload", data={"csrf": csrf_of(form.text)}, files=[("files", ("合订本.txt", archive, "text/plain"))])
    assert done.status_code == 200 and "合订本.txt：已入库" in done.text
    assert "合订本.txt：1 处无法解码的字节已替换为 U+FFFD" in done.text and "gongbao-upload-" not in done.text
    monkeypatch.setattr(gongbao.serve.service, "MAX_UPLOAD_BYTES", 1000)
    form = client.get("/upload")
    big = client.post("/upload", data={"csrf": csrf_of(form.text)}, files=[("files", ("太大.txt", archive, "text/plain"))])
    assert big.status_code == 422 and "太大.txt：未能读取——文件过大（上限 0 MB）" in big.text


def test_the_login_page_is_throttled_too(ledger):
    client = ledger
    for _ in range(5):
        form = client.get("/login")
        wrong = client.post("/login", data={"username": "dcs", "password": "not-the-password", "csrf": csrf_of(form.text)})
        assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    form = client.get("/login")
    locked = client.post("/login", data={"username": "dcs", "password": PASSWORD, "csrf": csrf_of(form.text)})
    assert locked.status_code == 429 and "次数过多" in locked.text
