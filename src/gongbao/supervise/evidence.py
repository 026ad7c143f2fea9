"""Evidence files of a task report: size-limited, typed by their bytes (a name can lie), stored
once by their SHA-256 in the store's `blobs`."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongbao.accounts import User, audit
from gongbao.extract.orgs import OrgRegistry
from gongbao.store import Store
from gongbao.store.schema import BlobRow, EvidenceRow, TaskRow
from gongbao.supervise import Forbidden, NoSuchTask, SuperviseError, acts_for

DEFAULT_MAX_MB = 20
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain; charset=utf-8"
# The file name endings accepted, and the type the bytes must then be.
SUFFIXES = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".docx": DOCX, ".xlsx": XLSX, ".txt": TEXT}
MAX_NAME_CHARS = 200


def max_bytes() -> int:
    return int(float(os.environ.get("GONGBAO_EVIDENCE_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024)


def sniff(data: bytes) -> str | None:
    """The type of a file from its bytes, among the accepted ones (None: none of them)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or text.lstrip()[:1] == "<":  # markup is no plain text: it could run as a page
        return None
    return TEXT


def add_evidence(store: Store, user: User, task_id: int, name: str, data: bytes, *, orgs: OrgRegistry | None = None) -> dict[str, Any]:
    """Store an evidence file for a task. Refuses (SuperviseError) a file too large, of a type not
    accepted, or whose bytes are not what its name says; only those who may report on the task
    may add to it."""
    name = PurePath((name or "").replace("\\", "/")).name.strip()[:MAX_NAME_CHARS] or "附件"
    limit = max_bytes()
    if len(data) > limit:
        raise SuperviseError(f"附件“{name}”超过{limit // (1024 * 1024)}MB上限")
    if not data:
        raise SuperviseError(f"附件“{name}”是空文件")
    suffix = PurePath(name).suffix.lower()
    expected = SUFFIXES.get(suffix)
    if expected is None:
        raise SuperviseError(f"附件“{name}”的类型不受支持（只接受 {' '.join(SUFFIXES)}）")
    actual = sniff(data)
    if actual != expected:
        raise SuperviseError(f"附件“{name}”的内容与扩展名{suffix}不符，已拒收")
    sha = hashlib.sha256(data).hexdigest()
    with Session(store.writer) as session, session.begin():
        row = session.get(TaskRow, task_id)
        if row is None:
            raise NoSuchTask(f"没有编号为 {task_id} 的任务")
        units = {u.unit for u in row.units}
        if not acts_for(user, units, orgs):
            audit(session, user.name, "evidence.denied", f"task:{task_id}", None, {"name": name, "sha256": sha})
            denied = True
        else:
            denied = False
            if session.scalar(select(BlobRow.sha256).where(BlobRow.sha256 == sha)) is None:
                session.add(BlobRow(sha256=sha, size=len(data), media_type=actual, data=data))
            now = datetime.now(UTC)
            session.add(EvidenceRow(task_id=task_id, sha256=sha, name=name, size=len(data), media_type=actual, uploaded_by=user.name, at=now))
            audit(session, user.name, "evidence.add", f"task:{task_id}", None, {"name": name, "sha256": sha, "size": len(data), "media_type": actual})
    if denied:
        raise Forbidden("只能为本单位的任务上传附件" if user.role == "liaison" else "当前账户无权进行此操作")
    return {"sha256": sha, "name": name, "size": len(data), "media_type": actual}


def evidence_file(store: Store, task_id: int, sha256: str) -> tuple[str, str, bytes]:
    """The name, type and bytes of one evidence file of a task."""
    with Session(store.engine) as session:
        row = session.scalars(select(EvidenceRow).where(EvidenceRow.task_id == task_id, EvidenceRow.sha256 == sha256)).first()
        blob = session.get(BlobRow, sha256) if row is not None else None
        if row is None or blob is None:
            raise NoSuchTask("没有这个附件")
        return row.name, row.media_type, blob.data
