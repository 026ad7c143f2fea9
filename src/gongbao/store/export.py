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


# -- for spreadsheets: Excel opens CSV with a BOM as UTF-8; one sheet (or CSV) per kind of row ----

BOM = "\ufeff"  # without it, Excel on Chinese Windows reads UTF-8 CSV as GBK: mojibake
EXCEL_CELL_CHARS = 32_767  # Excel's limit for one cell; longer text is split over rows
TASK_COLUMNS = ["任务编号", "状态", "进度", "发文字号", "文件标题", "序号", "任务", "责任单位", "牵头单位", "配合单位",
                "完成期限", "期限原文", "所在层级", "行号", "文件编号"]  # fmt: skip
TARGET_COLUMNS = ["发文字号", "文件标题", "指标", "比较", "目标值", "目标原文", "单位", "目标年份", "基期值", "基期年份",
                  "年均增长", "属性", "范围", "来源", "行号", "文件编号"]  # fmt: skip
DOCUMENT_COLUMNS = ["文件编号", "发文字号", "标题", "发文机关", "文种", "主送机关", "成文日期", "公开属性", "政策咨询",
                    "附件", "公报", "来源文件", "起止行", "任务数", "指标数", "版本", "sha256"]  # fmt: skip
BODY_COLUMNS = ["文件编号", "发文字号", "段落", "续", "正文"]


def task_rows(docs: Iterable[dict[str, Any]], ledger: dict[tuple[int, int], dict[str, Any]]) -> Iterable[list[Any]]:
    """A row per task of each document, with its ledger id, status and progress when tracked."""
    for doc in docs:
        for position, t in enumerate(doc.get("tasks") or []):
            state = ledger.get((doc["id"], position), {})
            yield [state.get("id"), state.get("status"), state.get("progress"), doc.get("doc_number"), doc.get("title"),
                   t.get("no"), t["text"], "、".join(t["units"]), "、".join(t["lead_units"]), "、".join(t.get("cooperating_units") or []),
                   t.get("deadline"), t.get("deadline_text"), t.get("node"), f"{t['line_start']}-{t['line_end']}", doc["id"]]  # fmt: skip


def target_rows(docs: Iterable[dict[str, Any]]) -> Iterable[list[Any]]:
    for doc in docs:
        for t in doc.get("targets") or []:
            yield [doc.get("doc_number"), doc.get("title"), t["indicator"], t.get("comparator"), t.get("value"), t.get("value_text"),
                   t.get("unit"), t.get("year"), t.get("baseline"), t.get("baseline_year"), t.get("annual_growth"), t.get("attribute"),
                   t.get("scope"), t.get("source"), f"{t['line_start']}-{t['line_end']}", doc["id"]]  # fmt: skip


def document_rows(docs: Iterable[dict[str, Any]]) -> Iterable[list[Any]]:
    for doc in docs:
        gazette = doc.get("gazette") or {}
        issue = " ".join(str(x) for x in (gazette.get("name"), gazette.get("year"), gazette.get("number")) if x)
        yield [doc["id"], doc.get("doc_number"), doc.get("title"), doc.get("issuer"), doc.get("doc_type"), doc.get("recipients"),
               doc.get("signed_date"), "公开" if doc.get("public") else "不公开",
               "；".join(f"{c['unit']} {c['phone']}" for c in doc.get("consultation") or []),
               "；".join(f"{a['label']} {a['title']}".strip() for a in doc.get("attachments") or []),
               issue, doc.get("source"), f"{doc['line_start']}-{doc['line_end']}", len(doc.get("tasks") or []),
               len(doc.get("targets") or []), doc.get("version"), doc.get("sha256")]  # fmt: skip


def body_rows(docs: Iterable[dict[str, Any]]) -> Iterable[list[Any]]:
    """A row per paragraph of each document's text; a paragraph longer than a cell holds goes on
    over further rows (续 counts them), so no text is cut."""
    for doc in docs:
        paragraphs = [p for p in (doc.get("text") or "").split("\n") if p.strip()]
        for n, paragraph in enumerate(paragraphs, 1):
            for part, start in enumerate(range(0, len(paragraph), EXCEL_CELL_CHARS)):
                yield [doc["id"], doc.get("doc_number"), n, part, paragraph[start : start + EXCEL_CELL_CHARS]]


def check_export(format: str, kind: str) -> None:
    """Tasks and targets are rows of a spreadsheet: CSV or XLSX, not JSON lines (ValueError)."""
    if kind not in ("documents", "tasks", "targets"):
        raise ValueError(f"不能导出“{kind}”（可导出 documents、tasks、targets）")
    if kind != "documents" and format not in ("csv", "xlsx"):
        raise ValueError("任务和指标只能导出为 csv 或 xlsx")


def write_rows_csv(out: TextIO, header: list[str], rows: Iterable[list[Any]]) -> int:
    """A spreadsheet-ready CSV: a BOM, a Chinese header, one row per item."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        n += 1
    return n


def write_xlsx(out: Any, docs: list[dict[str, Any]], ledger: dict[tuple[int, int], dict[str, Any]]) -> dict[str, int]:
    """One workbook, a sheet per kind — 文件, 任务, 指标, 正文 — written as it goes (openpyxl's
    write-only mode). Returns the rows of each sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    counts = {}
    for name, header, rows in (
        ("文件", DOCUMENT_COLUMNS, document_rows(docs)),
        ("任务", TASK_COLUMNS, task_rows(docs, ledger)),
        ("指标", TARGET_COLUMNS, target_rows(docs)),
        ("正文", BODY_COLUMNS, body_rows(docs)),
    ):
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        bold = []
        for title in header:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        n = 0
        for row in rows:
            sheet.append([_excel_value(v) for v in row])
            n += 1
        counts[name] = n
    book.save(out)
    return counts


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _excel_value(value: Any) -> Any:
    if isinstance(value, str):
        # XML cannot hold control characters; a leading = + - @ would be read as a formula.
        value = _CONTROL.sub("\ufffd", value)[:EXCEL_CELL_CHARS]
        if value[:1] in ("=", "+", "-", "@"):
            value = "'" + value
    return value
