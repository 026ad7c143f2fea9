"""Stage 1 — read: bytes on disk → decoded text, or a clear ReadError naming file and reason.

Gazettes arrive as UTF-8 (with or without BOM) or as GB18030/GBK from older Windows tools. We try
the strict decodings we expect first (cheap and exact), then let charset-normalizer judge.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from charset_normalizer import from_bytes

from gongbao.models import SourceText

MAX_BYTES = 64 * 1024 * 1024  # a gazette issue is ~0.1–1 MB; 64 MB is surely not one
CONTROL_RATIO_LIMIT = 0.01
CJK_RATIO_FLOOR = 0.05


class ReadError(Exception):
    """A file that cannot be read as a gazette; `str()` names the file and the reason."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def read_source(path: str | os.PathLike[str]) -> SourceText:
    p = Path(path)
    try:
        if p.is_dir():
            raise ReadError(p, "is a directory, not a file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(p, f"too large ({size / 1e6:.0f} MB > {MAX_BYTES / 1e6:.0f} MB limit)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReadError(p, "no such file") from None
    except PermissionError:
        raise ReadError(p, "permission denied") from None
    except IsADirectoryError:
        raise ReadError(p, "is a directory, not a file") from None
    return decode_bytes(data, name=p.name, path=str(p))


def decode_bytes(data: bytes, *, name: str, path: str | None = None) -> SourceText:
    path = path or name
    if not data.strip():
        raise ReadError(path, "empty file")
    if b"\x00" in data[:65536]:
        raise ReadError(path, "binary file (contains NUL bytes), not text")
    text, encoding, warnings = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f")
    if controls > CONTROL_RATIO_LIMIT * len(text):
        raise ReadError(path, f"binary or corrupt text ({controls} control characters)")
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < CJK_RATIO_FLOOR * len(text.strip()):
        raise ReadError(path, f"no Chinese text found (decoded as {encoding}); not a gazette")
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
    if data.startswith(b"\xef\xbb\xbf"):
        return _utf8(data[3:], path, "utf-8-sig")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        # A UTF-8 file cut mid-character (truncated download) fails only in its last 3 bytes.
        if err.start >= len(data) - 3 and err.reason in ("unexpected end of data",):
            text = data[: err.start].decode("utf-8")
            return text, "utf-8", [f"{path}: truncated in the middle of a character; last bytes dropped"]
    try:
        return data.decode("gb18030"), "gb18030", []
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReadError(path, "cannot detect the text encoding (not UTF-8, GB18030 or any known one)")
    return str(best), best.encoding, [f"{path}: decoded as {best.encoding} (detected)"]


def _utf8(data: bytes, path: str, label: str) -> tuple[str, str, list[str]]:
    try:
        return data.decode("utf-8"), label, []
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3:
            return data[: err.start].decode("utf-8"), label, [f"{path}: truncated mid-character"]
        raise ReadError(path, f"invalid UTF-8 after a UTF-8 byte-order mark (byte {err.start})") from None
