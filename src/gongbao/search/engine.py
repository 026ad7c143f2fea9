"""Search and answers over a store: query checks, 文号 lookup, ranking, passages, highlights.

Ranking: the database's full-text index ranks documents (BM25 on SQLite, Σ idf·ts_rank on
PostgreSQL, the title weighted); the best few are re-ranked with the score of their best passage,
so a document with one paragraph that answers beats one that mentions the words all over.
Documents whose 文号 the query names come first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy import text as sql_text

from gongbao import patterns as P
from gongbao.extract.orgs import OrgRegistry
from gongbao.normalize import doc_number as normal_doc_number
from gongbao.search.answer import answer, idf_weights, no_answer, question_phrases
from gongbao.search.question import FUNCTION_CHARS, written_form
from gongbao.search.results import Answer, Facet, Hit, QueryError, SearchResults, emptied_by
from gongbao.search.tokens import Tokenizer, match_form
from gongbao.store.fulltext import Filters, PassageText, documents_meta, facets, find_numbers, first_passage, passages

if TYPE_CHECKING:
    from gongbao.store import Store

MAX_QUERY_CHARS = 500
MAX_TERMS = 48
MAX_LIMIT = 100
CANDIDATES = 100  # documents ranked per query (more when a page reaches further): facets count these
RERANK = 10  # documents re-ranked by their best passage
RERANK_SCAN = 60  # passages of each scored for it
PASSAGE_WEIGHT = 0.5
COMMON_DF = 0.6  # a term in more documents than this share is left out of the match (noise, slow)
POSTING_BUDGET = 5_000  # documents' postings a query's matched terms may add up to (see _match_terms)
SNIPPET_CHARS = 180
NUMBER_BONUS = 1e6  # a document the query names by 文号 ranks above every text match


@dataclass
class _Query:
    text: str  # as given, stripped
    terms: list[str]
    notices: list[str]


_WHAT = {"query": "检索内容", "question": "问题"}


def check_query(query: str | None, what: str = "query") -> str:
    text = (query or "").strip()
    if not text:
        raise QueryError(f"请输入{_WHAT[what]}")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"{_WHAT[what]}过长：{len(text)}个字符，最多{MAX_QUERY_CHARS}个")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text):
        raise QueryError(f"{_WHAT[what]}含有控制字符")
    return text


def _parse(query: str | None, what: str = "query") -> _Query:
    text = check_query(query, what)
    terms = Tokenizer.default().query_terms(text)
    notices = []
    if len(terms) > MAX_TERMS:
        notices.append(f"检索词过多，只用前{MAX_TERMS}个")
        terms = terms[:MAX_TERMS]
    return _Query(text, terms, notices)


def search(
    store: Store,
    query: str | None,
    *,
    issuer: str | None = None,
    doc_type: str | None = None,
    year: int | None = None,
    unit: str | None = None,
    limit: int = 10,
    offset: int = 0,
) -> SearchResults:
    q = _parse(query)
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"每页条数须在1到{MAX_LIMIT}之间")
    if offset < 0:
        raise QueryError("起始位置不能为负数")
    if year is not None and not 1900 <= year <= 2100:
        raise QueryError(f"年份{year}超出范围")
    unit_id = (OrgRegistry.default().canonical_id(unit) or unit) if unit else None
    notices = list(q.notices)
    with store.engine.connect() as conn:
        filters = Filters(issuer=_issuer_names(conn, issuer) if issuer else None, doc_type=doc_type or None, year=year, unit=unit_id)
        ranking = _rank(conn, store, q, filters, max(CANDIDATES, offset + limit))
        ranked, terms = ranking.docs, ranking.terms
        total = ranking.total
        number = normal_doc_number(q.text) if q.text else None
        if number and not any(by_number for _, _, by_number in ranked):
            notices.insert(0, f"未找到发文字号为 {number} 的文件" + ("，以下是相近的结果" if ranked else ""))
        if not ranked and not filters.is_empty():
            shown = {"issuer": issuer, "doc_type": doc_type, "year": year, "unit": unit}
            notices.extend(emptied_by(
                {name: value for name, value in shown.items() if getattr(filters, name) not in (None, ())},
                lambda name: _rank(conn, store, q, replace(filters, **{name: None}), 1).total,
            ))  # fmt: skip
        page = ranked[offset : offset + limit]
        metas = documents_meta(conn, [doc_id for doc_id, _, _ in page])
        best = _best_passages(conn, store, ranking, [doc_id for doc_id, _, _ in page])
        hits = []
        for doc_id, score, by_number in page:
            passage = best[doc_id]
            text, marks = _snippet(passage.text, terms)
            meta = metas[doc_id]
            hits.append(
                Hit(
                    document_id=doc_id, doc_number=meta.doc_number, title=meta.title, issuer=meta.issuer,
                    doc_type=meta.doc_type, signed_date=meta.signed_date, source=meta.source, score=round(score, 6),
                    passage=text, highlights=marks, line_start=passage.line_start, line_end=passage.line_end,
                    path=passage.path, matched_by="number" if by_number else "text", consultation=meta.consultation,
                )
            )  # fmt: skip
        counts = facets(conn, [d for d, _, _ in ranked])
    return SearchResults(
        query=q.text, terms=terms, total=total, hits=hits, limit=limit, offset=offset, notices=notices,
        facets={name: [Facet(v, n) for v, n in values] for name, values in counts.items()},
    )  # fmt: skip


def _issuer_names(conn: Connection, issuer: str) -> tuple[str, ...]:
    """The stored issuers a filter means: the name as given and every other name of the same
    body (市政府办公室 = 吕梁市人民政府办公室)."""
    stored = conn.execute(sql_text("SELECT DISTINCT issuer FROM documents WHERE is_current AND issuer IS NOT NULL")).scalars()
    return OrgRegistry.default().names_of(issuer, stored)


@dataclass
class _Ranking:
    docs: list[tuple[int, float, bool]]  # (document id, score, named by 文号), best first
    total: int  # matching documents (docs holds the best of them)
    terms: list[str]  # the query's terms (what passages highlight)
    match: list[str]  # the terms matched in the index (very common ones left out)
    best_passage: dict[int, int]  # document id → its best passage's id, where re-ranking found it


def _rank(conn: Connection, store: Store, q: _Query, filters: Filters, depth: int = CANDIDATES) -> _Ranking:
    index = store.fulltext
    named = _numbered_documents(conn, store, q.text, filters)
    # The words of the query besides the 文号 it names (吕政办发〔2021〕50号 数字政府 → 数字政府).
    terms = Tokenizer.default().query_terms(_without_numbers(q.text))[:MAX_TERMS] if named else q.terms
    out: list[tuple[int, float, bool]] = [(doc_id, NUMBER_BONUS, True) for doc_id in named]
    match, window = _match_terms(conn, store, terms)
    best_passage: dict[int, int] = {}
    total = len(named)
    if match:
        ranked = index.rank_documents(conn, match, filters, depth, window)
        # Fewer than asked for, and no window: that was every match.
        matches = len(ranked) if len(ranked) < depth and window is None else index.count_documents(conn, match, filters)
        ranked_ids = {doc_id for doc_id, _ in ranked}
        total = matches + sum(1 for doc_id in named if doc_id not in ranked_ids)
        top = []
        for doc_id, score in ranked[:RERANK]:
            best = index.rank_passages(conn, match, doc_id, 1, RERANK_SCAN)
            if best:
                best_passage[doc_id] = best[0][0]
            top.append((doc_id, score + PASSAGE_WEIGHT * (best[0][1] if best else 0.0)))
        top.sort(key=lambda r: -r[1])
        seen = set(named)
        out += [(doc_id, score, False) for doc_id, score in top + ranked[RERANK:] if doc_id not in seen]
    return _Ranking(out, total, terms, match, best_passage)


def _match_terms(conn: Connection, store: Store, terms: list[str]) -> tuple[list[str], int | None]:
    """The terms worth matching (those in nearly every document add nothing but time), and the
    window of newest matching documents to rank when even the rarest has too many postings."""
    if not terms:
        return terms, None
    n = store.fulltext.doc_count(conn)
    df = store.fulltext.doc_freq(conn, terms)
    if len(terms) == 1:
        return terms, POSTING_BUDGET if df[terms[0]] > POSTING_BUDGET else None
    kept = [t for t in terms if df[t] and df[t] <= COMMON_DF * n]
    if not kept:
        present = sorted((t for t in terms if df[t]), key=lambda t: df[t])[:3] or terms
        return present, POSTING_BUDGET if sum(df[t] for t in present) > POSTING_BUDGET else None
    # Ranking reads every matched term's posting list: on a large corpus keep the rarest terms
    # (which carry the most weight) up to a budget of postings, so a query costs about the same
    # however large the corpus grows. A small corpus keeps them all.
    budget, chosen = POSTING_BUDGET, []
    for t in sorted(kept, key=lambda t: df[t]):
        if chosen and df[t] > budget:
            break
        chosen.append(t)
        budget -= df[t]
    return [t for t in kept if t in chosen], POSTING_BUDGET if budget < 0 else None


def _without_numbers(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for pattern in (P.QUERY_DOC_NUMBER, P.QUERY_DOC_SEQ, P.QUERY_YEAR_WORD):
        text = pattern.sub(" ", text)
    return text


def documents_named(store: Store, text: str) -> list[int]:
    """Current documents whose whole 文号 the text names in any printed form (吕政发〔2024〕4号,
    吕政发2024 4, 吕政发 2024 4号), best match first; a bare 4号 names none."""
    with store.engine.connect() as conn:
        return _named_in_full(conn, unicodedata.normalize("NFKC", text), Filters())


def _named_in_full(conn: Connection, text: str, filters: Filters) -> list[int]:
    found: list[int] = []
    for m in P.QUERY_DOC_NUMBER.finditer(text):
        for doc_id, number in find_numbers(conn, int(m["year"]), int(m["seq"]), filters):
            prefix = number.split("〔", 1)[0]
            if m["prefix"].endswith(prefix) and doc_id not in found:
                found.append(doc_id)
    return found


def _numbered_documents(conn: Connection, store: Store, text: str, filters: Filters) -> list[int]:
    """Current documents whose 文号 the query names, in any printed form, best match first; else
    those whose number a bare 50号 names (of the year filtered on or named)."""
    text = unicodedata.normalize("NFKC", text)
    if found := _named_in_full(conn, text, filters):
        return found
    years = [filters.year] if filters.year else [int(y) for y in P.QUERY_YEAR.findall(text)]
    for m in P.QUERY_DOC_SEQ.finditer(text):
        for year in years or [None]:
            found += [doc_id for doc_id, _ in find_numbers(conn, year, int(m["seq"]), filters) if doc_id not in found]
    return found


def _best_passages(conn: Connection, store: Store, ranking: _Ranking, doc_ids: list[int]) -> dict[int, PassageText]:
    """The best passage of each document (re-ranking found most); its head where none matches."""
    ids = dict(ranking.best_passage)
    for doc_id in doc_ids:
        if doc_id not in ids and ranking.match and (found := store.fulltext.rank_passages(conn, ranking.match, doc_id, 1, RERANK_SCAN)):
            ids[doc_id] = found[0][0]
    by_doc = {p.document_id: p for p in passages(conn, [ids[d] for d in doc_ids if d in ids])}
    return {d: by_doc.get(d) or first_passage(conn, d) for d in doc_ids}


def highlights(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) spans of `text` where a term occurs, compared in the tokenizer's normal form."""
    norm = match_form(text)
    if len(norm) == len(text):  # nearly always: position i of the normal form is position i
        origin = list(range(len(text)))
    else:
        norm_chars: list[str] = []
        origin = []
        for i, ch in enumerate(text):
            for n in match_form(ch):
                norm_chars.append(n)
                origin.append(i)
        norm = "".join(norm_chars)
    spans: list[tuple[int, int]] = []
    for term in sorted(set(terms), key=len, reverse=True):
        start = norm.find(term)
        while start >= 0:
            spans.append((origin[start], origin[start + len(term) - 1] + 1))
            start = norm.find(term, start + len(term))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _snippet(text: str, terms: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The passage, cut to the window of SNIPPET_CHARS with the most highlighted characters."""
    marks = highlights(text, terms)
    if len(text) <= SNIPPET_CHARS:
        return text, marks
    best_start, best_cover = 0, -1
    for s, _ in marks:
        start = max(0, min(s - 20, len(text) - SNIPPET_CHARS))
        cover = sum(max(0, min(e2, start + SNIPPET_CHARS) - max(s2, start)) for s2, e2 in marks)
        if cover > best_cover:
            best_start, best_cover = start, cover
    end = best_start + SNIPPET_CHARS
    inside = [(max(s, best_start) - best_start, min(e, end) - best_start) for s, e in marks if s < end and e > best_start]
    return text[best_start:end], inside


# --- Answers -----------------------------------------------------------------------------------


_COPULA = re.compile(r"(?:是|为)(谁|什么|多少|哪|几|啥|怎)")


def ask(store: Store, question: str | None) -> Answer:
    """The sentence(s) that answer a question, from the best documents; or a reason why none."""
    q = _parse(question, "question")
    with store.engine.connect() as conn:
        ranked, terms, weight = prepare_question(store, conn, q)
        if not ranked:
            return no_answer(q.text, "没有找到与问题相关的文件。")
        return answer(store, conn, q.text, terms, ranked, weight)


def prepare_question(store: Store, conn: Connection, q: _Query) -> tuple[list[tuple[int, float, bool]], list[str], dict[str, float]]:
    """The documents ranked for a question, its terms and their weights."""
    # 不要钱 → 免费; 指挥长是谁: the copula belongs to the question word, not to the noun before it.
    # A question is spoken language: no guessed words (做后, 这套) among its terms.
    written = _COPULA.sub(r" \1", written_form(q.text))
    q.terms = Tokenizer.default().query_terms(written, guess_words=False)[:MAX_TERMS] or q.terms
    # 打哪个电话 · 由谁负责: words that only ask would rank documents that use them.
    asking = question_phrases(q.text) + question_phrases(written)
    q.terms = [t for t in q.terms if not any(t in phrase for phrase in asking)] or q.terms
    ranking = _rank(conn, store, q, Filters())
    ranked, terms = ranking.docs, ranking.terms
    if not ranked:
        return [], terms, {}
    # Weighed in whole words and the words that tile them, not in search-mode pieces (交出 of 公交出行).
    weighed = Tokenizer.default().question_words(written)
    weighed = [t for t in weighed if not any(t in phrase for phrase in asking)] or terms
    df = store.fulltext.doc_freq(conn, weighed)
    # 是从 · 奖给: pieces jieba cut across two words, which no document holds, weigh nothing.
    df = {t: n for t, n in df.items() if n or not any(ch in FUNCTION_CHARS for ch in t)}
    spoken = frozenset(t for t, n in df.items() if not n and not Tokenizer.default().names_a_thing(t))
    return ranked, terms, idf_weights(store.fulltext.doc_count(conn), df, spoken)
