"""`gongbao serve`: the web UI and JSON API over the store."""

from __future__ import annotations

from typing import Annotated

import typer

from gongbao.cli import app
from gongbao.cli.store_commands import DbOption


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=0, max=65535)] = 8000,
) -> None:
    """Serve the web UI and the JSON API (OpenAPI at /docs) over the stored documents."""
    import uvicorn  # here, not at the top: the other commands need not import the web stack

    from gongbao.serve import create_app
    from gongbao.store import resolve_url

    application = create_app(db)
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL is bracketed
    print(f"serving {resolve_url(db).render_as_string(hide_password=True)} at http://{shown}:{port}/  (API docs: http://{shown}:{port}/docs)", flush=True)
    uvicorn.run(application, host=host, port=port, log_level="warning")
