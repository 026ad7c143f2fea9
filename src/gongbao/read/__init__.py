"""Stage 1 — read: bytes on disk → decoded text, or a clear ReadError naming file and reason.

Files are told apart by their content, not their name: a PDF (read.pdf) is read from its text
layer, a DOCX (read.docx) from its paragraphs and tables, a web page (read.html) from its article;
anything else is read as text.

Gazettes arrive as UTF-8 (with or without BOM) or as GB18030/GBK from older Windows tools. We try
the strict decodings we expect first (cheap and exact), then salvage slightly damaged files (a cut
in the last character, a few corrupt bytes — each with a warning), then let charset-normalizer
judge. A decoding that succeeds but yields mojibake (UTF-8 or Big5 bytes read as GB18030) is not
accepted: the Chinese characters must be mostly common ones.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from functools import cache
from pathlib import Path

from charset_normalizer import from_bytes

from gongbao.models import SourceText
from gongbao.read.docx import is_docx, read_docx
from gongbao.read.html import is_html, read_html
from gongbao.read.pdf import is_pdf, read_pdf

# A text read whole (parse_bytes, or a file under read.stream.STREAM_FROM: larger ones are streamed):
# an issue is ~0.1–1 MB; 16 MB keeps one parse well under 200 MB of memory.
MAX_BYTES = 16 * 1024 * 1024
MAX_PDF_BYTES = 256 * 1024 * 1024  # a PDF issue with images is 2–50 MB; PDFium reads it page by page
SNIFF_BYTES = 1024
ZIP_MAGIC = b"PK\x03\x04"  # DOCX is a ZIP archive
CONTROL_RATIO_LIMIT = 0.01
CJK_RATIO_FLOOR = 0.05
# A file that fails strict decoding is still read when at most this share of its characters are
# undecodable byte sequences (replaced by U+FFFD, with a warning): one corrupt byte is not a reason
# to lose a gazette, a file in the wrong encoding is.
DAMAGE_RATIO_LIMIT = 0.001
DAMAGE_MIN_ALLOWED = 8  # one corrupt byte can cost up to 3 replacement characters
# Real gazette text in GB18030 has ~100 % of its hanzi in GB2312; Big5 or UTF-8 bytes read as
# GB18030 have ~50 % or less (rare extension characters and private-use code points).
COMMON_HANZI_FLOOR = 0.8
MOJIBAKE_MIN_HANZI = 20  # too few characters to judge below this
MOJIBAKE_SAMPLE_CHARS = 200_000  # judged on the first characters; enough, and bounded in time

_TRUNCATED = ("unexpected end of data", "incomplete multibyte sequence", "truncated data")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# Letters of other scripts (Latin-1 and on, below CJK), not punctuation or full-width forms.
_FOREIGN = re.compile(r"[\u00c0-\u1fff]")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")  # what is left after removing it is the hanzi (4× faster than findall)
_HANZI_OR_PRIVATE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\ue000-\uf8ff]")


class ReadError(Exception):
    """A file that cannot be read as a gazette; `str()` names the file and the reason."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}：{reason}")

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        return ReadError, (self.path, self.reason)  # pickled back from a worker process (ingest --jobs)


def read_source(path: str | os.PathLike[str]) -> SourceText:
    p = Path(path)
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(p, "是目录，不是文件")
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(p, "不是普通文件")
        with p.open("rb") as f:
            limit = _size_limit(f.read(SNIFF_BYTES))
            if st.st_size > limit:
                raise ReadError(p, _too_large(st.st_size, limit))
            f.seek(0)
            data = f.read(limit + 1)  # bounded even if the file grows meanwhile
    except FileNotFoundError:
        raise ReadError(p, "符号链接已断开（目标不存在）" if p.is_symlink() else "文件不存在") from None
    except NotADirectoryError:
        raise ReadError(p, "文件不存在（路径中的上级不是目录）") from None
    except PermissionError:
        raise ReadError(p, "没有读取权限") from None
    except IsADirectoryError:
        raise ReadError(p, "是目录，不是文件") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise ReadError(p, "符号链接循环") from None
        raise ReadError(p, f"无法读取（{err.strerror or err}）") from None
    return decode_bytes(data, name=p.name, path=str(p))


def file_sha256(path: str | os.PathLike[str]) -> str | None:
    """The SHA-256 of a regular file's bytes (the `sha256` its SourceText will have); None when it
    cannot be read, which reading it will then say."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block an open()
            return None
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def decode_bytes(data: bytes, *, name: str, path: str | None = None) -> SourceText:
    path = path or name
    if len(data) > (limit := _size_limit(data[:SNIFF_BYTES])):
        raise ReadError(path, _too_large(len(data), limit))
    if is_pdf(data):
        return read_pdf(data, name=name, path=path)
    if data.startswith(ZIP_MAGIC):
        if is_docx(data):
            return read_docx(data, name=name, path=path)
        raise ReadError(path, "是 ZIP 压缩包，不是公报（应为 PDF、DOCX 或文本）")
    if is_html(data):
        return read_html(data, name=name, path=path)
    if not data:
        raise ReadError(path, "空文件")
    if not data.strip():
        raise ReadError(path, "空文件（只有空白）")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and b"\x00" in data[:65536]:
        raise ReadError(path, "二进制文件（含 NUL 字节），不是文本")
    text, encoding, warnings = _decode(data, path)
    # A second byte-order mark (tools that add one unconditionally) is no part of the text.
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        bom = "字节顺序标记和" if data.startswith(_BOMS) else ""
        raise ReadError(path, f"空文件（只有{bom}空白）")
    controls = len(_CONTROLS.findall(text))
    if controls > CONTROL_RATIO_LIMIT * len(text):
        raise ReadError(path, f"二进制文件或损坏的文本（{controls} 个控制字符）")
    if controls:
        # A few stray control bytes (a NUL deep inside a text file) are damage, not text: marked, so
        # that no database refuses the text and nothing is silently lost.
        text = _CONTROLS.sub("\ufffd", text)
        warnings.append(f"{path}：{controls} 个控制字符（NUL 等）已替换为 U+FFFD")
    cjk = len(_NOT_CJK.sub("", text))
    if cjk < CJK_RATIO_FLOOR * len(text.strip()):
        raise ReadError(path, f"没有中文内容（按 {encoding} 解码），不是公报")
    return SourceText(
        name=name,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=encoding,
        text=text.replace("\f", "\n"),
        warnings=tuple(warnings),
    )


def _decode(data: bytes, path: str) -> tuple[str, str, list[str]]:
    if data.startswith(codecs.BOM_UTF8):
        body = data[3:]
        found = _strict(body, "utf-8", path) or _lenient(body, "utf-8", path)
        if found is None:
            raise ReadError(path, "有 UTF-8 字节顺序标记，内容却不是有效的 UTF-8")
        return found[0], "utf-8-sig", found[2]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        found = _strict(data, "utf-16", path)
        if found is None:
            raise ReadError(path, "有 UTF-16 字节顺序标记，内容却不是有效的 UTF-16")
        return found
    found = _strict(data, "utf-8", path)
    if found is not None:
        if _FOREIGN.search(found[0]) and not _NOT_CJK.sub("", found[0]):
            # A few GB18030 bytes can be valid UTF-8 too (职 is D6 B0, a Hebrew point in UTF-8):
            # when UTF-8 gives only other scripts and GB18030 reads exactly as Chinese, it is meant.
            gb = _strict(data, "gb18030", path)
            if gb is not None and not gb[2] and _NOT_CJK.sub("", gb[0]):
                return gb
        return found
    suspect = None
    found = _strict(data, "gb18030", path)
    if found is not None:
        if not _misdecoded(found[0]):
            return found
        suspect = "按 GB18030 解码只得到生僻字（乱码）"
    # Damaged: the decoding with the fewest undecodable sequences, if it has few and reads as Chinese.
    salvaged = [f for f in (_lenient(data, codec, path) for codec in ("utf-8", "gb18030")) if f is not None]
    for found in sorted(salvaged, key=lambda f: f[0].count("\ufffd")):
        if not _misdecoded(found[0]):
            return found
    found = _strict(data, "big5", path)
    if found is not None and not _misdecoded(found[0], common=_common_big5_hanzi()):
        text, _, warnings = found
        return text, "big5", [*warnings, f"{path}：按 Big5 解码（不是 UTF-8 或 GB18030）"]
    best = from_bytes(data).best()
    if best is not None and best.encoding is not None and not _misdecoded(str(best)):
        return str(best), best.encoding, [f"{path}：按检测到的编码 {best.encoding} 解码"]
    first = _first_error(data, "utf-8")
    reason = f"无法识别文本编码：不是 UTF-8（第 {first} 字节无效）"
    reason += f"，且{suspect}" if suspect else "，也不是 GB18030 或其他已知编码"
    raise ReadError(path, reason)


def _strict(data: bytes, codec: str, path: str) -> tuple[str, str, list[str]] | None:
    """`data` decoded exactly, or cut before an incomplete last character (truncated download)."""
    try:
        return data.decode(codec), codec, []
    except UnicodeDecodeError as err:
        if err.reason not in _TRUNCATED or err.end != len(data):
            return None
        try:
            text = data[: err.start].decode(codec)
        except UnicodeDecodeError:
            return None
        dropped = len(data) - err.start
        return text, codec, [f"{path}：文件在一个字符中间截断，已丢弃最后 {dropped} 个字节"]


def _lenient(data: bytes, codec: str, path: str) -> tuple[str, str, list[str]] | None:
    """`data` with a few corrupt byte sequences replaced by U+FFFD, or None if there are many."""
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    if bad == 0 or bad > max(DAMAGE_MIN_ALLOWED, DAMAGE_RATIO_LIMIT * len(text)):
        return None
    first = _first_error(data, codec)
    return text, codec, [
        f"{path}：{bad} 处无法解码的字节已替换为 U+FFFD（首处在第 {first} 字节；按 {codec} 解码）"
    ]


def _first_error(data: bytes, codec: str) -> int | None:
    try:
        data.decode(codec)
    except UnicodeDecodeError as err:
        return err.start
    return None


def _misdecoded(text: str, common: frozenset[str] | None = None) -> bool:
    """True when the CJK characters of `text` are mostly rare ones: bytes read in the wrong encoding."""
    hanzi = _HANZI_OR_PRIVATE.findall(text, 0, MOJIBAKE_SAMPLE_CHARS)
    if len(hanzi) < MOJIBAKE_MIN_HANZI:
        return False
    common = _common_gb_hanzi() if common is None else common
    return sum(map(common.__contains__, hanzi)) < COMMON_HANZI_FLOOR * len(hanzi)


@cache
def _common_gb_hanzi() -> frozenset[str]:
    """The 6763 hanzi of GB2312 (rows 16–87): what simplified-Chinese official text is written in."""
    return _decodable("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))


@cache
def _common_big5_hanzi() -> frozenset[str]:
    """Big5's frequently used hanzi (A440–C67E) plus GB2312's: traditional or simplified text."""
    return _decodable("big5", range(0xA4, 0xC7), (*range(0x40, 0x7F), *range(0xA1, 0xFF))) | _common_gb_hanzi()


def _decodable(codec: str, leads: range, trails: range | tuple[int, ...]) -> frozenset[str]:
    out = set()
    for hi in leads:
        for lo in trails:
            try:
                out.add(bytes((hi, lo)).decode(codec))
            except UnicodeDecodeError:
                pass
    return frozenset(out)


def _size_limit(head: bytes) -> int:
    """The size a file may have, told from its first bytes: a PDF or DOCX (images inside) more."""
    return MAX_PDF_BYTES if is_pdf(head) or head.startswith(ZIP_MAGIC) else MAX_BYTES


def _too_large(size: int, limit: int | None = None) -> str:
    limit = MAX_BYTES if limit is None else limit
    return f"文件过大（{_human(size)}，上限 {_human(limit)}），不像一期公报"


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"
