"""The one service layer of the web app: the JSON API and the pages both call these methods.

Route handlers only translate HTTP to a call here and the result (or NotFound / Invalid) back.
Everything cross-document (who cites whom, a unit's tasks, the targets) is computed from the
current documents without their bodies, cached until a file is ingested.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, BinaryIO, Literal, TypeVar

from gongbao import search as search_stage
from gongbao.search.results import emptied_by
from gongbao import supervise
from gongbao.extract.citations import link_citations, title_key, title_keys
from gongbao.extract.orgs import UNLISTED, OrgRegistry, city_of, names_unit
from gongbao.models import Citation, ParsedFile
from gongbao.normalize import doc_number as normal_doc_number
from gongbao.store import Store
from gongbao.store import reads
from gongbao.store.export import check_export
from gongbao.store.identity import word_diff

MAX_LIMIT = 100
MAX_UPLOAD_BYTES = 256 * 1024 * 1024  # a PDF issue with its images; a text file beyond 8 MB is streamed
DEFAULT_LIMIT = 20  # every list of the API, unless its `limit` is given
MEMO_SIZE = 512  # results kept by Service.memo (a document page with its view is ~1 MB at most)
SCOPES = {"city": "全市", "county": "县级", "zone": "开发区"}  # Target.scope as the UI names it


T = TypeVar("T")


_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


class NotFound(LookupError):
    """An unknown id, 文号 or unit; the message is for the user."""


class Invalid(ValueError):
    """A parameter that cannot be used (beyond what the API's own validation catches)."""


# A piece of text to show, and how: None (plain), or a mark kind with an optional link.
Segment = tuple[str, str | None, str | None]


@dataclass
class Corpus:
    """The current documents without bodies, and what links them."""

    stamp: tuple[int, int]
    docs: list[dict[str, Any]]
    by_id: dict[int, dict[str, Any]] = field(default_factory=dict)
    by_number: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)  # title key → 文号
    cited_by: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for doc in self.docs:
            self.by_id[doc["id"]] = doc
            if doc["doc_number"]:
                self.by_number.setdefault(doc["doc_number"], doc)
        numbered = {n: [Citation(**c) for c in d.get("citations") or []] for n, d in self.by_number.items()}
        titles = {n: d["title"] for n, d in self.by_number.items() if d["title"]}
        self.cited_by = link_citations(numbered, titles)
        for number, title in titles.items():  # as link_citations resolves a title-only citation
            for key in title_keys(title):
                self.by_title.setdefault(key, number)

    def target(self, citation: dict[str, Any]) -> dict[str, Any] | None:
        """The stored document a citation points at, if any."""
        if citation.get("doc_number"):
            return self.by_number.get(citation["doc_number"])
        number = self.by_title.get(title_key(citation.get("title")))
        return self.by_number.get(number) if number else None


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "doc_number", "title", "issuer", "doc_type", "signed_date", "source")
    return {k: doc.get(k) for k in keys}


class Service:
    def __init__(self, store: Store, orgs: OrgRegistry | None = None) -> None:
        self.store = store
        self.orgs = orgs or OrgRegistry.default()
        self._corpus: Corpus | None = None
        self._lock = threading.Lock()
        self.caching = os.environ.get("GONGBAO_SERVE_CACHE", "1") != "0"
        self._memo: OrderedDict[Hashable, tuple[tuple[int, int], Any]] = OrderedDict()

    # -- the cross-document view ----------------------------------------------------------

    def corpus(self) -> Corpus:
        stamp = reads.corpus_stamp(self.store)
        corpus = self._corpus
        if corpus is None or corpus.stamp != stamp:
            with self._lock:
                if self._corpus is None or self._corpus.stamp != stamp:
                    self._corpus = Corpus(stamp, self.store.documents(current_only=True, text=False))
                corpus = self._corpus
        return corpus

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """make(), kept until a file is ingested (the corpus stamp changes), least recently used
        out first. Callers must not change what it returns. GONGBAO_SERVE_CACHE=0 turns it off."""
        if not self.caching:
            return make()
        stamp = self.corpus().stamp
        with self._lock:
            hit = self._memo.get(key)
            if hit is not None and hit[0] == stamp:
                self._memo.move_to_end(key)
                return hit[1]
        value = make()  # outside the lock: concurrent misses compute twice, harmlessly
        with self._lock:
            self._memo[key] = (stamp, value)
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    # -- issues and documents -------------------------------------------------------------

    def issues(self, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        items = reads.issues(self.store)
        return _page(items, limit, offset)

    def issue(self, issue_id: int) -> dict[str, Any]:
        found = reads.issue(self.store, issue_id)
        if found is None:
            raise NotFound(f"没有编号为 {issue_id} 的公报期次")
        return found

    def documents(self, *, issuer: str | None = None, doc_type: str | None = None, year: int | None = None,
                  source: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                  unit: str | None = None, sort: str = "newest", limit: int = 20, offset: int = 0) -> dict[str, Any]:  # fmt: skip
        """Current documents, filtered (an issuer or unit under any of its names), sorted."""
        issuers = self.orgs.names_of(issuer, self.doc_facets()["issuers"]) if issuer else None
        unit_id = (self.orgs.canonical_id(unit) or unit.strip()) if unit else None
        given = {"issuer": issuers, "doc_type": doc_type, "year": year, "source": source, "date_from": date_from.isoformat() if date_from else None,
                 "date_to": date_to.isoformat() if date_to else None, "unit": unit_id}  # fmt: skip
        total, items = reads.document_summaries(self.store, **given, sort=sort, limit=limit, offset=offset)
        notices = []
        if total == 0 and any(v is not None for v in given.values()):
            shown = {name: {"issuer": issuer, "unit": unit}.get(name, value) for name, value in given.items() if value is not None}
            notices = emptied_by(shown, lambda name: reads.document_summaries(self.store, **{**given, name: None}, limit=1)[0])
        return {"total": total, "limit": limit, "offset": offset, "items": items, "notices": notices}

    def doc_facets(self) -> dict[str, list[Any]]:
        """The values the documents' filters can take: issuers, 文种 and years of the current documents."""

        def make() -> dict[str, list[Any]]:
            docs = self.corpus().docs
            return {
                "issuers": sorted({d["issuer"] for d in docs if d.get("issuer")}),
                "doc_types": sorted({d["doc_type"] for d in docs if d.get("doc_type")}),
                "years": sorted({int(d["signed_date"][:4]) for d in docs if d.get("signed_date")}, reverse=True),
            }

        return self.memo(("doc_facets",), make)

    def resolve(self, key: str) -> int:
        """A document id from a numeric id or a 文号 in any printed form."""
        key = key.strip()
        if key.isdigit():
            if len(key) > 18:  # beyond any database id (a 64-bit integer): no such document
                raise NotFound(f"没有编号为 {key[:30]} 的文件")
            return int(key)
        number = normal_doc_number(key)
        doc = self.corpus().by_number.get(number) if number else None
        if doc is None:
            found = [d["id"] for d in self.store.find(key)] or search_stage.documents_named(self.store, key)
            if not found:
                raise NotFound(f"没有发文字号为 {key} 的文件")
            return found[0]
        return doc["id"]

    def document(self, key: str) -> dict[str, Any]:
        """A document with its bodies, its citations resolved to stored documents, and cited_by."""
        doc_id = self.resolve(key)
        doc = reads.document(self.store, doc_id)
        if doc is None:
            raise NotFound(f"没有编号为 {key} 的文件")
        corpus = self.corpus()
        for c in doc.get("citations") or []:
            target = corpus.target(c)
            c["document_id"] = target["id"] if target else None
        citing = corpus.cited_by.get(doc["doc_number"] or "", [])
        doc["cited_by"] = [
            {**summary(d), "relations": sorted({c["relation"] for c in d.get("citations") or [] if (t := corpus.target(c)) and t["id"] == doc["id"]})}
            for d in (corpus.by_number[n] for n in citing)
        ]
        return doc

    def versions(self, key: str) -> dict[str, Any]:
        """A document's versions (whatever files carry it), oldest first, the current one marked."""
        doc_id = self.resolve(key)
        head, found = self.store.versions(str(doc_id))
        if head is None:
            raise NotFound(f"没有编号为 {key} 的文件")
        return {"document_id": doc_id, "doc_number": head["doc_number"], "title": head["title"], "versions": found}

    def diff(self, key: str, a: int, b: int) -> dict[str, Any]:
        """What changed from version `a` to version `b` of a document, word by word."""
        found = self.versions(key)
        ids = {v["version"]: v["document_id"] for v in found["versions"]}
        for n in (a, b):
            if n not in ids:
                raise NotFound(f"该文件没有第{n}版（共{len(ids)}个版本）")
        old, new = (self.store.document_text(ids[n]) or "" for n in (a, b))
        pieces = [{"op": op, "text": text} for op, text in word_diff(old, new)]
        return {**found, "a": a, "b": b, "pieces": pieces, "changed": sum(p["op"] != "=" for p in pieces)}

    def original(self, sha256: str) -> tuple[str, bytes]:
        """A stored original file (PDF, DOCX, web page) by its sha256."""
        found = self.store.original(sha256.lower()) if _SHA256.fullmatch(sha256) else None
        if found is None:
            raise NotFound("没有这个原始文件")
        return found

    def document_page(self, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The document and its page view (document_view)."""
        doc_id = self.resolve(key)

        def make() -> tuple[dict[str, Any], dict[str, Any]]:
            doc = self.document(str(doc_id))
            doc["versions"] = self.versions(str(doc_id))["versions"]
            doc["has_original"] = self.store.has_original(doc["sha256"])
            city = city_of(doc.get("issuer"))
            for contact in doc.get("consultation") or []:
                contact["phones"] = phone_links(contact["phone"], city)
            return doc, document_view(doc, self.orgs)

        return self.memo(("document", doc_id), make)

    def graph(self, key: str) -> dict[str, Any]:
        """A document's citation neighbourhood: what it cites and who cites it, as nodes and links."""
        doc = self.document(key)
        nodes: dict[str, dict[str, Any]] = {}
        links = []

        def node(name: str, label: str, category: str, doc_id: int | None) -> str:
            nodes.setdefault(name, {"id": name, "name": label, "category": category, "document_id": doc_id})
            return name

        centre = node(f"doc:{doc['id']}", doc["doc_number"] or doc["title"] or str(doc["id"]), "本文", doc["id"])
        for c in doc.get("citations") or []:
            if c["document_id"]:
                target = self.corpus().by_id[c["document_id"]]
                name = node(f"doc:{target['id']}", target["doc_number"] or target["title"], "库内文件", target["id"])
            else:
                label = c["doc_number"] or f"《{c['title']}》"
                name = node(f"ext:{label}", label, "库外文件", None)
            links.append({"source": centre, "target": name, "relation": c["relation"]})
        for d in doc["cited_by"]:
            name = node(f"doc:{d['id']}", d["doc_number"] or d["title"], "引用本文", d["id"])
            links.append({"source": name, "target": centre, "relation": "、".join(d["relations"]) or "cites"})
        return {"document": summary(doc), "nodes": list(nodes.values()), "links": links}

    # -- search ---------------------------------------------------------------------------

    def search(self, q: str, *, issuer: str | None = None, doc_type: str | None = None, year: int | None = None,
               unit: str | None = None, limit: int = 10, offset: int = 0) -> dict[str, Any]:
        def make() -> dict[str, Any]:
            try:
                found = search_stage.search(self.store, q, issuer=issuer, doc_type=doc_type, year=year, unit=unit, limit=limit, offset=offset)
            except search_stage.QueryError as err:
                raise Invalid(str(err)) from None
            return found.to_json()

        return self.memo(("search", q, issuer, doc_type, year, unit, limit, offset), make)

    def ask(self, q: str) -> dict[str, Any]:
        def make() -> dict[str, Any]:
            try:
                return search_stage.ask(self.store, q).to_json()
            except search_stage.QueryError as err:
                raise Invalid(str(err)) from None

        return self.memo(("ask", q), make)

    # -- units and their tasks ------------------------------------------------------------

    def units(self, limit: int = 100, offset: int = 0) -> dict[str, Any]:
        """The units the tasks name, under their canonical names, by task count (as `gongbao orgs`)."""

        def make() -> list[dict[str, Any]]:
            tasks: dict[str, int] = defaultdict(int)
            leads: dict[str, int] = defaultdict(int)
            units: dict[str, Any] = {}
            for doc in self.corpus().docs:
                for task in doc.get("tasks") or []:
                    for name in dict.fromkeys(task["units"]):  # a unit named twice in a clause counts once
                        unit = self.orgs.resolve(name)
                        if unit is None:
                            continue
                        units[unit.id] = unit
                        tasks[unit.id] += 1
                        leads[unit.id] += name in task["lead_units"]
            return [{"id": uid, "full_name": units[uid].full_name, "kind": units[uid].kind, "tasks": n, "lead": leads[uid]}
                    for uid, n in sorted(tasks.items(), key=lambda kv: (-kv[1], kv[0]))]  # fmt: skip

        return _page(self.memo(("units",), make), limit, offset)

    def unit_tasks(self, name: str, *, today: dt.date | None = None, overdue_only: bool = False,
                   limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """Every task naming a unit (under any alias), by deadline; `overdue` relative to today."""
        today = today or dt.date.today()
        unit = self.orgs.resolve(name)
        wanted = unit.id if unit else name.strip()
        found = []
        named = False  # some task names it (a unit known only by its name's ending must be named)
        for doc in self.corpus().docs:
            for position, task in enumerate(doc.get("tasks") or []):
                if names_unit(task, wanted):
                    named = True
                    found.append((doc, position, task))
        ledger = supervise.states(self.store, sorted({doc["id"] for doc, _, _ in found}), today)
        rows = []
        for doc, position, task in found:
            state = ledger.get((doc["id"], position)) or {"id": None, "status": None, "progress": 0, "version": None,
                                                         "overdue": supervise.is_overdue(task.get("deadline"), "", today)}  # fmt: skip
            if overdue_only and not state["overdue"]:
                continue
            rows.append({**task, **state, "lead": names_unit(task, wanted, lead=True), "document": summary(doc)})
        if (unit is None or unit.kind == UNLISTED) and not named:
            raise NotFound(f"没有名为 {name} 的单位，也没有文件把任务交给它")
        rows.sort(key=lambda t: (t["deadline"] or "9999", t["document"]["doc_number"] or "", t["line_start"]))
        info = {"id": wanted, "full_name": unit.full_name if unit else None, "kind": unit.kind if unit else None,
                "aliases": list(unit.aliases) if unit else []}
        page = _page(rows, limit, offset)
        page.update(unit=info, today=today.isoformat(), overdue=sum(r["overdue"] for r in rows))
        return page

    # -- supervision: the task ledger --------------------------------------------------------

    def tasks(self, *, unit: str | None = None, status: str | None = None, overdue_only: bool = False,
              due_within: int | None = None, today: dt.date | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:  # fmt: skip
        today = today or dt.date.today()
        total, items = supervise.tasks_of(self.store, unit, status=status, today=today, orgs=self.orgs, overdue=overdue_only,
                                          due_within=due_within, limit=limit, offset=offset)  # fmt: skip
        overdue = total if overdue_only else supervise.tasks_of(self.store, unit, status=status, today=today, orgs=self.orgs, overdue=True, limit=0)[0]
        return {"total": total, "limit": limit, "offset": offset, "items": items, "today": today.isoformat(), "overdue": overdue}

    def task(self, task_id: int, today: dt.date | None = None) -> dict[str, Any]:
        return supervise.task(self.store, task_id, today)

    def report(self, user: Any, task_id: int, change: supervise.Report) -> dict[str, Any]:
        return supervise.report(self.store, user, task_id, change, orgs=self.orgs)

    def add_evidence(self, user: Any, task_id: int, name: str, data: bytes) -> dict[str, Any]:
        from gongbao.supervise.evidence import add_evidence

        return add_evidence(self.store, user, task_id, name, data, orgs=self.orgs)

    def evidence(self, task_id: int, sha256: str) -> tuple[str, str, bytes]:
        from gongbao.supervise.evidence import evidence_file

        return evidence_file(self.store, task_id, sha256)

    def ingest_upload(self, user: Any, name: str, upload: BinaryIO) -> dict[str, Any]:
        """Parse and store an uploaded gazette file as `gongbao ingest` does (a large text file
        streamed from a temporary copy, in bounded memory); its error, if any, in one line. Audited."""
        import tempfile
        from pathlib import Path, PurePath

        from gongbao.accounts import audit
        from gongbao.pipeline import parse_parts
        from gongbao.read import ReadError
        from sqlalchemy.orm import Session

        name = PurePath((name or "").replace("\\", "/")).name.strip()[:200]
        name = name if name not in ("", ".", "..") else "upload"
        with tempfile.TemporaryDirectory(prefix="gongbao-upload-") as folder:
            path = Path(folder) / name
            size = 0
            with path.open("wb") as out:  # copied a block at a time, never whole in memory; stopped past the limit
                while size <= MAX_UPLOAD_BYTES and (block := upload.read(1024 * 1024)):
                    out.write(block)
                    size += len(block)
            if size > MAX_UPLOAD_BYTES:
                return {"name": name, "ok": False, "error": f"文件过大（上限 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB）"}
            warnings: list[str] = []

            def named(parts: Iterable[ParsedFile]) -> Iterator[ParsedFile]:
                for part in parts:  # said of the file by its name, not by its temporary copy's path
                    part.warnings = [w.replace(str(path), name) for w in part.warnings]
                    warnings.extend(part.warnings)
                    yield part

            try:
                result = self.store.ingest_parts(named(parse_parts(path)))
            except ReadError as err:
                return {"name": name, "ok": False, "error": err.reason}
            warnings.extend(result.warnings)
        with Session(self.store.writer) as session, session.begin():
            audit(session, user.name, "gazette.upload", f"source:{name}", None,
                  {"status": result.status, "version": result.version, "documents": result.documents, "size": size})  # fmt: skip
        return {"name": name, "ok": True, "status": result.status, "version": result.version, "documents": result.documents,
                "warnings": warnings}  # fmt: skip

    def board(self, today: dt.date | None = None) -> dict[str, Any]:
        return supervise.board(self.store, today, self.orgs)

    def queue(self) -> list[dict[str, Any]]:
        return supervise.queue(self.store)

    def notice(self, month: str | None, format: Literal["docx", "pdf"], today: dt.date | None = None) -> tuple[str, str, bytes]:
        """The monthly 通报: its file name, media type and bytes."""
        from gongbao.supervise import notice

        today = today or dt.date.today()
        year, number = (int(p) for p in month.split("-")) if month else (today.year, today.month)
        if not 1 <= number <= 12:
            raise Invalid("月份须为 YYYY-MM")
        content = notice.content(self.board(today), supervise.tasks_of(self.store, today=today, orgs=self.orgs)[1], year, number, today)
        if format == "pdf":
            try:
                return f"督查通报-{year}年{number}月.pdf", "application/pdf", notice.pdf(content)
            except notice.NoFont as err:
                raise Invalid(str(err)) from None
        return f"督查通报-{year}年{number}月.docx", notice.DOCX, notice.docx(content)

    # -- targets --------------------------------------------------------------------------

    def targets(self, *, indicator: str | None = None, year: int | None = None, doc: str | None = None,
                limit: int = 100, offset: int = 0) -> dict[str, Any]:
        doc_id = self.resolve(doc) if doc else None
        rows = []
        for d in self.corpus().docs:
            if doc_id is not None and d["id"] != doc_id:
                continue
            for t in d.get("targets") or []:
                if indicator and indicator not in t["indicator"]:
                    continue
                if year is not None and t.get("year") != year:
                    continue
                rows.append({**t, "document": summary(d)})
        return _page(rows, limit, offset)

    def cockpit(self, *, indicator: str | None = None, doc: str | None = None) -> list[dict[str, Any]]:
        """The plan-indicator cockpit: per indicator, its actual values (baselines and entered
        values), goals, paths and limits, and whether it is on track (supervise.monitor)."""
        from gongbao.supervise import monitor

        rows = self.targets(doc=doc, limit=10**9)["items"]
        return monitor.cockpit(rows, monitor.actuals(self.store), indicator=indicator)

    def record_actual(self, user: Any, indicator: str, scope: str, year: int, value: float, note: str = "",
                      version: int | None = None) -> dict[str, Any]:  # fmt: skip
        from gongbao.supervise import monitor

        return monitor.record_actual(self.store, user, indicator, scope, year, value, note, version)

    # -- export ---------------------------------------------------------------------------

    def export(self, format: Literal["jsonl", "csv", "xlsx"], kind: Literal["documents", "tasks", "targets"] = "documents") -> bytes:
        if format == "xlsx":
            binary = io.BytesIO()
            self.store.export_xlsx(binary)
            return binary.getvalue()
        try:
            check_export(format, kind)
        except ValueError as err:
            raise Invalid(str(err)) from None
        out = io.StringIO()
        self.store.export(out, format, kind=kind)
        return out.getvalue().encode("utf-8")


@cache
def area_codes() -> dict[str, str]:
    rows = files("gongbao.data").joinpath("area_codes.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t")[:2] for line in rows if line and not line.startswith("#"))


_PHONE_SPLIT = re.compile(r"[、，,;；/\s]+")


def phone_links(phone: str, city: str | None) -> list[tuple[str, str | None]]:
    """Each number of a 政策咨询 phone field with its tel: link: a local number gets the area code
    of the issuer's city (吕梁 8224046 → tel:03588224046); a mobile or a number with its code as is."""
    code = area_codes().get(city or "")
    out: list[tuple[str, str | None]] = []
    for piece in (p for p in _PHONE_SPLIT.split(phone or "") if p):
        digits = re.sub(r"\D", "", piece)
        if (len(digits) == 11 and digits.startswith("1")) or (digits.startswith("0") and len(digits) >= 10):
            out.append((piece, f"tel:{digits}"))
        elif 7 <= len(digits) <= 8:
            out.append((piece, f"tel:{code}{digits}" if code else f"tel:{digits}"))
        else:
            out.append((piece, None))
    return out


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}


# -- marking up text (the pages escape every piece; nothing here is HTML) ----------------------


def highlight(text: str, spans: Iterable[Iterable[int]]) -> list[Segment]:
    """`text` cut at the [start, end) spans; the spans' pieces marked "hit"."""
    out: list[Segment] = []
    at = 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            out.append((text[at:start], None, None))
        out.append((text[start:end], "hit", None))
        at = end
    if at < len(text):
        out.append((text[at:], None, None))
    return out


class TermMarker:
    """Cuts text at every occurrence of a set of terms (longest first where they overlap)."""

    def __init__(self, terms: dict[str, tuple[str, str | None]]) -> None:
        self.terms = {t: v for t, v in terms.items() if t}
        alternatives = "|".join(re.escape(t) for t in sorted(self.terms, key=len, reverse=True))
        self.pattern = re.compile(alternatives) if alternatives else None

    def __call__(self, text: str) -> list[Segment]:
        if self.pattern is None:
            return [(text, None, None)]
        out: list[Segment] = []
        at = 0
        for m in self.pattern.finditer(text):
            if m.start() > at:
                out.append((text[at : m.start()], None, None))
            kind, href = self.terms[m.group()]
            out.append((m.group(), kind, href))
            at = m.end()
        if at < len(text):
            out.append((text[at:], None, None))
        return out


# -- the document page's view: paragraphs with marks and anchors, the outline to navigate ---------


ANCHOR_LOOKAHEAD = 200  # paragraphs


def document_view(doc: dict[str, Any], orgs: OrgRegistry) -> dict[str, Any]:
    """What the document page shows of the body: each paragraph cut into marked segments (units →
    their page, targets, deadlines), anchors where outline nodes start, and the navigation."""
    terms: dict[str, tuple[str, str | None]] = {}
    for t in doc.get("targets") or []:
        if t.get("value_text") and len(t["value_text"]) > 1:
            terms[t["value_text"]] = ("target", None)
    for task in doc.get("tasks") or []:
        if task.get("deadline_text"):
            terms[task["deadline_text"]] = ("deadline", None)
        for name, uid in zip(task["units"], task.get("unit_ids") or [None] * len(task["units"])):
            if len(name) > 1:
                terms[name] = ("unit", uid or orgs.canonical_id(name) or name)
    task_starts = [t["text"][:16] for t in doc.get("tasks") or [] if t.get("text")]

    paragraphs = [p for p in (doc.get("text") or "").split("\n") if p.strip()]
    squashed = [p.replace(" ", "") for p in paragraphs]
    nodes = [n for top in doc.get("outline") or [] for n in _walk(top, 0)]
    anchors: dict[int, str] = {}
    nav = []
    at = 0
    for node, depth in nodes:
        probe = (((node["number"] or "") + (node["heading"] or ""))[:12] or (node["text"] or "")[:12]).replace(" ", "")
        if not probe:
            continue
        # Nodes come in text order: look a bounded way ahead, so a node not found costs little.
        for i in range(at, min(len(paragraphs), at + ANCHOR_LOOKAHEAD)):
            if squashed[i].startswith(probe):
                anchor = f"L{node['line_start']}"
                anchors.setdefault(i, anchor)
                nav.append({"anchor": anchors[i], "number": node["number"], "heading": node["heading"] or node["text"][:24], "depth": depth})
                at = i + 1
                break
    mark = TermMarker(terms)
    body = [
        {
            "anchor": anchors.get(i),
            "task": any(s and s in p for s in task_starts),
            "segments": mark(p),
        }
        for i, p in enumerate(paragraphs)
    ]
    return {"paragraphs": body, "nav": nav}


HIGHLIGHT_PROBE_CHARS = 40


def with_highlight(view: dict[str, Any], passage: str) -> dict[str, Any]:
    """The view with the paragraph that holds `passage` (an answer's evidence) marked, so a link
    from the answer lands on that very paragraph and shows it, not the heading above it."""
    probe = re.sub(r"\s+", "", passage.split("\n", 1)[0])[:HIGHLIGHT_PROBE_CHARS]
    if not probe:
        return view
    paragraphs = []
    found = False
    for p in view["paragraphs"]:
        text = re.sub(r"\s+", "", "".join(seg[0] for seg in p["segments"]))
        if not found and probe in text:
            found = True
            p = {**p, "answer": True}
        paragraphs.append(p)
    return {**view, "paragraphs": paragraphs, "highlighted": found}


def _walk(node: dict[str, Any], depth: int) -> Iterable[tuple[dict[str, Any], int]]:
    yield node, depth
    for child in node.get("children") or []:
        yield from _walk(child, depth + 1)
