"""政策咨询 blocks: find them, read unit/phone pairs, and decide which document each belongs to.

The gazette prints a box (咨询单位 / 咨询电话, with 政策咨询 / 咨询与解读 / 政策解读 labels and QR
codes) at the bottom of the page where a document ends. In a markdown conversion it follows the
document's last words; in a PDF dump the page's text flow can put it after the head of the next
document, when that document began on the same page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from gongbao import patterns as P
from gongbao.models import Consultation, Line
from gongbao.normalize import squash

# Characters of text a printed page holds, roughly (16 开 page, full width or two columns), when
# the dump does not mark its pages.
PAGE_CHARS = 1000
MIN_PAGE_MARKS = 4
_INLINE_PHONE = re.compile(r"\s*咨询电话\s*[:：]?")
_PHONE_ONLY = re.compile(rf"^(?:\s*(?:{P.PHONE.pattern})\s*[、,，;；/\s]*)+$")


@dataclass
class ConsultBlock:
    first: int  # index into lines, labels included
    last: int
    unit_line: int
    entries: list[Consultation] = field(default_factory=list)


def find_blocks(lines: Sequence[Line]) -> list[ConsultBlock]:
    blocks: list[ConsultBlock] = []
    i = 0
    while i < len(lines):
        inline = P.CONSULT_INLINE.match(lines[i].text)
        if inline and not (blocks and i <= blocks[-1].last):
            phones = P.PHONE.findall(inline["phones"])
            if phones:
                unit = squash(inline["unit"]) or ""
                blocks.append(ConsultBlock(first=i, last=i, unit_line=i, entries=[Consultation(unit=unit, phone=p, line=lines[i].no) for p in phones]))
                i += 1
                continue
        m = P.CONSULT_UNIT.match(lines[i].text)
        if not m or (blocks and i <= blocks[-1].last):
            i += 1
            continue
        block = _read_block(lines, i, m["unit"])
        if block is not None:
            if blocks and block.first <= blocks[-1].last:
                block.first = blocks[-1].last + 1  # a label between two boxes: the first took it
            blocks.append(block)
            i = block.last + 1
        else:
            i += 1
    return blocks


def _read_block(lines: Sequence[Line], i: int, unit: str) -> ConsultBlock | None:
    units: list[str] = []
    phone_rows: list[list[str]] = []
    j = i + 1
    inline = _INLINE_PHONE.search(unit)
    if inline:  # 咨询单位：吕梁市发展和改革委员会 咨询电话：8237537 (a converter joined the lines)
        phones = P.PHONE.findall(unit[inline.end():])
        entries = [Consultation(unit=squash(unit[: inline.start()]) or "", phone=p, line=lines[i].no) for p in phones]
        return _with_labels(lines, i, i, entries) if entries and entries[0].unit else None
    if unit:
        units.append(squash(unit) or "")
        # 咨询单位：吕梁市治理非法超限超载车辆 / 工作领导小组办公室: a unit name wrapped onto the next line
        while j < len(lines) and j < i + 3 and not P.CONSULT_PHONE.match(lines[j].text) and _name_piece(lines[j].text):
            units[-1] += squash(lines[j].text) or ""
            j += 1
    else:  # table form: unit names on the lines below, then 咨询电话 and one phone row per unit
        while j < len(lines) and j < i + 12 and not P.CONSULT_PHONE.match(lines[j].text):
            units.append(squash(lines[j].text) or "")
            j += 1
    while j < len(lines) and j <= i + 13 and not P.CONSULT_PHONE.match(lines[j].text):
        j += 1
    if j >= len(lines) or not P.CONSULT_PHONE.match(lines[j].text):
        return None
    last = j
    inline = P.CONSULT_PHONE.match(lines[j].text)["phones"]
    if P.PHONE.search(inline):
        phone_rows.append(P.PHONE.findall(inline))
    else:
        k = j + 1
        while k < len(lines) and _PHONE_ONLY.match(lines[k].text) and len(phone_rows) < max(1, len(units)):
            phone_rows.append(P.PHONE.findall(lines[k].text))
            last = k
            k += 1
    entries = _pair(units, phone_rows, lines[i].no)
    return _with_labels(lines, i, last, entries) if entries else None


def _name_piece(text: str) -> bool:
    """The rest of a wrapped unit name: short, no punctuation, not a label."""
    t = text.strip()
    return 0 < len(t) <= 20 and not re.search(r"[，。；：:、]", t) and not P.CONSULT_LABEL.match(t)


def _with_labels(lines: Sequence[Line], first: int, last: int, entries: list[Consultation]) -> ConsultBlock:
    """The block widened over the labels printed above and below it (政策咨询, 政策解读 …)."""
    unit_line = first
    while first - 1 >= 0 and P.CONSULT_LABEL.match(lines[first - 1].text):
        first -= 1
    while last + 1 < len(lines) and P.CONSULT_LABEL.match(lines[last + 1].text):
        last += 1
    return ConsultBlock(first=first, last=last, unit_line=unit_line, entries=entries)


def _pair(units: list[str], phone_rows: list[list[str]], line_no: int) -> list[Consultation]:
    units = [u for u in units if u]
    if not units or not phone_rows:
        return []
    if len(units) == 1:
        return [Consultation(unit=units[0], phone=p, line=line_no) for row in phone_rows for p in row]
    out = []
    for n, unit in enumerate(units):
        row = phone_rows[n] if n < len(phone_rows) else []
        out.extend(Consultation(unit=unit, phone=p, line=line_no) for p in row)
    return out


def assign_blocks(
    blocks: Sequence[ConsultBlock],
    spans: Sequence[tuple[int, int]],
    lines: Sequence[Line],
    texts: Sequence[str],
) -> Iterator[tuple[int, ConsultBlock]]:
    """Yield (document index, block): each block goes to the document that ended on its page.

    Boxes printed together at one page bottom belong, in order, to the documents that ended on
    that page: the last box to the last of them.
    """
    marked = marks_pages(lines)
    placed: list[tuple[int, list[ConsultBlock], bool]] = []  # (document, cluster, inside its body)
    for cluster in _clusters(blocks):
        first, last = cluster[0], cluster[-1]
        k = next((n for n, (s, e) in enumerate(spans) if s <= first.first <= e), None)
        if k is None:
            continue
        anchor = k - 1 if k > 0 and _printed_in_next_head(first, last, spans[k], lines, texts[k - 1], texts[k], marked) else k
        placed.append((anchor, cluster, anchor == k and _inside_body(last, spans[k], lines)))
    # A document carries one box of its own, after its last words. A box standing inside a body
    # was put there by the page it ended on: it is the box of the document before, if that one
    # has none (the page can fall anywhere in the next document, not only in its head).
    holders = {anchor for anchor, _, _ in placed}
    for n, (anchor, cluster, inside) in enumerate(placed):
        if inside and anchor > 0 and anchor - 1 not in holders and len(cluster) == 1:
            placed[n] = (anchor - 1, cluster, False)
            holders.add(anchor - 1)
    # A box after a document that never names its unit, when a document just before (the ones
    # between short enough to share its page) does and has no box: the page carried it on.
    for n, (anchor, cluster, inside) in enumerate(placed):
        unit = _short_unit(cluster[0].entries[0].unit) if len(cluster) == 1 and cluster[0].entries else ""
        if not unit or unit in texts[anchor]:
            continue
        between = 0
        for k in range(anchor - 1, max(-1, anchor - 3), -1):
            between += len(texts[k + 1]) if k + 1 != anchor else 0
            if between > 3 * PAGE_CHARS or k in holders:
                break
            if unit in texts[k]:
                holders.discard(anchor)
                placed[n] = (k, cluster, False)
                holders.add(k)
                break
    for anchor, cluster, _ in placed:
        for n, block in enumerate(cluster):
            yield max(0, anchor - (len(cluster) - 1 - n)), block


BODY_AFTER_BOX = 80  # characters of prose after a box that make it stand inside a body


def _inside_body(block: ConsultBlock, span: tuple[int, int], lines: Sequence[Line]) -> bool:
    """The document goes on after the box: its prose, or its signature's date still to come (a
    box of its own is printed after its last words)."""
    after = [lines[j].text for j in range(block.last + 1, span[1] + 1)]
    prose = sum(len(t) for t in after if re.search(r"[，。；]", t))
    return prose >= BODY_AFTER_BOX or any(P.DATE_LINE.match(t) or P.SIGNED_DATE_LINE.match(t) for t in after)


def _clusters(blocks: Sequence[ConsultBlock]) -> list[list[ConsultBlock]]:
    """Blocks with nothing but each other between them (page furniture is already gone)."""
    out: list[list[ConsultBlock]] = []
    for block in blocks:
        if out and block.first == out[-1][-1].last + 1:
            out[-1].append(block)
        else:
            out.append([block])
    return out


def _printed_in_next_head(
    block: ConsultBlock,
    cluster_end: ConsultBlock,
    span: tuple[int, int],
    lines: Sequence[Line],
    prev_text: str,
    own_text: str,
    marked: bool,
) -> bool:
    """True when the block sits on the page where its containing document begins, and that
    document goes on past the page: the block then belongs to the document that ended there."""
    start, end = span
    before = range(start + 1, block.first)
    after = range(cluster_end.last + 1, end + 1)
    if marked:
        # The dump marks page starts: trust them (a missed mark is caught by the amount of text).
        same_page = not any(lines[j].page_start for j in before) and _chars(lines, before) <= 2 * PAGE_CHARS
        goes_on = any(lines[j].page_start for j in after) or _chars(lines, after) > 2 * PAGE_CHARS
        if not same_page:
            return False
        if goes_on:
            return True
    elif _chars(lines, range(start, block.first)) > PAGE_CHARS:
        return False
    elif _chars(lines, after) > PAGE_CHARS:
        return True
    # Both documents may have ended on this page: weigh whose text names the consulting unit.
    unit = _short_unit(block.entries[0].unit)
    return bool(unit) and unit in prev_text and unit not in own_text


def marks_pages(lines: Sequence[Line]) -> bool:
    """Whether this dump marks its page starts (often enough to trust them)."""
    return sum(1 for line in lines if line.page_start) >= MIN_PAGE_MARKS


def _chars(lines: Sequence[Line], idx: range) -> int:
    return sum(len(lines[j].text) for j in idx)


def _short_unit(unit: str) -> str:
    """吕梁市气象局 → 气象局: the part a document's text uses when it names the unit."""
    m = re.match(rf"^[{P.CJK}]{{2,4}}?[市县区]", unit)
    return unit[m.end():] if m and len(unit) - m.end() >= 2 else unit
