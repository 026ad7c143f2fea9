"""A text file too large to hold: read as a stream of windows of whole lines.

An archive of a year's gazettes printed to one text file runs to tens of megabytes. Such a file
is not decoded at once: its encoding is judged on its first megabyte (by the same rules as any
text file), its SHA-256 taken in one pass, and its text then handed out window by window, each
ending at a line break, decoded incrementally. The parse (pipeline.parse_parts) turns each window
into the documents it surely holds, so memory stays bounded by the window, not the file.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

STREAM_FROM = 8 * 1024 * 1024  # below this a text file is read whole, as ever
WINDOW_BYTES = 2 * 1024 * 1024  # bytes read per window
SAMPLE_BYTES = 1024 * 1024  # the encoding is judged on this much
MAX_STREAM_BYTES = 4 * 1024 * 1024 * 1024  # far beyond any archive; a bound on the database's growth
_NEWLINE = re.compile(r"\r\n?")


@dataclass(frozen=True)
class TextStream:
    """A large text file, its encoding judged and its hash taken, its text not yet read."""

    name: str
    path: str
    sha256: str
    size: int
    encoding: str  # as read.decode_bytes names it
    warnings: tuple[str, ...]

    def chunks(self, window_bytes: int | None = None) -> Iterator[tuple[str, list[str], int]]:
        """(text, warnings, bytes read so far) of about `window_bytes` each, every one but the last ending with a
        line break; undecodable bytes and control characters as read_source treats them."""
        from gongbao.read import CONTROL_RATIO_LIMIT, DAMAGE_MIN_ALLOWED, DAMAGE_RATIO_LIMIT, ReadError, _CONTROLS

        window_bytes = window_bytes or WINDOW_BYTES
        decoder = codecs.getincrementaldecoder(_codec(self.encoding))(errors="replace")
        offset = 0
        pending = ""  # text after the last line break of the window before
        with open(self.path, "rb") as f:
            while True:
                data = f.read(window_bytes)
                final = len(data) < window_bytes or offset + len(data) >= self.size
                text = pending + decoder.decode(data, final=final)
                # At the last line break; a file of bare carriage returns (old Mac) at the last of those.
                cut = len(text) if final else (text.rfind("\n") + 1 or text.rfind("\r") + 1)
                text, pending = text[:cut], text[cut:]
                text = _NEWLINE.sub("\n", text)
                warnings = []
                bad = text.count("\ufffd")
                if bad > max(DAMAGE_MIN_ALLOWED, DAMAGE_RATIO_LIMIT * len(text)):
                    raise ReadError(self.path, f"第 {offset} 字节之后无法按 {self.encoding} 解码（{len(data)} 字节中有 {bad} 处无法解码）")
                if bad:
                    warnings.append(f"{self.path}：{bad} 处无法解码的字节已替换为 U+FFFD（第 {offset} 字节之后；按 {self.encoding} 解码）")
                controls = len(_CONTROLS.findall(text))
                if controls > CONTROL_RATIO_LIMIT * len(text):
                    raise ReadError(self.path, f"第 {offset} 字节之后是二进制或损坏的文本（{controls} 个控制字符）")
                if controls:
                    text = _CONTROLS.sub("\ufffd", text)
                    warnings.append(f"{self.path}：{controls} 个控制字符（NUL 等）已替换为 U+FFFD（第 {offset} 字节之后）")
                offset += len(data)
                if final:
                    yield text.replace("\f", "\n"), warnings, offset
                    return
                if text:
                    yield text.replace("\f", "\n"), warnings, offset


def is_large_text(path: str | os.PathLike[str], stream_from: int | None = None) -> bool:
    """A text file of at least `stream_from` bytes, told by its size and first bytes: not a PDF,
    DOCX or web page, and not UTF-16 (read whole, as read_source does)."""
    from gongbao.read import SNIFF_BYTES, ZIP_MAGIC, _BOMS
    from gongbao.read.html import is_html
    from gongbao.read.pdf import is_pdf

    stream_from = STREAM_FROM if stream_from is None else stream_from
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size < stream_from:
            return False
        with open(path, "rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return False  # read_source names the reason
    return not (is_pdf(head) or head.startswith(ZIP_MAGIC) or is_html(head) or head.startswith(_BOMS[1:]))


def open_stream(path: str | os.PathLike[str], stream_from: int | None = None) -> TextStream | None:
    """The file as a TextStream if it is_large_text; else None (read whole, by read_source)."""
    from gongbao.read import CJK_RATIO_FLOOR, ReadError, _NOT_CJK, _decode, _human

    if not is_large_text(path, stream_from):
        return None
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_STREAM_BYTES:
            raise ReadError(p, f"文件过大（{_human(size)}，上限 {_human(MAX_STREAM_BYTES)}）")
        with p.open("rb") as f:
            sample = f.read(SAMPLE_BYTES)
            f.seek(0)
            digest = hashlib.file_digest(f, "sha256")
    except OSError as err:
        raise ReadError(p, f"无法读取（{err.strerror or err}）") from None
    whole_lines = sample[: sample.rfind(b"\n") + 1] or sample
    if b"\x00" in whole_lines[:65536]:
        raise ReadError(p, "二进制文件（含 NUL 字节），不是文本")
    text, encoding, warnings = _decode(whole_lines, str(p))
    if len(_NOT_CJK.sub("", text)) < CJK_RATIO_FLOOR * len(text.strip()):
        raise ReadError(p, f"没有中文内容（按 {encoding} 解码），不是公报")
    # Damage in the sample is found again, and said, when its window is read.
    warnings = [w for w in warnings if "U+FFFD" not in w]
    return TextStream(name=p.name, path=str(p), sha256=digest.hexdigest(), size=size, encoding=encoding, warnings=tuple(warnings))


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding in ("utf-8-sig", "utf-8") else encoding
