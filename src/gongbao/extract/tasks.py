"""Tasks: items that assign work, with the units responsible and the deadline.

A task is a paragraph that ends with a responsibility clause in brackets, in one of the forms the
gazettes print: （牵头单位：A；责任单位：B、C） · （A牵头，B、C配合） · （A、B按照职责分工负责，C负责落实）
· （责任单位：A，2021年8月底前完成） · （完成时限：2024年5月10日前） · （A负责）. Its number is that
of the outline item the paragraph opens (（1）, 1.), if any.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from gongbao import patterns as P
from gongbao.models import Document, OutlineNode, Task
from gongbao.normalize import squash

def find_tasks(doc: Document) -> list[Task]:
    owner_at = _owner_by_line(_owners(doc.outline), [p.line_start for p in doc.paragraphs])
    tasks: list[Task] = []
    standing: list[str] = []
    taken: set[int] = set()  # nodes that already have their task
    pending: list[str] = []  # paragraphs of the current node before its clause
    current: OutlineNode | None = None
    for para in doc.paragraphs:
        owner = owner_at.get(para.line_start)
        node, path = owner if owner else (None, None)
        if node is not current:
            current, pending = node, []
        m = P.TASK_CLAUSE.search(para.text)
        if not m or not _names_a_unit(m["clause"]):
            pending.append(para.text)
            continue
        numbered = node is not None and id(node) not in taken
        body = "".join([*pending, para.text[: m.start()]]) if numbered else para.text[: m.start()]
        if numbered:
            taken.add(id(node))
            body = re.sub(rf"^\s*{re.escape(node.number or '')}\s*", "", body)
        pending = []
        clause = m["clause"]
        units, lead, coop = parse_units(clause)
        deadline, deadline_text = parse_deadline(clause)
        if deadline is None and deadline_text is None:
            deadline, deadline_text = text_deadline(body)
        tasks.append(
            Task(
                no=node.number if numbered else None,
                text=body.strip(),
                units=units,
                lead_units=lead,
                cooperating_units=coop,
                deadline=deadline,
                deadline_text=deadline_text,
                line_start=node.line_start if numbered else para.line_start,
                line_end=para.line_end,
                clause=clause,
                node=path,
                standing_units=list(standing),
            )
        )
        s = P.TASK_STANDING.search(clause)
        if s:
            standing = [u for u in _split_units(s["units"]) if u]
    return _main_sequence(tasks, doc.outline)


def parse_units(clause: str) -> tuple[list[str], list[str], list[str]]:
    """All units in order, the leads, the cooperating ones — names as printed, whitespace removed."""
    clause = P.TASK_STANDING.sub("", clause)
    clause = re.sub(r"[，,]?\s*(?:完成时限|时限)\s*[:：].*$", "", clause)
    clause = P.TASK_DEADLINE.sub("", clause)
    units: list[str] = []
    lead: list[str] = []
    coop: list[str] = []
    roles = list(P.TASK_ROLE.finditer(clause))
    if roles:
        for n, m in enumerate(roles):
            end = roles[n + 1].start() if n + 1 < len(roles) else len(clause)
            names = _split_units(clause[m.end() : end])
            units += names
            if m["role"] in ("牵头单位", "主办单位"):
                lead += names
            elif m["role"] in ("配合单位", "协办单位", "参与单位"):
                coop += names
        return _dedupe(units), _dedupe(lead), _dedupe(coop)
    # A牵头，B、C配合 · A、B按照职责分工负责，C负责落实
    for part in re.split(r"[，,；;。]", clause):
        names = _split_units(part)
        units += names
        if "牵头" in part:
            lead += names
        elif "配合" in part or "参与" in part:
            coop += names
    return _dedupe(units), _dedupe(lead), _dedupe(coop)


def _split_units(text: str) -> list[str]:
    out = []
    carry = ""  # a piece that is no unit by itself: 各县市、区人民政府 is one name printed with 、
    for piece in _split_outside_brackets(text):
        name = re.sub(r"等$", "", P.TASK_CUE_WORDS.sub("", squash(piece) or ""))  # 市工信局等按职责分工负责
        if carry and name and _is_unit(carry + "、" + name):
            name, carry = carry + "、" + name, ""
        if name and _is_unit(name):
            out.append(name)
            carry = ""
        else:
            carry = name if name.startswith(("各", "相关")) else ""
    return out


def _split_outside_brackets(text: str) -> list[str]:
    """Split at separators, but not inside brackets: 各县（市、区）人民政府 is one name."""
    pieces, depth, start = [], 0, 0
    for m in re.finditer(rf"[（(]|[）)]|{P.UNIT_SEPARATOR.pattern}", text):
        token = m.group(0)
        if token in "（(":
            depth += 1
        elif token in "）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            pieces.append(text[start : m.start()])
            start = m.end()
    pieces.append(text[start:])
    return pieces


def _is_unit(name: str) -> bool:
    return 2 <= len(name) <= 30 and bool(P.UNIT_END.search(name))


def _names_a_unit(clause: str) -> bool:
    return bool(parse_units(clause)[0]) or bool(P.TASK_DEADLINE.search(clause))


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    return [n for n in names if not (n in seen or seen.add(n))]


def parse_deadline(clause: str) -> tuple[str | None, str | None]:
    """2021年8月底前 → 2021-08-31 ; 2021年8月前 → 2021-07-31 ; 2021年底前 → 2021-12-31 ;
    2024年5月10日前 → 2024-05-10 ; 长期推进 / 持续推进 → (None, text)."""
    m = P.TASK_DEADLINE.search(clause)
    if not m:
        return None, None
    text = squash(m.group(0)) or ""
    if m["ongoing"]:
        return None, text
    year = int(m["y"])
    if m["d"]:
        return _iso(year, int(m["m"]), int(m["d"])), text
    if m["m"]:
        month = int(m["m"])
        if m["end"]:  # 8月底前 / 8月底 / 8月末
            return _iso(year, month, calendar.monthrange(year, month)[1]), text
        if not m["before"]:  # 2025年1月: during that month
            return _iso(year, month, calendar.monthrange(year, month)[1]), text
        # 8月前: before August begins
        if month == 1:
            return _iso(year - 1, 12, 31), text
        return _iso(year, month - 1, calendar.monthrange(year, month - 1)[1]), text
    return _iso(year, 12, 31), text  # 年底前 / 年内


def text_deadline(text: str) -> tuple[str | None, str | None]:
    """The latest "before" date the task's text sets (2021年10月底前，… → 2021-10-31), when its
    clause gives none: the date the whole task is due by."""
    found = [(iso, m.group(0)) for m in P.TASK_TEXT_DEADLINE.finditer(text) if (iso := parse_deadline(m.group(0))[0])]
    if not found:
        return None, None
    iso, printed = max(found)
    return iso, squash(printed)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1] else None
    except calendar.IllegalMonthError:
        return None


def _owners(outline: list[OutlineNode]) -> list[tuple[int, int, OutlineNode, str]]:
    """Each numbered node's own lines (up to its first child) with its outline path."""
    out: list[tuple[int, int, OutlineNode, str]] = []

    def walk(nodes: list[OutlineNode], path: list[str]) -> None:
        for node in nodes:
            here = [*path, node.number or node.heading[:12]]
            if node.number and node.kind not in ("box", "attachment"):
                own_end = node.children[0].line_start - 1 if node.children else node.line_end
                out.append((node.line_start, own_end, node, " › ".join(here)))
            walk(node.children, here)

    walk(outline, [])
    return out


def _owner_by_line(owners: list[tuple[int, int, OutlineNode, str]], starts: list[int]) -> dict[int, tuple[OutlineNode, str]]:
    """For each paragraph start, the deepest numbered node whose own lines hold it (owners come
    parents first, so a later, deeper one overrides)."""
    out: dict[int, tuple[OutlineNode, str]] = {}
    for start, end, node, path in owners:
        for k in range(bisect_left(starts, start), bisect_right(starts, end)):
            out[starts[k]] = (node, path)
    return out


def _main_sequence(tasks: list[Task], outline: list[OutlineNode]) -> list[Task]:
    """Where one numbering runs on across a part's sections ((1)…(55) under several 1. 2. …), the
    items numbered anew elsewhere in that part (（1） again under 三、保障措施) are sub-items of
    another list, not the document's numbered tasks."""
    kinds: dict[str, str] = {}
    for root in outline:
        for node in root.walk():
            if node.number:
                kinds[node.number] = node.kind
    by_part: dict[tuple[str, str], list[Task]] = {}
    for task in tasks:
        if task.no and task.node:
            part = task.node.split(" › ")[0]
            by_part.setdefault((part, kinds.get(task.no, "")), []).append(task)
    drop: set[int] = set()
    for group in by_part.values():
        runs = list(_runs(group))
        longest = max(runs, key=len, default=[])
        parents = {t.node.rsplit(" › ", 1)[0] for t in longest if t.node}
        if len(longest) >= 5 and len(parents) >= 2:
            keep = {id(t) for t in longest}
            drop |= {id(t) for t in group if id(t) not in keep}
    return [t for t in tasks if id(t) not in drop]


def _runs(tasks: list[Task]) -> Iterator[list[Task]]:
    """Rising numbering (a missed item leaves a gap, not a new run); a restart begins a new run."""
    run: list[Task] = []
    prev = None
    for task in tasks:
        value = _value(task.no)
        if run and prev is not None and value is not None and value > prev:
            run.append(task)
        else:
            if run:
                yield run
            run = [task]
        prev = value
    if run:
        yield run


def _value(number: str | None) -> int | None:
    m = re.search(r"\d+", number or "")
    return int(m.group(0)) if m else None
