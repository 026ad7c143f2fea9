"""The web app through Starlette's test client: every API endpoint (with its 404 and 422 paths) and
every page, on the three sample gazettes plus one crafted gazette whose text carries markup."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gongbao import parse_file, parse_text
from gongbao.models import ParsedFile
from gongbao.serve import create_app
from gongbao.store import open_store

from conftest import samples_db

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))
N_SAMPLE_DOCS = 38
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
XSS_NUMBER = "吕政办发〔2099〕1号"
CRAFTED = f"""吕梁市人民政府公报
2099 年第 1 期（总第 99 期）

吕梁市人民政府办公室关于{XSS}测试工作的通知

{XSS_NUMBER}

各县（市、区）人民政府，市直各有关单位：

现将{XSS}有关事项通知如下。

一、工作任务

加快推进网页{XSS}注入防范工作。

吕梁市人民政府办公室

2099年3月29日

（此件公开发布）
"""
BUS = "吕政办发〔2022〕9号"  # 吕梁市区城市公交免费乘坐实施方案
ASK_BUS = "机关事业单位人员一年坐公交次数排名前10名每人奖励多少钱？"  # answered by BUS (the search stage's dev-02)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, parsed_samples: list[ParsedFile]) -> str:
    return samples_db(tmp_path_factory.mktemp("api"), parsed_samples, parse_text(CRAFTED, "crafted_markup.txt"))


@pytest.fixture(scope="module")
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url)) as c:
        yield c


@pytest.fixture(scope="module")
def docs(db_url: str) -> list[dict[str, Any]]:
    with open_store(db_url) as store:
        return store.documents(text=False)


def by_number(docs: list[dict[str, Any]], number: str) -> dict[str, Any]:
    return next(d for d in docs if d["doc_number"] == number)


def ok(client: TestClient, url: str, **params: Any) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    return r.json()


def error(client: TestClient, url: str, status: int, **params: Any) -> str:
    r = client.get(url, params=params)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    message = r.json()["detail"]
    assert isinstance(message, str) and message
    return message


# ---------------------------------------------------------------------------------------------
# OpenAPI


def test_openapi_lists_the_contract_paths(client):
    paths = ok(client, "/openapi.json")["paths"]
    for path in ("/api/issues", "/api/documents", "/api/documents/{key}", "/api/search", "/api/ask", "/api/units",
                 "/api/units/{name}/tasks", "/api/targets", "/api/export"):  # fmt: skip
        assert path in paths, path
    assert not any(p.startswith("/units") or p == "/" for p in paths)  # pages are not API
    docs_page = client.get("/docs")
    assert docs_page.status_code == 200
    # Swagger UI from the package, not a CDN: the docs work on an offline intranet.
    scripts = re.findall(r'<script src="([^"]+)"', docs_page.text)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert all(client.get(src).status_code == 200 for src in scripts)


# ---------------------------------------------------------------------------------------------
# Issues


def test_issues_newest_first_with_document_counts(client):
    got = ok(client, "/api/issues")
    assert got["total"] == 4
    dated = [i for i in got["items"] if i["published"]]
    assert [i["published"] for i in dated] == sorted((i["published"] for i in dated), reverse=True)
    s004 = next(i for i in got["items"] if i["source"].startswith("004_"))
    assert (s004["name"], s004["year"], s004["number"], s004["total_number"], s004["published"]) == ("吕梁市人民政府公报", 2022, 2, 17, "2022-04-24")
    assert s004["documents"] == 10
    assert sum(i["documents"] for i in got["items"]) == N_SAMPLE_DOCS + 1


def test_issue_table_of_contents_in_file_order(client):
    s004 = next(i for i in ok(client, "/api/issues")["items"] if i["source"].startswith("004_"))
    toc = ok(client, f"/api/issues/{s004['id']}")
    numbers = [d["doc_number"] for d in toc["items"]]
    assert len(numbers) == 10
    assert numbers[0] == "吕政函〔2022〕3号" and BUS in numbers
    assert error(client, "/api/issues/99999", 404)
    assert "issue_id" in error(client, "/api/issues/abc", 422)


# ---------------------------------------------------------------------------------------------
# Documents


def test_documents_list_paginates_with_total(client):
    first = ok(client, "/api/documents", limit=5)
    assert first["total"] == N_SAMPLE_DOCS + 1 and len(first["items"]) == 5
    pages = [ok(client, "/api/documents", limit=10, offset=o)["items"] for o in range(0, 40, 10)]
    ids = [d["id"] for page in pages for d in page]
    assert len(ids) == len(set(ids)) == N_SAMPLE_DOCS + 1  # stable order: no doubles, none missing
    dates = [d["signed_date"] for page in pages for d in page if d["signed_date"]]
    assert dates == sorted(dates, reverse=True)
    assert ok(client, "/api/documents", offset=1000)["items"] == []


def test_documents_filters(client, docs):
    got = ok(client, "/api/documents", doc_type="批复", limit=100)
    assert [d["doc_number"] for d in got["items"]] == ["吕政函〔2022〕5号"]
    got = ok(client, "/api/documents", issuer="吕梁市人民政府", limit=100)
    assert got["total"] == sum(d["issuer"] == "吕梁市人民政府" for d in docs) > 0
    assert {d["issuer"] for d in got["items"]} == {"吕梁市人民政府"}
    got = ok(client, "/api/documents", year=2022, limit=100)
    assert got["total"] == sum((d["signed_date"] or "").startswith("2022-") for d in docs) > 0
    s004 = next(p.name for p in SAMPLES if p.name.startswith("004_"))
    assert ok(client, "/api/documents", source=s004)["total"] == 10
    assert ok(client, "/api/documents", source=s004, doc_type="批复")["total"] == 1
    assert ok(client, "/api/documents", issuer="没有这个机关")["total"] == 0


@pytest.mark.parametrize(
    ("params", "name"),
    [({"limit": -1}, "limit"), ({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"offset": -1}, "offset"),
     ({"year": "abc"}, "year"), ({"year": 3000}, "year")],  # fmt: skip
)
def test_documents_bad_parameters_are_422_naming_the_parameter(client, params, name):
    assert name in error(client, "/api/documents", 422, **params)


def test_document_by_id_has_every_part(client, docs):
    want = by_number(docs, "吕政发〔2021〕6号")
    doc = ok(client, f"/api/documents/{want['id']}")
    assert doc["id"] == want["id"] and doc["doc_number"] == "吕政发〔2021〕6号"
    assert doc["title"].startswith("吕梁市人民政府关于印发吕梁市国民经济和社会发展第十四个五年规划")
    assert doc["issuer"] == "吕梁市人民政府" and doc["doc_type"] == "通知"
    assert len(doc["targets"]) == 88 and len(doc["tables"]) == 2 and doc["outline"] and doc["text"]
    assert doc["consultation"] == [{"unit": "吕梁市发展和改革委员会", "phone": "8234038"}]
    for key in ("tasks", "bodies", "citations", "cited_by", "attachments", "gazette"):
        assert key in doc
    assert doc["gazette"]["total_number"] == 12


@pytest.mark.parametrize("printed", [BUS, "吕政办发[2022]9号", "吕政办发〔2022〕9 号", "吕政办发（2022）9号", "吕政办发2022 9"])
def test_document_by_any_printed_doc_number(client, docs, printed):
    doc = ok(client, f"/api/documents/{printed}")  # the client URL-encodes the path
    assert doc["id"] == by_number(docs, BUS)["id"]
    assert doc["title"] == "吕梁市人民政府办公室关于印发吕梁市区城市公交免费乘坐实施方案的通知"
    assert doc["consultation"] == [{"unit": "吕梁市交通运输局", "phone": "3398907"}]


def test_document_citations_link_both_ways(client, docs):
    plan = ok(client, "/api/documents/吕政办发〔2021〕51号")
    assert [d["doc_number"] for d in plan["cited_by"]] == ["吕政办发〔2021〕50号"]  # by 《title》 only
    action = ok(client, "/api/documents/吕政办发〔2021〕50号")
    linked = [c for c in action["citations"] if c["document_id"]]
    assert [c["document_id"] for c in linked] == [plan["id"]]
    assert linked[0]["title"] == "吕梁市数字政府建设“十四五”规划"
    renewal = ok(client, "/api/documents/吕政发〔2024〕4号")
    assert by_number(docs, "吕政办发〔2021〕53号")["id"] in {c["document_id"] for c in renewal["citations"]}
    external = next(c for c in renewal["citations"] if c["doc_number"] == "晋政发〔2024〕10号")
    assert external["document_id"] is None and external["relation"] == "implements"


def test_document_graph(client, docs):
    g = ok(client, "/api/documents/吕政办发〔2021〕51号/graph")
    centre = f"doc:{by_number(docs, '吕政办发〔2021〕51号')['id']}"
    citing = f"doc:{by_number(docs, '吕政办发〔2021〕50号')['id']}"
    assert {n["id"] for n in g["nodes"]} >= {centre, citing}
    assert {"source": citing, "target": centre, "relation": "cites"} in g["links"]
    assert len([link for link in g["links"] if link["source"] == centre]) == 1  # it cites one (external) document
    assert error(client, "/api/documents/99999/graph", 404)


@pytest.mark.parametrize("key", ["99999", "吕政发〔1999〕1号", "没有这个文号"])
def test_unknown_document_is_404_with_message(client, key):
    assert key in error(client, f"/api/documents/{key}", 404)


# ---------------------------------------------------------------------------------------------
# Units and their tasks


def expected_tasks(docs: list[dict[str, Any]], unit_id: str) -> list[dict[str, Any]]:
    return [t for d in docs for t in d["tasks"] if unit_id in t["unit_ids"] or unit_id in t["units"]]


@pytest.mark.parametrize("alias", ["市工信局", "市工业和信息化局", "吕梁市工业和信息化局", "市经信委"])
def test_unit_tasks_under_any_alias(client, docs, alias):
    got = ok(client, f"/api/units/{alias}/tasks", limit=100)
    want = expected_tasks(docs, "市工信局")
    assert got["unit"]["id"] == "市工信局" and got["unit"]["full_name"] == "吕梁市工业和信息化局"
    assert got["total"] == len(want) == 68
    deadlines = [t["deadline"] or "9999" for t in got["items"]]
    assert deadlines == sorted(deadlines)  # by deadline, undated last
    assert all("市工信局" in t["unit_ids"] or "市工信局" in t["units"] for t in got["items"])
    assert all(t["document"]["doc_number"] for t in got["items"])


def test_unit_tasks_overdue_relative_to_today(client, docs):
    unit = "市行政审批局"
    dated = [t for t in expected_tasks(docs, unit) if t["deadline"]]
    assert len(dated) == 17  # 14 dated by their clause, 3 by their text (2024年底前, 11月30日前 of the document's year)
    early = ok(client, f"/api/units/{unit}/tasks", today="2000-01-01", limit=100)
    late = ok(client, f"/api/units/{unit}/tasks", today="2100-01-01", limit=100)
    assert early["overdue"] == 0 and not any(t["overdue"] for t in early["items"])
    assert late["overdue"] == len(dated)
    assert all(t["overdue"] == bool(t["deadline"]) for t in late["items"])
    pivot = sorted(t["deadline"] for t in dated)[len(dated) // 2]
    mid = ok(client, f"/api/units/{unit}/tasks", today=pivot, limit=100)
    assert mid["overdue"] == sum(t["deadline"] < pivot for t in dated)
    only = ok(client, f"/api/units/{unit}/tasks", today=pivot, overdue="true", limit=100)
    assert only["total"] == mid["overdue"] and all(t["overdue"] for t in only["items"])


def test_unit_tasks_paginate(client):
    a = ok(client, "/api/units/市工信局/tasks", limit=10)
    b = ok(client, "/api/units/市工信局/tasks", limit=10, offset=10)
    assert a["total"] == b["total"] == 68 and len(a["items"]) == len(b["items"]) == 10
    assert {(t["document"]["id"], t["line_start"]) for t in a["items"]}.isdisjoint((t["document"]["id"], t["line_start"]) for t in b["items"])


def test_units_by_task_count_agree_with_their_task_lists(client):
    got = ok(client, "/api/units", limit=10)
    assert got["total"] > 30 and len(got["items"]) == 10
    counts = [u["tasks"] for u in got["items"]]
    assert counts == sorted(counts, reverse=True)
    assert {"id": "市工信局", "full_name": "吕梁市工业和信息化局", "kind": "department", "tasks": 68, "lead": 14} in got["items"]
    for unit in got["items"]:
        assert ok(client, f"/api/units/{unit['id']}/tasks", limit=1)["total"] == unit["tasks"], unit["id"]
    html = page(client, "/units")
    assert '<a class="unit-link" href="/units/%E5%B8%82%E5%B7%A5%E4%BF%A1%E5%B1%80">市工信局</a>' in html
    assert "limit" in error(client, "/api/units", 422, limit=500)


def test_unit_tasks_errors(client):
    assert "没有这个单位局" in error(client, "/api/units/没有这个单位局/tasks", 404)
    assert "today" in error(client, "/api/units/市工信局/tasks", 422, today="2024-13-01")
    assert "today" in error(client, "/api/units/市工信局/tasks", 422, today="yesterday")
    assert "limit" in error(client, "/api/units/市工信局/tasks", 422, limit=-1)


# ---------------------------------------------------------------------------------------------
# Targets


def test_targets_filters(client, docs):
    every = ok(client, "/api/targets", limit=100)
    assert every["total"] == sum(len(d["targets"]) for d in docs) == 114 and len(every["items"]) == 100
    forest = ok(client, "/api/targets", indicator="森林覆盖率")
    assert forest["total"] == 2 and all("森林覆盖率" in t["indicator"] for t in forest["items"])
    plan = ok(client, "/api/targets", doc="吕政发〔2021〕6号", limit=100)
    assert plan["total"] == 88 and {t["document"]["doc_number"] for t in plan["items"]} == {"吕政发〔2021〕6号"}
    assert ok(client, "/api/targets", doc=str(by_number(docs, "吕政发〔2021〕6号")["id"]), limit=1)["total"] == 88
    y2025 = ok(client, "/api/targets", year=2025, limit=100)
    assert y2025["total"] > 0 and {t["year"] for t in y2025["items"]} == {2025}
    assert error(client, "/api/targets", 404, doc="吕政发〔1999〕1号")
    assert "year" in error(client, "/api/targets", 422, year="abc")


# ---------------------------------------------------------------------------------------------
# Export


def test_export_jsonl_and_csv(client):
    r = client.get("/api/export", params={"format": "jsonl"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == N_SAMPLE_DOCS + 1 and BUS in {d["doc_number"] for d in rows}
    r = client.get("/api/export", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")  # a UTF-8 BOM: Excel on Chinese Windows reads it right
    table = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(table) == N_SAMPLE_DOCS + 1 and "doc_number" in table[0]
    assert "format" in error(client, "/api/export", 422, format="xml")
    assert "只能导出为" in error(client, "/api/export", 422, format="jsonl", kind="tasks")


def test_spreadsheet_exports_round_trip_every_document_task_and_target(client):
    from openpyxl import load_workbook

    docs = [json.loads(line) for line in client.get("/api/export", params={"format": "jsonl"}).text.splitlines()]
    tasks = [(d["id"], t["text"]) for d in docs for t in d.get("tasks") or []]
    targets = [(d["id"], t["indicator"], t.get("value_text") or None) for d in docs for t in d.get("targets") or []]  # an empty cell is None
    r = client.get("/api/export", params={"format": "xlsx"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(r.content), read_only=True)
    assert book.sheetnames == ["文件", "任务", "指标", "正文"]
    sheets = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    assert [row[0] for row in sheets["文件"][1:]] == [d["id"] for d in docs]
    assert [(row[14], row[6]) for row in sheets["任务"][1:]] == tasks
    assert all(isinstance(row[0], int) and row[1] for row in sheets["任务"][1:])  # the ledger's id and status
    assert [(row[15], row[2], row[5]) for row in sheets["指标"][1:]] == targets
    cells = [cell for rows in sheets.values() for row in rows for cell in row if isinstance(cell, str)]
    assert max(map(len, cells)) <= 32_767  # Excel's cell limit: long text goes on over rows
    for d in docs[:5]:  # the text comes back whole, paragraph by paragraph
        body = [row[4] for row in sheets["正文"][1:] if row[0] == d["id"]]
        assert "".join(body) == "".join(p for p in d["text"].split("\n") if p.strip())
    for kind, expected in (("tasks", tasks), ("targets", targets)):
        r = client.get("/api/export", params={"format": "csv", "kind": kind})
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        assert len(rows) - 1 == len(expected) and rows[0][0] in ("任务编号", "发文字号")


# ---------------------------------------------------------------------------------------------
# Search and ask (the search stage's functions behind the API)


def test_search_finds_the_bus_plan_with_facets(client):
    got = ok(client, "/api/search", q="公交")
    assert got["total"] >= 1 and BUS in [h["doc_number"] for h in got["items"]]
    hit = next(h for h in got["items"] if h["doc_number"] == BUS)
    assert all(hit["passage"][s:e] for s, e in hit["highlights"])
    assert "公交" in "".join(hit["passage"][s:e] for s, e in hit["highlights"])
    assert set(got["facets"]) >= {"issuer", "doc_type", "year", "unit"}
    narrowed = ok(client, "/api/search", q="公交", year=2022)
    assert narrowed["total"] <= got["total"] and all((h["signed_date"] or "").startswith("2022") for h in narrowed["items"])
    page = ok(client, "/api/search", q="公交", limit=1, offset=1)
    assert page["limit"] == 1 and page["offset"] == 1 and len(page["items"]) <= 1


@pytest.mark.parametrize(("params", "name"), [({}, "q"), ({"q": ""}, "q"), ({"q": "公交", "limit": 0}, "limit"),
                                              ({"q": "公交", "year": "abc"}, "year"), ({"q": "公交", "offset": -5}, "offset")])  # fmt: skip
def test_search_bad_parameters_are_422(client, params, name):
    assert name in error(client, "/api/search", 422, **params)


def test_search_query_error_is_422_with_its_message(client):
    assert error(client, "/api/search", 422, q="　 ")  # only whitespace: the search stage refuses it


def test_ask_answers_with_document_and_contact(client, docs):
    got = ok(client, "/api/ask", q=ASK_BUS)
    assert "2000元" in got["answer"] and got["sentences"] and got["doc_number"] == BUS
    doc = next(d for d in docs if d["id"] == got["document_id"])
    assert got["doc_number"] == doc["doc_number"] and got["consultation"] == doc["consultation"]
    assert got["line_start"] <= got["line_end"]
    assert "q" in error(client, "/api/ask", 422)


# ---------------------------------------------------------------------------------------------
# Pages


def page(client: TestClient, url: str, status: int = 200, **params: Any) -> str:
    r = client.get(url, params=params)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def test_home_lists_issues_latest_documents_and_a_search_box(client):
    html = page(client, "/")
    assert "公报期次" in html and "最新文件" in html
    assert "吕梁市人民政府公报 2022年第2期（总第17期）" in html
    assert 'action="/search"' in html and 'name="q"' in html
    assert html.count('href="/documents/') >= 10


def test_issue_page_is_a_table_of_contents(client):
    s004 = next(i for i in ok(client, "/api/issues")["items"] if i["source"].startswith("004_"))
    html = page(client, f"/issues/{s004['id']}")
    assert "目录" in html and "吕梁市人民政府办公室关于印发吕梁市区城市公交免费乘坐实施方案的通知" in html
    assert "2022-04-24" in html


def test_document_page_card_outline_tables_tasks_citations_consultation(client, docs):
    bus = by_number(docs, BUS)
    html = page(client, f"/documents/{bus['id']}")
    for label in ("发文字号", "发文机关", "成文日期", "文种", "主送机关", "公开属性", "政策咨询", "引用", "被引用", "目录导航"):
        assert label in html, label
    assert BUS in html and "离石区人民政府，市直各有关单位" in html and "3398907" in html and "此件公开发布" in html
    assert 'href="#L762"' in html and 'id="L762"' in html  # 一、升级城市公交刷卡系统
    assert "吕梁市区城市公交免费乘坐工作领导小组" in html and "<table class=\"data\">" in html
    assert 'class="cite-ext"' in html and "吕梁市城市公交成本规制办法" in html  # cited, not stored
    plan = page(client, "/documents/吕政办发〔2021〕51号")
    action = by_number(docs, "吕政办发〔2021〕50号")
    assert f'class="cited-by-link" href="/documents/{action["id"]}"' in plan


def test_document_page_highlights_units_targets_deadlines(client, docs):
    doc = by_number(docs, "吕政办发〔2022〕6号")
    html = page(client, f"/documents/{doc['id']}")
    assert re.search(r'<a class="m-unit" href="/units/%E5%B8%82%E5%B7%A5%E4%BF%A1%E5%B1%80"[^>]*>市工信局</a>', html)
    assert '<mark class="m-target">增加20%</mark>' in html
    assert 'class="task"' in html and "任务分工（41 项）" in html


def test_unit_page_marks_overdue_tasks(client):
    html = page(client, "/units/市行政审批局", today="2100-01-01")
    assert "市行政审批局" in html and "已逾期" in html
    assert html.count('<tr class="overdue">') == int(re.search(r'class="overdue-count">(\d+)<', html).group(1)) > 0
    html = page(client, "/units/市工信局", today="2000-01-01")
    assert '<strong class="task-count">68</strong>' in html and '<strong class="overdue-count">0</strong>' in html
    assert "未找到" in page(client, "/units/没有这个单位局", 404)
    assert "请求有误" in page(client, "/units/市工信局", 422, today="2024-02-30")


def test_targets_page_embeds_chart_data_as_json(client):
    html = page(client, "/targets")
    data = json.loads(re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S).group(1))
    forest = next(c for c in data if c["indicator"] == "森林覆盖率")
    # The plans' goals (2020: 33, 2025: 35) as goals; their baselines (2015, 2020) as the actual values.
    assert [(g["year"], g["value"]) for g in forest["goals"]] == [(2020, 33.0), (2025, 35.0)] and forest["unit"] == "%"
    assert [(a["year"], a["value"]) for a in forest["actual"]] == [(2015, 29.0), (2020, 29.6)]
    assert html.count('class="chart"') == len(data) > 10
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert client.get("/static/vendor/echarts/echarts.min.js").status_code == 200
    one = page(client, "/targets", doc="吕政发〔2024〕7号")
    assert "文件 吕政发〔2024〕7号" in one


def test_documents_page_filters_by_issuer(client, docs):
    html = page(client, "/")
    assert '<a class="issuer-link" href="/documents?issuer=%E5%90%95%E6%A2%81%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C">' in html
    html = page(client, "/documents", issuer="吕梁市人民政府")
    assert "发文机关：吕梁市人民政府 ✕" in html
    assert f"共 {sum(d['issuer'] == '吕梁市人民政府' for d in docs)} 件" in html
    assert "吕梁市人民政府办公室关于" not in html


def test_graph_page(client, docs):
    plan = by_number(docs, "吕政办发〔2021〕51号")
    html = page(client, f"/documents/{plan['id']}/graph")
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S).group(1))
    assert {n["name"] for n in data["nodes"]} >= {"吕政办发〔2021〕51号", "吕政办发〔2021〕50号"}
    assert "引用关系图" in html


def test_error_pages_in_chinese(client):
    assert "未找到" in page(client, "/documents/99999", 404)
    assert "未找到" in page(client, "/no/such/page", 404)
    assert "请求有误" in page(client, "/documents", 422, year="abc")


def test_search_page_has_facets_and_highlighted_passages(client):
    html = page(client, "/search", q="公交")
    assert "找到" in html and "发文机关" in html and "文种" in html and "年份" in html
    assert "<mark>公交</mark>" in html
    assert 'class="facet" href="/search?q=%E5%85%AC%E4%BA%A4&amp;year=2022"' in html
    assert "吕梁市区城市公交免费乘坐实施方案" in html
    narrowed = page(client, "/search", q="公交", year="2022")
    assert "年份：2022" in narrowed


def test_ask_page_shows_answer_document_and_consultation(client):
    html = page(client, "/ask", q=ASK_BUS)
    assert "回答" in html and "出处" in html and "政策咨询" in html and 'class="answer-doc"' in html
    assert "2000元" in html and "3398907" in html and BUS in html


def test_search_and_ask_pages_without_a_query_show_the_form(client):
    assert 'name="q"' in page(client, "/search")
    assert 'name="q"' in page(client, "/ask")


# ---------------------------------------------------------------------------------------------
# Untrusted text


def test_markup_in_a_document_is_shown_as_text(client):
    doc = ok(client, f"/api/documents/{XSS_NUMBER}")
    assert XSS in doc["title"] and XSS in doc["text"]  # stored as printed …
    html = page(client, f"/documents/{doc['id']}")
    assert XSS not in html and "<script>alert" not in html  # … and escaped on the page
    assert html.count(XSS_ESCAPED) >= 3  # title, card, body
    home = page(client, "/")
    assert XSS not in home and XSS_ESCAPED in home


def test_markup_in_search_results_is_shown_as_text(client):
    got = ok(client, "/api/search", q=XSS_NUMBER)
    assert got["items"] and got["items"][0]["doc_number"] == XSS_NUMBER
    html = page(client, "/search", q=XSS_NUMBER)
    assert "<script>alert" not in html and XSS_ESCAPED in html
    html = page(client, "/search", q="注入防范")
    assert "<script>alert" not in html
    assert "alert(1)" in html  # the passage around the match shows the markup as text


# ---------------------------------------------------------------------------------------------
# gongbao serve


def test_serve_command_prints_its_url_and_serves(db_url):
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cli = Path(sys.executable).with_name("gongbao")
    proc = subprocess.Popen([str(cli), "serve", "--db", db_url, "--port", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"→ http://127.0.0.1:{port}/（" in line and f"http://127.0.0.1:{port}/docs" in line
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/issues", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None, "gongbao serve did not answer"
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["total"] == 4
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# ---------------------------------------------------------------------------------------------
# Server mode


def test_the_app_on_postgresql(pg_url):
    s004 = next(p for p in SAMPLES if p.name.startswith("004_"))
    with open_store(pg_url) as store:
        store.ingest(parse_file(s004))
    with TestClient(create_app(pg_url)) as pg:
        issues = ok(pg, "/api/issues")["items"]
        assert [(i["year"], i["number"], i["documents"]) for i in issues] == [(2022, 2, 10)]
        assert ok(pg, "/api/documents", year=2022, doc_type="批复")["total"] == 1
        assert ok(pg, "/api/documents", limit=3, offset=9)["items"][0]["id"]
        assert ok(pg, "/api/documents/吕政办发[2022]9 号")["doc_number"] == BUS
        assert ok(pg, f"/api/issues/{issues[0]['id']}")["items"][0]["doc_number"] == "吕政函〔2022〕3号"
        assert ok(pg, "/api/units/市工信局/tasks")["total"] > 0
        assert BUS in page(pg, f"/documents/{BUS}")
        assert BUS in [h["doc_number"] for h in ok(pg, "/api/search", q="公交")["items"]]


def test_ids_beyond_any_database_integer_are_not_found(client):
    for path in ("/api/documents/9223372036854775808", "/api/documents/99999999999999999999999", "/documents/99999999999999999999999"):
        assert client.get(path).status_code == 404, path
    assert client.get("/api/issues/99999999999999999999999").status_code == 422  # a parameter out of its range
    assert client.get("/api/tasks/99999999999999999999").status_code == 422


def test_the_cli_says_its_version():
    from typer.testing import CliRunner

    from gongbao import __version__
    from gongbao.cli import app

    done = CliRunner().invoke(app, ["--version"])
    assert done.exit_code == 0 and done.stdout.strip() == f"gongbao {__version__}"


def test_documents_filter_by_type_dates_unit_and_alias_sorted_and_say_why_empty(client):
    by_alias = ok(client, "/api/documents", issuer="市政府办公室", limit=100)
    assert by_alias["total"] == ok(client, "/api/documents", issuer="吕梁市人民政府办公室", limit=100)["total"] > 0
    spring = ok(client, "/api/documents", date_from="2022-01-01", date_to="2022-03-31", sort="oldest", limit=100)
    dates = [d["signed_date"] for d in spring["items"]]
    assert dates and dates == sorted(dates) and all("2022-01-01" <= d <= "2022-03-31" for d in dates)
    gxj = ok(client, "/api/documents", unit="吕梁市工业和信息化局", doc_type="通知", limit=100)
    assert gxj["total"] > 0 and all(d["doc_type"] == "通知" for d in gxj["items"])
    empty = ok(client, "/api/documents", doc_type="批复", unit="市工信局")
    assert empty["total"] == 0 and any("去掉这个条件" in n for n in empty["notices"])
    html = page(client, "/documents", doc_type="批复", unit="市工信局")
    assert "筛选后没有文件" in html and '<select name="doc_type">' in html


def test_serve_on_a_busy_port_says_so_before_claiming_to_serve(db_url):
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cli = Path(sys.executable).with_name("gongbao")
        done = subprocess.run([str(cli), "serve", "--db", db_url, "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "正在提供服务" not in done.stdout and "端口可能已被占用" in done.stderr


# Every list the API serves, with what it needs to be non-empty.
LISTS = [("/api/issues", {}), ("/api/documents", {}), ("/api/search", {"q": "公交"}), ("/api/units", {}),
         ("/api/units/市工信局/tasks", {}), ("/api/targets", {}), ("/api/tasks", {}), ("/api/supervision/board", {}),
         ("/api/targets/cockpit", {}), ("/api/documents/吕政办发〔2022〕9号/versions", {})]  # fmt: skip


@pytest.mark.parametrize(("url", "params"), LISTS, ids=[u for u, _ in LISTS])
def test_every_list_has_one_shape_and_one_default_page(client, url, params):
    found = ok(client, url, **params)
    assert {"items", "total", "limit", "offset"} <= set(found) and "hits" not in found
    assert found["limit"] == 20 and found["offset"] == 0 and len(found["items"]) == min(20, found["total"]) > 0
    second = ok(client, url, **params, limit=1, offset=1)
    assert second["limit"] == 1 and second["offset"] == 1 and len(second["items"]) == min(1, found["total"] - 1)


@pytest.mark.parametrize(("method", "url", "params"), [
    ("get", "/api/documents", {"limit": "abc"}), ("get", "/api/documents", {"limit": 100_000}), ("get", "/api/search", {}),
    ("get", "/api/documents", {"sort": "sideways"}), ("get", "/api/documents", {"date_from": "2022-13-01"}),
    ("get", "/api/no-such-thing", {}), ("post", "/api/documents", {}), ("get", "/api/documents/99999999999999999999", {}),
    ("get", "/api/audit", {}),
])  # fmt: skip
def test_every_error_has_one_shape_and_speaks_chinese(client, method, url, params):
    r = getattr(client, method)(url, params=params)
    assert r.status_code in (401, 404, 405, 422)
    body = r.json()
    assert set(body) <= {"detail", "errors"} and isinstance(body["detail"], str)
    assert re.search(r"[\u4e00-\u9fff]", body["detail"]) and not re.search(r"\b(?:[Ii]nput|should|[Nn]ot|[Ff]ound|[Ii]nvalid|[Mm]ethod|or)\b", body["detail"])
    for e in body.get("errors", []):
        assert {"parameter", "message", "type"} <= set(e) and re.search(r"[\u4e00-\u9fff]", e["message"])


def test_the_site_has_an_icon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
