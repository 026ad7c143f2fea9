"""Stage 3 — segment: repaired lines → the gazette issue and its official documents (公文).

A document begins with its head: the title (issuer + 关于… + 文种, possibly wrapped over several
lines) next to its 发文字号, then the 主送机关 line. It ends where the next head begins. Inside,
we read the GB/T 9704 elements: 成文日期 under the signature, the 附注 （此件公开发布）, the
附件 list. The gazette's 政策咨询 blocks are printed at the bottom of the page where a document
ends, which in a PDF dump can be inside the next document's head; `consultation` decides which
document each block belongs to.
"""

from __future__ import annotations

import re

from collections.abc import Sequence
from dataclasses import dataclass

from gongbao import patterns as P
from gongbao.layout import PDF_TEXT, display_width, reflow
from gongbao.models import Attachment, ContentsEntry, Document, GazetteIssue, Layout, Line, ParsedFile
from gongbao.normalize import doc_number, iso_date, squash
from gongbao.segment.consultation import assign_blocks, find_blocks
from gongbao.segment.contents import read_contents

MAX_TITLE_LINES = 6
MAX_TITLE_CHARS = 160
MAX_ORG_CHARS = 40  # 吕梁市人民政府办公室 is 10; joint issuers run longer


@dataclass
class Head:
    """Where a document's head was found (indexes into Layout.lines)."""

    start: int  # first title line
    title_end: int  # last title line
    number: int | None  # the 发文字号 line, if any
    title: str
    number_text: str | None


def segment(layout: Layout) -> ParsedFile:
    lines = layout.lines
    blocks = find_blocks(lines)
    in_block = {i for b in blocks for i in range(b.first, b.last + 1)}
    heads = find_heads(lines, in_block)
    contents = read_contents(lines[: heads[0].start]) if heads else []
    heads = _confirmed(heads, contents, lines, in_block)
    heads = _recovered_from_contents(heads, contents, lines, in_block)
    if not heads and (meta_title := layout.page_metadata.get("标题") or layout.page_metadata.get("名称")):
        heads = _head_from_page_metadata(lines, in_block, squash(meta_title) or "")
    colophon_from = _colophon_start(lines, heads[-1].number or heads[-1].title_end if heads else 0)
    source = layout.source
    documents: list[Document] = []
    spans: list[tuple[int, int]] = []
    for k, head in enumerate(heads):
        end = heads[k + 1].start - 1 if k + 1 < len(heads) else colophon_from - 1
        # A document runs up to the line before the next head (page furniture included); the
        # last one up to its last line before the colophon.
        end_no = lines[heads[k + 1].start].no - 1 if k + 1 < len(heads) else lines[end].no
        if k + 1 < len(heads) and P.SECTION_MARK.match(lines[heads[k + 1].start - 1].text) and heads[k + 1].start - 2 > head.start:
            end_no = lines[heads[k + 1].start - 2].no  # 【市政府办公室文件】 opens the next section, not this text
        documents.append(_read_document(layout, head, end, end_no, in_block))
        spans.append((head.start, end))
    if not heads:
        documents = [_headless_document(layout, in_block, colophon_from)]
        spans = [(0, colophon_from - 1)]
    for doc_index, block in assign_blocks(blocks, spans, lines, [d.text for d in documents]):
        documents[doc_index].consultation.extend(block.entries)
    if len(documents) == 1 and layout.page_metadata:
        _fill_from_page_metadata(documents[0], layout.page_metadata)
    if len(documents) == 1 and heads:
        _start_at_page_title(documents[0], lines, heads[0].start)
    # The cover is what comes before the first head; a file without heads has only running headers.
    first_doc_line = lines[heads[0].start].no if heads else 0
    gazette = read_gazette_issue(lines, first_doc_line, layout.running_headers)
    warnings = list(source.warnings) + _contents_warnings(contents, documents)
    return ParsedFile(source=source, gazette=gazette, documents=documents, contents=contents, warnings=warnings)


def _head_from_page_metadata(lines: Sequence[Line], in_block: set[int], title: str) -> list[Head]:
    """A page that prints its title only in its metadata box (标题：…) and the 文号 above the text."""
    if not P.TITLE_END.search(title):
        return []
    for i, line in enumerate(lines[:40]):
        if i not in in_block and P.DOC_NUMBER_LINE.match(line.text):
            return [Head(start=i, title_end=i, number=i, title=title, number_text=line.text)]
    return []


def _fill_from_page_metadata(doc: Document, meta: dict[str, str]) -> None:
    """A web page's metadata box stands in for what the document's own text does not print."""

    def first(*labels: str) -> str | None:
        return next((meta[label] for label in labels if meta.get(label)), None)

    filled = []
    if doc.doc_number is None and (number := doc_number(first("发文字号", "文号", "文件编号") or "")):
        doc.doc_number, doc.original["doc_number"] = number, first("发文字号", "文号", "文件编号")
        filled.append("发文字号")
    if doc.signed_date is None and (date := _meta_date(first("成文日期", "发文日期") or "")):
        doc.signed_date, doc.original["signed_date"] = date, first("成文日期", "发文日期")
        filled.append("成文日期")
        doc.warnings = [w for w in doc.warnings if w != "no 成文日期 found"]
    if doc.issuer is None and (issuer := first("发文机关", "发布部门", "发文单位")):
        doc.issuer = squash(issuer)
        filled.append("发文机关")
    if filled:
        doc.warnings.append(f"from the web page's metadata: {', '.join(filled)}")


def _start_at_page_title(doc: Document, lines: Sequence[Line], head_start: int) -> None:
    """An order's page prints the rules' name above the order (above the site's metadata box or
    byline): the document starts there."""
    if head_start == 0:
        return
    above = lines[head_start - 1]
    if doc.doc_type == "命令" and squash(above.text) == doc.title:
        doc.line_start = above.no  # an order's page, titled by the rules it publishes


def _meta_date(text: str) -> str | None:
    """2022年08月15日 · 2022-08-15 · 2015.03.20 (sites write dates many ways)."""
    m = re.search(r"((?:19|20)\d\d)\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})", text)
    return iso_date(f"{m[1]}年{int(m[2])}月{int(m[3])}日") if m else iso_date(text)


def _confirmed(heads: list[Head], contents: Sequence[ContentsEntry], lines: Sequence[Line], in_block: set[int]) -> list[Head]:
    """Drop heads that neither the 目录 lists nor a 主送机关 line follows (a quoted title and number
    in a table, say), when the gazette has a 目录 to check against."""
    if len(contents) < 2:
        return heads
    listed = {c.doc_number for c in contents}
    out = []
    for head in heads:
        number = doc_number(head.number_text or "")
        body_from = max(head.title_end, head.number or 0) + 1
        if number in listed or _recipients(lines, body_from, len(lines) - 1, in_block) is not None:
            out.append(head)
    return out


def _recovered_from_contents(heads: list[Head], contents: Sequence[ContentsEntry], lines: Sequence[Line], in_block: set[int]) -> list[Head]:
    """A document the 目录 lists but no head was found for: find its 发文字号 line and take the
    title above it with looser rules (the 目录 vouches for it)."""
    found = {doc_number(h.number_text or "") for h in heads}
    missing = {c.doc_number: c for c in contents if c.doc_number not in found}
    if not missing or not heads:
        return heads
    cover_end = heads[0].start
    recovered = list(heads)
    for i in range(cover_end, len(lines)):
        if i in in_block:
            continue
        text = squash(lines[i].text) or ""
        m = P.DOC_NUMBER.search(text)
        if not m or len(text) > len(m.group(0)) + 4:
            continue
        entry = missing.pop(doc_number(m.group(0)) or "", None)
        if entry is None:
            continue
        recovered.append(_loose_head(lines, i, in_block, entry))
    return sorted(recovered, key=lambda h: h.start)


def _loose_head(lines: Sequence[Line], i: int, in_block: set[int], entry: ContentsEntry) -> Head:
    parts: list[str] = []
    start, title = i, entry.title
    for j in _previous_lines(i, 0, in_block, MAX_TITLE_LINES):
        if _stops_title(lines[j].text):
            break
        parts.insert(0, lines[j].text)
        joined = squash("".join(parts)) or ""
        if joined.endswith(entry.title[-8:]):
            start, title = j, joined
            if entry.title in joined or _starts_with_issuer(joined):
                break
    return Head(start=start, title_end=max(start, i - 1) if start < i else i, number=i, title=title, number_text=lines[i].text)


def _contents_warnings(contents: Sequence[ContentsEntry], documents: Sequence[Document]) -> list[str]:
    found = {d.doc_number for d in documents}
    return [
        f"the 目录 lists {c.doc_number} ({c.title}, page {c.page}) but no such document was found"
        for c in contents
        if c.doc_number not in found
    ]


# --- Heads --------------------------------------------------------------------------------------


def find_heads(lines: Sequence[Line], in_block: set[int]) -> list[Head]:
    heads: list[Head] = []
    taken_upto = -1
    for i, line in enumerate(lines):
        if i <= taken_upto or i in in_block:
            continue
        with_number = P.TITLE_WITH_NUMBER.match(line.text)
        if with_number and _is_title(_unwrap(squash(with_number["title"]) or "")):
            title = _unwrap(squash(with_number["title"]) or "")
            head = Head(start=i, title_end=i, number=i, title=title, number_text=with_number["number"])
        elif P.DOC_NUMBER_LINE.match(line.text) or P.ORDINAL_NUMBER_LINE.match(line.text):
            head = _head_around_number(lines, i, in_block, lower_bound=taken_upto + 1)
        elif _looks_like_title_start(line.text):
            head = _head_without_number(lines, i, in_block)
        else:
            continue
        if head is None:
            continue
        if heads and head.start <= heads[-1].start:
            continue
        heads.append(head)
        taken_upto = max(head.number or 0, head.title_end)
    return heads


def _head_around_number(lines: Sequence[Line], i: int, in_block: set[int], lower_bound: int) -> Head | None:
    """The title above a 发文字号 line (gazette layout), or below it (GB/T 9704 document layout)."""
    number_text = lines[i].text
    best: tuple[int, str] | None = None
    parts: list[str] = []
    # A consulting box printed at a page bottom can fall between the title lines: skip it.
    own_order = P.ORDER_SUFFIX in (squash(number_text) or "")  # 政府令〔2012〕第5号 under 银川市人民政府
    for j in _previous_lines(i, lower_bound, in_block, MAX_TITLE_LINES):
        text = lines[j].text
        if _stops_title(text) or (parts and lines[j + 1].after_web_furniture):
            break  # a site's header stands above its breadcrumb, not in the title
        parts.insert(0, text)
        joined = _unwrap(_trim_to_issuer(squash("".join(parts)) or ""))
        if len(joined) > MAX_TITLE_CHARS:
            break
        if own_order and len(parts) == 1 and _is_org(joined):
            best = (j, joined + P.ORDER_SUFFIX)
            break
        if _is_title(joined):
            best = (j, joined)
            if _starts_with_issuer(joined):
                best = _joint_issuers_above(lines, j, lower_bound, in_block, joined)
                break
            if "关于" not in joined and joined.endswith((P.ORDER_SUFFIX, "公告", "通告")):
                break  # 天津市人民政府令: an order's title is its issuer and 令, nothing above
    if best is not None:
        return Head(start=best[0], title_end=i - 1, number=i, title=best[1], number_text=number_text)
    # Number above the title: 吕政发〔2021〕6号 / 吕梁市人民政府关于…的通知 / 主送机关：
    parts = []
    for j in range(i + 1, min(len(lines), i + 1 + MAX_TITLE_LINES)):
        text = lines[j].text
        if _stops_title(text) or j in in_block:
            break
        parts.append(text)
        joined = _unwrap(squash("".join(parts)) or "")
        if _is_title(joined) and _recipients_follow(lines, j + 1):
            return Head(start=_issuer_mark_start(lines, i), title_end=j, number=i, title=joined, number_text=number_text)
    return None


def _joint_issuers_above(lines: Sequence[Line], j: int, lower_bound: int, in_block: set[int], title: str) -> tuple[int, str]:
    """泉州市发展和改革委员会 / 泉州市工业和信息化局 / 泉州市财政局关于…: issuers of one place printed
    a line each above the title's first line are part of it."""
    start = j
    while start - 1 >= lower_bound and start - 1 not in in_block and not lines[start].after_web_furniture:
        above = squash(lines[start - 1].text) or ""
        if not _is_org(above) or "、" not in _joint_issuer(above + title[: (P.TITLE_VERB.search(title) or re.search("$", title)).start()]):
            break
        title = above + title
        start -= 1
    return start, title


def _recipients_follow(lines: Sequence[Line], j: int) -> bool:
    """A 主送机关 line (or two: a long list wraps) ending with its colon starts at line j."""
    for k in (j, j + 1):
        if k >= len(lines):
            return False
        if P.RECIPIENT_END.search(lines[k].text):
            return True
        if P.SENTENCE_END.search(lines[k].text):
            return False
    return False


def _issuer_mark_start(lines: Sequence[Line], i: int) -> int:
    """The 红头 above a 文号 line: X文件 on one line, or X / 文件 on two."""
    if i > 0 and _is_issuer_mark(lines[i - 1].text):
        return i - 1
    if i > 1 and squash(lines[i - 1].text) == "文件" and _is_org(squash(lines[i - 2].text) or ""):
        return i - 2
    return i


def _previous_lines(i: int, lower_bound: int, in_block: set[int], count: int) -> list[int]:
    """Up to `count` line indexes before i, nearest first, consulting-box lines left out."""
    out: list[int] = []
    j = i - 1
    while j >= lower_bound and len(out) < count:
        if j not in in_block:
            out.append(j)
        j -= 1
    return out


def _next_lines(i: int, end: int, in_block: set[int], count: int) -> list[int]:
    """Up to `count` line indexes from i to end, consulting-box lines left out."""
    out: list[int] = []
    for j in range(i, end + 1):
        if j not in in_block:
            out.append(j)
            if len(out) == count:
                break
    return out


def _head_without_number(lines: Sequence[Line], i: int, in_block: set[int]) -> Head | None:
    """A title followed at once by a 主送机关 line: a document printed without 发文字号."""
    parts: list[str] = []
    for j in range(i, min(len(lines), i + MAX_TITLE_LINES)):
        text = lines[j].text
        if j in in_block or (j > i and _stops_title(text)):
            return None
        parts.append(text)
        joined = _unwrap(squash("".join(parts)) or "")
        if len(joined) > MAX_TITLE_CHARS:
            return None
        if _is_title(joined) and (_starts_with_issuer(joined) or joined.startswith("关于")):
            nxt = j + 1
            if nxt < len(lines) and P.RECIPIENT_END.search(lines[nxt].text) and _is_recipient_line(lines[nxt].text):
                return Head(start=i, title_end=j, number=None, title=joined, number_text=None)
            if _starts_with_issuer(joined) and joined.endswith(("通告", "公告")) and nxt < len(lines) and P.SENTENCE_END.search(lines[nxt].text):
                # A 通告 / 公告 is addressed to no one: its text follows the title at once.
                return Head(start=i, title_end=j, number=None, title=joined, number_text=None)
            return None
    return None


def _looks_like_title_start(text: str) -> bool:
    """吕梁市人民政府关于… / X印发《Y》的通知: an issuer, then 关于 (or 印发) near the start; or 关于…
    alone (a head printed without its issuer: a 主送机关 line must follow)."""
    s = _unwrap(squash(text) or "")
    return bool(P.TITLE_VERB.search(s[:50])) and _starts_with_issuer(s) or s.startswith("关于")


def _unwrap(title: str) -> str:
    """《鞍山市人民政府关于…的批复》 → the title inside, when the marks hold all of it."""
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title[1:-1]
    return title


def _stops_title(text: str) -> bool:
    return bool(
        P.SENTENCE_END.search(text)
        or P.DATE_LINE.match(text)
        or P.DISCLOSURE.match(text)
        or P.CONSULT_LABEL.match(text)
        or P.DOC_NUMBER_LINE.match(text)
        or "\t" in text
        or "|" in text
        or text.endswith(("。”", "。）", "）。"))
    )


def _is_title(joined: str) -> bool:
    if not P.TITLE_END.search(joined) or len(joined) < 6:
        return False
    if "关于" in joined:
        return True
    verb = P.TITLE_VERB.search(joined)
    if verb and _is_org(_joint_issuer(joined[: verb.start()]).split("、")[-1]):
        return True  # 中共X市委办公室 X市人民政府办公室印发《…》的通知
    # 吕梁市人民政府令 / 吕梁市人民政府公告 — an issuer directly followed by its 文种.
    return _is_org(joined[: -len(P.TITLE_END.search(joined).group(0))].rstrip("的"))


def _trim_to_issuer(joined: str) -> str:
    """Drop the tail of the previous text a converter glued in front of a title:
    …规划（2021－2035年）（见网络版）吕梁市人民政府办公室关于… → 吕梁市人民政府办公室关于…"""
    k = joined.find("关于")
    if k <= 0 or _is_org(joined[:k]):
        return joined
    cut = max(joined.rfind(ch, 0, k) for ch in "）)》”。；")
    if cut >= 0 and _is_org(joined[cut + 1 : k]):
        return joined[cut + 1 :]
    return joined


def _starts_with_issuer(joined: str) -> bool:
    verb = P.TITLE_VERB.search(joined)
    k = verb.start() if verb else -1
    return k > 0 and all(_is_org(name) for name in _joint_issuer(joined[:k]).split("、"))


def _joint_issuer(name: str) -> str:
    """中共岳阳市委办公室岳阳市人民政府办公室 → 中共岳阳市委办公室、岳阳市人民政府办公室: issuers
    of one place printed side by side, each a whole organ's name."""
    place = P.ISSUER_START.match(name)
    if place is None:
        return name
    where = re.sub(r"^(?:中共|中国共产党)", "", place.group(0))
    for k in range(len(place.group(0)) + 1, len(name) - 3):
        left, right = name[:k], name[k:]
        if _is_org(left) and right.startswith((where, "中共" + where, "中国共产党" + where)):
            rest = _joint_issuer(right)
            if all(_is_org(n) for n in rest.split("、")):
                return f"{left}、{rest}"
    return name


def _is_org(name: str) -> bool:
    """An organ's name: short, no quotes or brackets of a title, ends like an organ of state."""
    return 2 <= len(name) <= MAX_ORG_CHARS and name.endswith(P.ISSUER_END) and not any(ch in name for ch in "《》“”（）()，。")


def _is_issuer_mark(text: str) -> bool:
    s = squash(text) or ""
    return s.endswith("文件") and _is_org(s[:-2])


def _is_recipient_line(text: str) -> bool:
    """A list of organs (； may part their groups); not a sentence that ends with a colon
    (为保障公共安全…，根据《条例》…通告如下：)."""
    s = squash(text) or ""
    return (
        2 <= len(s) <= 160
        and "。" not in s
        and "《" not in s
        and not re.match(r"(?:为|根据|按照|依据|依照|经|现|近|兹|鉴于|关于)", s)
        and not re.search(r"如下[:：]?$", s)
    )


# --- Document body ------------------------------------------------------------------------------


def _read_document(layout: Layout, head: Head, end: int, end_no: int, in_block: set[int]) -> Document:
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
    doc.recipients = _recipients(lines, body_from, end, in_block)
    signature, date_line = _signature_and_date(lines, body_from, end, in_block)
    if date_line is not None:
        doc.signed_date = iso_date(lines[date_line].text)
        doc.original["signed_date"] = lines[date_line].text
    if k > 0:
        doc.issuer = _joint_issuer(title[:k])
    elif signature is not None:
        doc.issuer = signature  # the head printed 关于… alone: the title stays as printed
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
        doc.warnings.append("no 成文日期 found")
    return doc


def _recipients(lines: Sequence[Line], body_from: int, end: int, in_block: set[int]) -> str | None:
    """The 主送机关: the first line(s) after the head ending with a colon."""
    parts: list[str] = []
    for j in _next_lines(body_from, end, in_block, 4):
        text = lines[j].text
        if P.SENTENCE_END.search(text) and not P.RECIPIENT_END.search(text):
            return None
        parts.append(text)
        if P.RECIPIENT_END.search(text):
            joined = squash("".join(parts)) or ""
            joined = P.RECIPIENT_END.sub("", joined)
            return joined if _is_recipient_line(joined) else None
    return None


def _signature_and_date(lines: Sequence[Line], body_from: int, end: int, in_block: set[int]) -> tuple[str | None, int | None]:
    """The signing body and the 成文日期 line: preferably the date just above the first 附注; else
    the first date line. The signature is the line above the date, or the date line's own start."""
    first_date: int | None = None
    for j in range(body_from, end + 1):
        if j in in_block:
            continue
        text = lines[j].text
        if first_date is None and (P.DATE_LINE.match(text) or _signed_date_line(text)):
            first_date = j
        if P.DISCLOSURE.match(text):
            for d in range(j - 1, max(body_from, j - 4) - 1, -1):
                if d not in in_block and (P.DATE_LINE.match(lines[d].text) or _signed_date_line(lines[d].text)):
                    return _signature_of(lines, d, in_block), d
            break
    if first_date is None:
        return None, None
    return _signature_of(lines, first_date, in_block), first_date


def _signed_date_line(text: str) -> str | None:
    m = P.SIGNED_DATE_LINE.match(text)
    return squash(m["org"]) if m and _is_org(squash(m["org"]) or "") else None


def _signature_of(lines: Sequence[Line], date_line: int, in_block: set[int]) -> str | None:
    same_line = _signed_date_line(lines[date_line].text)
    if same_line:
        return same_line
    j = date_line - 1
    while j >= 0 and j in in_block:
        j -= 1
    name = squash(lines[j].text) or "" if j >= 0 else ""
    return name if _is_org(name) else None


def _disclosure(lines: Sequence[Line], span: range) -> tuple[bool, str | None]:
    """The 附注 about publication: （此件公开发布） means public."""
    for j in span:
        m = P.DISCLOSURE.match(lines[j].text)
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
    for k in _previous_lines(j, 0, in_block, MAX_TITLE_LINES):
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
    if P.DATE_LINE.match(text) or _is_org(squash(text) or "") or P.ATTACHMENT_ITEM.match(text):
        return False
    if P.ATTACHMENT_HEAD.match(text) or P.SENTENCE_END.search(prev.text) or P.DISCLOSURE.match(text):
        return False
    if layout.rendering == PDF_TEXT:
        return display_width(prev.text) >= 0.6 * layout.wrap_width
    # A conversion keeps a wrapped title on the very next line, with no blank line between.
    return line.no == prev.no + 1 and len(text) <= 40


def _headless_document(layout: Layout, in_block: set[int], colophon_from: int) -> Document:
    """A file holding one document without 文号 or gazette head: title from its first heading."""
    lines = layout.lines
    end = colophon_from - 1
    title_line = next((j for j in range(0, end + 1) if j not in in_block and not P.SENTENCE_END.search(lines[j].text)), 0)
    title = squash(lines[title_line].text) if lines else None
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
    doc.warnings.append("no document head found: the whole file is taken as one document")
    return doc


def _colophon_start(lines: Sequence[Line], after: int) -> int:
    """Index of the first line of the back-cover colophon (or len(lines) when there is none)."""
    k = len(lines)
    while k - 1 > after and P.COLOPHON.match(lines[k - 1].text):
        k -= 1
    return k


# --- Gazette issue -------------------------------------------------------------------------------


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
