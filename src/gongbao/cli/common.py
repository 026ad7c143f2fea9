"""Helpers shared by the CLI commands: parsing a batch of files with progress and clear errors."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongbao.models import ParsedFile

err_console = Console(stderr=True)


GAZETTE_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a directory stands for the gazette files directly inside it (by suffix:
    .txt, .md, .pdf, .docx, .html, .htm), broken links among them too, so that they are reported, not skipped."""
    out: list[Path] = []
    for p in paths:
        try:
            entries = sorted(p.iterdir()) if p.is_dir() else None
        except OSError:
            entries = None  # an unreadable directory: reading it reports why
        if entries is None:
            out.append(p)
            continue
        out.extend(q for q in entries if q.suffix.lower() in GAZETTE_SUFFIXES and not q.is_dir())
    return out


def parse_batch(paths: Sequence[Path], failures: list[str], *, progress: bool = True) -> Iterator[ParsedFile]:
    """Parse each file; a bad file is reported on stderr and added to `failures`, never fatal."""
    from gongbao.pipeline import parse_file
    from gongbao.read import ReadError, ocr

    files = expand(paths)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not progress,
        transient=True,
        redirect_stdout=False,  # stdout carries the data (`gongbao parse … > out.jsonl`)
        redirect_stderr=False,
    ) as bar:
        task = bar.add_task("parsing", total=len(files), visible=len(files) > 1)
        for path in files:
            bar.update(task, description=f"parsing {escape(path.name)}")
            pages: list[TaskID] = []

            def on_ocr(done: int, total: int, name: str = path.name, pages: list[TaskID] = pages) -> None:
                if not pages:  # OCR takes seconds a page: a bar of its own
                    pages.append(bar.add_task(f"OCR {escape(name)}（扫描页识别）", total=total))
                bar.update(pages[0], completed=done, total=total)

            ocr.set_progress(on_ocr)
            try:
                parsed = parse_file(path)
            except ReadError as err:
                failures.append(str(err))
                # One line per file, verbatim: no wrapping, and a "[draft]" in a name is not markup.
                err_console.print(f"[red]error[/red] {escape(str(err))}", highlight=False, soft_wrap=True)
            else:
                for warning in parsed.warnings:
                    err_console.print(f"[yellow]warning[/yellow] {escape(warning)}", highlight=False, soft_wrap=True)
                yield parsed
            finally:
                ocr.set_progress(None)
                for page_task in pages:
                    bar.remove_task(page_task)
            bar.advance(task)
