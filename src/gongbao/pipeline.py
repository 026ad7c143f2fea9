"""The parse pipeline, top to bottom: read → repair layout → segment → structure → extract.

A file is parsed whole; a text file too large to hold (read.stream) is parsed window by window,
and each window gives the documents it surely holds (`parse_parts`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace

from gongbao.extract import extract
from gongbao.layout import repair
from gongbao.models import ContentsEntry, GazetteIssue, ParsedFile, SourceText
from gongbao.read import decode_bytes, read_source
from gongbao.read.stream import TextStream, open_stream
from gongbao.segment import contents_warnings, segment
from gongbao.structure import structure


def parse_file(path: str | os.PathLike[str]) -> ParsedFile:
    """Parse one gazette file. Raises gongbao.read.ReadError for unreadable input."""
    parts = list(parse_parts(path))
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    return ParsedFile(
        source=first.source,
        gazette=first.gazette,
        documents=[d for part in parts for d in part.documents],
        contents=first.contents,
        warnings=[w for part in parts for w in part.warnings],
    )


def parse_parts(
    path: str | os.PathLike[str],
    *,
    stream_from: int | None = None,
    window_bytes: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[ParsedFile]:
    """The file parsed, as one ParsedFile; a text file of `stream_from` bytes or more as several,
    one a window, each with the documents found whole in it (memory bounded by the window).
    The parts share the file's name, hash and gazette issue; the first carries the cover.
    `on_progress` is told the bytes read so far as a stream goes on. The sizes default to
    read.stream's STREAM_FROM and WINDOW_BYTES."""
    stream = open_stream(path, stream_from)
    if stream is None:
        yield finish(parse_source(read_source(path)))
    else:
        yield from _parse_stream(stream, window_bytes, on_progress or (lambda _: None))


def parse_bytes(data: bytes, name: str) -> ParsedFile:
    return finish(parse_source(decode_bytes(data, name=name)))


def parse_source(source: SourceText, contents: list[ContentsEntry] | None = None) -> ParsedFile:
    return locate(extract(structure(segment(repair(source), contents))))


def finish(parsed: ParsedFile) -> ParsedFile:
    parsed.warnings.extend(contents_warnings(parsed.contents, {d.doc_number for d in parsed.documents}))
    return parsed


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


def _parse_stream(stream: TextStream, window_bytes: int | None, on_progress: Callable[[int], None]) -> Iterator[ParsedFile]:
    """Windows of whole lines, parsed in turn. A window gives its documents but the last two: the
    last may go on in the next window, and the one before it needs its neighbour whole (a 政策咨询
    box printed inside the next head is its). The next window starts at the head of the last
    document given, parsed again as context for the next one (its box decisions need it) and not
    given twice. A window with nothing to give grows until its new text is as long as the old, so
    that a document longer than a window costs linear time, not quadratic."""
    source = SourceText(name=stream.name, path=stream.path, sha256=stream.sha256, size=stream.size, encoding=stream.encoding, text="")
    # The first window's cover (gazette issue) and 目录 stand for the file.
    gazette: GazetteIssue | None = None
    contents: list[ContentsEntry] | None = None
    carry, carry_first_line, fresh = "", 1, []
    given_through = 0  # the first line of the last document given
    numbers: set[str | None] = set()
    given_boxes: set[int] = set()  # lines of the 政策咨询 entries the window before gave out
    pending_warnings = list(stream.warnings)
    chunks = stream.chunks(window_bytes)
    chunk = next(chunks, None)
    while chunk is not None:
        text, warnings, done = chunk
        on_progress(done)
        fresh.append(text)
        pending_warnings.extend(warnings)
        chunk = next(chunks, None)
        final = chunk is None
        if not final and sum(map(len, fresh)) < len(carry):
            continue
        window = carry + "".join(fresh)
        fresh = []
        part = parse_source(replace(source, text=window, first_line=carry_first_line), contents)
        documents = part.documents
        keep = len(documents) if final else len(documents) - 2
        given = [d for d in documents[:keep] if d.line_start > given_through]
        if not given and not final:  # nothing surely whole yet: read on
            carry = window
            continue
        if gazette is None:
            gazette, contents = part.gazette, part.contents
        for doc in given:
            doc.consultation = [c for c in doc.consultation if c.line is None or c.line not in given_boxes]
        given_boxes = {c.line for doc in given for c in doc.consultation if c.line is not None}
        numbers.update(d.doc_number for d in given)
        if not final:
            given_through = given[-1].line_start
            carry = _lines_from(window, given_through - carry_first_line)
            carry_first_line = given_through
        warnings = [*pending_warnings, *(contents_warnings(part.contents, numbers) if final else [])]
        pending_warnings = []
        yield ParsedFile(source=part.source, gazette=gazette, documents=given, contents=part.contents, warnings=warnings)


def _lines_from(text: str, k: int) -> str:
    """`text` from its line `k` (0-based) on."""
    at = 0
    for _ in range(k):
        at = text.index("\n", at) + 1
    return text[at:]

