"""`gongbao ingest` / `gongbao export` / `gongbao list`: the store."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from gongbao.cli import app, ui
from gongbao.cli.common import default_jobs, err_console, parse_batch, print_table, report_warning

if TYPE_CHECKING:
    from sqlalchemy.exc import SQLAlchemyError

    from gongbao.store import Store

console = ui.console(highlight=False)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="数据库 URL（默认：$GONGBAO_DB，未设置时为 sqlite:///gongbao.db）。", show_default=False),
]

STATUS_WORDS = {"added": "新增", "unchanged": "未变", "new-version": "新版本"}
KIND_WORDS = {"documents": "份文件", "tasks": "项任务", "targets": "项指标"}


@contextmanager
def store_at(db: str | None, *, create: bool = False) -> Iterator[Store]:
    """The store, with database trouble reported in one line instead of a traceback. Unless
    `create`, an SQLite file that does not exist is an error: a mistyped path would otherwise
    make an empty database and report nothing found."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from gongbao.store import open_store, resolve_url

    try:
        url = resolve_url(db)
    except ArgumentError as err:  # malformed URL
        raise typer.BadParameter(str(err), param_hint="--db") from None
    if not create and url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") and not Path(url.database).exists():
        err_console.print(f"错误：数据库文件不存在：{url.database}（先用 gongbao ingest 建库，或检查 --db）", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(code=1)
    try:
        store = open_store(db)
    except ArgumentError as err:  # malformed URL, unknown dialect or driver
        raise typer.BadParameter(str(err), param_hint="--db") from None
    except SQLAlchemyError as err:
        _database_error(resolve_url(db).render_as_string(hide_password=True), err)
    try:
        yield store
    except SQLAlchemyError as err:
        _database_error(store.url, err)
    finally:
        store.close()


def find_documents(store: Store, doc_number: str) -> list[dict[str, Any]]:
    """The current documents a 文号 names, written any way search understands it too
    (吕政发〔2024〕4号, 吕政发2024 4, 吕政发 2024 4号)."""
    if docs := store.find(doc_number):
        return docs
    from gongbao.search import documents_named
    from gongbao.store import reads

    return [d for d in (reads.document(store, i) for i in documents_named(store, doc_number)[:1]) if d]


def _database_error(url: str, err: SQLAlchemyError) -> NoReturn:
    reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
    err_console.print(f"错误：数据库 {url}：{reason}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="公报文件，或目录（取其中的 .txt .md .pdf .docx .html 文件）。")],
    db: DbOption = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, max=64, help="并行解析的进程数（默认：CPU 核数）；由单个写入进程入库。", show_default=False)] = None,
) -> None:
    """解析 FILES 并将其中的文件存入数据库；重复导入未变更的源文件不会新增任何内容。"""
    from gongbao.read import ReadError, file_sha256
    from gongbao.store import IngestResult

    failures: list[str] = []
    with store_at(db, create=True) as store:

        def stored_as_is(path: Path) -> IngestResult | None:  # re-ingesting a folder parses only what changed
            sha256 = file_sha256(path)
            return store.unchanged(path.name, sha256) if sha256 is not None else None

        for item in parse_batch(files, failures, jobs=jobs or default_jobs(), known=stored_as_is):
            if isinstance(item, IngestResult):
                r = item
            else:
                try:
                    r = store.ingest_parts(item)  # one transaction per file: what is printed is committed
                except ReadError:
                    continue  # reported by parse_batch; the file's transaction is rolled back
            # print(), not rich: a file name like "[draft].txt" must come out verbatim, unwrapped.
            print(f"{STATUS_WORDS[r.status]}　{r.source}（第{r.version}版，{r.documents}份文件）", flush=True)
            for warning in r.warnings:
                report_warning(warning)
    if failures:
        raise typer.Exit(code=1)


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


class ExportKind(str, Enum):
    documents = "documents"
    tasks = "tasks"
    targets = "targets"


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="jsonl：每行一个 JSON 对象；csv：每份文件一行（带 BOM，便于 Excel 打开）；xlsx：文件、任务、指标和正文各一个工作表（须配合 --output）。"),
    ] = ExportFormat.jsonl,
    kind: Annotated[ExportKind, typer.Option("--kind", help="用于 csv：每份文件、每项任务或每项指标一行。")] = ExportKind.documents,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入此文件，而非标准输出。", show_default=False)] = None,
    text: Annotated[
        bool | None,
        typer.Option("--text/--no-text", help="包含文件主体（正文、大纲、表格）。默认：jsonl 包含，csv 不包含。", show_default=False),
    ] = None,
    tables: Annotated[
        Path | None,
        typer.Option("--tables", help="改为将每张表格各写成一个 CSV 文件，存入此目录。", show_default=False),
    ] = None,
) -> None:
    """导出已入库的当前版本文件（在解析字段之外另加 id、version 和 sha256）。"""
    if tables is not None:
        with store_at(db) as store:
            from gongbao.store.export import write_table_csvs

            written = write_table_csvs(store.iter_documents(current_only=True, text=True), tables)
        err_console.print(f"已写出{written}张表到 {tables}", markup=False, highlight=False, soft_wrap=True)
        return
    if format is ExportFormat.xlsx:
        if output is None:
            err_console.print("错误：xlsx 须用 --output 指定文件", highlight=False)
            raise typer.Exit(code=2)
        with store_at(db) as store:
            counts = store.export_xlsx(output)
        err_console.print("已导出 " + "，".join(f"{name}{n}行" for name, n in counts.items()) + f" 到 {output}", markup=False, highlight=False, soft_wrap=True)
        return
    from gongbao.store.export import check_export

    try:
        check_export(format.value, kind.value)
    except ValueError as err:
        err_console.print(f"错误：{err}", highlight=False)
        raise typer.Exit(code=2) from None
    with store_at(db) as store:
        if output is None:
            count = store.export(sys.stdout, format.value, text=text, kind=kind.value)
        else:
            # newline="": the csv module writes its own line ends and quotes those inside cells.
            with output.open("w", encoding="utf-8", newline="") as out:
                count = store.export(out, format.value, text=text, kind=kind.value)
    err_console.print(f"已导出{count}{KIND_WORDS[kind.value]}" + (f"到 {output}" if output else ""), markup=False, highlight=False, soft_wrap=True)




@app.command("versions")
def versions_command(
    words: Annotated[list[str], typer.Argument(metavar="发文字号…", help="发文字号（任意写法，不必加引号）或文件 id。", show_default=False)],
    diff: Annotated[
        tuple[int, int] | None,
        typer.Option("--diff", help="两个版本之间的逐词差异（按版本号，如 --diff 1 2）。", show_default=False),
    ] = None,
    mark: Annotated[
        int | None,
        typer.Option("--mark", help="将此版本设为当前版本，不论之后再导入什么（0：恢复为最新版本）。", show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """列出一份文件的各个版本（不论来自哪些源文件）；加 --diff 显示改动之处；加 --mark 指定当前版本。"""
    document = " ".join(words)
    with store_at(db) as store:
        if mark is not None and store.mark_current(document, mark or None) is None:
            err_console.print(f"未找到文件或版本：{ui.escape(document)} 第{mark}版", highlight=False, soft_wrap=True)
            raise typer.Exit(code=1)
        head, found = store.versions(document)
        if head is None:
            err_console.print(f"未找到文件：{ui.escape(document)}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=1)
        if diff is None:
            console.print(ui.Text(f"{head['doc_number'] or ''} {head['title'] or ''}".strip()))
            for v in found:
                label = ("当前（指定）" if v["marked"] else "当前") if v["is_current"] else ""
                files = "；".join(f"{f['source']}（第{f['file_version']}版，{(f['ingested_at'] or '')[:19]}）" for f in v["files"])
                console.print(ui.Text(f"版本{v['version']} {label:<2} 文件：{files}"))
            return
        texts = {v["version"]: v["document_id"] for v in found}
        missing = [n for n in diff if n not in texts]
        if missing:
            raise typer.BadParameter(f"没有版本 {missing[0]}（共 {len(found)} 个版本）", param_hint="--diff")
        old, new = (store.document_text(texts[n]) or "" for n in diff)
    out = ui.Text()
    from gongbao.store.identity import word_diff

    for op, words in word_diff(old, new):
        if op == "=":
            out.append(words)
        elif console.is_terminal:
            out.append(words, style="red strike" if op == "-" else "green underline")
        else:  # a pipe or a file: marked as `git diff --word-diff` does
            out.append(f"[-{words}-]" if op == "-" else f"{{+{words}+}}")
    console.print(out, soft_wrap=True)


@app.command("list")
def list_command(db: DbOption = None) -> None:
    """以表格列出已入库的当前版本文件。"""
    with store_at(db) as store:
        docs = store.documents(current_only=True, text=False)
        url = store.url
    # The identifying columns stay whole; title (cut) and contact (wrapped) share what is left.
    table = ui.Table(expand=True)
    table.add_column("source", no_wrap=True)
    table.add_column("文号", no_wrap=True)
    table.add_column("成文日期", no_wrap=True)
    table.add_column("标题", no_wrap=True, overflow="ellipsis", ratio=3)
    table.add_column("政策咨询", ratio=2)
    for doc in docs:
        contact = "\n".join(f"{c['unit']} {c['phone']}" for c in doc["consultation"])
        cells = (doc["source"], doc["doc_number"] or "", doc["signed_date"] or "", doc["title"] or "", contact)
        table.add_row(*map(ui.Text, cells))  # Text, not str: a "[...]" in the data is not rich markup
    if docs:
        print_table(table)
    sources = len({d["source"] for d in docs})
    console.print(f"共{len(docs)}份文件，来自{sources}个源文件（{url}）", markup=False, soft_wrap=True)
