"""Facts the extract stage read, written as sentences that compete with the printed ones for an
answer (search.answer): who leads a body (who), a task's units and deadline (who, when), a plan
target by year (how_much), a table as a list (list) or a row read with its column headers
(how_much). Each carries the line span it was read from; its passage id is FACT."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection

from gongbao.store.fulltext import PassageText, document_tables, extracted_facts

FACT = -1  # the passage id of a sentence written from extracted facts
LEADING_ROLES = frozenset(("常务副组长", "副组长", "组长", "副召集人", "召集人", "副总指挥", "总指挥", "副指挥长", "指挥长", "副主任", "主任", "组长单位"))


def facts(conn: Connection, doc_id: int, wants: set[str], kind: str) -> list[PassageText]:
    """Facts the extract stage found, written as sentences: who leads a body (for 谁), what a
    target is (for 多少). They compete with the printed sentences on the same score."""
    out: list[PassageText] = []
    if not wants & {"who", "how_much", "when", "list"}:
        return out
    facts = extracted_facts(conn, doc_id)
    if wants & {"who", "when"}:
        out += [_task_fact(doc_id, task) for task in facts["tasks"] if task.get("units") or task.get("deadline_text")]
    if "who" in wants:
        for body in facts["bodies"]:
            for member in body.get("members") or []:
                if member.get("role") in LEADING_ROLES and (who := member.get("person") or member.get("unit")):
                    text = f"{body['name']}{member['role']}：{who}" + (f"（{member['position']}）" if member.get("position") else "") + "。"
                    line = member.get("line") or body["line_start"]
                    out.append(PassageText(FACT, doc_id, line, member.get("line_end") or line, body["name"], text))
            if body.get("office"):
                director = f"，办公室主任由{body['office_director']}兼任" if body.get("office_director") else ""
                text = f"{body['name']}办公室设在{body['office']}{director}。"
                source = (body.get("sources") or {}).get("office") or {}
                start = source.get("line_start", body["line_start"])
                out.append(PassageText(FACT, doc_id, start, source.get("line_end", start), body["name"], text))
    tables = document_tables(conn, doc_id) if wants & {"list"} or kind == "how_much" else []
    if "list" in wants:
        out += [fact for table in tables if (fact := _table_list(doc_id, table))]
    if kind == "how_much":
        # 岚县 · 需处置闲置土地（亩） 184.03: a row read with its column headers
        out += [fact for table in tables for fact in _table_rows(doc_id, table)][:TABLE_ROW_FACTS]
    if "how_much" in wants:
        for target in facts["targets"]:
            if target.get("source") == "table" and target.get("value_text"):
                base = target.get("baseline")
                base_text = (f"{target['baseline_year']}年实际{base}" if target.get("baseline_year") else f"基期{base}") if base else None
                extra = "，".join(filter(None, [base_text, target.get("attribute")]))
                text = f"{target['indicator']}：{target['year']}年目标{target['value_text']}{target.get('unit') or ''}" + (f"（{extra}）" if extra else "") + "。"
                out.append(PassageText(FACT, doc_id, target["line_start"], target["line_end"], target.get("group"), text))
    return out


def _table_list(doc_id: int, table: dict[str, Any]) -> PassageText | None:
    """A table as the list it is: its title, then the entries of its name column (事项名称,
    项目名称 …, else the first column that is not a 序号)."""
    header = [str(h or "") for h in table.get("header") or []]
    rows = [r for r in table.get("rows") or [] if any(str(c or "").strip() for c in r)]
    spans = table.get("row_lines") or []
    if not rows or not spans:
        return None
    names = [i for i, h in enumerate(header) if _NAME_COLUMN.search(h)]
    column = names[0] if names else next((i for i, h in enumerate(header) if not _NUMBER_COLUMN.search(h)), 0)
    entries = [str(r[column]).strip() for r in rows if column < len(r) and str(r[column] or "").strip()]
    if len(entries) < 2:
        return None
    shown = entries[:TABLE_LIST_ROWS]
    more = f"等{len(entries)}项" if len(entries) > len(shown) else ""
    title = (table.get("title") or header[column] or "表").strip()
    text = f"{title}：{'、'.join(shown)}{more}。"
    return PassageText(FACT, doc_id, spans[0][0], spans[-1][-1], title, text)


TABLE_LIST_ROWS = 30
TABLE_ROW_FACTS = 400


def _cell(header: str, value: str) -> str:
    """需处置闲置土地（亩） + 184.03 → 需处置闲置土地184.03亩: the header's unit after its number."""
    m = _HEADER_UNIT.search(header)
    if m and re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return f"{header[: m.start()]}{value}{m['unit']}"
    return f"{header}{value}"


_HEADER_UNIT = re.compile(r"[（(](?P<unit>[^（）()]{1,6})[）)]$")


def _table_rows(doc_id: int, table: dict[str, Any]) -> list[PassageText]:
    """Each row of a table as a sentence that names its columns: 岚县：需消化批而未供土地（亩）167.35；
    需处置闲置土地（亩）184.03。 — so a question about one place's value in one column finds it."""
    header = [_squashed(str(h or "")) for h in table.get("header") or []]
    spans = table.get("row_lines") or []
    title = (table.get("title") or "").strip() or None
    out = []
    for row, span in zip(table.get("rows") or [], spans, strict=False):
        cells = [_squashed(str(c or "")) for c in row]
        named = [(h, c) for h, c in zip(header, cells, strict=False) if c and not _NUMBER_COLUMN.search(h)]
        if len(named) < 2 or not any(re.search(r"\d", c) for _, c in named):
            continue
        label = named[0][1]
        text = f"{label}：" + "；".join(_cell(h, c) for h, c in named[1:]) + "。"
        out.append(PassageText(FACT, doc_id, span[0], span[-1], title, text))
    return out
_NAME_COLUMN = re.compile(r"名称|事项|项目|内容|种类|类别|品种|对象|单位$")
_NUMBER_COLUMN = re.compile(r"^\s*(?:序号|编号|序)\s*$")


def _task_fact(doc_id: int, task: dict[str, Any]) -> PassageText:
    """A task as one sentence: what, who leads, who cooperates, by when."""
    what = (task.get("text") or "").strip().rstrip("。；;，,")
    what = what[:TASK_TEXT_CHARS] + ("…" if len(what) > TASK_TEXT_CHARS else "")
    lead, coop = task.get("lead_units") or [], task.get("cooperating_units") or []
    others = [u for u in task.get("units") or [] if u not in lead and u not in coop]
    roles = [f"牵头单位：{'、'.join(lead)}" if lead else "", f"责任单位：{'、'.join(others)}" if others else "",
             f"配合单位：{'、'.join(coop)}" if coop else "", f"完成时限：{task['deadline_text']}" if task.get("deadline_text") else ""]  # fmt: skip
    text = f"{what}（{'；'.join(r for r in roles if r)}）。"
    return PassageText(FACT, doc_id, task.get("line_start") or 0, task.get("line_end") or task.get("line_start") or 0, task.get("node"), text)


TASK_TEXT_CHARS = 80


def _squashed(text: str) -> str:
    return "".join(text.split())
