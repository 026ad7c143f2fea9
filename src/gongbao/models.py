"""Plain data types passed between the pipeline stages.

read → layout → segment → (structure → extract) → store → serve. Each stage takes and returns
these types only; no stage reaches into another's internals.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from collections.abc import Iterator
from typing import Any


@dataclass(frozen=True)
class SourceText:
    """A decoded input file (stage `read`)."""

    name: str  # file name as given to the user (basename)
    path: str
    sha256: str
    size: int
    encoding: str
    text: str
    warnings: tuple[str, ...] = ()
    line_pages: tuple[int, ...] = ()  # a PDF's: the page each line of `text` was printed on
    line_paragraphs: tuple[int, ...] = ()  # a DOCX's: the body element (paragraph or table) of each line
    meta: tuple[tuple[str, str], ...] = ()  # a web page's <meta> fields: title, published, source
    # The file itself when it is no text file (PDF, DOCX, a web page): kept, so the original can be
    # opened at a document's page. Its media type beside it.
    original: bytes | None = field(default=None, repr=False)
    media_type: str | None = None
    # The number of the first line of `text` in the file: 1, or later for a window of a file read
    # as a stream (read.stream), so that every line keeps its number in the whole file.
    first_line: int = 1

    @property
    def raw_lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class Line:
    """One non-blank source line after layout repair (stage `layout`).

    `no` is the 1-based line number in the source file; `text` is the repaired line (markdown
    markers removed, spaced labels and numbers closed up); `raw` is the line as printed.
    """

    no: int
    text: str
    raw: str
    page_start: bool = False  # first line of a page in a PDF-to-text dump (leading space)
    after_web_furniture: bool = False  # a web page's furniture was dropped just above it
    after_rule: bool = False  # a horizontal rule (——————, the 红头's red line) stands just above it


@dataclass
class Layout:
    source: SourceText
    lines: list[Line]
    rendering: str  # "pdf-text" (hard-wrapped dump) or "markdown"
    wrap_width: int  # typical width of a hard-wrapped line, 0 when lines are paragraphs
    furniture: list[tuple[int, str]] = field(default_factory=list)  # (line no, why dropped)
    running_headers: list[str] = field(default_factory=list)
    page_metadata: dict[str, str] = field(default_factory=dict)  # a web page's 发文字号/成文日期/… box
    converted_from: str | None = None  # "traditional" when the text was converted to simplified


@dataclass
class Paragraph:
    text: str
    line_start: int
    line_end: int


@dataclass
class Consultation:
    unit: str
    phone: str
    line: int | None = None


@dataclass
class Attachment:
    label: str  # 附件 / 附件1
    title: str
    line: int | None = None  # where the 附件 list names it
    body_start: int | None = None  # where the attachment itself is printed (structure stage)
    body_end: int | None = None


@dataclass
class GazetteIssue:
    """The gazette issue a file is (when it has a masthead or running header)."""

    name: str | None = None  # 吕梁市人民政府公报
    year: int | None = None
    number: int | None = None  # issue number within the year (第2期, 2021 · 4)
    total_number: int | None = None  # 总第N期
    published: str | None = None  # ISO date

    def is_empty(self) -> bool:
        return not any(asdict(self).values())


@dataclass
class OutlineNode:
    """A numbered part of a document: 第三章, 一、, （一）, 1., （1）, ①, 专栏 1-2, 附件 1."""

    kind: str  # chapter section article cn paren_cn arabic paren_arabic circled box attachment
    number: str | None  # as printed, whitespace removed: 第三章 / （1） / 专栏1-2
    value: int | None  # the numeral as an integer (None for 专栏 and unnumbered 附件)
    heading: str
    text: str  # the node's own text, children excluded
    line_start: int
    line_end: int  # children included
    children: list[OutlineNode] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # numbering gaps / disorder as printed

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "value": self.value,
            "heading": self.heading,
            "text": self.text,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "flags": list(self.flags),
            "children": [c.to_json() for c in self.children],
        }

    def walk(self) -> Iterator[OutlineNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Table:
    """A table rebuilt as header + rows of cells (whitespace inside cells kept as printed)."""

    title: str | None
    header: list[str]
    rows: list[list[str]]
    line_start: int
    line_end: int
    groups: list[str | None] = field(default_factory=list)  # the group row (一、经济发展) each row is under
    warnings: list[str] = field(default_factory=list)
    row_lines: list[tuple[int, int]] = field(default_factory=list)  # each row's first and last source line

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "header": list(self.header),
            "rows": [list(r) for r in self.rows],
            "groups": list(self.groups),
            "row_lines": [list(span) for span in self.row_lines],
            "line_start": self.line_start,
            "line_end": self.line_end,
            "warnings": list(self.warnings),
        }


@dataclass
class Task:
    """An item that assigns work: its responsible units and deadline (extract stage)."""

    no: str | None  # its number as printed (（1）, 1.), None for an unnumbered paragraph
    text: str
    units: list[str]  # every unit of the responsibility clause, in order, as printed
    lead_units: list[str]  # marked 牵头
    cooperating_units: list[str]  # marked 配合
    deadline: str | None  # ISO
    deadline_text: str | None  # as printed
    line_start: int
    line_end: int
    clause: str  # the responsibility clause as printed
    node: str | None = None  # the outline path: 二、 › （一） › 1. › （1）
    standing_units: list[str] = field(default_factory=list)  # 以下均需…落实 said above it
    unit_ids: list[str | None] = field(default_factory=list)  # the canonical unit of each of `units`

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Target:
    """A quantitative target: indicator, comparator, value, unit, year (extract stage)."""

    indicator: str
    comparator: str | None  # = ≤ ≥ < > ≈
    value: float | None  # None when the target is words (完成省下达目标任务)
    value_text: str | None  # as printed
    unit: str | None
    year: int | None
    scope: str  # city | county | zone
    source: str  # table | prose
    text: str
    line_start: int
    line_end: int
    baseline: str | None = None
    baseline_year: int | None = None
    annual_growth: str | None = None
    annual_growth_value: float | None = None
    attribute: str | None = None  # 预期性 / 约束性
    group: str | None = None
    aspiration: bool = False  # 力争: a stretch goal

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Citation:
    """Another document this one cites, by 发文字号, 《title》 or both, and how (extract stage)."""

    doc_number: str | None  # normalised 发文字号 of the cited document; None if only a title is cited
    title: str | None  # the cited 《title》 without the marks, whitespace removed; None if only a number
    relation: str  # answers | implements | amends | repeals | replaces | cites
    text: str  # the sentence it was found in, as in the paragraph
    line_start: int
    line_end: int
    issuer: str | None = None  # the issuer named before the title: 省政府办公厅《关于…》

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BodySource:
    """Where a fact was printed: its line span and the text as printed."""

    line_start: int
    line_end: int
    text: str


@dataclass
class Member:
    """A member of a body: by role, person and position, or a member unit."""

    role: str  # 组长 / 常务副组长 / 副组长 / 成员 / 指挥长 / 召集人 / 主任 … as printed, spaces removed
    person: str | None  # 张广勇 (padding removed: 任 忠 → 任忠); None when the member is a unit or a vacant post
    position: str | None  # 市委副书记、市长 (a title wrapped over lines joined back)
    unit: str | None = None  # a unit member (成员单位), or the unit a single position belongs to
    line: int | None = None
    line_end: int | None = None
    note: str | None = None  # 兼 in 吕文平（兼）
    duty: str | None = None  # a member unit's duty (指挥机构及职责 tables)
    original: str = ""  # the member as printed (its lines, or its table cells)


@dataclass
class Body:
    """A leading group, work team, command, committee or joint meeting (extract stage)."""

    name: str  # 吕梁市推动大规模设备更新和消费品以旧换新工作专班
    kind: str  # leading_group | work_team | command | committee | joint_meeting | office | other
    members: list[Member]
    office: str | None  # the office's host unit: 领导小组下设办公室，设在市规划和自然资源局 → 市规划和自然资源局
    office_director: str | None  # 办公室主任由卫海平兼任 → 卫海平
    duties: list[str]
    meeting_cadence: str | None  # 工作专班实行旬调度、月通报机制 · 每年召开1－2次会议 … as printed
    line_start: int
    line_end: int
    doc_number: str | None = None
    parent: str | None = None  # an office's body
    found_in: str = "list"  # list (role lines) | table | prose (a founding sentence)
    office_duties: list[str] = field(default_factory=list)
    sources: dict[str, BodySource] = field(default_factory=dict)  # name, office, office_director, meeting_cadence
    duty_sources: list[BodySource] = field(default_factory=list)  # one per duty

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ContentsEntry:
    """One line of the gazette's 目录."""

    doc_number: str
    title: str  # as listed (often without the issuer)
    page: int | None
    section: str | None  # 市政府文件 / 市政府办公室文件
    line: int


@dataclass
class Document:
    """One official document (公文) with its GB/T 9704 elements."""

    source: str
    line_start: int
    line_end: int
    doc_number: str | None = None
    issuer: str | None = None
    title: str | None = None
    doc_type: str | None = None
    recipients: str | None = None
    signed_date: str | None = None
    public: bool = False
    consultation: list[Consultation] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    text: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # the repaired lines of its span, boxes left out
    outline: list[OutlineNode] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    # The strings as printed, before normalisation (doc number, date, title, disclosure note).
    original: dict[str, str | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Where it stands in its file beyond lines: {"pages": [first, last]} of a PDF, {"paragraphs":
    # [first, last]} (body elements, 0-based) of a DOCX; None for text.
    place: dict[str, list[int]] | None = None

    def to_json(self, gazette: GazetteIssue | None = None) -> dict[str, Any]:
        return {
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "title": self.title,
            "doc_type": self.doc_type,
            "recipients": self.recipients,
            "signed_date": self.signed_date,
            "public": self.public,
            "consultation": [{"unit": c.unit, "phone": c.phone} for c in self.consultation],
            "attachments": [
                {"label": a.label, "title": a.title, "line_start": a.body_start, "line_end": a.body_end} for a in self.attachments
            ],
            "line_start": self.line_start,
            "line_end": self.line_end,
            "place": self.place,
            "source": self.source,
            "gazette": None if gazette is None or gazette.is_empty() else asdict(gazette),
            "original": dict(self.original),
            "warnings": list(self.warnings),
            "outline": [node.to_json() for node in self.outline],
            "tables": [table.to_json() for table in self.tables],
            "tasks": [task.to_json() for task in self.tasks],
            "targets": [target.to_json() for target in self.targets],
            "citations": [citation.to_json() for citation in self.citations],
            "bodies": [body.to_json() for body in self.bodies],
            "text": self.text,
        }


@dataclass
class ParsedFile:
    """Everything the parse stages found in one file."""

    source: SourceText
    gazette: GazetteIssue
    documents: list[Document]
    contents: list[ContentsEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> list[dict[str, Any]]:
        return [d.to_json(self.gazette) for d in self.documents]
