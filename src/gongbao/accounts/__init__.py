"""Accounts and roles: who may write to gongbao, and the audit of every write.

Roles: `admin` (everything, accounts included), `supervisor` (the 督查室: verifies, returns, closes
tasks, publishes 通报), `liaison` (a department's liaison: reports on its own unit's tasks only),
`reader` (reads, as anyone may). Passwords are hashed with argon2id (argon2-cffi) and never
stored or logged; there is no default account: the first administrator is made from the CLI.
Every write records an audit row (who, what, before, after) in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongbao.store import Store
from gongbao.store.schema import AuditRow, UserRow

ROLES = {"admin": "管理员", "supervisor": "督查室", "liaison": "部门联络员", "reader": "只读用户"}
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 200


class AccountError(ValueError):
    """A request about accounts that cannot be met; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    unit: str | None
    disabled: bool
    created_at: str


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    _check_password(password)
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"密码至少{MIN_PASSWORD_CHARS}个字符")
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError(f"密码最多{MAX_PASSWORD_CHARS}个字符")


def _user(row: UserRow) -> User:
    return User(row.id, row.name, row.role, row.unit, row.disabled, row.created_at.isoformat(timespec="seconds"))


def _state(row: UserRow) -> dict[str, Any]:
    """What the audit records of an account: never its password hash."""
    return {"name": row.name, "role": row.role, "unit": row.unit, "disabled": row.disabled, "version": row.version}


def audit(session: Session, actor: str, action: str, target: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    session.add(AuditRow(at=datetime.now(UTC), actor=actor, action=action, target=target, before=before, after=after))


def add_user(store: Store, name: str, role: str, password: str, *, unit: str | None = None, actor: str) -> User:
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountError("用户名不能为空，最多100个字符")
    if role not in ROLES:
        raise AccountError(f"角色只能是：{'、'.join(ROLES)}")
    if role == "liaison" and not (unit and unit.strip()):
        raise AccountError("部门联络员须指定所属单位（--unit）")
    password_hash = hash_password(password)
    with Session(store.writer) as session, session.begin():
        if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
            raise AccountError(f"用户 {name} 已存在")
        row = UserRow(name=name, role=role, unit=unit.strip() if unit else None, password_hash=password_hash, disabled=False,
                      created_at=datetime.now(UTC), version=1)  # fmt: skip
        session.add(row)
        session.flush()
        audit(session, actor, "user.add", f"user:{name}", None, _state(row))
        return _user(row)


def users(store: Store) -> list[User]:
    with Session(store.engine) as session:
        return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]


def _change(store: Store, name: str, action: str, actor: str, change) -> User:
    with Session(store.writer) as session, session.begin():
        row = session.scalars(select(UserRow).where(UserRow.name == name)).one_or_none()
        if row is None:
            raise AccountError(f"没有用户 {name}")
        before = _state(row)
        change(row)
        row.version += 1
        audit(session, actor, action, f"user:{name}", before, _state(row))
        return _user(row)


def set_disabled(store: Store, name: str, disabled: bool, *, actor: str) -> User:
    def change(row: UserRow) -> None:
        row.disabled = disabled

    return _change(store, name, "user.disable" if disabled else "user.enable", actor, change)


def reset_password(store: Store, name: str, password: str, *, actor: str) -> User:
    password_hash = hash_password(password)

    def change(row: UserRow) -> None:
        row.password_hash = password_hash

    return _change(store, name, "user.reset-password", actor, change)


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The account, if the name and password match and it is not disabled."""
    with Session(store.engine) as session:
        row = session.scalars(select(UserRow).where(UserRow.name == name.strip())).one_or_none()
        if row is None:
            _hasher().hash("timing: the same work for an unknown name")
            return None
        if row.disabled or not verify_password(row.password_hash, password):
            return None
        return _user(row)


def audit_log(store: Store, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    from sqlalchemy import func

    with Session(store.engine) as session:
        total = session.scalar(select(func.count()).select_from(AuditRow)) or 0
        rows = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit).offset(offset))
        return total, [
            {"id": r.id, "at": r.at.isoformat(timespec="seconds"), "actor": r.actor, "action": r.action, "target": r.target,
             "before": r.before, "after": r.after}
            for r in rows
        ]  # fmt: skip
