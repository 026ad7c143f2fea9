"""Accounts and roles (issue 13's first part), each test on SQLite and on PostgreSQL: made from the
CLI only (no default account), passwords hashed with argon2id and never stored or audited, every
write audited with the state before and after."""

from __future__ import annotations

import json

import pytest

from sqlalchemy import select
from typer.testing import CliRunner

from gongbao.accounts import authenticate, audit_log, users
from gongbao.cli import app
from gongbao.store import open_store
from gongbao.store.schema import UserRow

PASSWORD = "正确的马电池订书钉-2026"


def run(*args: str, password: str | None = None):
    return CliRunner().invoke(app, list(args), input=None if password is None else password + "\n")


def test_the_first_administrator_is_made_from_the_cli_and_the_password_is_never_stored(store_url):
    with open_store(store_url) as store:
        assert users(store) == []  # no default account
    added = run("users", "add", "zhang", "--role", "admin", "--password-stdin", "--db", store_url, password=PASSWORD)
    assert added.exit_code == 0, added.output
    assert "已添加用户 zhang（管理员）" in added.output
    with open_store(store_url) as store:
        with store.engine.connect() as conn:
            stored = conn.execute(select(UserRow.password_hash)).scalar_one()
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        total, log = audit_log(store)
        assert total == 1 and log[0]["action"] == "user.add" and log[0]["actor"].startswith("cli:")
        assert PASSWORD not in json.dumps(log, ensure_ascii=False) and "argon2" not in json.dumps(log)
        assert authenticate(store, "zhang", PASSWORD) and not authenticate(store, "zhang", PASSWORD + "x")
        assert not authenticate(store, "nobody", PASSWORD)


def test_bad_requests_are_refused_in_chinese(store_url):
    assert run("users", "add", "li", "--role", "admin", "--db", store_url).exit_code == 2  # no --password-stdin
    short = run("users", "add", "li", "--role", "admin", "--password-stdin", "--db", store_url, password="short")
    assert short.exit_code == 1 and "密码至少10个字符" in short.output
    role = run("users", "add", "li", "--role", "boss", "--password-stdin", "--db", store_url, password=PASSWORD)
    assert role.exit_code == 1 and "角色只能是" in role.output
    liaison = run("users", "add", "li", "--role", "liaison", "--password-stdin", "--db", store_url, password=PASSWORD)
    assert liaison.exit_code == 1 and "须指定所属单位" in liaison.output
    assert run("users", "add", "li", "--role", "liaison", "--unit", "市工信局", "--password-stdin", "--db", store_url, password=PASSWORD).exit_code == 0
    again = run("users", "add", "li", "--role", "reader", "--password-stdin", "--db", store_url, password=PASSWORD)
    assert again.exit_code == 1 and "已存在" in again.output
    assert run("users", "disable", "nobody", "--db", store_url).exit_code == 1


def test_disable_enable_and_reset_password_are_audited(store_url):
    assert run("users", "add", "wang", "--role", "supervisor", "--password-stdin", "--db", store_url, password=PASSWORD).exit_code == 0
    assert run("users", "disable", "wang", "--db", store_url).exit_code == 0
    with open_store(store_url) as store:
        assert not authenticate(store, "wang", PASSWORD)  # disabled: no login, history kept
    assert run("users", "enable", "wang", "--db", store_url).exit_code == 0
    new = PASSWORD + "新"
    assert run("users", "reset-password", "wang", "--password-stdin", "--db", store_url, password=new).exit_code == 0
    listing = run("users", "list", "--db", store_url)
    assert "wang" in listing.output and "督查室" in listing.output and "共1个用户" in listing.output
    with open_store(store_url) as store:
        assert authenticate(store, "wang", new) and not authenticate(store, "wang", PASSWORD)
        total, log = audit_log(store)
        assert [e["action"] for e in reversed(log)] == ["user.add", "user.disable", "user.enable", "user.reset-password"]
        assert log[-2]["before"]["disabled"] is False and log[-2]["after"]["disabled"] is True
        assert log[0]["before"]["version"] + 1 == log[0]["after"]["version"]
        assert new not in json.dumps(log, ensure_ascii=False)


def test_the_audit_is_append_only_in_the_database(store_url):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from gongbao.accounts import add_user
    from gongbao.store import open_store

    with open_store(store_url) as store:
        add_user(store, "wang", "reader", "只读-密码-2026-足够长", actor="test")
        for statement in ("UPDATE audit SET actor = 'nobody'", "DELETE FROM audit"):
            with pytest.raises(DBAPIError, match="append-only"):
                with store.writer.begin() as conn:
                    conn.execute(text(statement))
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT actor FROM audit")).scalars().all() == ["test"]
    with open_store(store_url) as store:  # opening again makes nothing twice
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit")).scalar() == 1
