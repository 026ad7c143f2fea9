"""Re-render a gazette the way another tool would have, to test that parsing does not depend on
one file's layout: the same documents must come out of every rendering.

`as_pdf_dump` turns a markdown-ish conversion into what pdftotext-style tools give: markup gone,
paragraphs hard-wrapped to a narrow column, a blank line after every printed line, pages with a
page number, a running header and a vertical masthead, the first line of a page indented by one
space, and each 政策咨询 box printed at the bottom of the page where its document ends (so after
the head of the next document when that one starts on the same page).

`as_pdf_text` is pdftotext's plain mode, harsher still (no blank lines, running headers, tables as
space-separated rows with wrapped cells around them and headers repeated at page breaks);
`as_web_pages` prints each document as a government-portal or law-database web page;
`as_traditional` is the gazette in traditional characters. tests/fixtures/renderings/build.py
writes them all out for inspection.
"""

from __future__ import annotations

import datetime
import hashlib
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


# --- More renderings: pdftotext's plain mode, the documents as web pages, traditional characters.

TAG = re.compile(r"</?(?:p|ol|ul|li|br|div|span|font|strong|em|b|i|u|sup|sub)\b[^>]*>", re.I)
INLINE_TAG = re.compile(r"</?(?:sup|sub|span|font|strong|em|b|i|u)\b[^>]*>", re.I)
TEX = re.compile(r"\$([^$\n]*)\$")
PIPE_ROW = re.compile(r"^\s*(?:-\s+)?\|.*\|\s*$")
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
BOX_TITLE = re.compile(r"^\s*(?:#+\s*)?(?:政\s*策\s*咨\s*询|咨\s*询\s*与\s*解\s*读)\s*$")
DOC_HEAD = re.compile(r"^(吕梁市人民政府(?:办公室)?)\s*(关于.*)$")
CJK = r"[\u3400-\u9fff]"
CJK_GAP = re.compile(rf"(?<={CJK})\s+(?={CJK})")
NO_LINE_START = "，。、；：！？）》」』”’％〕】)]"
NO_LINE_END = "“‘（《「『(〔[【"
TERMINAL = "。；！？：”’）)」』"
CONTINUES = "，、（(“《"
LIST_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\(\d+\)|\d+[.、．]|第[一二三四五六七八九十百]+[章节条部分]|附件|专栏|——)"
)
PAGE_NO = re.compile(r"^\s*[—\-–]\s*\d+\s*[—\-–]\s*$")
RUNNING_HEADER = re.compile(r"^\s*(?:\S+文件\s+)?吕梁市人民政府公报\s*\d{4}\s*[·.]\s*\d+\s*$")
MASTHEAD = "吕梁市人民政府公报"


def _clean(text: str) -> str:
    """Markdown and HTML markup off, TeX snippets as printed, whitespace runs as one space."""
    text = MARKUP.sub("", text)
    text = INLINE_TAG.sub("", text)
    text = TAG.sub(" ", text)
    text = TEX.sub(lambda m: re.sub(r"\\text\{([^}]*)\}", r"\1", m.group(1)).replace("\\mu", "μ").replace("\\times", "×").replace("^", "").replace("{", "").replace("}", "").replace(" ", ""), text)
    return re.sub(r"\s+", " ", text).strip()


def _row_cells(raw: str) -> list[str] | None:
    """The cells of a tab- or pipe-separated table row ([] for a markdown rule row), else None."""
    if PIPE_RULE.match(raw) and "|" in raw:
        return []
    if "\t" in raw:
        cells = raw.split("\t")
    elif PIPE_ROW.match(raw) and raw.count("|") >= 3:
        inner = re.sub(r"^\s*(?:-\s+)?\|", "", raw.rstrip())
        cells = (inner[:-1] if inner.endswith("|") else inner).split("|")
    else:
        return None
    cells = [_clean(c) for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    filled = [c for c in cells if c]
    if len(filled) == 2 and re.fullmatch(r"\d{1,3}", filled[1]) and width(filled[0]) > 30:
        return None  # a table-of-contents line: title, leaders, page number
    return cells


def _wrap_text(text: str, columns: int, first: int | None = None) -> list[str]:
    """Hard-wrap like a typesetter: no line starts with closing punctuation or ends with opening
    punctuation, ASCII words and numbers kept whole. `first`: the width of the first line."""
    limit = first if first is not None else columns
    out: list[str] = []
    cur = ""
    for tok in re.findall(r"[A-Za-z0-9.%+\-/<>=~*]+|\s+|.", text):
        if tok.isspace():
            if cur:
                cur += " "
            continue
        if cur.strip() and width(cur.rstrip() + tok) > limit and not (len(tok) == 1 and tok in NO_LINE_START):
            line, carry = cur.strip(), ""
            while len(line) > 1 and line[-1] in NO_LINE_END:
                line, carry = line[:-1].rstrip(), line[-1] + carry
            out.append(line)
            cur, limit = carry, columns
        while width(cur + tok) > limit and width(tok) > limit:  # a word longer than the line: cut it
            if cur.strip():
                out.append(cur.strip())
                cur, limit = "", columns
                continue
            head = wrap(tok, limit)[0]
            out.append(head)
            tok, limit = tok[len(head) :], columns
        cur += tok
    if cur.strip():
        out.append(cur.strip())
    return out


def _nonspace(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _continues(prev: str, nxt: str, hard_width: int) -> bool:
    """Whether the paragraph whose last source line (cleaned) is `prev` goes on in the next source
    line `nxt`: the source broke it mid-sentence at a page break, or the source is itself hard-
    wrapped at about `hard_width` display columns (0: it is not) and `prev` is a full line. Lines
    that look like rows of a table the dump flattened (cells set apart by spaces) stay apart."""
    if not prev or not nxt or LIST_START.match(nxt) or DOC_HEAD.match(nxt) or BOX_TITLE.match(nxt):
        return False
    end = prev[-1]
    if end in CONTINUES:
        return True
    if end in TERMINAL:
        return False
    if width(prev) >= 60:
        return True
    if not hard_width or width(prev) < hard_width - 6:
        return False
    return not (CJK_GAP.search(prev) or len(CJK_GAP.findall(nxt)) >= 2)


def _hard_width(widths: list[int]) -> int:
    """The line width of a hard-wrapped source (the commonest width of its longer lines), else 0."""
    longer = [w for w in widths if w >= 16]
    if len(longer) < 20:
        return 0
    counts: dict[int, int] = {}
    for w in longer:
        counts[w] = counts.get(w, 0) + 1
    full = max(sorted(counts), key=lambda w: (counts[w], w))
    return full if full <= 50 and counts[full] >= 0.15 * len(longer) else 0


def _box_span_end(lines: list[str], i: int) -> int:
    """Index after the consulting box starting at i, searched close by only (never into the next
    document): through 政策解读/扫码咨询, else through the phone line and its number rows, and a bare
    box title printed after them (pdftotext puts the title last)."""
    n = len(lines)
    limit = i + 1
    while limit < min(n, i + 24):  # box lines are short, and the box ends before a document head
        text = _clean(lines[limit])
        if width(text) > 40 or DOC_HEAD.match(text) or text in ("吕梁市人民政府", "吕梁市人民政府办公室") or text.startswith("关于"):
            break
        limit += 1
    end = None
    for j in range(i + 1, limit):
        if CONSULT_END.match(lines[j]):
            end = j + 1
            break
    if end is None:
        j = i
        while j < limit and not CONSULT_PHONE.match(lines[j]):
            j += 1
        if j == limit:
            return i + 1
        j += 1
        while j < n and (not lines[j].strip() or PHONE_ROW.match(lines[j])):
            j += 1
        end = j
    k = end
    while k < min(n, end + 3) and not lines[k].strip():
        k += 1
    if k < n and BOX_TITLE.match(lines[k]):
        end = k + 1
    return end


def _section(text: str, following: str) -> str | None:
    """The gazette section a document head opens (for the running header), if text is a head."""
    m = DOC_HEAD.match(text)
    if m or (text in ("吕梁市人民政府", "吕梁市人民政府办公室") and following.startswith("关于")):
        issuer = m.group(1) if m else text
        return "市政府办公室文件" if issuer.endswith("办公室") else "市政府文件"
    return None


def _table_widths(rows: list[list[str]], columns: int) -> list[int]:
    ncols = max(len(r) for r in rows)
    body = [r for r in rows if sum(1 for c in r if c) >= 2] or rows
    widths = []
    for k in range(ncols):
        ws = sorted(width(r[k]) for r in body if k < len(r) and r[k])
        p75 = ws[(3 * (len(ws) - 1)) // 4] if ws else 6
        widths.append(min(max(p75, 6), columns))
    while sum(widths) > 2 * columns and max(widths) > 6:
        widths[widths.index(max(widths))] -= 1
    return widths


def _row_print(cells: list[str], widths: list[int], columns: int) -> list[str]:
    """One table row as pdftotext prints it: each cell wrapped to its column and centred on the row
    line, the pieces of all cells that fall on one printed line joined by spaces; a row with a single
    filled cell (a group row, a note) printed on lines of its own."""
    filled = [c for c in cells if c]
    if not filled:
        return []
    if len(filled) == 1:
        return _wrap_text(filled[0], columns)
    pieces = [(_wrap_text(c, w) if c else []) for c, w in zip(cells, widths + [columns] * len(cells))]
    starts = [-((len(p) - 1) // 2) for p in pieces]
    top = min(s for s, p in zip(starts, pieces) if p)
    bottom = max(s + len(p) - 1 for s, p in zip(starts, pieces) if p)
    out = []
    for r in range(top, bottom + 1):
        parts = [p[r - s] for s, p in zip(starts, pieces) if p and s <= r < s + len(p)]
        out.append(" ".join(parts))
    return out


def as_pdf_text(
    source: str,
    *,
    columns: int = 36,
    page_lines: int = 40,
    first_page: int = 1,
    form_feed: bool = False,
) -> Rendered:
    """What `pdftotext` (plain, non-layout mode) gives for the printed gazette — harsher than
    `as_pdf_dump`: no blank lines at all; prose hard-wrapped at `columns` display width with the
    first line of a paragraph two characters shorter (its indent is not printed) and no line starting
    with closing punctuation; a document head split where the printed title broke; every page opened
    by a running header that alternates between 吕梁市人民政府公报 (odd pages) and the section name
    (市政府文件 / 市政府办公室文件, even pages) and closed by a centred page number (— 12 — on odd
    pages, - 12 - on even ones), with the vertical masthead every fifth page; each 政策咨询 /
    咨询与解读 box printed at the bottom of the page where its document ends (half of them in
    pdftotext's order: unit, phone + 政策解读, then the box title), so after the next document's
    head or inside its body when that starts on the same page.

    Tables (tab- or pipe-separated rows) come out as pdftotext gives a ruled table: one printed line
    per row with its cells separated by spaces, each cell wrapped to its column width (about three
    characters for narrow columns) and centred on the row's line, so a long cell's pieces are printed
    one per line before and after the row's line, pieces of other cells sharing those lines; the
    header row split over several lines the same way; group rows (一、经济发展（6个）) on lines of
    their own; at every page break inside a table the box title (the 专栏 line above the table) and
    the header lines printed again, also when the break falls inside a wrapped row.

    `form_feed` puts pdftotext's \\f at the start of every page after the first (off by default:
    Python's splitlines() counts it as a line break, which would shift line numbers)."""
    lines = source.split("\n")
    n = len(lines)
    hard = _hard_width([width(_clean(t)) for t in lines if t.strip() and _row_cells(t) is None])
    out: list[str] = []
    line_map: dict[int, int] = {}
    pending: list[int] = []  # original lines that print nothing: mapped to the next printed line
    deferred: list[list[tuple[str, list[int]]]] = []
    repeat: list[str] = []
    st = {"page": first_page, "fill": 0, "open": False, "last": 0, "section": "市政府文件", "boxes": 0}

    def start_page() -> None:
        page = st["page"]
        head = MASTHEAD if page % 2 else st["section"]
        out.append(("\f" if form_feed and page > first_page else "") + head)
        st["open"], st["fill"] = True, 0
        if repeat and len(repeat) < page_lines // 2:
            for text in repeat:
                emit(text)

    def emit(text: str, *origs: int | None) -> None:
        if not st["open"]:
            start_page()
        for o in [*pending, *origs]:
            if o is not None:
                line_map.setdefault(o, len(out) + 1)
        pending.clear()
        out.append(text)
        st["last"] = len(out)
        st["fill"] += 1
        if st["fill"] >= page_lines:
            end_page()

    def end_page() -> None:
        if not st["open"]:
            start_page()
        for box in deferred:
            for text, origs in box:
                for o in origs:
                    line_map.setdefault(o, len(out) + 1)
                out.append(text)
                st["last"] = len(out)
        deferred.clear()
        page = st["page"]
        if page % 5 == 0:
            out.extend(MASTHEAD)
        out.append(f"— {page} —" if page % 2 else f"- {page} -")
        st["page"] += 1
        st["open"] = False

    def emit_all(texts: list[str], orig: int) -> None:
        if not texts:
            pending.append(orig)
        for k, text in enumerate(texts):
            emit(text, orig if k == 0 else None)

    i = 0
    while i < n:
        raw = lines[i]
        if not raw.strip():
            i += 1
            continue
        if CONSULT_START.match(raw):
            j = _box_span_end(lines, i)
            box = [(_clean(lines[k]), [k + 1]) for k in range(i, j) if _clean(lines[k])]
            if st["boxes"] % 2 == 0:  # pdftotext's reading order for the boxed block
                title = [b for b in box if BOX_TITLE.match(b[0])]
                rest = [b for b in box if not BOX_TITLE.match(b[0])]
                ends = [b for b in rest if CONSULT_END.match(b[0])]
                rest = [b for b in rest if not CONSULT_END.match(b[0])]
                phones = [k for k, b in enumerate(rest) if CONSULT_PHONE.match(b[0])]
                if ends and phones:
                    k = phones[-1]
                    rest[k] = (" ".join([rest[k][0]] + [e[0] for e in ends]), rest[k][1] + [o for e in ends for o in e[1]])
                    ends = []
                box = rest + ends + title
            st["boxes"] += 1
            deferred.append([(piece, origs if m == 0 else []) for t, origs in box for m, piece in enumerate(_wrap_text(t, columns))])
            i = j
            continue
        cells = _row_cells(raw)
        if cells is not None:
            i = _print_table(lines, i, columns, emit_all, repeat)
            continue
        text = _clean(raw)
        if not text or _is_furniture(lines, i):  # markup only, or the furniture of a source dump
            pending.append(i + 1)
            i += 1
            continue
        following = next((_clean(t) for t in lines[i + 1 : i + 4] if t.strip()), "")
        section = _section(text, following)
        if section:
            st["section"] = section
        heading = raw.lstrip().startswith("#")
        if "\t" in raw:  # a table-of-contents line
            emit_all(_wrap_text(text, columns), i + 1)
        elif DOC_HEAD.match(text) or (heading and not re.match(r"^(?:第\S{1,4}[章节条篇]|专栏|附件)", text)):
            # A title: printed lines broken where the source's spaces between characters show the
            # printed title broke.
            pieces = CJK_GAP.split(text) if DOC_HEAD.match(text) or width(text) > columns else [text]
            emit_all([p for piece in pieces for p in (_wrap_text(piece, columns) if width(piece) > columns + 8 else [piece])], i + 1)
        elif heading or text.endswith("：") or width(text) <= columns - 4 and not _continues(text, following, hard):
            emit_all(_wrap_text(text, columns), i + 1)
        else:
            # A paragraph, with the source lines that carry on its sentence.
            group, texts, k = [i], [text], i + 1
            while True:
                while k < n and not lines[k].strip():
                    k += 1
                if k >= n or lines[k].lstrip().startswith("#") or CONSULT_START.match(lines[k]) or _row_cells(lines[k]) is not None or _is_furniture(lines, k):
                    break
                nxt = _clean(lines[k])
                if not _continues(texts[-1], nxt, hard):
                    break
                group.append(k)
                texts.append(nxt)
                k += 1
            pieces = _wrap_text("".join(texts), columns, columns - 4)
            ends, total = [], 0
            for piece in pieces:
                total += _nonspace(piece)
                ends.append(total)
            origs: dict[int, list[int]] = {}
            offset = 0
            for no, t in zip(group, texts):
                at = next((p for p, e in enumerate(ends) if e > offset), len(pieces) - 1)
                origs.setdefault(at, []).append(no + 1)
                offset += _nonspace(t)
            for p, piece in enumerate(pieces):
                emit(piece, *origs.get(p, []))
            i = group[-1] + 1
            continue
        i += 1
    if st["open"] or deferred:
        end_page()
    for o in pending:
        line_map.setdefault(o, st["last"])
    return Rendered(text="\n".join(out), line_map=line_map, last_content=st["last"])


def _print_table(lines: list[str], i: int, columns: int, emit_all, repeat: list[str]) -> int:
    """Print the table starting at line i (blank lines inside it allowed) through `emit_all`,
    leaving in `repeat` what a page break inside it prints again; return the index after it."""
    n = len(lines)
    rows: list[tuple[int, list[str]]] = []
    rule_at = None
    j = i
    while j < n:
        if not lines[j].strip():
            j += 1
            continue
        if CONSULT_START.match(lines[j]):
            break
        cells = _row_cells(lines[j])
        if cells is None:
            break
        if cells == [] and PIPE_RULE.match(lines[j]) and rule_at is None:
            rule_at = len(rows)
        rows.append((j, cells))
        j += 1
    end = rows[-1][0] + 1
    real = [c for _, c in rows if any(c)]
    widths = _table_widths(real, columns) if real else []
    # The header: the rows above a markdown rule, else the first row and a second header row
    # (first cell empty: the lower half of a two-level header).
    if rule_at is not None:
        header_n = rule_at
    else:
        header_n = 1
        if len(rows) > 1 and rows[1][1][:1] == [""] and sum(1 for c in rows[1][1] if c) >= 2 and sum(1 for c in rows[0][1] if c) >= 2:
            header_n = 2
    first = [c for c in rows[0][1] if c]
    if rule_at is None and (len(first) < 2 or any(width(c) > 24 or "：" in c or ":" in c or re.fullmatch(r"[\d.]+", c) for c in first)):
        header_n = 0  # the table opens with a data row: there is no header to repeat
    # The box title: a 专栏 line just above the table.
    title = ""
    k = i - 1
    while k >= 0 and i - k <= 3 and not lines[k].strip():
        k -= 1
    if k >= 0 and "专栏" in lines[k] and _row_cells(lines[k]) is None:
        title = _clean(lines[k])
    header_lines: list[str] = []
    repeat.clear()
    for m, (no, cells) in enumerate(rows):
        printed = _row_print(cells, widths, columns)
        if m < header_n:
            header_lines.extend(printed)
        emit_all(printed, no + 1)
        if m == header_n - 1 or (header_n == 0 and m == 0):
            repeat.extend((_wrap_text(title, columns) if title else []) + header_lines)
    repeat.clear()
    return end


def _is_furniture(lines: list[str], k: int) -> bool:
    """Page furniture of a PDF dump: page numbers, running headers, the vertical masthead."""
    text = lines[k].strip()
    if PAGE_NO.match(text) or RUNNING_HEADER.match(text):
        return True
    if len(text) == 1 and text in MASTHEAD:
        near = [t.strip() for t in lines[max(0, k - 20) : k + 20] if t.strip()]
        return sum(1 for t in near if len(t) == 1 and t in MASTHEAD) >= 5
    return False


def _norm(text: str) -> str:
    return re.sub(r"[\W_]", "", _clean(text))


def _web_paragraphs(span: list[str], title: str, hard: int) -> list[str]:
    """The document as a web page prints it: markup gone, one paragraph per line, tables as tab-
    separated rows, the consulting box and any page furniture dropped, and the head (issuer and
    title lines, printed as the page's own title) left out."""
    items: list[tuple[str, str]] = []  # (kind: "text" or "row", text)
    header = last_text = ""
    i = 0
    while i < len(span):
        raw = span[i]
        if not raw.strip() or _is_furniture(span, i):
            i += 1
            continue
        if CONSULT_START.match(raw):
            i = _box_span_end(span, i)
            continue
        cells = _row_cells(raw)
        if cells is not None:
            # One table on the page: the header and 专栏 title the printed pages repeated go.
            if not items or items[-1][0] != "row":
                header = _norm("".join(cells))
            key = _norm("".join(cells))
            repeated = key == header or ("专栏" in key and key == _norm(last_text))
            if any(cells) and not (repeated and items and items[-1][0] == "row"):
                items.append(("row", "\t".join(cells)))
        else:
            text = _clean(raw)
            if text:
                items.append(("text", text))
                last_text = text
        i += 1
    # The head: the first lines that spell out the title.
    want, got, k = _norm(title), "", 0
    while k < len(items) and items[k][0] == "text" and want.startswith(got + _norm(items[k][1])) and _norm(items[k][1]):
        got += _norm(items[k][1])
        k += 1
    if k and len(got) >= 0.8 * len(want):
        items = items[k:]
    out: list[str] = []
    last_kind, last_line = "", ""
    for kind, text in items:
        if out and kind == "text" and last_kind == "text" and _continues(last_line, text, hard):
            out[-1] += text
        else:
            out.append(text)
        last_kind, last_line = kind, text
    return out


def _publish_date(signed: str | None, n: int) -> datetime.date | None:
    """When the site put the document up: a few days after it was signed."""
    if not signed:
        return None
    return datetime.date.fromisoformat(signed) + datetime.timedelta(days=3 + (n * 5) % 9)


TOPICS = [
    ("环境", "环境监测、保护与治理"), ("空气", "环境监测、保护与治理"), ("塑料", "环境监测、保护与治理"),
    ("金融", "财政、金融、审计"), ("银行", "财政、金融、审计"), ("食品", "市场监管、安全生产监管"),
    ("知识产权", "市场监管、安全生产监管"), ("公平竞争", "市场监管、安全生产监管"), ("规划", "国民经济管理、国有资产监管"),
    ("审批", "综合政务"), ("职务任免", "人事"), ("火灾", "公安、安全生产监管"), ("公交", "交通"),
    ("土地", "国土资源、能源"), ("供热", "城乡建设、环境保护"), ("小区", "城乡建设、环境保护"),
    ("燃气", "城乡建设、环境保护"), ("就业", "劳动、人事、监察"), ("数字政府", "综合政务"),
]


def as_web_pages(source: str, gold: list[dict], *, site: str = "gov") -> list[tuple[str, dict]]:
    """Each document of the gazette as its own web page, as text copied out of the browser (select
    all, or a text extractor).

    site="gov": the article page of a city government portal (gov.cn style): site header and
    navigation lines, a breadcrumb, the 政府信息公开 info table (索引号, 主题分类, 发文机关, 成文日期,
    发文字号, 发布日期; label and value on lines of their own on pages 01, 03, …, `label：value` on
    the others), the title, the 来源/日期/字号 line, 视力保护色, 浏览量, then the document text, then
    【打印本页】【关闭窗口】, share links, 相关链接 and the footer (网站地图, 主办单位, ICP/公安备案).
    site="mirror": a law-database mirror (pkulaw style): breadcrumb, the 【发布部门】…【法宝引证码】
    header block, the title and the text (paragraphs indented with two ideographic spaces), then
    相关文章, 分享 and copyright lines.

    The document text: markdown gone, one paragraph per line (lines the source broke mid-sentence
    joined again), tables as tab-separated rows, the 政策咨询 box dropped (sites do not print it), the
    head not repeated under the page title. Returns (page text, gold) pairs: the gold re-mapped to the
    page (line_start: the title line; line_end: the last line of the text before the page footer),
    `seed` the page's name (000_web_gov_03.txt) and no consultation."""
    if site not in ("gov", "mirror"):
        raise ValueError(f"unknown site {site!r}")
    lines = source.split("\n")
    hard = _hard_width([width(_clean(t)) for t in lines if t.strip() and _row_cells(t) is None])
    pages = []
    for n, g in enumerate(gold):
        prefix = g["seed"].split("_")[0]
        body = _web_paragraphs(lines[g["line_start"] - 1 : g["line_end"]], g["title"], hard)
        office = g["issuer"].endswith("办公室")
        signed = g.get("signed_date")
        published = _publish_date(signed, n)
        digest = int(hashlib.md5(g["title"].encode("utf-8")).hexdigest(), 16)
        page: list[str] = []
        if site == "gov":
            topic = next((t for key, t in TOPICS if key in g["title"]), "综合政务")
            year = signed[:4] if signed else "2021"
            info = [
                ("索引号", f"11141100MB1{digest % 10**6:06d}X/{year}-{digest % 9000 + 1000:05d}"),
                ("主题分类", topic),
                ("发文机关", g["issuer"]),
                ("成文日期", f"{signed[:4]}年{signed[5:7]}月{signed[8:]}日" if signed else ""),
                ("发文字号", g.get("doc_number") or ""),
                ("发布日期", published.strftime("%Y年%m月%d日") if published else ""),
            ]
            page += [
                "吕梁市人民政府",
                "www.lvliang.gov.cn",
                "无障碍浏览 | 长者模式 | 繁體版 | 登录 | 注册",
                "首页 | 政务公开 | 政府信息公开 | 政务服务 | 互动交流 | 走进吕梁 | 专题专栏",
                "请输入关键词 搜索",
                "",
                f"当前位置：首页 > 政务公开 > 政府文件 > {'市政府办公室文件' if office else '市政府文件'}",
                "",
            ]
            for label, value in info:
                page += [f"{label}：", value] if n % 2 == 0 else [f"{label}：{value}"]
            page += [""]
            title_at = len(page) + 1
            page += [
                g["title"],
                f"来源：吕梁市人民政府办公室  日期：{published.isoformat() if published else ''}  字号：【大 中 小】",
                "视力保护色：",
                f"浏览量：{digest % 4000 + 200}",
                "",
            ]
            page += body
            end_at = len(page)
            page += [
                "",
                "【打印本页】【关闭窗口】",
                "分享到：微信 微博 QQ空间",
                "",
                "相关链接",
                "中国政府网 | 山西省人民政府 | 各县（市、区）政府网站 | 市直部门网站",
                "",
                "网站地图 | 联系我们 | 网站声明",
                "主办单位：吕梁市人民政府办公室  承办单位：吕梁市大数据应用局",
                "地址：山西省吕梁市离石区永宁中路9号  邮编：033000",
                "晋ICP备05004392号-1  网站标识码：1411000001  晋公网安备 14110202000116号",
            ]
        else:
            dotted = signed.replace("-", ".") if signed else ""
            page += [
                "法律法规数据库",
                "登录 | 注册 | 高级检索",
                "首页 > 地方法规 > 山西省 > 吕梁市",
                "",
                f"【发布部门】{g['issuer']}",
            ]
            if g.get("doc_number"):
                page.append(f"【发文字号】{g['doc_number']}")
            page += [
                f"【发布日期】{dotted}",
                f"【实施日期】{dotted}",
                "【时效性】现行有效",
                "【效力级别】地方规范性文件",
                f"【法宝引证码】CLI.12.{digest % 900000 + 100000}",
                "",
            ]
            title_at = len(page) + 1
            page += [g["title"], ""]
            page += [t if "\t" in t else "\u3000\u3000" + t for t in body]
            end_at = len(page)
            page += [
                "",
                "相关文章",
                f"· 吕梁市人民政府公报{signed[:4] if signed else ''}年目录",
                "· 山西省地方法规专题",
                "分享：微信 | 微博 | QQ",
                "Copyright © 法律法规数据库 版权所有 未经许可不得转载",
            ]
        name = f"{prefix}_web_{site}_{n + 1:02d}.txt"
        pages.append(("\n".join(page), {**g, "seed": name, "consultation": [], "line_start": title_at, "line_end": end_at}))
    return pages


def as_traditional(source: str) -> Rendered:
    """The gazette as a traditional-character edition or a Taiwan/Hong Kong mirror prints it:
    every line converted with OpenCC's s2t, line for line (the gold spans stay as they are; the
    fields are still expected in simplified characters)."""
    import opencc

    converter = opencc.OpenCC("s2t")
    lines = source.split("\n")
    text = "\n".join(converter.convert(line) for line in lines)
    line_map = {k + 1: k + 1 for k, line in enumerate(lines) if line.strip()}
    last = max(line_map) if line_map else 0
    return Rendered(text=text, line_map=line_map, last_content=last)


# --- The gazette as a typeset PDF: HTML laid out as gazette pages, printed by Chromium.

GAZETTE_CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 28pt; margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
h1 { font-size: 22pt; line-height: 34pt; text-align: center; font-weight: bold; margin: 14pt 0; }
table { border-collapse: collapse; width: 100%; font-size: 10.5pt; line-height: 14pt; margin: 8pt 0; }
td, th { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; }
th { font-weight: bold; }
tr { break-inside: avoid; }
.box { border: 1pt solid #000; margin: 12pt 0; padding: 6pt 10pt; font-size: 12pt; line-height: 18pt; break-inside: avoid; }
.box p { text-indent: 0; }
"""
GAZETTE_HEADER = '<div style="font-size:9pt;width:100%;text-align:center;font-family:Noto Serif CJK SC">吕梁市人民政府公报</div>'
GAZETTE_FOOTER = '<div style="font-size:10pt;width:100%;text-align:center;font-family:Noto Serif CJK SC">— <span class="pageNumber"></span> —</div>'
BOX_PART = re.compile(r"^\s*(?:政\s*策\s*咨\s*询|咨\s*询\s*与\s*解\s*读|咨询单位|咨询电话|政策解读|扫码咨询)")


def as_gazette_html(source: str, gold: list[dict], hard_wrapped: bool | None = None, contents_columns: int = 1,
                    rows_may_break: bool = False) -> str:
    """The gazette as gazette pages: titles centred in 二号, the text in 三号 with a two-character
    indent, tables ruled (their header rows repeated on every page they run over), each 政策咨询 box
    framed. Chromium adds the running header and the page number (print_pdf)."""
    import html

    from gongbao.layout import reflow, repair
    from gongbao.normalize import clean_markup
    from gongbao.read import decode_bytes

    layout = repair(decode_bytes(source.encode("utf-8"), name="x"))
    if hard_wrapped is None:
        hard_wrapped = bool(layout.wrap_width)
    if hard_wrapped:  # a hard-wrapped dump: its paragraphs rejoined
        texts = [p.text for p in reflow(layout.lines, layout.rendering, layout.wrap_width)]
    else:  # a conversion: a paragraph a line
        texts = [line for line in source.split("\n") if line.strip()]
    # Markup as the page would print it (TeX × and %, <sup>), with the parser's own converter.
    paras = [_clean(clean_markup(t)) if "\t" not in t else "\t".join(clean_markup(c) for c in t.split("\t")) for t in texts]
    titles = {_norm(g["title"]) for g in gold if g.get("title")}
    css = GAZETTE_CSS.replace("tr { break-inside: avoid; }", "tr { break-inside: auto; }") if rows_may_break else GAZETTE_CSS
    out = [f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><style>{css}</style></head><body>"]
    in_contents = False
    i = 0
    while i < len(paras):
        text = paras[i]
        if "\t" in text or (PIPE_ROW.match(text) and text.count("|") >= 3):
            rows: list[list[str]] = []
            while i < len(paras) and ("\t" in paras[i] or (PIPE_ROW.match(paras[i]) and paras[i].count("|") >= 3)):
                cells = _row_cells(paras[i])
                if cells:
                    rows.append(cells)
                elif cells is None:  # a contents line with its page number: a line of text
                    out.append(f"<p>{html.escape(_clean(paras[i]))}</p>")
                i += 1
            if rows:
                out.append(_html_table(rows, html.escape))
            continue
        if BOX_PART.match(text):
            box = []
            while i < len(paras) and (BOX_PART.match(paras[i]) or (box and PHONE_ROW.match(paras[i]))):
                box.append(paras[i])
                i += 1
            out.append("<div class='box'>" + "".join(f"<p>{html.escape(b)}</p>" for b in box) + "</div>")
            continue
        if text.strip():
            tag = "h1" if _norm(text) in titles else "p"
            if tag == "h1" and in_contents:  # the contents end where the first document begins
                out.append("</div>")
                in_contents = False
            out.append(f"<{tag}>{html.escape(text)}</{tag}>")
            if contents_columns > 1 and _norm(text) == "目录" and not in_contents:
                # the contents in columns, as many gazettes print them
                out.append(f"<div class='contents' style='column-count:{contents_columns};column-gap:2em;font-size:12pt;line-height:18pt'>")
                in_contents = True
        i += 1
    if in_contents:
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def _html_table(rows: list[list[str]], escape) -> str:
    width = max(len(r) for r in rows)
    head, body = rows[0], rows[1:]
    parts = ["<table><thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in head) + "</tr></thead><tbody>"]
    for row in body:
        filled = [c for c in row if c]
        if len(filled) == 1 and width > 2:
            parts.append(f"<tr><td colspan='{width}'>{escape(filled[0])}</td></tr>")  # a group row
        else:
            parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row + [""] * (width - len(row))) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def print_pdf(html_text: str, path, chromium: str = "/usr/bin/chromium") -> None:
    """Print HTML to a PDF file with headless Chromium (Playwright), with the gazette's running
    header and page numbers in the margins."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content(html_text, wait_until="load")
        page.pdf(path=str(path), format="A4", display_header_footer=True, header_template=GAZETTE_HEADER,
                 footer_template=GAZETTE_FOOTER, prefer_css_page_size=True)
        browser.close()


def map_gold_by_text(gold: list[dict], source: str, lines: list[str], strict: bool = True) -> list[dict]:
    """Gold spans carried over to a file whose lines are unknown (a PDF's text): each document
    starts where the text of its first source lines is found, in order; it ends before the next."""
    src = source.split("\n")
    flat, owner = [], []
    for n, line in enumerate(lines, 1):
        for ch in _norm(line):
            flat.append(ch)
            owner.append(n)
    flat_text = "".join(flat)
    starts, pos = [], 0
    for g in gold:
        head = _norm(_clean(" ".join(src[g["line_start"] - 1 : g["line_start"] + 12])))[:60]  # past a contents entry
        at = flat_text.find(head, pos)
        if at < 0:
            if not strict:
                return []
            raise ValueError(f"document head not found in the rendering: {head}")
        starts.append(owner[at])
        pos = at + len(head)
    last = max((n for n, line in enumerate(lines, 1) if line.strip()), default=len(lines))
    if gold:
        # The last document ends at its gold end's text (not at the file's end: a back cover's
        # colophon follows it).
        end = gold[-1]["line_end"]
        while end > gold[-1]["line_start"] and not _norm(src[end - 1]):
            end -= 1
        tail = _norm(_clean(src[end - 1]))
        at = flat_text.rfind(tail, pos) if tail else -1
        if at >= 0:
            last = owner[at + len(tail) - 1]
    return [{**g, "line_start": s, "line_end": (starts[k + 1] - 1 if k + 1 < len(starts) else last)} for k, (g, s) in enumerate(zip(gold, starts))]


# --- The gazette as a DOCX, as a department would circulate it (python-docx).

_CN_LABEL = re.compile(r"^([一二三四五六七八九十]{1,3})、")
_NUMBERING_XML = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="{aid}">'
    '<w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    "</w:abstractNum>"
)


def as_gazette_docx(source: str, gold: list[dict], path) -> None:
    """The gazette as one DOCX: titles centred and bold, paragraphs, top-level items 一、二、… as
    Word's automatic Chinese numbering (the label not in the text), tables with a header row that
    repeats on each page and group rows merged across the table, each 政策咨询 box as a one-cell
    frame."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    html = as_gazette_html(source, gold)  # the same blocks as the typeset PDF, from its HTML
    document = docx.Document()
    numbering = document.part.numbering_part.element
    aid = "90"
    numbering.insert(0, parse_xml(_NUMBERING_XML.replace("{aid}", aid)))
    num_id = [100]

    def numbered(paragraph, restart: bool) -> None:
        if restart:
            num_id[0] += 1
            numbering.append(parse_xml(
                f'<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="{num_id[0]}">'
                f'<w:abstractNumId w:val="{aid}"/></w:num>'
            ))  # fmt: skip
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:ilvl w:val="0"/><w:numId w:val="{num_id[0]}"/></w:numPr>'
        ))  # fmt: skip

    import html as html_lib

    for m in re.finditer(r"<(h1|p|table)>(.*?)</\1>|<div class='box'>(.*?)</div>", html, re.S):
        tag, inner = (m.group(1), m.group(2)) if m.group(1) else ("div", m.group(3))
        if tag == "h1":
            para = document.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run(html_lib.unescape(inner)).bold = True
        elif tag == "p":
            text = html_lib.unescape(inner)
            m = _CN_LABEL.match(text)
            if m:
                para = document.add_paragraph(text[m.end():])
                numbered(para, restart=m.group(1) == "一")
            else:
                document.add_paragraph(text)
        elif tag.startswith("div"):
            frame = document.add_table(rows=1, cols=1)
            cell = frame.cell(0, 0)
            lines = [html_lib.unescape(t) for t in re.findall(r"<p>(.*?)</p>", inner, re.S)]
            cell.text = lines[0] if lines else ""
            for line in lines[1:]:
                cell.add_paragraph(line)
        else:
            rows = [[html_lib.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)] for tr in re.findall(r"<tr>(.*?)</tr>", inner, re.S)]
            spans = [re.findall(r"<t[hd]( colspan='\d+')?", tr) for tr in re.findall(r"<tr>(.*?)</tr>", inner, re.S)]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            trpr = table.rows[0]._tr.get_or_add_trPr()
            header = trpr.makeelement(qn("w:tblHeader"), {})
            trpr.append(header)
            for r, (row, span) in enumerate(zip(rows, spans)):
                cells = table.rows[r].cells  # once a row: table.cell() walks the whole table
                if len(row) == 1 and span and span[0]:
                    cells[0].merge(cells[width - 1]).text = row[0]
                    continue
                for c, value in enumerate(row):
                    cells[c].text = value
    document.save(str(path))


# --- Each document as a government portal's article page (real HTML, for read.html).

PORTAL_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_吕梁市人民政府门户网站</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{published}">
<meta name="ContentSource" content="吕梁市人民政府办公室"><meta name="Keywords" content="政策文件">
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
<style>body {{ font-family: serif; }} .nav a {{ margin: 0 1em; }}</style></head>
<body><div class="top"><div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zcwj/">政策文件</a>
<a href="/hdjl/">互动交流</a><a href="/bsfw/">办事服务</a></div>
<div class="search"><form action="/search"><input name="q"><button>搜索</button></form></div></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zcwj/">政策文件</a></div>
<div class="main"><div class="article"><h1>{title}</h1>
<div class="info">发布时间：{published}　来源：吕梁市人民政府办公室　<a href="javascript:print()">打印</a></div>
<div class="content">{body}</div></div>
<div class="related"><h3>相关链接</h3><ul>{related}</ul></div></div>
<footer><p>主办：吕梁市人民政府办公室　晋ICP备05001201号</p><p>网站标识码：1411000001</p></footer>
</body></html>"""


def as_portal_pages(source: str, gold: list[dict]) -> list[tuple[str, dict]]:
    """Each document of the gazette as an article page of a city portal: navigation, search form,
    breadcrumb, <meta> ArticleTitle/PubDate/ContentSource, the title, the text (paragraphs, ruled
    tables), related links and a footer. Returns (html, gold entry) pairs."""
    import html as html_lib

    from gongbao.layout import repair
    from gongbao.read import decode_bytes

    hard_wrapped = bool(repair(decode_bytes(source.encode("utf-8"), name="x")).wrap_width)  # told on the whole issue
    lines = source.split("\n")
    out = []
    for n, g in enumerate(gold):
        piece = "\n".join(lines[g["line_start"] - 1 : g["line_end"]])
        page = as_gazette_html(piece, [g], hard_wrapped)
        body = page[page.index("<body>") + len("<body>") : page.index("</body>")]
        # the title is the page's <h1> (and its <meta>); not again in the text
        body = re.sub(r"<h1>.*?</h1>", "", body, count=1, flags=re.S)
        # the 政策咨询 box: the document's own at the foot of its page (a dump's box may stand in
        # the next document's span)
        body = re.sub(r"<div class='box'>.*?</div>", "", body, flags=re.S)
        if g.get("consultation"):
            body += "<div class='box'><p>政策咨询</p>" + "".join(
                f"<p>咨询单位：{html_lib.escape(c['unit'])}</p><p>咨询电话：{html_lib.escape(c['phone'])}</p>" for c in g["consultation"]
            ) + "</div>"
        related = "".join(f"<li><a href='/zcwj/{k}.html'>{html_lib.escape(o['title'])}</a></li>" for k, o in enumerate(gold) if k != n)[:4000]
        published = (g.get("signed_date") or "2022-01-01")
        out.append((PORTAL_PAGE.format(title=html_lib.escape(g["title"]), published=published, body=body, related=related), g))
    return out


def as_scan(pdf_path, out_path, pages: range | None = None, dpi: int = 150, angle: float = 0.4, seed: int = 7) -> None:
    """A scanned copy of a PDF: each page rasterised in grey at `dpi`, turned by `angle` degrees,
    with speckle noise, saved as a PDF of images (no text layer)."""
    import random

    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    document = pdfium.PdfDocument(str(pdf_path))
    images = []
    for n in pages if pages is not None else range(len(document)):
        image = document[n].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        image = image.rotate(angle if n % 2 else -angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        pixels = image.load()
        w, h = image.size
        for _ in range(w * h // 400):  # speckles, as a scanner's glass leaves them
            pixels[rng.randrange(w), rng.randrange(h)] = rng.randrange(0, 160)
        images.append(image.filter(ImageFilter.GaussianBlur(0.4)))
    document.close()
    images[0].save(str(out_path), save_all=True, append_images=images[1:], resolution=dpi)


# --- Gold for a rendering whose lines are only known from its reader (PDF, DOCX).


def write_rendering_gold(folder, prefix: str, path, source: str, gold_dir) -> None:
    """The gold of sample `prefix` for its rendering `path` in `folder`, as `gongbao eval --gold`
    reads it: documents carried over by their text (map_gold_by_text on what the reader gives),
    tasks and the indicator table as they are (matched by content)."""
    import json
    from pathlib import Path

    from gongbao.read import read_source

    gold = json.loads((Path(gold_dir) / f"{prefix}.docs.json").read_text(encoding="utf-8"))
    lines = read_source(path).text.split("\n")
    mapped = [{**g, "seed": Path(path).name} for g in map_gold_by_text(gold, source, lines)]
    (Path(folder) / f"{prefix}.docs.json").write_text(json.dumps(mapped, ensure_ascii=False), encoding="utf-8")
    for kind in ("tasks", "indicators"):
        extra = Path(gold_dir) / f"{prefix}.{kind}.json"
        if extra.is_file():
            entries = json.loads(extra.read_text(encoding="utf-8"))
            if kind == "tasks":
                entries = [{**e, "seed": Path(path).name} for e in entries]
            (Path(folder) / f"{prefix}.{kind}.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def assert_parses_as_the_samples(folder, field_floor: float = 0.98, span_floor: float = 0.98) -> None:
    """Every document found, every field at its floor, the indicator table's cells and the gold
    tasks (F1) at 0.97 or more: a rendering parses as the text samples do."""
    from gongbao.cli.eval_commands import evaluate_gold
    from gongbao.evaluate import DOC_FIELDS, total
    from gongbao.evaluate.tasks import total_tasks

    scores, tables, tasks = evaluate_gold(folder, [folder])
    overall = total(scores)
    assert overall.found == overall.gold_docs and overall.extra == 0, overall.errors
    for name in DOC_FIELDS:
        assert overall.accuracy(name) >= (span_floor if name.startswith("line_") else field_floor), (name, overall.errors)
    if tables:
        assert sum(t.exact for t in tables) / sum(t.cells for t in tables) >= 0.98
    summary = total_tasks(tasks)
    assert 2 * summary.matched / (summary.gold_tasks + summary.found_tasks) >= 0.97 and summary.unit_f1 >= 0.97, summary.as_dict()
