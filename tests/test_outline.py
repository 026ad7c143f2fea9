"""Outline trees detected from the text of the sample gazettes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from gongbao import parse_file, parse_text
from gongbao.models import Document, OutlineNode

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    out: dict[str, Document] = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        out.update({d.doc_number: d for d in parse_file(path).documents})
    return out


def nodes(doc: Document) -> list[OutlineNode]:
    return [n for root in doc.outline for n in root.walk()]


def test_five_year_plan_chapters_sections_and_boxes(docs):
    plan = docs["吕政发〔2021〕6号"]
    kinds = Counter(n.kind for n in nodes(plan))
    assert (kinds["chapter"], kinds["section"], kinds["box"]) == (14, 66, 17)
    [title] = [n for n in plan.outline if n.kind == "title"]
    assert title.heading == "吕梁市国民经济和社会发展第十四个五年规划和2035年远景目标纲要"
    chapters = title.children
    assert [c.value for c in chapters if c.kind == "chapter"] == list(range(1, 15))
    first = chapters[0]
    assert (first.number, first.heading) == ("第一章", "传承弘扬吕梁精神，奋力蹚出资源型经济转型发展新路")
    assert [s.heading for s in first.children if s.kind == "section"][:2] == ["发展回顾", "发展环境"]
    box = next(n for n in nodes(plan) if n.kind == "box")
    assert (box.number, box.heading) == ("专栏1-2", "“十四五”吕梁市转型出雏型主要指标")
    assert first.line_start == 87 and first.line_end >= first.children[-1].line_end


def test_every_numbered_task_of_the_task_breakdown(docs):
    doc = docs["吕政发〔2024〕4号"]
    tasks = [n for n in nodes(doc) if n.kind == "paren_arabic"]
    assert [n.value for n in tasks[:55]] == list(range(1, 56))
    assert [n.number for n in tasks[:2]] == ["（1）", "（2）"]
    first = tasks[0]
    assert first.heading == "设备现状摸排"
    assert first.text.startswith("组织各县（市、区）全面摸底排查")
    assert first.line_start == 99
    # Under 二、重点任务 › （一）重点领域设备更新行动 › 1.工业设备绿色智能更新升级工程
    [plan] = [n for n in doc.outline if n.kind == "title"]
    tasks_part = next(n for n in plan.children if n.heading == "重点任务")
    action = tasks_part.children[0]
    assert (action.number, action.heading) == ("（一）", "重点领域设备更新行动")
    assert action.children[0].heading == "工业设备绿色智能更新升级工程"
    assert action.children[0].children[0] is first


def test_attachments_are_top_level_parts_with_their_titles(docs):
    doc = docs["吕政办发〔2022〕9号"]
    attachments = [n for n in doc.outline if n.kind == "attachment"]
    assert [(a.number, a.heading) for a in attachments] == [
        ("附件1", "吕梁市区城市公交免费乘坐工作领导小组"),
        ("附件2", "吕梁市区城市公交运营服务质量考核办法"),
    ]


def test_regulation_articles(docs):
    doc = docs["吕政发〔2021〕10号"]
    articles = [n for n in nodes(doc) if n.kind == "article"]
    assert articles[0].number == "第一条"
    assert [a.value for a in articles] == list(range(1, len(articles) + 1))
    assert len(articles) >= 40


def test_numbering_gaps_and_disorder_are_flagged_not_fixed():
    text = (
        "吕梁市人民政府办公室\n关于印发吕梁市某某工作方案的通知\n吕政办发〔2024〕99号\n"
        "各县（市、区）人民政府：\n现印发给你们。\n吕梁市人民政府办公室\n2024年6月1日\n（此件公开发布）\n"
        "吕梁市某某工作方案\n一、总体要求\n二、重点任务\n（一）第一项。\n（三）第三项。\n（二）第二项。\n四、保障措施\n"
    )
    [doc] = parse_text(text, "gap.txt").documents
    flagged = {n.number: n.flags for n in nodes(doc) if n.flags}
    assert flagged == {
        "（三）": ["numbering gap: expected 2, printed （三）"],
        "（二）": ["numbering out of order: expected 4, printed （二）"],
        "四、": ["numbering gap: expected 3, printed 四、"],
    }
    assert [n.number for n in nodes(doc) if n.kind == "paren_cn"] == ["（一）", "（三）", "（二）"]


def test_the_attachment_list_closes_the_main_text(docs):
    """附件：1.… 2.… after 七、附则 are entries of the 附件 list, not items of 附则 (吕政办发〔2022〕9号)."""
    plan = docs["吕政办发〔2022〕9号"]
    rules = next(n for n in nodes(plan) if n.number == "七、")
    assert [c.number for c in rules.children] == ["1.", "2."]
    assert [n.number for n in plan.outline if n.kind == "attachment"] == ["附件1", "附件2"]


def test_a_notice_issuing_two_plans_has_both_at_the_top(docs):
    """The second plan of 吕政办发〔2021〕38号 is printed after the first one's 附件 3: its own part,
    and its `附件：` head (no number, a colon) opens its attachment."""
    doc = docs["吕政办发〔2021〕38号"]
    titles = [n.heading for n in doc.outline if n.kind == "title"]
    assert titles == ["吕梁市水环境质量巩固提升2021年行动计划", "吕梁市空气质量巩固提升2021年行动计划"]
    assert [n.kind for n in doc.outline][-1] == "attachment"
    water_attachment_3 = next(n for n in doc.outline if n.number == "附件3")
    assert water_attachment_3.line_end < next(n for n in doc.outline if n.heading.startswith("吕梁市空气")).line_start


def test_an_item_cut_by_a_page_break_is_a_sentence_not_a_heading():
    text = (
        "1.各县（市、区）要按照本方案的要求，做好资金的使用管理。\n\n"
        "2.各县（市、区）可根据实际，制定补充实施方案。\n\n"
        "3.各县（市、区）及有关部门务于每\n\n"
        "年11月底前将具体户数上报市能源局。\n"
    )
    [doc] = parse_text(text, "cut.txt").documents or [None]
    items = [n for n in nodes(doc) if n.number == "3."] if doc else []
    assert items and items[0].heading == "" and "年11月底前" in items[0].text


def test_decimal_sections_of_an_emergency_plan(docs):
    """吕政办发〔2022〕8号: 1 总则 / 1.1 编制目的 … 2.3.1 综合协调组 (first measured: all 42 were
    paragraphs of one （3） item)."""
    plan = docs["吕政办发〔2022〕8号"]
    decimal = [n for n in nodes(plan) if n.kind == "decimal"]
    assert [n.number for n in decimal[:3]] == ["1", "1.1", "1.2"]
    command = next(n for n in decimal if n.number == "2.3")
    assert [c.number for c in command.children][:3] == ["2.3.1", "2.3.2", "2.3.3"]
    assert all(c.value == i for i, c in enumerate(command.children, 1) if c.kind == "decimal")


def test_bare_numbers_are_sections_only_beside_dotted_ones():
    """1 地区生产总值 1538 2238 (a table row) and 2021 年… are no sections; without any 2.1-style
    number in the text, 1 总则 is a line like any other."""
    rows = parse_text("关于印发某方案的通知\n各县：\n1 总则\n本方案适用于全市。\n2021 年全市完成改造。\n", "bare.txt").documents[0]
    assert not [n for n in nodes(rows) if n.kind == "decimal"]
