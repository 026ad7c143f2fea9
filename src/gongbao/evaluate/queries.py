"""Relevance of search and answers against a query set (tests/fixtures/queries/*.json).

A query set is a JSON list of {"id", "q", "doc_number", "answer_contains"?, "kind"?, "persona"?}:
the document that best answers and, optionally, strings one of which the answer should hold. A
set of questions nothing answers is a list of {"id", "q"} (no "doc_number").

An answer set (answers_*.json) is a list of {"id", "type", "question", "doc_number", "answers",
"lines"}: type is when | who | how_much | list | condition | procedure | contact | none (nothing
in the corpus answers; doc_number null). An answer is right when it comes from the document and
holds one of the answer strings; a "none" question is right when it is refused. Reported: right
answers overall and by type, and the refusals' precision and recall.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongbao.normalize import squash

if TYPE_CHECKING:
    from gongbao.store import Store

RANK_DEPTH = 10


@dataclass
class QueryScore:
    name: str
    queries: int = 0
    recall_at_1: float = 0.0
    recall_at_5: float = 0.0
    mrr: float = 0.0
    answered_doc: float = 0.0  # ask: the answer is from the expected document
    answer_contains: float = 0.0  # ask: of questions with answer_contains, the answer holds one
    with_contains: int = 0
    refused: float = 0.0  # for questions nothing answers: ask said so
    right: float = 0.0  # the expected document and string, or a refusal where nothing answers
    right_by_type: dict[str, dict[str, float]] = field(default_factory=dict)
    refusal_precision: float = 0.0  # of the refusals, those where nothing answers
    refusal_recall: float = 0.0  # of the questions nothing answers, those refused
    by_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "errors"}


def load_queries(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        data = [_from_answer_set(q) if isinstance(q, dict) and "question" in q else q for q in data]
    if not isinstance(data, list) or not all(isinstance(q, dict) and q.get("q") for q in data):
        raise ValueError(f"{path}: not a list of queries with a 'q' each")
    return data


def _from_answer_set(item: dict[str, Any]) -> dict[str, Any]:
    """An answer-set item in the query-set keys."""
    out = {"id": item.get("id"), "q": item["question"], "kind": item.get("type", "other"), "doc_number": item.get("doc_number")}
    if item.get("answers"):
        out["answer_contains"] = list(item["answers"])
    return out


def score_queries(store: Store, queries: list[dict[str, Any]], name: str, *, answers: bool = True) -> QueryScore:
    from gongbao.search import QueryError, ask, search

    score = QueryScore(name=name, queries=len(queries))
    if not queries:
        return score
    expected_docs = [q for q in queries if q.get("doc_number")]
    kinds: dict[str, list[float]] = defaultdict(list)
    reciprocal: list[float] = []
    for q in expected_docs:
        try:
            numbers = [h.doc_number for h in search(store, q["q"], limit=RANK_DEPTH).hits]
        except QueryError as err:
            numbers = []
            score.errors.append(f"{q.get('id')}：{err}")
        rank = numbers.index(q["doc_number"]) + 1 if q["doc_number"] in numbers else None
        reciprocal.append(1 / rank if rank else 0.0)
        kinds[q.get("kind", "other")].append(reciprocal[-1])
        score.recall_at_1 += rank == 1
        score.recall_at_5 += bool(rank and rank <= 5)
        if rank != 1:
            score.errors.append(f"{q.get('id')}：{q['q']!r} 排在" + (f"第 {rank} 位" if rank else f"前 {RANK_DEPTH} 位之外") + f"（应为 {q['doc_number']}，前三为 {numbers[:3]}）")
    if expected_docs:
        n = len(expected_docs)
        score.recall_at_1 /= n
        score.recall_at_5 /= n
        score.mrr = sum(reciprocal) / n
        score.by_kind = {k: {"queries": len(v), "mrr": round(sum(v) / len(v), 3)} for k, v in sorted(kinds.items())}
    if answers:
        _score_answers(store, queries, score, ask)
    return score


def _score_answers(store: Store, queries: list[dict[str, Any]], score: QueryScore, ask: Any) -> None:
    right_doc = contains = with_contains = refused = unanswerable = refusals = 0
    by_type: dict[str, list[bool]] = defaultdict(list)
    for q in queries:
        answer = ask(store, q["q"])
        refusals += not answer.answer
        if not q.get("doc_number"):
            unanswerable += 1
            refused += not answer.answer
            by_type[q.get("kind", "none")].append(not answer.answer)
            if answer.answer:
                score.errors.append(f"{q.get('id')}：本应拒答 {q['q']!r}，却答了 {answer.answer[:40]!r}（{answer.doc_number}）")
            continue
        right_doc += answer.doc_number == q["doc_number"]
        hit = answer.doc_number == q["doc_number"]
        if wanted := q.get("answer_contains"):
            with_contains += 1
            text = _plain(answer.answer)
            hit = hit and any(_plain(w) in text for w in wanted)
            contains += hit
            if not hit:
                score.errors.append(f"{q.get('id')}：{q['q']!r} 的答案缺少 {wanted}：{answer.answer[:60]!r}（{answer.doc_number}）")
        by_type[q.get("kind", "other")].append(bool(hit))
    answerable = len(queries) - unanswerable
    score.answered_doc = right_doc / answerable if answerable else 0.0
    score.with_contains = with_contains
    score.answer_contains = contains / with_contains if with_contains else 0.0
    score.refused = refused / unanswerable if unanswerable else 0.0
    score.right = sum(sum(v) for v in by_type.values()) / len(queries)
    score.right_by_type = {k: {"questions": len(v), "right": round(sum(v) / len(v), 3)} for k, v in sorted(by_type.items())}
    score.refusal_precision = refused / refusals if refusals else 0.0
    score.refusal_recall = score.refused


def _plain(text: str) -> str:
    """Compared without spaces and in one width: 2022 年 4 月 1 日 holds 2022年4月1日."""
    return squash(unicodedata.normalize("NFKC", text or "")) or ""
