"""Accounts and roles: who may write to gongbao, and the audit of every write.

Roles: `admin` (everything, accounts included), `supervisor` (the 督查室: verifies, returns, closes
tasks, publishes 通报), `liaison` (a department's liaison: reports on its own unit's tasks only),
`reader` (reads, as anyone may). Passwords are hashed with argon2id (argon2-cffi) and never
stored or logged; there is no default account: the first administrator is made from the CLI.
Every write records an audit row (who, what, before, after) in the same transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongbao.store import Store
from gongbao.store.schema import AuditRow, TokenRow, UserRow

ROLES = {"admin": "管理员", "supervisor": "督查室", "liaison": "部门联络员", "reader": "只读用户"}
TOKEN_HOURS = 12
# Login throttling: this many failed logins for one name within the window, and the name is refused
# until the window has passed (counted from the audit, so it holds across server processes).
MAX_FAILED_LOGINS = 5
FAILED_LOGIN_WINDOW = timedelta(minutes=15)
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
    email: str | None = None


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
    return User(row.id, row.name, row.role, row.unit, row.disabled, row.created_at.isoformat(timespec="seconds"), row.email)


def _state(row: UserRow) -> dict[str, Any]:
    """What the audit records of an account: never its password hash."""
    return {"name": row.name, "role": row.role, "unit": row.unit, "email": row.email, "disabled": row.disabled, "version": row.version}


def audit(session: Session, actor: str, action: str, target: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    session.add(AuditRow(at=datetime.now(UTC), actor=actor, action=action, target=target, before=before, after=after))


def add_user(store: Store, name: str, role: str, password: str, *, unit: str | None = None, email: str | None = None,
             actor: str) -> User:  # fmt: skip
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountError("用户名不能为空，最多100个字符")
    if role not in ROLES:
        raise AccountError(f"角色只能是：{'、'.join(ROLES)}")
    if role == "liaison" and not (unit and unit.strip()):
        raise AccountError("部门联络员须指定所属单位（--unit）")
    email = _check_email(email)
    password_hash = hash_password(password)
    with Session(store.writer) as session, session.begin():
        if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
            raise AccountError(f"用户 {name} 已存在")
        row = UserRow(name=name, role=role, unit=unit.strip() if unit else None, email=email, password_hash=password_hash, disabled=False,
                      created_at=datetime.now(UTC), version=1)  # fmt: skip
        session.add(row)
        session.flush()
        audit(session, actor, "user.add", f"user:{name}", None, _state(row))
        return _user(row)


_EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@[^@\s<>\"',;]{1,190}\.[^@\s<>\"',;.]{2,}$")


def _check_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    if not _EMAIL.match(email.strip()):
        raise AccountError(f"电子邮件地址格式不正确：{email.strip()[:100]}")
    return email.strip()


def set_email(store: Store, name: str, email: str | None, *, actor: str) -> User:
    email = _check_email(email)

    def change(row: UserRow) -> None:
        row.email = email

    return _change(store, name, "user.email", actor, change)


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
    with Session(store.engine) as session:
        total = session.scalar(select(func.count()).select_from(AuditRow)) or 0
        rows = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit).offset(offset))
        return total, [
            {"id": r.id, "at": r.at.isoformat(timespec="seconds"), "actor": r.actor, "action": r.action, "target": r.target,
             "before": r.before, "after": r.after}
            for r in rows
        ]  # fmt: skip


class Throttled(AccountError):
    """Too many failed logins for this name: refused until the window has passed."""


def sign_in(store: Store, name: str, password: str, *, client: str, via: str = "session") -> User:
    """The account for a name and password, or AccountError (wrong name or password) / Throttled.
    Every attempt is audited; MAX_FAILED_LOGINS failures within FAILED_LOGIN_WINDOW lock the name
    out, counted from the audit so it holds across server processes."""
    name = name.strip()[:100]
    now = datetime.now(UTC)
    with Session(store.engine) as session:
        failures = session.scalar(
            select(func.count()).select_from(AuditRow).where(
                AuditRow.action == "auth.fail", AuditRow.target == f"user:{name}", AuditRow.at >= now - FAILED_LOGIN_WINDOW
            )
        ) or 0  # fmt: skip
    if failures >= MAX_FAILED_LOGINS:
        raise Throttled(f"登录失败次数过多，请{int(FAILED_LOGIN_WINDOW.total_seconds() // 60)}分钟后再试")
    user = authenticate(store, name, password)
    with Session(store.writer) as session, session.begin():
        if user is None:
            audit(session, f"anonymous@{client}", "auth.fail", f"user:{name}", None, None)
        else:
            audit(session, f"{user.name}@{client}", f"auth.{via}", f"user:{name}", None, None)
    if user is None:
        raise AccountError("用户名或密码错误")
    return user


def login(store: Store, name: str, password: str, *, client: str) -> str:
    """A new API token for the account (see sign_in for what is refused), valid TOKEN_HOURS."""
    user = sign_in(store, name, password, client=client, via="token")
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with Session(store.writer) as session, session.begin():
        session.add(TokenRow(token_sha256=_token_hash(token), user_id=user.id, created_at=now, expires_at=now + timedelta(hours=TOKEN_HOURS)))
    return token


def user_by_id(store: Store, user_id: int) -> User | None:
    """An enabled account by its id (a web session's user)."""
    with Session(store.engine) as session:
        row = session.get(UserRow, user_id)
        return _user(row) if row is not None and not row.disabled else None


def user_for_token(store: Store, token: str) -> User | None:
    """The account a bearer token stands for, if the token is known, unexpired and the account enabled."""
    if not token or len(token) > 200:
        return None
    with Session(store.engine) as session:
        row = session.execute(
            select(UserRow, TokenRow.expires_at).join(TokenRow, TokenRow.user_id == UserRow.id).where(TokenRow.token_sha256 == _token_hash(token))
        ).first()  # fmt: skip
        if row is None:
            return None
        user, expires_at = row
        if user.disabled or expires_at <= datetime.now(UTC):
            return None
        return _user(user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
