"""Tables rebuilt from the forms in the samples, and the indicator table scored cell by cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongbao import parse_file, parse_text
from gongbao.evaluate.indicators import score_indicators
from gongbao.extract.indicators import indicator_rows
from renderings import as_pdf_dump, as_pdf_text

ROOT = Path(__file__).parent.parent
PLAN_SAMPLE = ROOT / "samples" / "000_b6906092948a1a2c.txt"
INDICATOR_GOLD = json.loads((ROOT / "tests" / "fixtures" / "gold" / "000.indicators.json").read_text(encoding="utf-8"))
CELL_FLOOR = 0.98


@pytest.fixture(scope="module")
def plan_text() -> str:
    return PLAN_SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan(plan_text):
    return parse_text(plan_text, PLAN_SAMPLE.name)


def test_indicator_table_from_tab_rows_every_cell(plan):
    score = score_indicators(plan, INDICATOR_GOLD, "000")
    assert score.found_rows == 34
    assert score.cell_accuracy >= CELL_FLOOR, score.errors
    table = next(t for t in plan.documents[0].tables if t.title and t.title.startswith("专栏1-2"))
    # The title and header printed again after the page break are not rows.
    assert [r[0] for r in table.rows] == [str(n) for n in range(1, 35)]
    assert table.header == ["序号", "指 标", "2020年 实际/预计", "2025年目标", "年均增长 (%)", "属性"]
    assert table.groups[0] == "一、经济发展（6个）" and table.groups[-1] == "六、安全保障 (2个)"
    first = indicator_rows(table)[0]
    assert (first.indicator, first.unit, first.baseline, first.baseline_year, first.target, first.target_year) == (
        "地区生产总值（GDP）", "亿元", "1538", 2020, "2238", 2025,
    )


@pytest.mark.parametrize(("cell_columns", "page_lines"), [(10, 20), (12, 33), (16, 45), (24, 20), (30, 33)])
def test_indicator_table_from_a_pdf_dump_one_cell_per_line(plan_text, cell_columns, page_lines):
    """Cells wrapped over lines, header (and box title) printed again on every page, even mid-row."""
    rendered = as_pdf_dump(plan_text, table_cells=cell_columns, page_lines=page_lines)
    assert "\t" not in rendered.text
    parsed = parse_text(rendered.text, PLAN_SAMPLE.name)
    score = score_indicators(parsed, INDICATOR_GOLD, "000")
    assert score.found_rows == 34, score.errors
    assert score.cell_accuracy >= CELL_FLOOR, score.errors


def test_two_level_header_and_sub_rows_of_the_review_table(plan):
    table = plan.documents[0].tables[0]  # 十三五 review: 规划目标 / 实现情况 span two columns each
    assert table.header[:4] == ["指标名称", "2015年", "规划目标/2020年", "规划目标/年均增长/累计 (%)"]
    assert table.rows[0][:3] == ["1.地区生产总值（GDP）（亿元）", "956", "1690"]
    assert table.groups[0] == "一、经济发展（7项）"


def test_pipe_table_and_table_titles_from_attachments():
    docs = {d.doc_number: d for d in parse_file(ROOT / "samples" / "004_cae20566f423f72d.txt").documents}
    tables = docs["吕政办发〔2022〕14号"].tables
    assert [t.title for t in tables] == ["吕梁市清理“批而未用”专项行动 领导小组成员名单", "吕梁市“批而未用”土地专项清理任务分解表"]
    members, quotas = tables
    assert members.header == ["", "", "", ""]  # a member list has no header row
    assert members.rows[0] == ["组 长：油晓峰", "市政府副市长", "石凤鸣", "市商务局副局长"]
    assert quotas.header == ["序号", "县（市、区）", "需消化批而未供土地（亩）", "需处置闲置土地（亩）", "备注"]
    assert quotas.rows[-1][:4] == ["合计", "", "6638.93", "855.15"]


def test_garbage_rows_and_truncated_tables_are_kept_with_warnings():
    text = (
        "吕梁市人民政府办公室\n关于印发某表的通知\n吕政办发〔2024〕99号\n各县（市、区）人民政府：\n现印发给你们。\n"
        "吕梁市人民政府办公室\n2024年6月1日\n（此件公开发布）\n某某任务分解表\n"
        "序号\t任务\t责任单位\n1\t任务一\t市发改委\n2\t任务二\t市工信局\t多出的一格\t又一格\n3\t任务三"
    )
    [doc] = parse_text(text, "garbage.txt").documents
    [table] = doc.tables
    assert table.title == "某某任务分解表"
    assert table.rows[1] == ["2", "任务二", "市工信局", "多出的一格", "又一格"]
    assert table.rows[2] == ["3", "任务三", "", "", ""]  # cut off at the end of the file: padded
    assert any("这一行有 5 格，表头只有 3 格" in w for w in table.warnings)


def test_loose_table_truncated_mid_row_is_kept_with_a_warning(plan_text):
    rendered = as_pdf_dump(plan_text, table_cells=16, page_lines=45)
    box = rendered.text.index("专栏 1-2")
    cut = rendered.text[: rendered.text.index("82.8", box)]  # row 18 cut before its values
    parsed = parse_text(cut, PLAN_SAMPLE.name)
    table = next(t for d in parsed.documents for t in d.tables if t.header and t.header[0] == "序号")
    assert [r[0] for r in table.rows][-1] == "18"
    assert any("截断" in w or "不完整" in w for w in table.warnings)


@pytest.mark.parametrize(("columns", "page_lines"), [(36, 40), (30, 33), (44, 25)])
def test_indicator_table_from_a_pdf_dump_of_space_separated_rows(columns, page_lines):
    """pdftotext without layout: a row per line of space-separated cells, header cells split over
    lines, long cells wrapped around their row, title and header printed again at page breaks
    (also mid-row). First measured at 0 of 272 cells."""
    rendered = as_pdf_text(PLAN_SAMPLE.read_text(encoding="utf-8"), columns=columns, page_lines=page_lines)
    assert "\t" not in rendered.text and "1 地区生产总值（GDP）（亿元） 1538 2238 >8 预期性" in rendered.text
    parsed = parse_text(rendered.text, PLAN_SAMPLE.name)
    score = score_indicators(parsed, INDICATOR_GOLD, "000")
    assert score.found_rows == 34, score.errors
    assert score.cell_accuracy >= 0.95, score.errors
