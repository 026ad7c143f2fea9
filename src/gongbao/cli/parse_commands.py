"""`gongbao parse`: files → JSON documents on stdout, no database."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from gongbao.cli import app
from gongbao.cli.common import parse_batch


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="公报文件，或目录（取其中的 .txt .md .pdf .docx .html 文件）。")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="jsonl：每行一份文件；json：整体为一个数组。")] = OutputFormat.jsonl,
    text: Annotated[bool, typer.Option("--text/--no-text", help="包含每份文件修复后的正文。")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="并行解析的进程数（输出仍按文件顺序）。")] = 1,
) -> None:
    """为 FILES 中找到的每份公文输出一个 JSON 对象。"""
    from gongbao.read import ReadError

    failures: list[str] = []
    docs = []
    for parts in parse_batch(files, failures, jobs=jobs):
        try:
            for parsed in parts:
                for doc in parsed.to_json():
                    if not text:
                        doc.pop("text", None)
                    if format is OutputFormat.jsonl:
                        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
                    else:
                        docs.append(doc)
        except ReadError:
            continue  # reported by parse_batch
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(docs, ensure_ascii=False, indent=1) + "\n")
    if failures:
        raise typer.Exit(code=1)
