"""SQLAlchemy ORM tables of the store. Portable types only, so SQLite and PostgreSQL both work."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    LargeBinary,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from gongbao.models import Document

# The fields of a document in the parse output (ParsedFile.to_json()), in their order.
PARSE_FIELDS: list[str] = list(Document(source="", line_start=0, line_end=0).to_json())
# The fields that hold the document's body: large, and left out on request.
BODY_FIELDS = ("text", "outline", "tables")
# The fields stored as columns of `documents` under the same name. The others: consultation and
# attachments have their own tables, source and gazette are on the `sources` row.
DOCUMENT_COLUMNS = (
    "doc_number", "issuer", "title", "doc_type", "recipients", "signed_date", "public",
    "line_start", "line_end", "original", "warnings", "outline", "tables", "text",
)  # fmt: skip
ELSEWHERE = ("consultation", "attachments", "source", "gazette")


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time, always read back aware: SQLite keeps no zone and returns naive datetimes
    of what was stored in UTC; PostgreSQL returns them aware already."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    type_annotation_map = {
        str: Text,
        int: Integer,
        bool: Boolean,
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Source(Base):
    """One version of one input file, with the gazette issue it is (one issue per file)."""

    __tablename__ = "sources"
    __table_args__ = (
        UniqueConstraint("name", "version", name="uq_sources_name_version"),
        # At most one current version per file name, even with concurrent ingests.
        Index(
            "uq_sources_current_name",
            "name",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        Index("ix_sources_name_sha256", "name", "sha256"),
        # The few superseded versions, which search leaves out of its results.
        Index("ix_sources_superseded", "id", sqlite_where=text("NOT is_current"), postgresql_where=text("NOT is_current")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    encoding: Mapped[str] = mapped_column(String(64))
    version: Mapped[int]
    ingested_at: Mapped[datetime]
    is_current: Mapped[bool]
    warnings: Mapped[list[Any]] = mapped_column(default=list)  # file-level warnings of the parse

    gazette_name: Mapped[str | None]
    gazette_year: Mapped[int | None]
    gazette_number: Mapped[int | None]
    gazette_total_number: Mapped[int | None]
    gazette_published: Mapped[str | None] = mapped_column(String(10))  # ISO date, as parsed

    documents: Mapped[list[DocumentRow]] = relationship(
        back_populates="source", order_by="DocumentRow.seq", cascade="all, delete-orphan"
    )


class DocumentRow(Base):
    """One official document (公文) of a source version; `seq` is its position in the file."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("source_id", "seq", name="uq_documents_source_seq"),
        Index("ix_documents_doc_number", "doc_number"),
        Index("ix_documents_signed_date", "signed_date"),
        Index("ix_documents_doc_key", "doc_key"),
        # The copies and earlier versions of documents, which search leaves out of its results.
        Index("ix_documents_not_current", "id", sqlite_where=text("NOT is_current"), postgresql_where=text("NOT is_current")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    seq: Mapped[int]
    # One document, however many files carry it (store.identity): its identity, the hash of its
    # content, and whether this row is its current version (the others are copies or old versions).
    doc_key: Mapped[str | None] = mapped_column(String(400))
    content_sha: Mapped[str | None] = mapped_column(String(64))
    is_current: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    # A version a user marked current: it stays current whatever arrives later, until unmarked.
    pinned: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    doc_number: Mapped[str | None]
    issuer: Mapped[str | None]
    title: Mapped[str | None]
    doc_type: Mapped[str | None]
    recipients: Mapped[str | None]
    # ISO date string as the parser gives it: a String sorts and compares correctly and
    # round-trips without conversion on both backends.
    signed_date: Mapped[str | None] = mapped_column(String(10))
    public: Mapped[bool]
    line_start: Mapped[int]
    line_end: Mapped[int]
    original: Mapped[dict[str, Any]]
    warnings: Mapped[list[Any]]
    # The structure stage's output, as its to_json() gives it.
    outline: Mapped[list[Any]]
    tables: Mapped[list[Any]]
    text: Mapped[str]
    # Fields of the parse output this schema has no column for yet (added by a later stage), so
    # nothing is lost and documents() still returns exactly what the parser gave.
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    source: Mapped[Source] = relationship(back_populates="documents")
    consultations: Mapped[list[ConsultationRow]] = relationship(
        back_populates="document", order_by="ConsultationRow.position", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[AttachmentRow]] = relationship(
        back_populates="document", order_by="AttachmentRow.position", cascade="all, delete-orphan"
    )


class ConsultationRow(Base):
    """A 政策咨询 contact of a document."""

    __tablename__ = "consultations"
    __table_args__ = (UniqueConstraint("document_id", "position", name="uq_consultations_document_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int]
    unit: Mapped[str]
    phone: Mapped[str]

    document: Mapped[DocumentRow] = relationship(back_populates="consultations")


class BlobRow(Base):
    """A file's bytes, content-addressed (the original PDF, DOCX or web page of a source)."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class UserRow(Base):
    """An account: who may write, in which role (accounts.ROLES), for which unit (a liaison)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)  # for the daily digest
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, never the password
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)  # optimistic locking of concurrent edits


class TokenRow(Base):
    """An API token: only its SHA-256 is kept, so a copy of the database logs nobody in."""

    __tablename__ = "tokens"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class AuditRow(Base):
    """One write, append-only: who did what to which record, the state before and after."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_target", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(300))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class AttachmentRow(Base):
    """A 附件 listed by a document."""

    __tablename__ = "attachments"
    __table_args__ = (UniqueConstraint("document_id", "position", name="uq_attachments_document_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int]
    label: Mapped[str]
    title: Mapped[str]
    line_start: Mapped[int | None]  # the attachment's body, where the document prints it
    line_end: Mapped[int | None]

    document: Mapped[DocumentRow] = relationship(back_populates="attachments")


# Passage ids are document id × PASSAGES_PER_DOCUMENT + position, so one document's passages are
# one id range: the full-text index can rank within a document by a range, not a join.
PASSAGES_PER_DOCUMENT = 1 << 16


class PassageRow(Base):
    """A paragraph of a document as the search index has it: text, line span, outline path."""

    __tablename__ = "passages"
    __table_args__ = (Index("ix_passages_document_id", "document_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    seq: Mapped[int]
    line_start: Mapped[int]
    line_end: Mapped[int]
    path: Mapped[str | None]  # outline path: 二、重点任务 › （一）… › 1.…
    text: Mapped[str]


class DocumentUnitRow(Base):
    """A unit (canonical name) that a document's tasks name: the search facet 责任单位."""

    __tablename__ = "document_units"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    unit: Mapped[str] = mapped_column(primary_key=True)
    tasks: Mapped[int]  # how many of the document's tasks name it


class DocumentNumberRow(Base):
    """A document's 文号 in parts, so a lookup by year and number (50号 2021年) uses an index."""

    __tablename__ = "document_numbers"
    __table_args__ = (Index("ix_document_numbers_seq_year", "seq", "year"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    prefix: Mapped[str]  # 吕政办发
    year: Mapped[int]
    seq: Mapped[int]


class SettingRow(Base):
    """A setting the server keeps for itself (the key that signs session cookies)."""

    __tablename__ = "settings"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str]


# Task statuses, in the order of the lifecycle (supervise.lifecycle); 逾期 is derived, not stored.
TASK_STATUSES = ("未启动", "推进中", "已完成待核验", "已销号", "退回")


class TaskRow(Base):
    """A task of a document as the supervision ledger tracks it: a stable id, its status and
    progress. It belongs to the document's identity (doc_key), not to one stored row, so a new
    version of the document keeps it where the task is the same (store.tracking)."""

    __tablename__ = "tracked_tasks"
    __table_args__ = (Index("ix_tracked_tasks_doc_key", "doc_key"), Index("ix_tracked_tasks_document", "document_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(400))
    document_id: Mapped[int]  # the current row of its document that carries it
    position: Mapped[int]  # its index in that row's tasks
    no: Mapped[str | None] = mapped_column(String(50))
    text: Mapped[str]
    deadline: Mapped[str | None] = mapped_column(String(10))  # ISO, as the extract stage gives it
    vanished: Mapped[bool] = mapped_column(default=False)  # the current version no longer has it
    status: Mapped[str] = mapped_column(String(20), default=TASK_STATUSES[0])
    progress: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)  # optimistic locking of concurrent reports
    updated_at: Mapped[datetime | None] = mapped_column(nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(nullable=True)  # last reported 已完成待核验

    units: Mapped[list[TaskUnitRow]] = relationship(cascade="all, delete-orphan", order_by="TaskUnitRow.unit")


class TaskUnitRow(Base):
    """A unit a tracked task names: its canonical id, or the name as printed when it has none."""

    __tablename__ = "tracked_task_units"
    __table_args__ = (Index("ix_tracked_task_units_unit", "unit"),)

    task_id: Mapped[int] = mapped_column(ForeignKey("tracked_tasks.id", ondelete="CASCADE"), primary_key=True)
    unit: Mapped[str] = mapped_column(String(200), primary_key=True)
    lead: Mapped[bool]


class ReportRow(Base):
    """One step on a task's timeline: who reported or decided what, when, with which files."""

    __tablename__ = "task_reports"
    __table_args__ = (Index("ix_task_reports_task", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tracked_tasks.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    status_before: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int]
    comment: Mapped[str]
    files: Mapped[list[Any]] = mapped_column(default=list)  # [{sha256, name, size, media_type}]


class EvidenceRow(Base):
    """An evidence file uploaded for a task (its bytes in `blobs`, by hash)."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_task", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tracked_tasks.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(200))
    uploaded_by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]


class ActualRow(Base):
    """A plan indicator's actual value for a year (年度监测), as its responsible unit entered it."""

    __tablename__ = "target_actuals"
    __table_args__ = (UniqueConstraint("indicator", "scope", "year", name="uq_target_actuals"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(300))  # the indicator's name without its row number
    scope: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    value: Mapped[float]
    note: Mapped[str] = mapped_column(default="")
    entered_by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)
