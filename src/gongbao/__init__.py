"""gongbao — Chinese municipal government gazettes (政府公报) as a structured policy base.

The public API is small: `parse_file`, `parse_text`, and `ReadError`; the store lives in
`gongbao.store`.
"""

from gongbao.pipeline import parse_bytes, parse_file, parse_text
from gongbao.read import ReadError

__all__ = ["ReadError", "parse_bytes", "parse_file", "parse_text"]
__version__ = "0.1.0"
