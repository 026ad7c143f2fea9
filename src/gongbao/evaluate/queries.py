"""Relevance of search and answers against a query set (tests/fixtures/queries/*.json).

A query set is a JSON list of {"id", "q", "doc_number", "answer_contains"?, "kind"?, "persona"?}:
the document that best answers and, optionally, strings one of which the answer should hold. A
set of questions nothing answers is a list of {"id", "q"} (no "doc_number").
"""

from __future__ import annotations

import json
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
    by_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "errors"}


def load_queries(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(q, dict) and q.get("q") for q in data):
        raise ValueError(f"{path}: not a list of queries with a 'q' each")
    return data


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
            score.errors.append(f"{q.get('id')}: {err}")
        rank = numbers.index(q["doc_number"]) + 1 if q["doc_number"] in numbers else None
        reciprocal.append(1 / rank if rank else 0.0)
        kinds[q.get("kind", "other")].append(reciprocal[-1])
        score.recall_at_1 += rank == 1
        score.recall_at_5 += bool(rank and rank <= 5)
        if rank != 1:
            score.errors.append(f"{q.get('id')}: rank {rank or '>' + str(RANK_DEPTH)} for {q['q']!r} (want {q['doc_number']}, got {numbers[:3]})")
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
    right_doc = contains = with_contains = refused = unanswerable = 0
    for q in queries:
        answer = ask(store, q["q"])
        if not q.get("doc_number"):
            unanswerable += 1
            refused += not answer.answer
            if answer.answer:
                score.errors.append(f"{q.get('id')}: answered {q['q']!r} with {answer.answer[:40]!r} ({answer.doc_number})")
            continue
        right_doc += answer.doc_number == q["doc_number"]
        if wanted := q.get("answer_contains"):
            with_contains += 1
            text = squash(answer.answer) or ""
            hit = answer.doc_number == q["doc_number"] and any(squash(w) in text for w in wanted)
            contains += hit
            if not hit:
                score.errors.append(f"{q.get('id')}: answer to {q['q']!r} lacks {wanted}: {answer.answer[:60]!r} ({answer.doc_number})")
    answerable = len(queries) - unanswerable
    score.answered_doc = right_doc / answerable if answerable else 0.0
    score.with_contains = with_contains
    score.answer_contains = contains / with_contains if with_contains else 0.0
    score.refused = refused / unanswerable if unanswerable else 0.0
