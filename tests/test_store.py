"""The store on real sample gazettes, each test on SQLite and on PostgreSQL (`store_url`).

Idempotent ingest, versions of a changed file, what documents() and export give back, the CLI.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from gongbao import parse_file
from gongbao.cli import app
from gongbao.models import Document, ParsedFile
from gongbao.store import IngestResult, Store, open_store, resolve_url
from gongbao.store.schema import BODY_FIELDS, PARSE_FIELDS, AttachmentRow, ConsultationRow, DocumentRow, Source

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))
S004 = next(p for p in SAMPLES if p.name.startswith("004_"))
N004 = 10  # documents in sample 004
N_ALL = 38  # documents in all three samples
STORE_KEYS = ("id", "version", "sha256")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@cache
def parsed(path: Path) -> ParsedFile:
    return parse_file(path)


def expected_docs(paths: list[Path]) -> list[dict[str, Any]]:
    return [doc for path in sorted(paths, key=lambda p: p.name) for doc in parsed(path).to_json()]


def without_store_keys(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in doc.items() if k not in STORE_KEYS} for doc in docs]


def row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            table.__tablename__: conn.scalar(select(func.count()).select_from(table)) or 0
            for table in (Source, DocumentRow, ConsultationRow, AttachmentRow)
        }


def changed_copy(directory: Path, path: Path, old: str, new: str) -> Path:
    """The same file name with one line changed."""
    data = path.read_text(encoding="utf-8")
    assert data.count(old) == 1
    directory.mkdir(parents=True, exist_ok=True)
    out = directory / path.name
    out.write_text(data.replace(old, new), encoding="utf-8")
    return out


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s


# ---------------------------------------------------------------------------------------------
# Ingest


def test_ingest_twice_adds_nothing_the_second_time(store):
    first = [store.ingest(parsed(p)) for p in SAMPLES]
    assert [r.status for r in first] == ["added"] * 3
    assert [(r.source, r.version, r.documents) for r in first] == [(p.name, 1, len(parsed(p).documents)) for p in SAMPLES]
    counts = row_counts(store)
    docs = expected_docs(SAMPLES)
    assert counts == {
        "sources": 3,
        "documents": len(docs),
        "consultations": sum(len(d["consultation"]) for d in docs),
        "attachments": sum(len(d["attachments"]) for d in docs),
    }
    assert len(docs) == N_ALL
    assert counts["consultations"] > 30 and counts["attachments"] > 10  # the samples exercise both

    second = [store.ingest(parsed(p)) for p in SAMPLES]
    assert second == [IngestResult(r.source, "unchanged", 1, r.documents) for r in first]
    assert row_counts(store) == counts


def test_documents_are_the_parse_output_plus_store_keys(store):
    for p in SAMPLES:
        store.ingest(parsed(p))
    docs = store.documents()
    assert without_store_keys(docs) == expected_docs(SAMPLES)  # every field, in the parser's order
    assert list(docs[0]) == [*parsed(SAMPLES[0]).to_json()[0], *STORE_KEYS]
    assert len({d["id"] for d in docs}) == len(docs)
    assert {d["sha256"] for d in docs} == {parsed(p).source.sha256 for p in SAMPLES}
    assert all(d["version"] == 1 for d in docs)
    # A gazette issue with its 政策咨询 and 附件 as stored, not only as parsed.
    first = next(d for d in docs if d["doc_number"] == "吕政函〔2022〕3号")
    assert first["gazette"] == {"name": "吕梁市人民政府公报", "year": 2022, "number": 2, "total_number": 17, "published": "2022-04-24"}
    assert first["consultation"] == [{"unit": "吕梁市行政审批局", "phone": "8487705"}]
    assert first["attachments"][0]["label"] == "附件"

    short = store.documents(text=False)
    assert [d["id"] for d in short] == [d["id"] for d in docs]
    assert all(not set(BODY_FIELDS) & set(d) for d in short)


def test_changed_file_is_a_new_version_and_the_old_rows_stay(store, tmp_path):
    for p in SAMPLES:
        store.ingest(parsed(p))
    before = row_counts(store)
    changed = changed_copy(tmp_path / "v2", S004, "咨询电话：8487705", "咨询电话：8487799")
    new = parse_file(changed)

    result = store.ingest(new)
    assert result == IngestResult(S004.name, "new-version", 2, len(new.documents))
    after = row_counts(store)
    assert after["sources"] == before["sources"] + 1
    assert after["documents"] == before["documents"] + len(new.documents)  # version 1's rows kept

    current = store.documents()
    assert without_store_keys(current) == expected_docs([p for p in SAMPLES if p != S004]) + new.to_json()
    mine = [d for d in current if d["source"] == S004.name]
    assert {d["version"] for d in mine} == {2} and {d["sha256"] for d in mine} == {new.source.sha256}
    assert mine[0]["consultation"] == [{"unit": "吕梁市行政审批局", "phone": "8487799"}]

    history = [d for d in store.documents(current_only=False) if d["source"] == S004.name]
    assert [d["version"] for d in history] == [1] * N004 + [2] * N004
    assert without_store_keys(history[:N004]) == parsed(S004).to_json()
    with store.engine.connect() as conn:
        rows = conn.execute(select(Source.version, Source.is_current).where(Source.name == S004.name).order_by(Source.version)).all()
    assert [tuple(r) for r in rows] == [(1, False), (2, True)]

    # The changed file again: nothing new. The first content again: a third version.
    assert store.ingest(parse_file(changed)).status == "unchanged"
    assert row_counts(store) == after
    assert store.ingest(parsed(S004)) == IngestResult(S004.name, "new-version", 3, N004)
    assert [d["version"] for d in store.documents() if d["source"] == S004.name] == [3] * N004


def test_concurrent_ingests_of_one_file_store_it_once(store_url):
    stores = [open_store(store_url) for _ in range(4)]
    results: list[IngestResult] = []
    barrier = threading.Barrier(len(stores))

    def run(s: Store) -> None:
        barrier.wait()
        results.append(s.ingest(parsed(S004)))

    threads = [threading.Thread(target=run, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    try:
        assert sorted(r.status for r in results) == ["added", "unchanged", "unchanged", "unchanged"]
        assert row_counts(stores[0])["sources"] == 1
        assert row_counts(stores[0])["documents"] == N004
    finally:
        for s in stores:
            s.close()


# ---------------------------------------------------------------------------------------------
# Export


# What the exporter writes as JSON: booleans, lists and objects (gazette: an object or None).
EMPTY = Document(source="", line_start=0, line_end=0).to_json()
JSON_FIELDS = {k for k, v in EMPTY.items() if isinstance(v, (bool, list, dict))} | {"gazette"}


def decode_csv(data: str) -> list[dict[str, Any]]:
    """CSV cells back to values: JSON where the exporter wrote JSON, numbers, empty = None."""
    json_fields = JSON_FIELDS
    int_fields = {"id", "line_start", "line_end", "version"}
    rows = []
    assert data.startswith("\ufeff")  # the BOM Excel needs to read UTF-8
    for row in csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline="")):
        rows.append(
            {
                k: json.loads(v) if k in json_fields else int(v) if k in int_fields else (v if v != "" or k == "text" else None)
                for k, v in row.items()
            }
        )
    return rows


def test_export_jsonl_round_trip(store):
    for p in SAMPLES:
        store.ingest(parsed(p))
    out = io.StringIO()
    assert store.export(out, "jsonl") == N_ALL
    lines = out.getvalue().splitlines()
    assert len(lines) == N_ALL
    assert [json.loads(line) for line in lines] == store.documents()

    out = io.StringIO()
    store.export(out, "jsonl", text=False)
    assert [json.loads(line) for line in out.getvalue().splitlines()] == store.documents(text=False)


def test_export_csv_round_trip(store):
    for p in SAMPLES:
        store.ingest(parsed(p))
    out = io.StringIO()
    assert store.export(out, "csv") == N_ALL
    header = out.getvalue().removeprefix("\ufeff").split("\n", 1)[0].split(",")
    assert not set(BODY_FIELDS) & set(header)  # no bodies by default
    assert header == ["id", *(f for f in PARSE_FIELDS if f not in BODY_FIELDS), "version", "sha256"]
    assert decode_csv(out.getvalue()) == store.documents(text=False)

    out = io.StringIO()
    assert store.export(out, "csv", text=True) == N_ALL
    docs = decode_csv(out.getvalue())
    assert docs == [{k: d[k] for k in docs[0]} for d in store.documents()]
    assert set(docs[0]) == set(store.documents()[0])
    assert any("\n" in d["text"] for d in docs)  # multi-line cells survive the quoting


def test_export_of_an_empty_store_is_a_header_only(store):
    out = io.StringIO()
    assert store.export(out, "csv") == 0
    assert out.getvalue().startswith("\ufeffid,doc_number,") and out.getvalue().count("\n") == 1
    out = io.StringIO()
    assert store.export(out, "jsonl") == 0 and out.getvalue() == ""
    with pytest.raises(ValueError, match="xml"):
        store.export(out, "xml")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Where the database is (no server needed)


def test_database_url_from_argument_then_environment_then_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GONGBAO_DB", raising=False)
    assert resolve_url(None).render_as_string() == "sqlite:///gongbao.db"
    monkeypatch.setenv("GONGBAO_DB", f"sqlite:///{tmp_path / 'env.db'}")
    with open_store() as s:
        s.ingest(parsed(S004))
    assert (tmp_path / "env.db").exists() and not (tmp_path / "gongbao.db").exists()
    with open_store(f"sqlite:///{tmp_path / 'arg.db'}") as s:
        assert s.documents() == []
    monkeypatch.delenv("GONGBAO_DB")
    with open_store() as s:
        assert s.documents() == []
    assert (tmp_path / "gongbao.db").exists()


def test_postgresql_url_is_mapped_to_psycopg_3():
    u = resolve_url("postgresql://user:secret@db.example:5433/policy?sslmode=require")
    assert u.drivername == "postgresql+psycopg"
    assert (u.username, u.password, u.host, u.port, u.database) == ("user", "secret", "db.example", 5433, "policy")
    assert u.query == {"sslmode": "require"}
    assert resolve_url("postgresql+psycopg://h/d").drivername == "postgresql+psycopg"
    assert resolve_url("sqlite:///x.db").drivername == "sqlite"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    path = tmp_path / "wal.db"
    with open_store(f"sqlite:///{path}") as s:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        s.ingest(parsed(S004))
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)  # persistent


# ---------------------------------------------------------------------------------------------
# CLI


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_cli_ingest_batch_with_a_bad_file_stores_the_others_and_exits_1(store_url, tmp_path):
    folder = tmp_path / "issues"
    folder.mkdir()
    for p in SAMPLES[1:]:
        (folder / p.name).write_bytes(p.read_bytes())
    bad = folder / "003_scan.txt"  # sorted between the good files
    bad.write_bytes(PNG)

    result = invoke("ingest", str(folder), "--db", store_url)
    assert result.exit_code == 1
    good = SAMPLES[1:]
    assert result.stdout.splitlines() == [
        f"新增　{p.name}（第1版，{len(parsed(p).documents)}份文件）" for p in good
    ]
    # Without spaces: cli/common.py's rich console may wrap a long path mid-word.
    flat = "".join(result.stderr.split())
    assert "".join(f"错误 {bad}：二进制文件（含 NUL 字节），不是文本".split()) in flat
    assert flat.count("错误") == 1
    with open_store(store_url) as s:
        assert without_store_keys(s.documents()) == expected_docs(good)

    again = invoke("ingest", *(str(folder / p.name) for p in good), "--db", store_url)
    assert again.exit_code == 0
    assert [line.split()[0] for line in again.stdout.splitlines()] == ["未变"] * len(good)
    assert "错误" not in again.stderr

    changed = changed_copy(tmp_path / "v2", S004, "咨询电话：8487705", "咨询电话：8487799")
    third = invoke("ingest", str(changed), "--db", store_url)
    assert third.exit_code == 0
    assert third.stdout == f"新版本　{S004.name}（第2版，{N004}份文件）\n"


def test_cli_export_and_list(store_url, tmp_path):
    assert invoke("ingest", *map(str, SAMPLES), "--db", store_url).exit_code == 0
    with open_store(store_url) as s:
        stored = s.documents()

    jsonl = invoke("export", "--db", store_url)
    assert jsonl.exit_code == 0
    assert [json.loads(line) for line in jsonl.stdout.splitlines()] == stored
    assert f"已导出{N_ALL}份文件" in jsonl.stderr

    target = tmp_path / "out" / "documents.csv"
    target.parent.mkdir()
    result = invoke("export", "--db", store_url, "--format", "csv", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert decode_csv(target.read_text(encoding="utf-8")) == [{k: v for k, v in d.items() if k not in BODY_FIELDS} for d in stored]

    with_text = invoke("export", "--db", store_url, "-f", "csv", "--text")
    assert [d["text"] for d in decode_csv(with_text.stdout)] == [d["text"] for d in stored]

    listing = invoke("list", "--db", store_url)
    assert listing.exit_code == 0
    for doc in stored:
        assert doc["doc_number"] in listing.stdout
    assert "吕梁市行政审批局 8487705" in listing.stdout
    assert listing.stdout.rstrip().splitlines()[-1].startswith(f"共{N_ALL}份文件，来自3个源文件（")


def test_cli_list_of_an_empty_store_and_a_bad_url(tmp_path):
    missing = CliRunner().invoke(app, ["list", "--db", f"sqlite:///{tmp_path / 'typo.db'}"])
    assert missing.exit_code == 1 and "数据库文件不存在" in missing.stderr  # not a new empty database
    assert not (tmp_path / "typo.db").exists()
    open_store(f"sqlite:///{tmp_path / 'empty.db'}").close()
    result = invoke("list", "--db", f"sqlite:///{tmp_path / 'empty.db'}")
    assert result.exit_code == 0
    assert result.stdout.startswith("共0份文件，来自0个源文件")
    bad = CliRunner().invoke(app, ["list", "--db", "nosuchdb://x"])
    assert bad.exit_code == 2 and "--db" in bad.stderr
    # Nothing listens on port 1: one error line, the password hidden, no traceback.
    down = CliRunner().invoke(app, ["list", "--db", "postgresql://me:secret@127.0.0.1:1/policy"])
    assert down.exit_code == 1
    assert down.stderr.startswith("错误：数据库 postgresql+psycopg://me:***@127.0.0.1:1/policy：")
    assert "secret" not in down.stderr and "Traceback" not in down.stderr


def test_ingest_with_worker_processes_stores_the_same_and_reports_bad_files(tmp_path):
    folder = tmp_path / "issues"
    folder.mkdir()
    for p in SAMPLES:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "003_scan.txt").write_bytes(PNG)
    one, two = (f"sqlite:///{tmp_path / f'{n}.db'}" for n in ("one", "two"))
    first = invoke("ingest", str(folder), "--db", one, "--jobs", "1")
    second = invoke("ingest", str(folder), "--db", two, "--jobs", "2")
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout and "003_scan.txt：二进制文件" in "".join(second.stderr.split())
    with open_store(one) as a, open_store(two) as b:
        assert [d["doc_number"] for d in a.documents(text=False)] == [d["doc_number"] for d in b.documents(text=False)]


def test_re_ingesting_parses_only_what_changed(tmp_path, monkeypatch):
    import gongbao.pipeline

    folder = tmp_path / "issues"
    folder.mkdir()
    for p in SAMPLES:
        (folder / p.name).write_bytes(p.read_bytes())
    url = f"sqlite:///{tmp_path / 'g.db'}"
    assert invoke("ingest", str(folder), "--db", url, "--jobs", "1").exit_code == 0
    changed = changed_copy(tmp_path / "v2", S004, "咨询电话：8487705", "咨询电话：8487799")
    (folder / S004.name).write_bytes(changed.read_bytes())
    parsed_now: list[str] = []
    real = gongbao.pipeline.parse_file
    monkeypatch.setattr(gongbao.pipeline, "parse_file", lambda path: parsed_now.append(Path(path).name) or real(path))
    again = invoke("ingest", str(folder), "--db", url, "--jobs", "1")
    assert again.exit_code == 0 and parsed_now == [S004.name]
    assert [line.split("（")[0] for line in again.stdout.splitlines()] == [
        *(f"未变　{p.name}" for p in SAMPLES if p != S004), f"新版本　{S004.name}"
    ]  # in file order, the unchanged ones said as before
