"""`gongbao eval`: score parse output against gold annotations."""

from __future__ import annotations

import json
import tempfile
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gongbao.cli import app, ui
from gongbao.cli.common import expand, parse_batch, print_table
from gongbao.cli.store_commands import store_at

if TYPE_CHECKING:  # imported where used, so that the CLI starts at once
    from gongbao.evaluate import SeedScore
    from gongbao.evaluate.indicators import TableScore
    from gongbao.evaluate.tasks import TaskScore

console = ui.console()
# The document fields scored against gold, as the report names them (their JSON name follows).
FIELD_NAMES = {"title": "标题", "issuer": "发文机关", "doc_type": "文种", "recipients": "主送机关", "signed_date": "成文日期",
               "public": "公开属性", "consultation": "政策咨询", "line_start": "起始行", "line_end": "结束行"}  # fmt: skip


def say(line: str) -> None:
    """A line of the report, whole however narrow the terminal or pipe (the terminal wraps it)."""
    console.print(line, highlight=False, markup=False, soft_wrap=True)


def evaluate_gold(gold: Path, samples: list[Path]) -> tuple[list[SeedScore], list[TableScore], list[TaskScore]]:
    """Documents of every SEED.docs.json; the indicator table of every SEED.indicators.json; the
    tasks of every SEED.tasks.json."""
    from gongbao.evaluate import SeedScore, find_seed, gold_files, score_documents
    from gongbao.evaluate.indicators import TableScore, score_indicators
    from gongbao.evaluate.tasks import TaskScore, score_tasks
    from gongbao.pipeline import parse_file

    search = [*samples, gold, gold.parent / "seeds", Path("samples")]
    scores: list[SeedScore] = []
    tables: list[TableScore] = []
    tasks: list[TaskScore] = []
    for gold_file in gold_files(gold):
        entries = json.loads(gold_file.read_text(encoding="utf-8"))
        task_gold = gold_file.with_name(gold_file.name.replace(".docs.json", ".tasks.json"))
        task_entries = json.loads(task_gold.read_text(encoding="utf-8")) if task_gold.is_file() else []
        # A gold file covers one seed (SEED.docs.json) or many, each entry naming its own.
        seeds = list(dict.fromkeys(e["seed"] for e in entries)) or [gold_file.name.removesuffix(".docs.json")]
        for seed in seeds:
            path = find_seed(seed, search)
            if path is None:
                raise typer.BadParameter(f"gold 文件 {gold_file.name} 所指的样本 {seed} 在 {', '.join(map(str, search))} 中找不到")
            parsed = parse_file(path)
            lines = parsed.source.text.split("\n")
            scores.append(score_documents(parsed.to_json(), [e for e in entries if e["seed"] == seed], lines, seed))
            indicators = gold_file.with_name(gold_file.name.replace(".docs.json", ".indicators.json"))
            if indicators.is_file():
                tables.append(score_indicators(parsed, json.loads(indicators.read_text(encoding="utf-8")), seed))
            tasks += [score_tasks(parsed, g, seed) for g in task_entries if g.get("seed", seed) == seed]
    return scores, tables, tasks


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="金标准标注文件所在目录（SEED.docs.json …）。")] = Path("tests/fixtures/gold"),
    samples: Annotated[list[Path], typer.Option("--samples", help="种子公报所在位置（可重复指定）。")] = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 格式输出评测数据。")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="列出每个出错的字段。")] = False,
    queries: Annotated[list[Path], typer.Option("--queries", help="改为用此查询集评测检索和问答（可重复指定）。")] = [],  # noqa: B006
    db: Annotated[str | None, typer.Option("--db", help="配合 --queries：要检索的数据库（默认：将样本导入一个临时 SQLite 文件）。")] = None,
) -> None:
    """对照金标准标注，按种子及总体计算各字段准确率；加 --queries 时，改为对照查询集计算检索的 Recall@1/@5 和 MRR 以及问答准确率。"""
    from gongbao.evaluate import DOC_FIELDS, total
    from gongbao.evaluate.tasks import total_tasks

    if queries:
        _eval_queries(queries, samples, db, as_json=as_json, errors=errors)
        return
    if not gold.is_dir():
        raise typer.BadParameter(f"{gold} 不是目录", param_hint="--gold")
    scores, tables, tasks = evaluate_gold(gold, samples)
    overall = total(scores)
    if as_json:
        report = {"seeds": [s.as_dict() for s in scores], "overall": overall.as_dict(), "indicator_tables": [t.as_dict() for t in tables], "tasks": [t.as_dict() for t in tasks], "tasks_overall": total_tasks(tasks).as_dict()}
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    columns = [*(scores if len(scores) <= 6 else []), overall]  # many one-document seeds: overall only
    table = ui.Table(title="文件与金标准对照（各字段准确率）")
    table.add_column("指标")
    for s in columns:
        table.add_column(s.seed.split("_")[0] if s is not overall else "总体", justify="right")
    table.add_row("金标准文件数", *(str(s.gold_docs) for s in columns))
    table.add_row("按文号找到", *(f"{s.found / s.gold_docs:.1%}" if s.gold_docs else "-" for s in columns))
    table.add_row("多出（金标准中没有）", *(str(s.extra) for s in columns))
    for name in DOC_FIELDS:
        table.add_row(f"{FIELD_NAMES.get(name, name)} {name}", *(f"{s.accuracy(name):.1%}" for s in columns))
    print_table(table)
    for t in tables:
        say(f"指标表 {t.seed.split('_')[0]}（{t.table_title}）：找到 {t.found_rows}/{t.gold_rows} 行，单元格完全一致 {t.exact}/{t.cells} = {t.cell_accuracy:.1%}")
    for t in [*tasks, *([total_tasks(tasks)] if len(tasks) > 1 else [])]:
        which = f"合计 {t.doc_number}" if t.seed == "all" else f"{t.seed.split('_')[0]} {t.doc_number}"
        say(f"任务 {which}：金标准 {t.gold_tasks} 项中找到 {t.matched} 项（共抽取 {t.found_tasks} 项），单位召回率 {t.unit_recall:.3f}，"
            f"单位 F1 {t.unit_f1:.3f}，角色 F1 {t.role_f1:.3f}，期限正确 {t.deadline_ok}/{t.gold_tasks}")
    if errors:
        for item in [*scores, *tables, *tasks]:
            for e in item.errors:
                say(e)


def _eval_queries(paths: list[Path], samples: list[Path], db: str | None, *, as_json: bool, errors: bool) -> None:
    from gongbao.evaluate.queries import load_queries, score_queries

    sets = []
    for path in paths:
        try:
            sets.append((path, load_queries(path)))
        except (OSError, ValueError) as err:
            raise typer.BadParameter(str(err), param_hint="--queries") from None
    with ExitStack() as stack:
        if db is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="gongbao-eval-"))
            db = f"sqlite:///{Path(folder) / 'eval.db'}"
            files = expand([p for p in (samples or [Path("samples")]) if p.exists()])
            if not files:
                raise typer.BadParameter("没有可入库的样本公报（请给出 --samples 或 --db）", param_hint="--samples")
            with store_at(db, create=True) as store:
                from gongbao.read import ReadError

                for parts in parse_batch(files, []):
                    with suppress(ReadError):  # reported by parse_batch
                        store.ingest_parts(parts)
        with store_at(db) as store:
            scores = [score_queries(store, queries, path.name) for path, queries in sets]
    if as_json:
        print(json.dumps([s.as_dict() for s in scores], ensure_ascii=False, indent=1))
        return
    table = ui.Table(title="检索与问答对照查询集")
    for col in ("查询集", "查询数", "Recall@1", "Recall@5", "MRR", "答案出处正确", "答案含要点", "拒答"):
        table.add_column(col, justify="right" if col != "查询集" else "left")
    for s in scores:
        table.add_row(s.name, str(s.queries), f"{s.recall_at_1:.3f}", f"{s.recall_at_5:.3f}", f"{s.mrr:.3f}",
                      f"{s.answered_doc:.1%}", f"{s.answer_contains:.1%}（共{s.with_contains}）", f"{s.refused:.1%}")
    print_table(table)
    for s in scores:
        if s.right_by_type:
            kinds = "  ".join(f"{k} {v['right']:.0%}（共{v['questions']:.0f}）" for k, v in s.right_by_type.items())
            say(f"{s.name}：答对 {s.right:.1%}（{kinds}）；拒答精确率 {s.refusal_precision:.2f}，召回率 {s.refusal_recall:.2f}")
    if errors:
        for s in scores:
            for e in s.errors:
                say(f"{s.name} {e}")
