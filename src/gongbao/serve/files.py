"""Files over HTTP: uploads read within their size limit, downloads that never run as this site."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import UploadFile
from fastapi.responses import Response

from gongbao.serve.service import Invalid


def read_limited(file: UploadFile, limit: int) -> bytes:
    """An upload's bytes, refused (Invalid) beyond `limit` without reading much further."""
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise Invalid(f"文件“{file.filename}”超过{limit // (1024 * 1024)}MB上限")
    return data


def attachment(name: str) -> str:
    """A Content-Disposition for a download named in Chinese (RFC 6266: an ASCII fallback and the
    UTF-8 name)."""
    fallback = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def download(name: str, media_type: str, data: bytes) -> Response:
    """A stored user file as a download, sandboxed and not sniffed: it must not run as this site."""
    headers = {"Content-Disposition": attachment(name), "Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"}
    return Response(data, media_type=media_type, headers=headers)
