"""Extractive answers: the passage of the best documents that answers a question, or an honest
refusal.

The question is read first (search.question): its kind (when, who, how_much, list, condition,
procedure, contact) and constraints (years, response level, the unit a number is asked in).
Candidates are the sentences of the best documents plus facts the extract stage read, written
as sentences ("fact"): tasks with their 牵头/责任/配合 units and deadlines (who, when), leading
bodies' posts (who), plan targets by year (how_much). A candidate is scored by how much of the
question's term weight (IDF, question words left out) it holds, counting its document's title
fully and the outline heading above it at a discount, plus a bonus for holding what the kind asks
(a unit, a date, an amount in the unit asked, an enumeration, a condition, a step), the year and
the level asked. Headings are not answers; for lists, conditions and procedures a heading or a
sentence ending in ： brings the items under it. Whom to call is the document's 政策咨询.

Refusals: below MIN_COVERAGE nothing answers; a question naming a year is refused when no
candidate holds that year (a 2030 target is not a 2025 one). Either way the answer is empty,
with a reason in Chinese and the nearest documents.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from gongbao import patterns as P
from gongbao.search.facts import FACT, LEADING_ROLES, facts
from gongbao.search.question import ASPECT_VERBS, Reading, plan_years, read_question, synonyms
from gongbao.search.results import Answer, AnswerSentence
from gongbao.search.tokens import match_form, normalize_text
from gongbao.store.fulltext import DocumentMeta, PassageText, child_passages, documents_meta, first_passage, passages, short_passages
from gongbao.store.indexing import PATH_SEPARATOR

if TYPE_CHECKING:
    from gongbao.store import Store

ANSWER_DOCS = 3  # documents searched for an answer
ANSWER_PASSAGES = 40  # passages of each, best by the index
MIN_COVERAGE = 0.5  # share of the question's term weight an answer must hold
# …for a list, a condition or a procedure, asked in many more words of its own (才能拿到, 怎么评出来)
MIN_COVERAGE_LOOSE = 0.4
MIN_OWN_AMOUNT = 0.25  # of the question's weight, in the very sentence that states an amount
PATH_WEIGHT = 0.7  # a term only in the outline heading above a sentence counts this much
DOCUMENT_WEIGHT = 0.3  # …and one only elsewhere in its document
OWN_WEIGHT = 0.15  # the share of the question a sentence holds in its own words, on top
DATE_BONUS = 0.1  # a when-question: a date printed, not 自印发之日起
CUE_BONUS = 0.25
CONTACT_RANK_PENALTY = 0.1  # per place of a document whose 政策咨询 is offered
RANK_PENALTY = 0.05  # per place of the document in the search ranking
HEADING_PENALTY = 0.4
STRICT_KINDS = frozenset(("when", "who", "how_much"))
SECTION_KINDS = frozenset(("list", "condition", "procedure"))
SECTION_BONUS = 0.5
MISSING_CUE_PENALTY = 0.5
HEADING_MAX_CHARS = 30
HEADINGS_SCANNED = 20
INTRO_MAX_CHARS = 200
INTROS_SCANNED = 80
LIST_ITEM_MAX_CHARS = 400
_CONDITION_INTROS = ("下列情形", "以下情形", "下列条件", "以下条件", "下列情况", "以下情况")
UNIT_BONUS = 0.2
YEAR_BONUS = 0.1
NEIGHBOUR_MARGIN = 0.1  # a runner-up this close, next to the best, joins the answer
SINGLE_CHAR_WEIGHT = 0.5
# Sentence ends, but not before a closing quote, nor before 修改为/调整为 (an amendment's new text
# belongs with the old one it replaces).
SENTENCE_END = re.compile(r"(?<=[。；;！!？?])(?![”」』\"）)])(?!\s*(?:修改为|调整为|变更为))")
MIN_SENTENCE_CHARS = 4


@dataclass
class _Scored:
    score: float
    coverage: float
    doc_id: int
    sentence: AnswerSentence
    passage: PassageText
    index: int  # of the sentence in its passage
    holds_kind: bool = True  # holds what the question's kind asks (a date, a unit, an amount …)
    own: float = 0.0  # share of the question's weight in the sentence's own words


@dataclass
class _Question:
    text: str
    terms: list[str]
    reading: Reading
    weight: dict[str, float]  # term → IDF weight, question words left out
    total: float

    @property
    def wants(self) -> set[str]:
        return self.reading.wants

    # Facts of the question every candidate sentence is scored against: worked out once.
    @cached_property
    def section_nouns(self) -> list[str]:
        """What a list, condition or procedure question calls the part it wants (改造程序 → 程序)."""
        return list(dict.fromkeys(_SECTION_NOUN.findall(self.text)))

    @cached_property
    def narrowing_places(self) -> list[str]:
        """The places named that narrow it (孝义市; not 吕梁市, which every document names)."""
        return [p for p in self.reading.places if max(self.weight.get(p, 0.0), self.weight.get(p[:-1], 0.0)) >= PLACE_MIN_WEIGHT]

    @cached_property
    def asks_company(self) -> bool:
        return bool(self.reading.kind == "who" and _ASKS_COMPANY.search(self.text))


def answer(
    store: Store, conn: Connection, question: str, terms: Sequence[str], ranked: Sequence[tuple[int, float, bool]], weight: dict[str, float]
) -> Answer:
    """The answer to `question` from the documents `ranked` by search for its `terms`."""
    q = _question(question, terms, weight)
    candidates = list(ranked[:ANSWER_DOCS])
    metas = documents_meta(conn, [doc_id for doc_id, _, _ in candidates])
    scored: list[_Scored] = []
    for rank, (doc_id, _score, by_number) in enumerate(candidates):
        scored += _scored_sentences(store, conn, q, doc_id, by_number, normalize_text(metas[doc_id].title or ""), rank)
    alternatives = [{"document_id": m.id, "doc_number": m.doc_number, "title": m.title} for m in metas.values()]
    if "contact" in q.wants:
        # Whom to call is the 政策咨询 of the document the question is about: of the best-ranked
        # ones that print one, the one whose title and passages hold most of what the question
        # names (and the year it names, if any).
        def fit(doc_id: int, rank: int) -> float:
            meta = metas[doc_id]
            year = bool(q.reading.years) and any(y in f"{meta.title or ''}{meta.doc_number or ''}{meta.signed_date or ''}" for y in q.reading.years)
            best_three = sorted((x for x in scored if x.doc_id == doc_id), key=lambda x: -x.score)[:3]
            return _document_coverage(q, best_three, meta.title) + YEAR_BONUS * year - CONTACT_RANK_PENALTY * rank

        with_contact = [(fit(doc_id, rank), doc_id) for rank, (doc_id, _, _) in enumerate(candidates) if metas[doc_id].consultation]
        if with_contact:
            coverage, top = max(with_contact)
            if coverage >= MIN_COVERAGE:
                best_here = max((x for x in scored if x.doc_id == top), key=lambda x: x.score, default=None)
                if best_here is not None:
                    return _answer(q, metas[top], best_here.sentence, best_here.score, alternatives)
    floor = MIN_COVERAGE_LOOSE if q.reading.kind in SECTION_KINDS else MIN_COVERAGE
    # The best of the candidates that hold enough of the question (a heading scored high on its
    # bonus but holding little of it is not one).
    best = max((x for x in scored if x.coverage >= floor), key=lambda x: x.score, default=None)
    if best is None:
        return no_answer(question, "文件中没有足够贴合该问题的内容，未能给出可靠答案。", alternatives, q.reading)
    if q.reading.years:
        # A 2030 question is not answered by a 2025 figure: only candidates that hold a year asked.
        holding = [
            x for x in scored
            if x.coverage >= floor and _holds_year(x, metas[x.doc_id], q.reading.years, q.reading.kind)
            and (x.holds_kind or q.reading.kind not in STRICT_KINDS)
        ]  # fmt: skip
        if not holding:
            years = "、".join(sorted(q.reading.years))
            return no_answer(question, f"相关文件中没有{years}年的内容，不能用其他年份的数据代替。", alternatives, q.reading)
        best = max(holding, key=lambda x: x.score)
    if q.reading.kind == "how_much" and best.own < MIN_OWN_AMOUNT:
        # 25亿元 of 劳务收入 does not answer 培训补贴多少钱: an amount must stand with what it is of
        return no_answer(question, "相关文件提到了这件事，但没有写明所问的数额。", alternatives, q.reading)
    support = _with_support(conn, best, q.wants)
    if q.reading.kind in STRICT_KINDS and not best.holds_kind and not (best.passage.id != FACT and support != best.sentence):
        what = {"when": "时间", "who": "责任单位或人员", "how_much": f"以“{_unit_word(q.reading.unit)}”计的数额" if q.reading.unit else "数额"}[q.reading.kind]
        return no_answer(question, f"相关文件提到了这件事，但没有写明所问的{what}。", alternatives, q.reading)
    sentence = _with_siblings(conn, best, q) or _with_labelled_siblings(conn, best, q) or _with_items(best) or _with_neighbour(best, scored) or _with_section(conn, best, q) or support
    return _answer(q, metas[best.doc_id], sentence, best.score, alternatives)


def _answer(q: _Question, meta: DocumentMeta, sentence: AnswerSentence, score: float, alternatives: list[dict[str, Any]]) -> Answer:
    text = sentence.text
    if q.reading.kind == "who" and sentence.path and not P.ANSWER_UNIT.search(text):
        # (八) 市市场监管局 / 负责…: the unit is the heading the sentence stands under.
        label = sentence.path.rsplit("›", 1)[-1].strip()
        name = P.OUTLINE_NUMBER_PREFIX.sub("", label)
        if P.ANSWER_UNIT.fullmatch(name):
            text = f"{name}：{text}"
    if "contact" in q.wants and meta.consultation:
        text = "；".join(f"政策咨询：{c['unit']}，电话 {c['phone']}" for c in meta.consultation)
    return Answer(
        question=q.text, answer=text, sentences=[sentence], document_id=meta.id, doc_number=meta.doc_number,
        title=meta.title, line_start=sentence.line_start, line_end=sentence.line_end, path=sentence.path,
        consultation=meta.consultation, score=round(score, 4),
        alternatives=[a for a in alternatives if a["document_id"] != meta.id],
        kind=q.reading.kind, reading=q.reading.explain(),
    )  # fmt: skip


def _document_coverage(q: _Question, scored: list[_Scored], title: str | None) -> float:
    """Share of the question's weight held by a document's title and the passages found in it."""
    text = normalize_text(title or "") + " " + " ".join(match_form(x.sentence.text) for x in scored)
    return sum(w for t, w in q.weight.items() if t in text) / q.total


def _question(text: str, terms: Sequence[str], weight: dict[str, float]) -> _Question:
    """`weight` holds the question's words without those that only ask (engine.prepare_question)."""
    reading = read_question(text)
    aspect = ASPECT_VERBS.get(reading.aspect or "", ())
    kept = {t: w for t, w in weight.items() if not any(t in v or v in t for v in aspect)}
    # 更新改造 besides 更新 and 改造 (search-mode segmentation gives all three): its parts weigh it
    # already, and a sentence that says 更新 alone should not lose the compound's weight too.
    kept = {t: w for t, w in kept.items() if not _covered_by_parts(t, kept)}
    return _Question(text, list(terms), reading, kept, sum(kept.values()) or 1.0)


def _covered_by_parts(term: str, terms: dict[str, float]) -> bool:
    parts = [u for u in terms if u != term and len(u) >= 2 and u in term]
    return len(term) >= 4 and sum(len(u) for u in parts) >= len(term)


def _unit_word(unit: str | None) -> str:
    return "元" if unit == "钱" else unit or ""


def _in_unit_asked(sentence: str, unit: str | None) -> bool:
    """多少钱 is answered in 元, 多少户 in 户: an amount in the unit asked, when one is."""
    if unit is None:
        return True
    units = _amount_units(sentence)
    return ANY_UNIT in units or bool(units & _UNIT_FORMS.get(unit, {unit}))


def _amount_units(sentence: str) -> set[str]:
    """The units of the amounts a sentence states; a year (2030年) is no amount. A table row's
    numbers carry their unit in the column header: any unit."""
    units = {m["unit"] for m in P.ANSWER_AMOUNT.finditer(sentence) if not (m["unit"] == "年" and P.QUERY_YEAR.match(m.group(0)))}
    if "\t" in sentence and any(_BARE_NUMBER.fullmatch(cell.strip()) for cell in sentence.split("\t")[1:]):
        # 基本养老保险参保率 (%)\t93\t98: the row names its unit in brackets; else any unit
        named = {m["unit"] for m in _BRACKETED_UNIT.finditer(sentence)}
        units |= named or {ANY_UNIT}
    return units


ANY_UNIT = "*"
_BRACKETED_UNIT = re.compile(rf"[（(]\s*(?P<unit>{P.AMOUNT_UNITS})\s*[）)]")
_BARE_NUMBER = re.compile(r"-?\d+(?:[.．]\d+)?\s*[%％]?")  # a cell that is a number (not the row's 序号, its first cell)


def _holds_year(x: _Scored, meta: DocumentMeta, years: set[str], kind: str) -> bool:
    """The candidate, its heading or its document's title names a year asked, or a span that holds
    it (2021—2025年). An amount must name the year itself: a 2022 figure of a 2021—2023 plan does
    not answer for 2023."""
    own = f"{x.passage.text} {x.passage.path or ''}"  # 到2027年，…；二手车交易量…增长45%
    text = f"{own} {meta.title or ''}" if kind == "how_much" else f"{own} {meta.title or ''} {meta.doc_number or ''} {(meta.signed_date or '')[:4]}"
    if any(y in text for y in years):
        return True
    # 到“十四五”末 is 2025
    if plan_years(text) & years:
        return True
    spans = _YEAR_SPAN.findall(own if kind == "how_much" else text)  # a plan's span in its title is no figure's year
    return any(int(a) <= int(y) <= int(b) for a, b in spans for y in years)


_YEAR_SPAN = re.compile(r"((?:19|20)\d\d)\s*年?\s*[-－—–~～至到]+\s*((?:19|20)\d\d)")


def idf_weights(doc_count: int, df: dict[str, int], spoken: frozenset[str] = frozenset()) -> dict[str, float]:
    """Term weights by IDF; a single character says less than a word (里, 占, 段); a compound the
    documents never use (吕梁地区) weighs no more than its parts (吕梁, 地区).

    Not the index's BM25 IDF (FullTextIndex.idf), which is ~0 for a term in over half the
    documents: here such a term still counts a little toward how much of the question a sentence
    holds (measured: BM25's IDF here answers 2–6 points fewer questions on every query set)."""
    weight = {t: math.log((doc_count + 1) / (n + 0.5)) * (SINGLE_CHAR_WEIGHT if len(t) == 1 else 1.0) for t, n in df.items()}
    # A word no document holds that names no thing (评出来, 什么样, 才能) says more about how the
    # question was put than about what it asks: it weighs no more than the average word. An
    # absent noun (护照, 养老保险) keeps its weight: the documents do not speak of it.
    known = [w for t, w in weight.items() if df[t]]
    if known and spoken:
        cap = sum(known) / len(known)
        weight = {t: (min(w, cap) if t in spoken else w) for t, w in weight.items()}
    for t, n in df.items():
        parts = [u for u in df if u != t and u in t]
        if n == 0 and parts:
            weight[t] = min(weight[t], sum(weight[u] for u in parts))
    return weight


def _scored_sentences(store: Store, conn: Connection, q: _Question, doc_id: int, by_number: bool, title: str, rank: int) -> list[_Scored]:
    # Within one document its title's words are everywhere: find its passages by the other words.
    inner = [t for t in q.terms if t not in title] or list(q.terms)
    # 本办法自2021年8月20日起实施 holds none of the topic's words: find it by the aspect asked.
    inner += [v for v in ASPECT_VERBS.get(q.reading.aspect or "", ()) if v not in inner]
    ids = [pid for pid, _ in store.fulltext.rank_passages(conn, inner, doc_id, ANSWER_PASSAGES)] if inner else []
    paras = passages(conn, ids) + facts(conn, doc_id, q.wants, q.reading.kind)
    seen = {p.id for p in paras}
    for words, labelled, max_chars, limit in _lookups(q, title):
        paras += [p for p in short_passages(conn, doc_id, words, max_chars, limit, labelled=labelled) if p.id not in seen]
        seen.update(p.id for p in paras)
    head = first_passage(conn, doc_id) if by_number or not paras else None
    out = []
    # Words the document uses in the passages found (地理标志 in a 知识产权 document): a generic
    # sentence of it (本办法自…起施行) holds them at a discount.
    found_text = " ".join(match_form(p.text) for p in paras)
    in_document = {t for t in q.weight if t in found_text and t not in title}
    if head is not None:
        # The question names the document (or nothing else matched): its head is the answer.
        out.append(_Scored(1.0 if by_number else 0.0, 1.0 if by_number else 0.0, doc_id,
                           AnswerSentence(head.text, head.line_start, head.line_end, head.path, 1.0), head, 0))  # fmt: skip
    for passage in paras:
        path = match_form(passage.path or "")
        for i, sentence in enumerate(sentences(passage.text) if passage.id != FACT else [passage.text]):
            if _NO_ANSWER.match(sentence):
                continue  # （此件公开发布）, a date, a signature: the document's furniture, never an answer
            norm = match_form(sentence)
            own = sum(w for t, w in q.weight.items() if _holds(t, norm))
            # Within the document its title tells no sentence from another: its terms count for all.
            # 本办法自…起施行 speaks of the whole document: what the document is about, it is about.
            whole = 1.0 if _SELF_REFERENCE.match(sentence) else DOCUMENT_WEIGHT
            near = sum(
                w * (1.0 if t in title else PATH_WEIGHT if t in path else whole)
                for t, w in q.weight.items() if not _holds(t, norm) and (t in title or t in path or t in in_document)
            )  # fmt: skip
            coverage = (own + near) / q.total
            # What the sentence itself says of the topic tells it from its neighbours under the same title.
            score = coverage + OWN_WEIGHT * own / q.total + cue_bonus(sentence, q) - RANK_PENALTY * rank
            if q.reading.kind == "how_much":
                holds_kind = bool(_amount_units(sentence)) and _in_unit_asked(sentence, q.reading.unit)
            elif q.reading.aspect == "frequency":
                holds_kind = bool(P.ANSWER_FREQUENCY.search(sentence))
            else:
                holds_kind = _has_cue(sentence, {q.reading.kind})
            if _is_heading(norm, passage, title):
                nouns = q.section_nouns
                # …or holds most of the question (of a counted list: the thing counted, too)
                holds_most = own >= q.total / 2 and (not q.reading.classifier or q.reading.classifier in sentence)
                names_part = any(n in sentence for n in nouns) or q.reading.kind != "condition" and holds_most
                is_title = "".join(norm.split()).rstrip("。.") in "".join(title.split())
                if q.reading.kind in SECTION_KINDS and passage.id != FACT and names_part and not is_title:
                    score += SECTION_BONUS  # 四、改造程序 heads the procedure asked for: its items answer
                elif not holds_kind:
                    score -= HEADING_PENALTY
            if q.reading.kind == "list" and "\t" in sentence:
                score -= TABLE_ROW_PENALTY  # one row of a table is one item, not the list asked for
            if q.reading.kind in STRICT_KINDS and not holds_kind:
                score -= MISSING_CUE_PENALTY  # no date answers 什么时候, no amount 多少
            kind = "fact" if passage.id == FACT else "quote"
            found = AnswerSentence(sentence.strip(), passage.line_start, passage.line_end, passage.path, round(score, 4), kind)
            out.append(_Scored(score, coverage, doc_id, found, passage, i, holds_kind, own / q.total))
    return out


_NO_ANSWER = re.compile(
    rf"^\s*(?:{P.DISCLOSURE.pattern.strip('^$').strip()}|(?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|[\u4e00-\u9fff]{{2,20}}(?:人民政府|办公室|办公厅))\s*$"
)
def _lookups(q: _Question, title: str) -> list[tuple[list[str], bool, int, int]]:
    """What else to look for in a document, by the kind of question, beyond what the index ranks
    (words, whether as a label before a colon, the longest passage, how many):
    - a list, condition or procedure: headings by the question's own words (四、改造程序 is short,
      and the index ranks it below long passages that repeat the topic);
    - a counted list: the sentences that count it (四个方面) and items labelled with what is
      counted (基础类改造：…);
    - a condition: the sentences that introduce conditions (有下列情形之一的，…：)."""
    out: list[tuple[list[str], bool, int, int]] = []
    kind, cls = q.reading.kind, q.reading.classifier
    if kind in SECTION_KINDS:
        words = [t for t in sorted(q.weight, key=lambda t: -q.weight[t]) if t not in title] + q.section_nouns
        out.append((words, False, HEADING_MAX_CHARS, HEADINGS_SCANNED))
    if kind == "list" and cls:
        if len(cls) >= 2:
            out.append(([f"个{cls}", f"大{cls}"], False, LIST_ITEM_MAX_CHARS, INTROS_SCANNED))
        out.append(([cls], True, LIST_ITEM_MAX_CHARS, INTROS_SCANNED))
    if kind == "condition":
        out.append((list(_CONDITION_INTROS), False, INTRO_MAX_CHARS, INTROS_SCANNED))
    return out


_SELF_REFERENCE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+条\s*|[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*)?本(?:办法|规定|方案|预案|细则|通知|意见|决定|条例|计划|规划|措施|制度|实施方案|行动方案)"
)


_SECTION_NOUN = re.compile(r"程序|流程|步骤|环节|阶段|方式|途径|渠道|办法|措施|要求|条件|情形|内容|对象|范围|标准")


def _holds(term: str, text: str) -> bool:
    """The term (or a word documents use for it: 投诉 for 举报) is in the text; a post (组长) not
    only as part of its deputy's (副组长)."""
    if term not in text:
        return any(alt in text for alt in synonyms(term)[1:])
    if term not in LEADING_ROLES:
        return True
    return any(not text[:m.start()].endswith(("副", "常务副")) for m in re.finditer(re.escape(term), text))


def _with_neighbour(best: _Scored, scored: list[_Scored]) -> AnswerSentence | None:
    """Best and runner-up, when they stand next to each other and score alike: the answer spans
    both (为鼓励…出行 + 奖励办法：…每人奖励2000元)."""
    runner = max((x for x in scored if x is not best), key=lambda x: x.score, default=None)
    if runner is None or runner.doc_id != best.doc_id or runner.score < best.score - NEIGHBOUR_MARGIN or FACT in (runner.passage.id, best.passage.id):
        return None
    first, second = sorted((best, runner), key=lambda x: (x.passage.id, x.index))
    if first.passage.id == second.passage.id:
        adjacent = second.index == first.index + 1
    else:
        adjacent = second.passage.id - first.passage.id == 1 and first.index == len(sentences(first.passage.text)) - 1 and second.index == 0
    if not adjacent:
        return None
    return AnswerSentence(
        first.sentence.text + second.sentence.text, first.sentence.line_start, second.sentence.line_end, best.sentence.path, best.sentence.score
    )


TABLE_ROW_PENALTY = 0.2


def _is_heading(norm: str, passage: PassageText, title: str) -> bool:
    """The document's title or an outline heading, not a statement."""
    squashed = "".join(norm.split()).rstrip("。.")
    if squashed and squashed in "".join(title.split()):
        return True
    label = "".join(normalize_text((passage.path or "").rsplit("›", 1)[-1]).split()).rstrip("…")
    squashed = unicodedata.normalize("NFKC", squashed)  # the label is in normal form: （ → (
    # An item's first sentence is its node's heading too (2.本方案…施行期暂定3年): a statement
    # still, unless short and without a clause break.
    statement = "，" in squashed or "," in squashed or len(squashed) > HEADING_MAX_CHARS
    return bool(label) and not statement and (squashed.startswith(label) or label.startswith(squashed)) and len(squashed) <= len(label) + 2


def _with_support(conn: Connection, best: _Scored, wants: set[str]) -> AnswerSentence:
    """The best sentence, with the next one when that holds what the question asks and it does
    not (牵头单位：… / 完成期限：… printed as the next paragraph, or an amendment's new text)."""
    sentence = best.sentence
    introduces = sentence.text.rstrip().endswith(("：", ":"))  # 决定任命： — what follows answers
    if not introduces and (not wants - {"contact"} or _has_cue(sentence.text, wants)):
        return sentence
    rest = sentences(best.passage.text)[best.index + 1 :]
    following = [(s, best.passage) for s in rest[:2]]
    if not following and best.passage.id != FACT:
        seq_ids = [best.passage.id + k for k in (1, 2)]
        following = [(s, p) for p in passages(conn, seq_ids) if p.path == best.passage.path for s in sentences(p.text)[:1]]
    for text, passage in following:
        if introduces or _has_cue(text, wants):
            return AnswerSentence(
                f"{sentence.text}{text.strip()}", sentence.line_start, max(sentence.line_end, passage.line_end), sentence.path,
                sentence.score, sentence.kind,
            )  # fmt: skip
    return sentence


def _labelled_item(text: str, classifier: str) -> str | None:
    """基础类改造：为满足… → 基础类改造, when the label names the classifier asked (类)."""
    m = _ITEM_LABEL.match(text)
    return m["label"] if m and classifier in m["label"] else None


_ITEM_LABEL = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)?(?P<label>[^：:，。；,;]{2,14})[：:]")


def _with_labelled_siblings(conn: Connection, best: _Scored, q: _Question) -> AnswerSentence | None:
    """基础类改造：… / 完善类改造：… / 提升类改造：… printed a paragraph each under one heading: the
    labels of the neighbouring paragraphs that name the classifier asked."""
    classifier = q.reading.classifier
    if not classifier or best.passage.id == FACT or not _labelled_item(best.passage.text, classifier):
        return None
    ids = [best.passage.id + k for k in range(-SIBLING_REACH, SIBLING_REACH + 1)]
    near = [p for p in passages(conn, ids) if p.document_id == best.doc_id and p.path == best.passage.path]
    items = [(p, label) for p in near if (label := _labelled_item(p.text, classifier))]
    if len(items) < 2:
        return None
    text = "；".join(label for _, label in items) + "。"
    return AnswerSentence(text, items[0][0].line_start, items[-1][0].line_end, best.passage.path, best.sentence.score, "quote")


SIBLING_REACH = 6


def _with_siblings(conn: Connection, best: _Scored, q: _Question) -> AnswerSentence | None:
    """分几个阶段 → 1. 安排部署阶段；2. 清理处置阶段；3. 督促检查阶段: when the best passage is an
    item heading named by the classifier asked, the answer is it and its sibling headings."""
    classifier = q.reading.classifier
    path = best.passage.path or ""
    if not classifier or best.passage.id == FACT or PATH_SEPARATOR not in path and not path:
        return None
    parent, _, label = path.rpartition(PATH_SEPARATOR)
    if classifier not in label:
        return None
    depth = path.count(PATH_SEPARATOR)
    heads = []
    for passage in child_passages(conn, best.doc_id, parent or None, SIBLINGS_SCANNED):
        own = (passage.path or "").rpartition(PATH_SEPARATOR)[2]
        if (passage.path or "").count(PATH_SEPARATOR) == depth and _squashed(passage.text).startswith(_squashed(own)[:HEADING_PREFIX]):
            heads.append(passage)
    named = [h for h in heads if classifier in h.text]
    if len(named) < 2:
        return None
    text = "；".join(h.text.strip().rstrip("。；;") for h in named) + "。"
    return AnswerSentence(text, named[0].line_start, named[-1].line_end, parent or None, best.sentence.score, "quote")


SIBLINGS_SCANNED = 200
HEADING_PREFIX = 6


def _squashed(text: str) -> str:
    return "".join(text.split())


def _with_items(best: _Scored) -> AnswerSentence | None:
    """符合以下情形之一时，启动三级响应：1. …；2. …；3. …: the sentence that introduces a list,
    with the list's items that follow it in the passage (up to the next introduction)."""
    if best.passage.id == FACT or not _INTRO.search(best.sentence.text):
        return None
    items = []
    for text in sentences(best.passage.text)[best.index + 1 :]:
        if _INTRO.search(text) or sum(len(t) for t in items) + len(text) > SECTION_CHARS:
            break
        items.append(text.strip())
    if not items:
        return None
    s = best.sentence
    return AnswerSentence(s.text + "".join(items), s.line_start, s.line_end, s.path, s.score, s.kind)


_INTRO = re.compile(r"(?:以下|下列|如下)[^：:。；]{0,40}[：:]")
_CONDITION_INTRO = re.compile(r"(?:以下|下列|如下)[^：:。；]{0,4}(?:情形|条件|情况)")


def _with_section(conn: Connection, best: _Scored, q: _Question) -> AnswerSentence | None:
    """For a list, a condition or a procedure: a heading, or a sentence that ends in ：, with the
    items printed under it (5.3.2 二级响应 / 符合下列情形之一的：/ 1.… 2.…)."""
    if q.reading.kind not in SECTION_KINDS or best.passage.id == FACT:
        return None
    text = best.sentence.text.rstrip()
    norm = match_form(text)
    is_head = _is_heading(norm, best.passage, "") or len(text) <= HEADING_MAX_CHARS and not re.search(r"[，。；,;]", text)
    if not (text.endswith(("：", ":")) or is_head):
        return None
    ids = [best.passage.id + k for k in range(1, SECTION_PASSAGES + 1)]
    # （二）改造流程。燃气公司… — the heading printed at the head of its own paragraph
    rest = "".join(sentences(best.passage.text)[best.index + 1 :]).strip()
    parts, end = [text, rest] if rest else [text], best.sentence.line_end
    for passage in passages(conn, ids):
        if passage.document_id != best.doc_id or _starts_sibling(passage, best.passage, text):
            break
        parts.append(passage.text)
        end = passage.line_end
        if sum(len(p) for p in parts) >= SECTION_CHARS:
            break
    if len(parts) == 1:
        return None
    return AnswerSentence("\n".join(parts), best.sentence.line_start, end, best.sentence.path, best.sentence.score, best.sentence.kind)


SECTION_PASSAGES = 8
SECTION_CHARS = 600


def _starts_sibling(passage: PassageText, head: PassageText, head_text: str) -> bool:
    """The next heading at the head's own level or above: 5.3.3 after 5.3.2's items."""
    if passage.path == head.path and not head_text.endswith(("：", ":")):
        # Under the same path the heading was a paragraph of its parent: a new short
        # unpunctuated paragraph is the next heading.
        return len(passage.text) <= HEADING_MAX_CHARS and not re.search(r"[，。；,;]", passage.text)
    return bool(head.path) and not (passage.path or "").startswith(head.path or "")


def question_phrases(question: str) -> list[str]:
    """The words of a question that only ask: 哪个部门, 多少钱, 咨询电话 (normal form)."""
    return [m.group(0) for m in P.QUESTION_PHRASE.finditer(normalize_text(question))]


def cue_bonus(sentence: str, q: _Question) -> float:
    """For what the question asks, what the sentence holds: a unit, a date, a number (in the unit
    asked), the year asked."""
    bonus = CUE_BONUS * len({name for name, pattern in _CUES if name in q.wants and pattern.search(sentence)})
    reading = q.reading
    head = sentence.lstrip()[:LABEL_CHARS]
    if (colon := max(head.find("："), head.find(":"))) > 0 and match_form(head[:colon]).strip() in q.weight:
        bonus += LABEL_BONUS  # 指挥长：市政府分管副市长 — the very thing asked, labelled
    if "how_much" in q.wants and reading.unit:
        if _amount_units(sentence) & _UNIT_FORMS.get(reading.unit, {reading.unit}):
            bonus += UNIT_BONUS
    if reading.classifier:
        # In the question's own word: 几个等级 → 四个等级; 哪几级 → 三级、二级、一级; 几个办公室 → 综合办公室、…
        item = re.escape(reading.classifier)
        if re.search(rf"[一二两三四五六七八九十\d]+\s*个?\s*{item}", sentence):
            bonus += COUNT_BONUS
        if re.search(rf"[^、，。；]{{1,8}}{item}、[^、，。；]{{1,8}}{item}", sentence):
            bonus += COUNT_BONUS
        if _labelled_item(sentence, reading.classifier):
            bonus += COUNT_BONUS  # 基础类改造：… — one of the items asked for, labelled
    if reading.kind == "procedure" and len(set(P.ANSWER_PROCEDURE.findall(sentence))) >= PROCEDURE_STEPS:
        bonus += STEPS_BONUS  # 提出申请 … 初审 … 报送 … 审核: a procedure told step by step
    narrowing = q.narrowing_places
    if narrowing:
        # 孝义市 narrows the question (吕梁市, in every document, narrows nothing): its sentence
        # wins; a sentence about another county (方山示范区 for 临县) loses.
        if any(p[:-1] in sentence for p in narrowing):
            bonus += PLACE_BONUS
        elif _OTHER_PLACE.search(sentence):
            bonus -= PLACE_BONUS
    if q.asks_company and _NAMED_COMPANY.search(sentence):
        bonus += ROLE_BONUS  # 哪家公司 → 吕梁东义天然气有限公司: a company by its name
    if reading.kind == "who" and P.ANSWER_WHO.search(sentence):
        bonus += ROLE_BONUS  # 责任单位：… · 由…牵头: named as responsible, not merely named
    if reading.kind in SECTION_KINDS and _INTRO.search(sentence) and (reading.kind != "condition" or _CONDITION_INTRO.search(sentence)):
        bonus += INTRO_BONUS  # 有下列情形之一的： — the items follow (of a condition: conditions, not 内容)
    if reading.kind == "when" and P.ANSWER_DATE.search(sentence):
        bonus += DATE_BONUS
    if reading.aspect and _ASPECT_CUES[reading.aspect].search(sentence):
        bonus += ASPECT_BONUS
    if reading.years and any(y in sentence for y in reading.years):
        bonus += YEAR_BONUS
    if reading.level:
        levels = set(_LEVEL_WORD.findall(sentence))
        if reading.level in levels:
            bonus += LEVEL_BONUS
        elif levels:
            bonus -= LEVEL_BONUS  # 三级响应 does not answer a question about 二级
    return bonus


LEVEL_BONUS = 0.2
_ASPECT_CUES = {"start": P.compiled(P.ANSWER_START), "deadline": P.compiled(P.ANSWER_DEADLINE), "seat": re.compile(r"设在|设于|挂靠"), "frequency": P.compiled(P.ANSWER_FREQUENCY)}
ASPECT_BONUS = 0.2
COUNT_BONUS = 0.3
INTRO_BONUS = 0.2
ROLE_BONUS = 0.15
_ASKS_COMPANY = re.compile(r"哪[个家些]?[\u4e00-\u9fff]{0,4}(?:公司|企业)")
_NAMED_COMPANY = re.compile(r"[\u4e00-\u9fff]{4,}(?:有限公司|分公司|有限责任公司|股份公司|集团)")
PLACE_BONUS = 0.2
PLACE_MIN_WEIGHT = 0.5
_OTHER_PLACE = re.compile(r"(?<![各全本该每两])[\u4e00-\u9fff]{1,2}县(?![城级域里委市区])|[\u4e00-\u9fff]{2}(?:示范区|开发区)")
PROCEDURE_STEPS = 3
STEPS_BONUS = 0.2
LABEL_BONUS = 0.2
LABEL_CHARS = 12
_LEVEL_WORD = re.compile(r"[一二三四]级")


def _has_cue(sentence: str, wants: set[str]) -> bool:
    return any(name in wants and pattern.search(sentence) for name, pattern in _CUES)


_CUES = (
    ("who", P.compiled(P.ANSWER_WHO)), ("who", P.compiled(P.ANSWER_UNIT)), ("when", P.compiled(P.ANSWER_WHEN)), ("how_much", P.compiled(P.ANSWER_AMOUNT)),
    ("list", P.compiled(P.ANSWER_LIST)), ("condition", P.compiled(P.ANSWER_CONDITION)), ("procedure", P.compiled(P.ANSWER_PROCEDURE)),
)  # fmt: skip
_UNIT_FORMS = {"钱": {"元", "万元", "亿元"}, "元": {"元", "万元", "亿元"}, "天": {"日", "天", "个工作日"}, "日": {"日", "天", "个工作日"},
               "户": {"户", "万户"}, "人": {"人", "万人"}, "亩": {"亩", "万亩"}, "个": {"个", "个工作日"}}  # fmt: skip


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if len(s.strip()) >= MIN_SENTENCE_CHARS]


def no_answer(question: str, reason: str, alternatives: list[dict[str, Any]] | None = None, reading: Reading | None = None) -> Answer:
    reading = reading or read_question(question)
    return Answer(
        question=question, answer="", sentences=[], document_id=None, doc_number=None, title=None, line_start=None,
        line_end=None, path=None, consultation=[], score=0.0, reason=reason, alternatives=alternatives or [],
        kind=reading.kind, reading=reading.explain(),
    )  # fmt: skip
