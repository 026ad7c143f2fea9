"""Extractive answers: the sentence of the best documents that answers a question, or none.

A sentence is scored by how much of the question's term weight (IDF, question words left out) it
holds, counting the terms of its document's title fully (within one document they tell no sentence
from another) and those of the outline heading it stands under at a discount (a sentence under
「11. 建设智慧12345政务客服」 answers a question about 12345 without repeating it), plus bonuses for
holding what the question asks for: a unit for 谁/哪个部门, a date for 什么时候, a number in the unit
asked for 多少 (钱 → 元), the year asked (十四五 → 2025). Headings and the title are not answers.
Leading-group posts and indicator-table targets from the extract stage compete as sentences
("fact"). Neighbouring sentences that score alike are joined, and a 牵头单位：… or 完成期限：… line
after the best one is added. Whom to call is the best document's 政策咨询. Below MIN_COVERAGE
nothing answers, and the answer says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from gongbao import patterns as P
from gongbao.search.results import Answer, AnswerSentence
from gongbao.search.tokens import match_form, normalize_text
from gongbao.store.fulltext import DocumentMeta, PassageText, documents_meta, extracted_facts, first_passage, passages

if TYPE_CHECKING:
    from gongbao.store import Store

ANSWER_DOCS = 3  # documents searched for an answer
ANSWER_PASSAGES = 40  # passages of each, best by the index
MIN_COVERAGE = 0.5  # share of the question's term weight an answer must hold
PATH_WEIGHT = 0.7  # a term only in the outline heading above a sentence counts this much
CUE_BONUS = 0.25
RANK_PENALTY = 0.1  # per place of the document in the search ranking
HEADING_PENALTY = 0.4
HEADING_MAX_CHARS = 30
UNIT_BONUS = 0.2
YEAR_BONUS = 0.1
NEIGHBOUR_MARGIN = 0.1  # a runner-up this close, next to the best, joins the answer
SINGLE_CHAR_WEIGHT = 0.5
# Sentence ends, but not before a closing quote, nor before 修改为/调整为 (an amendment's new text
# belongs with the old one it replaces).
SENTENCE_END = re.compile(r"(?<=[。；;！!？?])(?![”」』\"）)])(?!\s*(?:修改为|调整为|变更为))")
MIN_SENTENCE_CHARS = 4
LEADING_ROLES = frozenset(("常务副组长", "副组长", "组长", "副召集人", "召集人", "副总指挥", "总指挥", "副指挥长", "指挥长", "副主任", "主任", "组长单位"))


@dataclass
class _Scored:
    score: float
    coverage: float
    doc_id: int
    sentence: AnswerSentence
    passage: PassageText
    index: int  # of the sentence in its passage


FACT = -1  # the passage id of a sentence written from extracted facts


@dataclass
class _Question:
    text: str
    terms: list[str]
    wants: set[str]  # who | when | amount | contact
    unit: str | None  # the unit a number is asked in (元 for 多少钱)
    years: set[str]  # years it names, a five-year plan as its last year (十四五 → 2025)
    weight: dict[str, float]  # term → IDF weight, question words left out
    total: float


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
        # Whom to call is the 政策咨询 of the document the question is about: the best-ranked one,
        # if its title and passages hold what the question names.
        top = candidates[0][0]
        if metas[top].consultation and _document_coverage(q, [x for x in scored if x.doc_id == top], metas[top].title) >= MIN_COVERAGE:
            best_here = max((x for x in scored if x.doc_id == top), key=lambda x: x.score)
            return _answer(q, metas[top], best_here.sentence, best_here.score, alternatives)
    best = max(scored, key=lambda x: x.score, default=None)
    if best is None or best.coverage < MIN_COVERAGE:
        return no_answer(question, "no sentence answers the question well enough (没有找到能回答该问题的内容)", alternatives)
    sentence = _with_neighbour(best, scored) or _with_support(conn, best, q.wants)
    return _answer(q, metas[best.doc_id], sentence, best.score, alternatives)


def _answer(q: _Question, meta: DocumentMeta, sentence: AnswerSentence, score: float, alternatives: list[dict[str, Any]]) -> Answer:
    text = sentence.text
    if "contact" in q.wants and meta.consultation:
        text = "；".join(f"政策咨询：{c['unit']}，电话 {c['phone']}" for c in meta.consultation)
    return Answer(
        question=q.text, answer=text, sentences=[sentence], document_id=meta.id, doc_number=meta.doc_number,
        title=meta.title, line_start=sentence.line_start, line_end=sentence.line_end, path=sentence.path,
        consultation=meta.consultation, score=round(score, 4),
        alternatives=[a for a in alternatives if a["document_id"] != meta.id],
    )  # fmt: skip


def _document_coverage(q: _Question, scored: list[_Scored], title: str | None) -> float:
    """Share of the question's weight held by a document's title and the passages found in it."""
    text = normalize_text(title or "") + " " + " ".join(match_form(x.sentence.text) for x in scored)
    return sum(w for t, w in q.weight.items() if t in text) / q.total


def _question(text: str, terms: Sequence[str], weight: dict[str, float]) -> _Question:
    asking = question_phrases(text)
    kept = {t: w for t, w in weight.items() if not any(t in phrase for phrase in asking)}
    norm = normalize_text(text)
    unit = m["unit"] if (m := P.QUESTION_UNIT.search(norm)) else None
    years = set(P.QUERY_YEAR.findall(norm)) | {str(2005 + 5 * _CN_ORDINAL.index(m["n"])) for m in P.PLAN_PERIOD.finditer(norm)}
    return _Question(text, list(terms), wants_of(text), unit, years, kept, sum(kept.values()) or 1.0)


_CN_ORDINAL = "〇一二三四五六七八九"  # 十N五: the (10+N)th five-year plan, ending 2005 + 5N


def idf_weights(doc_count: int, df: dict[str, int]) -> dict[str, float]:
    """Term weights by IDF; a single character says less than a word (里, 占, 段); a compound the
    documents never use (吕梁地区) weighs no more than its parts (吕梁, 地区).

    Not the index's BM25 IDF (FullTextIndex.idf), which is ~0 for a term in over half the
    documents: here such a term still counts a little toward how much of the question a sentence
    holds (measured: BM25's IDF here answers 2–6 points fewer questions on every query set)."""
    weight = {t: math.log((doc_count + 1) / (n + 0.5)) * (SINGLE_CHAR_WEIGHT if len(t) == 1 else 1.0) for t, n in df.items()}
    for t, n in df.items():
        parts = [u for u in df if u != t and u in t]
        if n == 0 and parts:
            weight[t] = min(weight[t], sum(weight[u] for u in parts))
    return weight


def _scored_sentences(store: Store, conn: Connection, q: _Question, doc_id: int, by_number: bool, title: str, rank: int) -> list[_Scored]:
    # Within one document its title's words are everywhere: find its passages by the other words.
    inner = [t for t in q.terms if t not in title] or list(q.terms)
    ids = [pid for pid, _ in store.fulltext.rank_passages(conn, inner, doc_id, ANSWER_PASSAGES)] if inner else []
    paras = passages(conn, ids) + _facts(conn, doc_id, q.wants)
    head = first_passage(conn, doc_id) if by_number or not paras else None
    out = []
    if head is not None:
        # The question names the document (or nothing else matched): its head is the answer.
        out.append(_Scored(1.0 if by_number else 0.0, 1.0 if by_number else 0.0, doc_id,
                           AnswerSentence(head.text, head.line_start, head.line_end, head.path, 1.0), head, 0))  # fmt: skip
    for passage in paras:
        path = match_form(passage.path or "")
        for i, sentence in enumerate(sentences(passage.text)):
            norm = match_form(sentence)
            own = sum(w for t, w in q.weight.items() if t in norm)
            # Within the document its title tells no sentence from another: its terms count for all.
            near = sum(w * (1.0 if t in title else PATH_WEIGHT) for t, w in q.weight.items() if t not in norm and (t in title or t in path))
            coverage = (own + near) / q.total
            score = coverage + cue_bonus(sentence, q) - RANK_PENALTY * rank
            if _is_heading(norm, passage, title):
                score -= HEADING_PENALTY
            kind = "fact" if passage.id == FACT else "quote"
            found = AnswerSentence(sentence.strip(), passage.line_start, passage.line_end, passage.path, round(score, 4), kind)
            out.append(_Scored(score, coverage, doc_id, found, passage, i))
    return out


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


def _facts(conn: Connection, doc_id: int, wants: set[str]) -> list[PassageText]:
    """Facts the extract stage found, written as sentences: who leads a body (for 谁), what a
    target is (for 多少). They compete with the printed sentences on the same score."""
    out: list[PassageText] = []
    if not wants & {"who", "amount"}:
        return out
    facts = extracted_facts(conn, doc_id)
    if "who" in wants:
        for body in facts["bodies"]:
            for member in body.get("members") or []:
                if member.get("role") in LEADING_ROLES and (who := member.get("person") or member.get("unit")):
                    text = f"{body['name']}{member['role']}：{who}" + (f"（{member['position']}）" if member.get("position") else "") + "。"
                    line = member.get("line") or body["line_start"]
                    out.append(PassageText(FACT, doc_id, line, member.get("line_end") or line, body["name"], text))
            if body.get("office"):
                director = f"，办公室主任由{body['office_director']}兼任" if body.get("office_director") else ""
                text = f"{body['name']}办公室设在{body['office']}{director}。"
                source = (body.get("sources") or {}).get("office") or {}
                start = source.get("line_start", body["line_start"])
                out.append(PassageText(FACT, doc_id, start, source.get("line_end", start), body["name"], text))
    if "amount" in wants:
        for target in facts["targets"]:
            if target.get("source") == "table" and target.get("value_text"):
                extra = "，".join(filter(None, [f"基期{target['baseline']}" if target.get("baseline") else None, target.get("attribute")]))
                text = f"{target['indicator']}：{target['year']}年目标{target['value_text']}{target.get('unit') or ''}" + (f"（{extra}）" if extra else "") + "。"
                out.append(PassageText(FACT, doc_id, target["line_start"], target["line_end"], target.get("group"), text))
    return out


def _is_heading(norm: str, passage: PassageText, title: str) -> bool:
    """The document's title or an outline heading, not a statement."""
    squashed = "".join(norm.split()).rstrip("。.")
    if squashed and squashed in "".join(title.split()):
        return True
    label = "".join(normalize_text((passage.path or "").rsplit("›", 1)[-1]).split()).rstrip("…")
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


def question_phrases(question: str) -> list[str]:
    """The words of a question that only ask: 哪个部门, 多少钱, 咨询电话 (normal form)."""
    return [m.group(0) for m in P.QUESTION_PHRASE.finditer(normalize_text(question))]


def wants_of(question: str) -> set[str]:
    """What a question asks for: who, when, amount, contact (none: a topic)."""
    text = normalize_text(question)
    checks = (("who", P.QUESTION_WHO), ("when", P.QUESTION_WHEN), ("amount", P.QUESTION_AMOUNT), ("contact", P.QUESTION_CONTACT))
    return {name for name, pattern in checks if pattern.search(text)}


def cue_bonus(sentence: str, q: _Question) -> float:
    """For what the question asks, what the sentence holds: a unit, a date, a number (in the unit
    asked), the year asked."""
    bonus = CUE_BONUS * sum(1 for name, pattern in _CUES if name in q.wants and pattern.search(sentence))
    if "amount" in q.wants and q.unit:
        units = {m["unit"] for m in P.ANSWER_AMOUNT.finditer(sentence)}
        if units & _UNIT_FORMS.get(q.unit, {q.unit}):
            bonus += UNIT_BONUS
    if q.years and any(y in sentence for y in q.years):
        bonus += YEAR_BONUS
    return bonus


def _has_cue(sentence: str, wants: set[str]) -> bool:
    return any(name in wants and pattern.search(sentence) for name, pattern in _CUES)


_CUES = (("who", P.ANSWER_WHO), ("when", P.ANSWER_WHEN), ("amount", P.ANSWER_AMOUNT))
_UNIT_FORMS = {"钱": {"元", "万元", "亿元"}, "元": {"元", "万元", "亿元"}, "天": {"日", "天", "个工作日"}, "日": {"日", "天", "个工作日"},
               "户": {"户", "万户"}, "人": {"人", "万人"}, "亩": {"亩", "万亩"}, "个": {"个", "个工作日"}}  # fmt: skip


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if len(s.strip()) >= MIN_SENTENCE_CHARS]


def no_answer(question: str, reason: str, alternatives: list[dict[str, Any]] | None = None) -> Answer:
    return Answer(
        question=question, answer="", sentences=[], document_id=None, doc_number=None, title=None, line_start=None,
        line_end=None, path=None, consultation=[], score=0.0, reason=reason, alternatives=alternatives or [],
    )  # fmt: skip
