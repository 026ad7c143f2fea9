"""What the store writes for search when it stores a document: passages, units, index tokens."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gongbao import patterns as P
from gongbao.models import Document, OutlineNode
from gongbao.search.tokens import Tokenizer
from gongbao.store.fulltext import IndexedDocument
from gongbao.store.schema import PASSAGES_PER_DOCUMENT

PATH_SEPARATOR = " › "
HEADING_CHARS = 24  # of a node's heading in a path


@dataclass
class DocumentIndex:
    passages: list[dict[str, Any]]  # PassageRow values
    units: list[dict[str, Any]]  # DocumentUnitRow values
    number: dict[str, Any] | None  # DocumentNumberRow values
    fulltext: IndexedDocument


def index_document(document_id: int, doc: Document, tokenizer: Tokenizer) -> DocumentIndex:
    passages: list[dict[str, Any]] = []
    token_lists: list[tuple[int, list[str]]] = []
    for seq, para in enumerate(doc.paragraphs[:PASSAGES_PER_DOCUMENT]):
        pid = document_id * PASSAGES_PER_DOCUMENT + seq
        passages.append(
            {"id": pid, "document_id": document_id, "seq": seq, "line_start": para.line_start, "line_end": para.line_end,
             "path": outline_path(doc.outline, para.line_start), "text": para.text}
        )  # fmt: skip
        token_lists.append((pid, tokenizer.tokens(para.text)))
    counts: Counter[str] = Counter()
    for task in doc.tasks:
        counts.update({unit for unit in task.unit_ids if unit})
    units = [{"document_id": document_id, "unit": unit, "tasks": n} for unit, n in sorted(counts.items())]
    title = tokenizer.tokens(doc.title or "") + tokenizer.tokens(doc.doc_number or "")
    m = P.DOC_NUMBER.fullmatch(doc.doc_number or "")
    number = {"document_id": document_id, "prefix": m["prefix"], "year": int(m["year"]), "seq": int(m["seq"])} if m else None
    return DocumentIndex(passages, units, number, IndexedDocument(document_id, title, token_lists))


def outline_path(outline: Sequence[OutlineNode], line: int) -> str | None:
    """The outline path of the deepest node whose line span holds a line: 二、… › （一）…"""
    labels: list[str] = []
    nodes = outline
    while node := next((n for n in nodes if n.line_start <= line <= n.line_end), None):
        if node.kind != "title":  # the issued plan's title is the document, not a part of it
            labels.append(_label(node))
        nodes = node.children
    return PATH_SEPARATOR.join(labels) or None


def _label(node: OutlineNode) -> str:
    heading = node.heading if len(node.heading) <= HEADING_CHARS else node.heading[:HEADING_CHARS] + "…"
    return f"{node.number}{heading}" if node.number else heading
