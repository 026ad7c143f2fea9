"""Stage 5 — extract: facts with provenance from structured documents."""

from gongbao.extract.indicators import IndicatorRow, indicator_rows, indicator_tables
from gongbao.extract.tasks import find_tasks, parse_deadline, parse_units
from gongbao.models import ParsedFile

__all__ = ["IndicatorRow", "extract", "find_tasks", "indicator_rows", "indicator_tables", "parse_deadline", "parse_units"]


def extract(parsed: ParsedFile) -> ParsedFile:
    for doc in parsed.documents:
        doc.tasks = find_tasks(doc)
    return parsed
