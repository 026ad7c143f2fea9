"""Writing stored documents out: JSON Lines, or CSV with one row per document."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from collections.abc import Iterable
from typing import Any, TextIO

from gongbao.store.schema import BODY_FIELDS, PARSE_FIELDS

# The columns: the parser's output fields in its order, with the store's own around them.
CSV_FIELDS: list[str] = ["id", *PARSE_FIELDS, "version", "sha256"]


def write_jsonl(out: TextIO, docs: Iterable[dict[str, Any]]) -> int:
    n = 0
    for doc in docs:
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(out: TextIO, docs: Iterable[dict[str, Any]], *, text: bool = False) -> int:
    """One row per document. Lists and objects (consultation, attachments, gazette, original,
    warnings, outline, tables) and booleans are JSON text in their cell; None is an empty cell.
    Without `text` the body fields (text, outline, tables) are left out."""
    fields = CSV_FIELDS if text else [f for f in CSV_FIELDS if f not in BODY_FIELDS]
    # "\n" ends rows on every platform; newlines inside a cell are quoted by the csv module.
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for doc in docs:
        writer.writerow({k: csv_cell(v) for k, v in doc.items()})
        n += 1
    return n


def csv_cell(value: Any) -> str | int:
    if value is None:
        return ""
    if isinstance(value, (bool, list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff〔〕.-]+")


def write_table_csvs(docs: Iterable[dict[str, Any]], directory: Path) -> int:
    """Each table of each document as `<source>_<文号>_<n>.csv`: its header, then its rows (with the
    group each row is under, when the table has groups). Returns how many files were written."""
    directory.mkdir(parents=True, exist_ok=True)
    n = 0
    for doc in docs:
        for k, table in enumerate(doc.get("tables") or [], 1):
            stem = "_".join(part for part in (Path(doc["source"]).stem, doc.get("doc_number") or f"doc{doc.get('id', '')}", str(k)) if part)
            groups = table.get("groups") or []
            with_groups = any(groups)
            with (directory / f"{_UNSAFE.sub('_', stem)}.csv").open("w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow((["分组"] if with_groups else []) + table["header"])
                for row, group in zip(table["rows"], groups or [None] * len(table["rows"])):
                    writer.writerow(([group or ""] if with_groups else []) + row)
            n += 1
    return n
