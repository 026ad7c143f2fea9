"""Stage `read`: encodings detected automatically, unreadable input refused with a clear reason.

Every text here is real gazette text: slices of samples/*.txt, re-encoded the way gazettes arrive
(GBK / GB18030 from older Windows tools, UTF-8 with a byte-order mark, CRLF line ends). A re-encoded
file must give exactly the documents its UTF-8 original gives.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import gongbao.read
from gongbao import ReadError, parse_bytes, parse_file
from gongbao.models import ParsedFile
from gongbao.read import decode_bytes, read_source

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
S000 = SAMPLES / "000_b6906092948a1a2c.txt"
S002 = SAMPLES / "002_07df4a15ad83cd5e.txt"
S004 = SAMPLES / "004_cae20566f423f72d.txt"

# What the first 200 lines of sample 004 hold (contents page, then three documents).
HEAD_004 = [
    ("吕政函〔2022〕3号", "吕梁市人民政府关于赋予吕梁经济技术开发区、山西交城经济开发区部分市级行政管理事项的通知", "2022-02-25"),
    ("吕政函〔2022〕5号", "吕梁市人民政府关于对吕梁市城市集中供热专项规划(2021—2035年)的批复", "2022-03-31"),
    ("吕政办发〔2022〕5号", "吕梁市人民政府办公室关于补充吕梁市新区建设房屋征收与补偿方案有关政策规定的通知", "2022-03-03"),
]


def head(sample: Path, lines: int) -> str:
    """The first `lines` lines of a sample, as text."""
    return "\n".join(sample.read_text(encoding="utf-8").split("\n")[:lines])


def write(directory: Path, name: str, data: bytes) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(data)
    return path


def documents(parsed: ParsedFile) -> list[dict]:
    return parsed.to_json()


def summary(parsed: ParsedFile) -> list[tuple]:
    return [(d.doc_number, d.title, d.signed_date) for d in parsed.documents]


def utf8_baseline(tmp_path: Path, name: str, text: str) -> ParsedFile:
    return parse_file(write(tmp_path / "utf8", name, text.encode("utf-8")))


# ---------------------------------------------------------------------------------------------
# Encodings


def test_utf8_slice_of_004_gives_the_three_documents_of_its_head(tmp_path):
    parsed = utf8_baseline(tmp_path, S004.name, head(S004, 200))
    assert parsed.source.encoding == "utf-8"
    assert parsed.source.warnings == ()
    assert summary(parsed) == HEAD_004
    assert [d.issuer for d in parsed.documents] == ["吕梁市人民政府", "吕梁市人民政府", "吕梁市人民政府办公室"]
    assert [d.doc_type for d in parsed.documents] == ["通知", "批复", "通知"]


# (sample, lines, how the text is written to bytes, the encoding read must report)
ENCODED = [
    pytest.param(S004, 200, "gb18030", "gb18030", id="004-gb18030"),
    pytest.param(S004, 200, "utf-8-sig", "utf-8-sig", id="004-utf8-bom"),
    pytest.param(S004, 200, "gbk", "gb18030", id="004-gbk"),
    pytest.param(S004, 200, "gbk-crlf", "gb18030", id="004-gbk-crlf"),
    pytest.param(S004, 200, "utf-16", "utf-16", id="004-utf16-bom"),
    pytest.param(S002, 400, "gbk", "gb18030", id="002-gbk"),
    pytest.param(S002, 400, "utf-8-sig", "utf-8-sig", id="002-utf8-bom"),
    pytest.param(S000, 300, "gb18030", "gb18030", id="000-gb18030"),
    pytest.param(S000, 300, "utf-8-crlf", "utf-8", id="000-utf8-crlf"),
    pytest.param(S000, 300, "utf-8-cr", "utf-8", id="000-utf8-cr"),
]


def encode(text: str, how: str) -> bytes:
    """`how` is a codec, optionally with "-crlf" (Windows) or "-cr" (old Mac) line ends."""
    if how.endswith("-crlf"):
        how, text = how.removesuffix("-crlf"), text.replace("\n", "\r\n")
    elif how.endswith("-cr"):
        how, text = how.removesuffix("-cr"), text.replace("\n", "\r")
    return text.encode(how)


def gbk_safe(text: str) -> str:
    """GBK has no superscript two (sample 004 prints 平方米 as 米²): a GBK tool writes a plain 2."""
    return text.replace("²", "2")


@pytest.mark.parametrize(("sample", "lines", "how", "encoding"), ENCODED)
def test_reencoded_slice_gives_the_same_documents_as_utf8(tmp_path, sample, lines, how, encoding):
    text = head(sample, lines)
    if how.startswith("gbk"):
        text = gbk_safe(text)
    original = utf8_baseline(tmp_path, sample.name, text)
    data = encode(text, how)
    assert data != text.encode("utf-8")
    parsed = parse_file(write(tmp_path / how, sample.name, data))

    assert parsed.source.encoding == encoding
    assert parsed.source.warnings == ()
    assert parsed.source.text == original.source.text
    assert parsed.source.size == len(data)
    assert len(parsed.documents) >= 1
    assert documents(parsed) == documents(original)  # every field, line numbers included
    assert parsed.gazette == original.gazette
    assert parsed.warnings == original.warnings
    if sample is S004:
        assert summary(parsed) == HEAD_004


@pytest.mark.parametrize("sample", [S000, S002, S004], ids=lambda p: p.name[:3])
def test_whole_sample_in_gb18030_gives_the_same_documents(tmp_path, sample):
    original = parse_file(sample)
    data = sample.read_text(encoding="utf-8").encode("gb18030")
    parsed = parse_file(write(tmp_path, sample.name, data))
    assert parsed.source.encoding == "gb18030"
    assert len(parsed.documents) == len(original.documents) >= 9
    assert documents(parsed) == documents(original)


def test_doubled_utf8_bom_is_not_part_of_the_text(tmp_path):
    text = head(S004, 200)
    parsed = parse_file(write(tmp_path / "bom2", S004.name, b"\xef\xbb\xbf" * 2 + text.encode("utf-8")))
    assert parsed.source.encoding == "utf-8-sig"
    assert parsed.source.text == text
    assert documents(parsed) == documents(utf8_baseline(tmp_path, S004.name, text))


def test_whole_sample_002_in_gbk_with_crlf_gives_the_same_documents(tmp_path):
    original = parse_file(S002)
    data = S002.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gbk")
    parsed = parse_file(write(tmp_path, S002.name, data))
    assert parsed.source.encoding == "gb18030"
    assert "\r" not in parsed.source.text
    assert documents(parsed) == documents(original)
    assert "吕政发〔2024〕4号" in [d.doc_number for d in parsed.documents]


def test_big5_is_not_read_as_gb18030_mojibake():
    # Traditional-script text: its Big5 bytes are *valid* GB18030, read as such they are garbage.
    text = (
        "臺北市政府公報\n\n臺北市政府關於發佈本市公共運輸優惠實施辦法的通知\n\n府法綜字第1120000001號\n\n"
        "各區公所、市政府各機關：\n\n為推動綠色交通，減少私人運具使用，特訂定本辦法，請遵照辦理。\n\n"
        "臺北市政府\n\n中華民國一一二年三月一日\n"
    )
    data = text.encode("big5")
    data.decode("gb18030")  # no error: only the mojibake check stands between us and garbage
    source = decode_bytes(data, name="big5.txt")
    assert source.encoding == "big5"
    assert source.text == text
    assert source.warnings == ("big5.txt：按 Big5 解码（不是 UTF-8 或 GB18030）",)


def test_mojibake_guard_accepts_real_text_and_rejects_utf8_read_as_gb18030():
    # The guard must never fire on real GBK text: every hanzi of the samples is a common one.
    text = S002.read_text(encoding="utf-8")
    assert gongbao.read._misdecoded(text) is False
    mojibake = text.encode("utf-8")[:30001].decode("gb18030", errors="replace")
    assert gongbao.read._misdecoded(mojibake) is True


# ---------------------------------------------------------------------------------------------
# Damaged but salvageable: parsed, with a warning


def cut_inside_a_character(text: str, codec: str, keep: int) -> tuple[bytes, str]:
    """`text` in `codec`, cut `keep` bytes into its last hanzi 40 characters or more from the end.

    Returns the cut bytes and the text of its whole characters.
    """
    k = len(text) - 40
    while not "\u4e00" <= text[k] <= "\u9fff":
        k += 1
    whole = text[:k]
    return whole.encode(codec) + text[k].encode(codec)[:keep], whole


@pytest.mark.parametrize("keep", [1, 2])
def test_utf8_truncated_inside_a_multibyte_character_still_parses_with_a_warning(tmp_path, keep):
    cut, whole = cut_inside_a_character(head(S004, 200), "utf-8", keep)
    with pytest.raises(UnicodeDecodeError, match="unexpected end of data"):
        cut.decode("utf-8")
    path = write(tmp_path, "cut.txt", cut)

    parsed = parse_file(path)
    assert parsed.source.encoding == "utf-8"
    assert parsed.source.text == whole
    warning = f"{path}：文件在一个字符中间截断，已丢弃最后 {keep} 个字节"
    assert parsed.source.warnings == (warning,)
    assert warning in parsed.warnings
    assert [d.doc_number for d in parsed.documents] == [n for n, _, _ in HEAD_004]
    assert documents(parsed) == documents(utf8_baseline(tmp_path, "cut.txt", whole))


def test_utf8_bom_file_truncated_inside_a_character_still_parses_with_a_warning(tmp_path):
    cut, whole = cut_inside_a_character(head(S004, 200), "utf-8", 2)
    path = write(tmp_path, "cut.txt", b"\xef\xbb\xbf" + cut)
    parsed = parse_file(path)
    assert (parsed.source.encoding, parsed.source.text) == ("utf-8-sig", whole)
    assert parsed.source.warnings == (f"{path}：文件在一个字符中间截断，已丢弃最后 2 个字节",)
    assert len(parsed.documents) == 3


def test_gbk_truncated_inside_a_character_still_parses_with_a_warning(tmp_path):
    cut, whole = cut_inside_a_character(gbk_safe(head(S004, 200)), "gbk", 1)
    path = write(tmp_path, "cut.txt", cut)
    parsed = parse_file(path)
    assert parsed.source.encoding == "gb18030"
    assert parsed.source.text == whole
    assert parsed.source.warnings == (f"{path}：文件在一个字符中间截断，已丢弃最后 1 个字节",)
    assert [d.doc_number for d in parsed.documents] == [n for n, _, _ in HEAD_004]


def test_utf16_truncated_to_an_odd_length_still_parses_with_a_warning(tmp_path):
    text = head(S004, 200)
    path = write(tmp_path, "cut.txt", text.encode("utf-16")[:-1])
    parsed = parse_file(path)
    assert (parsed.source.encoding, parsed.source.text) == ("utf-16", text[:-1])
    assert parsed.source.warnings == (f"{path}：文件在一个字符中间截断，已丢弃最后 1 个字节",)
    assert len(parsed.documents) == 3


@pytest.mark.parametrize("codec", ["utf-8", "gbk"])
def test_one_corrupt_byte_is_replaced_and_warned_not_fatal(tmp_path, codec):
    text = gbk_safe(head(S004, 200))
    data = text.encode(codec)
    at = len(data) // 2
    damaged = data[:at] + b"\xff" + data[at:]
    path = write(tmp_path, "damaged.txt", damaged)
    parsed = parse_file(path)
    assert parsed.source.encoding == ("utf-8" if codec == "utf-8" else "gb18030")
    [warning] = parsed.source.warnings
    assert warning.startswith(f"{path}：")
    assert "处无法解码的字节已替换为 U+FFFD" in warning
    assert 1 <= parsed.source.text.count("\ufffd") <= 4  # the byte, and the character it split
    # Everything but the damaged spot reads as the original.
    assert parsed.source.text.replace("\ufffd", "")[:1000] == text[:1000]
    assert [d.doc_number for d in parsed.documents] == [n for n, _, _ in HEAD_004]


def test_heavily_damaged_utf8_is_refused(tmp_path):
    data = bytearray(head(S004, 200).encode("utf-8"))
    data[::40] = b"\xff" * len(data[::40])  # 2.5 % of the bytes
    path = write(tmp_path, "shredded.txt", bytes(data))
    with pytest.raises(ReadError) as info:
        read_source(path)
    assert info.value.path == str(path)
    assert info.value.reason.startswith("无法识别文本编码：不是 UTF-8（第 0 字节无效）")


# ---------------------------------------------------------------------------------------------
# Unreadable: one ReadError naming the file and the reason


def refused(path: Path) -> ReadError:
    with pytest.raises(ReadError) as info:
        parse_file(path)
    err = info.value
    assert err.path == str(path)
    assert str(err) == f"{path}：{err.reason}"
    assert "\n" not in str(err)
    return err


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" + bytes(range(256)) * 8


def test_binary_png_is_refused_as_binary(tmp_path):
    err = refused(write(tmp_path, "scan.txt", PNG))
    assert err.reason == "二进制文件（含 NUL 字节），不是文本"


def test_binary_without_nul_bytes_is_refused(tmp_path):
    noise = bytes((i * 7919 + 13) % 255 + 1 for i in range(4096))  # deterministic, no NUL
    err = refused(write(tmp_path, "noise.txt", noise))
    assert err.reason.startswith("无法识别文本编码")


def test_text_full_of_control_characters_is_refused(tmp_path):
    text = head(S002, 40).replace("。", "\x1b[0m\x07。")  # terminal escape codes glued into text
    err = refused(write(tmp_path, "escapes.txt", text.encode("utf-8") * 5))
    assert err.reason.startswith("二进制文件或损坏的文本（")


def test_empty_file_is_refused(tmp_path):
    assert refused(write(tmp_path, "empty.txt", b"")).reason == "空文件"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b" \n\t\r\n  \n", "空文件（只有空白）", id="ascii-whitespace"),
        pytest.param("\u3000\u3000\n\u3000\n".encode("utf-8"), "空文件（只有空白）", id="ideographic-spaces"),
        pytest.param(b"\xef\xbb\xbf", "空文件（只有字节顺序标记和空白）", id="utf8-bom-only"),
        pytest.param(b"\xef\xbb\xbf\r\n\r\n", "空文件（只有字节顺序标记和空白）", id="utf8-bom-newlines"),
        pytest.param(" \n".encode("utf-16"), "空文件（只有字节顺序标记和空白）", id="utf16-bom-space"),
        pytest.param(b"\xef\xbb\xbf\xef\xbb\xbf\n", "空文件（只有字节顺序标记和空白）", id="double-bom"),
    ],
)
def test_whitespace_only_file_is_refused_as_empty(tmp_path, data, reason):
    assert refused(write(tmp_path, "blank.txt", data)).reason == reason


def test_latin1_english_text_is_refused_as_not_chinese(tmp_path):
    text = (
        "Municipal Gazette — résumé of the café regulations adopted in Zürich, "
        "naïve façade rules, Ærø ferry tariffs.\n"
    ) * 40
    data = text.replace("—", "-").encode("latin-1")
    err = refused(write(tmp_path, "english.txt", data))
    assert err.reason.startswith("没有中文内容（按 ")
    assert err.reason.endswith("解码），不是公报")


def test_ascii_english_text_is_refused_as_not_chinese(tmp_path):
    err = refused(write(tmp_path, "readme.txt", b"This is not a gazette.\n" * 50))
    assert err.reason == "没有中文内容（按 utf-8 解码），不是公报"


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    data = head(S004, 200).encode("utf-8")
    monkeypatch.setattr(gongbao.read, "MAX_BYTES", len(data) - 1)
    err = refused(write(tmp_path, "huge.txt", data))
    assert err.reason == f"文件过大（{len(data) / 1024:.1f} KiB，上限 {(len(data) - 1) / 1024:.1f} KiB），不像一期公报"


def test_file_at_the_size_limit_is_read(tmp_path, monkeypatch):
    data = head(S004, 200).encode("utf-8")
    monkeypatch.setattr(gongbao.read, "MAX_BYTES", len(data))
    parsed = parse_file(write(tmp_path, "limit.txt", data))
    assert [d.doc_number for d in parsed.documents] == [n for n, _, _ in HEAD_004]


def test_bytes_over_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setattr(gongbao.read, "MAX_BYTES", 100)
    with pytest.raises(ReadError) as info:
        parse_bytes("吕梁市人民政府公报\n".encode("utf-8") * 10, "upload.txt")
    assert info.value.path == "upload.txt"
    assert info.value.reason == "文件过大（280 bytes，上限 100 bytes），不像一期公报"


def test_directory_is_refused(tmp_path):
    directory = tmp_path / "issue-2022-2.txt"
    directory.mkdir()
    assert refused(directory).reason == "是目录，不是文件"


def test_missing_file_is_refused(tmp_path):
    assert refused(tmp_path / "nowhere.txt").reason == "文件不存在"


def test_path_through_a_file_is_refused_as_missing(tmp_path):
    parent = write(tmp_path, "a.txt", "吕梁".encode("utf-8"))
    err = refused(parent / "b.txt")
    assert err.reason.startswith("文件不存在")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert refused(fifo).reason == "不是普通文件"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_permissions_are_refused(tmp_path):
    path = write(tmp_path, "locked.txt", head(S004, 20).encode("utf-8"))
    path.chmod(0)
    try:
        assert refused(path).reason == "没有读取权限"
    finally:
        path.chmod(0o644)


def test_decode_bytes_names_the_file_by_name_when_no_path_is_given():
    with pytest.raises(ReadError) as info:
        decode_bytes(b"", name="upload.txt")
    assert (info.value.path, info.value.reason) == ("upload.txt", "空文件")
    with pytest.raises(ReadError) as info:
        decode_bytes(PNG, name="upload.txt", path="/in/upload.txt")
    assert str(info.value) == "/in/upload.txt：二进制文件（含 NUL 字节），不是文本"


def test_read_source_records_name_path_size_and_hash(tmp_path):
    import hashlib

    data = head(S002, 50).encode("gb18030")
    path = write(tmp_path, "issue.txt", data)
    source = read_source(path)
    assert (source.name, source.path, source.size) == ("issue.txt", str(path), len(data))
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.text.startswith(" 吕梁市人民政府\n关于印发吕梁市推动大规模设备更新和消费品")


def test_a_nul_byte_past_the_first_64_kib_is_marked_damage_not_stored(tmp_path):
    # PostgreSQL refuses NUL in text: a stray one deep in a text file becomes U+FFFD, with a warning.
    text = S004.read_text(encoding="utf-8")
    data = text.encode("utf-8")
    cut = data.index("。".encode("utf-8"), 70_000) + 3
    source = decode_bytes(data[:cut] + b"\x00" + data[cut:], name="nul.txt")
    assert "\x00" not in source.text and "\ufffd" in source.text
    assert any("个控制字符" in w for w in source.warnings)
    assert len(parse_bytes(data[:cut] + b"\x00" + data[cut:], "nul.txt").documents) == len(parse_bytes(data, "x.txt").documents)


def test_broken_and_looping_links_in_a_directory_are_reported(tmp_path):
    from gongbao.cli.common import expand

    write(tmp_path, "good.txt", head(S004, 20).encode("utf-8"))
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "picture.png").write_bytes(PNG)  # not a gazette by its name: not taken from a directory
    files = expand([tmp_path])
    assert [f.name for f in files] == ["dangling.txt", "good.txt", "loop.txt"]
    assert refused(tmp_path / "dangling.txt").reason == "符号链接已断开（目标不存在）"
    assert refused(tmp_path / "loop.txt").reason == "符号链接循环"


def test_a_headless_file_of_one_endless_line_has_no_title_and_parses_in_linear_time():
    # The title regexes once ran over a title as long as the file (168 s for 10 MB); a paragraph is no title.
    line = "吕梁市人民政府关于印发《吕梁市某某工作方案》的通知各县（市、区）人民政府，市直有关单位：现将有关事项通知如下。" * 3000
    parsed = parse_bytes(line.encode("utf-8"), "endless.txt")
    assert parsed.documents and parsed.documents[0].title is None
