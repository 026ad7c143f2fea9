"""Tables rebuilt as header + rows of cells.

Converters give tables as tab-separated rows (empty cells where cells were merged, a group row such
as `<b>一、经济发展（6个）</b>` spanning the table, the title and header rows printed again after a
page break) or as markdown pipe rows. A row never becomes part of a paragraph (layout keeps it a
line of its own), so a table is a run of row paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from gongbao import patterns as P
from gongbao.models import Line, Paragraph, Table
from gongbao.normalize import squash

MAX_TITLE_CHARS = 80
_NUMERIC = re.compile(r"^[\d.]+$")
_GROUP = re.compile(rf"^[{P.CN_NUMERAL}]{{1,3}}[、.．]|^[（(][{P.CN_NUMERAL}]{{1,3}}[）)]")


def scan_tables(
    lines: Sequence[Line], starts_table: Callable[[Line], bool], read_table: Callable[[Sequence[Line], int], tuple[Table | None, int]]
) -> list[Table]:
    """Every table read from a line that starts one; reading resumes where the table ended."""
    tables = []
    i = 0
    while i < len(lines):
        if not starts_table(lines[i]):
            i += 1
            continue
        table, i = read_table(lines, i)
        if table is not None:
            tables.append(table)
    return tables


def is_row(text: str) -> bool:
    return "\t" in text or (text.startswith("|") and text.count("|") >= 3)


def split_row(text: str) -> list[str]:
    if "\t" in text:
        return [cell.strip() for cell in text.split("\t")]
    return [cell.strip() for cell in text.strip().strip("|").split("|")]


def find_tables(paragraphs: Sequence[Paragraph]) -> list[Table]:
    tables: list[Table] = []
    i = 0
    while i < len(paragraphs):
        if not is_row(paragraphs[i].text):
            i += 1
            continue
        start = i
        while i < len(paragraphs) and is_row(paragraphs[i].text):
            i += 1
        title = _title_before(paragraphs, start)
        tables.append(build_table(paragraphs[start:i], title))
    return tables


def _title_before(paragraphs: Sequence[Paragraph], start: int) -> str | None:
    if start == 0:
        return None
    text = paragraphs[start - 1].text.strip()
    if len(text) > MAX_TITLE_CHARS or "。" in text or P.ATTACHMENT_HEAD.match(text):
        return None
    return text


def build_table(rows: Sequence[Paragraph], title: str | None) -> Table:
    cells = [split_row(p.text) for p in rows]
    table = Table(title=title, header=[], rows=[], line_start=rows[0].line_start, line_end=rows[-1].line_end)
    k = 0
    # A title printed as the table's first row (专栏 1-2: …<TAB><TAB>…).
    if cells and _single(cells[0]) and not _GROUP.match(_single(cells[0]) or ""):
        table.title = table.title or _single(cells[0])
        k = 1
    header_rows: list[list[str]] = []
    while k < len(cells) and _is_header_row(cells[k], header_rows):
        header_rows.append(cells[k])
        k += 1
    table.header = _merge_header(header_rows)
    repeats = {_key(r) for r in header_rows} | {_key([table.title or ""])}
    group: str | None = None
    for n in range(k, len(cells)):
        row = cells[n]
        if _key(row) in repeats:
            continue  # title or header printed again after a page break
        if _single(row) and _GROUP.match(_single(row) or ""):
            group = _single(row)
            continue
        if table.header and len(row) > len(table.header) and any(row[len(table.header):]):
            table.warnings.append(
                f"第 {rows[n].line_start} 行：这一行有 {len(row)} 格，表头只有 {len(table.header)} 格；按原样保留"
            )
        table.rows.append(row)
        table.groups.append(group)
        table.row_lines.append((rows[n].line_start, rows[n].line_end))
    width = max([len(table.header), *(len(r) for r in table.rows)], default=0)
    table.header += [""] * (width - len(table.header))
    for row in table.rows:
        row += [""] * (width - len(row))
    return table


def _single(row: list[str]) -> str | None:
    filled = [c for c in row if c]
    return filled[0] if len(filled) == 1 else None


def _key(row: list[str]) -> str:
    """Compare rows as printed, ignoring whitespace and full/half-width forms (：/:, （/()."""
    return unicodedata.normalize("NFKC", squash("".join(row)) or "")


def _is_header_row(row: list[str], header_rows: list[list[str]]) -> bool:
    filled = [c for c in row if c]
    if not filled or _single(row) and _GROUP.match(_single(row) or ""):
        return False
    if _NUMERIC.match(row[0] or "-") or any("：" in c or ":" in c for c in filled):
        return False  # a number or a "label：value" cell is data (member lists have no header)
    if not header_rows:
        return True
    # A second header row names the parts of the spanning cells above it: its first cell is empty.
    return not row[0] and len(header_rows) < 3


def _merge_header(header_rows: list[list[str]]) -> list[str]:
    if not header_rows:
        return []
    width = max(len(r) for r in header_rows)
    merged = [""] * width
    for row in header_rows:
        carried = ""
        for j in range(width):
            cell = row[j] if j < len(row) else ""
            if row is header_rows[0]:
                merged[j] = cell
                continue
            parent = merged[j] or carried
            carried = parent if not merged[j] else merged[j]
            if cell:
                merged[j] = f"{parent}/{cell}" if parent else cell
    return merged
