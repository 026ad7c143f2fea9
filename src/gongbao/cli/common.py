"""Helpers shared by the CLI commands: parsing a batch of files with progress and clear errors."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from gongbao.cli import ui

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID
    from rich.table import Table

    from gongbao.models import ParsedFile

T = TypeVar("T")
err_console = ui.console(stderr=True)
out_console = ui.console(highlight=False)

# What the CLI says of a unit's kind (extract.orgs) and of a citation's relation (extract.citations).
KIND_NAMES = {"government": "政府", "department": "部门", "party": "党委", "court": "法院检察院", "enterprise": "企业",
              "bank": "银行", "regulator": "监管机构", "county": "县（市、区）", "zone": "开发区", "collective": "统称",
              "office": "办公室", "unlisted": "未列入名录"}  # fmt: skip
RELATION_NAMES = {"answers": "答复", "implements": "贯彻落实", "amends": "修改", "repeals": "废止", "replaces": "替代", "cites": "引用"}


def print_table(table: Table) -> None:
    """A table on a terminal; tab-separated lines, header first, when the output is a pipe or a
    file (rich would assume 80 columns there and cut or wrap every cell)."""
    if out_console.is_terminal:
        out_console.print(table)
        return
    columns = table.columns
    print("\t".join(_cell_text(c.header) for c in columns))
    for row in zip(*(list(c.cells) for c in columns), strict=True):
        print("\t".join(_cell_text(cell) for cell in row))


def _cell_text(cell: object) -> str:
    text = cell.plain if isinstance(cell, ui.Text) else str(cell)
    return " ".join(text.replace("\t", " ").split("\n"))


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


def parse_batch(
    paths: Sequence[Path], failures: list[str], *, progress: bool = True, jobs: int = 1, known: Callable[[Path], T | None] | None = None
) -> Iterator[Iterator[ParsedFile] | T]:
    """Each file parsed, in order, as its parts (pipeline.parse_parts: one, or a window's each
    for a text file too large to hold). A bad file is reported on stderr and added to
    `failures`, never fatal: found before its first part, it is skipped; found in a later part,
    the ReadError is raised from the parts, after being reported, for the caller to drop what it
    made of the file's first parts and go on. With `jobs` > 1 files are parsed in that many
    worker processes while the caller (one writer) takes the results in order; a large text
    file is parsed here, as it is stored. A file for which `known` gives something (the store's
    word that it holds the file as it is) is not parsed: that is given in its place."""
    from gongbao.read import ReadError
    from gongbao.read.stream import is_large_text

    files = expand(paths)
    with ui.Progress(
        ui.TextColumn("[progress.description]{task.description}"),
        ui.BarColumn(),
        ui.MofNCompleteColumn(),
        ui.TimeElapsedColumn(),
        console=err_console.rich,
        disable=not progress,
        transient=True,
        redirect_stdout=False,  # stdout carries the data (`gongbao parse … > out.jsonl`)
        redirect_stderr=False,
    ) as bar:
        task = bar.add_task("parsing", total=len(files), visible=len(files) > 1)
        settled = {path: found for path in files if known is not None and (found := known(path)) is not None}
        streamed = {path for path in files if path not in settled and is_large_text(path)}
        whole = [path for path in files if path not in settled and path not in streamed]
        results = _parse_in_workers(whole, jobs) if jobs > 1 and len(whole) > 1 else (_parse_here(path, bar) for path in whole)
        for path in files:
            bar.update(task, description=f"parsing {ui.escape(path.name)}")
            if path in settled:
                yield settled[path]
            elif path in streamed:
                yield _reported(_parse_parts_here(path, bar), failures)
            else:
                outcome = next(results)
                if isinstance(outcome, ReadError):
                    _report_error(outcome, failures)
                else:
                    yield _reported(iter([outcome]), failures)
            bar.advance(task)


def _reported(parts: Iterator[ParsedFile], failures: list[str]) -> Iterator[ParsedFile]:
    from gongbao.read import ReadError

    try:
        for part in parts:
            for warning in part.warnings:
                report_warning(warning)
            yield part
    except ReadError as err:
        _report_error(err, failures)
        raise


def report_warning(warning: str) -> None:
    err_console.print(f"[yellow]警告[/yellow] {ui.escape(warning)}", highlight=False, soft_wrap=True)


def _report_error(err: Exception, failures: list[str]) -> None:
    failures.append(str(err))
    # One line per file, verbatim: no wrapping, and a "[draft]" in a name is not markup.
    err_console.print(f"[red]错误[/red] {ui.escape(str(err))}", highlight=False, soft_wrap=True)


def _parse_parts_here(path: Path, bar: Progress) -> Iterator[ParsedFile]:
    """A large text file's parts, parsed as they are asked for, the bytes read shown as a bar."""
    from gongbao.pipeline import parse_parts

    size = path.stat().st_size
    read = bar.add_task(f"{ui.escape(path.name)}（大文件，逐段解析）", total=size)
    try:
        for part in parse_parts(path, on_progress=lambda done: bar.update(read, completed=done)):
            yield part
    finally:
        bar.remove_task(read)


def _parse_here(path: Path, bar: Progress) -> ParsedFile | Exception:
    """Parse one file in this process, OCR progress (if any) as a bar of its own."""
    from gongbao.read import ocr

    pages: list[TaskID] = []

    def on_ocr(done: int, total: int) -> None:
        if not pages:  # OCR takes seconds a page: a bar of its own
            pages.append(bar.add_task(f"OCR {ui.escape(path.name)}（扫描页识别）", total=total))
        bar.update(pages[0], completed=done, total=total)

    ocr.set_progress(on_ocr)
    try:
        return _parse_or_error(path)
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
