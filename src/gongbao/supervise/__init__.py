"""Supervision (督查督办): the lifecycle of a tracked task, its timeline, and what the 督查室 sees.

A task moves 未启动 → 推进中 → 已完成待核验 → 已销号; the 督查室 may send it back (退回, with a
reason) from 推进中 or 已完成待核验, or reopen a closed one. 逾期 is not stored: a task is overdue when its
deadline has passed and it is neither done nor closed. A department liaison reports on the tasks of
its own unit (named under any alias); the 督查室 verifies, returns and closes; an administrator may
do both. Every write is one transaction with its audit row; a task's `version` makes two people's
edits of one task conflict (409) instead of one silently overwriting the other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from gongbao.accounts import User, audit
from gongbao.extract.orgs import OrgRegistry
from gongbao.store import Store
from gongbao.store.schema import TASK_STATUSES, DocumentRow, EvidenceRow, ReportRow, Source, TaskRow, TaskUnitRow

DONE = ("已完成待核验", "已销号")
# The units ranked against each other: a city's departments, offices, counties and zones — not the
# collectives (各县（市、区）人民政府), enterprises or units known only by their name's ending.
RANKED_KINDS = {"department", "office", "county", "zone", "party", "court", "regulator", "government"}
# Who may move a task from which status to which (the same status: a progress report).
LIAISON_MOVES = {"未启动": {"推进中", "已完成待核验"}, "推进中": {"推进中", "已完成待核验"}, "退回": {"推进中", "已完成待核验"}}
SUPERVISOR_MOVES = {"推进中": {"退回"}, "已完成待核验": {"已销号", "退回"}, "已销号": {"退回"}}
MAX_COMMENT_CHARS = 2000
DUE_SOON_DAYS = 7
WRITE_ATTEMPTS = 5  # a report without a version retries when a concurrent write got in first


class SuperviseError(Exception):
    """A request the ledger refuses; `status` is the HTTP status, the message is for the user."""

    status = 422


class NoSuchTask(SuperviseError):
    status = 404


class Forbidden(SuperviseError):
    status = 403


class Conflict(SuperviseError):
    """The record changed since the version the request was based on; `current` is its newer
    state ({"task": …} or {"actual": …})."""

    status = 409

    def __init__(self, message: str, current: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Report:
    status: str | None  # None: the same status (a progress note)
    progress: int | None = None
    comment: str = ""
    files: tuple[str, ...] = ()  # sha256 of evidence uploaded to the task
    version: int | None = None  # the task version the reporter saw; None: whatever is current


def unit_key(unit: str | None, orgs: OrgRegistry | None = None) -> str | None:
    """How the ledger files a unit (store.tracking.unit_keys): its canonical id, else its name."""
    if not unit or not unit.strip():
        return None
    found = (orgs or OrgRegistry.default()).resolve(unit.strip())
    return found.id if found else unit.strip()


def acts_for(user: User, task_units: set[str], orgs: OrgRegistry | None = None) -> bool:
    """Whether the user may act on a task of these units at all: the 督查室 and administrators on
    any, a liaison on its own unit's (under any alias)."""
    return user.role in ("admin", "supervisor") or (user.role == "liaison" and unit_key(user.unit, orgs) in task_units)


def moves(user: User | None, task_units: set[str], status: str, orgs: OrgRegistry | None = None) -> set[str]:
    """The statuses this user may move a task in `status` to (none for a reader or another unit)."""
    if user is None or user.disabled or not acts_for(user, task_units, orgs):
        return set()
    allowed: set[str] = set()
    if user.role in ("admin", "liaison"):
        allowed |= LIAISON_MOVES.get(status, set())
    if user.role in ("admin", "supervisor"):
        allowed |= SUPERVISOR_MOVES.get(status, set())
    return allowed


def is_overdue(deadline: str | None, status: str, today: dt.date) -> bool:
    return bool(deadline) and status not in DONE and dt.date.fromisoformat(deadline) < today


def _state(row: TaskRow) -> dict[str, Any]:
    return {"status": row.status, "progress": row.progress, "version": row.version}


def _documents(session: Session, ids: set[int]) -> dict[int, Any]:
    """The documents carrying these tasks, by id: their head and extracted tasks, in one query."""
    if not ids:
        return {}
    rows = session.execute(
        select(DocumentRow.id, DocumentRow.doc_number, DocumentRow.title, DocumentRow.issuer, DocumentRow.signed_date,
               DocumentRow.extra, Source.name).join(DocumentRow.source).where(DocumentRow.id.in_(ids))
    ).all()  # fmt: skip
    return {r.id: r for r in rows}


def _task_json(session: Session, row: TaskRow, today: dt.date, *, reports: bool, docs: dict[int, Any] | None = None) -> dict[str, Any]:
    doc = (docs if docs is not None else _documents(session, {row.document_id})).get(row.document_id)
    extracted: dict[str, Any] = {}
    if doc is not None:
        tasks = (doc.extra or {}).get("tasks") or []
        if row.position < len(tasks):
            extracted = tasks[row.position]
    out = {
        **extracted,
        "id": row.id,
        "no": row.no,
        "text": row.text,
        "deadline": row.deadline,
        "status": row.status,
        "progress": row.progress,
        "version": row.version,
        "overdue": is_overdue(row.deadline, row.status, today),
        "vanished": row.vanished,
        "updated_at": _iso(row.updated_at),
        "unit_keys": sorted(u.unit for u in row.units),
        "document": None if doc is None else {
            "id": doc.id, "doc_number": doc.doc_number, "title": doc.title, "issuer": doc.issuer, "signed_date": doc.signed_date, "source": doc.name,
        },
    }  # fmt: skip
    if reports:
        rows = session.scalars(select(ReportRow).where(ReportRow.task_id == row.id).order_by(ReportRow.id))
        out["reports"] = [_report_json(r) for r in rows]
        evidence = session.scalars(select(EvidenceRow).where(EvidenceRow.task_id == row.id).order_by(EvidenceRow.id))
        out["evidence"] = [{"sha256": e.sha256, "name": e.name, "size": e.size, "media_type": e.media_type, "uploaded_by": e.uploaded_by, "at": _iso(e.at)} for e in evidence]
    return out


def _report_json(r: ReportRow) -> dict[str, Any]:
    return {"id": r.id, "at": _iso(r.at), "actor": r.actor, "role": r.role, "status_before": r.status_before, "status": r.status,
            "progress": r.progress, "comment": r.comment, "files": r.files}  # fmt: skip


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def task(store: Store, task_id: int, today: dt.date | None = None) -> dict[str, Any]:
    """A tracked task with its document, status and timeline of reports."""
    with Session(store.engine) as session:
        row = session.get(TaskRow, task_id)
        if row is None:
            raise NoSuchTask(f"没有编号为 {task_id} 的任务")
        return _task_json(session, row, today or dt.date.today(), reports=True)


def report(store: Store, user: User, task_id: int, change: Report, *, orgs: OrgRegistry | None = None,
           today: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """Record a report or decision on a task: the move checked against the user's role and unit,
    the task's version compared and bumped, the report and its audit row written in one
    transaction. Returns the report; raises SuperviseError (Forbidden is audited)."""
    today = today or dt.date.today()
    comment = (change.comment or "").strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise SuperviseError(f"说明最多{MAX_COMMENT_CHARS}个字")
    if change.status is not None and change.status not in TASK_STATUSES:
        raise SuperviseError(f"状态只能是：{'、'.join(TASK_STATUSES)}")
    if change.progress is not None and not 0 <= change.progress <= 100:
        raise SuperviseError("进度须在0到100之间")
    for _attempt in range(WRITE_ATTEMPTS):
        try:
            with Session(store.writer) as session, session.begin():
                return _record(session, user, task_id, change, comment, orgs, today)
        except _Denied:
            with Session(store.writer) as session, session.begin():
                audit(session, user.name, "task.denied", f"task:{task_id}", None, {"status": change.status, "unit": user.unit})
            raise Forbidden("只能报送本单位的任务" if user.role == "liaison" else "当前账户无权进行此操作") from None
        except _Overtaken:
            if change.version is not None:
                raise Conflict("任务已被他人更新，请查看最新状态后再提交", {"task": task(store, task_id, today)}) from None
    raise Conflict("任务正被多人同时更新，请稍后再试", {"task": task(store, task_id, today)})


class _Denied(Exception):
    pass


class _Overtaken(Exception):
    """A concurrent write changed the task between this transaction's read and its update."""


def _record(session: Session, user: User, task_id: int, change: Report, comment: str, orgs: OrgRegistry | None,
            today: dt.date) -> dict[str, Any]:  # fmt: skip
    row = session.get(TaskRow, task_id)
    if row is None:
        raise NoSuchTask(f"没有编号为 {task_id} 的任务")
    units = {u.unit for u in row.units}
    if not acts_for(user, units, orgs):
        raise _Denied
    if change.version is not None and change.version != row.version:
        raise Conflict("任务已被他人更新，请查看最新状态后再提交", {"task": _task_json(session, row, today, reports=True)})
    if row.vanished:
        raise SuperviseError("该任务已不在文件的现行版本中，不能再报送")
    status = change.status or row.status
    if status not in moves(user, units, row.status, orgs):
        raise SuperviseError(f"任务当前状态为“{row.status}”，不能改为“{status}”")
    if status == "退回" and not comment:
        raise SuperviseError("退回须说明理由")
    files = _evidence(session, task_id, change.files)
    progress = 100 if status in DONE else (change.progress if change.progress is not None else row.progress)
    before = _state(row)
    now = datetime.now(UTC)
    done_at = now if status == "已完成待核验" else (None if status == "退回" else row.done_at)
    updated = session.execute(
        update(TaskRow).where(TaskRow.id == task_id, TaskRow.version == row.version)
        .values(status=status, progress=progress, version=row.version + 1, updated_at=now, done_at=done_at)
        .execution_options(synchronize_session=False)
    ).rowcount  # fmt: skip
    if updated != 1:
        raise _Overtaken
    entry = ReportRow(task_id=task_id, at=now, actor=user.name, role=user.role, status_before=before["status"],
                      status=status, progress=progress, comment=comment, files=files)  # fmt: skip
    session.add(entry)
    session.flush()
    after = {"status": status, "progress": progress, "version": row.version + 1, "report": entry.id, "comment": comment,
             "files": [f["sha256"] for f in files]}  # fmt: skip
    audit(session, user.name, "task.report", f"task:{task_id}", before, after)
    return _report_json(entry)


def _evidence(session: Session, task_id: int, shas: tuple[str, ...]) -> list[dict[str, Any]]:
    if not shas:
        return []
    found = {e.sha256: e for e in session.scalars(select(EvidenceRow).where(EvidenceRow.task_id == task_id, EvidenceRow.sha256.in_(shas)))}
    missing = [s for s in shas if s not in found]
    if missing:
        raise SuperviseError(f"附件 {missing[0][:12]}… 未上传到该任务")
    return [{"sha256": s, "name": found[s].name, "size": found[s].size, "media_type": found[s].media_type} for s in dict.fromkeys(shas)]


# -- lists: a unit's tasks, the verification queue, overdue and due soon, the ranking -----------


def tasks_of(store: Store, unit: str | None = None, *, status: str | None = None, today: dt.date | None = None,
             orgs: OrgRegistry | None = None, overdue: bool = False, due_within: int | None = None,
             limit: int | None = None, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
    """Tracked tasks still in their documents, by deadline, without timelines: of one unit (under
    any alias), in one status, overdue, or open and due within `due_within` days. Returns the
    total and one page of them (paged in the database: a ledger can hold many thousands)."""
    today = today or dt.date.today()
    where = [TaskRow.vanished.is_(False)]
    if unit is not None:
        where.append(TaskRow.id.in_(select(TaskUnitRow.task_id).where(TaskUnitRow.unit == unit_key(unit, orgs))))
    if status is not None:
        where.append(TaskRow.status == status)
    if overdue:
        where += [TaskRow.deadline < today.isoformat(), TaskRow.status.not_in(DONE)]
    if due_within is not None:
        soon = (today + dt.timedelta(days=due_within)).isoformat()
        where += [TaskRow.deadline >= today.isoformat(), TaskRow.deadline <= soon, TaskRow.status.not_in(DONE)]
    with Session(store.engine) as session:
        total = session.scalar(select(func.count()).select_from(TaskRow).where(*where)) or 0
        query = (
            select(TaskRow).where(*where).options(selectinload(TaskRow.units))
            .order_by(TaskRow.deadline.is_(None), TaskRow.deadline, TaskRow.id).offset(offset)
        )  # fmt: skip
        if limit is not None:
            query = query.limit(limit)
        rows = session.scalars(query).all()
        docs = _documents(session, {r.document_id for r in rows})
        return total, [_task_json(session, r, today, reports=False, docs=docs) for r in rows]


def states(store: Store, ids: list[int], today: dt.date | None = None) -> dict[tuple[int, int], dict[str, Any]]:
    """The ledger state of the tasks of these document rows: {(document id, position): state}."""
    today = today or dt.date.today()
    if not ids:
        return {}
    ledger = store.ledger(ids)
    for state in ledger.values():
        state["overdue"] = is_overdue(state.pop("deadline"), state["status"], today)
    return ledger


def board(store: Store, today: dt.date | None = None, orgs: OrgRegistry | None = None) -> dict[str, Any]:
    """What the 督查室 works from: each unit's tasks counted — overdue, due within 7 days, awaiting
    verification, closed — with its on-time completion rate and rank.

    A unit's on-time rate is the share of its tasks already due (deadline before today) that were
    reported done by their deadline; units with nothing due yet, and those not ranked by their
    kind (RANKED_KINDS), are listed unranked."""
    today = today or dt.date.today()
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    with Session(store.engine) as session:
        rows = session.execute(
            select(TaskUnitRow.unit, TaskUnitRow.lead, TaskRow.id, TaskRow.deadline, TaskRow.status, TaskRow.done_at)
            .join(TaskRow, TaskRow.id == TaskUnitRow.task_id).where(TaskRow.vanished.is_(False))
        ).all()  # fmt: skip
    units: dict[str, dict[str, Any]] = defaultdict(lambda: {"tasks": 0, "lead": 0, "due": 0, "on_time": 0, "overdue": 0, "due_soon": 0, "awaiting": 0, "closed": 0})
    for r in rows:
        u = units[r.unit]
        u["tasks"] += 1
        u["lead"] += r.lead
        u["awaiting"] += r.status == "已完成待核验"
        u["closed"] += r.status == "已销号"
        if not r.deadline:
            continue
        deadline = dt.date.fromisoformat(r.deadline)
        if deadline < today:
            u["due"] += 1
            done_on = _as_date(r.done_at)
            u["on_time"] += r.status in DONE and done_on is not None and done_on <= deadline
            u["overdue"] += r.status not in DONE
        elif deadline <= soon and r.status not in DONE:
            u["due_soon"] += 1
    orgs = orgs or OrgRegistry.default()
    table = []
    for name, u in units.items():
        rate = u["on_time"] / u["due"] if u["due"] else None
        unit = orgs.resolve(name)
        ranked = unit is not None and unit.kind in RANKED_KINDS and rate is not None
        table.append({"unit": name, "full_name": unit.full_name if unit else name, "kind": unit.kind if unit else None, **u,
                      "on_time_rate": None if rate is None else round(rate, 4), "rank": None, "ranked": ranked})  # fmt: skip
    table.sort(key=lambda u: (not u["ranked"], -(u["on_time_rate"] or 0), u["overdue"], -u["due"], u["unit"]))
    rank = 0
    previous: tuple[Any, ...] | None = None
    for i, u in enumerate((u for u in table if u["ranked"]), 1):
        key = (u["on_time_rate"], u["overdue"])
        if key != previous:
            rank, previous = i, key
        u["rank"] = rank  # equal rate and overdue count: equal rank
    return {"today": today.isoformat(), "due_soon_days": DUE_SOON_DAYS, "units": table}


def _as_date(value: datetime | None) -> dt.date | None:
    return value.astimezone(CHINA).date() if value is not None else None


CHINA = dt.timezone(dt.timedelta(hours=8))  # deadlines are dates in China Standard Time


def queue(store: Store, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The tasks awaiting the 督查室's verification, the longest waiting first."""
    _total, items = tasks_of(store, status="已完成待核验", today=today)
    return sorted(items, key=lambda t: t["updated_at"] or "")


def count_reports(store: Store) -> int:
    with Session(store.engine) as session:
        return session.scalar(select(func.count()).select_from(ReportRow)) or 0
