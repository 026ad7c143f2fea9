"""The `gongbao` command line. Each command is a thin wrapper over a stage's public function."""

from __future__ import annotations

import typer

from gongbao.cli.chinese import ChineseTyper

def _version(value: bool) -> None:
    if value:
        from gongbao import __version__

        print(f"gongbao {__version__}")
        raise typer.Exit()


app = ChineseTyper(
    name="gongbao",
    help="将市级政府公报转换为结构化、可检索的文件。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号并退出。"),
) -> None:
    """将市级政府公报转换为结构化、可检索的文件。"""


# Commands register themselves on `app` when their module is imported.
from gongbao.cli import (  # noqa: E402,F401
    eval_commands,
    obligation_commands,
    parse_commands,
    search_commands,
    serve_commands,
    store_commands,
    structure_commands,
    supervise_commands,
    user_commands,
)

__all__ = ["app"]
