"""`gongbao ingest` killed with SIGKILL in the middle of a file's transaction leaves the database
consistent, and running it again completes the batch without duplicates (SQLite and PostgreSQL).

The batch is 20 renamed copies of samples 002 and 004. The first 4 are already stored and have since
changed (one added line), so the run makes new versions of them, then adds the other 16. The
child is the real CLI; a SQLAlchemy `after_flush` listener in it stops the K-th file's
transaction after all its rows are written and before COMMIT, so the kill always lands there
(a new version: old row flipped to not current, new rows inserted; then a first version).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from gongbao import parse_file
from gongbao.store import open_store
from gongbao.store.schema import AttachmentRow, ConsultationRow, DocumentRow, Source

# The two 150 kB samples (the 560 kB one would triple the parse time of the batch).
SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))[1:]
COPIES = 20
CHANGED = 4  # stored before the crash runs, then changed
CHANGE = "\n（此件校对后重新发布）\n".encode("utf-8")

CHILD = """
import sys, time
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.orm import Session
from gongbao.store.schema import DocumentRow

pause_at, marker = int(sys.argv.pop(1)), Path(sys.argv.pop(1))
flushes = 0

@event.listens_for(Session, "after_flush")
def pause(session, context):
    # After the flush that wrote a file's documents, before its COMMIT: wait here to be killed.
    global flushes
    if any(isinstance(obj, DocumentRow) for obj in session.new):
        flushes += 1
        if flushes == pause_at:
            marker.touch()
            time.sleep(300)

from gongbao.cli import app
app()
"""

Counts = tuple[int, int, int]  # documents, consultations, attachments


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_batch(folder: Path, url: str) -> dict[str, Counts]:
    """Write the batch, store the first CHANGED files' first content, then change them.
    Returns the expected counts for each content (by sha256), from a fresh parse."""
    folder.mkdir()
    expected: dict[str, Counts] = {}

    def note(path: Path) -> Any:
        parsed = parse_file(path)
        docs = parsed.to_json()
        expected[parsed.source.sha256] = (
            len(docs),
            sum(len(d["consultation"]) for d in docs),
            sum(len(d["attachments"]) for d in docs),
        )
        return parsed

    for i in range(COPIES):
        sample = SAMPLES[i % len(SAMPLES)]
        (folder / f"{i:02d}_{sample.name}").write_bytes(sample.read_bytes())
    files = sorted(folder.iterdir())
    with open_store(url) as store:
        for path in files[:CHANGED]:
            assert store.ingest(note(path)).status == "added"
    for path in files[:CHANGED]:
        path.write_bytes(path.read_bytes() + CHANGE)
        note(path)
    assert all(expected[sha256(p)][0] > 0 for p in files)  # every file has documents
    return expected


def run_until_paused(url: str, folder: Path, pause_at: int, tmp_path: Path) -> int:
    """Start `gongbao ingest`, wait until it holds the pause_at-th file's transaction open,
    SIGKILL it. Returns how many source rows were visible while it was paused."""
    marker = tmp_path / f"paused-at-{pause_at}"
    log = (tmp_path / f"run-{pause_at}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(pause_at), str(marker), "ingest", str(folder), "--db", url],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, f"ingest ended before the pause: {(tmp_path / f'run-{pause_at}.log').read_text()}"
            assert time.monotonic() < deadline, "ingest never reached the pause"
            time.sleep(0.02)
        # The files before this one are committed and visible; this one's rows are not.
        with open_store(url) as store, store.engine.connect() as conn:
            visible = conn.scalar(select(func.count()).select_from(Source)) or 0
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        log.close()
    assert proc.returncode == -signal.SIGKILL
    return visible


def check_consistent(url: str, folder: Path, expected: dict[str, Counts]) -> set[str]:
    """Everything stored is whole. Returns the names whose current version is the file as it is now."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        db = sqlite3.connect(u.database)
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            db.close()
    with open_store(url) as store, store.engine.connect() as conn:
        sources = conn.execute(select(Source.id, Source.name, Source.sha256, Source.version, Source.is_current)).all()
        per_source: dict[int, Counter[str]] = {s.id: Counter() for s in sources}
        for table, key in ((DocumentRow, "documents"), (ConsultationRow, "consultations"), (AttachmentRow, "attachments")):
            query = select(DocumentRow.source_id, func.count()).group_by(DocumentRow.source_id)
            if table is not DocumentRow:
                query = query.select_from(table).join(DocumentRow, table.document_id == DocumentRow.id)
            for source_id, n in conn.execute(query):
                assert source_id in per_source, f"{key} of a source that is not there"
                per_source[source_id][key] = n
        for table in (ConsultationRow, AttachmentRow):
            orphans = select(func.count()).select_from(table).outerjoin(DocumentRow, table.document_id == DocumentRow.id)
            assert conn.scalar(orphans.where(DocumentRow.id.is_(None))) == 0

    for s in sources:
        got = per_source[s.id]
        assert (got["documents"], got["consultations"], got["attachments"]) == expected[s.sha256], s.name
    by_name: dict[str, list[Any]] = {}
    for s in sources:
        by_name.setdefault(s.name, []).append(s)
    current_now = set()
    for name, versions in by_name.items():
        versions.sort(key=lambda s: s.version)
        assert [s.version for s in versions] == list(range(1, len(versions) + 1)), name
        assert [s.is_current for s in versions] == [False] * (len(versions) - 1) + [True], name
        if versions[-1].sha256 == sha256(folder / name):
            current_now.add(name)
    return current_now


def test_killed_ingest_leaves_the_database_consistent_and_a_rerun_completes(store_url, tmp_path):
    folder = tmp_path / "batch"
    expected = make_batch(folder, store_url)
    files = sorted(p.name for p in folder.iterdir())
    assert check_consistent(store_url, folder, expected) == set()

    # Killed inside the 3rd new version's transaction: 2 new versions committed before it.
    assert run_until_paused(store_url, folder, 3, tmp_path) == CHANGED + 2
    assert check_consistent(store_url, folder, expected) == set(files[:2])

    # Again: the 2 committed files are unchanged (no flush); flushes 1-2 are the other new
    # versions, 3 the first new file; killed inside the 2nd new file's transaction.
    assert run_until_paused(store_url, folder, 4, tmp_path) == CHANGED + 2 + 3
    assert check_consistent(store_url, folder, expected) == set(files[: CHANGED + 1])

    rerun = subprocess.run(
        [sys.executable, "-c", CHILD, "0", str(tmp_path / "never"), "ingest", str(folder), "--db", store_url],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )
    assert rerun.returncode == 0, rerun.stderr
    statuses = [line.split("\u3000")[0].strip() for line in rerun.stdout.splitlines()]
    assert statuses == ["未变"] * (CHANGED + 1) + ["新增"] * (COPIES - CHANGED - 1)
    assert check_consistent(store_url, folder, expected) == set(files)

    with open_store(store_url) as store:
        with store.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(Source)) == COPIES + CHANGED
            total_docs = conn.scalar(select(func.count()).select_from(DocumentRow))
        current = store.documents(text=False)
    first_versions = sum(expected[sha256(SAMPLES[i % len(SAMPLES)])][0] for i in range(CHANGED))
    assert total_docs == sum(expected[sha256(folder / name)][0] for name in files) + first_versions  # every row kept
    # The copies carry the same documents: each is current once (store.identity), no duplicates.
    assert len(current) == len({d["doc_number"] for d in current}) == sum(len(parse_file(s).documents) for s in SAMPLES)
