"""What a web page adds to its one document: the metadata box (发文字号, 成文日期, 标题) standing in
for what the text does not print, and an order's page title."""

from __future__ import annotations

import re
from collections.abc import Sequence

from gongbao import patterns as P
from gongbao.models import Document, Line
from gongbao.normalize import doc_number, iso_date, squash
from gongbao.segment.heads import Head


def head_from_page_metadata(lines: Sequence[Line], in_block: set[int], title: str) -> list[Head]:
    """A page that prints its title only in its metadata box (标题：…) and the 文号 above the text."""
    if not P.TITLE_END.search(title):
        return []
    for i, line in enumerate(lines[:40]):
        if i not in in_block and P.DOC_NUMBER_LINE.match(line.text):
            return [Head(start=i, title_end=i, number=i, title=title, number_text=line.text)]
    return []


def fill_from_page_metadata(doc: Document, meta: dict[str, str]) -> None:
    """A web page's metadata box stands in for what the document's own text does not print."""

    def first(*labels: str) -> str | None:
        return next((meta[label] for label in labels if meta.get(label)), None)

    filled = []
    if doc.doc_number is None and (number := doc_number(first("发文字号", "文号", "文件编号") or "")):
        doc.doc_number, doc.original["doc_number"] = number, first("发文字号", "文号", "文件编号")
        filled.append("发文字号")
    if doc.signed_date is None and (date := _meta_date(first("成文日期", "发文日期") or "")):
        doc.signed_date, doc.original["signed_date"] = date, first("成文日期", "发文日期")
        filled.append("成文日期")
        doc.warnings = [w for w in doc.warnings if w != "no 成文日期 found"]
    if doc.issuer is None and (issuer := first("发文机关", "发布部门", "发文单位")):
        doc.issuer = squash(issuer)
        filled.append("发文机关")
    if filled:
        doc.warnings.append(f"取自网页的元数据：{'、'.join(filled)}")


def start_at_page_title(doc: Document, lines: Sequence[Line], head_start: int) -> None:
    """An order's page prints the rules' name above the order (above the site's metadata box or
    byline): the document starts there."""
    if head_start == 0:
        return
    above = lines[head_start - 1]
    if doc.doc_type == "命令" and squash(above.text) == doc.title:
        doc.line_start = above.no  # an order's page, titled by the rules it publishes


def _meta_date(text: str) -> str | None:
    """2022年08月15日 · 2022-08-15 · 2015.03.20 (sites write dates many ways)."""
    m = re.search(r"((?:19|20)\d\d)\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})", text)
    return iso_date(f"{m[1]}年{int(m[2])}月{int(m[3])}日") if m else iso_date(text)
