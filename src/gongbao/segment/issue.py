"""The gazette issue: name, year and number, 总第N期, publishing date (cover and running headers),
and what its 目录 lists that no document matched."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from gongbao import patterns as P
from gongbao.models import ContentsEntry, GazetteIssue, Line
from gongbao.normalize import iso_date


def contents_warnings(contents: Sequence[ContentsEntry], found: Collection[str | None]) -> list[str]:
    """What the 目录 lists that none of the `found` document numbers is."""
    return [
        f"目录列有 {c.doc_number}（{c.title}，第 {c.page} 页），正文中却没有找到这份文件"
        for c in contents
        if c.doc_number not in found
    ]


def read_gazette_issue(lines: Sequence[Line], first_doc_line: int, running_headers: Sequence[str]) -> GazetteIssue:
    issue = GazetteIssue()
    cover = [line.text for line in lines if line.no < first_doc_line]
    for text in [*cover, *running_headers]:
        if issue.name is None:
            issue.name = next((t for t in text.split() if P.GAZETTE_NAME.fullmatch(t)), None)
        if issue.year is None and (m := P.ISSUE_YEAR_NO.search(text) or P.ISSUE_DOT.search(text)):
            issue.year, issue.number = int(m["y"]), int(m["n"])
        if issue.total_number is None and (m := P.ISSUE_TOTAL.search(text)):
            issue.total_number = int(m["t"])
            if issue.published is None:
                issue.published = iso_date(text)
        if issue.published is None and "出版" in text:
            issue.published = iso_date(text)
    return issue
