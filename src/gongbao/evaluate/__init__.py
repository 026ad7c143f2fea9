"""Score parse output against hand-made gold annotations (format: tests/fixtures/gold/FORMAT.md).

Documents are matched by normalised 发文字号 (by squashed title when the gold has none). A field
is right when it equals the gold after whitespace and markdown markers are removed; line spans are
right within ±3 lines once blank lines at either end of both spans are ignored.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongbao.normalize import doc_number as normal_doc_number
from gongbao.normalize import squash

DOC_FIELDS = ("title", "issuer", "doc_type", "recipients", "signed_date", "public", "consultation", "line_start", "line_end")
LINE_TOLERANCE = 3


@dataclass
class SeedScore:
    seed: str
    gold_docs: int
    found: int
    extra: int
    correct: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.correct[name] / self.gold_docs if self.gold_docs else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "gold_docs": self.gold_docs,
            "found": self.found,
            "extra": self.extra,
            "found_rate": self.found / self.gold_docs if self.gold_docs else 1.0,
            **{name: self.accuracy(name) for name in DOC_FIELDS},
            "errors": self.errors,
        }


def total(scores: Sequence[SeedScore]) -> SeedScore:
    out = SeedScore(seed="overall", gold_docs=0, found=0, extra=0)
    for s in scores:
        out.gold_docs += s.gold_docs
        out.found += s.found
        out.extra += s.extra
        out.correct.update(s.correct)
    return out


def score_documents(predicted: Sequence[dict[str, Any]], gold: Sequence[dict[str, Any]], source_lines: Sequence[str], seed: str) -> SeedScore:
    score = SeedScore(seed=seed, gold_docs=len(gold), found=0, extra=0)
    by_key: dict[str, dict[str, Any]] = {}
    for doc in predicted:
        by_key.setdefault(_key(doc), doc)
    matched: set[str] = set()
    for g in gold:
        key = _key(g)
        p = by_key.get(key)
        if p is None:
            score.errors.append(f"{seed}：缺少文件 {key}")
            continue
        matched.add(key)
        score.found += 1
        for name in DOC_FIELDS:
            if _field_ok(name, p, g, source_lines):
                score.correct[name] += 1
            else:
                score.errors.append(f"{seed}：{key} {name}：得到 {_show(p.get(name))}，金标准 {_show(g.get(name))}")
    score.extra = sum(1 for k in by_key if k not in matched)
    return score


def _key(doc: dict[str, Any]) -> str:
    if doc.get("doc_number"):
        return normal_doc_number(doc["doc_number"]) or squash(doc["doc_number"]) or ""
    return f"title:{squash(doc.get('title') or '')}"


def _field_ok(name: str, p: dict[str, Any], g: dict[str, Any], lines: Sequence[str]) -> bool:
    if name == "consultation":
        return _consult_set(p.get(name) or []) == _consult_set(g.get(name) or [])
    if name in ("line_start", "line_end"):
        if p.get(name) is None:
            return False
        return abs(_solid(p, lines)[name] - _solid(g, lines)[name]) <= LINE_TOLERANCE
    pv, gv = p.get(name), g.get(name)
    if isinstance(gv, str) or isinstance(pv, str):
        return squash(pv) == squash(gv)
    return pv == gv


def _consult_set(entries: Sequence[dict[str, Any]]) -> Counter[tuple[str, str]]:
    return Counter((squash(e.get("unit")) or "", squash(e.get("phone")) or "") for e in entries)


def _solid(doc: dict[str, Any], lines: Sequence[str]) -> dict[str, int]:
    """The span with blank lines at either end ignored."""
    start, end = int(doc["line_start"]), int(doc["line_end"])
    while start < end and start - 1 < len(lines) and not lines[start - 1].strip():
        start += 1
    while end > start and end - 1 < len(lines) and not lines[end - 1].strip():
        end -= 1
    return {"line_start": start, "line_end": end}


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def find_seed(name: str, search_dirs: Sequence[Path]) -> Path | None:
    for d in search_dirs:
        candidate = d / name
        if candidate.is_file():
            return candidate
    return None


def gold_files(gold_dir: Path, suffix: str = ".docs.json") -> list[Path]:
    return sorted(p for p in gold_dir.iterdir() if p.name.endswith(suffix))
