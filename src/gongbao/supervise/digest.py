"""What each unit has due: the daily digest, as Atom feed entries and as e-mail.

A unit's digest lists its open tasks that are overdue or due within DUE_SOON_DAYS, and those the
督查室 sent back. E-mail goes through the SMTP server configured in the environment (GONGBAO_SMTP_HOST,
GONGBAO_SMTP_PORT, GONGBAO_SMTP_USER, GONGBAO_SMTP_PASSWORD, GONGBAO_SMTP_FROM,
GONGBAO_SMTP_STARTTLS=1) to each enabled liaison of the unit with an e-mail address; without a
configured server nothing is sent.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongbao.extract.orgs import OrgRegistry
from gongbao.store import Store
from gongbao.store.schema import UserRow
from gongbao.supervise import DUE_SOON_DAYS, tasks_of, unit_key


@dataclass(frozen=True)
class Digest:
    unit: str
    today: dt.date
    overdue: list[dict[str, Any]]
    due_soon: list[dict[str, Any]]
    returned: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.returned)

    def items(self) -> list[tuple[str, dict[str, Any]]]:
        return [("逾期", t) for t in self.overdue] + [("即将到期", t) for t in self.due_soon] + [("被退回", t) for t in self.returned]

    def text(self, base_url: str = "") -> str:
        lines = [f"{self.unit}：截至{self.today.isoformat()}，逾期任务{len(self.overdue)}项，"
                 f"{DUE_SOON_DAYS}日内到期{len(self.due_soon)}项，被退回{len(self.returned)}项。", ""]  # fmt: skip
        for kind, t in self.items():
            doc = t["document"] or {}
            lines.append(f"【{kind}】{t['deadline'] or '未定期限'} {doc.get('doc_number') or doc.get('title') or ''} — {_short(t['text'])}")
            lines.append(f"    {base_url}/tasks/{t['id']}")
        return "\n".join(lines)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def digest(store: Store, unit: str, today: dt.date | None = None, orgs: OrgRegistry | None = None) -> Digest:
    today = today or dt.date.today()
    return Digest(
        unit=unit_key(unit, orgs) or unit,
        today=today,
        overdue=tasks_of(store, unit, today=today, orgs=orgs, overdue=True)[1],
        due_soon=tasks_of(store, unit, today=today, orgs=orgs, due_within=DUE_SOON_DAYS)[1],
        returned=tasks_of(store, unit, today=today, orgs=orgs, status="退回")[1],
    )


def smtp_configured() -> bool:
    return bool(os.environ.get("GONGBAO_SMTP_HOST"))


def recipients(store: Store, orgs: OrgRegistry | None = None) -> dict[str, list[str]]:
    """Each unit with liaisons who have e-mail addresses: {unit key: [address, ...]}."""
    found: dict[str, list[str]] = {}
    with Session(store.engine) as session:
        rows = session.execute(select(UserRow.unit, UserRow.email).where(UserRow.role == "liaison", UserRow.disabled.is_(False), UserRow.email.is_not(None)))
        for unit, email in rows:
            key = unit_key(unit, orgs)
            if key and email:
                found.setdefault(key, []).append(email)
    return found


def send(store: Store, today: dt.date | None = None, *, base_url: str = "", orgs: OrgRegistry | None = None) -> list[tuple[str, list[str], int]]:
    """Mail each unit's digest to its liaisons (units with nothing due get none). Returns
    (unit, addresses, items) per message sent."""
    if not smtp_configured():
        raise RuntimeError("未配置邮件服务器（GONGBAO_SMTP_HOST）")
    sent = []
    host, port = os.environ["GONGBAO_SMTP_HOST"], int(os.environ.get("GONGBAO_SMTP_PORT", "25"))
    sender = os.environ.get("GONGBAO_SMTP_FROM", "gongbao@localhost")
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        if os.environ.get("GONGBAO_SMTP_STARTTLS") == "1":
            smtp.starttls()
        if user := os.environ.get("GONGBAO_SMTP_USER"):
            smtp.login(user, os.environ.get("GONGBAO_SMTP_PASSWORD", ""))
        for unit, addresses in sorted(recipients(store, orgs).items()):
            d = digest(store, unit, today, orgs)
            if d.empty:
                continue
            message = EmailMessage()
            message["Subject"] = f"【督办提醒】{d.unit}：逾期{len(d.overdue)}项，{DUE_SOON_DAYS}日内到期{len(d.due_soon)}项"
            message["From"] = sender
            message["To"] = ", ".join(addresses)
            message.set_content(d.text(base_url))
            smtp.send_message(message)
            sent.append((d.unit, addresses, len(d.items())))
    return sent
