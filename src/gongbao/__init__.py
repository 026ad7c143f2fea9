"""gongbao — Chinese municipal government gazettes (政府公报) as a structured policy base.

The public API is small: `parse_file`, `parse_text`, `parse_parts` (a large file window by window),
and `ReadError`; the store lives in `gongbao.store`.
"""

from typing import TYPE_CHECKING, Any

__all__ = ["ReadError", "parse_bytes", "parse_file", "parse_parts", "parse_text"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from gongbao.pipeline import parse_bytes, parse_file, parse_parts, parse_text
    from gongbao.read import ReadError


def __getattr__(name: str) -> Any:
    # Imported on first use: `gongbao --help` and the store's commands need no parser (PEP 562).
    if name in ("parse_bytes", "parse_file", "parse_parts", "parse_text"):
        from gongbao import pipeline

        return getattr(pipeline, name)
    if name == "ReadError":
        from gongbao.read import ReadError

        return ReadError
    raise AttributeError(f"module 'gongbao' has no attribute {name!r}")
