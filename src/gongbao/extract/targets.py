"""Quantitative targets: from indicator tables, and from prose such as
`到2025年底，全社会煤炭消费总量控制在6211万吨以内，规模以上工业煤炭消费总量控制在5845万吨以内`."""

from __future__ import annotations

import re

from gongbao import patterns as P
from gongbao.extract.indicators import indicator_rows, is_indicator_table
from gongbao.models import Document, Target
from gongbao.normalize import squash

# What a comparing word or qualifier means.
_COMPARATORS = {
    "控制在": "≤", "不超过": "≤", "不高于": "≤", "以内": "≤", "以下": "≤", "低于": "<",
    "不低于": "≥", "以上": "≥", "超过": ">", "突破": ">", "左右": "≈", "约": "≈",
}
_CLAUSE_SPLIT = re.compile(r"[，；;。]")
_VALUE_CELL = re.compile(r"^(?P<cmp>[<>≤≥＜＞])?\s*(?P<value>-?\d+(?:\.\d+)?)\s*(?P<qual>以上|以下|以内|左右)?$")


def find_targets(doc: Document) -> list[Target]:
    return [*_table_targets(doc), *_prose_targets(doc)]


def _table_targets(doc: Document) -> list[Target]:
    out = []
    for table in doc.tables:
        if not is_indicator_table(table):
            continue
        for row in indicator_rows(table):  # every row is an indicator the plan sets, even when its cells are —
            cell = _VALUE_CELL.match((row.target or "").replace(" ", ""))
            growth = _VALUE_CELL.match((row.annual_growth or "").replace(" ", ""))
            out.append(
                Target(
                    indicator=squash(row.indicator) or row.indicator,
                    comparator=_comparator(cell) if cell else None,
                    value=float(cell["value"]) if cell else None,
                    value_text=row.target,
                    unit=row.unit,
                    year=row.target_year,
                    scope="city",
                    baseline=row.baseline if row.baseline not in (None, "—", "-") else None,
                    baseline_year=row.baseline_year,
                    annual_growth=row.annual_growth if row.annual_growth not in (None, "—", "-") else None,
                    annual_growth_value=float(growth["value"]) if growth else None,
                    attribute=row.attribute,
                    group=row.group,
                    source="table",
                    text=" | ".join(c for c in (row.no, row.indicator, row.baseline, row.target, row.annual_growth, row.attribute) if c),
                    line_start=table.line_start,
                    line_end=table.line_end,
                )
            )
    return out


def _prose_targets(doc: Document) -> list[Target]:
    out: list[Target] = []
    for para in doc.paragraphs:
        if "\t" in para.text:
            continue
        for sentence in re.split(r"(?<=[。；;])", para.text):
            anchor = P.TARGET_ANCHOR.search(sentence)
            if not anchor or re.match(r"\s*\d", sentence[anchor.end():]):
                continue  # 到2020年1538亿元: a result reached, not a target
            year = int(anchor["y"])
            previous: str | None = None
            for clause in _CLAUSE_SPLIT.split(sentence[anchor.end():]):
                m = P.TARGET_CLAUSE.search(clause)
                if not m:
                    continue
                head = clause[: m.start("verb")]
                if P.TARGET_BASELINE.match(head.strip()) and previous:
                    indicator = previous  # 大数据产业市场主体增加20%，由2021年的36户增加到44户
                else:
                    indicator = _indicator(head)
                if not indicator:
                    continue
                previous = indicator
                qual = m["qual"] or ""
                cmp_word = m["cmp_word"] or ""
                comparator = (
                    _COMPARATORS.get(qual) or _COMPARATORS.get(m["verb"]) or _COMPARATORS.get(cmp_word)
                    or {"<": "<", ">": ">", "≤": "≤", "≥": "≥", "＜": "<", "＞": ">"}.get(m["sym"] or "", "=")
                )
                baseline = P.TARGET_BASELINE.search(clause)
                out.append(
                    Target(
                        indicator=indicator,
                        comparator=comparator,
                        value=float(m["value"]),
                        value_text=squash(clause[m.start("verb"):]) or "",
                        unit=m["unit"].replace("％", "%") if m["unit"] else None,
                        year=year,
                        scope=_scope(indicator),
                        baseline=baseline["value"] if baseline else None,
                        baseline_year=int(baseline["y"]) if baseline else None,
                        aspiration="力争" in clause or "力争" in sentence[: anchor.end() + 4],
                        source="prose",
                        text=sentence.strip(),
                        line_start=para.line_start,
                        line_end=para.line_end,
                    )
                )
    return out


def _indicator(text: str) -> str:
    """The subject of a target clause, without the scope words and connectives in front."""
    text = re.sub(r"^(?:全市|全年|力争|确保|累计|其中|并|且|同时|使|实现|推动|促进)+", "", squash(text) or "")
    return text if 3 <= len(text) <= 40 else ""


def _scope(indicator: str) -> str:
    if re.match(r"^(?:各县|县级|县域)", indicator):
        return "county"
    if "开发区" in indicator or "示范区" in indicator:
        return "zone"
    return "city"


def _comparator(m: re.Match[str]) -> str:
    if m["qual"]:
        return _COMPARATORS[m["qual"]]
    return {"<": "<", ">": ">", "≤": "≤", "≥": "≥", "＜": "<", "＞": ">"}.get(m["cmp"] or "", "=")
