"""Answers people can act on (issue 11): the question read by kind, the answer taken from the
source that suits the kind, honest refusals in Chinese, evidence the web page marks.

Figures on the answer sets: answers_dev.json and answers_dev2.json (tuned on) and
answers_blind.json (written by a helper who saw neither the engine nor the dev sets; measured,
never tuned on — first 48.9%)."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gongbao.evaluate.queries import load_queries, score_queries
from gongbao.models import ParsedFile
from gongbao.search import ask
from gongbao.search.question import read_question
from gongbao.serve.app import create_app
from gongbao.store import Store, open_store

QUERIES = Path(__file__).resolve().parent / "fixtures" / "queries"


@pytest.fixture(scope="module")
def store(samples_store: Store) -> Store:
    return samples_store


@pytest.mark.parametrize(
    ("question", "kind", "detail"),
    [
        ("市区公交免费乘坐从什么时候开始？", "when", ("aspect", "start")),
        ("各县最晚什么时候上报？", "when", ("aspect", "deadline")),
        ("市政府常务会隔多久听一次汇报？", "when", ("aspect", "frequency")),
        ("领导驾驶舱由哪个单位负责？", "who", ("aspect", None)),
        ("领导小组办公室设在哪个部门？", "who", ("aspect", "seat")),
        ("2025年地区生产总值目标是多少？", "how_much", ("years", {"2025"})),
        ("十四五末GDP是多少？", "how_much", ("years", {"2025"})),
        ("十四五规划里2030年的GDP目标是多少？", "how_much", ("years", {"2030"})),  # a year printed wins
        ("第十四个五年规划的GDP目标是多少？", "how_much", ("years", {"2025"})),  # the plan's name as titled
        ("防冰雹作业人员每年能拿多少补助？", "how_much", ("unit", "元")),
        ("火灾事故应急响应分几级？", "list", ("classifier", "级")),
        ("清理对象是哪两类土地？", "list", ("classifier", "类")),
        ("什么情况下启动二级响应？", "condition", ("level", "二级")),
        ("老旧小区改造怎么申请？", "procedure", ("aspect", None)),
        ("清洁取暖补贴找谁咨询？", "contact", ("aspect", None)),
    ],
)
def test_questions_are_read_by_kind_and_constraints(question: str, kind: str, detail: tuple[str, object]) -> None:
    reading = read_question(question)
    assert reading.kind == kind
    assert getattr(reading, detail[0]) == detail[1]
    assert reading.explain().startswith("按“") and not re.search(r"[A-Za-z]", reading.explain())


@pytest.mark.parametrize(
    ("question", "doc_number", "expected"),
    [  # the issue's own examples
        ("市区公交免费乘坐从什么时候开始？", "吕政办发〔2022〕9号", "2022年4月1日"),
        ("2025年地区生产总值目标是多少？", "吕政发〔2021〕6号", "2238"),
        ("领导驾驶舱由哪个单位负责？", "吕政办发〔2021〕50号", "市行政审批服务管理局"),
        ("火灾事故应急指挥部指挥长是谁？", "吕政办发〔2022〕8号", "市政府分管副市长"),
        ("火灾事故应急响应分几级？", "吕政办发〔2022〕8号", "三级、二级、一级"),
        ("公交出行奖励多少钱？", "吕政办发〔2022〕9号", "2000元"),
        # the plan is named (十四五规划) and titled 第十四个五年规划: its sentences are in its period
        ("十四五规划里说的五城联创是哪五个城市？", "吕政发〔2021〕6号", "森林城市"),
    ],
)
def test_answers_from_the_source_that_suits_the_question(store: Store, question: str, doc_number: str, expected: str) -> None:
    found = ask(store, question)
    assert found.doc_number == doc_number, found
    assert expected in found.answer.replace(" ", ""), found.answer
    assert found.line_start and found.line_end and found.line_start <= found.line_end
    assert found.reading.startswith("按“")


def test_a_year_the_documents_do_not_cover_is_refused_in_chinese(store: Store) -> None:
    found = ask(store, "吕梁市2030年GDP目标是多少？")
    assert found.answer == "" and "2030" in (found.reason or "")
    assert not re.search(r"[A-Za-z]", (found.reason or "").replace("GDP", ""))
    assert found.alternatives  # the nearest documents, to look at instead


def test_a_topic_absent_from_the_corpus_is_refused(store: Store) -> None:
    found = ask(store, "城乡居民养老保险每月能领多少钱？")
    assert found.answer == "" and found.reason and not re.search(r"[A-Za-z]", found.reason)


def test_a_list_under_a_heading_brings_its_items(store: Store) -> None:
    found = ask(store, "老旧小区改造要走哪些程序？")
    assert found.doc_number == "吕政办发〔2021〕53号"
    assert "征集改造需求" in found.answer and "制订初步方案" in found.answer


def test_a_condition_brings_the_items_after_its_introduction(store: Store) -> None:
    found = ask(store, "火灾扑救时间超过多久要启动市级三级响应？")
    assert "超过2小时" in found.answer.replace(" ", "")


# Floors a little under what was measured after tuning on the dev sets only: dev 90.0% (first
# 53.1%), dev2 87.0% (first 75%), dev3 50% (first 46%: the weak kinds only), blind 80.0% (first
# 48.9%; refusals precision .88, recall .67).
@pytest.mark.parametrize(
    ("name", "right", "precision", "recall"),
    [("answers_dev.json", 0.85, 0.85, 0.8), ("answers_dev2.json", 0.8, 0.85, 0.8), ("answers_dev3.json", 0.45, 0.5, 0.5), ("answers_blind.json", 0.75, 0.8, 0.62)],
)
def test_answer_sets_floors(store: Store, name: str, right: float, precision: float, recall: float) -> None:
    queries = load_queries(QUERIES / name)
    assert len(queries) >= 80
    score = score_queries(store, queries, name)
    assert score.right >= right, (score.right, score.right_by_type)
    assert score.refusal_precision >= precision and score.refusal_recall >= recall, score.as_dict()
    assert {"list", "condition", "procedure", "none"} <= set(score.right_by_type)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, parsed_samples: list[ParsedFile]) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('answers') / 'gongbao.db'}"
    with open_store(url) as s:
        for parsed in parsed_samples:
            s.ingest(parsed)
    with TestClient(create_app(url)) as c:
        yield c


def test_the_answer_link_marks_the_sentence_not_its_heading(client: TestClient) -> None:
    page = client.get("/ask", params={"q": "市区公交免费乘坐从什么时候开始？"})
    assert page.status_code == 200 and "按“时间”类问题理解" in page.text
    link = re.search(r'class="answer-doc" href="([^"]+)"', page.text)
    assert link and "#hl" in link.group(1)
    target = client.get(urllib.parse.unquote(link.group(1).split("#")[0]).replace("&amp;", "&"))
    marked = re.search(r'<p[^>]*class="[^"]*answer-hl[^"]*"[^>]*>(.*?)</p>', target.text, re.S)
    assert marked and "2022年4" in re.sub(r"<[^>]+>", "", marked.group(1))
    assert 'id="hl"' in target.text


def test_the_api_answer_says_how_the_question_was_read(client: TestClient) -> None:
    body = client.get("/api/ask", params={"q": "吕梁市2030年GDP目标是多少？"}).json()
    assert body["answer"] == "" and body["kind"] == "how_much" and "2030" in body["reason"]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("可以自收到考核结果之日起10个工作日内向考核领导小组申请复核", "考核领导小组"),
        ("可以向政策制定机关的上级机关或者本级及以上市场监管部门举报", "政策制定机关的上级机关"),
        ("由市规划和自然资源局具体办理", "市规划和自然资源局"),
    ],
)
def test_bodies_and_offices_count_as_units_that_answer_who(text: str, unit: str) -> None:
    from gongbao import patterns as P

    assert any(unit in m.group(0) for m in P.ANSWER_UNIT.finditer(text))
