"""Indicator tables (序号 · 指标 · values · 属性) from PDF dumps that print a row on one line of
space-separated cells (pdftotext without its layout mode).

What the tool gives:

    专栏 1-2：“十四五”吕梁市转型出雏          the box title, wrapped
    型主要指标
    2020年                                    header cells split over lines: pieces above …
    序号 指 标 实际/ 2025年 年均增 属性        … the line that holds every column …
    预计 目标 长 (%)                          … and pieces below
    一、经济发展（6个）                       a group row
    1 地区生产总值（GDP）（亿元） 1538 2238 >8 预期性
    力争达                                    a long cell wrapped: pieces above its row …
    5 战略性新兴产业增加值占 GDP 比重 1.3 到全省 — 预期性
    （%） 平均水                              … and below it, beside the pieces of other cells
    平

and, after every page break, the title and header again (also in the middle of a row).

A row is its numbered line; the lines between two rows are pieces of the wrapped cells of the
row above (the first half) and of the row below (the rest), given left to right to the cells that
are wrapped: the indicator when its unit is still to come, and the values printed as words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from gongbao import patterns as P
from gongbao.models import Line, Table
from gongbao.normalize import squash
from gongbao.structure.tables import scan_tables

ATTRIBUTES = ("预期性", "约束性", "指导性")
MAX_HEADER_LINES = 3
MAX_TABLE_LINES = 600
# A value printed as a number or a mark: 1538 · >8 · 0.2以下 · — · [15] · 室1个 is not one.
_VALUE = re.compile(r"^(?:[<>≥≤＞＜~约]?\s*-?[\d.]+\s*[%％]?(?:以上|以下|左右)?|[—\-–]+|[\[［【].*[\]］】])$")
_NUMBER_START = re.compile(r"^[<>≥≤＞＜~\-\d.\[［]")
_SUFFIX = re.compile(r"^(?:以上|以下|左右|以|上|下)$")  # 50 以 / 上: the rest of a number's words
_INT = re.compile(r"^\d{1,3}$")
_PROSE_HEAD = re.compile(rf"^第\s*[{P.CN_NUMERAL}\d]+\s*[章节条]|^[（(][{P.CN_NUMERAL}]+[）)]")
_GROUP = re.compile(rf"^[{P.CN_NUMERAL}]{{1,3}}[、.．]")
_YEAR = re.compile(r"(?:19|20)\d\d\s*年?")
_HEADER_WORD = re.compile(r"(?:19|20)\d\d|实际|预计|目标|年均|增长|增速|基期|现状")


@dataclass
class _Row:
    no: str
    line: Line
    tokens: list[str]
    group: str | None
    above: list[list[str]] = field(default_factory=list)
    below: list[list[str]] = field(default_factory=list)


def find_spaced_indicator_tables(lines: Sequence[Line]) -> list[Table]:
    return scan_tables(lines, _is_header, _read_table)


def _is_header(line: Line) -> bool:
    tokens = line.raw.split()
    return "\t" not in line.raw and bool(tokens) and "序号" in tokens[:2] and tokens[-1] == "属性"


def _read_table(lines: Sequence[Line], h: int) -> tuple[Table | None, int]:
    skeleton = _merge_spaced_label(lines[h].raw.split())
    n_values = len(skeleton) - 3  # 序号, 指标 … 属性
    if n_values < 1:
        return None, h + 1
    # Pieces of header cells above the line that holds them all: a year, or a header word.
    above = [j for j in range(max(0, h - MAX_HEADER_LINES), h) if _header_piece(lines[j].raw) and _HEADER_WORD.search(lines[j].raw)]
    above = [j for j in above if all(j2 in above for j2 in range(j, h))]
    below = []
    j = h + 1
    while j < len(lines) and len(below) < MAX_HEADER_LINES and _header_piece(lines[j].raw) and not _GROUP.match(lines[j].text):
        below.append(j)
        j += 1
    header = _header(skeleton, [lines[k].raw.split() for k in above], [lines[k].raw.split() for k in below])
    title_start, title = _title(lines, (above or [h])[0])
    repeats = {_key(lines[k].text) for k in [*above, h, *below]}
    table = Table(title=title, header=header, rows=[], line_start=lines[title_start if title else h].no, line_end=lines[h].no)

    rows: list[_Row] = []
    between: list[list[str]] = []  # piece lines since the last row line
    group: str | None = None
    expected = 1
    end = min(len(lines), j + MAX_TABLE_LINES)
    k = j
    while k < end:
        text = lines[k].raw.strip()  # the printed spaces part the cells (Line.text closes them up)
        tokens = text.split()
        if _key(text) in repeats or (title and _is_title_piece(text, title)):
            k += 1
            continue  # the title and header printed again after a page break
        if _GROUP.match(text) and len(text) <= 30:
            group = _group_name(text)
            if rows:
                rows[-1].below += between
            between = []
            k += 1
            continue
        if tokens and _INT.match(tokens[0]) and int(tokens[0]) == expected and len(tokens) >= 2:
            for_prev, for_next = _split_between(rows[-1] if rows else None, between, tokens[1:], n_values)
            if rows:
                rows[-1].below += for_prev
            rows.append(_Row(tokens[0], lines[k], tokens[1:], group, above=for_next))
            between = []
            expected += 1
            table.line_end = lines[k].no
            k += 1
            continue
        if not rows or re.search(r"[。；，]", text) or len(text) > 40 or _PROSE_HEAD.match(text):
            break  # prose again: the table has ended
        between.append(tokens)
        k += 1
    if between and rows:
        rows[-1].below += between
        table.line_end = lines[k - 1].no
    for row in rows:
        table.rows.append(_cells(row, n_values))
        table.groups.append(row.group)
        table.row_lines.append((row.line.no, row.line.no))
    return (table if table.rows else None), max(k, h + 1)


def _split_between(
    prev: _Row | None, between: list[list[str]], next_tokens: list[str], n_values: int
) -> tuple[list[list[str]], list[list[str]]]:
    """The piece lines between two row lines: the row above keeps the first half (its cells go on
    below it), the row below takes the rest (its cells began above it). A row with no cell that
    can be wrapped takes none."""
    if prev is None:
        return [], between
    if not _text_cells(next_tokens, n_values):
        return between, []
    if not _text_cells(prev.tokens, n_values) and _indicator_closed(prev.tokens):
        return [], between
    keep = (len(between) + 1) // 2
    return between[:keep], between[keep:]


def _text_cells(tokens: list[str], n_values: int) -> int:
    """How many value cells of a row line are printed as words (and so may be wrapped)."""
    _, values, _ = _split_row(tokens, n_values)
    return sum(1 for t in values if not _VALUE.match(t))


def _split_row(tokens: list[str], n_values: int) -> tuple[list[str], list[str], str]:
    """A row line's tokens (its number left out) as indicator pieces, value cells and attribute."""
    tokens = _merge_suffixes(tokens)
    attribute = tokens.pop() if tokens and tokens[-1] in ATTRIBUTES else ""
    values = tokens[-n_values:] if len(tokens) > n_values else tokens[1:] if len(tokens) > 1 else []
    return tokens[: len(tokens) - len(values)], values, attribute


def _indicator_closed(tokens: list[str]) -> bool:
    text = "".join(tokens)
    return text.count("（") + text.count("(") <= text.count("）") + text.count(")")


def _cells(row: _Row, n_values: int) -> list[str]:
    indicator, values, attribute = _split_row(row.tokens, n_values)
    cells = ["".join(indicator), *values]
    cells += [""] * (n_values + 1 - len(cells))
    # Pieces of wrapped cells, left to right: the indicator while its unit is still open or to
    # come (（%） on the line below), then the values printed as words.
    for lines, at_end in ((row.above, False), (row.below, True)):
        for piece_line in lines:
            targets = _wrapped_columns(cells, at_end)
            for n, piece in enumerate(piece_line):
                if at_end and (piece.startswith(("（", "(")) or not _indicator_ends(cells[0])) and 0 in targets:
                    cells[0] += piece
                    continue
                columns = [c for c in targets if c != 0] or targets
                column = columns[min(n, len(columns) - 1)] if columns else None
                if column is None:
                    continue
                cells[column] = cells[column] + piece if at_end else piece + cells[column]
    return [row.no, *cells, attribute]


def _wrapped_columns(cells: list[str], at_end: bool) -> list[int]:
    """Cells a piece may belong to: the indicator (below its row only) and the word values; a
    value that starts with a number has no piece above it."""
    out = [0] if at_end else []
    for c, text in enumerate(cells[1:], start=1):
        if not text or _VALUE.match(text):
            continue
        if not at_end and _NUMBER_START.match(text):
            continue
        out.append(c)
    return out


def _indicator_ends(text: str) -> bool:
    """An indicator's name is whole when it ends with its unit: …（亿元） / …(%)."""
    return bool(re.search(r"[）)]$", text)) and _indicator_closed([text])


def _merge_suffixes(tokens: list[str]) -> list[str]:
    """[ 15 ] → [15]; 50 以 → 50以 (pdftotext pads numbers inside words with spaces)."""
    out: list[str] = []
    for token in tokens:
        if out and (_SUFFIX.match(token) and re.search(r"\d$", out[-1]) or out[-1] in ("[", "［") or token in ("]", "］")):
            out[-1] += token
        else:
            out.append(token)
    return out


def _merge_spaced_label(tokens: list[str]) -> list[str]:
    """指 标 → 指标 (a short label spread to fill its column)."""
    out: list[str] = []
    for token in tokens:
        if out and len(token) == 1 and len(out[-1]) == 1 and not token.isdigit():
            out[-1] += token
        else:
            out.append(token)
    return out


def _header(skeleton: list[str], above: list[list[str]], below: list[list[str]]) -> list[str]:
    """Column names: the line that holds every column, with the pieces above and below it given
    to the value columns in order (a year to the first column without one)."""
    header = list(skeleton)
    values = list(range(2, len(header) - 1))
    for piece_line in above:
        for piece in piece_line:
            target = next((c for c in values if not _YEAR.search(header[c])), values[0] if values else None) if _YEAR.search(piece) else None
            if target is not None:
                header[target] = piece + header[target]
    for piece_line in below:
        for n, piece in enumerate(piece_line):
            if not values:
                break
            target = values[min(n, len(values) - 1)]
            header[target] += piece
    return [squash(h) or "" for h in header]


def _header_piece(text: str) -> bool:
    """A line of header pieces: a few short words, no row number, no sentence."""
    tokens = text.split()
    return 0 < len(tokens) <= 8 and all(len(t) <= 6 for t in tokens) and not _INT.match(tokens[0]) and not re.search(r"[。；，]", text)


def _title(lines: Sequence[Line], h: int) -> tuple[int, str | None]:
    for j in range(h - 1, max(-1, h - 4), -1):
        if P.OUTLINE_BOX.match(lines[j].text):
            return j, squash("".join(line.text for line in lines[j:h]))
    return h, None


def _is_title_piece(text: str, title: str) -> bool:
    """A piece of the box title printed again (专栏 1-2：“十四五”… / 型主要指标), whatever its wrap."""
    piece = unicodedata.normalize("NFKC", squash(text) or "")
    whole = unicodedata.normalize("NFKC", title)
    return len(piece) >= 3 and (whole.startswith(piece) or whole.endswith(piece))


def _group_name(text: str) -> str:
    return squash(text) or text


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", squash(text) or "")
