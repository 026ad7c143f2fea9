"""`gongbao show` and `gongbao export --tables` on the stored samples."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongbao.cli import app

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'g.db'}"
    result = CliRunner().invoke(app, ["ingest", "--db", url, str(SAMPLES)])
    assert result.exit_code == 0, result.output
    return url


def test_show_prints_the_outline_tree_for_any_printed_form_of_the_number(db):
    result = CliRunner().invoke(app, ["show", "--db", db, "吕政发[2024]4 号", "--depth", "3"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "吕政发〔2024〕4号" in out and "吕梁市推动大规模设备更新和消费品以旧换新工作任务分解" in out
    assert out.index("（一） 重点领域设备更新行动") < out.index("附件1 吕梁市推动大规模设备更新和消费品以旧换新工作专班")
    assert "（1）" not in out  # below --depth 3


def test_show_unknown_number_says_so(db):
    result = CliRunner().invoke(app, ["show", "--db", db, "吕政发〔1999〕1号"])
    assert result.exit_code == 1
    assert "未找到发文字号为 吕政发〔1999〕1号 的文件" in result.output


def test_show_takes_the_forms_search_takes(db):
    result = CliRunner().invoke(app, ["show", "--db", db, "吕政发2024 4", "--depth", "1"])
    assert result.exit_code == 0 and "吕政发〔2024〕4号" in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "吕政发2024", "4"], "吕政发〔2024〕4号"),  # a 文号 typed without quotes: its words rejoined
        (["cites", "吕政发", "2024", "4号"], "吕政发〔2024〕4号"),
        (["versions", "吕政发〔2024〕", "4号"], "吕政发〔2024〕4号"),
        (["search", "公交", "免费"], "吕政办发〔2022〕9号"),
        (["ask", "清洁取暖补贴", "找谁咨询"], "政策咨询"),
    ],
)
def test_a_query_or_number_need_not_be_quoted(db, args, expected):
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert result.exit_code == 0, result.output
    assert expected in result.output, result.output


def test_export_tables_writes_one_csv_per_table(db, tmp_path):
    result = CliRunner().invoke(app, ["export", "--db", db, "--tables", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) >= 20
    indicator = tmp_path / "000_b6906092948a1a2c_吕政发〔2021〕6号_2.csv"
    rows = list(csv.reader(indicator.open(encoding="utf-8-sig")))
    assert rows[0] == ["分组", "序号", "指 标", "2020年 实际/预计", "2025年目标", "年均增长 (%)", "属性"]
    assert rows[1] == ["一、经济发展（6个）", "1", "地区生产总值（GDP）（亿元）", "1538", "2238", ">8", "预期性"]
    assert len(rows) == 35
