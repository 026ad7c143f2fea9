"""The gazette's table of contents (目录): title, 发文字号 and page of each document it lists.

Entries come as `- 关于…的通知(吕政发〔2021〕6号).....1`, `关于…的通知 (吕政办发〔2021〕41号)·····<TAB>153`
or `吕梁市人民政府关于…的通知（吕政函〔2022〕3号）…………… 1`, and a long title can wrap so that
the number stands on the next line. The contents let us cross-check what segmentation found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from gongbao import patterns as P
from gongbao.models import ContentsEntry, Line
from gongbao.normalize import doc_number, squash

_LEADER_AND_PAGE = re.compile(r"[\s.·…．。\-—_]*\s*(?P<page>\d{1,4})?\s*$")
_SECTION = re.compile(rf"^[{P.CJK}]{{2,12}}文件$")  # 市政府文件 · 市政府办公室文件
_OPEN = "（("
_CLOSE = "）)"


def read_contents(lines: Sequence[Line]) -> list[ContentsEntry]:
    """Entries of the contents among `lines` (the part of the file before the first document)."""
    entries: list[ContentsEntry] = []
    section: str | None = None
    pending_title = ""
    for line in lines:
        text = line.text.strip()
        if _SECTION.match(squash(text) or ""):
            section = squash(text)
            pending_title = ""
            continue
        m = P.DOC_NUMBER.search(text)
        if not m:
            # A wrapped title: its number follows on a later line.
            pending_title = pending_title + text if "关于" in text or pending_title else ""
            continue
        before = text[: m.start()].rstrip().rstrip(_OPEN).rstrip()
        after = text[m.end():].lstrip(_CLOSE)
        page = _LEADER_AND_PAGE.fullmatch(after)
        if page is None:
            pending_title = ""
            continue  # a number inside running text, not a contents entry
        title = squash(pending_title + before) or ""
        pending_title = ""
        if not title:
            continue
        entries.append(
            ContentsEntry(
                doc_number=doc_number(m.group(0)) or m.group(0),
                title=title,
                page=int(page["page"]) if page["page"] else None,
                section=section,
                line=line.no,
            )
        )
    return entries
