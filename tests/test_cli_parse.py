"""`gongbao parse` on a batch with bad files: the good files' documents still come out as JSONL,
each bad file is reported once on stderr naming it and the reason, and the exit status is 1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import gongbao.read
from gongbao import parse_file
from gongbao.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
S000 = SAMPLES / "000_b6906092948a1a2c.txt"
S002 = SAMPLES / "002_07df4a15ad83cd5e.txt"
S004 = SAMPLES / "004_cae20566f423f72d.txt"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" + bytes(range(256)) * 8
ENGLISH = ("Municipal Gazette: résumé of the café regulations adopted in Zürich.\n" * 40).encode("latin-1")


def write(directory: Path, name: str, data: bytes) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(data)
    return path


def bad_files(tmp_path: Path) -> dict[Path, str]:
    """Unreadable files, each with the reason `gongbao parse` must give (or how it starts)."""
    bad = tmp_path / "bad"
    return {
        write(bad, "scan.txt", PNG): "二进制文件（含 NUL 字节），不是文本",
        write(bad, "empty.txt", b""): "空文件",
        write(bad, "blank.txt", b"\xef\xbb\xbf \r\n\r\n"): "空文件（只有字节顺序标记和空白）",
        write(bad, "english.txt", ENGLISH): "没有中文内容（按 ",  # charset-normalizer's guess
        bad / "missing.txt": "文件不存在",
    }


def good_gbk_002(tmp_path: Path) -> Path:
    """Sample 002 as an older Windows tool writes it: GBK with CRLF line ends."""
    text = S002.read_text(encoding="utf-8").replace("\n", "\r\n")
    return write(tmp_path / "good", S002.name, text.encode("gbk"))


def jsonl(stdout: str) -> list[dict]:
    lines = stdout.splitlines()
    assert lines, "no documents on stdout"
    return [json.loads(line) for line in lines]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("错误 ")]


# ---------------------------------------------------------------------------------------------
# In process (typer's CliRunner)


def test_batch_with_bad_files_outputs_the_good_documents_and_exits_1(tmp_path, monkeypatch):
    good = [S004, good_gbk_002(tmp_path)]
    bad = bad_files(tmp_path)
    # Sample 000 (561 kB) is over a lowered size limit; 002 and 004 (150 kB) are under it.
    monkeypatch.setattr(gongbao.read, "MAX_BYTES", 300_000)
    big = write(tmp_path / "bad", "000_big.txt", S000.read_bytes())
    bad[big] = "文件过大（548.3 KiB，上限 293.0 KiB），不像一期公报"
    expected = [doc for path in good for doc in parse_file(path).to_json()]
    assert len(expected) == 19  # 10 documents in 004, 9 in 002

    files = [*bad][:2] + good[:1] + [*bad][2:] + good[1:]  # bad files before, between and after
    result = CliRunner().invoke(app, ["parse", *map(str, files)])

    assert result.exit_code == 1
    assert jsonl(result.stdout) == expected
    assert [d["source"] for d in jsonl(result.stdout)] == [S004.name] * 10 + [S002.name] * 9
    flat = " ".join(result.stderr.split())  # insensitive to how the console wraps lines
    for path, reason in bad.items():
        assert f"错误 {path}：{reason}" in flat
        assert flat.count(str(path)) == 1
    assert str(S004) not in flat and str(good[1]) not in flat  # good files raise no complaint


def test_batch_json_format_still_holds_the_good_documents(tmp_path):
    bad = bad_files(tmp_path)
    result = CliRunner().invoke(app, ["parse", "--format", "json", "--no-text", str(S004), *map(str, bad)])
    assert result.exit_code == 1
    docs = json.loads(result.stdout)
    assert [d["doc_number"] for d in docs] == [d.doc_number for d in parse_file(S004).documents]
    assert docs[0]["doc_number"] == "吕政函〔2022〕3号"
    assert all("text" not in d for d in docs)


def test_all_good_batch_exits_0_without_errors(tmp_path):
    result = CliRunner().invoke(app, ["parse", "--no-text", str(S004), str(good_gbk_002(tmp_path))])
    assert result.exit_code == 0
    assert len(jsonl(result.stdout)) == 19
    assert error_lines(result.stderr) == []


def test_only_bad_files_exit_1_with_empty_stdout(tmp_path):
    result = CliRunner().invoke(app, ["parse", *map(str, bad_files(tmp_path))])
    assert result.exit_code == 1
    assert result.stdout == ""


def test_directory_argument_reports_its_bad_files_and_parses_its_good_ones(tmp_path):
    folder = tmp_path / "issue"
    write(folder, "a_good.txt", S004.read_bytes())
    write(folder, "b_scan.txt", PNG)
    write(folder, "c_empty.txt", b"")
    write(folder, "d_misnamed.pdf", PNG)  # a gazette by its name, an image by its content: reported
    write(folder, "notes.png", PNG)  # not a gazette's name (.txt/.md/.pdf): not part of the batch
    result = CliRunner().invoke(app, ["parse", "--no-text", str(folder)])
    assert result.exit_code == 1
    assert len(jsonl(result.stdout)) == 10
    flat = " ".join(result.stderr.split())
    assert f"{folder / 'b_scan.txt'}：二进制文件（含 NUL 字节），不是文本" in flat
    assert f"{folder / 'c_empty.txt'}：空文件" in flat
    assert f"{folder / 'd_misnamed.pdf'}：二进制文件" in flat
    assert "notes.png" not in flat


def test_truncated_file_is_parsed_and_warned_about(tmp_path):
    data = S004.read_bytes()
    cut = data[: data.index("吕政办发〔2022〕9号".encode("utf-8"), 20000) + 1]  # inside 吕
    path = write(tmp_path, "cut.txt", cut)
    result = CliRunner().invoke(app, ["parse", "--no-text", str(path)])
    assert result.exit_code == 0  # a warning, not a failure
    numbers = [d["doc_number"] for d in jsonl(result.stdout)]
    assert numbers[:3] == ["吕政函〔2022〕3号", "吕政函〔2022〕5号", "吕政办发〔2022〕5号"]
    flat = " ".join(result.stderr.split())
    assert f"警告 {path}：文件在一个字符中间截断，已丢弃最后 1 个字节" in flat


# ---------------------------------------------------------------------------------------------
# The real command in a subprocess: stderr as a log file gets it (no terminal, 80 columns)

RUN_CLI = "import sys, gongbao.read; gongbao.read.MAX_BYTES = int(sys.argv.pop(1)); from gongbao.cli import app; app()"


def run_gongbao(args: list[str], cwd: Path, max_bytes: int = 64 * 1024 * 1024) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, str(max_bytes), *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_subprocess_batch_exit_status_and_jsonl(tmp_path):
    bad = bad_files(tmp_path)
    proc = run_gongbao(["parse", "--no-text", str(S004), *map(str, bad)], cwd=tmp_path)
    assert proc.returncode == 1
    assert [d["doc_number"] for d in jsonl(proc.stdout)] == [d.doc_number for d in parse_file(S004).documents]
    assert "Traceback" not in proc.stderr


def test_subprocess_reports_each_bad_file_on_exactly_one_line(tmp_path):
    bad = bad_files(tmp_path)
    big = write(tmp_path / "bad", "000_big.txt", S000.read_bytes())
    bad[big] = "文件过大（548.3 KiB，上限 293.0 KiB），不像一期公报"
    proc = run_gongbao(["parse", "--no-text", *map(str, bad), str(S004)], cwd=tmp_path, max_bytes=300_000)
    assert proc.returncode == 1
    assert len(jsonl(proc.stdout)) == 10
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == len(bad)
    for line, (path, reason) in zip(lines, bad.items(), strict=True):
        assert line.startswith(f"错误 {path}：{reason}")


def test_subprocess_names_a_bad_file_with_brackets_verbatim(tmp_path):
    path = write(tmp_path, "[draft]scan.txt", PNG)
    proc = run_gongbao(["parse", "[draft]scan.txt"], cwd=tmp_path)
    assert proc.returncode == 1
    assert error_lines(proc.stderr) == ["错误 [draft]scan.txt：二进制文件（含 NUL 字节），不是文本"]
    assert path.exists()


def test_a_file_that_cannot_even_be_looked_at_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    # Under a directory the user may not enter, stat() itself fails (EACCES): one line, the rest parsed.
    locked = tmp_path / "locked" / "issue.txt"
    real_is_dir, real_stat = Path.is_dir, Path.stat

    def is_dir(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_dir(self)

    def stat(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    monkeypatch.setattr(Path, "stat", stat)
    result = CliRunner().invoke(app, ["parse", "--no-text", str(locked), str(S004)])
    assert result.exit_code == 1
    assert len(jsonl(result.stdout)) == 10
    assert f"{locked}：没有读取权限" in " ".join(result.stderr.split())
