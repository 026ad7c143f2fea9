"""The parse pipeline, top to bottom: read → repair layout → segment → structure → extract."""

from __future__ import annotations

import os

from gongbao.extract import extract
from gongbao.layout import repair
from gongbao.models import ParsedFile
from gongbao.read import decode_bytes, read_source
from gongbao.segment import segment
from gongbao.structure import structure


def parse_file(path: str | os.PathLike[str]) -> ParsedFile:
    """Parse one gazette file. Raises gongbao.read.ReadError for unreadable input."""
    return locate(extract(structure(segment(repair(read_source(path))))))


def parse_bytes(data: bytes, name: str) -> ParsedFile:
    return locate(extract(structure(segment(repair(decode_bytes(data, name=name))))))


def locate(parsed: ParsedFile) -> ParsedFile:
    """Each document's pages (PDF) or body elements (DOCX), from what the reader noted per line."""
    for name, per_line in (("pages", parsed.source.line_pages), ("paragraphs", parsed.source.line_paragraphs)):
        if per_line:
            for doc in parsed.documents:
                first, last = (per_line[min(n, len(per_line)) - 1] for n in (doc.line_start, doc.line_end))
                doc.place = {name: [first, last]}
    return parsed


def parse_text(text: str, name: str = "<text>") -> ParsedFile:
    return parse_bytes(text.encode("utf-8"), name)
