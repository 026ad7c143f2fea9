"""`gongbao search` and `gongbao ask`: find the policy, show the passage, say whom to call."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from gongbao.cli import app, ui
from gongbao.cli.common import err_console
from gongbao.cli.store_commands import DbOption, store_at

if TYPE_CHECKING:
    from rich.text import Text  # imported where used, so that the CLI starts at once
    from gongbao.search import QueryError
    from gongbao.search.results import Hit

console = ui.console(highlight=False)


def _query_error(err: QueryError) -> typer.Exit:
    err_console.print(f"错误：{err}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@app.command("search")
def search_command(
    words: Annotated[list[str], typer.Argument(metavar="检索词…", help="检索词、问题，或任意写法的发文字号（如 吕政办发2021 50；或 50号 配合 --year）；不必加引号。", show_default=False)],
    db: DbOption = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="只检索该发文机关的文件（按原文写法，如 吕梁市人民政府办公室）。")] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="只检索该文种的文件（通知、批复 …）。")] = None,
    year: Annotated[int | None, typer.Option("--year", help="只检索该年份成文的文件。")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="只检索含有该单位任务的文件（可用任意别称）。")] = None,
    limit: Annotated[int, typer.Option("--limit", help="每页结果数（1-100）。")] = 10,
    page: Annotated[int, typer.Option("--page", help="结果页码，从 1 开始。")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 列表输出结果，最相关的在前。")] = False,
) -> None:
    """全文检索已入库的文件：高亮最相关的段落，附分面统计和分页。"""
    from gongbao.search import QueryError, search

    query = " ".join(words)
    if page < 1:
        raise typer.BadParameter("页码从1开始", param_hint="--page")
    with store_at(db) as store:
        try:
            results = search(store, query, issuer=issuer, doc_type=doc_type, year=year, unit=unit, limit=limit, offset=(page - 1) * limit)
        except QueryError as err:
            raise _query_error(err) from None
    if as_json:
        print(json.dumps([h.to_json() for h in results.hits], ensure_ascii=False, indent=1))
        return
    for notice in results.notices:
        err_console.print(f"提示：{notice}", markup=False, highlight=False)
    if not results.hits:
        if results.total:
            pages = -(-results.total // limit)
            console.print(f"共{results.total}个文件匹配，第{page}页已超出最后一页（共{pages}页）", markup=False)
        else:
            console.print(f"没有找到与“{results.query}”相关的文件", markup=False)
        return
    first = results.offset + 1
    console.print(f"共{results.total}个文件匹配；第{first}–{results.offset + len(results.hits)}个：", markup=False)
    for i, hit in enumerate(results.hits, first):
        console.print(_hit_text(i, hit))
    facets = "  ".join(
        f"{label}: " + "、".join(f"{f.value}({f.count})" for f in results.facets[name][:5])
        for name, label in (("issuer", "发文机关"), ("doc_type", "文种"), ("year", "年份"), ("unit", "责任单位"))
        if results.facets.get(name)
    )
    console.print(ui.Text(facets, style="dim"))


def _hit_text(i: int, hit: Hit) -> Text:
    out = ui.Text()
    out.append(f"{i}. ", style="bold")
    out.append(f"{hit.doc_number or '（无文号）'}  ", style="bold cyan")
    out.append(hit.title or "", style="bold")
    out.append(f"\n   {hit.source} 第{hit.line_start}–{hit.line_end}行" + (f" · {hit.path}" if hit.path else "") + "\n   ", style="dim")
    passage = ui.Text(hit.passage.replace("\n", " "))
    for start, end in hit.highlights:
        passage.stylize("bold yellow", start, end)
    out.append_text(passage)
    return out


@app.command("ask")
def ask_command(
    words: Annotated[list[str], typer.Argument(metavar="问题…", help="用中文提问：市区公交免费吗？ 清洁取暖补贴找谁咨询？不必加引号。", show_default=False)],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 格式输出答案。")] = False,
) -> None:
    """给出抽取式答案，附出处文件、大纲位置、行号及政策咨询联系方式。"""
    from gongbao.search import QueryError, ask

    with store_at(db) as store:
        try:
            found = ask(store, " ".join(words))
        except QueryError as err:
            raise _query_error(err) from None
    if as_json:
        print(json.dumps(found.to_json(), ensure_ascii=False, indent=1))
        return
    if found.reading:
        console.print(ui.Text(found.reading, style="dim"))
    if not found.answer:
        console.print(f"没有找到可靠的答案：{found.reason}", markup=False)
        if found.alternatives:
            console.print("可能相关的文件：", markup=False)
            for alt in found.alternatives:
                console.print(f"  {alt['doc_number'] or ''}  {alt['title'] or ''}", markup=False)
        return
    console.print(ui.Text(found.answer, style="bold"))
    console.print(f"出处：{found.doc_number or ''}《{found.title or ''}》 第{found.line_start}–{found.line_end}行" + (f" · {found.path}" if found.path else ""), markup=False)
    for contact in found.consultation:
        console.print(f"政策咨询：{contact['unit']} {contact['phone']}", markup=False)
