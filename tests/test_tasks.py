"""Tasks with their responsible units and deadlines, scored against the gold task lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongbao import parse_file, parse_text
from gongbao.evaluate.tasks import score_tasks, total_tasks
from gongbao.extract.tasks import parse_deadline, parse_units
from renderings import as_pdf_dump

ROOT = Path(__file__).parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold"
F1_FLOOR = 0.95
FOUND_FLOOR = 0.8  # of every sample document's gold tasks
RECALL_FLOOR = 0.9


SHARED_GOLD = {"002": "吕政发〔2024〕4号", "004": "吕政办发〔2022〕6号"}  # the team's hand-made task lists


def gold_documents(prefix: str) -> list[dict]:
    return json.loads((GOLD / f"{prefix}.tasks.json").read_text(encoding="utf-8"))


def gold_tasks(prefix: str) -> dict:
    return next(g for g in gold_documents(prefix) if g["doc_number"] == SHARED_GOLD[prefix])


@pytest.mark.parametrize("seed", ["002_07df4a15ad83cd5e", "004_cae20566f423f72d"])
def test_gold_task_lists(seed):
    score = score_tasks(parse_file(ROOT / "samples" / f"{seed}.txt"), gold_tasks(seed[:3]), seed)
    assert score.found_tasks == score.gold_tasks, score.errors
    assert score.matched == score.gold_tasks, score.errors
    assert score.unit_f1 >= F1_FLOOR and score.role_f1 >= F1_FLOOR, score.errors
    assert score.deadline_accuracy >= F1_FLOOR, score.errors


def test_every_task_bearing_sample_document(parsed_samples):
    """Gold written by helpers who had not read the parser, for every document that assigns tasks
    (459 tasks in 12 documents; first measured at 304 found, unit recall 0.763)."""
    scores = [
        score_tasks(parsed, g, parsed.source.name)
        for parsed in parsed_samples
        for g in gold_documents(parsed.source.name[:3])
    ]
    total = total_tasks(scores)
    assert total.gold_tasks == 459
    assert total.matched >= FOUND_FLOOR * total.gold_tasks, [e for s in scores for e in s.errors]
    assert total.found_tasks - total.matched <= 0.02 * total.gold_tasks
    assert total.unit_recall >= RECALL_FLOOR and total.unit_f1 >= RECALL_FLOOR
    assert total.role_f1 >= F1_FLOOR


def test_task_list_survives_a_pdf_rendering():
    seed = "004_cae20566f423f72d"
    rendered = as_pdf_dump((ROOT / "samples" / f"{seed}.txt").read_text(encoding="utf-8"), columns=36, page_lines=40)
    score = score_tasks(parse_text(rendered.text, seed), gold_tasks("004"), seed)
    assert score.found_tasks == 41 and score.matched == 41, score.errors
    assert score.unit_f1 >= F1_FLOOR and score.role_f1 >= F1_FLOOR, score.errors


def test_task_carries_its_number_text_clause_and_place():
    doc = next(d for d in parse_file(ROOT / "samples" / "002_07df4a15ad83cd5e.txt").documents if d.doc_number == "吕政发〔2024〕4号")
    first = doc.tasks[0]
    assert (first.no, first.line_start) == ("（1）", 99)
    assert first.text.startswith("设备现状摸排。组织各县（市、区）全面摸底排查")
    assert first.node.endswith("二、 › （一） › 1. › （1）")
    assert first.clause.startswith("市工信局、市能源局、市规划和自然资源局、市生态环境局按照职责分工负责")
    # The standing statement of (1) applies to the tasks that follow it.
    assert doc.tasks[1].standing_units == ["各县市区人民政府"]
    assert doc.tasks[0].standing_units == []


@pytest.mark.parametrize(
    ("clause", "units", "lead", "coop"),
    [
        ("牵头单位：市工信局；责任单位：市发改委、市能源局，各县市区人民政府", ["市工信局", "市发改委", "市能源局", "各县市区人民政府"], ["市工信局"], []),
        ("牵头单位：市金融办；配合单位：吕梁银保监分局、人行吕梁中心支行", ["市金融办", "吕梁银保监分局", "人行吕梁中心支行"], ["市金融办"], ["吕梁银保监分局", "人行吕梁中心支行"]),
        ("各县市区人民政府负责，市城市管理局牵头，市住建局、市生态环境局配合", ["各县市区人民政府", "市城市管理局", "市住建局", "市生态环境局"], ["市城市管理局"], ["市住建局", "市生态环境局"]),
        ("市发改委、市工信局等按职责分工负责，各县市区人民政府和各开发区管委会负责落实", ["市发改委", "市工信局", "各县市区人民政府", "各开发区管委会"], [], []),
        ("责任单位:市行政审批服务管理局,市直相关单位,2021 年 7 月底前完成", ["市行政审批服务管理局", "市直相关单位"], [], []),
        ("市住建局负责", ["市住建局"], [], []),
    ],
)
def test_responsibility_clause_forms(clause, units, lead, coop):
    assert parse_units(clause) == (units, lead, coop)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("责任单位：市金融办，2021年8月底前完成", "2021-08-31"),
        ("2021年8月底", "2021-08-31"),
        ("2021年8月前完成", "2021-07-31"),
        ("2022年1月前", "2021-12-31"),
        ("2021年底前完成", "2021-12-31"),
        ("2021年年底前", "2021-12-31"),
        ("完成时限：2024年5月10日前", "2024-05-10"),
        ("2024 年 2 月底前", "2024-02-29"),
        ("长期推进", None),
        ("持续推进", None),
    ],
)
def test_deadline_rules(text, iso):
    deadline, printed = parse_deadline(text)
    assert deadline == iso
    assert printed is not None and " " not in printed


def test_clause_split_over_lines_is_one_clause():
    doc = next(d for d in parse_file(ROOT / "samples" / "004_cae20566f423f72d.txt").documents if d.doc_number == "吕政办发〔2022〕6号")
    task = next(t for t in doc.tasks if t.no == "20.")
    assert task.units == ["市规划和自然资源局", "市城市管理局", "市住建局", "市新区建管中心", "各县市区人民政府"]
    assert task.lead_units == ["市规划和自然资源局"]


def test_deadline_from_the_task_text_when_the_clause_has_none():
    # 吕政办发〔2021〕38号: (市工信局牵头…) names no date; the task's own text sets 2021年10月底前 for one
    # step and 2021年12月底前 for the last: the task is due by the last.
    doc = next(d for d in parse_file(ROOT / "samples" / "000_b6906092948a1a2c.txt").documents if d.doc_number == "吕政办发〔2021〕38号")
    task = next(t for t in doc.tasks if t.text.startswith("加强工业企业排水监管"))
    assert "2021" not in task.clause
    assert "2021年10月底前" in task.text and "2021年12月底前" in task.text
    assert (task.deadline, task.deadline_text) == ("2021-12-31", "2021年12月底前")


def test_text_deadline_takes_the_latest_before_date_and_ignores_horizons():
    from gongbao.extract.tasks import text_deadline

    assert text_deadline("2021年底前完成摸排，2022年6月30日前全部改造到位。") == ("2022-06-30", "2022年6月30日前")
    assert text_deadline("到2025年，全市森林覆盖率达到35%左右。") == (None, None)
    assert text_deadline("2023年起逐步推广。") == (None, None)


def test_clauses_on_their_own_lines_after_each_item(parsed_samples):
    """吕政办发〔2022〕9号: 牵头单位：… / 配合单位：… / 完成期限：… printed under each of 一、…六、
    (first measured: 0 tasks)."""
    doc = next(d for p in parsed_samples for d in p.documents if d.doc_number == "吕政办发〔2022〕9号")
    assert [t.no for t in doc.tasks] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    first, second = doc.tasks[:2]
    assert (first.lead_units, first.deadline) == (["吕梁公共交通有限公司"], "2022-06-01")
    assert second.lead_units == ["市城管局"] and second.cooperating_units == ["市交警支队", "吕梁公共交通有限公司"]
    assert second.text.startswith("完善公交基础设施在市区主要路段")


def test_every_clause_of_an_item_is_a_task(parsed_samples):
    """吕政办发〔2021〕39号 item 1 closes two sentences with a clause each."""
    doc = next(d for p in parsed_samples for d in p.documents if d.doc_number == "吕政办发〔2021〕39号")
    first = [t for t in doc.tasks if t.no == "1."]
    assert [t.units for t in first] == [["市市场监管局"], ["市市场监管局", "市卫健委", "市商务局", "市财政局", "市交通局"]]
    assert first[1].text.startswith("指导各县（市、区）建立进口冷链食品")
    assert first[1].lead_units == ["市市场监管局"]


def test_a_bare_unit_list_is_a_clause_but_a_gloss_is_not(parsed_samples):
    docs = {d.doc_number: d for p in parsed_samples for d in p.documents}
    item_26 = [t for t in docs["吕政办发〔2021〕39号"].tasks if t.no == "26."]
    assert [t.units for t in item_26] == [["市科技局"]]  # …科研（市科技局）。
    assert not docs["吕政办发〔2021〕41号"].tasks  # 所在乡镇（街道办）。 glosses a word


def test_task_table_rows():
    """吕政办发〔2021〕52号 附件1: 序号 | 主要任务 | 责任单位 — each row a task with its line."""
    doc = next(d for d in parse_file(ROOT / "samples" / "000_b6906092948a1a2c.txt").documents if d.doc_number == "吕政办发〔2021〕52号")
    rows = [t for t in doc.tasks if t.clause.startswith("责任单位")]
    assert len(rows) == 14 and rows[0].no == "1"
    assert rows[0].units == ["市市场监管局", "市工信局"] and rows[0].line_start == rows[0].line_end
