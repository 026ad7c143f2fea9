"""The FastAPI application: the API and page routers over one Service, and how errors look."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

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
        errors = [{"parameter": str(e["loc"][-1]), "message": e["msg"], "input": e.get("input")} for e in exc.errors()]
        message = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
        return error(request, 422, f"参数有误 (invalid parameter) — {message}", jsonable(errors))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = "页面不存在 (not found)" if exc.status_code == 404 else str(exc.detail)
        response = error(request, exc.status_code, message)
        response.headers.update(exc.headers or {})  # WWW-Authenticate: Bearer on a 401
        return response

    return app


def jsonable(errors: list[dict]) -> list[dict]:
    return [{k: (v if isinstance(v, (str, int, float, bool, type(None))) else str(v)) for k, v in e.items()} for e in errors]
