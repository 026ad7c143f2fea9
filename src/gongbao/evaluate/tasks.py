"""Score extracted tasks against gold (SEED.tasks.json): count, units, roles, deadlines."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gongbao.extract.orgs import OrgRegistry
from gongbao.models import ParsedFile, Task
from gongbao.normalize import squash

TEXT_START = 12  # gold's text_start: the first 12 characters after the number


@dataclass
class TaskScore:
    seed: str
    doc_number: str
    gold_tasks: int
    found_tasks: int = 0
    matched: int = 0
    unit_tp: int = 0
    unit_fp: int = 0
    unit_fn: int = 0
    role_tp: int = 0
    role_fp: int = 0
    role_fn: int = 0
    deadline_ok: int = 0
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _f1(tp: int, fp: int, fn: int) -> float:
        return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0

    @property
    def unit_f1(self) -> float:
        return self._f1(self.unit_tp, self.unit_fp, self.unit_fn)

    @property
    def unit_recall(self) -> float:
        return self.unit_tp / (self.unit_tp + self.unit_fn) if self.unit_tp + self.unit_fn else 1.0

    @property
    def unit_precision(self) -> float:
        return self.unit_tp / (self.unit_tp + self.unit_fp) if self.unit_tp + self.unit_fp else 1.0

    @property
    def role_f1(self) -> float:
        return self._f1(self.role_tp, self.role_fp, self.role_fn)

    @property
    def deadline_accuracy(self) -> float:
        return self.deadline_ok / self.gold_tasks if self.gold_tasks else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "doc_number": self.doc_number,
            "gold_tasks": self.gold_tasks,
            "found_tasks": self.found_tasks,
            "matched": self.matched,
            "unit_f1": self.unit_f1,
            "unit_recall": self.unit_recall,
            "unit_precision": self.unit_precision,
            "role_f1": self.role_f1,
            "deadline_accuracy": self.deadline_accuracy,
            "errors": self.errors,
        }


def total_tasks(scores: Sequence[TaskScore]) -> TaskScore:
    """All documents' tasks counted as one."""
    out = TaskScore(seed="all", doc_number=f"{len(scores)}份文件", gold_tasks=0)
    for s in scores:
        out.gold_tasks += s.gold_tasks
        out.found_tasks += s.found_tasks
        out.matched += s.matched
        out.unit_tp, out.unit_fp, out.unit_fn = out.unit_tp + s.unit_tp, out.unit_fp + s.unit_fp, out.unit_fn + s.unit_fn
        out.role_tp, out.role_fp, out.role_fn = out.role_tp + s.role_tp, out.role_fp + s.role_fp, out.role_fn + s.role_fn
        out.deadline_ok += s.deadline_ok
    return out


def score_tasks(parsed: ParsedFile, gold: dict[str, Any], seed: str) -> TaskScore:
    doc = next((d for d in parsed.documents if d.doc_number == gold["doc_number"]), None)
    score = TaskScore(seed=seed, doc_number=gold["doc_number"], gold_tasks=len(gold["tasks"]))
    if doc is None:
        score.errors.append(f"{seed}：未找到文件 {gold['doc_number']}")
        score.unit_fn = sum(len(g["units"]) for g in gold["tasks"])
        score.role_fn = sum(len(g["lead_units"]) + len(g["cooperating_units"]) for g in gold["tasks"])
        return score
    score.found_tasks = len(doc.tasks)
    pairs = _align(doc.tasks, gold["tasks"])
    orgs = OrgRegistry.default()

    def canon(names: Sequence[str]) -> list[str]:
        """Names compared after alias resolution (市发改委 = 市发展和改革委员会)."""
        return [orgs.canonical_id(n) or squash(n) or "" for n in names]

    for g, t in pairs:
        if t is None:
            score.errors.append(f"{seed}：未找到任务 {g['no']} {g['text_start']}")
            score.unit_fn += len(g["units"])
            score.role_fn += len(g["lead_units"]) + len(g["cooperating_units"])
            continue
        score.matched += 1
        tp, fp, fn = _overlap(canon(t.units), canon(g["units"]))
        score.unit_tp, score.unit_fp, score.unit_fn = score.unit_tp + tp, score.unit_fp + fp, score.unit_fn + fn
        roles_pred = [("lead", u) for u in canon(t.lead_units)] + [("coop", u) for u in canon(t.cooperating_units)]
        roles_gold = [("lead", u) for u in canon(g["lead_units"])] + [("coop", u) for u in canon(g["cooperating_units"])]
        tp, fp, fn = _overlap(roles_pred, roles_gold)
        score.role_tp, score.role_fp, score.role_fn = score.role_tp + tp, score.role_fp + fp, score.role_fn + fn
        if t.deadline == g["deadline"]:
            score.deadline_ok += 1
        if (t.units, t.lead_units, t.cooperating_units, t.deadline) != (g["units"], g["lead_units"], g["cooperating_units"], g["deadline"]):
            score.errors.append(f"{seed}：任务 {g['no']}：得到 {t.units}/{t.lead_units}/{t.cooperating_units}/{t.deadline}，金标准 {g['units']}/{g['lead_units']}/{g['cooperating_units']}/{g['deadline']}")
    return score


def _align(tasks: Sequence[Task], gold: Sequence[dict[str, Any]]) -> list[tuple[dict[str, Any], Task | None]]:
    """Gold tasks paired with extracted ones: by number and text start, else by text start."""
    # Compared in NFKC: m³ printed as m <sup>3</sup> is m3 in the gold.
    def start(text: str | None) -> str:
        return unicodedata.normalize("NFKC", squash(text) or "")[:TEXT_START]

    by_key = {(t.no, start(t.text)): t for t in tasks}
    by_start = {start(t.text): t for t in tasks}
    return [(g, by_key.get((g["no"], start(g["text_start"]))) or by_start.get(start(g["text_start"]))) for g in gold]


def _overlap(pred: Sequence[Any], gold: Sequence[Any]) -> tuple[int, int, int]:
    p, g = Counter(pred), Counter(gold)
    tp = sum((p & g).values())
    return tp, sum(p.values()) - tp, sum(g.values()) - tp
