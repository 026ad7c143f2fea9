"""The outline of a document, detected from its text (never from markdown levels or line breaks).

Official documents number their parts in a fixed hierarchy: 第X章 › 第X节 › 第X条 for regulations
and plans, 一、 › （一） › 1. › （1） › ① for everything. 专栏 boxes hang under the part they are
printed in; 附件 N opens a new top-level part. Numbering gaps or disorder in the source are kept
and flagged on the node, never renumbered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import cn2an

from gongbao import patterns as P
from gongbao.models import OutlineNode, Paragraph
from gongbao.normalize import squash


@dataclass(frozen=True)
class Marker:
    kind: str
    rank: int  # smaller = higher in the hierarchy
    pattern: re.Pattern[str]


# Order matters: 第X章 before 一、 (both may start with CJK numerals).
MARKERS = (
    Marker("attachment", 0, P.compiled(P.OUTLINE_ATTACHMENT)),
    Marker("chapter", 1, P.compiled(P.OUTLINE_CHAPTER)),
    Marker("section", 2, P.compiled(P.OUTLINE_SECTION)),
    Marker("article", 3, P.compiled(P.OUTLINE_ARTICLE)),
    Marker("cn", 4, P.compiled(P.OUTLINE_CN)),
    Marker("paren_cn", 5, P.compiled(P.OUTLINE_PAREN_CN)),
    Marker("arabic", 6, P.compiled(P.OUTLINE_ARABIC)),
    Marker("paren_arabic", 7, P.compiled(P.OUTLINE_PAREN_ARABIC)),
    Marker("circled", 8, P.compiled(P.OUTLINE_CIRCLED)),
    Marker("box", 9, P.compiled(P.OUTLINE_BOX)),
)
TITLE_RANK = 0  # the plan an 印发 notice issues; 附件 N are its siblings
PLAN_TITLE_MAX = 60
MAX_HEADING_CHARS = 40
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def build_outline(
    paragraphs: Sequence[Paragraph],
    body_start: int = 0,
    *,
    issued_titles: Sequence[str] = (),
    attachment_list: Sequence[int] = (),
) -> list[OutlineNode]:
    """Nodes nested by rank; each node's `text` is its own paragraphs (children excluded).

    `body_start` is the index of the first paragraph after the document's head and 附注: a short
    unpunctuated line there is the title of the plan an 印发 notice issues (a `title` node), and so
    is any later paragraph that is one of `issued_titles` (a notice issuing two plans prints the
    second after the first one's 附件). The 附件 list (paragraphs starting at the lines
    `attachment_list`) closes the main text: its items are no items of the last heading.
    """
    roots: list[OutlineNode] = []
    stack: list[tuple[float, OutlineNode]] = []
    decimal = _uses_decimal_sections(paragraphs)
    issued = {squash(t) for t in issued_titles if t}
    list_lines = set(attachment_list)
    in_list = False
    for n, para in enumerate(paragraphs):
        listing = P.ATTACHMENT_LIST.match(para.text)
        if listing and not listing["rest"].strip() and not (n + 1 < len(paragraphs) and P.ATTACHMENT_ITEM.match(paragraphs[n + 1].text)):
            listing = None  # 附件： alone, its title below: the head of an attachment's body
            para = Paragraph(text=para.text.rstrip(":： "), line_start=para.line_start, line_end=para.line_end)
        if para.line_start in list_lines or listing:
            stack.clear()
            in_list = True
            continue
        if in_list and P.ATTACHMENT_ITEM.match(para.text):
            continue  # 2. 吕梁市区城市公交运营服务质量考核办法: an entry of the 附件 list
        in_list = False
        if n > body_start and issued and squash(para.text) in issued and not _match(para.text):
            node = OutlineNode(kind="title", number=None, value=None, heading=close_cjk_gaps(para.text), text="",
                               line_start=para.line_start, line_end=para.line_end)
            roots.append(node)
            stack[:] = [(TITLE_RANK, node)]
            continue
        found = _match(para.text, decimal)
        if found is None and stack and stack[-1][1].kind == "attachment" and not stack[-1][1].heading:
            stack[-1][1].heading = close_cjk_gaps(para.text)  # 附件 1 / <its title> / <its body>
            stack[-1][1].line_end = para.line_end
            continue
        if found is None and n >= body_start and _is_plan_title(para.text, n, body_start, stack):
            node = OutlineNode(kind="title", number=None, value=None, heading=close_cjk_gaps(para.text), text="",
                               line_start=para.line_start, line_end=para.line_end)
            roots.append(node)
            stack[:] = [(TITLE_RANK, node)]
            continue
        if found is None:
            if stack:
                node = stack[-1][1]
                node.text = f"{node.text}\n{para.text}" if node.text else para.text
                node.line_end = max(node.line_end, para.line_end)
            continue
        marker, m = found
        node = _node(marker, m, para)
        if marker.kind == "box":
            # A box is a leaf of the part it is printed in; what follows it goes on in that part.
            parent = stack[-1][1] if stack else None
            (parent.children if parent else roots).append(node)
            continue
        while stack and stack[-1][0] >= marker.rank:
            stack.pop()
        siblings = stack[-1][1].children if stack else roots
        if node.heading and not node.text and _cut_sentence(node, siblings):
            node.heading, node.text = "", node.heading
        siblings.append(node)
        stack.append((marker.rank, node))
    _close_spans(roots)
    _flag_numbering(roots)
    return roots


def _cut_sentence(node: OutlineNode, siblings: list[OutlineNode]) -> bool:
    """An item printed all on one short line among items that are sentences is a sentence cut by
    a page break (3. 各县（市、区）及有关部门务于每 / 年11月底前…), not a heading."""
    prev = next((s for s in reversed(siblings) if s.kind == node.kind), None)
    return (
        node.kind in ("arabic", "paren_arabic", "circled")
        and prev is not None
        and (not prev.heading and prev.text.rstrip().endswith(("。", "；", ";")) or "，" in prev.heading)
        and "，" not in node.heading
        and len(node.heading) >= 8
    )


def _is_plan_title(text: str, n: int, body_start: int, stack: list[tuple[int, OutlineNode]]) -> bool:
    """The first paragraph of the body, short and unpunctuated: 吕梁市…实施方案."""
    if n != body_start or stack:
        return False
    return len(text) <= PLAN_TITLE_MAX and not re.search(r"[。，；：:,;]", text)


def _match(text: str, decimal: bool = False) -> tuple[Marker, re.Match[str]] | None:
    for marker in MARKERS:
        m = marker.pattern.match(text)
        if m:
            return marker, m
    if decimal and (m := P.OUTLINE_DECIMAL.match(text)) and _decimal_heading(m, text):
        depth = 1 + (m["sub"] or "").count(".") + (m["sub"] or "").count("．")
        # 1 总则 ranks with 一、; 1.1 and 1.1.1 below it, above （一） and 1.
        return Marker("decimal", DECIMAL_RANK + DECIMAL_STEP * (depth - 1), P.OUTLINE_DECIMAL), m
    return None


DECIMAL_RANK = 4
DECIMAL_STEP = 0.25
MIN_DECIMAL_SECTIONS = 2
DECIMAL_HEADING_MAX = 24


def _decimal_heading(m: re.Match[str], text: str) -> bool:
    """2 应急指挥体系 is a heading; 1 地区生产总值 1538 2238 (a table row) and sentences are not."""
    rest = text[m.end():].strip()
    if m["sub"]:
        return bool(rest)
    return len(rest) <= DECIMAL_HEADING_MAX and not re.search(r"[\d\s。，；,;]", rest)


def _uses_decimal_sections(paragraphs: Sequence[Paragraph]) -> bool:
    """Decimal numbers are sections only in a text that numbers some of them 2.1, 2.2 …"""
    dotted = 0
    for para in paragraphs:
        m = P.OUTLINE_DECIMAL.match(para.text)
        if m and m["sub"] and _decimal_heading(m, para.text):
            dotted += 1
            if dotted >= MIN_DECIMAL_SECTIONS:
                return True
    return False


def _node(marker: Marker, m: re.Match[str], para: Paragraph) -> OutlineNode:
    number = P.WHITESPACE.sub("", m["number"]) if m["number"] else None
    rest = para.text[m.end():].strip()
    heading, body = _heading(rest, marker.kind)
    return OutlineNode(
        kind=marker.kind,
        number=number,
        value=_value(re.split(r"[.．]", number or "")[-1]) if marker.kind == "decimal" else _value(m["value"]) if m["value"] else None,
        heading=heading,
        text=body,
        line_start=para.line_start,
        line_end=para.line_end,
    )


_CJK_GAP = re.compile(rf"(?<=[{P.CJK}“”《》（）])\s+(?=[{P.CJK}“”《》（）])")


def close_cjk_gaps(text: str) -> str:
    """A space between two CJK characters in a heading is a line break the converter kept."""
    return _CJK_GAP.sub("", text)


def _heading(rest: str, kind: str) -> tuple[str, str]:
    """（1）设备现状摸排。组织各县… → heading 设备现状摸排, text 组织各县…; a short line is all heading."""
    if kind in ("chapter", "section", "box", "attachment"):
        return close_cjk_gaps(rest), ""
    stop = re.search(r"[。；;：:]", rest)
    if stop and stop.start() <= MAX_HEADING_CHARS:
        return rest[: stop.start()], rest[stop.end():].strip()
    if len(rest) <= MAX_HEADING_CHARS and not stop:
        return rest, ""
    return "", rest


def _value(token: str) -> int | None:
    token = token.strip()
    if token in CIRCLED:
        return CIRCLED.index(token) + 1
    if token.isdigit():
        return int(token)
    try:
        return int(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError):
        return None


def _close_spans(nodes: list[OutlineNode]) -> None:
    for node in nodes:
        _close_spans(node.children)
        if node.children:
            node.line_end = max(node.line_end, max(c.line_end for c in node.children))


def _flag_numbering(nodes: list[OutlineNode]) -> None:
    """Within one parent, each kind counts 1, 2, 3…: flag gaps, repeats and disorder as printed."""
    last: dict[str, int] = {}
    for node in nodes:
        if node.value is not None and node.kind not in ("box",):
            prev = last.get(node.kind)
            expected = 1 if prev is None else prev + 1
            if node.value != expected:
                what = "repeats" if prev is not None and node.value == prev else "gap" if node.value > expected else "out of order"
                node.flags.append(f"numbering {what}: expected {expected}, printed {node.number}")
            last[node.kind] = node.value
        _flag_numbering(node.children)
