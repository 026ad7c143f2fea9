"""Re-render a gazette the way another tool would have, to test that parsing does not depend on
one file's layout: the same documents must come out of every rendering.

`as_pdf_dump` turns a markdown-ish conversion into what pdftotext-style tools give: markup gone,
paragraphs hard-wrapped to a narrow column, a blank line after every printed line, pages with a
page number, a running header and a vertical masthead, the first line of a page indented by one
space, and each 政策咨询 box printed at the bottom of the page where its document ends (so after
the head of the next document when that one starts on the same page).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MARKUP = re.compile(r"</?b>|\*\*|^#+\s*|^\s*-\s+(?=\S)")
CONSULT_START = re.compile(r"^\s*(?:#+\s*)?(?:政\s*策\s*咨\s*询|咨\s*询\s*与\s*解\s*读)\s*$|^\s*咨询单位")
CONSULT_END = re.compile(r"^\s*(?:政策解读|扫码咨询)\s*$")
CONSULT_PHONE = re.compile(r"^\s*咨询电话")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if width(cur + ch) > columns:
            out.append(cur)
            cur = ""
        cur += ch
    if cur:
        out.append(cur)
    return out or [""]


@dataclass
class Rendered:
    text: str
    line_map: dict[int, int]  # original 1-based line → new 1-based line of its first printed piece
    last_content: int  # the last line that is not page furniture


def as_pdf_dump(
    source: str,
    *,
    columns: int = 36,
    page_lines: int = 40,
    header: str = "市政府文件 吕梁市人民政府公报 2021·4",
    table_cells: int = 0,
) -> Rendered:
    """`table_cells` > 0 prints tables the way PDF tools give them: one cell per line, each cell
    wrapped at that many columns, the table's header printed again at the top of every page."""
    lines = source.split("\n")
    table_header: list[str] = []
    in_table = False
    out: list[str] = []
    line_map: dict[int, int] = {}
    page_fill = 0
    page_no = 1
    deferred: list[str] = []
    pending_page_start = False
    last_content = 0

    def emit(text: str, orig: int | None = None) -> None:
        nonlocal page_fill, pending_page_start, last_content
        if pending_page_start:
            text = " " + text
            pending_page_start = False
        if orig is not None and orig not in line_map:
            line_map[orig] = len(out) + 1
        out.append(text)
        last_content = len(out)
        out.append("")
        page_fill += 1
        if page_fill >= page_lines:
            end_page()

    def end_page() -> None:
        nonlocal page_fill, page_no, pending_page_start
        nonlocal last_content
        for text in deferred:
            out.append(text)
            last_content = len(out)
            out.append("")
        deferred.clear()
        if page_no % 5 == 0:
            out.extend([*"吕梁市人民政府公报", ""])
        out.extend([header, "", f"— {page_no} —", ""])
        page_no += 1
        page_fill = 0
        pending_page_start = True
        if in_table and table_header:
            for cell in table_header:
                emit(cell)

    i = 0
    while i < len(lines):
        raw = lines[i]
        text = MARKUP.sub("", raw).strip()
        if CONSULT_START.match(raw):
            # The box goes to the bottom of this page, whatever text flows after it.
            j = _box_end(lines, i)
            deferred.extend(MARKUP.sub("", t).strip() for t in lines[i:j] if t.strip())
            i = j
            continue
        if text and table_cells and "\t" in raw:
            cells = [p.strip() for c in MARKUP.sub("", raw).split("\t") for p in wrap(c.strip(), table_cells) if c.strip() and p.strip()]
            starting = not in_table
            if starting:
                in_table, table_header = True, []  # no header reprint while the header itself prints
            for n, cell in enumerate(cells):
                emit(cell, i + 1 if n == 0 else None)
            if starting:
                table_header = cells
        elif text:
            in_table = False
            # Table rows are wrapped like prose, their cells separated by spaces (as PDF tools do).
            pieces = [p.strip() for p in wrap(text.replace("\t", "  "), columns) if p.strip()]
            for n, piece in enumerate(pieces):
                emit(piece, i + 1 if n == 0 else None)
        i += 1
    end_page()
    return Rendered(text="\n".join(out), line_map=line_map, last_content=last_content)


def map_gold(gold: list[dict], rendered: Rendered) -> list[dict]:
    """Gold spans carried over to the re-rendered file: a document runs up to the next one's head."""
    starts = [rendered.line_map[_first_mapped(rendered, g["line_start"])] for g in gold]
    out = []
    for n, g in enumerate(gold):
        end = starts[n + 1] - 1 if n + 1 < len(gold) else rendered.last_content
        out.append({**g, "line_start": starts[n], "line_end": end})
    return out


def _first_mapped(rendered: Rendered, line: int) -> int:
    while line not in rendered.line_map:
        line += 1
    return line


PHONE_ROW = re.compile(r"^[\d、,，\s]+$")


def _box_end(lines: list[str], i: int) -> int:
    """Index after a consulting box starting at i: through 政策解读/扫码咨询, else its phone rows."""
    for j in range(i, min(len(lines), i + 30)):
        if CONSULT_END.match(lines[j]):
            return j + 1
    j = i
    while j < len(lines) and not CONSULT_PHONE.match(lines[j]):
        j += 1
    j += 1
    while j < len(lines) and (not lines[j].strip() or PHONE_ROW.match(lines[j])):
        j += 1
    return j


def as_markdown(source: str) -> Rendered:
    """A PDF dump turned into what a document converter gives: one paragraph per line, blank lines
    between, no page marks (furniture and consulting boxes stay where the page flow put them)."""
    from gongbao.layout import repair, reflow  # the paragraphs are not what is under test here
    from gongbao.read import decode_bytes

    layout = repair(decode_bytes(source.encode("utf-8"), name="x"))
    out: list[str] = []
    line_map: dict[int, int] = {}
    for para in reflow(layout.lines, layout.rendering, layout.wrap_width):
        for no in range(para.line_start, para.line_end + 1):
            line_map.setdefault(no, len(out) + 1)
        out.extend([para.text, ""])
    return Rendered(text="\n".join(out), line_map=line_map, last_content=len(out) - 1)
