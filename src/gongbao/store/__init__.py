"""The store stage: parsed files → SQLite (default) or PostgreSQL, idempotent and versioned.

A file is identified by its name. Ingesting it again with the same content (sha256) adds nothing;
with changed content it becomes a new version and the old version's rows stay. A document is
identified by its 文号 and issuer whatever file carries it (store.identity): of each document one
row is current, the latest content; copies and earlier versions stay, not current.
Each file is stored in one transaction, so an interrupted ingest leaves no partial version.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from sqlalchemy import Engine, create_engine, event, func, insert, inspect, select, text, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, selectinload

from gongbao.models import Document, GazetteIssue, ParsedFile
from gongbao.store.fulltext import fulltext_index
from gongbao.store.schema import (
    BODY_FIELDS,
    DOCUMENT_COLUMNS,
    ELSEWHERE,
    PARSE_FIELDS,
    AttachmentRow,
    Base,
    BlobRow,
    ConsultationRow,
    DocumentRow,
    DocumentNumberRow,
    DocumentUnitRow,
    PassageRow,
    Source,
    TaskRow,
)

__all__ = ["DEFAULT_URL", "IngestResult", "Store", "document_json", "open_store", "resolve_url"]

DEFAULT_URL = "sqlite:///gongbao.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000
INGEST_ATTEMPTS = 3

Status = Literal["added", "unchanged", "new-version"]


@dataclass(frozen=True)
class IngestResult:
    source: str  # file name
    status: Status
    version: int
    documents: int
    warnings: tuple[str, ...] = ()


# A file's new version with fewer than this share of the previous version's documents is likely
# truncated: said so on ingest (identity keeps the documents it lacks current).
TRUNCATION_SHARE = 0.5
IDENTITY_COLUMNS = {"doc_key", "content_sha", "is_current", "pinned"}
ADDED_COLUMNS = {("users", "email"): "VARCHAR(200)"}
AUDIT_GUARD_EXISTS = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_append_only'",
    "postgresql": "SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                  "WHERE t.tgname = 'audit_append_only' AND c.relname = 'audit' AND c.relnamespace = current_schema()::regnamespace",
}  # fmt: skip
AUDIT_GUARD = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_append_only BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the audit is append-only'; END $$",
        "CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
    ],
}  # fmt: skip


def resolve_url(url: str | None = None) -> URL:
    """`url`, else $GONGBAO_DB, else sqlite:///gongbao.db; plain postgresql:// uses psycopg 3."""
    u = make_url(url or os.environ.get("GONGBAO_DB") or DEFAULT_URL)
    # SQLAlchemy maps a bare postgresql:// to psycopg2, which is not installed.
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def open_store(url: str | None = None) -> Store:
    """Connect (see `resolve_url`) and create the tables if missing."""
    u = resolve_url(url)
    engine = create_engine(u, json_serializer=_json_dumps)
    if u.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    store = Store(engine)
    try:
        store.create_tables()
    except BaseException:
        store.close()
        raise
    return store


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Transactions that write: on SQLite they take the write lock up front (BEGIN IMMEDIATE).
        self._writer = engine.execution_options(gongbao_write=True)
        self.fulltext = fulltext_index(engine.dialect.name)

    @property
    def writer(self) -> Engine:
        """The engine for writes (on SQLite its transactions take the write lock at BEGIN)."""
        return self._writer

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def create_tables(self) -> None:
        # Usually they are there: look without taking SQLite's write lock, which a running
        # ingest may hold.
        wanted = {*Base.metadata.tables, *self.fulltext.table_names}
        have = set(inspect(self.engine).get_table_names())
        if not wanted <= have:
            with self._writer.begin() as conn:
                if conn.dialect.name == "postgresql":
                    # Serialise concurrent first runs, which would otherwise race on CREATE TABLE.
                    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('gongbao.store.schema'))"))
                Base.metadata.create_all(conn)  # the tables missing, those there left as they are
                self.fulltext.create(conn)
        if not {c["name"] for c in inspect(self.engine).get_columns("documents")} >= IDENTITY_COLUMNS:
            self._add_identity()  # a database made before documents had an identity across files
        if "documents" in have and TaskRow.__tablename__ not in have:
            self._track_all()  # a database made before the supervision ledger
        self._add_columns()
        self._guard_audit()

    def _guard_audit(self) -> None:
        """The audit is append-only in the database itself: UPDATE and DELETE of its rows fail,
        whoever connects (a trigger, made once)."""
        with self.engine.connect() as conn:
            exists = conn.execute(text(AUDIT_GUARD_EXISTS[conn.dialect.name])).first() is not None
        if not exists:
            with self._writer.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('gongbao.store.schema'))"))
                for statement in AUDIT_GUARD[conn.dialect.name]:
                    conn.execute(text(statement))

    def _add_columns(self) -> None:
        """Columns added to existing tables since they were made (nullable: old rows need none)."""
        inspector = inspect(self.engine)
        missing = [(table, column, ddl) for (table, column), ddl in ADDED_COLUMNS.items()
                   if column not in {c["name"] for c in inspector.get_columns(table)}]  # fmt: skip
        if missing:
            with self._writer.begin() as conn:
                for table, column, ddl in missing:
                    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:  # not a concurrent run's
                        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))

    def _track_all(self) -> None:
        from gongbao.store.tracking import sync_tasks

        with Session(self._writer) as session, session.begin():
            if session.scalar(select(TaskRow.id).limit(1)) is None:
                sync_tasks(session, session.scalars(select(DocumentRow.doc_key).where(DocumentRow.is_current)).all())

    def _add_identity(self) -> None:
        """A database made before documents had an identity across files: the columns added, and
        every document's key, content hash and current flag worked out from what is stored."""
        from gongbao.store.identity import content_hash, document_key, elect_current

        with Session(self._writer) as session, session.begin():
            conn = session.connection()
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('gongbao.store.schema'))"))
            have = {c["name"] for c in inspect(conn).get_columns("documents")}
            if IDENTITY_COLUMNS <= have:
                return  # a concurrent run did it
            backfill = "doc_key" not in have
            for ddl in ("doc_key VARCHAR(400)", "content_sha VARCHAR(64)", "is_current BOOLEAN NOT NULL DEFAULT true", "pinned BOOLEAN NOT NULL DEFAULT false"):
                if ddl.split()[0] not in have:
                    conn.execute(text(f"ALTER TABLE documents ADD COLUMN {ddl}"))
            for index in DocumentRow.__table__.indexes:
                if index.name in ("ix_documents_doc_key", "ix_documents_not_current"):
                    index.create(conn, checkfirst=True)
            if not backfill:
                return  # only `pinned` was missing
            columns = (DocumentRow.id, DocumentRow.doc_number, DocumentRow.issuer, DocumentRow.title, DocumentRow.recipients, DocumentRow.signed_date, DocumentRow.text)
            rows = conn.execute(select(*columns)).all()
            contacts: dict[int, list[dict[str, str]]] = {}
            for c in conn.execute(select(ConsultationRow.document_id, ConsultationRow.unit, ConsultationRow.phone).order_by(ConsultationRow.document_id, ConsultationRow.position)):
                contacts.setdefault(c.document_id, []).append({"unit": c.unit, "phone": c.phone})
            keys = []
            for r in rows:
                doc = {**r._asdict(), "consultation": contacts.get(r.id, [])}
                keys.append(document_key(doc))
                conn.execute(update(DocumentRow).where(DocumentRow.id == r.id).values(doc_key=keys[-1], content_sha=content_hash(doc)))
            elect_current(session, keys, session.scalars(select(Source.id)).all())

    def ingest(self, parsed: ParsedFile) -> IngestResult:
        """Store one parsed file in one transaction (see the module docstring for versions)."""
        return self.ingest_parts([parsed])

    def ingest_parts(self, parts: Iterable[ParsedFile]) -> IngestResult:
        """Store one file given as its parts (pipeline.parse_parts), in one transaction. The parts
        are taken as they come and their documents written and let go, so a file far larger than
        memory is stored in bounded memory; an error in a later part rolls the whole file back."""
        it = iter(parts)
        first = next(it)
        taken = [False]  # a later part was taken: a retry could not have it again

        def rest() -> Iterator[ParsedFile]:
            for part in it:
                taken[0] = True
                yield part

        for attempt in range(1, INGEST_ATTEMPTS + 1):
            try:
                with Session(self._writer) as session, session.begin():
                    return self._ingest(session, first, rest())
            except IntegrityError:
                # A concurrent ingest of the same name committed first (unique name+version or
                # one-current-per-name); the next attempt sees its row.
                if attempt == INGEST_ATTEMPTS or taken[0]:
                    raise
        raise AssertionError("unreachable")

    def unchanged(self, name: str, sha256: str) -> IngestResult | None:
        """What ingesting a file would say without parsing it, when its content is the current
        version under its name (and indexed): "unchanged". None when it is to be parsed and stored."""
        with Session(self.engine) as session:
            current = session.scalars(select(Source).where(Source.name == name, Source.is_current)).one_or_none()
            if current is None or current.sha256 != sha256 or not self._is_indexed(session, current):
                return None
            return IngestResult(name, "unchanged", current.version, self._count_documents(session, current.id))

    def _ingest(self, session: Session, first: ParsedFile, rest: Iterator[ParsedFile]) -> IngestResult:
        from gongbao.store.identity import elect_current
        from gongbao.store.tracking import sync_tasks

        src = first.source
        current = session.scalars(select(Source).where(Source.name == src.name, Source.is_current)).one_or_none()
        if current is not None and current.sha256 == src.sha256:
            if not self._is_indexed(session, current):  # stored by a gongbao without the search index
                rows = session.scalars(select(DocumentRow).where(DocumentRow.source_id == current.id).order_by(DocumentRow.seq)).all()
                self._index(session, rows, [d for part in (first, *rest) for d in part.documents])
            return IngestResult(src.name, "unchanged", current.version, self._count_documents(session, current.id))
        version = (session.scalar(select(func.max(Source.version)).where(Source.name == src.name)) or 0) + 1
        previous_keys: list[str | None] = []
        if current is not None:
            current.is_current = False
            previous_keys = list(session.scalars(select(DocumentRow.doc_key).where(DocumentRow.source_id == current.id)))
            session.flush()  # before the new current row goes in: the one-current index is unique
        g = first.gazette
        source = Source(
            name=src.name,
            sha256=src.sha256,
            size=src.size,
            encoding=src.encoding,
            version=version,
            ingested_at=datetime.now(UTC),
            is_current=True,
            warnings=[],
            gazette_name=g.name,
            gazette_year=g.year,
            gazette_number=g.number,
            gazette_total_number=g.total_number,
            gazette_published=g.published,
        )
        session.add(source)
        if src.original is not None and session.get(BlobRow, src.sha256) is None:
            session.add(BlobRow(sha256=src.sha256, size=len(src.original), media_type=src.media_type or "application/octet-stream", data=src.original))
        session.flush()  # the source's id; a concurrent ingest of the same name fails here, retryable
        keys: list[str | None] = []
        warnings: list[str] = []
        for part in itertools.chain([first], rest):
            warnings.extend(part.warnings)
            rows = [_document_row(len(keys) + i, doc) for i, doc in enumerate(part.to_json())]
            for row in rows:
                row.source_id = source.id  # not through source.documents: that list would hold every row
            session.add_all(rows)
            self._index(session, rows, part.documents)
            keys.extend(row.doc_key for row in rows)
            del rows  # flushed and unchanged: the session holds them weakly, and lets them go
        source.warnings = warnings
        elect_current(session, [*keys, *previous_keys], [source.id, *([current.id] if current is not None else [])])
        sync_tasks(session, [*keys, *previous_keys])
        notes = []
        if current is not None and len(keys) < TRUNCATION_SHARE * len(previous_keys):
            notes.append(
                f"{src.name}：新版本只有 {len(keys)} 份文件，上一版有 {len(previous_keys)} 份；"
                "新版本缺少的文件仍以上一版为准"
            )
        return IngestResult(src.name, "added" if version == 1 else "new-version", version, len(keys), tuple(notes))

    def _index(self, session: Session, rows: Sequence[DocumentRow], documents: Sequence[Document]) -> None:
        """Passages, units and full-text rows of documents just added (in the ingest transaction)."""
        from gongbao.search.tokens import Tokenizer
        from gongbao.store.indexing import index_document

        session.flush()  # document ids
        tokenizer = Tokenizer.default()
        indexes = [index_document(row.id, doc, tokenizer) for row, doc in zip(rows, documents, strict=True)]
        if passages := [p for i in indexes for p in i.passages]:
            session.execute(insert(PassageRow), passages)
        if units := [u for i in indexes for u in i.units]:
            session.execute(insert(DocumentUnitRow), units)
        if numbers := [i.number for i in indexes if i.number]:
            session.execute(insert(DocumentNumberRow), numbers)
        self.fulltext.add(session.connection(), [i.fulltext for i in indexes])

    @staticmethod
    def _count_documents(session: Session, source_id: int) -> int:
        return session.scalar(select(func.count()).select_from(DocumentRow).where(DocumentRow.source_id == source_id)) or 0

    def _is_indexed(self, session: Session, source: Source) -> bool:
        first_id = session.scalar(select(func.min(DocumentRow.id)).where(DocumentRow.source_id == source.id))
        return first_id is None or self.fulltext.has_document(session.connection(), first_id)

    def documents(self, *, current_only: bool = True, text: bool = True) -> list[dict[str, Any]]:
        """Stored documents as `ParsedFile.to_json()` items plus "id", "version", "sha256",
        ordered by file name, version and position in the file. `text=False` leaves out the
        body fields ("text"; "outline" and "tables", which carry the text too)."""
        return list(self.iter_documents(current_only=current_only, text=text))

    def iter_documents(self, *, current_only: bool = True, text: bool = True) -> Iterator[dict[str, Any]]:
        query = (
            select(DocumentRow, Source)
            .join(DocumentRow.source)
            .options(selectinload(DocumentRow.consultations), selectinload(DocumentRow.attachments))
            .order_by(Source.name, Source.version, DocumentRow.seq)
        )
        if current_only:
            query = query.where(DocumentRow.is_current)
        if not text:
            query = query.options(*(defer(getattr(DocumentRow, name)) for name in BODY_FIELDS))
        with Session(self.engine) as session:
            for row, source in session.execute(query.execution_options(yield_per=500)):
                yield document_json(row, source)

    def find(self, doc_number: str) -> list[dict[str, Any]]:
        """Current documents with this 发文字号, in any printed form (吕政办发[2021]39 号 …)."""
        from gongbao.normalize import doc_number as normal_doc_number
        from gongbao.normalize import squash

        wanted = normal_doc_number(doc_number) or squash(doc_number)
        query = (
            select(DocumentRow, Source)
            .join(DocumentRow.source)
            .options(selectinload(DocumentRow.consultations), selectinload(DocumentRow.attachments))
            .where(DocumentRow.is_current, DocumentRow.doc_number == wanted)
            .order_by(Source.name, DocumentRow.seq)
        )
        with Session(self.engine) as session:
            return [document_json(row, source) for row, source in session.execute(query)]

    def versions(self, doc_number_or_id: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """The current document with this 文号 (or id) and the versions of it, oldest first, each
        with the files that carry it (store.identity)."""
        from gongbao.normalize import doc_number as normal_doc_number
        from gongbao.normalize import squash
        from gongbao.store.identity import versions

        with Session(self.engine) as session:
            where = (
                DocumentRow.id == int(doc_number_or_id)
                if doc_number_or_id.isdigit()
                else DocumentRow.doc_number == (normal_doc_number(doc_number_or_id) or squash(doc_number_or_id))
            )
            row = session.execute(
                select(DocumentRow.id, DocumentRow.doc_key, DocumentRow.doc_number, DocumentRow.title)
                .where(where).order_by(DocumentRow.is_current.desc(), DocumentRow.id.desc())
            ).first()  # fmt: skip
            if row is None:
                return None, []
            if row.doc_key is None:
                return row._asdict(), [{"version": 1, "document_id": row.id, "content_sha": None, "is_current": True, "files": []}]
            return row._asdict(), versions(session, row.doc_key)

    def original(self, sha256: str) -> tuple[str, bytes] | None:
        """The media type and bytes of a stored original file, by its sha256."""
        with Session(self.engine) as session:
            blob = session.get(BlobRow, sha256)
            return (blob.media_type, blob.data) if blob is not None else None

    def has_original(self, sha256: str) -> bool:
        with Session(self.engine) as session:
            return session.scalar(select(BlobRow.sha256).where(BlobRow.sha256 == sha256)) is not None

    def mark_current(self, doc_number_or_id: str, version: int | None) -> dict[str, Any] | None:
        """Mark version `version` of a document current whatever arrives later (None: unmark, the
        latest is current again). Returns its versions, or None when there is no such document or
        version."""
        from gongbao.store.identity import mark_current
        from gongbao.store.tracking import sync_tasks

        head, found = self.versions(doc_number_or_id)
        ids = {v["version"]: v["document_id"] for v in found}
        if head is None or head["doc_key"] is None or (version is not None and version not in ids):
            return None
        with Session(self._writer) as session, session.begin():
            mark_current(session, head["doc_key"], ids[version] if version is not None else None)
            sync_tasks(session, [head["doc_key"]])
        return {"head": head, "versions": self.versions(doc_number_or_id)[1]}

    def document_text(self, doc_id: int) -> str | None:
        with Session(self.engine) as session:
            return session.scalar(select(DocumentRow.text).where(DocumentRow.id == doc_id))

    def export(self, out: TextIO, format: Literal["jsonl", "csv"] = "jsonl", *, text: bool | None = None,
               kind: Literal["documents", "tasks", "targets"] = "documents") -> int:  # fmt: skip
        """Write the current documents to `out`; returns how many rows. `text` (the body fields, see
        `documents`) defaults to True for jsonl and False for csv (a spreadsheet cell is no place
        for a whole document). CSV starts with a BOM, for Excel; `kind` tasks or targets writes
        one row per task or target instead (CSV only)."""
        from gongbao.store.export import BOM, TARGET_COLUMNS, TASK_COLUMNS, check_export, target_rows, task_rows, write_csv, write_jsonl, write_rows_csv

        if format not in ("jsonl", "csv"):
            raise ValueError(f"unknown export format {format!r} (jsonl or csv; xlsx: export_xlsx)")
        check_export(format, kind)
        if kind != "documents":
            docs = self.documents(current_only=True, text=False)
            if kind == "tasks":
                return write_rows_csv(out, TASK_COLUMNS, task_rows(docs, self.ledger()))
            return write_rows_csv(out, TARGET_COLUMNS, target_rows(docs))
        if format == "csv":
            out.write(BOM)
        with_text = (format == "jsonl") if text is None else text
        docs = self.iter_documents(current_only=True, text=with_text)
        if format == "jsonl":
            return write_jsonl(out, docs)
        return write_csv(out, docs, text=with_text)

    def export_xlsx(self, out: Any) -> dict[str, int]:
        """The current documents as an Excel workbook (store.export.write_xlsx) written to `out`
        (a path or a binary file); returns the rows of each sheet."""
        from gongbao.store.export import write_xlsx

        return write_xlsx(out, self.documents(current_only=True, text=True), self.ledger())

    def ledger(self, document_ids: list[int] | None = None) -> dict[tuple[int, int], dict[str, Any]]:
        """The supervision ledger's state (id, status, progress, version, deadline) of each tracked
        task still in its document — of these document rows, or all: {(document id, position in
        its tasks): state}."""
        query = select(TaskRow.id, TaskRow.document_id, TaskRow.position, TaskRow.status, TaskRow.progress, TaskRow.version,
                       TaskRow.deadline).where(TaskRow.vanished.is_(False))  # fmt: skip
        if document_ids is not None:
            query = query.where(TaskRow.document_id.in_(document_ids))
        with Session(self.engine) as session:
            rows = session.execute(query).all()
        return {(r.document_id, r.position): {"id": r.id, "status": r.status, "progress": r.progress, "version": r.version,
                                              "deadline": r.deadline} for r in rows}  # fmt: skip

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _document_row(seq: int, data: dict[str, Any]) -> DocumentRow:
    """A row from one item of ParsedFile.to_json()."""
    from gongbao.store.identity import content_hash, document_key

    return DocumentRow(
        seq=seq,
        doc_key=document_key(data),
        content_sha=content_hash(data),
        **{name: data[name] for name in DOCUMENT_COLUMNS},
        consultations=[ConsultationRow(position=i, unit=c["unit"], phone=c["phone"]) for i, c in enumerate(data["consultation"])],
        attachments=[
            AttachmentRow(position=i, label=a["label"], title=a["title"], line_start=a.get("line_start"), line_end=a.get("line_end"))
            for i, a in enumerate(data["attachments"])
        ],
        extra={k: v for k, v in data.items() if k not in DOCUMENT_COLUMNS and k not in ELSEWHERE},
    )


def document_json(row: DocumentRow, source: Source) -> dict[str, Any]:
    """The inverse of _document_row, plus the store's id, version and sha256."""
    # Deferred body columns are absent from __dict__; getattr would load them one row at a time.
    values: dict[str, Any] = {name: row.__dict__[name] for name in DOCUMENT_COLUMNS if name in row.__dict__}
    gazette = GazetteIssue(
        name=source.gazette_name,
        year=source.gazette_year,
        number=source.gazette_number,
        total_number=source.gazette_total_number,
        published=source.gazette_published,
    )
    values.update(
        consultation=[{"unit": c.unit, "phone": c.phone} for c in row.consultations],
        attachments=[{"label": a.label, "title": a.title, "line_start": a.line_start, "line_end": a.line_end} for a in row.attachments],
        source=source.name,
        gazette=None if gazette.is_empty() else asdict(gazette),  # as Document.to_json() has it
        **row.extra,
    )
    doc = {name: values.pop(name) for name in PARSE_FIELDS if name in values}
    doc.update(values)  # fields this version of gongbao doesn't know (stored by a newer one)
    doc.update(id=row.id, version=source.version, sha256=source.sha256)
    return doc


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # readable Chinese in the database's JSON text


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # We emit BEGIN ourselves (_sqlite_begin): pysqlite's own would start a write transaction
    # only at the first INSERT, after ingest has read which version is current.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")  # first: switching to WAL may wait too
    cursor.execute("PRAGMA journal_mode = WAL")  # readers don't block the writer; commits survive kill -9
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    write = conn.get_execution_options().get("gongbao_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
