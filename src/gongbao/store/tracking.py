"""The supervision ledger's tasks, kept in step with the current documents.

A tracked task belongs to its document's identity (store.identity), so its status and progress
outlive the stored row that carried it: when a new version of the document becomes current, each
of its tasks takes over the tracked task it is — the same number and text, the same number with
lightly edited text, or the same text under another number (rapidfuzz). Tasks of the old version
that match nothing are flagged `vanished`, never deleted: their reports stay on record.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from gongbao.store.schema import DocumentRow, TaskRow, TaskUnitRow

# How alike two task texts must be (rapidfuzz ratio, 0–100) to be one task: with the same number,
# an edited deadline or unit; under another number, only a reordering.
SAME_NUMBER_SIMILARITY = 75
MOVED_SIMILARITY = 90
_NOT_WORD = re.compile(r"[\W_]+")


def _words(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


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
    tracked = list(session.scalars(select(TaskRow).where(TaskRow.doc_key == key).order_by(TaskRow.id)))
    if not tracked and not tasks:
        return
    matches = match_tasks([(t.no, t.text) for t in tracked], [(t.get("no"), t["text"]) for t in tasks])
    taken = set(matches)  # the old tasks some new one is
    for old, row in enumerate(tracked):
        if old not in taken and not row.vanished:
            row.vanished = True
    by_new = {new: old for old, new in matches.items()}
    fresh = []
    for position, task in enumerate(tasks):
        units = unit_keys(task)
        if position in by_new:
            row = tracked[by_new[position]]
            row.document_id, row.position, row.no, row.text = document_id, position, task.get("no"), task["text"]
            row.deadline, row.vanished = task.get("deadline"), False
            if {u.unit: u.lead for u in row.units} != units:
                session.execute(delete(TaskUnitRow).where(TaskUnitRow.task_id == row.id))
                session.expire(row, ["units"])
                fresh.append((row, units))
        else:
            row = TaskRow(doc_key=key, document_id=document_id, position=position, no=task.get("no"), text=task["text"],
                          deadline=task.get("deadline"), vanished=False, status="未启动", progress=0, version=1)  # fmt: skip
            session.add(row)
            fresh.append((row, units))
    session.flush()
    if links := [{"task_id": row.id, "unit": unit, "lead": lead} for row, units in fresh for unit, lead in units.items()]:
        session.execute(insert(TaskUnitRow), links)


def match_tasks(old: list[tuple[str | None, str]], new: list[tuple[str | None, str]]) -> dict[int, int]:
    """Which new task is which old one ({old index: new index}): first the same number and the
    same words, then the same number and similar words, then similar words under any number."""
    old_words = [_words(text) for _, text in old]
    new_words = [_words(text) for _, text in new]
    matches: dict[int, int] = {}
    free_old = set(range(len(old)))
    free_new = set(range(len(new)))

    def pair(o: int, n: int) -> None:
        matches[o] = n
        free_old.discard(o)
        free_new.discard(n)

    exact: dict[tuple[str | None, str], list[int]] = {}
    for o in range(len(old)):
        exact.setdefault((old[o][0], old_words[o]), []).append(o)
    for n in range(len(new)):
        if found := exact.get((new[n][0], new_words[n])):
            pair(found.pop(0), n)
    by_number: dict[str | None, list[int]] = {}
    for o in sorted(free_old):
        by_number.setdefault(old[o][0], []).append(o)
    for n in sorted(free_new):
        candidates = [o for o in by_number.get(new[n][0], []) if o in free_old] if new[n][0] else []
        best = max(candidates, key=lambda o: fuzz.ratio(old_words[o], new_words[n]), default=None)
        if best is not None and fuzz.ratio(old_words[best], new_words[n]) >= SAME_NUMBER_SIMILARITY:
            pair(best, n)
    for n in sorted(free_new):
        choices = {o: old_words[o] for o in free_old}
        if not choices:
            break
        found = process.extractOne(new_words[n], choices, scorer=fuzz.ratio, score_cutoff=MOVED_SIMILARITY)
        if found is not None:
            pair(found[2], n)
    return matches
