"""Stage 4 — structure: each document's outline and tables."""

from __future__ import annotations

from gongbao import patterns as P
from gongbao.models import Document, ParsedFile
from gongbao.structure.outline import build_outline
from gongbao.structure.loose_tables import find_loose_indicator_tables
from gongbao.structure.spaced_tables import find_spaced_indicator_tables
from gongbao.structure.tables import find_tables

__all__ = ["build_outline", "find_tables", "structure", "structure_document"]


def structure(parsed: ParsedFile) -> ParsedFile:
    for doc in parsed.documents:
        structure_document(doc)
    return parsed


def structure_document(doc: Document) -> Document:
    start = _body_start(doc)
    doc.outline = build_outline(
        doc.paragraphs, start, issued_titles=issued_titles(doc, start), attachment_list=[a.line for a in doc.attachments if a.line]
    )
    doc.tables = find_tables(doc.paragraphs) + find_loose_indicator_tables(doc.lines) + find_spaced_indicator_tables(doc.lines)
    _link_attachments(doc)
    return doc


def _link_attachments(doc: Document) -> None:
    """The 附件 list of the body, linked to the attachment bodies printed after it (附件 N nodes)."""
    bodies = [n for n in doc.outline if n.kind == "attachment"]
    for n, attachment in enumerate(doc.attachments):
        body = next((b for b in bodies if b.number == attachment.label), None)
        if body is None and len(bodies) == len(doc.attachments):
            body = bodies[n]  # 附件 / 附件1 printed without or with a number the list did not use
        if body is not None:
            attachment.body_start, attachment.body_end = body.line_start, body.line_end


def issued_titles(doc: Document, body_start: int) -> list[str]:
    """What an 印发 notice issues: the 《titles》 of its text before the body, and the title's
    关于印发X和Y的通知 split at 和 where both halves are plan names."""
    titles = [t for para in doc.paragraphs[:body_start] for t in P.QUOTED_TITLE.findall(para.text)]
    m = P.ISSUING_TITLE.search(doc.title or "")
    if m:
        titles.append(m["what"])
        titles += [part for part in m["what"].split("和") if P.PLAN_NAME_END.search(part)]
    return titles


def _body_start(doc: Document) -> int:
    """Index of the first paragraph after the 附注 （此件公开发布）, or 0 when there is none."""
    for n, para in enumerate(doc.paragraphs):
        if P.DISCLOSURE.match(para.text):
            return n + 1
    return len(doc.paragraphs)
