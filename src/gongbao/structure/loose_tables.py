"""Indicator tables (序号 · 指标 · values · 属性) from PDF dumps that print them one cell per line.

A PDF-to-text tool gives such a table as a run of short lines in reading order: the header cells,
then per row its number, the indicator (wrapped over lines when long), the value cells (wrapped
too) and the attribute (预期性 / 约束性) that closes the row; group rows (一、经济发展（6个）) between
rows; and after every page break the header (and the box title) printed again — even in the middle
of a row. The pieces of a wrapped cell fill the column's width, the last piece does not: that is
how pieces are put back together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from gongbao import patterns as P
from gongbao.layout import display_width
from gongbao.models import Line, Table
from gongbao.normalize import squash
from gongbao.structure.tables import scan_tables

ATTRIBUTES = ("预期性", "约束性", "指导性")
MAX_HEADER_LINES = 16
MAX_ROW_LINES = 40
MAX_TABLE_LINES = 3000
_INT = re.compile(r"^\d{1,3}$")
_VALUE = re.compile(r"^(?:[<>≥≤＞＜]?\s*-?[\d.]+\s*%?(?:以上|以下|左右)?|[—\-–]+)$")
_GROUP = re.compile(rf"^[{P.CN_NUMERAL}]{{1,3}}[、.．]")
_VALUE_HEAD = re.compile(r"(?:19|20)\d\d|年均|增长|增速|目标|基期|现状|属性")


def find_loose_indicator_tables(lines: Sequence[Line]) -> list[Table]:
    return scan_tables(lines, lambda line: squash(line.text) == "序号", _read_table)


def _read_table(lines: Sequence[Line], h: int) -> tuple[Table | None, int]:
    texts = [squash(line.text) or "" for line in lines]
    attr = next((j for j in range(h, min(len(lines), h + MAX_HEADER_LINES)) if texts[j] == "属性"), None)
    if attr is None:
        return None, h + 1
    header_lines = texts[h : attr + 1]
    header = _header_cells(header_lines)
    n_values = len(header) - 3  # 序号, 指标 … 属性
    title, box = _title(lines, h)
    table = Table(title=title, header=header, rows=[], line_start=lines[h].no, line_end=lines[attr].no)
    # The rest of the document, without the header and box title printed again on new pages.
    tokens = [j for j in range(attr + 1, min(len(lines), attr + 1 + MAX_TABLE_LINES))]
    header_sig = "".join(header_lines)
    for _ in range(2):  # a reprint can interrupt another (a page break inside a reprinted title)
        tokens = _without_titles(_without_headers(tokens, texts, header_sig), texts, title)
    pieces: list[str] = []  # the current row's cells, in pieces
    widths: list[int] = []  # each piece's printed width (from the raw line: close-up shrinks it)
    number: str | None = None
    group: str | None = None
    expected = 1
    consumed = attr + 1
    k = 0
    while k < len(tokens):
        i = tokens[k]
        if number is None:
            if _INT.match(texts[i]) and int(texts[i]) == expected:
                number, pieces, widths = texts[i], [], []
            elif _GROUP.match(texts[i]):
                group, k = _group(tokens, texts, k)
                continue
            else:
                break  # the table has ended
        elif texts[i] in ATTRIBUTES:
            table.rows.append([number, *_partition(pieces, widths, n_values + 1), texts[i]])
            table.groups.append(group)
            table.line_end = lines[i].no
            number, expected = None, expected + 1
        else:
            pieces.append(lines[i].text.strip())
            widths.append(display_width(lines[i].raw.strip()))
            if len(pieces) > MAX_ROW_LINES:
                table.warnings.append(f"第 {lines[i].no} 行：第 {number} 行没有结束，表格在此截断")
                break
        consumed = i + 1
        k += 1
    if number is not None and pieces:
        table.warnings.append(f"第 {number} 行不完整（缺少“属性”格）")
        table.rows.append([number, *_partition(pieces, widths, n_values + 1), ""])
        table.groups.append(group)
    return (table if table.rows else None), max(consumed, h + 1)


def _without_headers(tokens: list[int], texts: list[str], header_sig: str) -> list[int]:
    """Drop every full spelling of the header (reprinted at the top of each page)."""
    out: list[int] = []
    k = 0
    while k < len(tokens):
        if texts[tokens[k]] == "序号":
            spelled, n = "", k
            while n < len(tokens) and header_sig.startswith(spelled + texts[tokens[n]]):
                spelled += texts[tokens[n]]
                n += 1
                if spelled == header_sig:
                    break
            if spelled == header_sig:
                k = n
                continue
        out.append(tokens[k])
        k += 1
    return out


def _without_titles(tokens: list[int], texts: list[str], title: str | None) -> list[int]:
    """Drop the box title printed again (专栏 1-2: …), however it is wrapped or punctuated."""
    if not title:
        return tokens
    target = unicodedata.normalize("NFKC", title)
    out: list[int] = []
    k = 0
    while k < len(tokens):
        if texts[tokens[k]].startswith("专栏"):
            spelled, n = "", k
            while n < len(tokens) and target.startswith(unicodedata.normalize("NFKC", spelled + texts[tokens[n]])):
                spelled += texts[tokens[n]]
                n += 1
            if unicodedata.normalize("NFKC", spelled) == target:
                k = n
                continue
        out.append(tokens[k])
        k += 1
    return out


def _header_cells(header_lines: list[str]) -> list[str]:
    """序号 / 指标 / 2020年 / 实际/预计 / 2025年目标 / 年均增长 / (%) / 属性 → one name per column:
    a column starts with 序号, 指标, a year or a value word; other lines are wrapped pieces."""
    cells: list[str] = []
    for text in header_lines:
        if not cells or text == "指标" or _VALUE_HEAD.search(text):
            cells.append(text)
        else:
            cells[-1] += text
    return cells


def _title(lines: Sequence[Line], h: int) -> tuple[str | None, str | None]:
    """The box title above the header (专栏 1-2：…, perhaps wrapped) and the box number."""
    for j in range(h - 1, max(-1, h - 4), -1):
        m = P.OUTLINE_BOX.match(lines[j].text)
        if m:
            return squash("".join(line.text for line in lines[j:h])), squash(m["value"])
    return None, None


def _group(tokens: list[int], texts: list[str], k: int) -> tuple[str, int]:
    """一、经济发 / 展（6个） — a group row wrapped over lines, up to the next row's number."""
    text = texts[tokens[k]]
    k += 1
    while (
        k < len(tokens)
        and not _INT.match(texts[tokens[k]])
        and not _GROUP.match(texts[tokens[k]])
        and not _closed_by_count(text)
        and len(text) < 40
    ):
        text += texts[tokens[k]]
        k += 1
    return text, k


def _closed_by_count(text: str) -> bool:
    """一、经济发展（6个） — a group row ends with the count of its indicators."""
    return bool(re.search(r"[（(]\s*\d+\s*[个项]\s*[）)]$", text))


def _closed_by_unit(text: str) -> bool:
    """…比重（%） / …能力 (亿吨标准煤): a short bracket at the end that is a unit, not (国家级/省级)."""
    m = re.search(r"[（(]([^（）()]{1,8})[）)]$", text.rstrip())
    return bool(m) and "/" not in m.group(1)


def _partition(pieces: list[str], widths: list[int], n: int) -> list[str]:
    """Cut the pieces of a row into `n` cells, the best-scoring way. A wrapped cell's pieces fill
    the column but its last piece does not; numbers are never wrapped; the first cell (the
    indicator) ends with its unit; a text printed twice in a row (完成省下达目标任务 ×2) is two cells."""
    m = len(pieces)
    if m <= n:
        return pieces + [""] * (n - m)
    full = max(widths) - 2  # not even one more CJK character fitted
    is_value = [bool(_VALUE.match(p.strip())) for p in pieces]
    is_full = [w >= full for w in widths]

    def gap(g: int, cut: bool) -> float:
        """Score of cutting (or not) between piece g and g+1."""
        if cut:
            return 2.0 if (not is_full[g] or is_value[g] or is_value[g + 1]) else -1.0
        if is_value[g] or is_value[g + 1]:
            return -3.0
        return 1.0 if is_full[g] else -2.0

    forced = _repeat_cuts(pieces)
    best: dict[tuple[int, int], tuple[float, list[int]]] = {}

    def solve(a: int, c: int) -> tuple[float, list[int]]:
        """Best cuts for pieces[a:] in c cells (returns the end index of each cell)."""
        key = (a, c)
        if key in best:
            return best[key]
        if c == 1:
            result = (_cell_score(pieces, a, m - 1, first=(a == 0), gap=gap), [m - 1])
        else:
            result = (float("-inf"), [])
            for b in range(a, m - c + 1):
                score = _cell_score(pieces, a, b, first=(a == 0), gap=gap) + gap(b, True) + (5.0 if b in forced else 0.0)
                rest, ends = solve(b + 1, c - 1)
                if score + rest > result[0]:
                    result = (score + rest, [b, *ends])
        best[key] = result
        return result

    _, ends = solve(0, n)
    cells, a = [], 0
    for b in ends:
        cells.append("".join(pieces[a : b + 1]))
        a = b + 1
    return cells


def _cell_score(pieces: list[str], a: int, b: int, *, first: bool, gap) -> float:
    score = sum(gap(g, False) for g in range(a, b))
    if first:
        text = "".join(pieces[a : b + 1])
        score += 3.0 if _closed_by_unit(text) else 0.0
        score -= 3.0 if text.count("（") + text.count("(") > text.count("）") + text.count(")") else 0.0
    return score


def _repeat_cuts(pieces: list[str]) -> set[int]:
    """Where a run of pieces is printed twice in a row, the first copy ends a cell."""
    cuts = set()
    m = len(pieces)
    for length in range(2, m // 2 + 1):
        for a in range(0, m - 2 * length + 1):
            if pieces[a : a + length] == pieces[a + length : a + 2 * length]:
                cuts.add(a + length - 1)
    return cuts
