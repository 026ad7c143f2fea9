"""Indicator tables (主要指标表) read as records: group, number, indicator, unit, baseline, target,
growth, attribute — columns found by what their headers say, not by position."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from gongbao.models import Document, Table

# A trailing （亿元） / (%) / （个） after the indicator's name is its unit.
_UNIT = re.compile(r"\s*[（(]\s*([^（）()]{1,12}?)\s*[）)]\s*$")
_GROUP_COUNT = re.compile(r"\s*[（(]\s*\d+\s*[个项]\s*[）)]\s*$")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass
class IndicatorRow:
    group: str | None
    no: str | None
    indicator: str
    unit: str | None
    baseline: str | None
    baseline_year: int | None
    target: str | None
    target_year: int | None
    annual_growth: str | None
    attribute: str | None
    line: int | None = None  # the table's first line (rows keep no line of their own yet)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def is_indicator_table(table: Table) -> bool:
    header = re.sub(r"\s+", "", "".join(table.header))
    return "指标" in header and ("属性" in header or "目标" in header)


def indicator_tables(documents: Iterable[Document]) -> list[tuple[Document, Table]]:
    return [(d, t) for d in documents for t in d.tables if is_indicator_table(t)]


def indicator_rows(table: Table) -> list[IndicatorRow]:
    cols = _columns(table.header)
    out = []
    for group, row in zip(table.groups, table.rows, strict=True):
        def cell(name: str, row: list[str] = row) -> str | None:
            j = cols.get(name)
            return row[j].strip() if j is not None and j < len(row) else None

        name = cell("indicator") or ""
        m = _UNIT.search(name)
        unit = m.group(1).strip() if m else None
        out.append(
            IndicatorRow(
                group=_GROUP_COUNT.sub("", group) if group else None,
                no=cell("no"),
                indicator=name[: m.start()] if m else name,
                unit=unit,
                baseline=cell("baseline"),
                baseline_year=_year(table.header, cols.get("baseline")),
                target=cell("target"),
                target_year=_year(table.header, cols.get("target")),
                annual_growth=cell("growth"),
                attribute=cell("attribute"),
                line=table.line_start,
            )
        )
    return out


def _columns(header: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    years = [j for j, h in enumerate(header) if _YEAR.search(h)]
    for j, h in enumerate(header):
        h = re.sub(r"\s+", "", h)
        if "序号" in h:
            cols.setdefault("no", j)
        elif "指标" in h:
            cols.setdefault("indicator", j)
        elif "属性" in h:
            cols.setdefault("attribute", j)
        elif "年均" in h or "增长" in h or "增速" in h:
            cols.setdefault("growth", j)
        elif "目标" in h and _YEAR.search(h):
            cols.setdefault("target", j)
    for j in years:
        if j not in cols.values():
            cols.setdefault("baseline", j)
    return cols


def _year(header: list[str], j: int | None) -> int | None:
    if j is None:
        return None
    m = _YEAR.search(header[j])
    return int(m.group(0)) if m else None
