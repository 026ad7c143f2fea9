"""`gongbao serve`: the web UI and JSON API over the store."""

from __future__ import annotations

from typing import Annotated

import typer

from gongbao.cli import app
from gongbao.cli.store_commands import DbOption


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="监听地址。")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="监听端口。", min=0, max=65535)] = 8000,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="将每个请求（方法、路径、状态码）记录到标准错误输出。")] = True,
) -> None:
    """为已入库的文件提供 Web 界面和 JSON API（OpenAPI 文档见 /docs）。"""
    import socket

    import uvicorn  # here, not at the top: the other commands need not import the web stack

    from gongbao.cli.common import err_console
    from gongbao.serve import create_app
    from gongbao.store import resolve_url

    # Bind first, so a busy port is said before anything claims to be serving.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as err:
        listener.close()
        err_console.print(f"错误：无法在 {host}:{port} 上监听（{err.strerror or err}）；端口可能已被占用，可用 --port 换一个", markup=False, highlight=False)
        raise typer.Exit(code=1) from None
    application = create_app(db)
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL is bracketed
    port = listener.getsockname()[1]
    print(f"正在提供服务：{resolve_url(db).render_as_string(hide_password=True)} → http://{shown}:{port}/（API 文档：http://{shown}:{port}/docs）", flush=True)
    config = uvicorn.Config(application, log_level="info" if access_log else "warning", access_log=access_log)
    uvicorn.Server(config).run(sockets=[listener])
