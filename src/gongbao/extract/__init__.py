"""Stage 5 — extract: facts with provenance from structured documents (indicator tables so far)."""

from gongbao.extract.indicators import IndicatorRow, indicator_rows, indicator_tables

__all__ = ["IndicatorRow", "indicator_rows", "indicator_tables"]
