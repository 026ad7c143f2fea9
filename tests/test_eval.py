"""Accuracy floors against the gold annotations, on the samples and on re-rendered samples.

The re-rendered runs stand in for held-out gazettes: the same documents printed through a PDF-to-
text tool (hard wraps, page furniture, consulting boxes at page bottoms) must parse the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongbao import parse_text
from gongbao.cli import app
from gongbao.evaluate import DOC_FIELDS, score_documents, total
from renderings import as_markdown, as_pdf_dump, map_gold

ROOT = Path(__file__).parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold"
SEEDS = ["000_b6906092948a1a2c", "002_07df4a15ad83cd5e", "004_cae20566f423f72d"]
FIELD_FLOOR = 0.98
SPAN_FLOOR = 0.95


def gold_for(seed: str) -> list[dict]:
    return json.loads((GOLD / f"{seed[:3]}.docs.json").read_text(encoding="utf-8"))


def assert_floors(score) -> None:
    assert score.found == score.gold_docs, score.errors
    for name in DOC_FIELDS:
        floor = SPAN_FLOOR if name.startswith("line_") else FIELD_FLOOR
        assert score.accuracy(name) >= floor, (name, score.errors)


def test_eval_command_reports_every_field_and_meets_the_floors():
    result = CliRunner().invoke(app, ["eval", "--gold", str(GOLD), "--samples", str(ROOT / "samples"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [s["seed"] for s in report["seeds"]] == [f"{s}.txt" for s in SEEDS]
    overall = report["overall"]
    assert overall["gold_docs"] == 38 and overall["found_rate"] == 1.0 and overall["extra"] == 0
    for name in DOC_FIELDS:
        assert overall[name] >= (SPAN_FLOOR if name.startswith("line_") else FIELD_FLOOR), (name, overall)


@pytest.mark.parametrize("seed", ["000_b6906092948a1a2c", "004_cae20566f423f72d"])
@pytest.mark.parametrize(("columns", "page_lines"), [(36, 40), (28, 45), (44, 25)])
def test_markdown_sample_rerendered_as_pdf_dump_parses_the_same(seed, columns, page_lines):
    rendered = as_pdf_dump((ROOT / "samples" / f"{seed}.txt").read_text(encoding="utf-8"), columns=columns, page_lines=page_lines)
    parsed = parse_text(rendered.text, f"{seed}.txt")
    assert parsed.source.text.count("\n") > 5000  # it really is the hard-wrapped form
    score = score_documents(parsed.to_json(), map_gold(gold_for(seed), rendered), rendered.text.split("\n"), seed)
    assert_floors(score)


def test_rerendered_samples_overall():
    scores = []
    for seed in ("000_b6906092948a1a2c", "004_cae20566f423f72d"):
        rendered = as_pdf_dump((ROOT / "samples" / f"{seed}.txt").read_text(encoding="utf-8"), columns=52, page_lines=31)
        parsed = parse_text(rendered.text, f"{seed}.txt")
        scores.append(score_documents(parsed.to_json(), map_gold(gold_for(seed), rendered), rendered.text.split("\n"), seed))
    assert_floors(total(scores))


def test_pdf_sample_rerendered_as_markdown_parses_the_same():
    """No page marks, boxes left where the page flow put them, lines glued by the converter."""
    seed = "002_07df4a15ad83cd5e"
    rendered = as_markdown((ROOT / "samples" / f"{seed}.txt").read_text(encoding="utf-8"))
    parsed = parse_text(rendered.text, f"{seed}.txt")
    assert not any(line.startswith(" ") for line in rendered.text.split("\n"))
    score = score_documents(parsed.to_json(), map_gold(gold_for(seed), rendered), rendered.text.split("\n"), seed)
    assert_floors(score)


# --- Documents of other cities, as their websites print them -----------------------------------
# cities_dev … cities_dev4: tuned on (first measured at 45%, then — after work on the ones
# before — 85%, 65% and 83% of documents found); gazettes_dev: four gazette issues of other
# cities as PDF dumps (first measured: consultation 94%, line_end 75%, tasks 58 of 63). cities: blind — written by
# a helper who saw neither the parser nor the dev set; only measured (first measurement: 30% found,
# 30% of values; tasks 11 of 36).
CITY_SETS = {"cities_dev": 0.95, "cities_dev2": 0.95, "cities_dev3": 0.9, "cities_dev4": 0.9, "cities_dev5": 0.95, "gazettes_dev": 0.95, "cities": 0.8}


@pytest.mark.parametrize(("name", "floor"), CITY_SETS.items())
def test_other_cities_pages(name, floor):
    result = CliRunner().invoke(app, ["eval", "--gold", str(ROOT / "tests" / "fixtures" / name), "--json"])
    assert result.exit_code == 0, result.output
    overall = json.loads(result.output)["overall"]
    assert overall["found_rate"] >= floor, overall
    for field in DOC_FIELDS:
        assert overall[field] >= floor - 0.05, (field, overall)
