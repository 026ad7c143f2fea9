"""`gongbao users`: accounts and roles (the first administrator is made here, never by default)."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Annotated

import typer

from gongbao.cli import app, ui
from gongbao.cli.chinese import ChineseTyper
from gongbao.cli.common import err_console, print_table
from gongbao.cli.store_commands import DbOption, console, store_at


users_app = ChineseTyper(help="账户与角色：add、list、disable、enable、reset-password。", no_args_is_help=True)
app.add_typer(users_app, name="users")


def _actor() -> str:
    """Who runs the CLI, as the audit records it."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return f"cli:uid-{os.getuid()}" if hasattr(os, "getuid") else "cli"


def _password_from_stdin(given: bool) -> str:
    if not given:
        err_console.print("错误：请用 --password-stdin 从标准输入提供密码（不设默认密码，也不在命令行上明文传递）", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2)
    password = sys.stdin.readline().rstrip("\r\n")
    return password


def _fail(err: Exception) -> None:
    err_console.print(f"错误：{ui.escape(str(err))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="用户名。")],
    role: Annotated[str, typer.Option("--role", help="角色：admin | supervisor | liaison | reader")],
    unit: Annotated[str | None, typer.Option("--unit", help="联络员负责报送的单位。")] = None,
    email: Annotated[str | None, typer.Option("--email", help="接收本单位到期任务每日摘要的电子邮件地址。")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码。")] = False,
    db: DbOption = None,
) -> None:
    """添加账户。"""
    from gongbao.accounts import ROLES, AccountError, add_user

    password = _password_from_stdin(password_stdin)
    with store_at(db, create=True) as store:  # the first administrator may come before any gazette
        try:
            user = add_user(store, name, role, password, unit=unit, email=email, actor=_actor())
        except AccountError as err:
            _fail(err)
    console.print(ui.Text(f"已添加用户 {user.name}（{ROLES[user.role]}{'，' + user.unit if user.unit else ''}）"))


@users_app.command("list")
def list_users(db: DbOption = None) -> None:
    """列出账户及其角色和单位。"""
    from gongbao.accounts import ROLES, users

    with store_at(db) as store:
        found = users(store)
    table = ui.Table()
    for column in ("用户名", "角色", "单位", "电子邮件", "状态", "创建时间"):
        table.add_column(column)
    for u in found:
        table.add_row(ui.Text(u.name), ROLES[u.role], ui.Text(u.unit or ""), ui.Text(u.email or ""), "已停用" if u.disabled else "正常", u.created_at)
    print_table(table)
    console.print(f"共{len(found)}个用户", markup=False)


def _write(db: str | None, done: str, change) -> None:
    """Run one account write; its refusal is one line in Chinese, its success `done`."""
    from gongbao.accounts import AccountError

    with store_at(db) as store:
        try:
            change(store)
        except AccountError as err:
            _fail(err)
    console.print(ui.Text(done))


@users_app.command("disable")
def disable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """停用账户（停用后无法登录，历史记录保留）。"""
    from gongbao.accounts import set_disabled

    _write(db, f"已停用用户 {name}", lambda store: set_disabled(store, name, True, actor=_actor()))


@users_app.command("enable")
def enable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """重新启用已停用的账户。"""
    from gongbao.accounts import set_disabled

    _write(db, f"已启用用户 {name}", lambda store: set_disabled(store, name, False, actor=_actor()))


@users_app.command("reset-password")
def reset(
    name: Annotated[str, typer.Argument()],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取新密码。")] = False,
    db: DbOption = None,
) -> None:
    """为账户设置新密码。"""
    from gongbao.accounts import reset_password

    password = _password_from_stdin(password_stdin)
    _write(db, f"已重设用户 {name} 的密码", lambda store: reset_password(store, name, password, actor=_actor()))


@users_app.command("set-email")
def email(name: Annotated[str, typer.Argument()], address: Annotated[str, typer.Argument(help="电子邮件地址；留空则删除。")], db: DbOption = None) -> None:
    """设置账户接收每日摘要的电子邮件地址。"""
    from gongbao.accounts import set_email

    _write(db, f"已设置用户 {name} 的电子邮件", lambda store: set_email(store, name, address or None, actor=_actor()))
