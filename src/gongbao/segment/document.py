"""A document's GB/T 9704 elements read from its lines: 成文日期 under the signature, 附注, 附件
list; a file with no head as one document; the back-cover colophon."""

from __future__ import annotations

import re
from collections.abc import Sequence

from gongbao import patterns as P
from gongbao.layout import PDF_TEXT, display_width, reflow
from gongbao.models import Attachment, Document, Layout, Line
from gongbao.normalize import doc_number, iso_date, squash
from gongbao.segment.heads import MAX_TITLE_CHARS, MAX_TITLE_LINES, Head, is_org, issuer_mark, joint_issuer, previous_lines, recipients


def read_document(layout: Layout, head: Head, end: int, end_no: int, in_block: set[int]) -> Document:
    lines = layout.lines
    span = range(head.start, end + 1)
    body_from = (head.number if head.number is not None and head.number > head.title_end else head.title_end) + 1
    title = head.title
    doc = Document(source=layout.source.name, line_start=lines[head.start].no, line_end=end_no)
    doc.title = title
    if head.number is None or head.start != head.number:  # else the title came from the 目录
        doc.original["title"] = " ".join(lines[j].text for j in range(head.start, head.title_end + 1))
    verb = P.TITLE_VERB.search(title)
    k = verb.start() if verb else -1
    type_match = P.TITLE_END.search(title)
    doc.doc_type = _doc_type(type_match.group(0)) if type_match else None
    if head.number_text is not None and head.number is not None:
        doc.doc_number = doc_number(head.number_text) or _ordinal_number(title, head.number_text)
        doc.original["doc_number"] = lines[head.number].raw.strip()
    doc.recipients = recipients(lines, body_from, end, in_block)
    signature, date_line = _signature_and_date(lines, body_from, end, in_block)
    if date_line is not None:
        doc.signed_date = iso_date(lines[date_line].text)
        doc.original["signed_date"] = lines[date_line].text
    mark = issuer_mark(lines, head)
    if k > 0:
        doc.issuer = _full_issuer(joint_issuer(title[:k]), signature, mark)
    elif signature is not None or mark is not None:
        doc.issuer = signature or mark  # the head printed 关于… alone: the title stays as printed
    elif type_match is not None:
        doc.issuer = title[: type_match.start()].rstrip("的") or None
    doc.public, doc.original["disclosure"] = _disclosure(lines, span)
    doc.attachments = _attachments(layout, body_from, end, in_block)
    doc.lines = [lines[j] for j in span if j not in in_block]
    doc.paragraphs = reflow(doc.lines, layout.rendering, layout.wrap_width)
    doc.text = "\n".join(p.text for p in doc.paragraphs)
    if doc.doc_type == "命令" and (published := P.ORDER_PUBLISHES.search(doc.text[:800])):
        # An order (X市人民政府令 第N号) is known by the rules it publishes.
        doc.original.setdefault("title", title)
        doc.title = squash(published["title"])
    if doc.signed_date is None:
        doc.warnings.append("未找到成文日期")
    return doc


def _full_issuer(in_title: str, *printed: str | None) -> str:
    """The title may name its issuer short (市政府办公室, 市卫生健康委); the signature or the 红头 then
    names the body that signs in full (徐州市人民政府办公室, 湖州市卫生健康委员会)."""
    if "、" in in_title:
        return in_title
    short = _PEOPLES_GOVERNMENT.sub("人民政府", in_title)
    for full in printed:
        if not full or full == in_title or "、" in full:
            continue
        if full.startswith(in_title) or (in_title[0] in _LEVELS and _PEOPLES_GOVERNMENT.sub("人民政府", full).endswith(short)):
            return full
    return in_title


_PEOPLES_GOVERNMENT = re.compile(r"(?<!人民)政府")
_LEVELS = "省市县区州旗盟"  # a title issuer starting here names no place


def _signature_and_date(lines: Sequence[Line], body_from: int, end: int, in_block: set[int]) -> tuple[str | None, int | None]:
    """The signing body and the 成文日期 line: preferably the date just above the first 附注; else
    the first date line. The signature is the line above the date, or the date line's own start."""
    first_date: int | None = None
    for j in range(body_from, end + 1):
        if j in in_block:
            continue
        text = lines[j].text
        if first_date is None and (P.DATE_LINE.match(text) or _signed_date_line(text) or _digits_date_under_signature(lines, j, in_block)):
            first_date = j
        if P.DISCLOSURE.match(text):
            for d in range(j - 1, max(body_from, j - 4) - 1, -1):
                if d not in in_block and (P.DATE_LINE.match(lines[d].text) or _signed_date_line(lines[d].text)):
                    return _signature_of(lines, d, in_block), d
            if first_date is not None:
                break
            # 牟定县人民政府 / (此件公开发布) / 2024年6月28日: the note printed between name and date
            if j + 1 <= end and P.DATE_LINE.match(lines[j + 1].text):
                return _signature_of(lines, j + 1, in_block), j + 1
            break
    if first_date is None:
        return None, None
    return _signature_of(lines, first_date, in_block), first_date


def _digits_date_under_signature(lines: Sequence[Line], j: int, in_block: set[int]) -> bool:
    """20240912 alone is a date only right under an organ's name (else it may be any number)."""
    if not P.COMPACT_DATE_LINE.match(lines[j].text):
        return False
    k = _line_above(lines, j, in_block)
    return k >= 0 and is_org(squash(lines[k].text) or "")


def _line_above(lines: Sequence[Line], j: int, in_block: set[int], *, past_notes: bool = False) -> int:
    """The index of the line above j that is not in a consulting box (nor, `past_notes`, a 附注
    such as （此件公开发布）); -1 if none."""
    k = j - 1
    while k >= 0 and (k in in_block or past_notes and P.DISCLOSURE.match(lines[k].text)):
        k -= 1
    return k


def _signed_date_line(text: str) -> str | None:
    m = P.SIGNED_DATE_LINE.match(text)
    return squash(m["org"]) if m and is_org(squash(m["org"]) or "") else None


def _signature_of(lines: Sequence[Line], date_line: int, in_block: set[int]) -> str | None:
    same_line = _signed_date_line(lines[date_line].text)
    if same_line:
        return same_line
    j = _line_above(lines, date_line, in_block, past_notes=True)
    name = squash(lines[j].text) or "" if j >= 0 else ""
    return name if is_org(name) else None


def _disclosure(lines: Sequence[Line], span: range) -> tuple[bool, str | None]:
    """The 附注 about publication: （此件公开发布） means public."""
    for j in span:
        m = P.DISCLOSURE.match(lines[j].text) or P.DISCLOSURE_FIELD.match(lines[j].text)
        if m:
            what = m["what"]
            return "公开" in what and not any(n in what for n in P.NOT_PUBLIC_NOTES), lines[j].text
    return False, None


def _doc_type(suffix: str) -> str:
    return "命令" if suffix == P.ORDER_SUFFIX else suffix


def _ordinal_number(title: str, number_text: str) -> str:
    """第5号 under 吕梁市人民政府令 → 吕梁市人民政府令第5号 (how an order is cited)."""
    number = squash(number_text) or ""
    if P.ORDER_SUFFIX in number:  # 政府令〔2010〕第15号: printed with its own prefix
        return re.sub(rf"{P.YEAR_OPEN}(\d{{4}}){P.YEAR_CLOSE}", r"〔\1〕", number)
    if title.endswith((P.ORDER_SUFFIX, "公告", "通告")) and "关于" not in title:
        return title + number
    return number


def _attachments(layout: Layout, body_from: int, end: int, in_block: set[int]) -> list[Attachment]:
    lines = layout.lines
    for j in range(body_from, end + 1):
        m = P.ATTACHMENT_LIST.match(lines[j].text)
        if m and j not in in_block:
            return _attachment_items(layout, j, m["rest"], end, in_block)
    return []


def _attachment_items(layout: Layout, j: int, rest: str, end: int, in_block: set[int]) -> list[Attachment]:
    """附件：1.… 2.… (numbered, one per line) or 附件：<title> (a single attachment)."""
    lines = layout.lines
    first = P.ATTACHMENT_ITEM.match(rest)
    if first:
        items = [Attachment(label=f"附件{int(first['n'])}", title=squash(first["title"]) or "", line=lines[j].no)]
    elif rest.strip():
        items = [Attachment(label="附件", title=squash(rest) or "", line=lines[j].no)]
    else:
        return []
    prev = lines[j]
    for k in range(j + 1, end + 1):
        if k in in_block:
            continue
        line = lines[k]
        m = P.ATTACHMENT_ITEM.match(line.text)
        if first and m and int(m["n"]) == len(items) + 1:
            items.append(Attachment(label=f"附件{int(m['n'])}", title=squash(m["title"]) or "", line=line.no))
        elif _attachment_continues(layout, prev, line):
            items[-1].title += squash(line.text) or ""
        else:
            break
        prev = line
    if first and len(items) == 1:
        items += _items_printed_above(lines, j, in_block)
    return items


def _items_printed_above(lines: Sequence[Line], j: int, in_block: set[int]) -> list[Attachment]:
    """2.… / 3.… printed above 附件：1.… (a converter moved the list's first line down)."""
    above: list[Attachment] = []
    for k in previous_lines(j, 0, in_block, MAX_TITLE_LINES):
        m = P.ATTACHMENT_ITEM.match(lines[k].text)
        expected = (int(above[0].label[2:]) - 1) if above else None
        if not m or P.SENTENCE_END.search(lines[k].text) or "。" in lines[k].text or len(lines[k].text) > 60:
            break
        if expected is not None and int(m["n"]) != expected:
            break
        above.insert(0, Attachment(label=f"附件{int(m['n'])}", title=squash(m["title"]) or "", line=lines[k].no))
    return above if above and above[0].label == "附件2" else []


def _attachment_continues(layout: Layout, prev: Line, line: Line) -> bool:
    """A wrapped attachment title goes on; a signature, a date or a new item ends the list."""
    text = line.text
    if P.DATE_LINE.match(text) or is_org(squash(text) or "") or P.ATTACHMENT_ITEM.match(text):
        return False
    if P.ATTACHMENT_HEAD.match(text) or P.SENTENCE_END.search(prev.text) or P.DISCLOSURE.match(text):
        return False
    if layout.rendering == PDF_TEXT:
        return display_width(prev.text) >= 0.6 * layout.wrap_width
    # A conversion keeps a wrapped title on the very next line, with no blank line between.
    return line.no == prev.no + 1 and len(text) <= 40


def headless_document(layout: Layout, in_block: set[int], colophon_from: int) -> Document:
    """A file holding one document without 文号 or gazette head: title from its first heading."""
    lines = layout.lines
    end = colophon_from - 1
    title_line = next((j for j in range(0, end + 1) if j not in in_block and not P.SENTENCE_END.search(lines[j].text)), 0)
    title = squash(lines[title_line].text) if lines else None
    if title and len(title) > MAX_TITLE_CHARS:
        title = None  # a paragraph, not a title (and no regex over titles should run over it)
    type_match = P.TITLE_END.search(title or "")
    body = [lines[j] for j in range(0, end + 1) if j not in in_block]
    paragraphs = reflow(body, layout.rendering, layout.wrap_width)
    doc = Document(
        source=layout.source.name,
        line_start=lines[0].no if lines else 1,
        line_end=lines[end].no if lines and end >= 0 else 1,
        title=title,
        doc_type=type_match.group(0) if type_match else None,
        paragraphs=paragraphs,
        lines=body,
        text="\n".join(p.text for p in paragraphs),
    )
    signature, date_line = _signature_and_date(lines, 0, end, in_block)
    if date_line is not None:
        doc.signed_date = iso_date(lines[date_line].text)
    doc.issuer = signature
    doc.public, doc.original["disclosure"] = _disclosure(lines, range(0, end + 1))
    doc.warnings.append("未找到公文版头：整个文件作为一份文件")
    return doc


def colophon_start(lines: Sequence[Line], after: int) -> int:
    """Index of the first line of the back-cover colophon (or len(lines) when there is none)."""
    k = len(lines)
    while k - 1 > after and _back_cover(lines[k - 1].text):
        k -= 1
    return k


def _back_cover(text: str) -> bool:
    """主办单位：… · 地址：… · 内部资料 · （双月刊） · 2022年第3期（总第186期） · X市人民政府公报"""
    if P.COLOPHON.match(text):
        return True
    rest = P.ISSUE_TOTAL.sub("", P.ISSUE_YEAR_NO.sub("", P.GAZETTE_NAME.sub("", text)))
    return rest != text and not re.sub(r"[\s（）()，,·]", "", rest)
