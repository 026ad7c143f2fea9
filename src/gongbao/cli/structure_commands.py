"""`gongbao show`: a stored document's GB/T 9704 card and its outline as a tree."""

from __future__ import annotations

from typing import Annotated, Any, TYPE_CHECKING

import typer

from gongbao.cli import app, ui
from gongbao.cli.store_commands import DbOption, find_documents, store_at

if TYPE_CHECKING:
    from rich.tree import Tree


console = ui.console(highlight=False)
HEADING_CHARS = 60


@app.command()
def show(
    words: Annotated[list[str], typer.Argument(metavar="发文字号…", help="发文字号，任意写法均可，不必加引号：吕政发〔2024〕4号、吕政发[2024]4 号、吕政发2024 4 …", show_default=False)],
    db: DbOption = None,
    depth: Annotated[int, typer.Option("--depth", help="显示的大纲层级数。", min=1)] = 6,
) -> None:
    """以缩进树形式显示已入库文件的大纲。"""
    doc_number = " ".join(words)
    with store_at(db) as store:
        docs = find_documents(store, doc_number)
    if not docs:
        console.print(f"未找到发文字号为 {doc_number} 的文件", markup=False)
        raise typer.Exit(code=1)
    for doc in docs:
        tree = ui.Tree(ui.Text(f"{doc['doc_number']}  {doc['title']}", style="bold"))
        facts = f"{doc['source']} 第{doc['line_start']}–{doc['line_end']}行 · 成文日期 {doc['signed_date'] or '—'}"
        tree.add(ui.Text(facts, style="dim"))
        for node in doc.get("outline") or []:
            _add(tree, node, depth)
        for n, table in enumerate(doc.get("tables") or [], 1):
            tree.add(ui.Text(f"表{n} {table.get('title') or ''} ({len(table['rows'])} 行 × {len(table['header'])} 列, 第{table['line_start']}行)", style="cyan"))
        console.print(tree)


def _add(parent: Tree, node: dict[str, Any], depth: int) -> None:
    if depth <= 0:
        return
    heading = node.get("heading") or node.get("text", "")[:HEADING_CHARS]
    label = ui.Text(f"{node.get('number') or ''} {heading[:HEADING_CHARS]}".strip())
    label.append(f"  {node['line_start']}", style="dim")
    for flag in node.get("flags") or []:
        label.append(f"  ⚠ {flag}", style="yellow")
    branch = parent.add(label)
    for child in node.get("children") or []:
        _add(branch, child, depth - 1)
