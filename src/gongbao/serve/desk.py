"""The pages behind a login: signing in and out, a liaison's tasks, a task with its timeline and
report forms, the 督查室's board, the 通报 downloads, the upload of gazettes, the audit.

Every form posts its session's CSRF token (serve.sessions); every write goes through the same
service calls as the API, so the same roles, units and version checks hold.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gongbao.accounts import AccountError, Throttled, sign_in
from gongbao.serve import sessions
from gongbao.serve.files import attachment, download
from gongbao.serve.web import Svc, page
from gongbao.supervise import DUE_SOON_DAYS, Report, SuperviseError, moves
from gongbao.supervise.evidence import max_bytes

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
TaskId = Annotated[int, Path(ge=1, le=2**62)]
MAX_UPLOAD_FILES = 10


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# -- signing in and out --------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None) -> HTMLResponse:
    return page(request, "login.html", next=sessions.safe_next(next), error=None)


@router.post("/login")
async def login(request: Request, svc: Svc) -> Response:
    form = await request.form()
    sessions.check_csrf(request, form)
    name, password = str(form.get("username") or ""), str(form.get("password") or "")
    target = sessions.safe_next(str(form.get("next") or ""))
    try:
        user = sign_in(svc.store, name, password, client=_client(request))
    except AccountError as err:
        status = 429 if isinstance(err, Throttled) else 401
        return page(request, "login.html", status_code=status, next=target, error=str(err), username=name[:100])
    sessions.start(request, user)
    if target == "/":
        target = "/my" if user.role == "liaison" else "/supervise" if user.role in ("admin", "supervisor") else "/"
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    sessions.check_csrf(request, await request.form())
    sessions.end(request)
    return RedirectResponse("/", status_code=303)


# -- a liaison's tasks; a task --------------------------------------------------------------------


@router.get("/my")
def my_tasks(request: Request, svc: Svc, status: Annotated[str | None, Query(max_length=20)] = None,
             overdue: bool = False) -> Response:  # fmt: skip
    user = sessions.require(request)
    if user.role != "liaison" or not user.unit:
        return RedirectResponse("/supervise" if user.role in ("admin", "supervisor") else "/units", status_code=303)
    found = svc.tasks(unit=user.unit, status=status or None, overdue_only=overdue, limit=10**6)
    counts = {
        "due_soon": svc.tasks(unit=user.unit, due_within=DUE_SOON_DAYS, limit=0)["total"],
        "returned": svc.tasks(unit=user.unit, status="退回", limit=0)["total"],
    }
    return page(request, "my.html", user=user, found=found, status=status or "", counts=counts)


@router.get("/tasks/{task_id}")
def task_page(request: Request, svc: Svc, task_id: TaskId) -> HTMLResponse:
    user = sessions.require(request)
    return _task_page(request, svc, user, task_id)


def _task_page(request: Request, svc: Svc, user: Any, task_id: int, *, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    found = svc.task(task_id)
    allowed = moves(user, set(found["unit_keys"]), found["status"], svc.orgs) if not found["vanished"] else set()
    return page(request, "task.html", status_code=status_code, user=user, task=found, allowed=sorted(allowed, key=lambda s: FORM_ORDER.get(s, len(FORM_ORDER))),
                error=error, max_mb=max_bytes() // (1024 * 1024))  # fmt: skip


FORM_ORDER = {"推进中": 0, "已完成待核验": 1, "已销号": 2, "退回": 3}  # the choices of the report form, in this order


@router.post("/tasks/{task_id}")
async def report(request: Request, svc: Svc, task_id: TaskId) -> Response:
    user = sessions.require(request)
    form = await request.form(max_files=MAX_UPLOAD_FILES)
    sessions.check_csrf(request, form)
    try:
        progress = int(str(form.get("progress"))) if form.get("progress") not in (None, "") else None
        version = int(str(form.get("version"))) if form.get("version") not in (None, "") else None
    except ValueError:
        return _task_page(request, svc, user, task_id, error="进度和版本须为整数", status_code=422)
    try:
        shas = []
        for upload in form.getlist("files"):
            if getattr(upload, "filename", None):
                data = await upload.read(max_bytes() + 1)
                shas.append(svc.add_evidence(user, task_id, upload.filename, data)["sha256"])
        svc.report(user, task_id, Report(str(form.get("status") or "") or None, progress, str(form.get("comment") or ""), tuple(shas), version))
    except SuperviseError as err:
        if err.status == 404:
            raise
        return _task_page(request, svc, user, task_id, error=str(err), status_code=err.status)
    return RedirectResponse(f"/tasks/{task_id}#timeline", status_code=303)


@router.get("/tasks/{task_id}/files/{sha256}")
def evidence(request: Request, svc: Svc, task_id: TaskId, sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")]) -> Response:
    sessions.require(request)
    return download(*svc.evidence(task_id, sha256))


# -- the 督查室: board, queue, 通报 -----------------------------------------------------------------


@router.get("/supervise")
def board(request: Request, svc: Svc) -> HTMLResponse:
    user = sessions.require(request, "admin", "supervisor")
    today = dt.date.today()
    overdue = svc.tasks(overdue_only=True, limit=10**6)["items"]
    due_soon = svc.tasks(due_within=DUE_SOON_DAYS, limit=10**6)["items"]
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for t in overdue:  # a task of several units is listed under each
        for unit in t["unit_keys"]:
            by_unit.setdefault(unit, []).append(t)
    grouped = sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return page(request, "supervise.html", user=user, queue=svc.queue(), overdue=overdue, overdue_by_unit=grouped,
                due_soon=due_soon, month=today.strftime("%Y-%m"))  # fmt: skip


@router.get("/ranking")
def ranking(request: Request, svc: Svc) -> HTMLResponse:
    user = sessions.require(request)
    return page(request, "ranking.html", user=user, board=svc.board(), month=dt.date.today().strftime("%Y-%m"))


@router.get("/supervise/notice.{format}")
def notice(request: Request, svc: Svc, format: Annotated[str, Path(pattern="^(docx|pdf)$")],
           month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None) -> Response:  # fmt: skip
    sessions.require(request)
    name, media_type, data = svc.notice(month, format, None)  # type: ignore[arg-type]
    return Response(data, media_type=media_type, headers={"Content-Disposition": attachment(name)})


# -- plan monitoring: actual values ------------------------------------------------------------


@router.post("/targets/actuals")
async def record_actual(request: Request, svc: Svc) -> Response:
    user = sessions.require(request, "admin", "supervisor", "liaison")
    form = await request.form()
    sessions.check_csrf(request, form)
    indicator = str(form.get("indicator") or "")[:300]
    back = f"/targets?indicator={quote(indicator)}"
    try:
        year, value = int(str(form.get("year"))), float(str(form.get("value")))
    except ValueError:
        request.session["flash"] = "年份须为整数，数值须为数字"
        return RedirectResponse(back, status_code=303)
    try:
        svc.record_actual(user, indicator, str(form.get("scope") or "city")[:20], year, value, str(form.get("note") or ""))
    except SuperviseError as err:
        request.session["flash"] = str(err)
        return RedirectResponse(back, status_code=303)
    return RedirectResponse(back, status_code=303)


# -- administration: upload, audit ----------------------------------------------------------------


@router.get("/upload")
def upload_form(request: Request) -> HTMLResponse:
    user = sessions.require(request, "admin")
    return page(request, "upload.html", user=user, results=None)


@router.post("/upload")
async def upload(request: Request, svc: Svc) -> HTMLResponse:
    user = sessions.require(request, "admin")
    form = await request.form(max_files=MAX_UPLOAD_FILES)
    sessions.check_csrf(request, form)
    results = []
    for item in form.getlist("files"):
        if not getattr(item, "filename", None):
            continue
        results.append(svc.ingest_upload(user, item.filename, item.file))
    if not results:
        return page(request, "upload.html", status_code=422, user=user, results=[], error="请选择要上传的公报文件")
    status = 200 if all(r["ok"] for r in results) else 422
    return page(request, "upload.html", status_code=status, user=user, results=results)


@router.get("/audit")
def audit_page(request: Request, svc: Svc, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    from gongbao.accounts import audit_log

    user = sessions.require(request, "admin", "supervisor")
    total, items = audit_log(svc.store, 100, offset)
    return page(request, "audit.html", user=user, total=total, items=items, offset=offset)

