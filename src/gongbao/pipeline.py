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
    return extract(structure(segment(repair(read_source(path)))))


def parse_bytes(data: bytes, name: str) -> ParsedFile:
    return extract(structure(segment(repair(decode_bytes(data, name=name)))))


def parse_text(text: str, name: str = "<text>") -> ParsedFile:
    return parse_bytes(text.encode("utf-8"), name)
