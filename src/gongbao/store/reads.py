"""Read-only queries over the store's tables, for the web service (gongbao.serve).

Each function takes a Store and reads through its engine; nothing here writes. Documents come back
in the shape Store.documents() gives (ParsedFile.to_json() items plus id, version, sha256).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from gongbao.store import Store, document_json
from gongbao.store.schema import DocumentRow, DocumentUnitRow, Source

__all__ = ["corpus_stamp", "document", "document_summaries", "issue", "issues"]

# The columns of a document's summary (lists, tables of contents): no bodies, no JSON columns.
_SUMMARY = (DocumentRow.id, DocumentRow.doc_number, DocumentRow.title, DocumentRow.issuer, DocumentRow.doc_type,
            DocumentRow.signed_date, DocumentRow.public, DocumentRow.seq)  # fmt: skip


def corpus_stamp(store: Store) -> tuple[int, int]:
    """Changes whenever a file version is ingested: (number of source rows, highest source id)."""
    with store.engine.connect() as conn:
        count, top = conn.execute(select(func.count(Source.id), func.max(Source.id))).one()
    return int(count or 0), int(top or 0)


def _issue_json(source: Source, documents: int) -> dict[str, Any]:
    return {
        "id": source.id,
        "source": source.name,
        "version": source.version,
        "name": source.gazette_name,
        "year": source.gazette_year,
        "number": source.gazette_number,
        "total_number": source.gazette_total_number,
        "published": source.gazette_published,
        "documents": documents,
    }


def issues(store: Store) -> list[dict[str, Any]]:
    """The current file versions (one gazette issue each), newest issue first (by year and number:
    not every issue prints its date)."""
    counts = select(DocumentRow.source_id, func.count(DocumentRow.id).label("n")).group_by(DocumentRow.source_id).subquery()
    query = (
        select(Source, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.source_id == Source.id)
        .where(Source.is_current)
        .order_by(Source.gazette_year.desc().nulls_last(), Source.gazette_number.desc().nulls_last(),
                  Source.gazette_published.desc().nulls_last(), Source.name)
    )
    with Session(store.engine) as session:
        return [_issue_json(source, n) for source, n in session.execute(query)]


def issue(store: Store, source_id: int) -> dict[str, Any] | None:
    """One file version (current or not) with the summaries of its documents, in file order."""
    with Session(store.engine) as session:
        source = session.get(Source, source_id)
        if source is None:
            return None
        rows = session.execute(select(*_SUMMARY).where(DocumentRow.source_id == source_id).order_by(DocumentRow.seq)).all()
        out = _issue_json(source, len(rows))
        out["is_current"] = source.is_current
        out["items"] = [_summary(row, source.name, source.id) for row in rows]
        return out


def _summary(row: Any, source: str, source_id: int) -> dict[str, Any]:
    return {
        "id": row.id,
        "doc_number": row.doc_number,
        "title": row.title,
        "issuer": row.issuer,
        "doc_type": row.doc_type,
        "signed_date": row.signed_date,
        "public": row.public,
        "source": source,
        "source_id": source_id,
    }


SORTS = {
    "newest": (DocumentRow.signed_date.desc().nulls_last(), DocumentRow.id),
    "oldest": (DocumentRow.signed_date.asc().nulls_last(), DocumentRow.id),
    "number": (DocumentRow.doc_number.asc().nulls_last(), DocumentRow.id),
}


def document_summaries(
    store: Store,
    *,
    issuer: str | None = None,
    doc_type: str | None = None,
    year: int | None = None,
    source: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    unit: str | None = None,
    sort: str = "newest",
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Current documents matching every given filter, newest first (or `sort` oldest, number):
    (total, this page).

    `issuer` is a name or a tuple of the names of one body; `source` a file name or a source id;
    `year` the year of 成文日期, `date_from`/`date_to` ISO dates it lies between; `unit` a unit
    (canonical id) that the document's tasks name."""
    where = [DocumentRow.is_current]
    if isinstance(issuer, tuple):
        where.append(DocumentRow.issuer.in_(issuer))
    elif issuer:
        where.append(DocumentRow.issuer == issuer)
    if doc_type:
        where.append(DocumentRow.doc_type == doc_type)
    if year is not None:
        where.append(DocumentRow.signed_date.like(f"{year:04d}-%"))
    if date_from:
        where.append(DocumentRow.signed_date >= date_from)
    if date_to:
        where.append(DocumentRow.signed_date <= date_to)
    if unit:
        where.append(DocumentRow.id.in_(select(DocumentUnitRow.document_id).where(DocumentUnitRow.unit == unit)))
    if source:
        where.append(Source.id == int(source) if source.isdigit() and len(source) < 19 else Source.name == source)
    base = select(DocumentRow.id).join(DocumentRow.source).where(*where)
    query = (
        select(*_SUMMARY, Source.name, Source.id.label("source_id"))
        .join(DocumentRow.source)
        .where(*where)
        .order_by(*SORTS.get(sort, SORTS["newest"]))
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(base.subquery())) or 0
        rows = conn.execute(query).all()
    return total, [_summary(row, row.name, row.source_id) for row in rows]


def document(store: Store, doc_id: int) -> dict[str, Any] | None:
    """The document with this id (of any version: ids are stable), with its bodies."""
    query = (
        select(DocumentRow, Source)
        .join(DocumentRow.source)
        .options(selectinload(DocumentRow.consultations), selectinload(DocumentRow.attachments))
        .where(DocumentRow.id == doc_id)
    )
    with Session(store.engine) as session:
        found = session.execute(query).first()
        if found is None:
            return None
        row, source = found
        doc = document_json(row, source)
        doc["source_id"] = source.id
        doc["is_current"] = row.is_current
        doc["doc_key"] = row.doc_key
        return doc
