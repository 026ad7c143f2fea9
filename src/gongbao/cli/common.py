"""Helpers shared by the CLI commands: parsing a batch of files with progress and clear errors."""

from __future__ import annotations

import os
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


def parse_batch(paths: Sequence[Path], failures: list[str], *, progress: bool = True, jobs: int = 1) -> Iterator[ParsedFile]:
    """Parse each file, in order; a bad file is reported on stderr and added to `failures`, never
    fatal. With `jobs` > 1 the files are parsed in that many worker processes while the caller
    (one writer) takes the results in order."""
    from gongbao.read import ReadError

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
        results = _parse_in_workers(files, jobs) if jobs > 1 and len(files) > 1 else (_parse_here(path, bar) for path in files)
        for path, outcome in zip(files, results, strict=True):
            bar.update(task, description=f"parsing {escape(path.name)}")
            if isinstance(outcome, ReadError):
                failures.append(str(outcome))
                # One line per file, verbatim: no wrapping, and a "[draft]" in a name is not markup.
                err_console.print(f"[red]error[/red] {escape(str(outcome))}", highlight=False, soft_wrap=True)
            else:
                for warning in outcome.warnings:
                    err_console.print(f"[yellow]warning[/yellow] {escape(warning)}", highlight=False, soft_wrap=True)
                yield outcome
            bar.advance(task)


def _parse_here(path: Path, bar: Progress) -> ParsedFile | Exception:
    """Parse one file in this process, OCR progress (if any) as a bar of its own."""
    from gongbao.pipeline import parse_file
    from gongbao.read import ReadError, ocr

    pages: list[TaskID] = []

    def on_ocr(done: int, total: int) -> None:
        if not pages:  # OCR takes seconds a page: a bar of its own
            pages.append(bar.add_task(f"OCR {escape(path.name)}（扫描页识别）", total=total))
        bar.update(pages[0], completed=done, total=total)

    ocr.set_progress(on_ocr)
    try:
        return parse_file(path)
    except ReadError as err:
        return err
    finally:
        ocr.set_progress(None)
        for page_task in pages:
            bar.remove_task(page_task)


def _parse_in_workers(files: list[Path], jobs: int) -> Iterator[ParsedFile | Exception]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Results in file order; a few files ahead in flight per worker, not the whole batch in memory.
    # Spawned, not forked: the progress bar's thread must not be copied mid-lock into a child.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = []
        ahead = iter(files)
        for path in ahead:
            pending.append(pool.submit(_parse_or_error, path))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            yield pending.pop(0).result()
            if (path := next(ahead, None)) is not None:
                pending.append(pool.submit(_parse_or_error, path))


def _parse_or_error(path: Path) -> ParsedFile | Exception:
    from gongbao.pipeline import parse_file
    from gongbao.read import ReadError

    try:
        return parse_file(path)
    except ReadError as err:
        return err


def default_jobs() -> int:
    return os.cpu_count() or 1
