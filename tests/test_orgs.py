"""Organisation registry and the tasks / orgs commands over the stored samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongbao import parse_file
from gongbao.cli import app
from gongbao.extract.orgs import OrgRegistry, city_of

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.mark.parametrize(
    ("names", "canonical"),
    [
        (["市发改委", "市发展改革委", "市发展和改革委员会", "吕梁市发展和改革委员会"], "市发改委"),
        (["市交通局", "市交通运输局", "吕梁市交通运输局"], "市交通局"),
        (["人行吕梁分行", "人行吕梁市中心支行", "中国人民银行吕梁分行"], "人行吕梁分行"),
        (["市城管局", "城市管理局", "吕梁市城市管理局"], "市城市管理局"),
        (["各县市区人民政府", "各县（市、区）人民政府", "各县(市、区)人民政府", "各县市、区人民政府"], "各县（市、区）人民政府"),
    ],
)
def test_aliases_resolve_to_one_unit(names, canonical):
    orgs = OrgRegistry.default()
    assert {orgs.canonical_id(n) for n in names} == {canonical}


def test_county_governments_and_zones_resolve_by_shape():
    orgs = OrgRegistry.default()
    assert orgs.resolve("孝义市人民政府").kind == "county"
    assert orgs.canonical_id("文水县政府") == "文水县人民政府"
    assert orgs.resolve("山西孝义经济开发区管委会").kind == "zone"
    assert orgs.resolve("各相关成员单位") is None


def test_nearly_every_unit_of_the_sample_tasks_resolves():
    orgs = OrgRegistry.default()
    names = [n for p in sorted(SAMPLES.glob("*.txt")) for d in parse_file(p).documents for t in d.tasks for n in t.units]
    units = [orgs.resolve(n) for n in names]
    assert len(names) > 1000
    assert sum(1 for u in units if u) / len(names) >= 0.99
    listed = sum(1 for u in units if u and u.kind != "unlisted")
    assert listed / len(names) >= 0.97  # the rest are kept by their names' endings, and reported


def test_a_registry_for_another_city():
    orgs = OrgRegistry.for_city("大同市")
    unit = orgs.resolve("大同市发展和改革委员会")
    assert unit.id == "市发改委" and unit.full_name == "大同市发展和改革委员会"
    assert orgs.canonical_id("中共大同市委组织部") == "市委组织部"
    assert OrgRegistry.default().resolve("大同市发展和改革委员会").kind == "unlisted"  # not 吕梁's
    assert city_of("大同市人民政府办公室") == "大同市" and city_of("中共岳阳市委办公室") == "岳阳市"


def test_units_recognised_by_their_ending_are_kept_and_reported():
    orgs = OrgRegistry.default()
    assert orgs.resolve("吕梁公共交通有限公司").kind == "unlisted"
    assert orgs.resolve("的确") is None


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'g.db'}"
    assert CliRunner().invoke(app, ["ingest", "--db", url, str(SAMPLES)]).exit_code == 0
    return url


def test_tasks_of_a_unit_by_any_name_before_a_date(db):
    result = CliRunner().invoke(app, ["tasks", "--db", db, "--unit", "吕梁市发展和改革委员会", "--due-before", "2022-01-01", "--json"])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.output.splitlines()]
    assert [(t["doc_number"], t["no"], t["deadline"]) for t in found] == [
        ("吕政办发〔2021〕50号", "4.", "2021-12-31"),
        ("吕政办发〔2021〕50号", "6.", "2021-12-31"),
    ]


def test_overdue_is_measured_from_today(db):
    early = CliRunner().invoke(app, ["tasks", "--db", db, "--overdue", "--today", "2021-08-01", "--json"])
    late = CliRunner().invoke(app, ["tasks", "--db", db, "--overdue", "--today", "2030-01-01", "--json"])
    n_early, n_late = len(early.output.splitlines()), len(late.output.splitlines())
    assert 0 < n_early < n_late
    assert all(json.loads(line)["deadline"] < "2021-08-01" for line in early.output.splitlines())


def test_orgs_lists_units_and_unresolved_names(db):
    result = CliRunner().invoke(app, ["orgs", "--db", db])
    assert result.exit_code == 0 and "市发改委" in result.output
    unresolved = CliRunner().invoke(app, ["orgs", "--db", db, "--unresolved"])
    assert unresolved.exit_code == 0
    assert "市冬季清洁取暖工作领导小组成员单位" in unresolved.output
    assert "市发改委" not in unresolved.output


def test_bad_date_is_a_clear_error(db):
    result = CliRunner().invoke(app, ["tasks", "--db", db, "--due-before", "next week"])
    assert result.exit_code == 2
    assert "不是日期" in result.output


def test_cites_shows_both_sides(db):
    result = CliRunner().invoke(app, ["cites", "--db", db, "吕政办发[2021]51 号"])
    assert result.exit_code == 0, result.output
    cited_by = result.output.split("被引用")[1]
    assert "吕政办发〔2021〕50号" in cited_by  # 50号 cites 51号's plan by its title
    answer = CliRunner().invoke(app, ["cites", "--db", db, "吕政函〔2022〕5号"])
    assert "答复" in answer.output and "吕城请〔2022〕31号" in answer.output


def test_a_registry_for_a_county():
    orgs = OrgRegistry.for_city("平遥县")
    assert orgs.canonical_id("平遥县发展和改革局") == orgs.canonical_id("县发改局") == "县发改委"
    assert orgs.resolve("县财政局").full_name == "平遥县财政局"
    assert orgs.resolve("县乡村服务站").kind == "unlisted"
    assert city_of("平遥县教育局") == "平遥县"


def test_piped_tables_are_tab_separated_and_whole(db):
    result = CliRunner().invoke(app, ["tasks", "--db", db, "--unit", "市发改委"])
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["期限", "文号", "编号", "任务", "牵头", "责任单位"]
    rows = [line.split("\t") for line in lines[1:]]
    assert rows and all(len(r) == 6 for r in rows)
    assert max(len(r[3]) for r in rows) > 80  # a task's text whole, not cut at a terminal's width
    orgs = CliRunner().invoke(app, ["orgs", "--db", db]).stdout.splitlines()
    assert "部门" in {line.split("\t")[2] for line in orgs[1:]}  # kinds in Chinese
