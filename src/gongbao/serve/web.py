"""The server-rendered pages (Chinese UI): thin handlers over the service layer.

Templates are Jinja2 with autoescape on; document text reaches them as plain strings or as
(text, mark, link) segments that the templates escape piece by piece.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader

from gongbao.accounts import ROLES
from gongbao.serve.sessions import csrf_token, current_user
from gongbao.serve.service import MAX_LIMIT, SCOPES, Service, highlight, with_highlight

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

RELATIONS = {"answers": "答复", "implements": "贯彻落实", "amends": "修改", "repeals": "废止", "replaces": "替代", "cites": "引用"}
FACETS = {"issuer": "发文机关", "doc_type": "文种", "year": "年份", "unit": "责任单位"}


def environment() -> Environment:
    env = Environment(loader=PackageLoader("gongbao.serve", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(RELATIONS=RELATIONS, SCOPES=SCOPES, FACETS=FACETS, ROLES=ROLES, with_params=with_params,
                       user_of=current_user, csrf=csrf_token)  # fmt: skip
    return env



def with_params(request: Request, drop: tuple[str, ...] = ("offset",), **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = {k: v for k, v in request.query_params.items() if k not in drop}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


templates = Jinja2Templates(env=environment())


def service(request: Request) -> Service:
    return request.app.state.service


Svc = Annotated[Service, Depends(service)]
Offset = Annotated[int, Query(ge=0)]
Year = Annotated[int | None, Query(ge=1949, le=2100)]
Text = Annotated[str | None, Query(max_length=200)]


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def render(request: Request, name: str, **context: Any) -> str:
    return templates.get_template(name).render(request=request, **context)


@router.get("/")
def home(request: Request, svc: Svc) -> HTMLResponse:
    return page(request, "home.html", issues=svc.issues(limit=MAX_LIMIT)["items"], latest=svc.documents(limit=10))


@router.get("/issues/{issue_id}")
def issue(request: Request, svc: Svc, issue_id: Annotated[int, Path(ge=1, le=2**62)]) -> HTMLResponse:
    return page(request, "issue.html", issue=svc.issue(issue_id))


@router.get("/documents")
def documents(request: Request, svc: Svc, issuer: Text = None, doc_type: Text = None, year: Year = None,
              source: Text = None, date_from: dt.date | None = None, date_to: dt.date | None = None, unit: Text = None,
              sort: Literal["newest", "oldest", "number"] = "newest", offset: Offset = 0) -> HTMLResponse:  # fmt: skip
    found = svc.documents(issuer=issuer or None, doc_type=doc_type or None, year=year, source=source or None, date_from=date_from,
                          date_to=date_to, unit=unit or None, sort=sort, limit=50, offset=offset)  # fmt: skip
    return page(request, "documents.html", found=found, facets=svc.doc_facets(), sort=sort)


@router.get("/documents/{key}/graph")
def graph(request: Request, svc: Svc, key: Annotated[str, Path(max_length=100)]) -> HTMLResponse:
    return page(request, "graph.html", graph=svc.graph(key))


@router.get("/files/{sha256}")
def original_file(svc: Svc, sha256: Annotated[str, Path(max_length=64)]) -> Response:
    """The original file of a source (a PDF opens at #page=N in the browser's viewer). Sandboxed:
    a stored web page must not run as this site."""
    media_type, data = svc.original(sha256)
    inline = media_type == "application/pdf"
    headers = {
        "Content-Security-Policy": "sandbox",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f"{'inline' if inline else 'attachment'}; filename={sha256[:16]}{_SUFFIXES.get(media_type, '')}",
        "Cache-Control": "public, max-age=31536000, immutable",  # content-addressed: never changes
    }
    return Response(data, media_type=media_type, headers=headers)


_SUFFIXES = {"application/pdf": ".pdf", "text/html": ".html", "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


@router.get("/documents/{key}/diff")
def diff(request: Request, svc: Svc, key: Annotated[str, Path(max_length=100)],
         a: Annotated[int, Query(ge=1, le=10_000)] = 1, b: Annotated[int, Query(ge=1, le=10_000)] = 2) -> HTMLResponse:  # fmt: skip
    return page(request, "diff.html", diff=svc.diff(key, a, b))


@router.get("/documents/{key}")
def document(request: Request, svc: Svc, key: Annotated[str, Path(max_length=100)],
             hl: Annotated[str | None, Query(max_length=300)] = None) -> HTMLResponse:  # fmt: skip
    doc, view = svc.document_page(key)
    if hl:
        # An answer's evidence to show: that paragraph marked (a page of its own, not memoised).
        return HTMLResponse(render(request, "document.html", doc=doc, view=with_highlight(view, hl), cacheable=True))
    # The page depends on the document alone: rendered once per document (until an ingest).
    html = svc.memo(("document.html", doc["id"]), lambda: render(request, "document.html", doc=doc, view=view, cacheable=True))
    return HTMLResponse(html)


@router.get("/search")
def search(request: Request, svc: Svc, q: Annotated[str, Query(max_length=500)] = "", issuer: Text = None,
           doc_type: Text = None, year: Year = None, unit: Text = None, offset: Offset = 0) -> HTMLResponse:  # fmt: skip
    results = None
    if q.strip():
        results = svc.search(q, issuer=issuer, doc_type=doc_type, year=year, unit=unit, limit=10, offset=offset)
        segments = [highlight(hit["passage"], hit["highlights"]) for hit in results["items"]]
    filters = {k: v for k, v in (("issuer", issuer), ("doc_type", doc_type), ("year", year), ("unit", unit)) if v}
    return page(request, "search.html", q=q, results=results, passages=segments if results else [], filters=filters)


@router.get("/ask")
def ask(request: Request, svc: Svc, q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    return page(request, "ask.html", q=q, answer=svc.ask(q) if q.strip() else None)


@router.get("/units")
def units(request: Request, svc: Svc) -> HTMLResponse:
    return page(request, "units.html", found=svc.units(limit=10**6))


@router.get("/units/{name}")
def unit(request: Request, svc: Svc, name: Annotated[str, Path(max_length=100)], today: dt.date | None = None,
         overdue: bool = False) -> HTMLResponse:  # fmt: skip
    return page(request, "unit.html", found=svc.unit_tasks(name, today=today, overdue_only=overdue, limit=10**6))


@router.get("/targets")
def targets(request: Request, svc: Svc, indicator: Text = None, doc: Text = None) -> HTMLResponse:
    panels = svc.cockpit(indicator=indicator, doc=doc)
    error = request.session.pop("flash", None)  # a refused entry of an actual value (serve.desk)
    return page(request, "targets.html", panels=panels, indicator=indicator or "", doc=doc or "", error=error)
