"""Web sessions: who is signed in to the pages, and the CSRF token every form carries.

The session is a cookie signed with the server's key (Starlette's SessionMiddleware, itsdangerous):
HttpOnly, SameSite=Lax, Secure when GONGBAO_SECURE_COOKIES=1 (behind HTTPS). It holds the user's
id and a CSRF token; the account is looked up on every request, so disabling it ends its sessions.
The key is GONGBAO_SECRET_KEY, else one generated once and kept in the database, so every server
process over one database signs alike.
"""

from __future__ import annotations

import os
import secrets
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gongbao.accounts import User, user_by_id
from gongbao.store import Store
from gongbao.store.schema import SettingRow

SESSION_COOKIE = "gongbao_session"
SESSION_HOURS = 12
CSRF_FIELD = "csrf"


class LoginRequired(Exception):
    """A page for signed-in users, asked for without a session: answered by a redirect to /login."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def secret_key(store: Store) -> str:
    """The key that signs session cookies (see the module docstring)."""
    if configured := os.environ.get("GONGBAO_SECRET_KEY"):
        return configured
    with Session(store.engine) as session:
        if found := session.scalar(select(SettingRow.value).where(SettingRow.name == "session_key")):
            return found
    try:
        with Session(store.writer) as session, session.begin():
            if found := session.scalar(select(SettingRow.value).where(SettingRow.name == "session_key")):
                return found
            key = secrets.token_urlsafe(48)
            session.add(SettingRow(name="session_key", value=key))
            return key
    except IntegrityError:  # another process made it first
        return secret_key(store)


def middleware_options(store: Store) -> dict[str, Any]:
    return {
        "secret_key": secret_key(store),
        "session_cookie": SESSION_COOKIE,
        "max_age": SESSION_HOURS * 3600,
        "same_site": "lax",
        "https_only": os.environ.get("GONGBAO_SECURE_COOKIES", "0") == "1",
    }


def current_user(request: Request) -> User | None:
    """The signed-in user of a page request, if any (cached on the request)."""
    if "user" not in request.state._state:
        uid = request.session.get("uid") if "session" in request.scope else None
        request.state.user = user_by_id(request.app.state.service.store, uid) if isinstance(uid, int) else None
    return request.state.user


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = request.session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, form: Any) -> None:
    """Refuse (403) a form whose CSRF token is missing or not this session's."""
    sent = form.get(CSRF_FIELD)
    expected = request.session.get(CSRF_FIELD)
    if not (isinstance(sent, str) and expected and secrets.compare_digest(sent, expected)):
        raise HTTPException(status_code=403, detail="表单已失效或来源不明（CSRF 校验未通过），请刷新页面后重试")


def start(request: Request, user: User) -> None:
    """Sign a user in: a fresh session (no fixation), a new CSRF token."""
    request.session.clear()
    request.session.update(uid=user.id, **{CSRF_FIELD: secrets.token_urlsafe(32)})


def end(request: Request) -> None:
    request.session.clear()


def require(request: Request, *roles: str) -> User:
    """The signed-in user in one of `roles` (any role when none given): else a redirect to the
    login page (LoginRequired) or 403."""
    user = current_user(request)
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    if roles and user.role not in roles:
        raise HTTPException(status_code=403, detail="当前账户无权访问此页面")
    return user


def login_url(next_url: str) -> str:
    return f"/login?next={quote(next_url, safe='')}"


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a path of this site (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value
