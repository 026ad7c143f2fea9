"""PDF with a text layer → the gazette's text, with what the page geometry tells.

Read with pypdfium2 (PDFium): characters with their boxes and font sizes, and the page's path
objects for ruling lines and frames. Measured on the sample gazettes typeset by Chromium (111 A4
pages): PDFium gives characters, sizes and paths at ~150 pages/s on one core; pdfplumber
(pdfminer.six), which also finds tables, ~14 pages/s — below the 20 pages/s a gazette archive needs.

What the geometry gives that a text dump loses:
- running headers, footers and page numbers: short lines at the top or bottom of the page whose
  text (digits aside) repeats on many pages — dropped;
- tables: ruling lines (thin paths) form a grid; each character goes to its cell, a row's cells
  are printed tab-separated (a cell spanning the row, a group row, as one cell), so the table
  builder downstream reads them as any converter's rows; the header row printed again on each
  page a table runs on to is dropped;
- 政策咨询 boxes: framed, printed as their own lines;
- paragraphs: a printed line continues the one above unless it is indented, the one above ended
  short, or the size changes; title lines (centred, larger) are joined into one.
Pages without a text layer are read by OCR (read.ocr) when the `ocr` extra is installed.
Each output line remembers its page (SourceText.line_pages).
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter
from itertools import zip_longest
from dataclasses import dataclass, field
from functools import cached_property

from gongbao.models import SourceText
from gongbao.read import ocr

RULE_THICKNESS = 2.0  # pt: a path thinner than this is a ruling line
RULE_MIN_LENGTH = 4.0
TOUCH = 2.0  # pt: ruling lines this close meet
FRAME_MIN = 20.0  # pt: a frame (a 政策咨询 box) is at least this wide and high…
FRAME_MAX_SHARE = 0.5  # …and at most half the page high (not a background or a clip)
MARGIN_SHARE = 0.12  # running headers and footers stand in the top or bottom 12 % of a page
FURNITURE_MIN_PAGES = 3
FURNITURE_SHARE = 0.3  # …and repeat on at least this share of the pages
FURNITURE_MAX_CHARS = 40
LINE_TOLERANCE = 0.45  # of the font size: characters whose centres are this close share a line
INDENT = 0.8  # of the font size: a line starting this far right of the margin is indented
SHORT_END = 1.5  # of the font size: a line ending this far left of the margin ends its paragraph
TITLE_SIZE = 1.15
COLUMN_MIN_LINES = 8  # a page in two columns has at least this many lines, half on either side
GUTTER_MIN = 12  # pt: the blank band between two columns is at least this wide…
GUTTER_CROSSING = 0.5  # …and lines across the page cross it, at most this share of the lines
SPACE_GAP = 0.9  # of the font size: a gap this wide between two characters is a space…
SPACE_GAP_LATIN = 0.15  # …between two Latin letters or digits, one this wide  # a title is printed this much larger than the body text
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass
class _Char:
    ch: str
    x0: float
    x1: float
    bottom: float
    top: float
    size: float

    @property
    def cy(self) -> float:
        return (self.bottom + self.top) / 2


@dataclass
class _Line:
    page: int
    chars: list[_Char]
    kind: str = "text"  # text | row | box
    cells: list[str] = field(default_factory=list)
    margins: tuple[float, float] | None = None  # of its column, when the page has columns
    open_below: bool = False  # a table row the page break cut: it goes on at the next page's top
    # top, bottom, size and text are worked out once: a line's characters are complete when it is made

    @property
    def x0(self) -> float:
        return self.chars[0].x0 if self.chars else 0.0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1 if self.chars else 0.0

    @cached_property
    def top(self) -> float:
        return max(c.top for c in self.chars) if self.chars else 0.0

    @cached_property
    def bottom(self) -> float:
        return min(c.bottom for c in self.chars) if self.chars else 0.0

    @cached_property
    def size(self) -> float:
        return statistics.median(c.size for c in self.chars) if self.chars else 0.0

    @cached_property
    def text(self) -> str:
        return "\t".join(self.cells) if self.kind == "row" else _join_chars(self.chars)


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def read_pdf(data: bytes, *, name: str, path: str) -> SourceText:
    """The text of a PDF's text layer, laid out as paragraphs (one a line, blank lines between),
    table rows tab-separated. Raises ReadError when the file is no readable PDF or has no text."""
    import pypdfium2 as pdfium

    from gongbao.read import ReadError

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise ReadError(path, f"无法读取的 PDF（{err}）") from None
    warnings = []
    try:
        pages = []
        for n in range(len(document)):
            try:
                pages.append(_read_page(document, n))
            except pdfium.PdfiumError as err:
                raise ReadError(path, f"PDF 已损坏：第 {n + 1} 页无法读取（{err}）") from None
        empty = [n for n, (lines, _) in enumerate(pages) if not lines]
        if empty:
            try:
                read = ocr.ocr_pages(document, empty, _Char)
            except ocr.OcrMissing:
                if len(empty) == len(pages):
                    raise ReadError(path, "PDF 没有文字层（扫描件），需要 OCR：请安装 gongbao[ocr]") from None
                warnings.append(f"{path}：{len(empty)} 页没有文字层，未读取（需安装 gongbao[ocr]）：第 {_pages([n + 1 for n in empty])} 页")
            else:
                for n, chars in read.items():
                    pages[n] = (_lines(chars, n + 1), pages[n][1])
                warnings.append(f"{path}：{len(empty)} 页没有文字层，已用 OCR 识别：第 {_pages([n + 1 for n in empty])} 页")
    finally:
        document.close()
    if not any(lines for lines, _ in pages):
        raise ReadError(path, "PDF 中没有文字，OCR 也未识别出文字")
    lines = _drop_furniture(pages)
    text, line_pages = _assemble(lines)
    return SourceText(
        name=name, path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), encoding="pdf", text=text,
        warnings=tuple(warnings), line_pages=tuple(line_pages), original=data, media_type="application/pdf",
    )  # fmt: skip


def _pages(numbers: list[int]) -> str:
    shown = "、".join(map(str, numbers[:10]))
    return shown + (" …" if len(numbers) > 10 else "")


def _read_page(document, n: int) -> tuple[list[_Line], float]:
    """The page's lines top to bottom (table rows and framed lines marked), and its height."""
    import pypdfium2.raw as pdfium_c

    page = document[n]
    width, height = page.get_size()
    textpage = page.get_textpage()
    chars: list[_Char] = []
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        ch = chr(code)
        if ch in "\r\n\x00":
            continue
        x0, bottom, x1, top = textpage.get_charbox(i, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage, i) or (top - bottom)
        chars.append(_Char(ch, x0, x1, bottom, top, size))
    horizontal, vertical, frames = [], [], []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=3):
        x0, bottom, x1, top = obj.get_bounds()
        w, h = x1 - x0, top - bottom
        if h <= RULE_THICKNESS and w >= RULE_MIN_LENGTH:
            horizontal.append(((bottom + top) / 2, x0, x1))
        elif w <= RULE_THICKNESS and h >= RULE_MIN_LENGTH:
            vertical.append(((x0 + x1) / 2, bottom, top))
        elif FRAME_MIN <= w < 0.95 * width and FRAME_MIN <= h <= FRAME_MAX_SHARE * height and bottom >= 0 and top <= height:
            frames.append((x0, bottom, x1, top))
    textpage.close()
    page.close()
    rows, rest = _tables(chars, horizontal, vertical, n + 1)
    lines = _lines(rest, n + 1)
    for line in lines:
        if any(f[0] - TOUCH <= line.x0 and line.x1 <= f[2] + TOUCH and f[1] - TOUCH <= line.bottom and line.top <= f[3] + TOUCH for f in frames):
            line.kind = "box"
    lines += rows
    lines.sort(key=lambda line: -line.top)
    return _in_columns(lines, height), height


def _in_columns(lines: list[_Line], height: float) -> list[_Line]:
    """A page printed in two columns (a 目录 page), read column by column: the lines the gutter cuts
    are split in two; the left column's lines come before the right's, between the lines that span
    the page (a title above, a footer below). Each column's lines know its margins."""
    text = [line for line in lines if line.kind == "text" and MARGIN_SHARE * height < line.bottom and line.top < (1 - MARGIN_SHARE) * height]
    gutter = _gutter(text)
    if gutter is None:
        return lines
    g0, g1 = gutter
    out: list[_Line] = []
    left_block: list[_Line] = []
    right_block: list[_Line] = []

    def flush() -> None:
        for block in (left_block, right_block):
            if block:
                edge = (min(b.x0 for b in block), max(b.x1 for b in block))
                for b in block:
                    b.margins = edge
                out.extend(block)
                block.clear()

    middle = (g0 + g1) / 2
    for line in lines:
        if line.kind != "text" or any(a < g1 - TOUCH and b > g0 + TOUCH for a, b in _runs(line.chars)):
            flush()  # a line across the gutter: the columns above it are done
            out.append(line)
            continue
        left = [c for c in line.chars if c.x1 <= middle]
        right = [c for c in line.chars if c.x1 > middle]
        if left:
            left_block.append(_Line(line.page, left))
        if right:
            right_block.append(_Line(line.page, right))
    flush()
    return out


def _gutter(lines: list[_Line]) -> tuple[float, float] | None:
    """The blank vertical band between two columns of text, if the page has one: near the middle
    of the text's width, crossed by at most a few lines, with many lines on either side."""
    if len(lines) < COLUMN_MIN_LINES:
        return None
    x0 = min(line.x0 for line in lines)
    x1 = max(line.x1 for line in lines)
    width = int(x1 - x0) + 1
    crossing = [0] * width
    for line in lines:
        # a line covers its runs of characters: a space between two words is no gutter, the gap
        # between a left column's line and the right one's at the same height is
        for a, b in _runs(line.chars):
            for x in range(max(0, int(a - x0)), min(width, int(b - x0) + 1)):
                crossing[x] += 1
    # Lines across the whole page (a heading, the cover's text above the contents) cross any
    # gutter; the columns' lines do not: the gutter is where the fewest lines cross.
    middle = range(int(width * 0.3), min(width, int(width * 0.7) + 1))
    floor = min(crossing[x] for x in middle)
    if floor > GUTTER_CROSSING * len(lines):
        return None
    best: tuple[float, float] | None = None
    start = None
    for x in range(int(width * 0.3), int(width * 0.7) + 1):
        empty = x < width and crossing[x] <= floor
        if empty and start is None:
            start = x
        if (not empty or x == int(width * 0.7)) and start is not None:
            if x - start >= GUTTER_MIN and (best is None or x - start > best[1] - best[0]):
                best = (x0 + start, x0 + x)
            start = None
    if best is None:
        return None
    g0, g1 = best
    runs = [_runs(line.chars) for line in lines]
    left = sum(1 for r in runs if any(b <= g0 + TOUCH for _, b in r))
    right = sum(1 for r in runs if any(a >= g1 - TOUCH for a, _ in r))
    return best if min(left, right) >= COLUMN_MIN_LINES // 2 else None


def _runs(chars: list[_Char]) -> list[tuple[float, float]]:
    """The spans of a line's characters, cut where two of them stand GUTTER_MIN apart."""
    runs: list[tuple[float, float]] = []
    for c in chars:
        if runs and c.x0 - runs[-1][1] < GUTTER_MIN:
            runs[-1] = (runs[-1][0], max(runs[-1][1], c.x1))
        else:
            runs.append((c.x0, c.x1))
    return runs


def _lines(chars: list[_Char], page: int) -> list[_Line]:
    """Characters grouped into printed lines by their vertical centre, each left to right."""
    lines: list[_Line] = []
    for c in sorted(chars, key=lambda c: -c.cy):
        line = lines[-1] if lines else None
        if line is not None and abs(line.chars[-1].cy - c.cy) <= LINE_TOLERANCE * max(c.size, line.chars[-1].size):
            line.chars.append(c)
        else:
            lines.append(_Line(page, [c]))
    for line in lines:
        line.chars.sort(key=lambda c: c.x0)
    return [line for line in lines if _join_chars(line.chars).strip()]


def _join_chars(chars: list[_Char]) -> str:
    """The characters of a line; a wide gap between two of them is a space."""
    out: list[str] = []
    prev = None
    for c in chars:
        gap = SPACE_GAP_LATIN if c.ch.isascii() and prev is not None and prev.ch.isascii() else SPACE_GAP
        if prev is not None and c.x0 - prev.x1 > gap * c.size and out and out[-1] != " " and c.ch != " ":
            out.append(" ")
        out.append(c.ch)
        prev = c
    return "".join(out).strip()


def _tables(chars: list[_Char], horizontal: list, vertical: list, page: int) -> tuple[list[_Line], list[_Char]]:
    """Rows of the ruled tables on a page (cells tab-separated) and the characters outside them."""
    if len(horizontal) < 2 or len(vertical) < 2:
        return [], chars
    grids = _grids(horizontal, vertical)
    rows: list[_Line] = []
    inside: set[int] = set()
    for hs, vs in grids:
        ys = _merge(sorted((y for y, _, _ in hs), reverse=True))
        xs = _merge(sorted(x for x, _, _ in vs))
        if len(ys) < 2 or len(xs) < 2:
            continue
        # A row the page break cut has no rule at the cut: the column rules run on past the last
        # horizontal one. That end closes the row, which is marked open (its rest is on the next page).
        open_below = min(y0 for _, y0, _ in vs)
        cut = open_below < ys[-1] - 2 * TOUCH
        if cut:
            ys.append(open_below)
        left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
        members = [i for i, c in enumerate(chars) if left - TOUCH <= (c.x0 + c.x1) / 2 <= right + TOUCH and bottom - TOUCH <= c.cy <= top + TOUCH]
        inside.update(members)
        for upper, lower in zip(ys, ys[1:]):
            middle = (upper + lower) / 2
            # The column rules that cross this row: a cell spanning columns has none between them.
            cuts = _merge(sorted(x for x, y0, y1 in vs if y0 - TOUCH <= middle <= y1 + TOUCH))
            if len(cuts) < 2:
                cuts = [left, right]
            in_row = [chars[i] for i in members if lower <= chars[i].cy <= upper]
            if not in_row:
                continue
            cells = []
            for a, b in zip(cuts, cuts[1:]):
                cell_chars = [c for c in in_row if a <= (c.x0 + c.x1) / 2 < b]
                cells.append("".join(_join_chars(line.chars) for line in _lines(cell_chars, page)))
            # a cell spanning several columns: pad so every row has the table's columns
            cells += [""] * (len(xs) - 1 - len(cells))
            row = _Line(page, sorted(in_row, key=lambda c: (-c.cy, c.x0)), "row", cells)
            row.open_below = cut and lower == ys[-1]
            rows.append(row)
    return rows, [c for i, c in enumerate(chars) if i not in inside]


def _grids(horizontal: list, vertical: list) -> list[tuple[list, list]]:
    """Ruling lines grouped into tables: horizontal and vertical lines that meet, transitively."""
    segments = [("h", s) for s in horizontal] + [("v", s) for s in vertical]
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, (k, _) in enumerate(segments) if k == "h"]
    vs = [i for i, (k, _) in enumerate(segments) if k == "v"]
    for i in hs:
        y, x0, x1 = segments[i][1]
        for j in vs:
            x, y0, y1 = segments[j][1]
            if x0 - TOUCH <= x <= x1 + TOUCH and y0 - TOUCH <= y <= y1 + TOUCH:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list, list]] = {}
    for i, (k, s) in enumerate(segments):
        g = groups.setdefault(find(i), ([], []))
        (g[0] if k == "h" else g[1]).append(s)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _merge(values: list[float]) -> list[float]:
    """Positions closer than TOUCH are one (a rule drawn as two abutting segments)."""
    out: list[float] = []
    for v in values:
        if not out or abs(v - out[-1]) > TOUCH:
            out.append(v)
    return out


def _furniture_key(text: str) -> str:
    return _NOT_WORD.sub("", _DIGITS.sub("#", text))


def _drop_furniture(pages: list[tuple[list[_Line], float]]) -> list[_Line]:
    """Lines of every page, without running headers, footers and page numbers: short lines in the
    page's top or bottom margin band whose text, digits aside, repeats on many pages."""
    def in_band(line: _Line, height: float) -> bool:
        return line.kind == "text" and (line.top >= (1 - MARGIN_SHARE) * height or line.bottom <= MARGIN_SHARE * height) and len(line.text) <= FURNITURE_MAX_CHARS

    counts: Counter[str] = Counter()
    for lines, height in pages:
        counts.update({_furniture_key(line.text) for line in lines if in_band(line, height)})
    threshold = max(FURNITURE_MIN_PAGES, FURNITURE_SHARE * len(pages))
    repeated = {key for key, n in counts.items() if n >= threshold}
    out: list[_Line] = []
    for lines, height in pages:
        out += [line for line in lines if not (in_band(line, height) and _furniture_key(line.text) in repeated)]
    return out


def _assemble(lines: list[_Line]) -> tuple[str, list[int]]:
    """Printed lines joined into paragraphs, one a line with blank lines between; table rows one a
    line. Returns the text and the page of each of its lines."""
    body = [line for line in lines if line.kind == "text"]
    sizes = Counter(round(line.size) for line in body)
    body_size = sizes.most_common(1)[0][0] if sizes else 12
    lefts = Counter(round(line.x0) for line in body if round(line.size) == body_size)
    left = lefts.most_common(1)[0][0] if lefts else 0
    rights = sorted(line.x1 for line in body if round(line.size) == body_size)
    right = rights[int(0.9 * (len(rights) - 1))] if rights else 0
    centre = (left + right) / 2

    def is_title(line: _Line) -> bool:
        return line.size >= TITLE_SIZE * body_size and abs((line.x0 + line.x1) / 2 - centre) <= 2 * line.size

    out: list[str] = []
    pages: list[int] = []

    def emit(text: str, page: int, blank: bool = True) -> None:
        if blank and out and out[-1] != "":
            out.append("")
            pages.append(page)
        out.append(text)
        pages.append(page)

    prev: _Line | None = None
    header: list[str] | None = None  # the first row of the table being printed
    cut: _Line | None = None  # the row a page break cut, until its rest is found
    for line in lines:
        text = line.text
        if line.kind == "row":
            if prev is not None and prev.kind == "row" and line.page != prev.page and line.cells == header:
                continue  # the header row printed again on the page the table runs on to
            if cut is not None and line.page == cut.page + 1 and prev is not None and prev.kind == "row":
                # the rest of the cut row: each cell's text joined to its first part
                joined = [a + b for a, b in zip_longest(out[-1].split("\t"), line.cells, fillvalue="")]
                out[-1] = "\t".join(joined)
                cut = None
                prev = line
                continue
            cut = line if line.open_below else None
            if prev is None or prev.kind != "row":
                header = line.cells
            emit(text, line.page, blank=prev is None or prev.kind != "row")
        elif prev is not None and prev.kind == line.kind and _continues(prev, line, left, right, is_title):
            out[-1] += (" " if _needs_space(out[-1], text) else "") + text
        else:
            emit(text, line.page)
        prev = line
    pages.append(pages[-1] if pages else 1)  # the empty line after the final newline
    return "\n".join(out) + "\n", pages


def _continues(prev: _Line, line: _Line, left: float, right: float, is_title) -> bool:
    """The printed line goes on with the paragraph of the line above."""
    if prev.kind == "box":
        return False  # a box's lines are labels of their own (咨询单位：… / 咨询电话：…)
    if is_title(prev) or is_title(line):
        return is_title(prev) and is_title(line) and abs(prev.size - line.size) < 1
    if abs(prev.size - line.size) > 0.1 * line.size:
        return False
    if line.page == prev.page and prev.bottom - line.top > 1.2 * line.size:
        return False  # a gap: a new block
    if (prev.margins or line.margins) and prev.margins != line.margins:
        return False  # the next column
    if line.margins:
        left, right = line.margins
    size = line.size
    return line.x0 <= left + INDENT * size and prev.x1 >= right - SHORT_END * size


def _needs_space(before: str, after: str) -> bool:
    return bool(before) and bool(after) and before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum()
