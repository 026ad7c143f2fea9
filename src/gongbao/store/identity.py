"""One document, however many files carry it.

A document is identified by its 发文字号 and the jurisdiction of its issuer (吕政办发〔2022〕9号 of
吕梁市), or, when it has no 文号, by its title and date. The same document arriving in another file
(the issue as .txt and as .pdf, a re-encoding, a web page) is the same document: a copy with the
same content adds no version; a copy with other content is a new version of it. Of each document
exactly one row is current: that of the content most recently ingested (the first row that holds
that content, so a later identical copy does not take over). A document a file's new version lacks
stays current from the old version: a truncated copy loses nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gongbao.extract.orgs import city_of
from gongbao.normalize import doc_number as normal_doc_number
from gongbao.normalize import squash
from gongbao.store.schema import DocumentRow, Source
from gongbao.structure.tables import is_row

_NOT_WORD = re.compile(r"[\W_]+")


def document_key(doc: dict[str, Any]) -> str | None:
    """The identity of a parsed document (None when it has neither 文号 nor title)."""
    number = normal_doc_number(doc.get("doc_number") or "") if doc.get("doc_number") else None
    if number:
        # The 文号 names its issuer's code already (吕政办发); the jurisdiction tells two cities'
        # 政办发〔2022〕9号 apart, without depending on how fully the issuer is written.
        return f"n|{number}|{city_of(doc.get('issuer')) or ''}"
    title = squash(doc.get("title") or "")
    if title:
        return f"t|{title}|{doc.get('signed_date') or ''}"
    return None


def words(text: str) -> str:
    """Characters, letters and digits in one width (NFKC), without white space and punctuation:
    what two renderings of the same text share."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def content_hash(doc: dict[str, Any]) -> str:
    """What a version is: the words of the document's text — characters, letters and digits in
    one width (NFKC), without white space, line breaks and punctuation; a table's rows as a set —
    so that another rendering of the same text (wrapped, re-encoded, a PDF, （ for ( , headers
    repeated at page breaks) is the same content."""
    # The head and the 政策咨询 belong to the content too: a corrected phone number is a new version.
    head = "|".join(str(doc.get(k) or "") for k in ("doc_number", "issuer", "title", "recipients", "signed_date"))
    consult = "|".join(f"{c.get('unit')}:{c.get('phone')}" for c in doc.get("consultation") or [])
    lines = unicodedata.normalize("NFKC", f"{head}\n{consult}\n{doc.get('text') or ''}").split("\n")
    prose = [line for line in lines if not is_row(line)]
    # A table's rows as a set: its header printed again where a page broke is no other content.
    rows = sorted({words(line) for line in lines if is_row(line)})
    content = words("".join(prose)) + "\n" + "\n".join(rows)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def elect_current(session: Session, keys: Iterable[str | None], sources: Iterable[int] = ()) -> None:
    """Mark, for each document key, which row is current; rows without a key follow their file."""
    keys = {k for k in keys if k}
    for key in keys:
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.content_sha, DocumentRow.pinned, Source.is_current)
            .join(Source, Source.id == DocumentRow.source_id)
            .where(DocumentRow.doc_key == key)
            .order_by(DocumentRow.id)
        ).all()  # fmt: skip
        if not rows:
            continue
        pinned = [r for r in rows if r.pinned]
        latest = pinned or [r for r in rows if r.content_sha == rows[-1].content_sha]
        # Of the rows with the latest content (or the version a user marked): the first in a
        # current file (a copy arriving later does not take over), else the first.
        chosen = next((r.id for r in latest if r.is_current), latest[0].id)
        session.execute(update(DocumentRow).where(DocumentRow.doc_key == key).values(is_current=DocumentRow.id == chosen))
    for source_id in sources:
        current = select(Source.is_current).where(Source.id == source_id).scalar_subquery()
        session.execute(
            update(DocumentRow).where(DocumentRow.source_id == source_id, DocumentRow.doc_key.is_(None)).values(is_current=current)
        )


def mark_current(session: Session, key: str, document_id: int | None) -> None:
    """Make the version of `document_id` the current one of its document whatever arrives later;
    None: the latest is current again."""
    session.execute(update(DocumentRow).where(DocumentRow.doc_key == key).values(pinned=DocumentRow.id == document_id if document_id else False))
    elect_current(session, [key])


def versions(session: Session, key: str) -> list[dict[str, Any]]:
    """The versions of a document in the order they arrived: each distinct content once, with every
    file that carries it."""
    rows = session.execute(
        select(DocumentRow.id, DocumentRow.content_sha, DocumentRow.is_current, DocumentRow.pinned, Source.name, Source.version, Source.ingested_at)
        .join(Source, Source.id == DocumentRow.source_id)
        .where(DocumentRow.doc_key == key)
        .order_by(DocumentRow.id)
    ).all()
    out: list[dict[str, Any]] = []
    by_content: dict[str | None, dict[str, Any]] = {}
    for r in rows:
        entry = by_content.get(r.content_sha)
        if entry is None:
            entry = {"version": len(out) + 1, "document_id": r.id, "content_sha": r.content_sha, "is_current": False, "marked": False, "files": []}
            by_content[r.content_sha] = entry
            out.append(entry)
        entry["is_current"] = entry["is_current"] or r.is_current
        entry["marked"] = entry["marked"] or r.pinned
        entry["files"].append({"document_id": r.id, "source": r.name, "file_version": r.version, "ingested_at": r.ingested_at.isoformat() if r.ingested_at else None})
    return out


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff of two texts: (op, words) pieces in order, op one of "=", "-", "+".
    Words as the search tokenizer cuts them (jieba), so 市商务局 changed to 市工信局 is one
    word changed, not a run of characters."""
    import difflib

    from gongbao.search.tokens import Tokenizer

    words = Tokenizer.default().words
    a, b = _cut(old, words), _cut(new, words)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out


def _cut(text: str, words) -> list[str]:
    """The text as words, punctuation and line breaks kept as their own pieces (nothing lost)."""
    out: list[str] = []
    for line in text.split("\n"):
        pos = 0
        for word in words(line):
            at = line.find(word, pos)
            if at < 0:
                continue
            if at > pos:
                out.extend(line[pos:at])  # punctuation, spaces: one piece a character
            out.append(word)
            pos = at + len(word)
        out.extend(line[pos:])
        out.append("\n")
    return out[:-1]
