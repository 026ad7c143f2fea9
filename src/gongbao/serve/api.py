"""The JSON API under /api: thin handlers over the service layer (gongbao.serve.service)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import Response
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm

from pydantic import BaseModel, Field

from gongbao.serve.files import attachment, download, read_limited
from gongbao.serve.service import DEFAULT_LIMIT, MAX_LIMIT, Service

router = APIRouter(prefix="/api", tags=["api"])


def service(request: Request) -> Service:
    return request.app.state.service


Svc = Annotated[Service, Depends(service)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1–{MAX_LIMIT}; {DEFAULT_LIMIT} unless given).")]
Offset = Annotated[int, Query(ge=0, description="How many items to skip.")]
Year = Annotated[int | None, Query(ge=1949, le=2100, description="Year (of 成文日期 for documents).")]
Text = Annotated[str | None, Query(max_length=200)]
DocKey = Annotated[str, Path(description="Numeric id, or a 发文字号 in any printed form (URL-encoded).")]


def listing(items: list[Any], limit: int, offset: int, **about: Any) -> dict[str, Any]:
    """A page of a list, in the shape every list of the API has: total, limit, offset, items (and
    what the list is of)."""
    return {**about, "total": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}


# --- Accounts: tokens (the OAuth2 password flow) and the audit --------------------------------


@router.post("/auth/token", summary="Log in: an API token for a user name and password (OAuth2 password flow)")
def token(request: Request, svc: Svc, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict[str, Any]:
    from gongbao.accounts import AccountError, Throttled, login

    client = request.client.host if request.client else "unknown"
    try:
        access = login(svc.store, form.username, form.password, client=client)
    except Throttled as err:
        raise HTTPException(status_code=429, detail=str(err)) from None
    except AccountError as err:
        raise HTTPException(status_code=401, detail=str(err), headers={"WWW-Authenticate": "Bearer"}) from None
    return {"access_token": access, "token_type": "bearer"}


_bearer = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


def signed_in(*roles: str):
    """A dependency: the user of the request's bearer token (401 without one), in one of `roles` (403)."""

    def check(svc: Svc, token: Annotated[str | None, Depends(_bearer)]) -> Any:
        from gongbao.accounts import user_for_token

        user = user_for_token(svc.store, token or "")
        if user is None:
            raise HTTPException(status_code=401, detail="请先登录（需要有效的访问令牌）", headers={"WWW-Authenticate": "Bearer"})
        if roles and user.role not in roles:
            raise HTTPException(status_code=403, detail="当前账户无权进行此操作")
        return user

    return check


@router.get("/audit", summary="The audit log of every write, newest first (administrator and supervisor only)")
def audit_entries(svc: Svc, _user: Annotated[Any, Depends(signed_in("admin", "supervisor"))], limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    from gongbao.accounts import audit_log

    total, items = audit_log(svc.store, limit, offset)
    return {"items": items, "total": total}


# --- Supervision: the task ledger, reports, evidence, the 督查室's board -------------------------


class ReportIn(BaseModel):
    """A report on a task (a liaison) or a decision (the 督查室: 已销号, 退回 with a reason)."""

    status: Literal["未启动", "推进中", "已完成待核验", "已销号", "退回"] | None = Field(None, description="The new status; omitted: unchanged (a progress note).")
    progress: int | None = Field(None, ge=0, le=100, description="Per cent done.")
    comment: str = Field("", max_length=2000)
    files: list[Annotated[str, Field(pattern="^[0-9a-f]{64}$")]] = Field(default_factory=list, max_length=20,
                                                                          description="SHA-256 of evidence uploaded to the task (POST …/files).")
    version: int | None = Field(None, description="The task version the report is based on: another gives 409 and the newer state.")


TaskId = Annotated[int, Path(ge=1, le=2**62)]
Today = Annotated[dt.date | None, Query(description="The day to judge deadlines by (default: today).")]


@router.get("/tasks", summary="Tracked tasks, by deadline: of one unit (any alias), in one status")
def tasks(svc: Svc, unit: Text = None, status: Text = None, overdue: bool = False,
          due_within: Annotated[int | None, Query(ge=0, le=366, description="Open tasks due within this many days.")] = None,
          today: Today = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
    return svc.tasks(unit=unit, status=status, overdue_only=overdue, due_within=due_within, today=today, limit=limit, offset=offset)


@router.get("/tasks/{task_id}", summary="A task with its status, progress, evidence and the timeline of its reports")
def task(svc: Svc, task_id: TaskId, today: Today = None) -> dict[str, Any]:
    return svc.task(task_id, today)


@router.post("/tasks/{task_id}/reports", status_code=201, summary="Report on a task, or verify, return or close it",
             responses={403: {"description": "Not this account's unit or role (audited)"}, 409: {"description": "The task changed meanwhile; `task` is its newer state"}})  # fmt: skip
def add_report(svc: Svc, task_id: TaskId, body: ReportIn, user: Annotated[Any, Depends(signed_in("admin", "supervisor", "liaison"))]) -> dict[str, Any]:
    from gongbao.supervise import Report

    return svc.report(user, task_id, Report(body.status, body.progress, body.comment, tuple(body.files), body.version))


@router.post("/tasks/{task_id}/files", status_code=201, summary="Upload an evidence file for a task (PDF, image, DOCX, XLSX, text; size-limited)")
def add_file(svc: Svc, task_id: TaskId, file: UploadFile, user: Annotated[Any, Depends(signed_in("admin", "supervisor", "liaison"))]) -> dict[str, Any]:
    from gongbao.supervise.evidence import max_bytes

    return svc.add_evidence(user, task_id, file.filename or "", read_limited(file, max_bytes()))


@router.get("/tasks/{task_id}/files/{sha256}", summary="An evidence file of a task (signed-in users)", response_class=Response)
def get_file(svc: Svc, task_id: TaskId, sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")], _user: Annotated[Any, Depends(signed_in())]) -> Response:
    return download(*svc.evidence(task_id, sha256))


@router.get("/supervision/board", summary="Each unit's tasks: overdue, due within 7 days, awaiting verification, on-time rate and rank")
def board(svc: Svc, today: Today = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    found = svc.board(today)
    return listing(found["units"], limit, offset, **{k: v for k, v in found.items() if k != "units"})


@router.get("/supervision/queue", summary="Tasks reported done and awaiting the 督查室's verification")
def verification_queue(svc: Svc, _user: Annotated[Any, Depends(signed_in("admin", "supervisor"))],
                       limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
    return listing(svc.queue(), limit, offset)


@router.get("/supervision/notice", summary="The monthly 通报 (GB/T 9704 layout) as DOCX or PDF", response_class=Response)
def notice(svc: Svc, month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM (default: this month).")] = None,
           format: Literal["docx", "pdf"] = "docx", today: Today = None) -> Response:  # fmt: skip
    name, media_type, data = svc.notice(month, format, today)
    return Response(data, media_type=media_type, headers={"Content-Disposition": attachment(name)})


class ActualIn(BaseModel):
    """An indicator's actual value for a year (年度监测)."""

    indicator: str = Field(min_length=1, max_length=300, description="The indicator as the plan names it (row number optional).")
    scope: Literal["city", "county", "zone"] = "city"
    year: int = Field(ge=1949, le=2100)
    value: float = Field(allow_inf_nan=False)
    note: str = Field("", max_length=500)
    version: int | None = Field(None, description="When correcting: the version corrected (another gives 409).")


@router.get("/targets/cockpit", summary="Plan monitoring: per indicator its actual values, goals, target path, limits and whether it is on track")
def cockpit(svc: Svc, indicator: Text = None, doc: Annotated[str | None, Query(max_length=100)] = None,
            limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
    panels = svc.cockpit(indicator=indicator, doc=doc)
    return listing(panels, limit, offset, off_track=sum(p["off_track"] for p in panels))


@router.post("/targets/actuals", status_code=201, summary="Enter or correct an indicator's actual value for a year")
def add_actual(svc: Svc, body: ActualIn, user: Annotated[Any, Depends(signed_in("admin", "supervisor", "liaison"))]) -> dict[str, Any]:
    return svc.record_actual(user, body.indicator, body.scope, body.year, body.value, body.note, body.version)


@router.get("/issues", summary="Gazette issues (current file versions), newest first")
def issues(svc: Svc, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    return svc.issues(limit, offset)


@router.get("/issues/{issue_id}", summary="One issue with its table of contents")
def issue(svc: Svc, issue_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    return svc.issue(issue_id)


@router.get("/documents", summary="Current documents, newest first, filtered")
def documents(svc: Svc, issuer: Text = None, doc_type: Text = None, year: Year = None,
              source: Annotated[str | None, Query(max_length=200, description="File name or issue id.")] = None,
              date_from: Annotated[dt.date | None, Query(description="成文日期 on or after.")] = None,
              date_to: Annotated[dt.date | None, Query(description="成文日期 on or before.")] = None,
              unit: Annotated[str | None, Query(max_length=100, description="A unit (any alias) the document's tasks name.")] = None,
              sort: Literal["newest", "oldest", "number"] = "newest", limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
    return svc.documents(issuer=issuer, doc_type=doc_type, year=year, source=source, date_from=date_from, date_to=date_to,
                         unit=unit, sort=sort, limit=limit, offset=offset)  # fmt: skip


@router.get("/documents/{key}/graph", summary="A document's citation neighbourhood (nodes and links)")
def graph(svc: Svc, key: DocKey) -> dict[str, Any]:
    return svc.graph(key)


@router.get("/documents/{key}/versions", summary="A document's versions, whatever files carry it, the current one marked")
def versions(svc: Svc, key: DocKey, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    found = svc.versions(key)
    return listing(found["versions"], limit, offset, **{k: v for k, v in found.items() if k != "versions"})


@router.get("/documents/{key}/diff", summary="Word-level differences between two versions of a document")
def diff(svc: Svc, key: DocKey, a: Annotated[int, Query(ge=1, le=10_000)] = 1, b: Annotated[int, Query(ge=1, le=10_000)] = 2) -> dict[str, Any]:
    return svc.diff(key, a, b)


@router.get("/documents/{key}", summary="One document: outline, tables, tasks, targets, bodies, citations, cited_by")
def document(svc: Svc, key: DocKey) -> dict[str, Any]:
    return svc.document(key)


@router.get("/search", summary="Full-text search with facets")
def search(svc: Svc, q: Annotated[str, Query(min_length=1, max_length=500)], issuer: Text = None, doc_type: Text = None,
           year: Year = None, unit: Text = None, limit: Limit = DEFAULT_LIMIT,
           offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
    return svc.search(q, issuer=issuer, doc_type=doc_type, year=year, unit=unit, limit=limit, offset=offset)


@router.get("/ask", summary="An extractive answer to a question, with the document and 政策咨询")
def ask(svc: Svc, q: Annotated[str, Query(min_length=1, max_length=500)]) -> dict[str, Any]:
    return svc.ask(q)


@router.get("/units", summary="Units named by tasks (canonical names), by task count")
def units(svc: Svc, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    return svc.units(limit, offset)


@router.get("/units/{name}/tasks", summary="A unit's tasks across documents (any alias), by deadline")
def unit_tasks(svc: Svc, name: Annotated[str, Path(max_length=100)], today: dt.date | None = None,
               overdue: bool = False, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
    return svc.unit_tasks(name, today=today, overdue_only=overdue, limit=limit, offset=offset)


@router.get("/targets", summary="Quantitative targets, filtered")
def targets(svc: Svc, indicator: Text = None, year: Year = None,
            doc: Annotated[str | None, Query(max_length=100, description="Document id or 文号.")] = None,
            limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
    return svc.targets(indicator=indicator, year=year, doc=doc, limit=limit, offset=offset)


MEDIA = {"jsonl": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


@router.get("/export", summary="All current documents: JSON lines, CSV (with a BOM; a row per document, task or target) or XLSX (a sheet per kind)",
            response_class=Response)  # fmt: skip
def export(svc: Svc, format: Literal["jsonl", "csv", "xlsx"] = "jsonl", kind: Literal["documents", "tasks", "targets"] = "documents") -> Response:
    name = f"gongbao-{'all' if format == 'xlsx' else kind}.{format}"
    return Response(svc.export(format, kind), media_type=MEDIA[format], headers={"Content-Disposition": f'attachment; filename="{name}"'})
