"""The FastAPI application: the API and page routers over one Service, and how errors look."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from gongbao.serve import api, desk, feeds, sessions, web
from gongbao.serve.service import Invalid, NotFound, Service
from gongbao.store import Store, open_store
from gongbao.supervise import Conflict, SuperviseError

log = logging.getLogger(__name__)
TITLE = "gongbao 政府公报政策库"
THREADS = 4  # worker threads for the sync handlers (anyio's default is 40)


def create_app(store_url: str | None = None, *, store: Store | None = None) -> FastAPI:
    """The app over the store at `store_url` (see gongbao.store.resolve_url), or over `store`."""
    own = store is None
    store = store or open_store(store_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Handlers are sync and CPU-bound between short SQLite calls: with many threads they queue on
        # the GIL after every call (a convoy); a few threads finish requests sooner.
        anyio.to_thread.current_default_thread_limiter().total_tokens = int(os.environ.get("GONGBAO_SERVE_THREADS", THREADS))
        yield
        if own:
            store.close()

    # /docs from the vendored Swagger UI: FastAPI's default loads it from a CDN, which an
    # offline intranet (where gazette systems often run) cannot reach.
    app = FastAPI(
        title=TITLE, description="政府公报的文件、任务、指标、引用、检索与问答。", version="0.1.0", lifespan=lifespan, docs_url=None
    )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{TITLE} — API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    app.state.service = Service(store)
    app.include_router(api.router)
    app.include_router(web.router)
    app.include_router(desk.router)
    app.include_router(feeds.router)
    app.add_middleware(SessionMiddleware, **sessions.middleware_options(store))
    app.mount("/static", StaticFiles(directory=str(files("gongbao.serve").joinpath("static"))), name="static")

    def error(request: Request, status: int, message: str, errors: list | None = None) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/api":
            body = {"detail": message} | ({"errors": errors} if errors else {})
            return JSONResponse(body, status_code=status)
        return web.page(request, "error.html", status_code=status, status=status, message=message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(Invalid)
    async def invalid(request: Request, exc: Invalid) -> Response:
        return error(request, 422, str(exc))

    @app.exception_handler(sessions.LoginRequired)
    async def login_required(_request: Request, exc: sessions.LoginRequired) -> Response:
        return RedirectResponse(sessions.login_url(exc.next_url), status_code=303)

    @app.exception_handler(SuperviseError)
    async def refused(request: Request, exc: SuperviseError) -> Response:
        response = error(request, exc.status, str(exc))
        if isinstance(exc, Conflict) and isinstance(response, JSONResponse):
            response = JSONResponse({"detail": str(exc), **exc.current}, status_code=409)
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"parameter": str(e["loc"][-1]), "message": validation_message(e), "type": e["type"], "input": e.get("input")} for e in exc.errors()]
        message = "；".join(f"{e['parameter']}：{e['message']}" for e in errors)
        return error(request, 422, f"参数有误：{message}", jsonable(errors))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error(request, 500, "服务器内部错误（已记入日志）")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # Our own refusals say why in Chinese; the framework's (405, a 404 route) in English: replaced.
        own = isinstance(exc.detail, str) and _CJK.search(exc.detail)
        message = exc.detail if own else STATUS_MESSAGES.get(exc.status_code, f"请求未能完成（{exc.status_code}）")
        response = error(request, exc.status_code, message)
        response.headers.update(exc.headers or {})  # WWW-Authenticate: Bearer on a 401
        return response

    return app


STATUS_MESSAGES = {400: "请求有误", 401: "请先登录", 403: "无权进行此操作", 404: "页面不存在", 405: "不支持这种请求方式",
                   413: "请求内容过大", 415: "不支持的内容类型", 429: "请求过于频繁，请稍后再试"}  # fmt: skip
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Pydantic's messages are English: what each kind of error says in Chinese, its limits filled in.
VALIDATION_MESSAGES = {
    "missing": "缺少此参数",
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "float_type": "应为数字", "finite_number": "应为有限的数",
    "bool_parsing": "应为 true 或 false", "bool_type": "应为 true 或 false",
    "date_parsing": "应为日期（YYYY-MM-DD）", "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）", "date_type": "应为日期（YYYY-MM-DD）",
    "greater_than_equal": "应不小于 {ge}", "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}", "less_than": "应小于 {lt}",
    "string_too_short": "至少 {min_length} 个字符", "string_too_long": "至多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不对（应符合 {pattern}）", "string_type": "应为文字",
    "literal_error": "应为以下之一：{expected}", "enum": "应为以下之一：{expected}",
    "json_invalid": "不是有效的 JSON", "model_attributes_type": "应为 JSON 对象", "dict_type": "应为 JSON 对象",
    "list_type": "应为列表", "too_long": "项数过多", "value_error": "取值无效",
}  # fmt: skip


def validation_message(error: dict[str, Any]) -> str:
    template = VALIDATION_MESSAGES.get(error["type"], "取值无效")
    ctx = dict(error.get("ctx") or {})
    if "expected" in ctx:  # "'newest', 'oldest' or 'number'"
        ctx["expected"] = str(ctx["expected"]).replace(" or ", "、").replace(", ", "、")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split("{")[0].rstrip("（ ：")


def jsonable(errors: list[dict]) -> list[dict]:
    return [{k: (v if isinstance(v, (str, int, float, bool, type(None))) else str(v)) for k, v in e.items()} for e in errors]
