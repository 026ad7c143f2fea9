"""`gongbao supervise`: the 督查室's board, the monthly 通报, the daily digest of what is due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from gongbao.cli import app, ui
from gongbao.cli.chinese import ChineseTyper
from gongbao.cli.common import err_console, print_table
from gongbao.cli.store_commands import DbOption, console, store_at


supervise_app = ChineseTyper(help="督查：任务看板与排名、月度通报、每日摘要。", no_args_is_help=True)
app.add_typer(supervise_app, name="supervise")

TodayOption = Annotated[dt.datetime | None, typer.Option("--today", formats=["%Y-%m-%d"], help="以此日期为准判断期限（YYYY-MM-DD）。")]


def _day(today: dt.datetime | None) -> dt.date:
    return today.date() if today else dt.date.today()


@supervise_app.command("board")
def board_command(today: TodayOption = None, db: DbOption = None) -> None:
    """各单位的任务：逾期、7 日内到期、待核验、按期完成率及排名。"""
    from gongbao.supervise import board

    with store_at(db) as store:
        found = board(store, _day(today))
    table = ui.Table(title=f"按期完成率排名（以 {found['today']} 计）")
    for column in ("名次", "单位", "任务", "已到期", "按期完成", "逾期", "7日内到期", "待核验", "已销号", "按期完成率"):
        table.add_column(column)
    for u in found["units"]:
        rate = "—" if u["on_time_rate"] is None else f"{u['on_time_rate']:.1%}"
        table.add_row(str(u["rank"] or "—"), ui.Text(u["unit"]), *(str(u[k]) for k in ("tasks", "due", "on_time", "overdue", "due_soon", "awaiting", "closed")), rate)
    print_table(table)


@supervise_app.command("notice")
def notice_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="通报的输出文件（.docx 或 .pdf）。")],
    month: Annotated[str | None, typer.Option("--month", help="YYYY-MM（默认：本月）。")] = None,
    today: TodayOption = None,
    db: DbOption = None,
) -> None:
    """按 GB/T 9704 版式生成月度通报，输出为 DOCX 或 PDF（由输出文件的后缀决定）。"""
    from gongbao.serve.service import Invalid, Service

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("docx", "pdf"):
        err_console.print("错误：输出文件须以 .docx 或 .pdf 结尾", highlight=False)
        raise typer.Exit(code=2)
    if month is not None and not (len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit()):
        err_console.print("错误：--month 须为 YYYY-MM", highlight=False)
        raise typer.Exit(code=2)
    with store_at(db) as store:
        try:
            _name, _type, data = Service(store).notice(month, fmt, _day(today))  # type: ignore[arg-type]
        except Invalid as err:
            err_console.print(f"错误：{err}", highlight=False, markup=False)
            raise typer.Exit(code=1) from None
    output.write_bytes(data)
    console.print(ui.Text(f"已生成通报 {output}（{len(data) // 1024} KB）"))


@supervise_app.command("digest")
def digest_command(
    unit: Annotated[str | None, typer.Option("--unit", help="指定一个单位（可用任意别称）；默认：所有设有联络员的单位。")] = None,
    send: Annotated[bool, typer.Option("--send", help="将各单位的摘要通过电子邮件发给其联络员（GONGBAO_SMTP_HOST）。")] = False,
    base_url: Annotated[str, typer.Option("--base-url", help="Web 界面的地址，用于摘要中的链接。")] = "",
    today: TodayOption = None,
    db: DbOption = None,
) -> None:
    """每日摘要：各单位逾期、即将到期和被退回的任务；直接输出，或通过邮件发送。"""
    from gongbao.supervise import board
    from gongbao.supervise.digest import digest, send as send_digests, smtp_configured

    with store_at(db) as store:
        if send:
            if not smtp_configured():
                err_console.print("错误：未配置邮件服务器（请设置 GONGBAO_SMTP_HOST 等环境变量）", highlight=False)
                raise typer.Exit(code=1)
            sent = send_digests(store, _day(today), base_url=base_url.rstrip("/"))
            for name, addresses, items in sent:
                console.print(ui.Text(f"已发送 {name}：{items}项 → {'、'.join(addresses)}"))
            console.print(ui.Text(f"共发送{len(sent)}封"))
            return
        units = [unit] if unit else [u["unit"] for u in board(store, _day(today))["units"]]
        for name in units:
            d = digest(store, name, _day(today))
            if not d.empty or unit:
                console.print(ui.Text(d.text(base_url.rstrip("/"))), "")
