"""A web page (a government portal's article page, a mirror site) → the document's text.

Parsed with selectolax (Lexbor). The article body is the element holding the most text once
scripts, styles, navigation, headers, footers, forms and link lists are set aside; its blocks are
lines (a <br> too), its tables rows of tab-separated cells. The page's title comes from its
<meta name="ArticleTitle"> (the convention of gov.cn sites), else its <h1>, else <title>, and is
put first when the body does not begin with it; PubDate and ContentSource are kept as the page's
metadata (SourceText.meta).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from gongbao.models import SourceText

SNIFF_CHARS = 4096
TITLE_SEARCH_LINES = 12
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|title)\b", re.I | re.S)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
# Not the article: the page's furniture.
_FURNITURE = "script, style, noscript, template, nav, header, footer, aside, form, iframe, select, button, svg"
_BLOCKS = frozenset(("p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "center", "dd", "dt"))
MAX_COLSPAN = 50  # a colspan beyond any table's width is a typo or an attack, not more columns
MAX_DEPTH = 40  # elements deeper than this are not weighed as the article
_CANDIDATES = frozenset(("div", "article", "section", "td", "main"))
ARTICLE_SHARE = 0.85  # the article holds this much of the text of the page's best block at least
_LINK_DENSITY = 0.5  # a block whose text is mostly links is a link list (相关链接), not the article
_META = {"ArticleTitle": "title", "PubDate": "published", "ContentSource": "source", "Keywords": "keywords"}


def is_html(data: bytes) -> bool:
    head = data[:SNIFF_CHARS].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head))


def read_html(data: bytes, *, name: str, path: str) -> SourceText:
    from selectolax.lexbor import LexborHTMLParser

    from gongbao.read import ReadError, _decode

    charset = _CHARSET.search(data[:SNIFF_CHARS])
    markup = None
    if charset:
        try:
            markup = data.decode(charset.group(1).decode("ascii"), errors="replace")
        except LookupError:
            markup = None
    if markup is None:
        markup = _decode(data, path)[0]
    tree = LexborHTMLParser(markup)
    meta = {}
    for key, field in _META.items():
        node = tree.css_first(f'meta[name="{key}"]')
        if node is not None and (value := (node.attributes.get("content") or "").strip()):
            meta[field] = value
    title = meta.get("title")
    if not title:
        heading = tree.css_first("h1") or tree.css_first("title")
        title = heading.text(strip=True) if heading is not None else None
    for node in tree.css(_FURNITURE):
        node.decompose()
    body = _article(tree)
    if body is None:
        raise ReadError(path, "网页中没有正文")
    lines = _lines(body)
    if title and _squash(title) not in _squash("".join(lines[:TITLE_SEARCH_LINES])):
        lines.insert(0, title)  # the body does not print it (a title printed over lines does)
    text = "\n\n".join(lines) + "\n"
    if not lines:
        raise ReadError(path, "网页中没有正文")
    return SourceText(
        name=name, path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), encoding="html", text=text,
        meta=tuple(meta.items()), original=data, media_type="text/html",
    )  # fmt: skip


def _squash(text: str) -> str:
    """Words only, in one width: a title printed over three lines, with other dashes, is the same."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


def _article(tree):
    """The element with the most text that is not mostly links (of the elements at most
    MAX_DEPTH deep: a page nested deeper is no article page, and the search stays linear)."""
    root = tree.body or tree.root
    if root is None:
        return None
    scored = []
    for node, depth in _elements(root):
        if node.tag not in _CANDIDATES:
            continue
        text = node.text(strip=True)
        if len(text) < 50:
            continue
        links = sum(len(a.text(strip=True)) for a in node.css("a"))
        if links > _LINK_DENSITY * len(text):
            continue
        scored.append((len(text) - 3 * links, depth, node))
    if not scored:
        return root
    # A wrapper holds the article and the page's leftovers, the article only itself: of the
    # elements holding nearly all of the best one's text, the deepest.
    top = max(score for score, _, _ in scored)
    return max((x for x in scored if x[0] >= ARTICLE_SHARE * top), key=lambda x: x[1])[2]


def _elements(root):
    """(element, depth) below `root`, in document order, at most MAX_DEPTH deep (no recursion)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        if depth < MAX_DEPTH:
            children = []
            child = node.child
            while child is not None:
                if child.tag and not child.tag.startswith("-"):
                    children.append((child, depth + 1))
                child = child.next
            stack.extend(reversed(children))


def _lines(node) -> list[str]:
    """Block elements as lines, <br> as a line break, tables as tab-separated rows (a walk with
    a stack of its own: a page nested thousands deep is read, not a RecursionError)."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(current)).strip()
        if text:
            out.append(text)
        current.clear()

    stack: list[tuple[object, bool]] = [(node, False)]  # (node, leaving a block)
    first = True
    while stack:
        n, leaving = stack.pop()
        if leaving:
            flush()
            continue
        tag = n.tag
        if not first:
            if tag == "-text":
                current.append(n.text_content or "")
                continue
            if tag == "br":
                flush()
                continue
            if tag == "table":
                flush()
                out.extend(_rows(n))
                continue
        first = False
        block = tag in _BLOCKS
        if block:
            flush()
            stack.append((n, True))
        children = []
        child = n.child
        while child is not None:
            children.append((child, False))
            child = child.next
        stack.extend(reversed(children))
    flush()
    return out


def _rows(table) -> list[str]:
    rows = []
    for tr in table.css("tr"):
        cells = []
        for cell in tr.iter():
            if cell.tag not in ("td", "th"):
                continue
            text = re.sub(r"\s+", "", cell.text(separator=""))
            span = cell.attributes.get("colspan") or "1"
            cells += [text] + [""] * (min(int(span), MAX_COLSPAN) - 1 if span.isdigit() else 0)
        if any(cells):
            rows.append("\t".join(cells))
    return rows
