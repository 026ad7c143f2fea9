"""A text file too large to hold is parsed window by window (read.stream, pipeline.parse_parts)
and stored part by part (Store.ingest_parts): the same documents as a parse of the whole file,
each once, with the line numbers of the whole file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import gongbao.read.stream
from gongbao.cli import app
from gongbao.pipeline import parse_parts
from gongbao.read import ReadError
from gongbao.store import open_store

from conftest import SAMPLES

# Samples in one rendering each (000 and 004 are paragraph per line): a file of three copies of
# one parses whole exactly as in windows. (Three copies of 002, a hard-wrapped dump, do not: the
# whole file's running-header statistics differ from one copy's, and the windows follow the copy.)
ONE_RENDERING = [p for p in SAMPLES if p.name.startswith(("000_", "004_"))]


def copies(tmp_path: Path, sample: Path, n: int = 3) -> Path:
    big = tmp_path / f"archive_{sample.name}"
    big.write_text("\n".join([sample.read_text(encoding="utf-8")] * n), encoding="utf-8")
    return big


def as_json(parts) -> list[dict]:
    parts = list(parts)
    return [d.to_json(parts[0].gazette) for part in parts for d in part.documents]


@pytest.mark.parametrize("sample", ONE_RENDERING, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("window", [64 * 1024, 3 * 1024])  # several documents a window; less than one
def test_windows_give_the_documents_of_the_whole_file(tmp_path, sample, window):
    big = copies(tmp_path, sample)
    whole = list(parse_parts(big, stream_from=1 << 40))
    assert len(whole) == 1
    parts = list(parse_parts(big, stream_from=0, window_bytes=window))
    assert len(parts) > 3
    expected = as_json(whole)
    got = as_json(parts)
    assert [d["doc_number"] for d in got] == [d["doc_number"] for d in expected]
    assert got == expected  # line numbers, 政策咨询 boxes (none twice), tasks, tables: all
    assert {p.source.sha256 for p in parts} == {whole[0].source.sha256}
    assert all(p.gazette == whole[0].gazette for p in parts)


def test_a_hard_wrapped_dump_in_windows_reads_as_each_copy_alone(tmp_path):
    sample = next(p for p in SAMPLES if p.name.startswith("002_"))
    one = as_json(parse_parts(sample))
    parts = as_json(parse_parts(copies(tmp_path, sample), stream_from=0, window_bytes=64 * 1024))
    assert len(parts) == 3 * len(one)
    for k, doc in enumerate(parts):
        alone = one[k % len(one)]
        for field in ("doc_number", "title", "issuer", "signed_date", "recipients", "consultation"):
            assert doc[field] == alone[field], (k, field)
        assert [a["title"] for a in doc["attachments"]] == [a["title"] for a in alone["attachments"]]
        assert [t["text"] for t in doc["tasks"]] == [t["text"] for t in alone["tasks"]]


def test_damage_deep_in_a_stream_is_an_error_naming_the_file_and_the_byte(tmp_path):
    sample = ONE_RENDERING[0]
    big = copies(tmp_path, sample)
    data = big.read_bytes()
    cut = len(data) * 2 // 3
    big.write_bytes(data[:cut] + b"\xff\xfe" * 2000 + data[cut:])
    parts = parse_parts(big, stream_from=0, window_bytes=64 * 1024)
    assert next(parts).documents  # the first windows are fine
    with pytest.raises(ReadError) as err:
        list(parts)
    assert err.value.path == str(big)
    assert "字节之后无法按 utf-8 解码" in err.value.reason


def test_a_few_bad_bytes_in_a_stream_are_replaced_and_said(tmp_path):
    sample = ONE_RENDERING[0]
    big = copies(tmp_path, sample)
    data = big.read_bytes()
    at = data.index("。".encode(), len(data) // 2)
    big.write_bytes(data[:at] + b"\xff" + data[at + 3 :])
    parts = list(parse_parts(big, stream_from=0, window_bytes=64 * 1024))
    warnings = [w for p in parts for w in p.warnings]
    assert len(warnings) == 1 and "1 处无法解码的字节已替换为 U+FFFD" in warnings[0]


def test_pdf_docx_and_small_files_are_not_streamed(tmp_path):
    assert not gongbao.read.stream.is_large_text(SAMPLES[0])
    assert gongbao.read.stream.is_large_text(SAMPLES[0], stream_from=0)
    pdf = tmp_path / "a.txt"
    pdf.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    assert not gongbao.read.stream.is_large_text(pdf, stream_from=0)


def test_stored_in_parts_as_stored_whole_and_once(tmp_path, store_url):
    big = copies(tmp_path, ONE_RENDERING[-1])
    whole_url = f"sqlite:///{tmp_path / 'whole.db'}"
    with open_store(whole_url) as store:
        store.ingest_parts(parse_parts(big, stream_from=1 << 40))
        expected = [{k: v for k, v in d.items() if k != "id"} for d in store.documents(current_only=False)]
    with open_store(store_url) as store:
        first = store.ingest_parts(parse_parts(big, stream_from=0, window_bytes=64 * 1024))
        assert (first.status, first.documents) == ("added", len(expected))
        got = [{k: v for k, v in d.items() if k != "id"} for d in store.documents(current_only=False)]
        assert got == expected
        again = store.ingest_parts(parse_parts(big, stream_from=0, window_bytes=64 * 1024))
        assert (again.status, again.documents) == ("unchanged", len(expected))
        assert len(store.documents(current_only=False)) == len(expected)


@pytest.mark.parametrize("jobs", ["1", "2"])  # with workers, the other files are parsed in them meanwhile
def test_a_stream_that_fails_late_stores_nothing_of_its_file_and_the_batch_goes_on(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(gongbao.read.stream, "STREAM_FROM", 200_000)
    monkeypatch.setattr(gongbao.read.stream, "WINDOW_BYTES", 64 * 1024)
    folder = tmp_path / "in"
    folder.mkdir()
    bad = copies(folder, ONE_RENDERING[0])
    data = bad.read_bytes()
    cut = len(data) * 2 // 3
    bad.write_bytes(data[:cut] + b"\xff\xfe" * 2000 + data[cut:])
    good = copies(folder, ONE_RENDERING[-1])
    small = SAMPLES[1]  # read whole (under STREAM_FROM), in a worker when there are two
    url = f"sqlite:///{tmp_path / 'g.db'}"
    result = CliRunner().invoke(app, ["ingest", str(bad), str(small), str(good), "--db", url, "--jobs", jobs], catch_exceptions=False)
    assert result.exit_code == 1
    flat = "".join(result.stderr.split())
    assert flat.count("错误") == 1 and f"错误{bad}：第" in flat and "字节之后无法按utf-8解码" in flat
    assert [line.split("（")[0] for line in result.stdout.splitlines()] == [f"新增　{small.name}", f"新增　{good.name}"]
    with open_store(url) as store:
        assert {d["source"] for d in store.documents(text=False)} == {small.name, good.name}
