"""DOCX (a department's circulated document) → the gazette's text, read with python-docx.

The body in document order: each paragraph a line (with the label Word's automatic numbering
prints before it — 一、 （一） 1. — which is not in the paragraph's text), text boxes after the
paragraph that anchors them, each table row a line of tab-separated cells (a cell merged across
columns once). Page headers and footers are not the document's text and are left out. Each line
remembers the index of its body element (SourceText.line_paragraphs).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from gongbao.models import SourceText

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_XML_BYTES = 64 * 1024 * 1024  # word/document.xml expanded: a zip bomb stops here
_CN_DIGITS = "零一二三四五六七八九"


def is_docx(data: bytes) -> bool:
    """A ZIP archive holding word/document.xml."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def read_docx(data: bytes, *, name: str, path: str) -> SourceText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from gongbao.read import ReadError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = z.getinfo("word/document.xml").file_size
        if size > MAX_XML_BYTES:
            raise ReadError(path, f"DOCX 解压后文字达 {size // 1024 // 1024} MiB，不像公报")
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, PackageNotFoundError, ValueError, SyntaxError) as err:  # lxml: XMLSyntaxError
        raise ReadError(path, f"无法读取的 DOCX（{err}）") from None
    numbering = _Numbering(document)
    lines: list[str] = []
    origins: list[int] = []
    for index, (kind, element) in enumerate(_body(document)):
        for text in _table_rows(element) if kind == "table" else _paragraph_lines(element, numbering):
            if lines:
                lines.append("")  # a blank line between paragraphs, as converters print them
                origins.append(index)
            lines.append(text)
            origins.append(index)
    text = "\n".join(lines) + "\n"
    if not text.strip():
        raise ReadError(path, "DOCX 中没有文字")
    return SourceText(
        name=name, path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), encoding="docx", text=text,
        line_paragraphs=(*origins, origins[-1] if origins else 0), original=data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )  # fmt: skip


def _body(document: Any) -> Iterator[tuple[str, Any]]:
    """Paragraphs and tables of the body, in order."""
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            yield "paragraph", child
        elif child.tag == f"{W}tbl":
            yield "table", child


def _paragraph_lines(p: Any, numbering: _Numbering) -> list[str]:
    """The paragraph's text with its automatic number; then the paragraphs of its text boxes."""
    own = "".join(t.text or "" for t in p.iter(f"{W}t") if not _in_textbox(t, p))
    label = numbering.label(p)
    out = [f"{label}{own}"] if (label or own).strip() else []
    for box in p.iter(f"{W}txbxContent"):
        for inner in box.iter(f"{W}p"):
            text = "".join(t.text or "" for t in inner.iter(f"{W}t"))
            if text.strip():
                out.append(text)
    return out


def _in_textbox(node: Any, stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == f"{W}txbxContent":
            return True
        parent = parent.getparent()
    return False


def _table_rows(tbl: Any) -> list[str]:
    """Each row's cells, tab-separated; a cell spanning columns (gridSpan) once, the columns it
    covers empty after it; a cell continuing a vertical merge empty. A table of one column is a
    frame: its paragraphs are lines."""
    if all(len(tr.findall(f"{W}tc")) <= 1 for tr in tbl.iter(f"{W}tr")):
        # One column: a frame around text (a 政策咨询 box), not a table: its paragraphs as lines.
        return [text for p in tbl.iter(f"{W}p") if (text := "".join(t.text or "" for t in p.iter(f"{W}t")).strip())]
    rows = []
    for tr in tbl.iter(f"{W}tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span = 1
            continued = False
            if props is not None:
                grid = props.find(f"{W}gridSpan")
                span = int(grid.get(f"{W}val", "1")) if grid is not None else 1
                merge = props.find(f"{W}vMerge")
                continued = merge is not None and merge.get(f"{W}val") in (None, "continue")
            text = "" if continued else "".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p"))
            cells += [text.strip()] + [""] * (span - 1)
        if any(cells):
            rows.append("\t".join(cells))
    return rows


class _Numbering:
    """Word's automatic numbering: the label each numbered paragraph prints (一、 （一） 1. …)."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → (format, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError):
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                )
            abstract[a.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                for ilvl, level in abstract.get(ref.get(f"{W}val", ""), {}).items():
                    self.levels[(num.get(f"{W}numId", ""), ilvl)] = level

    def label(self, p: Any) -> str:
        props = p.find(f"{W}pPr")
        num = props.find(f"{W}numPr") if props is not None else None
        if num is None:
            return ""
        num_id = num.find(f"{W}numId")
        ilvl = num.find(f"{W}ilvl")
        key = num_id.get(f"{W}val", "") if num_id is not None else ""
        level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        if key == "0" or (key, level) not in self.levels:
            return ""
        counters = self.counters.setdefault(key, [0] * 9)
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0  # a new 一、 restarts its （一）
        fmt, text, start = self.levels[(key, level)]
        if fmt == "bullet" or fmt == "none":
            return ""
        label = text
        for k in range(level + 1):
            kfmt, _, kstart = self.levels.get((key, k), ("decimal", "", 1))
            label = label.replace(f"%{k + 1}", _format(kstart + max(counters[k], 1) - 1, kfmt))
        return label


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting", "chineseLegalSimplified"):
        return _chinese(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return str(n)


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as list labels print them)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else "零" + _CN_DIGITS[rest] if rest < 10 else "一" + _chinese(rest) if rest < 20 else _chinese(rest)
    return _CN_DIGITS[n // 100] + "百" + tail
