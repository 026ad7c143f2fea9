"""Layout repair on real sample text: rendering detection, furniture, close-up, re-flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongbao.layout import MARKDOWN, PDF_TEXT, reflow, repair
from gongbao.normalize import close_up, doc_number, iso_date, squash
from gongbao.read import read_source

SAMPLES = Path(__file__).parent.parent / "samples"
QUIRKS = Path(__file__).parent / "fixtures" / "quirks"


@pytest.mark.parametrize(
    ("name", "rendering"),
    [("000_b6906092948a1a2c.txt", MARKDOWN), ("002_07df4a15ad83cd5e.txt", PDF_TEXT), ("004_cae20566f423f72d.txt", MARKDOWN)],
)
def test_rendering_is_detected_from_line_widths(name, rendering):
    layout = repair(read_source(SAMPLES / name))
    assert layout.rendering == rendering
    if rendering == PDF_TEXT:
        assert 30 <= layout.wrap_width <= 40  # the narrow two-column page of the 2024 issues


def test_pdf_furniture_dropped_and_page_starts_marked():
    layout = repair(read_source(QUIRKS / "pdf_page_furniture_vertical_masthead.txt"))
    texts = [line.text for line in layout.lines]
    assert "— 24 —" not in texts and "吕" not in texts
    assert layout.running_headers == ["市政府文件 吕梁市人民政府公报 2024·3"]
    reasons = {why for _, why in layout.furniture}
    assert reasons == {"page number", "running header", "vertical masthead"}
    # Every kept line keeps its number in the source file.
    raw = (QUIRKS / "pdf_page_furniture_vertical_masthead.txt").read_text(encoding="utf-8").split("\n")
    assert all(raw[line.no - 1] == line.raw for line in layout.lines)


def test_first_line_of_a_pdf_page_is_marked_by_its_leading_space():
    layout = repair(read_source(QUIRKS / "pdf_wrapped_title_head.txt"))
    starts = [(line.no, line.text) for line in layout.lines if line.page_start]
    assert starts == [(1, "吕梁市人民政府"), (63, "到2027年，工业、农业、建筑、交通、")]


def test_markdown_paragraph_split_by_a_page_break_is_joined():
    layout = repair(read_source(SAMPLES / "000_b6906092948a1a2c.txt"))
    lines = [line for line in layout.lines if 81 <= line.no <= 87]
    paragraphs = reflow(lines, layout.rendering, layout.wrap_width)
    joined = next(p for p in paragraphs if "蹚出转型发展新路的战略目标" in p.text)
    assert (joined.line_start, joined.line_end) == (83, 85)


def test_headings_and_items_are_not_joined_to_the_line_before():
    layout = repair(read_source(QUIRKS / "pdf_wrapped_title_head.txt"))
    texts = [p.text for p in reflow(layout.lines, layout.rendering, layout.wrap_width)]
    assert "一、主要目标" in texts
    assert "二、重点任务" in texts
    assert "（一）重点领域设备更新行动" in texts
    assert "吕政发〔2024〕4号" in texts


@pytest.mark.parametrize(
    ("printed", "closed"),
    [
        ("吕政办发〔2021〕39 号", "吕政办发〔2021〕39号"),
        ("吕政办发﹝2021﹞39号", "吕政办发〔2021〕39号"),
        ("2024 年 5 月 11 日", "2024年5月11日"),
        ("政 策 咨 询", "政策咨询"),
        ("地 址：山西省吕梁市永宁中路 9 号", "地址：山西省吕梁市永宁中路9号"),
        ("到 2027 年，工业、农业", "到2027年，工业、农业"),
        ("PM2.5 平均浓度", "PM2.5平均浓度"),
        ("Wi Fi 6", "Wi Fi 6"),  # Latin words keep their spaces
    ],
)
def test_close_up(printed, closed):
    assert close_up(printed) == closed


def test_normal_forms():
    assert doc_number("（吕政办发[2021] 39 号）") == "吕政办发〔2021〕39号"
    assert doc_number("no number here") is None
    assert iso_date("二〇二一年七月六日") == "2021-07-06"
    assert iso_date("2021 年 2 月 30 日") is None  # not a date
    assert squash("# 吕梁市人民政府 **关于** <b>印发</b>\n的通知") == "吕梁市人民政府关于印发的通知"


@pytest.mark.parametrize(
    ("printed", "plain"),
    [
        ("处理能力 1 万 m <sup>3</sup> /d。", "处理能力1万 m³/d。"),
        ("PM<sub>2.5</sub>平均浓度", "PM2.5平均浓度"),
        ("浓度 35 $\\mu\\text{g}/\\text{m}^3$", "浓度35 μg/m³"),
        ("达标率 $\\geq 90\\%$", "达标率 ≥90%"),
        ("<p>符合以下情形之一时：</p>", "符合以下情形之一时："),
    ],
)
def test_converter_remnants_become_plain_text(printed, plain):
    from gongbao.normalize import clean_markup

    assert close_up(clean_markup(printed)).strip() == plain


def test_only_real_markup_is_removed():
    from gongbao.normalize import clean_markup

    assert clean_markup("a<b 和 x>y") == "a<b 和 x>y"  # looks like a tag, is text
    assert clean_markup('<p class="x">文本</p>').strip() == "文本"
    assert clean_markup("价格$5 和 $6") == "价格$5 和 $6"  # dollars without a formula
    latex = r"$45.6 \text{ 万人} \times 1.8 \text{ 次} \times 365 \text{ 天} \times 12\% = 3595 \text{ 万人次}$"
    assert clean_markup(latex) == "45.6万人×1.8次×365天×12%=3595万人次"
    assert clean_markup("&nbsp;你&amp;我").strip() == "你&我"
