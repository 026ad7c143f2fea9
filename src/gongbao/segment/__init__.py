"""Stage 3 — segment: repaired lines → the gazette issue and its official documents (公文).

A document begins with its head: the title (issuer + 关于… + 文种, possibly wrapped over several
lines) next to its 发文字号, then the 主送机关 line. It ends where the next head begins. Inside,
we read the GB/T 9704 elements: 成文日期 under the signature, the 附注 （此件公开发布）, the
附件 list. The gazette's 政策咨询 blocks are printed at the bottom of the page where a document
ends, which in a PDF dump can be inside the next document's head; `consultation` decides which
document each block belongs to.
"""

from __future__ import annotations

__all__ = ["Head", "contents_warnings", "find_heads", "read_gazette_issue", "segment"]

from gongbao.models import ContentsEntry, Document, GazetteIssue, Layout, ParsedFile
from gongbao.normalize import squash
from gongbao.segment.consultation import assign_blocks, find_blocks
from gongbao.segment.contents import read_contents
from gongbao.segment.document import colophon_start, headless_document, read_document
from gongbao.segment.heads import Head, confirmed_by_contents, find_heads, recovered_from_contents
from gongbao.segment.issue import contents_warnings, read_gazette_issue
from gongbao.segment.pages import fill_from_page_metadata, head_from_page_metadata, start_at_page_title


def segment(layout: Layout, contents: list[ContentsEntry] | None = None) -> ParsedFile:
    """The documents of a file; or of a later window of a file read as a stream, when `contents`
    (its first window's 目录) is given: such a window has no cover, and is not one document."""
    lines = layout.lines
    blocks = find_blocks(lines)
    in_block = {i for b in blocks for i in range(b.first, b.last + 1)}
    heads = find_heads(lines, in_block)
    continued = contents is not None
    if contents is None:
        contents = read_contents(lines[: heads[0].start]) if heads else []
    heads = confirmed_by_contents(heads, contents, lines, in_block)
    heads = recovered_from_contents(heads, contents, lines, in_block)
    if not heads and (meta_title := layout.page_metadata.get("标题") or layout.page_metadata.get("名称")):
        heads = head_from_page_metadata(lines, in_block, squash(meta_title) or "")
    colophon_from = colophon_start(lines, heads[-1].number or heads[-1].title_end if heads else 0)
    source = layout.source
    documents: list[Document] = []
    spans: list[tuple[int, int]] = []
    for k, head in enumerate(heads):
        end = heads[k + 1].start - 1 if k + 1 < len(heads) else colophon_from - 1
        # A document runs up to the line before the next head (page furniture included); the
        # last one up to its last line before the colophon.
        end_no = lines[heads[k + 1].start].no - 1 if k + 1 < len(heads) else lines[end].no
        documents.append(read_document(layout, head, end, end_no, in_block))
        spans.append((head.start, end))
    if not heads:
        documents = [headless_document(layout, in_block, colophon_from)]
        spans = [(0, colophon_from - 1)]
    for doc_index, block in assign_blocks(blocks, spans, lines, [d.text for d in documents]):
        documents[doc_index].consultation.extend(block.entries)
    if len(documents) == 1 and layout.page_metadata and not continued:
        fill_from_page_metadata(documents[0], layout.page_metadata)
    if len(documents) == 1 and heads and not continued:
        start_at_page_title(documents[0], lines, heads[0].start)
    # The cover is what comes before the first head; a file without heads has only running headers.
    first_doc_line = lines[heads[0].start].no if heads else 0
    gazette = GazetteIssue() if continued else read_gazette_issue(lines, first_doc_line, layout.running_headers)
    return ParsedFile(source=source, gazette=gazette, documents=documents, contents=contents, warnings=list(source.warnings))
