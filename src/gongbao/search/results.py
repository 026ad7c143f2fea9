"""Plain data types the search stage gives back: to the CLI, the HTTP API and the web UI alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

# What a filter is called where a notice says it emptied a list (search, the documents list).
FILTER_NAMES = {"issuer": "发文机关", "doc_type": "文种", "year": "年份", "unit": "责任单位", "source": "来源",
                "date_from": "起始日期", "date_to": "截止日期"}  # fmt: skip


def emptied_by(given: dict[str, Any], found_without: Callable[[str], int]) -> list[str]:
    """Which of the `given` filters (name → the value as the user gave it) left nothing: each
    dropped in turn, said where `found_without(name)` then finds documents."""
    said = []
    for name, shown in given.items():
        if found := found_without(name):
            said.append(f"按{FILTER_NAMES[name]}“{shown}”筛选后没有文件；去掉这个条件有{found}个文件")
    return said or ["没有文件同时满足这些筛选条件"]


class QueryError(ValueError):
    """A query that cannot be run (empty, too long, a bad filter); the message is for the user."""


@dataclass
class Hit:
    """One document that matches, with its best passage."""

    document_id: int
    doc_number: str | None
    title: str | None
    issuer: str | None
    doc_type: str | None
    signed_date: str | None
    source: str
    score: float  # higher is better; comparable within one result list only
    passage: str  # the best passage, plain text as in the document
    highlights: list[tuple[int, int]]  # [start, end) character offsets of matched terms in `passage`
    line_start: int  # the passage's line span in the source file
    line_end: int
    path: str | None  # outline path of the passage: 二、 › （一） › 1.
    matched_by: str  # "number" (文号 lookup) | "text" (full-text match)
    consultation: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "highlights": [list(h) for h in self.highlights]}


@dataclass
class Facet:
    value: str
    count: int  # matching documents with this value


@dataclass
class SearchResults:
    query: str  # as given
    terms: list[str]  # the query's search terms after normalisation (simplified, segmented)
    total: int  # matching documents, all pages
    hits: list[Hit]  # this page, best first
    facets: dict[str, list[Facet]]  # issuer, doc_type, year, unit → values with counts
    limit: int
    offset: int
    notices: list[str] = field(default_factory=list)  # e.g. "query truncated to 64 terms"

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "terms": self.terms,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "notices": self.notices,
            "items": [h.to_json() for h in self.hits],
            "facets": {k: [asdict(f) for f in v] for k, v in self.facets.items()},
        }


@dataclass
class AnswerSentence:
    text: str
    line_start: int
    line_end: int
    path: str | None
    score: float
    # "quote": the sentence as printed; "fact": written from what the extract stage read in the
    # lines (a leading group's list, an indicator table's row), not a quotation.
    kind: str = "quote"


@dataclass
class Answer:
    """An extractive answer: the sentences that answer, where they stand, and whom to call."""

    question: str
    answer: str  # the answering sentence(s) joined; "" when nothing answers
    sentences: list[AnswerSentence]
    document_id: int | None
    doc_number: str | None
    title: str | None
    line_start: int | None
    line_end: int | None
    path: str | None
    consultation: list[dict[str, str]]  # the document's 政策咨询 [{unit, phone}]
    score: float
    reason: str | None = None  # why nothing answers, when `answer` is empty
    alternatives: list[dict[str, Any]] = field(default_factory=list)  # other documents that may answer
    kind: str = "topic"  # what the question was read as asking: when, who, how_much, list, condition, procedure, contact
    reading: str = ""  # that reading in words, for the user (按“时间”类问题理解；年份：2025)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
