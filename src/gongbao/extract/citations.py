"""Citations: the documents a document cites, by 《title》, by 发文字号 or both, with the relation.

Found in the document's paragraphs, each with its provenance (the sentence as printed and the
paragraph's source lines):

* 《title》（number） — one citation with both: 《山西省人民政府关于印发…的通知》（晋政发〔2024〕10号）;
  also 《…》晋卫医发〔2018〕82号 without brackets and orders: 《…规定》（山西省人民政府令第284号）;
* a number alone: 根据晋政办发〔2020〕86号文件精神;
* a title alone when it names a document — it ends with a 文种 or the genre of a rule, plan or law
  (通知, 意见, 办法, 方案, 规划, 条例, 法 …): not 《吕梁英雄传》, nor a short reference back
  (《规划》 after （以下简称《规划》）).

The relation comes from the clause the citation stands in (answers › implements › cites, and
amends / repeals / replaces); see `relation_of`. The document's own number and title — and what its
title says it issues or approves (关于印发X的通知, 关于对X的批复) — are not citations. Repeated
citations of one document are reported once: the first occurrence, with the strongest relation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


from gongbao import patterns as P
from gongbao.models import Citation, Document, Paragraph
from gongbao.normalize import doc_number as normal_doc_number
from gongbao.normalize import squash

RELATIONS = ("answers", "implements", "amends", "repeals", "replaces", "cites")
# Which relation wins when one document is cited more than once.
STRENGTH = {"replaces": 5, "repeals": 4, "amends": 3, "answers": 2, "implements": 1, "cites": 0}

_OPEN = "（("
_CLOSE = "）)"
_MASK = "□"


# --- Finding citations --------------------------------------------------------------------------


def find_citations(doc: Document) -> list[Citation]:
    own = _own_keys(doc)
    found: list[Citation] = []
    aliases: dict[str, _Hit | None] = {}  # 《决定》 → the citation it stands for (None: not a citation)
    for para in doc.paragraphs:
        if doc.title and squash(para.text) in (squash(doc.title), squash(doc.original.get("title"))):
            continue  # the document's own title line
        found.extend(_in_paragraph(para, aliases))
    return _dedupe([c for c in found if not _is_own(c, doc, own)])


@dataclass
class _Hit:
    start: int  # where the citation starts in the paragraph (its 《, or its number)
    end: int  # after its title, number and bracket
    title: str | None
    number: str | None
    issuer: str | None
    aliases: list[str]


CONTEXT_CHARS = 200  # a citation's clause and sentence, as far as its relation and quote reach
ISSUER_MAX_CHARS = 40  # 省人民政府办公厅《…》: an issuer's name before a title is never longer
ALIAS_LOOKBACK = 40  # （以下简称《规划》）: the alias mark stands just before the title


def _in_paragraph(para: Paragraph, aliases: dict[str, _Hit | None]) -> list[Citation]:
    """The citations of one paragraph; `aliases` (以下简称《决定》) carry over to later paragraphs."""
    text = para.text
    if "《" not in text and "号" not in text and "〔" not in text:
        return []  # neither a title nor a number: nothing to cite (most paragraphs)
    masked = mask(text)
    hits: list[_Hit] = []
    taken = _Spans()  # spans already read as part of a titled citation
    for start, end in _titles(text):
        if P.CITED_ALIAS.search(text[max(0, start - ALIAS_LOOKBACK) : start]):
            continue  # （以下简称《规划》）: an alias, read with the citation before it
        if taken.covers(start):
            continue  # a title inside the brackets of another citation
        title = squash(text[start + 1 : end - 1]) or ""
        number, after, alias_names = _number_after(text, end)
        if number is None and P.CITE_TO_DRAFT.search(text[max(0, start - 8) : start]):
            taken.add(start, after)
            continue  # a document still to be drafted
        if title in aliases:
            hit = aliases[title]
            if hit is not None:  # another mention of an aliased document: same citation
                hits.append(_Hit(start, after, hit.title, hit.number, hit.issuer, []))
            taken.add(start, after)
            continue
        names_doc = number is not None or (
            P.CITED_TITLE_END.search(title) is not None and not P.CITED_GENERIC_TITLE.match(_strip_qualifier(title))
        )
        hit = _Hit(start, after, title, number, _issuer_before(text, start), alias_names)
        for name in alias_names:
            aliases[squash(name) or name] = hit if names_doc else None
        taken.add(start, after)
        if names_doc:
            hits.append(hit)
    for m in P.CITED_NUMBER.finditer(text):
        if taken.covers(m.start("year")):
            continue
        lead = P.CITED_NUMBER_LEAD.match(m["prefix"])
        start = m.start("prefix") + (lead.end() if lead else 0)
        number = _normal_number(text[start : m.end()])
        if number:
            hits.append(_Hit(start, m.end(), None, number, None, []))
    hits.sort(key=lambda h: h.start)
    clauses, sentences = _Breaks(masked, P.CLAUSE_BREAK), _Breaks(masked, P.SENTENCE_BREAK)
    return [
        Citation(
            doc_number=h.number,
            title=h.title,
            relation=relation_of(text, masked, h.start, h.end, clauses, sentences),
            text=_sentence(text, masked, h.start, sentences),
            line_start=para.line_start,
            line_end=para.line_end,
            issuer=h.issuer,
        )
        for h in hits
    ]


def _titles(text: str) -> list[tuple[int, int]]:
    """Spans of the outermost 《…》 (marks included); nested 《》 〈〉 ＜＞ stay inside."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _matching_close(text: str, i: int) -> int | None:
    """The index of the bracket closing the one at i (（ and ( pair with ） and ) alike)."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] in _OPEN:
            depth += 1
        elif text[j] in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return None


def _number_after(text: str, end: int) -> tuple[str | None, int, list[str]]:
    """The number printed right after a title, where the citation ends, and aliases defined there.

    《…》（晋政发〔2024〕6号，以下简称《决定》） · 《…》(国务院令412号) · 《…》晋卫医发〔2018〕82号
    """
    i = end
    while i < len(text) and text[i] in " \u3000":
        i += 1
    if i < len(text) and text[i] in _OPEN:
        close = _matching_close(text, i)
        if close is None:
            return None, end, []
        inside = text[i + 1 : close]
        aliases = [inside[s + 1 : e - 1] for s, e in _titles(inside) if P.CITED_ALIAS.search(inside[:s])]
        m = P.CITED_NUMBER.search(inside)
        if m:
            lead = P.CITED_NUMBER_LEAD.match(m["prefix"])
            number = _normal_number(inside[m.start("prefix") + (lead.end() if lead else 0) : m.end()])
            return number, close + 1, aliases
        order = P.CITED_ORDER_NUMBER.match(inside)
        if order:
            return f"{squash(order['issuer'])}第{int(order['seq'])}号", close + 1, aliases
        return None, (close + 1 if aliases else end), aliases
    m = P.CITED_NUMBER.match(text, i)
    if m and not P.CITED_NUMBER_LEAD.match(m["prefix"]):
        return _normal_number(m.group(0)), m.end(), []
    return None, end, []


def _normal_number(printed: str) -> str | None:
    """吕清洁取暖办发〔2021年〕6号 / 职改字〔1986〕第111号 / 晋政发〔2024〕 10 号 → the normal form."""
    m = P.CITED_NUMBER.search(printed)
    if not m:
        return None
    return normal_doc_number(f"{m['prefix']}〔{m['year']}〕{m['seq']}号")


def _issuer_before(text: str, start: int) -> str | None:
    """省政府办公厅《关于…》 → 省政府办公厅; 山西省人民政府印发的《…》 → 山西省人民政府."""
    j, floor = start, max(0, start - ISSUER_MAX_CHARS)
    while j > floor and _cjk(text[j - 1]):
        j -= 1
    run = text[j:start]
    lead = P.CITED_ISSUER_LEAD.match(run)
    if lead:
        run = run[lead.end() :]
    m = P.CITED_ISSUER.match(run.strip("、"))
    if not m or any(len(part) < 2 for part in m["issuer"].split("、")):
        return None  # 委、市政府 is the tail of a name cut off by the line before
    return m["issuer"]


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "、"


def _strip_qualifier(title: str) -> str:
    """实施方案（试行） → 实施方案."""
    return P.CITED_QUALIFIER.sub("", title)


# --- Relation -----------------------------------------------------------------------------------


def mask(text: str) -> str:
    """The text with what is inside brackets, 《titles》 and “quotations” blotted out (same length),
    so that clause breaks and cue words are only seen in the citing sentence itself."""
    chars = list(text)
    for start, end in _titles(text):
        chars[start:end] = _MASK * (end - start)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in _OPEN or ch == "“":
            stack.append(i)
        elif (ch in _CLOSE or ch == "”") and stack:
            s = stack.pop()
            if not stack:
                chars[s : i + 1] = _MASK * (i + 1 - s)
    return "".join(chars)


class _Spans:
    """Spans added in order of their start; whether a position lies inside one, in log time."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        if self.starts and start <= self.ends[-1]:
            self.ends[-1] = max(self.ends[-1], end)  # overlapping: one span
        else:
            self.starts.append(start)
            self.ends.append(end)

    def covers(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


class _Breaks:
    """The clause or sentence breaks of a paragraph, found once: the span around a citation is
    looked up, not searched for from the paragraph's start (linear in the paragraph, not
    quadratic)."""

    def __init__(self, masked: str, rx: re.Pattern[str]) -> None:
        self.size = len(masked)
        found = [(m.start(), m.end()) for m in rx.finditer(masked)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span of the clause (or sentence) around [start, end), at most CONTEXT_CHARS either
        side (a "sentence" without a full stop can be a whole file)."""
        k = bisect.bisect_right(self.ends, start) - 1
        left = self.ends[k] if k >= 0 else 0
        j = bisect.bisect_left(self.starts, end)
        right = self.starts[j] if j < len(self.starts) else self.size
        return max(left, start - CONTEXT_CHARS), min(right, end + CONTEXT_CHARS)


def relation_of(text: str, masked: str, start: int, end: int, clauses: _Breaks | None = None, sentences: _Breaks | None = None) -> str:
    """How the citation at [start, end) of a paragraph relates to the citing document."""
    left, right = (clauses or _Breaks(masked, P.CLAUSE_BREAK)).around(start, end)
    before, after = masked[left:start], masked[end:right]
    clause = before + after
    s_left, s_right = (sentences or _Breaks(masked, P.SENTENCE_BREAK)).around(start, end)
    sentence = masked[s_left:s_right]
    if P.CITE_REPLACES.search(clause):
        return "replaces"
    if P.CITE_REPEALS.search(clause):
        if P.CITE_ORIGINAL.search(text[left:start]) and P.CITE_FROM_DATE.search(sentence):
            return "replaces"
        return "repeals"
    if P.CITE_AMENDS.search(clause):
        return "amends"
    if P.CITE_ANSWERS.search(after):
        return "answers"
    if P.CITE_IMPLEMENTS.search(clause):
        return "implements"
    if P.CITE_GOVERNS.search(before) and P.CITE_SPIRIT.search(after):
        return "implements"
    return "cites"


def _sentence(text: str, masked: str, start: int, sentences: _Breaks) -> str:
    left, right = sentences.around(start, start)
    if right < len(text) and text[right] in "。；;！!？?":
        right += 1  # keep the sentence's own full stop
    return text[left:right].strip()


# --- Own document, duplicates -------------------------------------------------------------------


def title_key(title: str | None) -> str:
    """The form titles are compared in: no whitespace, no book-title marks or quotation marks,
    half-width brackets, one kind of dash."""
    key = squash(title) or ""
    key = P.TITLE_KEY_MARKS.sub("", key)
    key = key.translate(str.maketrans("（）［］", "()[]"))
    return P.TITLE_KEY_DASH.sub("-", key)


def title_keys(title: str | None, issuer: str | None = None) -> set[str]:
    """Keys a citation of this document's title may take: the title itself and what the title says it
    issues or approves (关于印发X的通知 → X, and X with the issuer before it; A和B → A, B)."""
    keys: set[str] = set()
    if not title:
        return keys
    whole = squash(title) or ""
    keys.add(title_key(whole))
    m = P.TITLE_SUBJECT.match(whole)
    if m:
        issuers = {"", m["issuer"], issuer or ""}
        parts = [m["subject"], *P.SUBJECT_SPLIT.split(title_key(m["subject"]))]
        for part in parts:
            for who in issuers:
                keys.add(title_key(who + part))
    keys.discard("")
    return keys


def _own_keys(doc: Document) -> set[str]:
    keys = title_keys(doc.title, doc.issuer)
    keys.update(title_key(a.title) for a in doc.attachments if a.title)
    return keys


def _is_own(c: Citation, doc: Document, own: set[str]) -> bool:
    if c.doc_number and doc.doc_number and c.doc_number == doc.doc_number:
        return True
    return c.doc_number is None and title_key(c.title) in own


def _same(a: Citation, b: Citation) -> bool:
    if a.doc_number and b.doc_number:
        return a.doc_number == b.doc_number
    return bool(a.title and b.title and title_key(a.title) == title_key(b.title))


def _dedupe(citations: list[Citation]) -> list[Citation]:
    kept: list[Citation] = []
    # _same, looked up rather than compared with every citation kept: by number, and by title
    # among those where one of the two has no number.
    by_number: dict[str, int] = {}
    by_title: dict[str, list[int]] = {}
    for c in citations:
        found = [by_number[c.doc_number]] if c.doc_number and c.doc_number in by_number else []
        if c.title:
            found += [i for i in by_title.get(title_key(c.title), []) if not (c.doc_number and kept[i].doc_number)]
        first = kept[min(found)] if found else None
        if first is None:
            if c.doc_number:
                by_number.setdefault(c.doc_number, len(kept))
            if c.title:
                by_title.setdefault(title_key(c.title), []).append(len(kept))
            kept.append(c)
            continue
        if STRENGTH[c.relation] > STRENGTH[first.relation]:
            first.relation = c.relation
        at = min(found)
        if c.doc_number and not first.doc_number:
            by_number.setdefault(c.doc_number, at)
        if c.title and not first.title:
            by_title.setdefault(title_key(c.title), []).append(at)
        first.doc_number = first.doc_number or c.doc_number
        first.title = first.title or c.title
        first.issuer = first.issuer or c.issuer
    return kept


# --- Cited by -----------------------------------------------------------------------------------


def link_citations(
    citations_by_doc: dict[str, list[Citation]], titles: dict[str, str] | None = None
) -> dict[str, list[str]]:
    """For each document in the mapping, the documents of the mapping that cite it (in mapping order).

    A citation links by its number; one with a title only links through `titles` (doc_number →
    title), when given: 《吕梁市数字政府建设“十四五”规划》 is the document issued by 关于印发吕梁市数字
    政府建设“十四五”规划的通知.
    """
    by_title: dict[str, str] = {}
    for number, title in (titles or {}).items():
        if number in citations_by_doc:
            for key in title_keys(title):
                by_title.setdefault(key, number)
    cited_by: dict[str, list[str]] = {number: [] for number in citations_by_doc}
    for citing, citations in citations_by_doc.items():
        for c in citations:
            if c.doc_number:
                target = c.doc_number if c.doc_number in cited_by else None
            else:
                target = by_title.get(title_key(c.title))
            if target and target != citing and citing not in cited_by[target]:
                cited_by[target].append(citing)
    return cited_by
