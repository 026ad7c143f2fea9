"""`gongbao tasks` and `gongbao orgs`: who must do what by when, across the stored documents."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from typing import Annotated, Any

import typer

from gongbao.cli import app, ui
from gongbao.cli.common import KIND_NAMES, RELATION_NAMES, err_console, print_table
from gongbao.cli.store_commands import DbOption, find_documents, store_at


console = ui.console(highlight=False)


def _stored_tasks(db: str | None) -> list[dict[str, Any]]:
    """Every task of the current documents, with its document's 文号, title and source."""
    with store_at(db) as store:
        docs = store.documents(current_only=True, text=False)
    out = []
    for doc in docs:
        for task in doc.get("tasks") or []:
            out.append({**task, "doc_number": doc["doc_number"], "doc_title": doc["title"], "source": doc["source"]})
    return out


@app.command()
def tasks(
    db: DbOption = None,
    unit: Annotated[str | None, typer.Option("--unit", help="只列出涉及该单位的任务（可用任意别称：市发改委、市发展和改革委员会 …）。")] = None,
    due_before: Annotated[str | None, typer.Option("--due-before", help="只列出在此日期之前到期的任务（YYYY-MM-DD）。")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列出已过期限的任务。")] = False,
    today: Annotated[str | None, typer.Option("--today", help="判断是否逾期所依据的日期（默认：今天）。")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON Lines 格式输出任务（每行一项）。")] = False,
) -> None:
    """按期限列出已入库文件中的任务。"""
    from gongbao.extract.orgs import OrgRegistry, names_unit

    orgs = OrgRegistry.default()
    wanted = orgs.canonical_id(unit) or unit if unit else None
    limit = _date(due_before, "--due-before") if due_before else None
    now = _date(today, "--today") if today else dt.date.today()
    rows = []
    for task in _stored_tasks(db):
        if wanted and not names_unit(task, wanted):
            continue
        deadline = dt.date.fromisoformat(task["deadline"]) if task.get("deadline") else None
        if limit and not (deadline and deadline < limit):
            continue
        if overdue and not (deadline and deadline < now):
            continue
        rows.append((deadline or dt.date.max, task))
    rows.sort(key=lambda r: (r[0], r[1]["doc_number"] or "", r[1]["line_start"]))
    if as_json:
        for _, task in rows:
            print(json.dumps(task, ensure_ascii=False))
        return
    table = ui.Table(expand=True)
    for name, opts in (("期限", {"no_wrap": True}), ("文号", {"no_wrap": True}), ("编号", {"no_wrap": True}),
                       ("任务", {"ratio": 3, "overflow": "ellipsis", "no_wrap": True}), ("牵头", {"ratio": 1}), ("责任单位", {"ratio": 2})):
        table.add_column(name, **opts)
    for deadline, task in rows:
        late = deadline < now if deadline != dt.date.max else False
        when = ui.Text(task.get("deadline_text") or "—", style="red" if late else "")
        table.add_row(when, ui.Text(task["doc_number"] or ""), ui.Text(task["no"] or ""), ui.Text(task["text"]),
                      ui.Text("、".join(task["lead_units"])), ui.Text("、".join(task["units"])))
    if rows:
        print_table(table)
    err_console.print(f"共{len(rows)}项{'已逾期的' if overdue else ''}任务" + (f"（{unit}）" if unit else ""), markup=False, highlight=False)


@app.command()
def orgs(
    db: DbOption = None,
    unresolved: Annotated[bool, typer.Option("--unresolved", help="列出无法对应到任何规范单位的单位名称。")] = False,
) -> None:
    """列出已入库任务涉及的单位（按规范名称）及各单位的任务数。"""
    from gongbao.extract.orgs import OrgRegistry, UNLISTED

    registry = OrgRegistry.default()
    counts: Counter[str] = Counter()
    leads: Counter[str] = Counter()
    names: dict[str, set[str]] = defaultdict(set)
    missing: Counter[str] = Counter()
    where: dict[str, set[str]] = defaultdict(set)
    for task in _stored_tasks(db):
        for name in task["units"]:
            unit = registry.resolve(name)
            if unit is None or unit.kind == UNLISTED:
                missing[name] += 1
                where[name].add(task["doc_number"] or task["source"])
            if unit is None:
                continue
            counts[unit.id] += 1
            names[unit.id].add(name)
            if name in task["lead_units"]:
                leads[unit.id] += 1
    if unresolved:
        for name, n in missing.most_common():
            print(f"{n:5d}  {name}  ({'、'.join(sorted(where[name]))})")
        err_console.print(f"{len(missing)}个单位名称未能对应到名录", markup=False, highlight=False)
        return
    table = ui.Table()
    for col in ("单位", "全称", "类别", "任务", "牵头", "文中写法"):
        table.add_column(col)
    for uid, n in counts.most_common():
        unit = registry.resolve(uid)
        table.add_row(ui.Text(uid), ui.Text(unit.full_name if unit else ""), ui.Text(KIND_NAMES.get(unit.kind, unit.kind) if unit else ""), str(n),
                      str(leads[uid]), ui.Text("、".join(sorted(names[uid] - {uid}))))  # fmt: skip
    print_table(table)
    err_console.print(f"共{len(counts)}个单位；{sum(missing.values())}处名称未能对应（gongbao orgs --unresolved）", markup=False, highlight=False)


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"“{value}”不是日期（应形如 2024-06-30）", param_hint=option) from None


@app.command()
def cites(
    words: Annotated[list[str], typer.Argument(metavar="发文字号…", help="已入库文件的发文字号（任意写法，不必加引号）。", show_default=False)],
    db: DbOption = None,
) -> None:
    """显示一份文件引用了哪些文件（及引用方式），以及哪些已入库文件引用了它。"""
    from gongbao.extract.citations import link_citations
    from gongbao.models import Citation
    from gongbao.normalize import doc_number as normal

    doc_number = " ".join(words)
    with store_at(db) as store:
        named = find_documents(store, doc_number)
        docs = store.documents(current_only=True, text=False)
    wanted = named[0]["doc_number"] if named else normal(doc_number) or doc_number
    by_number = {d["doc_number"]: d for d in docs if d["doc_number"]}
    doc = by_number.get(wanted)
    if doc is None:
        console.print(f"未找到发文字号为 {doc_number} 的文件", markup=False)
        raise typer.Exit(code=1)
    citations = {n: [Citation(**c) for c in d.get("citations") or []] for n, d in by_number.items()}
    cited_by = link_citations(citations, {n: d["title"] for n, d in by_number.items() if d["title"]})
    console.print(ui.Text(f"{wanted}  {doc['title']}", style="bold"))
    console.print(f"引用（{len(citations[wanted])}）：", markup=False)
    for c in citations[wanted]:
        here = "（库内）" if c.doc_number in by_number else ""
        relation = RELATION_NAMES.get(c.relation, c.relation)
        console.print(f"  {relation}　{c.doc_number or ''} {('《' + c.title + '》') if c.title else ''}{here}  第{c.line_start}行", markup=False)
    console.print(f"被引用（{len(cited_by.get(wanted, []))}）：", markup=False)
    for number in cited_by.get(wanted, []):
        console.print(f"  {number}  {by_number[number]['title']}", markup=False)
