"""One document, however many files carry it: each test on SQLite and on PostgreSQL.

The issue's own case: sample 004 ingested again as GB18030, as a typeset PDF, and as a copy with one
word changed, must leave each document once in search, units and tasks; the changed one a second
version with a word-level diff.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from gongbao import parse_file
from gongbao.cli import app
from gongbao.models import ParsedFile
from gongbao.search import search
from gongbao.serve.service import Service
from gongbao.store import Store, open_store
from gongbao.store.identity import content_hash, document_key, word_diff
from gongbao.store.schema import DocumentRow

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
S004 = SAMPLES / "004_cae20566f423f72d.txt"
N004 = 10


@cache
def parsed(path: Path) -> ParsedFile:
    return parse_file(path)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s


def copies(tmp_path: Path) -> tuple[Path, Path]:
    """Sample 004 re-encoded as GB18030, and a copy with 市商务局 renamed in one document."""
    text = S004.read_text(encoding="utf-8")
    gb = tmp_path / "004_gb18030.txt"
    gb.write_bytes(text.encode("gb18030"))
    start = text.index("\n吕政办发〔2022〕6 号")  # the document's own head, not its line in the contents
    end = text.index("\n吕政办发〔2022〕8号")
    changed = tmp_path / "004_corrected.txt"
    changed.write_text(text[:start] + text[start:end].replace("市商务局", "市工信局") + text[end:], encoding="utf-8")
    return gb, changed


def current_numbers(store: Store) -> list[str]:
    return [d["doc_number"] for d in store.documents(text=False)]


def test_another_file_with_the_same_documents_adds_no_document(store, tmp_path):
    gb, changed = copies(tmp_path)
    store.ingest(parsed(S004))
    before_units = {u["full_name"]: u["tasks"] for u in Service(store).units(limit=1000)["items"]}
    for path in (gb, changed):
        assert store.ingest(parse_file(path)).status == "added"
    numbers = current_numbers(store)
    assert len(numbers) == N004 and len(set(numbers)) == N004  # each document once
    assert [h.doc_number for h in search(store, "吕政办发〔2022〕9号").hits].count("吕政办发〔2022〕9号") == 1
    # units count each task once, as if only the corrected copy were stored: 市商务局 loses the
    # tasks the correction gave to 市工信局, and nothing is counted three times
    after_units = {u["full_name"]: u["tasks"] for u in Service(store).units(limit=1000)["items"]}
    with open_store(f"sqlite:///{tmp_path / 'alone.db'}") as alone:
        alone.ingest(parse_file(changed))
        assert after_units == {u["full_name"]: u["tasks"] for u in Service(alone).units(limit=1000)["items"]}
    assert after_units["吕梁市商务局"] < before_units["吕梁市商务局"]

    head, versions = store.versions("吕政办发〔2022〕9号")
    assert head["doc_number"] == "吕政办发〔2022〕9号"
    assert len(versions) == 1 and [f["source"] for f in versions[0]["files"]] == [S004.name, gb.name, changed.name]

    head, versions = store.versions("吕政办发〔2022〕6号")
    assert [v["version"] for v in versions] == [1, 2] and [v["is_current"] for v in versions] == [False, True]
    assert [f["source"] for f in versions[1]["files"]] == [changed.name]
    current = next(d for d in store.documents() if d["doc_number"] == "吕政办发〔2022〕6号")
    assert "市工信局" in current["text"] and current["source"] == changed.name


def test_the_typeset_pdf_of_an_issue_is_the_same_documents(store, typeset_pdfs):
    store.ingest(parsed(S004))
    result = store.ingest(parse_file(typeset_pdfs / "004_typeset.pdf"))
    assert result.documents == N004
    assert sorted(current_numbers(store)) == sorted(d.doc_number for d in parsed(S004).documents)
    for number in current_numbers(store):
        assert len(store.versions(number)[1]) == 1, number  # the same content: no second version


def test_a_truncated_copy_under_the_same_name_loses_no_document(store, tmp_path):
    store.ingest(parsed(S004))
    text = S004.read_text(encoding="utf-8")
    truncated = tmp_path / S004.name
    truncated.write_text(text[: text.index("吕政函〔2022〕5号") + 2000], encoding="utf-8")
    result = store.ingest(parse_file(truncated))
    assert result.status == "new-version" and result.documents < N004 / 2
    assert result.warnings and "仍以上一版为准" in result.warnings[0]
    assert sorted(current_numbers(store)) == sorted(d.doc_number for d in parsed(S004).documents)


def test_a_database_made_before_identity_is_upgraded_on_open(store_url, tmp_path):
    gb, _ = copies(tmp_path)
    with open_store(store_url) as s:
        s.ingest(parsed(S004))
        s.ingest(parse_file(gb))
        with s.engine.begin() as conn:  # the schema as it was: no identity columns
            conn.execute(text("DROP INDEX ix_documents_doc_key"))
            conn.execute(text("DROP INDEX ix_documents_not_current"))
            for column in ("doc_key", "content_sha", "is_current", "pinned"):
                conn.execute(text(f"ALTER TABLE documents DROP COLUMN {column}"))
    with open_store(store_url) as s:
        assert len(current_numbers(s)) == N004
        with s.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(DocumentRow).where(DocumentRow.doc_key.is_(None))) == 0
        assert len(s.versions("吕政办发〔2022〕9号")[1]) == 1


def test_document_key_and_content_hash():
    doc = {"doc_number": "吕政办发[2022]9 号", "issuer": "吕梁市人民政府办公室", "title": "关于…的通知", "text": "一、总则\n第一条 …"}
    assert document_key(doc) == "n|吕政办发〔2022〕9号|吕梁市"
    assert document_key({**doc, "issuer": "吕梁市政府办公室"}) == document_key(doc)  # written short
    assert document_key({**doc, "issuer": "晋中市人民政府办公室"}) != document_key(doc)  # another city
    assert document_key({"doc_number": None, "title": "吕梁市 某某 规划", "signed_date": "2022-01-01"}) == "t|吕梁市某某规划|2022-01-01"
    assert document_key({"doc_number": None, "title": None}) is None
    # wrapped, in other widths of punctuation: the same content; another word: another
    assert content_hash({**doc, "text": "一、总则\n第一条　…"}) == content_hash({**doc, "text": "一、总则第一条 …"})
    assert content_hash({**doc, "text": "(一)总则"}) == content_hash({**doc, "text": "（一）总则"})
    assert content_hash({**doc, "text": "第一条 市商务局"}) != content_hash({**doc, "text": "第一条 市工信局"})
    assert content_hash({**doc, "consultation": [{"unit": "x", "phone": "1"}]}) != content_hash({**doc, "consultation": [{"unit": "x", "phone": "2"}]})


def test_word_diff_marks_whole_words():
    pieces = word_diff("由市商务局牵头，市财政局配合。", "由市工信局牵头，市财政局配合。")
    assert ("-", "市商务局") in pieces and ("+", "市工信局") in pieces
    assert "".join(w for op, w in pieces if op != "+") == "由市商务局牵头，市财政局配合。"
    assert "".join(w for op, w in pieces if op != "-") == "由市工信局牵头，市财政局配合。"


def test_cli_versions_and_diff(store_url, tmp_path):
    _, changed = copies(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(S004), str(changed), "--db", store_url]).exit_code == 0
    listing = runner.invoke(app, ["versions", "吕政办发[2022]6号", "--db", store_url])
    assert listing.exit_code == 0, listing.output
    assert "版本1" in listing.output and "版本2" in listing.output and changed.name in listing.output
    diff = runner.invoke(app, ["versions", "吕政办发〔2022〕6号", "--diff", "1", "2", "--db", store_url])
    assert diff.exit_code == 0 and "[-市商务局-]{+市工信局+}" in diff.output
    missing = runner.invoke(app, ["versions", "吕政办发〔2099〕1号", "--db", store_url])
    assert missing.exit_code == 1 and "未找到" in missing.output


def test_the_document_page_lists_versions_and_shows_the_diff(store_url, tmp_path):
    from fastapi.testclient import TestClient

    from gongbao.serve.app import create_app

    gb, changed = copies(tmp_path)
    with open_store(store_url) as s:
        for path in (S004, gb, changed):
            s.ingest(parse_file(path))
    with TestClient(create_app(store_url)) as client:
        api = client.get("/api/documents/吕政办发〔2022〕6号/versions").json()
        assert [v["version"] for v in api["items"]] == [1, 2] and api["items"][1]["is_current"] and api["total"] == 2
        page = client.get("/documents/吕政办发〔2022〕6号").text
        assert "第2版（当前）" in page and changed.name in page and "与第1版比较" in page
        diff = client.get(f"/documents/{api['document_id']}/diff?a=1&b=2")
        assert diff.status_code == 200 and "<del>市商务局</del><ins>市工信局</ins>" in diff.text
        assert client.get(f"/api/documents/{api['document_id']}/diff?a=1&b=3").status_code == 404
        same = client.get("/documents/吕政办发〔2022〕9号").text
        assert "第1版（当前）" in same and gb.name in same  # one version, in three files


def test_the_original_pdf_opens_at_the_documents_page(store_url, typeset_pdfs):
    from fastapi.testclient import TestClient

    from gongbao.serve.app import create_app

    pdf = typeset_pdfs / "004_typeset.pdf"
    with open_store(store_url) as s:
        s.ingest(parse_file(pdf))
        s.ingest(parse_file(pdf))  # again: one copy of the bytes
        with s.engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM blobs")) == 1
    sha = parse_file(pdf).source.sha256
    with TestClient(create_app(store_url)) as client:
        page = client.get("/documents/吕政函〔2022〕5号").text
        assert f'href="/files/{sha}#page=5"' in page and "PDF 第5–6页" in page
        original = client.get(f"/files/{sha}")
        assert original.status_code == 200 and original.headers["content-type"] == "application/pdf"
        assert original.content == pdf.read_bytes()
        assert original.headers["content-security-policy"] == "sandbox"
        assert client.get("/files/" + "0" * 64).status_code == 404
        assert client.get("/files/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_a_version_marked_current_stays_current_until_unmarked(store_url, tmp_path):
    _, changed = copies(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(S004), str(changed), "--db", store_url]).exit_code == 0
    marked = runner.invoke(app, ["versions", "吕政办发〔2022〕6号", "--mark", "1", "--db", store_url])
    assert marked.exit_code == 0 and "当前（指定）" in marked.output
    with open_store(store_url) as s:
        assert next(d for d in s.documents() if d["doc_number"] == "吕政办发〔2022〕6号")["source"] == S004.name
        later = tmp_path / "later" / "004_reprint.txt"
        later.parent.mkdir()
        later.write_text(changed.read_text(encoding="utf-8").replace("市工信局", "市发改委"), encoding="utf-8")
        s.ingest(parse_file(later))  # a third version arrives: the marked one stays current
        assert next(d for d in s.documents() if d["doc_number"] == "吕政办发〔2022〕6号")["source"] == S004.name
    unmarked = runner.invoke(app, ["versions", "吕政办发〔2022〕6号", "--mark", "0", "--db", store_url])
    assert unmarked.exit_code == 0
    with open_store(store_url) as s:
        assert next(d for d in s.documents() if d["doc_number"] == "吕政办发〔2022〕6号")["source"] == later.name
    assert runner.invoke(app, ["versions", "吕政办发〔2022〕6号", "--mark", "9", "--db", store_url]).exit_code == 1
