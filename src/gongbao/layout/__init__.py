"""Stage 2 — repair layout: decoded text → clean non-blank lines (+ paragraphs on demand).

Two renderings of the same gazettes reach us:
- markdown-ish conversions: paragraphs are whole lines, `#` levels are arbitrary, a page break can
  split a paragraph mid-sentence;
- PDF-to-text dumps: every printed line is a line (hard-wrapped narrow columns, a blank line after
  each), the first line of a page starts with a space, page numbers and running headers (one of them
  a masthead printed one character per line) sit between the lines of the text.

Nothing here trusts markdown levels or line breaks: it only removes what is surely not text
(page furniture, markup) and closes up spaces inside numbers and labels. Every line keeps its
1-based number in the source file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from gongbao import patterns as P
from gongbao.models import Layout, Line, Paragraph, SourceText
from gongbao.normalize import clean_markup, close_up

PDF_TEXT = "pdf-text"
MARKDOWN = "markdown"

# A masthead printed vertically: this many one-character lines in a row at least.
VERTICAL_RUN = 4
_LIST_MARKER = re.compile(r"^\s*[-*+]\s+(?=\S)")
_FULLWIDTH_DIGIT = re.compile("[０-９]")
_DATETIME = re.compile(r"(?:19|20)\d\d-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}")  # a page's publishing time
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_TABLE_JUNK = re.compile(r"^\s*(?:[-|:\s]+)\s*$")
_RELATED = re.compile(r"^\s*(?:相关链接|相关文章|相关文件|相关附件|相关稿件|相关阅读|相关新闻|相关类别|相关词条)\s*[:：]?\s*$")
# What a site prints after the article, to the end of the page: a heading of its own sections
# (相关解读, 往期推荐, 网友评论 …), or its footer.
_SITE_TAIL = re.compile(
    r"^\s*(?:相关解读|往期推荐|往期回顾|网友评论|发表评论|我要评论|推荐阅读|延伸阅读|热点推荐|热门推荐|热门文章|猜你喜欢|精彩推荐|更多阅读|相关政策)\s*[:：]?\s*$"
)
_RULE = re.compile(r"^\s*[-—_=＿─━]{3,}\s*$")
_SITE_FOOTER = re.compile(r"^.{0,40}(?:ICP备|公网安备|网站标识码|版权所有|Copyright)")
_RUNNING_HEADER = re.compile(
    rf"^\s*(?:[{P.CJK}]{{2,10}}\s+)?{P.GAZETTE_NAME.pattern}\s*"
    rf"(?:(?:19|20)\d\d\s*[·•・.]\s*\d{{1,2}}|(?:19|20)\d\d\s*年\s*第\s*\d{{1,3}}\s*期)?\s*$"
)


# East Asian Wide and Fullwidth ranges (Unicode UAX #11) that occur in Chinese text.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def display_width(text: str) -> int:
    """Width in half-width cells, as the printer laid the line out (CJK = 2)."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text))


def repair(source: SourceText) -> Layout:
    raw_lines = source.text.split("\n")
    rendering, wrap_width = detect_rendering(raw_lines)
    furniture: list[tuple[int, str]] = []
    running_headers: list[str] = []
    drop = _vertical_runs(raw_lines)
    page_furniture = _headers_by_page_numbers(raw_lines)
    simplified = _to_simplified(raw_lines)
    metadata, meta_lines = _page_metadata(simplified or raw_lines)
    lines: list[Line] = []
    related = False  # inside a 相关链接 list
    web_gap = False  # web furniture dropped since the last line kept
    rule_gap = False  # …and it was a horizontal rule
    seen_prose = False
    web_page = False  # a site's furniture stands above the text: one article, whose page has a tail
    site_tail = False  # past the article: comments, recommendations, interpretations, the footer
    for idx, raw in enumerate(raw_lines):
        no = idx + source.first_line
        if not raw.strip():
            continue
        if simplified:
            raw = simplified[idx]  # patterns are simplified; the source text keeps what was printed
        if idx in drop:
            furniture.append((no, "vertical masthead"))
            continue
        if P.PAGE_NUMBER.match(raw):
            furniture.append((no, "page number"))
            continue
        if idx in page_furniture:
            furniture.append((no, "running header"))
            running_headers.append(raw.strip())
            continue
        if site_tail or seen_prose and len(raw) <= WEB_LINE_CHARS and (_SITE_FOOTER.match(raw) or web_page and _SITE_TAIL.match(raw)):
            site_tail = True
            furniture.append((no, "web page tail"))
            continue
        if idx in meta_lines:
            web_page = True
            furniture.append((no, "web page metadata"))
            web_gap = True
            continue
        if len(raw) <= WEB_LINE_CHARS and (P.WEB_FURNITURE.match(raw) or _is_byline(raw)):
            furniture.append((no, "web page furniture"))
            rule_gap = bool(_RULE.match(raw))
            web_page = web_page or not seen_prose  # a site's header above the article
            related = related or (bool(_RELATED.match(raw)) and seen_prose)  # above the text: a menu, not links
            web_gap = True
            continue
        if related and len(raw.strip()) <= 80 and not re.search(r"[。；;]", raw):
            furniture.append((no, "web page related links"))  # the titles listed under 相关链接
            continue
        related = False
        seen_prose = seen_prose or "。" in raw
        text = _strip_markup(raw)
        if rendering == PDF_TEXT or "—" in text:
            text = P.PAGE_NUMBER_TAIL.sub("", text)
        if not text or _TABLE_JUNK.match(text) and "|" in raw:
            continue
        if _RUNNING_HEADER.match(text) and lines:
            furniture.append((no, "running header"))
            running_headers.append(text.strip())
            continue
        page_start = rendering == PDF_TEXT and raw.startswith(" ") and not raw.startswith("  ")
        if _FULLWIDTH_DIGIT.search(text):
            text = text.translate(_ASCII_DIGITS)  # 宁政文〔２０２３〕４１号 → 宁政文〔2023〕41号
        for piece in _run_on_pieces(text) if rendering == MARKDOWN else [text]:
            lines.append(Line(no=no, text=close_up(_trim(piece)), raw=piece if piece is not text else raw, page_start=page_start, after_web_furniture=web_gap, after_rule=rule_gap))
            web_gap = rule_gap = False
    return Layout(
        source=source,
        lines=lines,
        rendering=rendering,
        wrap_width=wrap_width,
        furniture=furniture,
        running_headers=running_headers,
        page_metadata=metadata,
        converted_from="traditional" if simplified else None,
    )


HEADER_REPEATS = 3  # a line printed beside this many page numbers is a running header
HEADER_MAX_CHARS = 24
HEADER_MIN_CHARS = 5


def _headers_by_page_numbers(raw_lines: Sequence[str]) -> set[int]:
    """Running headers and footers of any wording (市政府文件, a section's name, the issue's date):
    short lines printed again and again right next to a page number."""
    numbers = [i for i, raw in enumerate(raw_lines) if raw.strip() and P.PAGE_NUMBER.match(raw)]
    if len(numbers) < HEADER_REPEATS:
        return set()
    near: dict[str, list[int]] = {}
    for i in numbers:
        for j in _nonblank_around(raw_lines, i, 2):
            text = raw_lines[j].strip()
            if len(text) <= HEADER_MAX_CHARS and not P.SENTENCE_END.search(text) and not P.PAGE_NUMBER.match(text):
                near.setdefault(text, []).append(j)
    # Printed hardly anywhere else (a 目录 may name the section once), and longer than the cells of
    # a table's header, which are reprinted on every page the table spans.
    everywhere = Counter(raw.strip() for raw in raw_lines if raw.strip() in near)
    return {
        j
        for text, where in near.items()
        if len(where) >= HEADER_REPEATS and everywhere[text] - len(set(where)) <= 2 and len(text) >= HEADER_MIN_CHARS
        for j in where
    }


def _nonblank_around(raw_lines: Sequence[str], i: int, count: int) -> list[int]:
    out: list[int] = []
    for step in (-1, 1):
        j, seen = i + step, 0
        while 0 <= j < len(raw_lines) and seen < count:
            if raw_lines[j].strip():
                out.append(j)
                seen += 1
            j += step
    return out


RUN_ON_CHARS = 200  # a line this long holding a head and its text is a page that lost its breaks
_RUN_ON_GAP = re.compile(r"[ \u3000]+")


def _run_on_pieces(text: str) -> list[str]:
    """A whole document printed on one line (title 文号 主送机关：text… signature date) back into
    its parts: cut at the spaces that stand where lines ended — after a sentence, a colon or a
    文种, before an item number, a 文号, a date or a 附注. Other spaces stay."""
    if "\t" in text or (len(text) < RUN_ON_CHARS and ("此件" not in text or not _GLUED_DISCLOSURE.search(text))):
        return [text]
    text = _SPACED_NUMBER.sub(lambda m: f"（{m['number']}）", text)  # ( 延政办发[2022]21号 )
    pieces: list[str] = []
    start = 0
    for gap in _RUN_ON_GAP.finditer(text):
        left, right = text[start : gap.start()], text[gap.end() :]
        if left and right and (_RUN_ON_LEFT.search(left) or _RUN_ON_RIGHT.match(right)):
            pieces.append(left)
            start = gap.end()
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


_RUN_ON_LEFT = re.compile(
    rf"(?:[。：:；;！？]|[（(]此件[^）)]{{2,12}}[）)]|{P.TITLE_END.pattern}|{P.DOC_NUMBER.pattern}[）)]?)$", re.VERBOSE
)
_GLUED_DISCLOSURE = re.compile(r"\S\s+[（(]此件[^）)]{2,12}[）)]\s*$")  # 延安市人民政府办公室 二O二二年十月十日 （此件公开发布）
_SPACED_NUMBER = re.compile(rf"(?<=[{P.CJK}])\s*[（(]\s*(?P<number>{P.DOC_NUMBER.pattern})\s*[）)]", re.VERBOSE)
_RUN_ON_RIGHT = re.compile(
    rf"(?:[{P.CN_NUMERAL}]{{1,3}}、|[（(][{P.CN_NUMERAL}]{{1,3}}[）)]|{P.DOC_NUMBER.pattern}|(?:19|20)\d\d\s*年|[{P.CN_DIGITS}]{{4}}年|[（(]此件|附\s*件)",
    re.VERBOSE,
)


WEB_LINE_CHARS = 200  # site furniture is a short line


def _is_byline(raw: str) -> bool:
    """作者:法律资料网 时间:2024-07-08 浏览:8120 来源:法律资料网 — labels of the page, not the text."""
    if "：" not in raw and ":" not in raw:
        return False
    if _BULLETED_BYLINE.match(raw):
        return True  # • 时间:2024-03-12 / • 发布:湖州卫生健康委, a label a line
    labels = len(P.WEB_BYLINE_LABEL.findall(raw)) + bool(_DATETIME.search(raw))
    return len(raw) <= 160 and labels >= 2


_BULLETED_BYLINE = re.compile(r"^\s*[•·▪●]\s*(?:发布|来源|时间|日期|作者|浏览|点击|编辑)\s*[:：]")
META_SCAN_LINES = 80  # a site's metadata box stands above the article


def _page_metadata(raw_lines: Sequence[str]) -> tuple[dict[str, str], set[int]]:
    """The metadata box of an article page (索引号 / 发文字号 / 成文日期 …, a value beside or below
    its label), when it has at least two labels: the values, and the lines to drop."""
    found: dict[str, str] = {}
    taken: set[int] = set()
    seen = 0
    idx = 0
    while idx < len(raw_lines) and seen < META_SCAN_LINES:
        raw = raw_lines[idx]
        if raw.strip():
            seen += 1
        m = P.WEB_META_LABEL.match(raw) if len(raw.strip()) <= 80 else None
        if m:
            label = P.WHITESPACE.sub("", m["label"])
            value = m["value"].strip()
            taken.add(idx)
            if not value:  # the value on the next non-blank line, unless that is a label too
                nxt = next((j for j in range(idx + 1, min(len(raw_lines), idx + 4)) if raw_lines[j].strip()), None)
                if (
                    nxt is not None
                    and not P.WEB_META_LABEL.match(raw_lines[nxt])
                    and len(raw_lines[nxt].strip()) <= 60
                    and not P.RECIPIENT_END.search(raw_lines[nxt])  # 内容概述 left empty, then the 主送机关
                    and label not in ("关键词", "内容概述", "主题词")
                ):
                    value = raw_lines[nxt].strip()
                    taken.add(nxt)
                    idx = nxt
            # 产生日期 2024-03-12 文  号 鞍政发〔2024〕6号: two labels on one row of the box
            for more in _META_PAIR.finditer(" " + value):
                found.setdefault(P.WHITESPACE.sub("", more["label"]), more["value"].strip())
                value = value.split(more.group(0).strip(), 1)[0].strip() if more.group(0).strip() in value else value
            found.setdefault(label, value)
        idx += 1
    if len(found) < 2:
        return {}, set()
    return found, taken


_META_PAIR = re.compile(r"\s(?P<label>文\s*号|发文字号|发布机构|成文日期|发布日期|发文日期|产生日期)\s*(?:[:：]\s*|\s+)(?P<value>\S+)")
TRADITIONAL_SHARE = 0.03  # of the hanzi a traditional→simplified conversion changes
TRADITIONAL_SAMPLE = 4000


def _to_simplified(raw_lines: Sequence[str]) -> list[str] | None:
    """The lines in simplified characters when the text is traditional (the parser's patterns are
    simplified; Line.raw keeps what was printed), else None."""
    text = "\n".join(raw_lines)
    sample = text[:TRADITIONAL_SAMPLE]  # decide on a sample: most files are simplified
    hanzi = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    changed = sum(1 for a, b in zip(sample, _t2s().convert(sample)) if a != b)
    if not hanzi or changed < TRADITIONAL_SHARE * hanzi:
        return None
    converted = _t2s().convert(text)
    return converted.split("\n") if converted.count("\n") == text.count("\n") else None


@cache
def _t2s():  # noqa: ANN202 - opencc is imported only for this
    import opencc

    return opencc.OpenCC("t2s")


LOOSE_DUMP_LINES = 100


def detect_rendering(raw_lines: Sequence[str]) -> tuple[str, int]:
    """A PDF dump has most lines of one width (its column); a conversion has ragged paragraphs."""
    widths = [display_width(line.strip()) for line in raw_lines if line.strip()]
    if len(widths) < 20:
        return MARKDOWN, 0
    counts = Counter(widths)
    mode, _ = counts.most_common(1)[0]
    near_mode = sum(counts[w] for w in range(mode - 2, mode + 3))
    if 16 <= mode <= 120 and near_mode >= 0.3 * len(widths):
        return PDF_TEXT, mode
    # A longer dump whose lines vary more (punctuation pushed to the next line, indented first
    # lines), its one-character masthead lines left out of the count.
    text_widths = Counter(w for w in widths if w >= 8)
    if sum(text_widths.values()) >= LOOSE_DUMP_LINES:
        mode, _ = text_widths.most_common(1)[0]
        near_mode = sum(text_widths[w] for w in range(mode - 4, mode + 5))
        if 16 <= mode <= 120 and near_mode >= 0.4 * sum(text_widths.values()):
            return PDF_TEXT, mode
    return MARKDOWN, 0


def _strip_markup(raw: str) -> str:
    # Markup is rare: the patterns run only on a line that holds one of its characters.
    text = clean_markup(P.MARKUP.sub("", raw)) if any(c in raw for c in "<*#&$") else raw
    if not P.PAGE_NUMBER.match(text):
        text = _LIST_MARKER.sub("", text)
    return text.rstrip(" \r\u3000")


def _trim(text: str) -> str:
    """Outer whitespace off — but a tab-separated row keeps its empty edge cells."""
    return text.strip(" \r\u3000") if "\t" in text else text.strip()


def _vertical_runs(raw_lines: Sequence[str]) -> set[int]:
    """Indexes of lines in runs of single characters that spell a gazette name (a masthead)."""
    out: set[int] = set()
    run: list[int] = []

    def flush() -> None:
        if len(run) >= VERTICAL_RUN:
            spelled = "".join(raw_lines[i].strip() for i in run)
            m = P.GAZETTE_NAME.search(spelled)
            if m:
                # Only the characters that spell the name: a table's one-character cells (— / 9)
                # may stand right next to the masthead.
                out.update(run[m.start() : m.end()])
        run.clear()

    for i, line in enumerate(raw_lines):
        s = line.strip()
        if len(s) == 1:
            run.append(i)
        elif s:
            flush()
    flush()
    return out


# --- Re-flow ------------------------------------------------------------------------------------

# Lines that begin a new unit of text, never continue the previous line.
_ITEM_START = re.compile(
    r"""^(?:
        第[一二三四五六七八九十百零〇\d]+[章节条部分篇]      # 第三章 / 第十九条
      | [一二三四五六七八九十百]+[、.．]                   # 一、
      | [（(][一二三四五六七八九十百]+[）)]                 # （一）
      | \d{1,3}\s*[.．、](?!\d)                          # 1. 1． 1、
      | [（(]\d{1,3}[）)]                                # （1）
      | [①-⑳]
      | 专栏\s*\d | 附\s*件 | 附表 | 注[:：]
      | 咨询单位 | 咨询电话                               # a 政策咨询 box
    )""",
    re.VERBOSE,
)
# 牵头单位：市交通运输局；配合单位： / 市城管局… — a clause's label whose names went to the next line.
_OPEN_LABEL = re.compile(r"(?:牵头单位|配合单位|责任单位|协办单位|责任部门|牵头部门|配合部门|完成期限|完成时限)\s*[:：]$")
_TERMINAL = re.compile(r"[。！？!?；;：:]['\"”’）)」』]*$")
MIN_PROSE_WIDTH = 60  # a markdown line this wide that stops mid-sentence was cut by a page break


def reflow(lines: Iterable[Line], rendering: str, wrap_width: int) -> list[Paragraph]:
    """Join hard-wrapped and page-broken lines into paragraphs (CJK joined without spaces)."""
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    prev_text = ""
    for line in lines:
        text = line.text
        indented = rendering == PDF_TEXT and line.raw.startswith("\u3000\u3000")  # a paragraph's first line
        if current is not None and not indented and _continues(prev_text, text, rendering, wrap_width, current.text) and not _is_closed_title(current, paragraphs):
            current.text = _join(current.text, text)
            current.line_end = line.no
        else:
            current = Paragraph(text=text, line_start=line.no, line_end=line.no)
            paragraphs.append(current)
        prev_text = text
    return paragraphs


def _is_closed_title(current: Paragraph, paragraphs: list[Paragraph]) -> bool:
    """The title of an issued plan, printed under the notice's 附注, ends with its genre word
    (…行动方案): the body's first line must not be glued to it."""
    return (
        len(paragraphs) >= 2
        and bool(P.DISCLOSURE.match(paragraphs[-2].text))
        and not re.search(r"[。，、；：:,;]", current.text)
        and bool(P.PLAN_GENRE_END.search(current.text))
    )


def _continues(prev: str, nxt: str, rendering: str, wrap_width: int, so_far: str = "") -> bool:
    if _ITEM_START.match(nxt) or "\t" in prev or "\t" in nxt:
        return False
    if _open_bracket(so_far or prev) and not P.DATE_LINE.match(nxt) and not P.DOC_NUMBER_LINE.match(nxt):
        return True  # （牵头单位： / 市规划和自然资源局；…） — a bracket split by a break is one clause
    if _TERMINAL.search(prev) and not _OPEN_LABEL.search(prev):
        return False
    if P.DATE_LINE.match(nxt) or P.DISCLOSURE.match(nxt) or P.DATE_LINE.match(prev):
        return False
    if P.DOC_NUMBER_LINE.match(nxt) or P.DOC_NUMBER_LINE.match(prev):
        return False
    width = display_width(prev)
    if rendering == PDF_TEXT:
        if width > wrap_width + 2:
            # Wider than the column: full-width notice prose goes on (it has commas, or it fills
            # the page's width); a centred title does neither.
            return any(ch in prev for ch in "，、；") or width >= 2 * wrap_width - 4
        return width >= wrap_width - 6
    # A converted paragraph cut by a page break is long prose; a long heading has no commas.
    return width >= MIN_PROSE_WIDTH and any(ch in prev for ch in "，、；")


def _open_bracket(text: str) -> bool:
    """The paragraph so far ends inside a bracket or title mark it opened not long ago
    (（牵头单位：… / 、《吕)."""
    for opening, closing in (("（", "）"), ("《", "》")):
        k = text.rfind(opening)
        if k >= 0 and closing not in text[k:] and len(text) - k <= 80:
            return True
    return False


def _join(left: str, right: str) -> str:
    # Latin words and numbers keep one space between them; CJK is joined directly.
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right
