"""Document heads: the title (issuer + 关于… + 文种, wrapped, with joint issuers), the 发文字号 (above
or below it, or in the title line), the 红头, and the 主送机关 that confirms a head; heads checked
against the gazette's 目录."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gongbao import patterns as P
from gongbao.models import ContentsEntry, Line
from gongbao.normalize import doc_number, squash


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


def confirmed_by_contents(heads: list[Head], contents: Sequence[ContentsEntry], lines: Sequence[Line], in_block: set[int]) -> list[Head]:
    """Drop heads that neither the 目录 lists nor a 主送机关 line follows (a quoted title and number
    in a table, say), when the gazette has a 目录 to check against."""
    if len(contents) < 2:
        return heads
    listed = {c.doc_number for c in contents}
    out = []
    for head in heads:
        number = doc_number(head.number_text or "")
        body_from = max(head.title_end, head.number or 0) + 1
        if number in listed or recipients(lines, body_from, len(lines) - 1, in_block) is not None:
            out.append(head)
    return out


def recovered_from_contents(heads: list[Head], contents: Sequence[ContentsEntry], lines: Sequence[Line], in_block: set[int]) -> list[Head]:
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
    for j in previous_lines(i, 0, in_block, MAX_TITLE_LINES):
        if stops_title(lines[j].text):
            break
        parts.insert(0, lines[j].text)
        joined = squash("".join(parts)) or ""
        if joined.endswith(entry.title[-8:]):
            start, title = j, joined
            if entry.title in joined or starts_with_issuer(joined):
                break
    return Head(start=start, title_end=max(start, i - 1) if start < i else i, number=i, title=title, number_text=lines[i].text)


_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
# Another contents entry: a line ending in its bracketed 文号 (whole, or cut by the line's end:
# `…（吕政办发〔2022〕6` / `号）`), a page number after it or not.
_ENTRY_END = re.compile(r"[（(][^（）()]{1,12}[〔\[【]\s*\d{4}\s*[〕\]】]\s*\d*\s*(?:号\s*[）)])?[\s.·…]*\d{0,4}\s*$|^\s*号\s*[）)][\s.·…]*\d{0,4}\s*$")


def _in_contents(lines: Sequence[Line], i: int) -> bool:
    """Title（文号） on a line of its own is a head on a web page, but an entry of the gazette's
    contents when its page number or another such entry follows it (a scan's contents lose their
    dot leaders: `…的批复（吕政函〔2022〕5号）` / `3`)."""
    for j in range(i + 1, min(len(lines), i + 3)):
        text = lines[j].text
        if _PAGE_NUMBER.match(text) or P.TITLE_WITH_NUMBER.match(text) or _ENTRY_END.search(text):
            return True
    return False


def find_heads(lines: Sequence[Line], in_block: set[int]) -> list[Head]:
    heads: list[Head] = []
    taken_upto = -1
    for i, line in enumerate(lines):
        if i <= taken_upto or i in in_block:
            continue
        with_number = P.TITLE_WITH_NUMBER.match(line.text)
        order = P.ORDER_TITLE_NUMBER.match(line.text)
        if order and _is_title(squash(order["title"]) or ""):
            head = Head(start=i, title_end=i, number=i, title=squash(order["title"]) or "", number_text=order["number"])
        elif with_number and _is_title(_unwrap(squash(with_number["title"]) or "")) and not _in_contents(lines, i):
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
    for j in previous_lines(i, lower_bound, in_block, MAX_TITLE_LINES):
        text = lines[j].text
        if stops_title(text) or (parts and lines[j + 1].after_web_furniture):
            break  # a site's header stands above its breadcrumb, not in the title
        parts.insert(0, text)
        joined = _unwrap(_trim_to_issuer(squash("".join(parts)) or ""))
        if len(joined) > MAX_TITLE_CHARS:
            break
        if own_order and is_org(squash(text) or ""):
            best = (j, (squash(text) or "") + P.ORDER_SUFFIX)  # 河北省廊坊市人民政府 / (the rules' name) / 政府令〔2003〕第7号
            break
        if own_order and len(parts) < 3:
            continue
        if _is_title(joined):
            best = (j, joined)
            if starts_with_issuer(joined):
                best = _joint_issuers_above(lines, j, lower_bound, in_block, joined)
                break
            if "关于" not in joined and joined.endswith((P.ORDER_SUFFIX, "公告", "通告")):
                break  # 天津市人民政府令: an order's title is its issuer and 令, nothing above
    below = _title_below(lines, i, in_block, number_text)
    if best is not None and not (below is not None and lines[i].after_web_furniture):
        return Head(start=best[0], title_end=i - 1, number=i, title=best[1], number_text=number_text)
    # Number above the title: 吕政发〔2021〕6号 / 吕梁市人民政府关于…的通知 / 主送机关： — also when a
    # page prints its title, then its furniture, then the document with its own number and title.
    return below


def _title_below(lines: Sequence[Line], i: int, in_block: set[int], number_text: str) -> Head | None:
    parts: list[str] = []
    for j in range(i + 1, min(len(lines), i + 1 + MAX_TITLE_LINES)):
        text = lines[j].text
        if stops_title(text) or j in in_block:
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
        if not is_org(above) or "、" not in joint_issuer(above + title[: (P.TITLE_VERB.search(title) or re.search("$", title)).start()]):
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
    """The 红头 above a 文号 line: X文件 on one line, X / 文件 on two, or the organ's name alone above
    the red rule (printed as ——————)."""
    if i > 0 and _is_issuer_mark(lines[i - 1].text):
        return i - 1
    if i > 1 and squash(lines[i - 1].text) == "文件" and is_org(squash(lines[i - 2].text) or ""):
        return i - 2
    if i > 0 and lines[i].after_rule and is_org(squash(lines[i - 1].text) or ""):
        return i - 1
    return i


def issuer_mark(lines: Sequence[Line], head: Head) -> str | None:
    """The organ named by the 红头 lines above the head's 文号, if it has them."""
    if head.number is None or head.start >= head.number:
        return None
    text = squash("".join(lines[j].text for j in range(head.start, head.number))) or ""
    text = text.removesuffix("文件")
    return text if is_org(text) else None


def previous_lines(i: int, lower_bound: int, in_block: set[int], count: int) -> list[int]:
    """Up to `count` line indexes before i, nearest first, consulting-box lines left out."""
    out: list[int] = []
    j = i - 1
    while j >= lower_bound and len(out) < count:
        if j not in in_block:
            out.append(j)
        j -= 1
    return out


def next_lines(i: int, end: int, in_block: set[int], count: int) -> list[int]:
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
        if j in in_block or (j > i and stops_title(text)):
            return None
        parts.append(text)
        joined = _unwrap(squash("".join(parts)) or "")
        if len(joined) > MAX_TITLE_CHARS:
            return None
        if _is_title(joined) and (starts_with_issuer(joined) or joined.startswith("关于")):
            nxt = j + 1
            if nxt < len(lines) and P.RECIPIENT_END.search(lines[nxt].text) and is_recipient_line(lines[nxt].text):
                return Head(start=i, title_end=j, number=None, title=joined, number_text=None)
            if starts_with_issuer(joined) and joined.endswith(("通告", "公告")) and nxt < len(lines) and P.SENTENCE_END.search(lines[nxt].text):
                # A 通告 / 公告 is addressed to no one: its text follows the title at once.
                return Head(start=i, title_end=j, number=None, title=joined, number_text=None)
            return None
    return None


def _looks_like_title_start(text: str) -> bool:
    """吕梁市人民政府关于… / X印发《Y》的通知: an issuer, then 关于 (or 印发) near the start; or 关于…
    alone (a head printed without its issuer: a 主送机关 line must follow)."""
    s = _unwrap(squash(text) or "")
    return bool(P.TITLE_VERB.search(s[:50])) and starts_with_issuer(s) or s.startswith("关于")


def _unwrap(title: str) -> str:
    """《鞍山市人民政府关于…的批复》 → the title inside, when the marks hold all of it."""
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title[1:-1]
    return title


def stops_title(text: str) -> bool:
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
    if verb and is_org(joint_issuer(joined[: verb.start()]).split("、")[-1]):
        return True  # 中共X市委办公室 X市人民政府办公室印发《…》的通知
    if joined.endswith("会议纪要") and any(is_org(joined[:k]) and _MINUTES_TAIL.fullmatch(joined[k:]) for k in range(2, len(joined) - 3)):
        return True  # 牟定县人民政府第二十一次常务会议纪要
    # 吕梁市人民政府令 / 吕梁市人民政府公告 — an issuer directly followed by its 文种.
    return is_org(joined[: -len(P.TITLE_END.search(joined).group(0))].rstrip("的"))


_MINUTES_TAIL = re.compile(r"(?:(?:\d{4}年)?第[一二三四五六七八九十百零〇\d]+次)?[^，。、]{0,12}会议纪要")


def _trim_to_issuer(joined: str) -> str:
    """Drop the tail of the previous text a converter glued in front of a title:
    …规划（2021－2035年）（见网络版）吕梁市人民政府办公室关于… → 吕梁市人民政府办公室关于…"""
    k = joined.find("关于")
    if k <= 0 or is_org(joined[:k]):
        return joined
    cut = max(joined.rfind(ch, 0, k) for ch in "）)》”。；")
    if cut >= 0 and is_org(joined[cut + 1 : k]):
        return joined[cut + 1 :]
    return joined


def starts_with_issuer(joined: str) -> bool:
    verb = P.TITLE_VERB.search(joined)
    k = verb.start() if verb else -1
    return k > 0 and all(is_org(name) for name in joint_issuer(joined[:k]).split("、"))


def joint_issuer(name: str) -> str:
    """中共岳阳市委办公室岳阳市人民政府办公室 → 中共岳阳市委办公室、岳阳市人民政府办公室: issuers
    of one place printed side by side, each a whole organ's name."""
    place = P.ISSUER_START.match(name)
    if place is None:
        return name
    where = re.sub(r"^(?:中共|中国共产党)", "", place.group(0))
    for k in range(len(place.group(0)) + 1, len(name) - 3):
        left, right = name[:k], name[k:]
        if is_org(left) and right.startswith((where, "中共" + where, "中国共产党" + where)):
            rest = joint_issuer(right)
            if all(is_org(n) for n in rest.split("、")):
                return f"{left}、{rest}"
    return name


def is_org(name: str) -> bool:
    """An organ's name: short, no quotes or brackets of a title, ends like an organ of state."""
    return 2 <= len(name) <= MAX_ORG_CHARS and name.endswith(P.ISSUER_END) and not any(ch in name for ch in "《》“”（）()，。:：•·")


def _is_issuer_mark(text: str) -> bool:
    s = squash(text) or ""
    return s.endswith("文件") and is_org(s[:-2])


def is_recipient_line(text: str) -> bool:
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


def recipients(lines: Sequence[Line], body_from: int, end: int, in_block: set[int]) -> str | None:
    """The 主送机关: the first line(s) after the head ending with a colon."""
    parts: list[str] = []
    for j in next_lines(body_from, end, in_block, 4):
        text = lines[j].text
        if P.SENTENCE_END.search(text) and not P.RECIPIENT_END.search(text):
            return None
        parts.append(text)
        if P.RECIPIENT_END.search(text):
            joined = squash("".join(parts)) or ""
            joined = P.RECIPIENT_END.sub("", joined)
            return joined if is_recipient_line(joined) else None
    return None
