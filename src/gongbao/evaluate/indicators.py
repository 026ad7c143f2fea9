"""Score an indicator table against gold (SEED.indicators.json): every cell, after whitespace removal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gongbao.extract.indicators import IndicatorRow, indicator_rows, indicator_tables
from gongbao.models import ParsedFile
from gongbao.normalize import squash

GOLD_FIELDS = ("group", "no", "indicator", "unit", "baseline_2020", "target_2025", "annual_growth", "attribute")
_ROW_FIELD = {"baseline_2020": "baseline", "target_2025": "target"}


@dataclass
class TableScore:
    seed: str
    gold_rows: int
    found_rows: int = 0
    cells: int = 0
    exact: int = 0
    table_title: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def cell_accuracy(self) -> float:
        return self.exact / self.cells if self.cells else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "table": self.table_title,
            "gold_rows": self.gold_rows,
            "found_rows": self.found_rows,
            "cells": self.cells,
            "exact": self.exact,
            "cell_accuracy": self.cell_accuracy,
            "errors": self.errors,
        }


def score_indicators(parsed: ParsedFile, gold: Sequence[dict[str, Any]], seed: str) -> TableScore:
    """The best-matching indicator table of the file, scored cell by cell against the gold rows."""
    best: tuple[int, list[IndicatorRow], str | None] = (-1, [], None)
    for _doc, table in indicator_tables(parsed.documents):
        rows = indicator_rows(table)
        hits = sum(1 for g in gold for r in rows if squash(r.no) == squash(g["no"]) and squash(r.indicator) == squash(g["indicator"]))
        if hits > best[0]:
            best = (hits, rows, table.title)
    _, rows, title = best
    score = TableScore(seed=seed, gold_rows=len(gold), table_title=title)
    by_no = {squash(r.no): r for r in rows}
    for g in gold:
        r = by_no.get(squash(g["no"]))
        score.cells += len(GOLD_FIELDS)
        if r is None:
            score.errors.append(f"{seed}：未找到指标表第 {g['no']} 行")
            continue
        score.found_rows += 1
        values = r.as_dict()
        for name in GOLD_FIELDS:
            got = values.get(_ROW_FIELD.get(name, name))
            if squash(got or "") == squash(g.get(name) or ""):
                score.exact += 1
            else:
                score.errors.append(f"{seed}：第 {g['no']} 行 {name}：得到 {got!r}，金标准 {g.get(name)!r}")
    return score
