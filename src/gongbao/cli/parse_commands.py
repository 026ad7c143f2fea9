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
    files: Annotated[list[Path], typer.Argument(help="Gazette files (or directories of .txt/.md files).")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="jsonl: one document per line; json: one array.")] = OutputFormat.jsonl,
    text: Annotated[bool, typer.Option("--text/--no-text", help="Include each document's repaired text.")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="Parse in this many processes (output in file order).")] = 1,
) -> None:
    """Print one JSON object per official document (公文) found in FILES."""
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
