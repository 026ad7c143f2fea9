"""Bodies: leading groups, work teams, commands, committees, joint meetings — and their offices.

A body is found where its member list is printed, in one of the forms the gazettes use:

* role-labelled lines, one member a line, the role printed only when it changes and a position
  hard-wrapped onto the next lines in PDF dumps: ``组 长：张广勇 市委副书记、`` / ``市长`` /
  ``任 磊 副市长`` (a continuation member keeps the role above it);
* tables the structure stage rebuilt: role | name | position (a tab table), role | position or unit
  | duty (a 指挥机构及职责 table), or two members a row — [role：]name | position | name | position —
  which is a list printed in two columns: the left column is read first, the right one continues it;
* a role line whose rest is a list: ``成员单位：市应急局，事发地县（市、区）政府、…`` ·
  ``副指挥长：协助分管副市长工作的市政府副秘书长，市应急局局长、…``;
* running text that founds a body: ``市政府建立“…联席会议”机制…联席会议由分管副市长…担任召集人``.

The body's name is the nearest heading above its list that names a body (一、吕梁市…工作专班 ·
附件 1 的标题 · 2.1 市火灾事故应急指挥部 · a table's title), list suffixes (组成人员名单, 名单及职责) cut
off. Its span is that heading's outline part. In it: the office (下设办公室，设在… · 办公室主任由…兼任),
the duties (the 主要职责 / 工作职责 items, ``职责：`` paragraphs), the meeting cadence (旬调度、月通报 ·
每年召开1－2次会议). An office with its own member list (办公室主任：吕文平（兼） · 副主任：…) is a body
of kind ``office`` with ``parent`` set.

Every fact keeps where it was printed: members their lines and the text as printed, the other
facts a `BodySource` (line span and original text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gongbao import patterns as P
from gongbao.models import Body, BodySource, Document, Line, Member, OutlineNode, Paragraph, Table
from gongbao.normalize import squash

# Ranks of roles in a list: a role ranked above the one before it starts a new list.
_HEAD, _EXEC, _DEPUTY, _SECRETARY, _MEMBER = range(5)
_SENTENCE_PUNCT = re.compile(r"[，,。；;！!？?：:]")
_LIST_SEPARATOR = re.compile(r"[、，,；;]")
_SHORT_PAREN = re.compile(r"^[^（(]{0,2}[（(][^（）()]*[）)]$")
_UNIT_TAIL = re.compile(r"(?:及|等)?(?:其他)?(?:相关|有关)?(?:部门|单位)$|等$")
_NOT_A_UNIT = re.compile(r"根据|确定|视情|按照|需要")
_DUTY_SPLIT = re.compile(rf"(?P<label>[{P.CJK}]{{0,16}}主要职责)\s*[:：]")
_EXCLUDED_DUTY = re.compile(r"办公室|成员单位|各单位|分工|相关单位")
_OFFICE_ITEM = re.compile(r"^(?:[^，。；]{0,12}?)(?:工作专班|专班|领导小组|指挥部|指挥中心|联席会议|委员会)?办公室")
_NAME_PREFIX = re.compile(r"^(?:吕梁市|市级|市)")
_MARKDOWN = re.compile(r"^[#>\-*\s|]+")


def find_bodies(doc: Document) -> list[Body]:
    """The bodies a document sets up or lists, in the order printed."""
    ctx = _Context(doc)
    blocks = list(_blocks(ctx))
    bodies: list[_Draft] = []
    for block in blocks:
        parent = _last_main(bodies)
        if parent is not None and _is_office_block(ctx, block, parent):
            bodies.append(_office_draft(ctx, block, parent))
            continue
        named = _name_source(ctx, block, bodies)
        if named is None:
            if parent is not None:  # a list broken by a line between its parts
                parent.blocks.append(block)
            continue
        name, para = named
        same = next((b for b in bodies if b.name_para is para and b.kind != "office"), None)
        if same is not None:
            same.blocks.append(block)
            continue
        bodies.append(_Draft(name=name, kind=_kind(name, block), name_para=para, blocks=[block], found_in=block.found_in))
    _set_scopes(ctx, bodies)
    for draft in bodies:
        _fill(ctx, draft, bodies)
    bodies += _prose_bodies(ctx, bodies)
    out = [d.body(ctx) for d in bodies if d.members or d.found_in == "prose"]
    return sorted(out, key=lambda b: (b.line_start, b.kind == "office"))


# --- The document as the extractor reads it ---------------------------------------------------


class _Context:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lines = sorted(doc.lines, key=lambda l: l.no)
        self.by_no = {l.no: l for l in self.lines}
        self.paragraphs = sorted(doc.paragraphs, key=lambda p: p.line_start)
        self.nodes = [n for root in doc.outline for n in root.walk()]
        self.starts: dict[int, OutlineNode] = {}
        for node in self.nodes:
            if node.kind != "title" and node.line_start not in self.starts:
                self.starts[node.line_start] = node
        self.tables = [t for t in doc.tables if _is_member_table(t)]
        self.table_lines = {no for t in doc.tables for no in range(t.line_start, t.line_end + 1)}
        self.head_end = _head_end(doc, self.lines)

    def raw(self, start: int, end: int) -> str:
        return "\n".join(l.raw.strip() for l in self.lines if start <= l.no <= end)

    def paragraph_at(self, no: int) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.line_start <= no <= p.line_end), None)

    def is_heading(self, line: Line) -> bool:
        node = self.starts.get(line.no)
        if node is not None and node.kind not in ("title",):
            return True
        return bool(_dotted_heading(line.raw) or P.ATTACHMENT_HEAD.match(line.text) or P.DATE_LINE.match(line.text))


def _head_end(doc: Document, lines: list[Line]) -> int:
    """The line of the document number: the title is printed above it."""
    for line in lines[:40]:
        if P.DOC_NUMBER_LINE.match(line.text):
            return line.no
    return doc.line_start


def _dotted_heading(raw: str) -> int:
    """2.1 市火灾事故应急指挥部 → 2 (its level); 0 when the line is no dotted heading."""
    m = P.DECIMAL_HEADING.match(raw)
    if not m or not re.search(r"[.．]", m["number"]):
        return 0
    return len(re.findall(r"\d+", m["number"]))


def _decimal_level(raw: str) -> int:
    """Like _dotted_heading, but also a one-number heading printed alone: 3 风险防控."""
    level = _dotted_heading(raw)
    if level:
        return level
    if re.match(rf"^\s*\d{{1,2}}\s+[{P.CJK}]{{2,12}}\s*$", raw):
        return 1
    return 0


# --- Member lists: blocks of role lines and member tables --------------------------------------


@dataclass
class _Entry:
    """One member as printed over one or more lines, before it is parsed."""

    role: str
    text: str
    first: int
    last: int
    raws: list[str]
    from_role_line: bool

    def add(self, line: Line) -> None:
        self.text += line.text.strip()
        self.last = line.no
        self.raws.append(line.raw.strip())


@dataclass
class _Block:
    start: int
    end: int
    found_in: str = "list"
    items: list[_Entry | Member] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    table: Table | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)  # non-member cells (an office sentence)
    duties: list[tuple[str, int]] = field(default_factory=list)  # duty cells of the head rows
    office_duties: list[tuple[str, int]] = field(default_factory=list)

    def members(self) -> list[Member]:
        out: list[Member] = []
        for item in self.items:
            out += _parse_entry(item) if isinstance(item, _Entry) else [item]
        return out


def _blocks(ctx: _Context) -> Iterator[_Block]:
    block: _Block | None = None
    entry: _Entry | None = None
    role: str | None = None

    def close() -> Iterator[_Block]:
        nonlocal block, entry, role
        if block is not None and entry is not None:
            block.items.append(entry)
        members = block.members() if block is not None else []
        if block is not None and members:
            # A trailing line that parsed as no member (a wrapped sentence) is no part of the list.
            block.end = max([block.table.line_end if block.table else 0, *(m.line_end or 0 for m in members)])
            yield block
        block, entry, role = None, None, None

    tables = {t.line_start: t for t in ctx.tables}
    skip_to = 0
    for line in ctx.lines:
        if line.no <= skip_to:
            continue
        table = tables.get(line.no) or next((t for t in ctx.tables if t.line_start <= line.no <= t.line_end), None)
        if table is not None:
            members, notes, duties, office_duties, last_role = _table_members(ctx, table)
            if block is None or block.found_in == "table":
                yield from close()
                block = _Block(start=table.line_start, end=table.line_end, found_in="table", table=table)
            elif entry is not None:
                block.items.append(entry)
                entry = None
            block.items += members
            block.roles += [m.role for m in members]
            block.notes += notes
            block.duties += duties
            block.office_duties += office_duties
            block.end = table.line_end
            role = last_role or role
            skip_to = table.line_end
            continue
        text = line.text.strip()
        m = P.MEMBER_ROLE_LINE.match(text)
        if m:
            new_role = squash(m["role"]) or ""
            if block is not None and _restarts(block.roles, new_role):
                yield from close()
            if block is None:
                block = _Block(start=line.no, end=line.no)
            elif entry is not None:
                block.items.append(entry)
            entry = None
            role = new_role
            block.roles.append(new_role)
            block.end = line.no
            rest = m["rest"].strip()
            if rest:
                entry = _Entry(new_role, rest, line.no, line.no, [line.raw.strip()], True)
            continue
        if block is None:
            continue
        if ctx.is_heading(line) or P.DUTY_LABEL.match(text) or line.no in ctx.table_lines:
            yield from close()
            continue
        if entry is not None and _continues(entry, text):
            entry.add(line)
            block.end = line.no
            continue
        if _SENTENCE_PUNCT.search(text) or role is None:
            yield from close()
            continue
        if entry is not None:
            block.items.append(entry)
        entry = _Entry(role, text, line.no, line.no, [line.raw.strip()], False)
        block.end = line.no
    yield from close()


def _rank(role: str) -> int:
    role = role.removeprefix("办公室")
    if role in ("成员", "成员单位", "委员", "联络员"):
        return _MEMBER
    if role in ("秘书长", "副秘书长"):
        return _SECRETARY
    if role.startswith("常务") or role == "执行组长":
        return _EXEC
    if role.startswith("副"):
        return _DEPUTY
    return _HEAD


def _restarts(seen: list[str], role: str) -> bool:
    """组长 after 成员, or an office's 主任 after the body's members: a new list begins."""
    if not seen:
        return False
    if role in P.OFFICE_ROLES and seen[0] not in P.OFFICE_ROLES and role.startswith("办公室"):
        return True
    return _rank(role) < max(_rank(r) for r in seen)


def _continues(entry: _Entry, text: str) -> bool:
    """Is this line the rest of the member printed above it (a wrapped position or list)?"""
    if re.match(r"^[、，,。；;）)]", text):
        return True  # a wrap just before the separator: …市住建局局长 / 、市城市管理局局长、…
    if _complete(entry):
        return bool(_SHORT_PAREN.match(squash(text) or ""))
    if _list_mode(entry):
        return True
    tokens = text.split()
    if len(tokens) >= 2 and _split_person(text)[0] is not None:
        return False
    return not _SENTENCE_PUNCT.search(text)


def _list_mode(entry: _Entry) -> bool:
    """A role line that names no person: its rest is a post or a list of units or posts, which a
    hard wrap may break anywhere (成员单位：市应急局，… · 副指挥长：协助分管副市长工作的市 / 政府副秘书长，…)."""
    return entry.from_role_line and _split_person(entry.text)[0] is None


def _complete(entry: _Entry) -> bool:
    text = squash(entry.text) or ""
    if not text:
        return True
    if text.count("（") + text.count("(") != text.count("）") + text.count(")"):
        return False
    if text[-1] in "。；;":
        return True
    if text[-1] in "、，,":
        return False
    name, rest, _ = _split_person(entry.text)
    if name is not None and not rest:
        return True
    if P.POSITION_END.search(text):
        return True
    return entry.role in P.UNIT_ROLES and bool(P.UNIT_END.search(text)) and not _list_mode(entry)


# --- Members -----------------------------------------------------------------------------------


def _split_person(text: str) -> tuple[str | None, str, str | None]:
    """任 忠 市委常委、 → (任忠, 市委常委、, None) ; 吕文平（兼） → (吕文平, '', 兼) ; 市政府副市长 → (None, …)."""
    tokens = text.split()
    if not tokens:
        return None, "", None
    if len(tokens[0]) == 1 and len(tokens) >= 2 and 1 <= len(tokens[1]) <= 2:
        cand, used = tokens[0] + tokens[1], 2  # 任 忠 · 高 博 · 王 建强
    else:
        cand, used = tokens[0], 1
    note = None
    m = P.PERSON_NOTE.search(cand)
    if m:
        note, cand = m["note"], cand[: m.start()]
    if _is_name(cand):
        return cand, "".join(tokens[used:]), note
    return None, "".join(tokens), None


def _is_name(text: str) -> bool:
    if not P.PERSON_NAME.match(text) or P.TITLE_ONLY.match(text) or text[0] in "市县省区各本":
        return False
    if P.UNIT_END.search(text) or re.search(r"(?:[市县区局部处科队]长|主任|书记|经理|委员|领导)$", text):
        return False
    return True


def _parse_entry(entry: _Entry) -> list[Member]:
    text = entry.text.strip()
    original = "\n".join(entry.raws)
    where = {"line": entry.first, "line_end": entry.last, "original": original}
    if _list_mode(entry) or (entry.from_role_line and entry.role in P.UNIT_ROLES):
        return _list_members(entry.role, text, where)
    name, rest, note = _split_person(text)
    if name is not None:
        position = squash(rest) or None
        return [Member(entry.role, name, position, _unit_of(position), note=note, **where)]
    position = (squash(text) or "").rstrip("。；;")
    if not position or not (P.POSITION_END.search(position) or position.endswith("）")):
        return []  # a stray line (a signature, a note), not a post
    return [Member(entry.role, None, position, _unit_of(position), **where)]


def _list_members(role: str, text: str, where: dict[str, Any]) -> list[Member]:
    """成员单位：A、B，C及相关部门。 · 副指挥长：X，Y、Z。 · 成员：A、B…等单位分管负责人。"""
    text = (squash(text) or "").split("。")[0].rstrip("；;")
    items = [i for i in _split_top(text) if i]
    shared = None
    if items:
        m = P.UNITS_SHARED_POSITION.search(items[-1])
        if m:
            shared, items[-1] = m["position"], items[-1][: m.start()]
    if not items:
        return []
    posts = [i for i in items if P.POSITION_END.search(i)]
    if role not in P.UNIT_ROLES and len(posts) == len(items):
        if len(items) > 1 and not shared:
            return [Member(role, None, i, _unit_of(i), **where) for i in items]
        return [Member(role, None, text, None, **where)]
    units = [i for i in items if not _NOT_A_UNIT.search(i)]
    if role not in P.UNIT_ROLES and not all(P.UNIT_END.search(_UNIT_TAIL.sub("", u) or u) for u in units):
        return [Member(role, None, text, None, **where)] if P.POSITION_END.search(text) else []
    return [Member(role, None, shared, u, **where) for u in units]


def _split_top(text: str) -> list[str]:
    """Split at 、，； outside brackets: 事发地县（市、区）政府 is one item."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and _LIST_SEPARATOR.match(ch):
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [o.strip() for o in out]


def _unit_of(position: str | None) -> str | None:
    """市规划和自然资源局局长 → 市规划和自然资源局 ; 市公安局交通警察支队队长 → 市公安局交通警察支队 ;
    None for a post of no single unit (市委副书记、市长 · 副市长)."""
    if not position or _LIST_SEPARATOR.search(position):
        return None
    best = None
    for k in range(2, len(position)):
        head, tail = position[:k], position[k:]
        if P.UNIT_END.search(head) and P.POSITION_TITLE.match(tail) and "的" not in head and not head[0].isdigit():
            best = head
    return best


# --- Member tables -----------------------------------------------------------------------------


def _is_member_table(table: Table) -> bool:
    firsts = [r[0] for r in table.rows if r and r[0].strip()]
    thirds = [r[2] for r in table.rows if len(r) >= 4 and r[2].strip()]
    return any(P.MEMBER_ROLE_LINE.match(c) or P.MEMBER_ROLE_CELL.match(c) for c in firsts + thirds)


def _row_lines(ctx: _Context, table: Table) -> list[int]:
    """The source line of each row (rows are printed one a line; a lost one takes its neighbour's)."""
    lines = [l for l in ctx.lines if table.line_start <= l.no <= table.line_end]
    out: list[int] = []
    j = 0
    for row in table.rows:
        key = next((squash(c) for c in row if squash(c)), "") or ""
        key = key[:4]
        found = next((k for k in range(j, len(lines)) if key and key in (squash(lines[k].text) or "")), None)
        if found is None:
            out.append(out[-1] if out else table.line_start)
        else:
            out.append(lines[found].no)
            j = found + 1
    return out


def _table_members(
    ctx: _Context, table: Table
) -> tuple[list[Member], list[tuple[int, str]], list[tuple[str, int]], list[tuple[str, int]], str | None]:
    rows = [[c.strip() for c in r] for r in table.rows]
    nos = _row_lines(ctx, table)
    firsts = [r[0] for r in rows if r and r[0]]
    role_first = bool(firsts) and sum(bool(P.MEMBER_ROLE_CELL.match(c)) for c in firsts) * 2 >= len(firsts)
    members: list[Member] = []
    notes: list[tuple[int, str]] = []
    duties: list[tuple[str, int]] = []
    office_duties: list[tuple[str, int]] = []
    role: str | None = None
    if role_first:
        for row, no in zip(rows, nos):
            cells = list(row) + [""] * (3 - len(row))
            if cells[0] and not P.MEMBER_ROLE_CELL.match(cells[0]) and not cells[-1]:
                cells = ["", *cells[:-1]]  # the role column left empty without its tab
            m = P.MEMBER_ROLE_CELL.match(cells[0])
            if m:
                role = squash(m["role"])
            if role is None:
                continue
            rest = [c for c in cells[1:]]
            original = "\t".join(c for c in row if c)
            where = {"line": no, "line_end": no, "original": original}
            name, after, note = _split_person(rest[0])
            if name is not None and (after or len(rest) >= 2 and rest[1] and not _SENTENCE_PUNCT.search(rest[1])):
                position = squash(after or rest[1]) or None
                members.append(Member(role, name, position, _unit_of(position), note=note, **where))
                continue
            text = squash(rest[0]) or ""
            duty = " ".join(c for c in rest[1:] if c).strip() or None
            if not text:
                continue
            if role in P.UNIT_ROLES or not P.POSITION_END.search(text):
                members.append(Member(role, None, None, text, duty=duty, **where))
            else:
                members.append(Member(role, None, text, _unit_of(text), **where))
                for label, piece in _duty_pieces(duty or ""):
                    (office_duties if "办公室" in label else duties).append((piece, no))
        return members, notes, duties, office_duties, role
    # Two members a row: a list printed in two columns. Read the left column, then the right one.
    left = [(r[0] if len(r) > 0 else "", r[1] if len(r) > 1 else "", no) for r, no in zip(rows, nos)]
    right = [(r[2], r[3] if len(r) > 3 else "", no) for r, no in zip(rows, nos) if len(r) >= 3]
    for name_cell, post_cell, no in left + right:
        if not name_cell and not post_cell:
            continue
        if _SENTENCE_PUNCT.sub("", name_cell) != name_cell and not P.MEMBER_ROLE_LINE.match(name_cell):
            notes.append((no, name_cell))  # 领导小组办公室设在…。办公室主任由…兼任。
            continue
        m = P.MEMBER_ROLE_LINE.match(name_cell) or P.MEMBER_ROLE_CELL.match(name_cell)
        if m:
            role = squash(m["role"])
            name_cell = m.groupdict().get("rest") or ""
        if role is None:
            continue
        where = {"line": no, "line_end": no, "original": "\t".join(c for c in (name_cell, post_cell) if c)}
        name, after, note = _split_person(name_cell)
        position = squash(after + post_cell) or None
        if name is not None:
            members.append(Member(role, name, position, _unit_of(position), note=note, **where))
        elif position:
            members.append(Member(role, None, squash(name_cell + post_cell), _unit_of(position), **where))
    return members, notes, duties, office_duties, role


def _duty_pieces(text: str) -> list[tuple[str, str]]:
    """市指挥部主要职责：…。 市指挥部办公室主要职责：…。 → [(label, duty sentence), …]."""
    parts = list(_DUTY_SPLIT.finditer(text))
    out: list[tuple[str, str]] = []
    if not parts:
        return [("", s) for s in _sentences(text)]
    for i, m in enumerate(parts):
        end = parts[i + 1].start() if i + 1 < len(parts) else len(text)
        out += [(m["label"], s) for s in _sentences(text[m.end() : end])]
    return out


def _sentences(text: str) -> list[str]:
    text = re.sub(r"\s+", "", text)
    return [s for s in re.findall(r"[^。]+。?", text) if s.strip("。")]


# --- Names, kinds, offices ---------------------------------------------------------------------


@dataclass
class _Draft:
    name: str
    kind: str
    name_para: Paragraph | None
    blocks: list[_Block]
    found_in: str = "list"
    parent: _Draft | None = None
    office_para: Paragraph | None = None
    start: int = 0
    end: int = 0
    members: list[Member] = field(default_factory=list)
    office: str | None = None
    office_director: str | None = None
    duties: list[tuple[str, int, int]] = field(default_factory=list)
    office_duties: list[str] = field(default_factory=list)
    cadence: tuple[str, int, int] | None = None
    sources: dict[str, BodySource] = field(default_factory=dict)

    def body(self, ctx: _Context) -> Body:
        return Body(
            name=self.name,
            kind=self.kind,
            members=self.members,
            office=self.office,
            office_director=self.office_director,
            duties=[d for d, _, _ in self.duties],
            meeting_cadence=self.cadence[0] if self.cadence else None,
            line_start=self.start,
            line_end=self.end,
            doc_number=ctx.doc.doc_number,
            parent=self.parent.name if self.parent else None,
            found_in=self.found_in,
            office_duties=list(self.office_duties),
            sources=dict(self.sources),
            duty_sources=[BodySource(a, b, ctx.raw(a, b)) for _, a, b in self.duties],
        )


def body_name(text: str) -> str | None:
    """一、吕梁市气象高质量发展工作专班 → 吕梁市气象高质量发展工作专班 ; 吕梁市…联席会议 组成人员名单 →
    吕梁市…联席会议 ; 2.1 市火灾事故应急指挥部 → 市火灾事故应急指挥部 ; （一）工作专班组成人员 → None
    (a generic name); a sentence → None."""
    text = _MARKDOWN.sub("", text or "").strip()
    text = P.BODY_HEADING_NUMBER.sub("", text, count=1)
    text = (squash(text) or "").rstrip("。.：:")
    if not text or _SENTENCE_PUNCT.search(text):
        return None
    for _ in range(2):
        text = P.BODY_LIST_SUFFIX.sub("", text)
    m = P.BODY_NAME.match(text)
    if not m or P.BODY_GENERIC.match(m["name"]) or P.BODY_NOT_A_NAME.search(m["name"]):
        return None
    return m["name"]


def _kind(name: str, block: _Block | None = None) -> str:
    for word, kind in P.BODY_KINDS:
        if name.endswith(word):
            return kind
    roles = block.roles if block else []
    if any("指挥" in r for r in roles):
        return "command"
    if any("召集人" in r for r in roles):
        return "joint_meeting"
    return "other"


def _last_main(drafts: list[_Draft]) -> _Draft | None:
    return next((d for d in reversed(drafts) if d.kind != "office" or d.parent is None), None)


def _name_source(ctx: _Context, block: _Block, drafts: list[_Draft]) -> tuple[str, Paragraph | None] | None:
    """The nearest heading above the list that names a body (a table's title first)."""
    if block.table is not None and block.table.title:
        name = body_name(block.table.title)
        if name:
            para = ctx.paragraph_at(block.table.line_start - 1) or _para_with(ctx, block.table.title, block.start)
            return name, para
    floor = max((b.end for d in drafts for b in d.blocks if b.end < block.start), default=0)
    for para in reversed(ctx.paragraphs):
        if para.line_end >= block.start or para.line_start <= ctx.head_end:
            continue
        if para.line_start <= floor:
            break
        name = body_name(para.text)
        if name:
            return name, para
    return None


def _para_with(ctx: _Context, title: str, before: int) -> Paragraph | None:
    key = squash(title)
    for para in reversed(ctx.paragraphs):
        if para.line_start < before and key and key in (squash(para.text) or ""):
            return para
    return None


def _is_office_block(ctx: _Context, block: _Block, parent: _Draft) -> bool:
    """办公室主任：… / 主任：油晓峰（兼） after 下设办公室 — the list of the body's office."""
    if not block.roles or block.roles[0] not in P.OFFICE_ROLES:
        return False
    if block.roles[0].startswith("办公室"):
        return True
    return _office_para(ctx, block, parent) is not None


def _office_para(ctx: _Context, block: _Block, parent: _Draft | None) -> Paragraph | None:
    floor = max((b.end for b in parent.blocks), default=0) if parent else 0
    seen = 0
    for para in reversed(ctx.paragraphs):
        if para.line_end >= block.start:
            continue
        if para.line_start <= floor or seen >= 4:
            break
        seen += 1
        if P.NAMED_OFFICE.search(squash(para.text) or "") or "下设办公室" in (squash(para.text) or ""):
            return para
    return None


def _office_draft(ctx: _Context, block: _Block, parent: _Draft) -> _Draft:
    para = _office_para(ctx, block, parent)
    text = squash(para.text) if para else ""
    m = P.NAMED_OFFICE.search(text or "")
    named = m["name"] if m else "办公室"
    named = named.split("下设")[-1]
    name = parent.name + ("办公室" if named == "办公室" else named)
    draft = _Draft(name=name, kind="office", name_para=para, blocks=[block], found_in=block.found_in, parent=parent, office_para=para)
    if text:
        at = P.OFFICE_AT.search(text[m.start():] if m else text)
        if at:
            draft.office = (at["host"] or at["led"] or "").strip() or None
    return draft


# --- Spans, offices, duties, cadence -----------------------------------------------------------


def _set_scopes(ctx: _Context, drafts: list[_Draft]) -> None:
    for draft in drafts:
        first = min(b.start for b in draft.blocks)
        last = max(b.end for b in draft.blocks)
        para = draft.name_para
        start = para.line_start if para is not None and para.line_start <= first else first
        end = last
        if draft.kind == "office":
            node = ctx.starts.get(start)
            if node is not None and node.kind not in ("attachment", "title"):
                end = max(end, node.line_end)
            else:
                end = max(end, _duty_paragraphs_after(ctx, last))
        else:
            end = max(end, _scope_end(ctx, start, last))
        draft.start, draft.end = start, end
    mains = [d for d in drafts if d.kind != "office"]
    for i, draft in enumerate(mains):
        later = [d.start for d in mains[i + 1 :] if d.start > draft.start]
        if later:
            draft.end = max(min(draft.end, min(later) - 1), max(b.end for b in draft.blocks))


def _scope_end(ctx: _Context, start: int, last: int) -> int:
    """The end of the outline part headed at `start`, else of the part holding it, else of the
    dotted-numbered part (2.1 …) it heads."""
    line = ctx.by_no.get(start)
    level = _decimal_level(line.raw) if line is not None else 0
    if level:
        for para in ctx.paragraphs:
            if para.line_start > last:
                raw = ctx.by_no[para.line_start].raw if para.line_start in ctx.by_no else para.text
                other = _decimal_level(raw)
                if other and other <= level:
                    return para.line_start - 1
        return ctx.doc.line_end
    node = ctx.starts.get(start)
    if node is not None and node.kind != "title":
        return node.line_end
    holders = [n for n in ctx.nodes if n.line_start <= start <= n.line_end and n.kind != "title"]
    if holders:
        return min(holders, key=lambda n: n.line_end - n.line_start).line_end
    return _duty_paragraphs_after(ctx, last)


def _duty_paragraphs_after(ctx: _Context, last: int) -> int:
    """A list's span runs on over the paragraphs right after it up to the next heading."""
    end = last
    for line in ctx.lines:
        if line.no <= last:
            continue
        if ctx.is_heading(line) or P.MEMBER_ROLE_LINE.match(line.text):
            break
        end = line.no
    return end


def _fill(ctx: _Context, draft: _Draft, drafts: list[_Draft]) -> None:
    for block in draft.blocks:
        draft.members += block.members()
    if draft.name_para is not None:
        p = draft.name_para
        draft.sources["name"] = BodySource(p.line_start, p.line_end, ctx.raw(p.line_start, p.line_end))
    others = [(d.start, d.end) for d in drafts if d is not draft and d.parent is not draft and draft.start <= d.start <= draft.end]
    nested_offices = [(d.start, d.end) for d in drafts if d.parent is draft]
    member_lines = {no for b in draft.blocks for no in range(b.start, b.end + 1)}

    def outside(a: int, b: int, also: list[tuple[int, int]] = ()) -> bool:  # type: ignore[assignment]
        return not any(s <= a <= e or s <= b <= e for s, e in [*others, *also])

    paras = [p for p in ctx.paragraphs if draft.start <= p.line_start <= draft.end and p.line_start not in member_lines]
    notes = [(no, text) for b in draft.blocks for no, text in b.notes]
    # The office: where it sits and who directs it.
    if draft.kind == "office":
        if draft.office_para is not None:
            p = draft.office_para
            draft.sources["office"] = BodySource(p.line_start, p.line_end, ctx.raw(p.line_start, p.line_end))
        head = next((m for m in draft.members if m.role.removeprefix("办公室") == "主任"), None)
        if draft.parent is not None:
            parent = draft.parent
            if parent.office is None and draft.office and draft.name.endswith(parent.name + "办公室"):
                parent.office = draft.office
                parent.sources.setdefault("office", draft.sources.get("office") or BodySource(draft.start, draft.start, ""))
            if parent.office_director is None and head is not None and draft.name.endswith(parent.name + "办公室"):
                parent.office_director = head.person or head.position
                parent.sources["office_director"] = BodySource(head.line or 0, head.line_end or 0, head.original)
    else:
        texts = [(p.line_start, p.line_end, squash(p.text) or "", ctx.raw(p.line_start, p.line_end)) for p in paras if outside(p.line_start, p.line_end)]
        texts += [(no, no, squash(t) or "", t) for no, t in notes]
        for a, b, text, raw in texts:
            m = P.OFFICE_HOST.search(text)
            if m and draft.office is None:
                draft.office = m["host"].strip()
                draft.sources["office"] = BodySource(a, b, raw)
            d = P.OFFICE_DIRECTOR.search(text)
            if d and draft.office_director is None and ("办公室" in text):
                draft.office_director = (d["who"] or d["who2"]).strip()
                draft.sources["office_director"] = BodySource(a, b, raw)
    # Duties: the 职责 parts of its span, 职责： paragraphs, duty cells of its table.
    _collect_duties(ctx, draft, others + nested_offices, member_lines)
    for block in draft.blocks:
        for text, no in block.duties:
            draft.duties.append((text, no, no))
        draft.office_duties += [t for t, _ in block.office_duties]
    if draft.kind == "office" and not draft.duties and draft.parent is not None:
        draft.duties = [(t, draft.start, draft.end) for t in draft.parent.office_duties]
    # The meeting cadence: in its span, else a sentence below it that names the body.
    draft.cadence = _cadence(ctx, [p for p in paras if outside(p.line_start, p.line_end, nested_offices)])
    if draft.cadence is None and draft.kind != "office":
        short = _short_name(draft.name)
        later = [
            p for p in ctx.paragraphs
            if p.line_start > draft.end and short in (squash(p.text) or "")
            and not any(d.start <= p.line_start <= d.end for d in drafts)
        ]
        draft.cadence = _cadence(ctx, later, must_name=short)
    if draft.cadence is not None:
        text, a, b = draft.cadence
        draft.sources["meeting_cadence"] = BodySource(a, b, ctx.raw(a, b))


def _short_name(name: str) -> str:
    for word, _ in P.BODY_KINDS:
        if name.endswith(word):
            return word
    return name


def _collect_duties(ctx: _Context, draft: _Draft, excluded: list[tuple[int, int]], member_lines: set[int]) -> None:
    def free(a: int, b: int) -> bool:
        return not any(s <= a <= e or s <= b <= e for s, e in excluded)

    covered: list[tuple[int, int]] = []
    for node in sorted(ctx.nodes, key=lambda n: n.line_start):
        if node.kind in ("title", "attachment") or not (draft.start < node.line_start <= draft.end):
            continue
        if any(s <= node.line_start <= e for s, e in covered) or not free(node.line_start, node.line_start):
            continue
        heading = squash(node.heading) or ""
        if not P.DUTY_HEADING.search(heading):
            continue
        if "办公室" in heading and not re.search(r"成员单位|各单位", heading):
            covered.append((node.line_start, node.line_end))  # 二、领导小组办公室工作职责
            items = [_item_text(ctx, c) for c in node.children] or [_own_text(ctx, node)]
            draft.office_duties += [i for i in items if i]
            continue
        if _EXCLUDED_DUTY.search(heading):
            continue
        covered.append((node.line_start, node.line_end))
        own = _own_text(ctx, node)
        for s in _sentences(own):
            draft.duties.append((s, node.line_start, node.children[0].line_start - 1 if node.children else node.line_end))
        if node.children:
            for child in node.children:
                if not free(child.line_start, child.line_end) or any(no in member_lines for no in range(child.line_start, child.line_end + 1)):
                    continue
                _add_item(ctx, draft, child)
    # 职责：… — looked for line by line (a paragraph may have been run on from the list above it).
    for line in ctx.lines:
        if not (draft.start <= line.no <= draft.end) or not free(line.no, line.no) or line.no in member_lines:
            continue
        if any(s <= line.no <= e for s, e in covered) or not P.DUTY_LABEL.match(line.text):
            continue
        i, para = next(((k, p) for k, p in enumerate(ctx.paragraphs) if p.line_start <= line.no <= p.line_end), (-1, None))
        if para is None:
            continue
        whole = squash(para.text) or ""
        at = whole.find(squash(line.text) or "")
        m = P.DUTY_LABEL.match(whole[max(at, 0) :])
        if not m:
            continue
        text, end = m["text"], para.line_end
        for nxt in ctx.paragraphs[i + 1 :]:  # a markdown line hard-wrapped into two paragraphs
            head = ctx.by_no.get(nxt.line_start)
            if text.endswith(("。", "；", ";")) or nxt.line_start > draft.end or head is None or ctx.is_heading(head):
                break
            text, end = text + (squash(nxt.text) or ""), nxt.line_end
        for s in _sentences(text):
            draft.duties.append((s, line.no, end))


def _own_text(ctx: _Context, node: OutlineNode) -> str:
    """A node's text as printed: its paragraphs up to its first child, the number and heading cut off."""
    own_end = node.children[0].line_start - 1 if node.children else node.line_end
    text = "".join(squash(p.text) or "" for p in ctx.paragraphs if node.line_start <= p.line_start <= own_end)
    number = squash(node.number or "") or ""
    if number and text.startswith(number):
        text = text[len(number):]
    heading = squash(node.heading) or ""
    if heading and text.startswith(heading):
        text = text[len(heading):].lstrip("。.：:")
    return text


def _item_text(ctx: _Context, node: OutlineNode) -> str:
    """A numbered item as printed, its number cut off."""
    own_end = node.children[0].line_start - 1 if node.children else node.line_end
    text = "".join(squash(p.text) or "" for p in ctx.paragraphs if node.line_start <= p.line_start <= own_end)
    number = squash(node.number or "") or ""
    return text[len(number):] if number and text.startswith(number) else text


def _add_item(ctx: _Context, draft: _Draft, node: OutlineNode) -> None:
    """One numbered duty item: 1. 负责…。 · 1．工作专班工作职责。贯彻… (a labelled item) ·
    2. 工作专班办公室主要负责… (its office's)."""
    own_end = node.children[0].line_start - 1 if node.children else node.line_end
    text = _item_text(ctx, node)
    label, _, rest = text.partition("。")
    if rest and P.DUTY_HEADING.search(label) and len(label) <= 20:
        target = draft.office_duties if "办公室" in label else None
        for s in _sentences(rest):
            if target is not None:
                target.append(s)
            else:
                draft.duties.append((s, node.line_start, own_end))
        return
    if _OFFICE_ITEM.match(text):
        draft.office_duties.append(text)
        return
    if text:
        draft.duties.append((text, node.line_start, own_end))


def _cadence(ctx: _Context, paras: list[Paragraph], must_name: str | None = None) -> tuple[str, int, int] | None:
    """The first clause that says how often the body meets, and the ones right after it that do too —
    looked for first under a 工作机制 / 工作制度 heading, then anywhere. With `must_name`, only in a
    sentence whose subject names the body (工作专班和指挥中心原则上每年召开…)."""
    mechanism = [n for n in ctx.nodes if re.search(r"机制|制度", n.heading or "") and n.kind != "title"]
    in_mechanism = [p for p in paras if any(n.line_start <= p.line_start <= n.line_end for n in mechanism)]
    for para in [*in_mechanism, *[p for p in paras if p not in in_mechanism]]:
        text = squash(para.text) or ""
        for sentence in re.split(r"[。；;]", text):
            if re.match(r"^(?:\d{1,2}|[（(]\S{1,3}[）)]|[一二三四五六七八九十]{1,3})[.．、）)]?[^，,]{0,12}$", sentence):
                continue  # an item's heading: 2. 定期组织调度
            if must_name:
                at = sentence.find(must_name)
                first = re.split(r"[，,]", sentence)[0]
                if at < 0 or at > 12 or must_name not in first:
                    continue
            clauses = re.split(r"[，,]", sentence)
            for i, clause in enumerate(clauses):
                if P.MEETING_CADENCE.search(clause):
                    run = [clause]
                    for nxt in clauses[i + 1 :]:
                        if not P.MEETING_CADENCE.search(nxt):
                            break
                        run.append(nxt)
                    return "，".join(run), para.line_start, para.line_end
    return None


# --- Bodies founded in running text ------------------------------------------------------------


def _prose_bodies(ctx: _Context, drafts: list[_Draft]) -> list[_Draft]:
    known = {_key(d.name) for d in drafts}
    spans = [(d.start, d.end) for d in drafts]
    out: list[_Draft] = []
    for i, para in enumerate(ctx.paragraphs):
        if para.line_start <= ctx.head_end or para.line_start in ctx.table_lines:
            continue
        if any(s <= para.line_start <= e for s, e in spans):
            continue
        text = squash(para.text) or ""
        if text.startswith(("附件", "附：")):
            continue
        for m in P.BODY_FOUNDING.finditer(text):
            subject = re.split(r"[，,。；;：:]", text[: m.start()])[-1]
            if "各" in subject or "上级" in subject or "下级" in subject:
                continue
            for name in _founded_names(text[m.start("names") - (1 if text[m.start("names") - 1 : m.start("names")] in "“\"" else 0) :]):
                if _key(name) in known or name.startswith(("本", "各")) or P.BODY_GENERIC.match(name):
                    continue
                known.add(_key(name))
                out.append(_prose_draft(ctx, name, para, ctx.paragraphs[i + 1 : i + 3]))
    return out


def _key(name: str) -> str:
    return _NAME_PREFIX.sub("", name)


def _founded_names(text: str) -> list[str]:
    """“吕梁市…联席会议”机制 → [吕梁市…联席会议] ; A工作专班和B指挥中心（以下简称…） → [A…, B…]."""
    if text[:1] in "“\"":
        end = re.search(r"[”\"]", text[1:])
        inner = text[1 : end.start() + 1] if end else text[1:]
        name = body_name(inner)
        return [name] if name else []
    head = re.split(r"[，,。；;（(：:]", text)[0]
    pieces: list[str] = []
    carry = ""
    for piece in re.split(r"(、|和)", head):
        if piece in ("、", "和"):
            carry += piece if carry else ""
            continue
        carry += piece
        m = re.search(rf"^(.*(?:{'|'.join(w for w, _ in P.BODY_KINDS if len(w) > 1)}))", carry)
        if m and len(carry) - len(m.group(1)) <= 10:
            pieces.append(m.group(1))
            carry = ""
    return [n for n in (body_name(p) for p in pieces) if n]


def _prose_draft(ctx: _Context, name: str, para: Paragraph, following: list[Paragraph]) -> _Draft:
    short = _short_name(name)
    paras = [para]
    for nxt in following:
        line = ctx.by_no.get(nxt.line_start)
        text = squash(nxt.text) or ""
        if (line is not None and ctx.is_heading(line)) or not text.startswith((short, "办公室", "领导小组", "联席会议", "专班")):
            break
        paras.append(nxt)
    draft = _Draft(name=name, kind=_kind(name), name_para=para, blocks=[], found_in="prose")
    draft.start, draft.end = para.line_start, paras[-1].line_end
    draft.sources["name"] = BodySource(para.line_start, para.line_end, ctx.raw(para.line_start, para.line_end))
    for p in paras:
        text = squash(p.text) or ""
        raw = ctx.raw(p.line_start, p.line_end)
        # Only what the founding sentence's body is given: from its name on in the first paragraph.
        if p is para:
            at = text.find(name)
            text = text[at:] if at >= 0 else text
        for m in P.PROSE_ROLE.finditer(text):
            role = m["role"] or m["role2"]
            who = (m["who"] or m["who2"] or "").strip()
            if not who or "办公室" in who:
                continue
            where = {"line": p.line_start, "line_end": p.line_end, "original": m.group(0)}
            if role in P.UNIT_ROLES or (role == "成员" and P.UNIT_END.search(who) and not P.POSITION_END.search(who)):
                draft.members.append(Member(role, None, None, who, **where))
            else:
                draft.members.append(Member(role, None, who, None, **where))
        h = P.OFFICE_HOST.search(text)
        if h and draft.office is None:
            draft.office = h["host"].strip()
            draft.sources["office"] = BodySource(p.line_start, p.line_end, raw)
        d = P.OFFICE_DIRECTOR.search(text)
        if d and draft.office_director is None:
            draft.office_director = (d["who"] or d["who2"]).strip()
            draft.sources["office_director"] = BodySource(p.line_start, p.line_end, raw)
    draft.cadence = _cadence(ctx, paras)
    if draft.cadence is not None:
        _, a, b = draft.cadence
        draft.sources["meeting_cadence"] = BodySource(a, b, ctx.raw(a, b))
    return draft
