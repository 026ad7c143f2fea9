"""`gongbao users`: accounts and roles (the first administrator is made here, never by default)."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Annotated

import typer

from gongbao.cli import app, ui
from gongbao.cli.common import err_console, print_table
from gongbao.cli.store_commands import DbOption, console, store_at


users_app = typer.Typer(help="Accounts and roles: add, list, disable, enable, reset-password.", no_args_is_help=True)
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
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option("--role", help="admin | supervisor | liaison | reader")],
    unit: Annotated[str | None, typer.Option("--unit", help="The unit a liaison reports for.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Where the daily digest of the unit's due tasks goes.")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")] = False,
    db: DbOption = None,
) -> None:
    """Add an account."""
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
    """The accounts, their roles and units."""
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
    """Disable an account (it can no longer log in; its history stays)."""
    from gongbao.accounts import set_disabled

    _write(db, f"已停用用户 {name}", lambda store: set_disabled(store, name, True, actor=_actor()))


@users_app.command("enable")
def enable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Enable a disabled account again."""
    from gongbao.accounts import set_disabled

    _write(db, f"已启用用户 {name}", lambda store: set_disabled(store, name, False, actor=_actor()))


@users_app.command("reset-password")
def reset(
    name: Annotated[str, typer.Argument()],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the new password from standard input.")] = False,
    db: DbOption = None,
) -> None:
    """Set a new password for an account."""
    from gongbao.accounts import reset_password

    password = _password_from_stdin(password_stdin)
    _write(db, f"已重设用户 {name} 的密码", lambda store: reset_password(store, name, password, actor=_actor()))


@users_app.command("set-email")
def email(name: Annotated[str, typer.Argument()], address: Annotated[str, typer.Argument(help="The address; empty to remove.")], db: DbOption = None) -> None:
    """Set the e-mail address an account's daily digest goes to."""
    from gongbao.accounts import set_email

    _write(db, f"已设置用户 {name} 的电子邮件", lambda store: set_email(store, name, address or None, actor=_actor()))
