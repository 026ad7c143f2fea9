"""The supervision ledger's tasks, kept in step with the current documents.

A tracked task belongs to its document's identity (store.identity), so its status and progress
outlive the stored row that carried it: when a new version of the document becomes current, each
of its tasks takes over the tracked task it is — the same number and text, the same number with
lightly edited text, or similar text under another number (rapidfuzz). Tasks of the old version
that match nothing are flagged `vanished`, never deleted: their reports stay on record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from gongbao.store.identity import words
from gongbao.store.schema import DocumentRow, TaskRow, TaskUnitRow

# How alike two tasks' words and units must be (rapidfuzz ratio, 0–100) to be one task — under the
# same number, or another (a task renumbered because one above it went) — and how much the same
# number counts between candidates. Measured by bench/measure_task_tracking.py.
SAME_NUMBER_SIMILARITY = 70
SIMILARITY = 80
NUMBER_BONUS = 5
def unit_keys(task: dict[str, Any]) -> dict[str, bool]:
    """The units a task (Task.to_json()) names, as the ledger files them — each one's canonical id,
    or its name as printed when it has none — with whether it leads (牵头)."""
    ids = task.get("unit_ids") or [None] * len(task["units"])
    keys: dict[str, bool] = {}
    for uid, name in zip(ids, task["units"]):
        key = (uid or name).strip()[:200]
        if key:
            keys[key] = keys.get(key, False) or name in task["lead_units"]
    return keys


def sync_tasks(session: Session, doc_keys: Iterable[str | None]) -> None:
    """Bring the tracked tasks of these documents in step with their current rows."""
    for key in dict.fromkeys(k for k in doc_keys if k):
        row = session.execute(
            select(DocumentRow.id, DocumentRow.extra).where(DocumentRow.doc_key == key, DocumentRow.is_current)
        ).first()  # fmt: skip
        tasks = ((row.extra or {}).get("tasks") or []) if row else []
        _sync(session, key, row.id if row else None, tasks)


def _sync(session: Session, key: str, document_id: int | None, tasks: list[dict[str, Any]]) -> None:
    tracked = list(session.scalars(select(TaskRow).where(TaskRow.doc_key == key).options(selectinload(TaskRow.units)).order_by(TaskRow.id)))
    if not tracked and not tasks:
        return
    units = [unit_keys(t) for t in tasks]
    matches = match_tasks(
        [(t.no, t.text, "、".join(sorted(u.unit for u in t.units))) for t in tracked],
        [(t.get("no"), t["text"], "、".join(sorted(u))) for t, u in zip(tasks, units, strict=True)],
    )
    taken = set(matches)  # the old tasks some new one is
    for old, row in enumerate(tracked):
        if old not in taken and not row.vanished:
            row.vanished = True
    by_new = {new: old for old, new in matches.items()}
    fresh = []
    for position, (task, keys) in enumerate(zip(tasks, units, strict=True)):
        if position in by_new:
            row = tracked[by_new[position]]
            row.document_id, row.position, row.no, row.text = document_id, position, task.get("no"), task["text"]
            row.deadline, row.vanished = task.get("deadline"), False
            if {u.unit: u.lead for u in row.units} != keys:
                session.execute(delete(TaskUnitRow).where(TaskUnitRow.task_id == row.id))
                session.expire(row, ["units"])
                fresh.append((row, keys))
        else:
            row = TaskRow(doc_key=key, document_id=document_id, position=position, no=task.get("no"), text=task["text"],
                          deadline=task.get("deadline"), vanished=False, status="未启动", progress=0, version=1)  # fmt: skip
            session.add(row)
            fresh.append((row, keys))
    session.flush()
    if links := [{"task_id": row.id, "unit": unit, "lead": lead} for row, keys in fresh for unit, lead in keys.items()]:
        session.execute(insert(TaskUnitRow), links)


def match_tasks(old: list[tuple[str | None, str, str]], new: list[tuple[str | None, str, str]]) -> dict[int, int]:
    """Which new task is which old one ({old index: new index}); a task is (number, text, units).

    A task is its words and its units: one wording given to each county in turn is as many
    tasks. First the same words (under the same number, then renumbered), then the most alike
    pairs (rapidfuzz ratio) above a threshold, lower under the same number; between equally alike
    candidates, the one at the nearer place in the document."""
    old_words = [words(text) + "|" + units for _, text, units in old]
    new_words = [words(text) + "|" + units for _, text, units in new]
    matches: dict[int, int] = {}
    free_old = set(range(len(old)))
    free_new = set(range(len(new)))

    def shift(o: int, n: int) -> float:
        return abs(o / len(old) - n / len(new))

    def pair(o: int, n: int) -> None:
        matches[o] = n
        free_old.discard(o)
        free_new.discard(n)

    for same_number in (True, False):
        exact: dict[tuple[str | None, str], list[int]] = {}
        for o in sorted(free_old):
            exact.setdefault((old[o][0] if same_number else None, old_words[o]), []).append(o)
        for n in sorted(free_new):
            if found := exact.get((new[n][0] if same_number else None, new_words[n])):
                nearest = min(found, key=lambda o: shift(o, n))
                found.remove(nearest)
                pair(nearest, n)
    if not free_old or not free_new:
        return matches
    olds, news = sorted(free_old), sorted(free_new)
    scores = process.cdist([new_words[n] for n in news], [old_words[o] for o in olds], scorer=fuzz.ratio)
    candidates = []
    for i, n in enumerate(news):
        for j, o in enumerate(olds):
            same = bool(new[n][0]) and new[n][0] == old[o][0]
            score = float(scores[i][j])
            if score >= (SAME_NUMBER_SIMILARITY if same else SIMILARITY):
                candidates.append((score + (NUMBER_BONUS if same else 0), -shift(o, n), -o, o, n))
    for *_, o, n in sorted(candidates, reverse=True):
        if o in free_old and n in free_new:
            pair(o, n)
    return matches
