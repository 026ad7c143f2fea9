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
from dataclasses import dataclass
from functools import lru_cache

from gongbao import patterns as P
from gongbao.models import Document, OutlineNode, Task
from gongbao.normalize import squash

def find_tasks(doc: Document) -> list[Task]:
    owners = _owners(doc.outline)
    owner_at = _owner_by_line(owners, [p.line_start for p in doc.paragraphs])
    parent_of = _parents(doc.outline)
    tasks: list[Task] = []
    standing: list[str] = []
    pending: list[str] = []  # text of the current node not yet closed by a clause
    pending_start: int | None = None
    current: OutlineNode | None = None
    with_clause: set[int] = set()  # nodes that carry a clause of their own
    year = int(doc.signed_date[:4]) if doc.signed_date else None  # for 11月30日前 without a year

    def add(node: OutlineNode | None, path: str | None, body: str, clause: str, line_start: int, line_end: int) -> None:
        nonlocal standing
        units, lead, coop = parse_units(clause)
        deadline, deadline_text = parse_deadline(clause)
        if deadline is None and deadline_text is None:
            deadline, deadline_text = text_deadline(body, year)
        if node is not None:
            body = body.lstrip()
            if node.number and body.startswith(node.number):
                body = body[len(node.number) :]
            body = body.lstrip()
            with_clause.add(id(node))
        tasks.append(
            Task(
                no=node.number if node is not None else None,
                text=body.strip().lstrip("。；;，, "),
                units=units,
                lead_units=lead,
                cooperating_units=coop,
                deadline=deadline,
                deadline_text=deadline_text,
                line_start=line_start,
                line_end=line_end,
                clause=clause,
                node=path,
                standing_units=list(standing),
            )
        )
        s = P.TASK_STANDING.search(clause)
        if s:
            standing = [u for u in _split_units(s["units"]) if u]

    for para in doc.paragraphs:
        owner = owner_at.get(para.line_start)
        node, path = owner if owner else (None, None)
        if node is not current:
            current, pending, pending_start = node, [], None
        standalone = _standalone_clause(para.text)
        if standalone is not None:
            last = tasks[-1] if tasks else None
            if last is not None and not pending and last.line_end < para.line_start and _continues(last, standalone):
                _extend(last, standalone, para.line_end)  # 牵头单位：… then 完成期限：… on the next line
                continue
            if pending or node is not None:
                closes = _closed_by_standalone(node, path, parent_of, with_clause, owners)
                body = "".join(pending)
                start = pending_start if pending_start is not None else para.line_start
                if closes is not None and closes[0] is not node:
                    start = closes[0].line_start
                    body = _node_text(closes[0], doc, before=para.line_start)
                add(closes[0] if closes else None, closes[1] if closes else None, body, standalone, start, para.line_end)
                pending, pending_start = [], None
                continue
        cut = 0
        clauses = _inline_clauses(para.text) or [c for c in [_sentence_clause(para.text) or _assignment(para.text)] if c]
        for m in clauses:
            body = "".join([*pending, para.text[cut : m.start()]])
            start = pending_start if pending and pending_start is not None else para.line_start
            add(node, path, body, m["clause"], node.line_start if node is not None and id(node) not in with_clause else start, para.line_end)
            pending, pending_start, cut = [], None, m.end()
        rest = para.text[cut:].lstrip("。；; ")
        if rest.strip():
            if not pending:
                pending_start = para.line_start
            pending.append(rest)
    return _main_sequence(tasks, doc.outline) + table_tasks(doc, year)


def table_tasks(doc: Document, year: int | None = None) -> list[Task]:
    """Rows of task tables: a column of tasks and one of responsible units (序号 | 主要任务 |
    牵头单位 | 配合单位 | 完成时限). Each row with a unit is a task, its line span its provenance."""
    out: list[Task] = []
    for table in doc.tables:
        columns = _task_columns(table.header)
        if columns is None:
            continue
        no_col, text_col, unit_cols, deadline_col = columns
        path = _path_at(doc.outline, table.line_start)
        for n, row in enumerate(table.rows):
            cell = lambda j: squash(row[j]) if j is not None and j < len(row) else ""  # noqa: E731
            text = cell(text_col) or ""
            units: list[str] = []
            lead: list[str] = []
            coop: list[str] = []
            clauses = []
            for j, role in unit_cols:
                value = _unit_cell(row[j] if j < len(row) else "")
                if not value:
                    continue
                clauses.append(f"{table.header[j]}：{value}")
                names, _, _ = parse_units(value)
                units += names
                if role in ("牵头", "主办"):
                    lead += names
                elif role in ("配合", "协办", "参与"):
                    coop += names
            if not text or not units:
                continue
            deadline, deadline_text = _latest_deadline(cell(deadline_col) or "")
            if deadline is None and deadline_text is None:
                deadline, deadline_text = text_deadline(text, year)
            start, end = table.row_lines[n] if n < len(table.row_lines) else (table.line_start, table.line_end)
            out.append(
                Task(
                    no=cell(no_col) or None,
                    text=text,
                    units=_dedupe(units),
                    lead_units=_dedupe(lead),
                    cooperating_units=_dedupe(coop),
                    deadline=deadline,
                    deadline_text=deadline_text,
                    line_start=start,
                    line_end=end,
                    clause="；".join(clauses),
                    node=" › ".join(p for p in [path, table.title] if p) or None,
                )
            )
    return out


def _unit_cell(raw: str) -> str:
    """A cell of units: a space between two whole units separates them (中阳县党委政府 石楼县党委政府);
    any other is a wrap (文水 县委 政府)."""
    units, current = [], ""
    for piece in raw.split():
        current += piece
        if _is_unit(current) and len(current) >= 4:
            units.append(current)
            current = ""
    if len(units) >= 2 and not current:
        return "、".join(units)
    return squash(raw) or ""


def _task_columns(header: list[str]) -> tuple[int | None, int, list[tuple[int, str]], int | None] | None:
    names = [squash(h) or "" for h in header]
    text_col = next((j for word in P.TASK_TEXT_COLUMNS for j, h in enumerate(names) if h == word or len(word) >= 4 and h.endswith(word)), None)
    units = [(j, m["role"] or "") for j, h in enumerate(names) if (m := P.TASK_UNIT_COLUMN.search(h)) and len(h) <= 8]
    if text_col is None or not units:
        return None
    no_col = next((j for j, h in enumerate(names) if P.TASK_NUMBER_COLUMN.match(h)), None)
    deadline_col = next((j for j, h in enumerate(names) if P.TASK_DEADLINE_COLUMN.search(h)), None)
    return no_col, text_col, units, deadline_col


def _latest_deadline(cell: str) -> tuple[str | None, str | None]:
    """A deadline cell, perhaps with stages (2021年10月前办理前期手续…2023年12月建成投运): the last."""
    found = [iso for m in P.TASK_DEADLINE.finditer(cell) if (iso := parse_deadline(m.group(0))[0])]
    if not found:
        return (None, cell) if cell and P.TASK_DEADLINE.search(cell) else (None, None)
    return max(found), cell


def _path_at(outline: list[OutlineNode], line: int) -> str | None:
    """The outline path of the deepest node holding a line."""
    path: list[str] = []
    nodes = outline
    while True:
        node = next((n for n in nodes if n.line_start <= line <= n.line_end), None)
        if node is None:
            return " › ".join(path) or None
        path.append(node.number or node.heading[:12])
        nodes = node.children


@dataclass
class _SentenceClause:
    """A last sentence that is a clause without brackets: 县农业农村局牵头，各乡镇配合，4月底前完成。"""

    start_at: int
    end_at: int
    clause: str

    def start(self) -> int:
        return self.start_at

    def end(self) -> int:
        return self.end_at

    def __getitem__(self, key: str) -> str:
        return self.clause


def _sentence_clause(text: str) -> _SentenceClause | None:
    if not _CLAUSE_WORD.search(text):
        return None  # most paragraphs name nobody: skip the work below
    body = text.rstrip().rstrip("。；;")
    # 。责任单位：市公安局、市市场监管局；完成时限：2023年8月底前。 — labels closing the paragraph
    labelled = None
    for m in P.TASK_ROLE.finditer(body):
        if m.start() > 0 and body[m.start() - 1] in "。；;":
            labelled = m.start()
            break
    if labelled is not None:
        clause = body[labelled:]
        if parse_units(clause)[0] and len(clause) <= 160 and not re.search(r"[。]", clause.rstrip("。")):
            return _SentenceClause(labelled, len(text), clause)
    cut = max(body.rfind("。"), body.rfind("；"))
    sentence = body[cut + 1 :]
    if not re.search(r"牵头|负责|配合", sentence) or len(sentence) > 120 or cut < 0:
        return None
    units = parse_units(sentence)[0]
    rest = P.TASK_DEADLINE.sub("", sentence)
    for name in sorted(units, key=len, reverse=True):
        rest = rest.replace(name, "")
    rest = P.TASK_CUE_WORDS.sub("", rest)
    if not units or re.sub(r"[\s，,、；;和及由]", "", rest):
        return None  # words beside the units and roles: a sentence, not a clause
    return _SentenceClause(cut + 1, len(text), sentence)


_CLAUSE_WORD = re.compile(r"牵头|负责|配合|单位|部门")
# 会议议定，由县住房城乡建设局牵头，县财政局、县自然资源局配合，抓紧… — who is named inside a sentence,
# 由 opening its clause (考核工作由X牵头 describes a body, it assigns nothing)
_ASSIGNMENT = re.compile(r"(?:^|(?<=[，,。；;：:]))由(?P<clause>[^，,。；;：:]{2,40}?牵头(?:[，,][^，,。；;：:]{2,80}?(?:配合|参与))?)(?=[，,。；;])")


def _assignment(text: str) -> _SentenceClause | None:
    """A paragraph that assigns its work inside a sentence (由X牵头，Y配合，…): the whole paragraph
    is the task, the words naming the units its clause."""
    m = _ASSIGNMENT.search(text) if "牵头" in text else None
    if m is None or not parse_units(m["clause"])[1]:
        return None
    return _SentenceClause(len(text), len(text), m["clause"])


UNIT_LOOKBACK = 40  # a unit's name before a bracket is never longer


def _inline_clauses(text: str) -> list[re.Match[str]]:
    """Brackets at sentence boundaries that name who carries the sentence(s) before them."""
    if "（" not in text and "(" not in text:
        return []
    out = []
    for m in P.TASK_BRACKET.finditer(text):
        # The characters either side, past spaces (not copies of the text either side: linear time).
        b = m.start()
        while b > 0 and text[b - 1].isspace():
            b -= 1
        a = m.end()
        while a < len(text) and text[a].isspace():
            a += 1
        char_before = text[b - 1] if b > 0 else ""
        char_after = text[a] if a < len(text) else ""
        at_end = not char_after or char_after in P.SENTENCE_STOP
        # Opening the next sentence (…检验制度。（市发改委负责）督促…), also at the start of a
        # paragraph when a page's line break fell before it.
        opens = (not char_before or char_before in P.SENTENCE_STOP) and bool(char_after)
        if not (at_end or opens) or (not char_before and not char_after):
            continue
        clause = m["clause"]
        before = text[max(0, b - UNIT_LOOKBACK) : b]  # what UNIT_END looks at: the name before
        if not P.TASK_CUE_RX.search(clause) and (P.UNIT_END.search(before) or not char_before):
            continue  # a gloss on the name before it: 各开发区（示范区）; a bare list opens nothing
        if _is_clause(clause):
            out.append(m)
    # A bare list of collective units only (（各县市区人民政府、各有关部门）) addresses everyone: it is
    # a clause only beside a real one in the same item.
    if out and all(_collective_only(m["clause"]) for m in out):
        return []
    return out


def _collective_only(clause: str) -> bool:
    if P.TASK_CUE_RX.search(clause):
        return False
    return all(u.startswith(("各", "相关", "有关", "市直", "其他")) for u in parse_units(clause)[0])


def _is_clause(clause: str) -> bool:
    """Cue words with a unit or a deadline (（市发改委牵头）, （完成时限：…）), or a bare list of units
    (（市科技局）) — not an aside (（以下简称…）, （含…）)."""
    if re.search(r"简称|^\s*(?:含|包括|例如|如|即|指|其中|不含)", clause):
        return False
    units = parse_units(clause)[0]
    if P.TASK_CUE_RX.search(clause):
        return bool(units) or bool(P.TASK_DEADLINE.search(clause))
    pieces = [p for p in _split_outside_brackets(clause) if p.strip()]
    # 乡镇（街道办）: a short bare name glosses the word before it; 市科技局 names who does it
    return bool(units) and len(units) >= len(pieces) and all(len(u) >= 4 for u in units)


def _standalone_clause(text: str) -> str | None:
    """A paragraph that is only a clause: （责任单位：…） or 牵头单位：…；配合单位：… / 完成期限：…."""
    stripped = text.strip().rstrip("。；;")
    m = P.TASK_BRACKET.fullmatch(stripped)
    if m and _is_clause(m["clause"]):
        return m["clause"]
    if P.TASK_LABEL_LINE.match(stripped) and len(stripped) <= 200:
        if parse_units(stripped)[0] or P.TASK_DEADLINE.search(stripped):
            return stripped
    return None


def _continues(task: Task, clause: str) -> bool:
    """A clause line that completes the one above (a deadline, or the other role) rather than
    closing a new item."""
    units, lead, coop = parse_units(clause)
    if not units:
        return task.deadline is None and task.deadline_text is None
    if lead or not P.TASK_LABEL_LINE.match(clause) or not P.TASK_LABEL_LINE.match(task.clause):
        return False
    # 牵头单位：… then 配合单位：… or 责任单位：… on the next line: one clause printed as lines
    return not (coop and task.cooperating_units)


def _extend(task: Task, clause: str, line_end: int) -> None:
    units, lead, coop = parse_units(clause)
    task.units = _dedupe([*task.units, *units])
    task.lead_units = _dedupe([*task.lead_units, *lead])
    task.cooperating_units = _dedupe([*task.cooperating_units, *coop])
    if task.deadline is None:
        deadline, deadline_text = parse_deadline(clause)
        if deadline or deadline_text:
            task.deadline, task.deadline_text = deadline, deadline_text
    task.clause = f"{task.clause}；{clause}"
    task.line_end = line_end


def _closed_by_standalone(
    node: OutlineNode | None,
    path: str | None,
    parent_of: dict[int, tuple[OutlineNode, str]],
    with_clause: set[int],
    owners: list[tuple[int, int, OutlineNode, str]],
) -> tuple[OutlineNode, str] | None:
    """The item a clause on its own line closes: its own item — unless that item is the last of a
    list none of whose items carries a clause, when the clause covers the whole list (its heading)."""
    if node is None:
        return None
    parent = parent_of.get(id(node))
    if parent is not None and parent[0].number and parent[0].children and parent[0].children[-1] is node:
        siblings = parent[0].children
        if len(siblings) >= 2 and not any(id(c) in with_clause for c in siblings):
            return parent
    return node, path or ""


def _node_text(node: OutlineNode, doc: Document, *, before: int) -> str:
    """A node's text with its children's, from the paragraphs it spans up to line `before`."""
    return "".join(p.text for p in doc.paragraphs if node.line_start <= p.line_start < before)


def _parents(outline: list[OutlineNode]) -> dict[int, tuple[OutlineNode, str]]:
    out: dict[int, tuple[OutlineNode, str]] = {}

    def walk(nodes: list[OutlineNode], path: list[str], parent: OutlineNode | None) -> None:
        for node in nodes:
            if parent is not None:
                out[id(node)] = (parent, " › ".join(path))
            walk(node.children, [*path, node.number or node.heading[:12]], node)

    walk(outline, [], None)
    return out


def parse_units(clause: str) -> tuple[list[str], list[str], list[str]]:
    """All units in order, the leads, the cooperating ones — names as printed, whitespace removed."""
    units, lead, coop = _parse_units(clause)
    return list(units), list(lead), list(coop)


@lru_cache(maxsize=8192)
def _parse_units(clause: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    # Cached: a clause is read when its item is found and again when the task is made.
    units, lead, coop = _parse_units_uncached(clause)
    return tuple(units), tuple(lead), tuple(coop)


def _parse_units_uncached(clause: str) -> tuple[list[str], list[str], list[str]]:
    clause = P.TASK_STANDING.sub("", clause)
    clause = _ROLE_MARK.sub(r"\1", clause)  # 厅基础教育处（牵头），厅财务处（配合）
    clause = P.TASK_DEADLINE_TAIL.sub("", clause)
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
            if m["role"] in ("牵头单位", "主办单位", "牵头部门", "牵头科室"):
                lead += names
            elif m["role"] in ("配合单位", "协办单位", "参与单位", "配合部门", "配合科室"):
                coop += names
            else:  # 责任单位：县林业局牵头，县自然资源局、各乡镇配合 — roles inside a neutral label
                _, inner_lead, inner_coop = _free_roles(clause[m.end() : end])
                lead += inner_lead
                coop += inner_coop
        return _dedupe(units), _dedupe(lead), _dedupe(coop)
    return _free_roles(clause)


_ROLE_MARK = re.compile(r"[（(]\s*(牵头|配合|参与)\s*[）)]")


def _free_roles(clause: str) -> tuple[list[str], list[str], list[str]]:
    """A牵头，B、C配合 · A、B按照职责分工负责，C负责落实 · A负责、B、C配合 (按职责分工负责 marks no role)"""
    units: list[str] = []
    lead: list[str] = []
    coop: list[str] = []
    for part in re.split(r"[，,；;。]|(?<=负责|牵头|配合)、", clause):
        names = _split_units(part)
        units += names
        if _LEAD_WORD.search(part):
            lead += names
        elif _COOP_WORD.search(part):
            coop += names
    return _dedupe(units), _dedupe(lead), _dedupe(coop)


# The role word, not a name that holds it (各链长牵头单位 is a unit, not a lead)
_LEAD_WORD = re.compile(r"牵头(?!单位|部门|科室)")
_COOP_WORD = re.compile(r"(?:配合|参与)(?!单位|部门|科室)")


def _split_units(text: str) -> list[str]:
    out = []
    carry = ""  # a piece that is no unit by itself: 各县市、区人民政府 is one name printed with 、
    for piece in _split_outside_brackets(text):
        name = _TRAILING_DENG.sub("", P.TASK_CUE_WORDS.sub("", squash(piece) or ""))  # 市工信局等按职责分工负责
        name = _LEADING_YOU.sub("", name)  # 由地区公安处负责
        if carry and name and _is_unit(carry + "、" + name):
            name, carry = carry + "、" + name, ""
        if name and (joined := _split_joined(name)):
            out += joined  # 市直相关单位及相关网络运营商 · 相关县市区政府和经济开发区管委会
            carry = ""
        elif name and _is_unit(name):
            out.append(name)
            carry = ""
        elif name.startswith(("各", "相关")) or (name and len(name) <= 3):
            # 各县市、区人民政府 · 孝义、汾阳、文水、交城人民政府: places sharing one ending
            carry = f"{carry}、{name}" if carry and len(name) <= 3 else name
        else:
            carry = ""
    return out


_TRAILING_DENG = re.compile(r"等$")
_LEADING_YOU = re.compile(r"^由")
_JOINER = re.compile(r"[及和与]")


def _split_joined(name: str) -> list[str]:
    """Two units joined by 及/和/与, when each side is a unit by itself (市住房和城乡建设局 is one:
    市住房 names nothing)."""
    if not _JOINER.search(name):
        return []
    parts = [p for p in _JOINER.split(name) if p]
    return parts if len(parts) >= 2 and all(_is_unit(p) and len(p) >= 4 for p in parts) else []


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


def text_deadline(text: str, year: int | None = None) -> tuple[str | None, str | None]:
    """The latest "before" date the task's text sets (2021年10月底前，… → 2021-10-31), when its
    clause gives none: the date the whole task is due by. Dates without a year (11月30日前) are of
    `year`, the document's."""
    found = [(iso, m.group(0)) for m in P.TASK_TEXT_DEADLINE.finditer(text) if (iso := parse_deadline(m.group(0))[0])]
    if year is not None:
        for m in P.TASK_YEARLESS_DEADLINE.finditer(text):
            if iso := parse_deadline(f"{year}年{m.group(0)}")[0]:
                found.append((iso, m.group(0)))
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
        if run and prev is not None and value is not None and value >= prev:  # equal: another clause of one item
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
