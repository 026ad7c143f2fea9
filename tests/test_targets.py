"""Targets from the indicator table and from prose."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongbao import parse_file

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.fixture(scope="module")
def docs():
    out = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        out.update({d.doc_number: d for d in parse_file(path).documents})
    return out


def test_every_row_of_the_indicator_table_is_a_target(docs):
    plan = docs["吕政发〔2021〕6号"]
    box = [t for t in plan.targets if t.source == "table" and t.year == 2025]  # 专栏1-2 sets 2025
    assert len(box) == 34
    gdp = box[0]
    assert (gdp.indicator, gdp.comparator, gdp.value, gdp.unit, gdp.year, gdp.baseline, gdp.baseline_year) == (
        "地区生产总值（GDP）", "=", 2238.0, "亿元", 2025, "1538", 2020,
    )
    assert (gdp.annual_growth, gdp.attribute) == (">8", "预期性")
    words = next(t for t in box if t.indicator == "单位GDP能源消耗降低")
    assert words.value is None and words.value_text == "完成省 下达目 标任务"
    assert next(t for t in box if t.indicator == "城镇调查失业率").comparator == "<"


def test_coal_caps_with_comparator_and_year(docs):
    caps = [t for t in docs["吕政发〔2024〕7号"].targets if "煤炭消费总量" in t.indicator]
    assert [(t.indicator, t.comparator, t.value, t.unit, t.year, t.source) for t in caps] == [
        ("全社会煤炭消费总量", "≤", 6211.0, "万吨", 2025, "prose"),
        ("规模以上工业煤炭消费总量", "≤", 5845.0, "万吨", 2025, "prose"),
    ]
    assert caps[0].line_start == 2820


def test_prose_targets_with_baselines_qualifiers_and_aspirations(docs):
    targets = docs["吕政办发〔2022〕6号"].targets
    shops = [t for t in targets if t.indicator == "个体工商户"]
    assert [(t.value, t.unit, t.baseline, t.baseline_year) for t in shops] == [(20.0, "%", None, None), (25.74, "万户", "21.45万户", 2021)]
    zones = [t for t in targets if t.comparator == "≥"]
    assert zones and all(t.scope == "zone" for t in zones)
    stretch = [t for t in docs["吕政办发〔2024〕18号"].targets if t.aspiration]
    assert stretch and stretch[0].indicator == "规上工业企业"


def test_results_reached_are_not_targets(docs):
    # 到2020年1538亿元，年均增长9.98%: a review of the past five years.
    assert not [t for t in docs["吕政发〔2021〕6号"].targets if t.source == "prose" and t.year == 2020]
