"""The full-text index in the database itself, behind one interface with a backend per dialect.

SQLite: FTS5 tables over the tokens the search stage's tokenizer gives (space-joined, so FTS5's
unicode61 tokenizer splits them exactly there), documents ranked by BM25. PostgreSQL: tsvector
columns with GIN indexes over the same tokens, written as tsvector literals (the server's parser
never re-segments Chinese), documents ranked by Σ idf·ts_rank. Two levels on both: documents (title
and body columns, the title weighted) to find and rank documents, passages to pick the best
passage of a document (scored here, by BM25, the same on both backends).

Both are append-only: the rows of a superseded version stay; a filtered query joins the current
versions, an unfiltered one drops the (few, partially indexed) superseded documents from its
results. A file's rows are written in its ingest transaction, so a crash leaves no half index.
"""

from __future__ import annotations

import json
import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, TextClause, select
from sqlalchemy import text as _text

from gongbao.store.schema import PASSAGES_PER_DOCUMENT, DocumentRow


@lru_cache(maxsize=256)
def text(sql: str) -> TextClause:
    """A compiled SQL text, once per string: parsing bind parameters costs more than the query."""
    return _text(sql)


# Title matches count this many times a body match (FTS5 bm25 column weight).
TITLE_WEIGHT = 4.0
# FTS5's BM25 floor for a term in more than half the documents (its IDF would be negative).
IDF_FLOOR = 1e-6
IDF_CACHE_SIZE = 1024
DF_CACHE_SIZE = 100_000
DF_SAMPLE = 5_000  # documents a large SQLite index counts a term in (see SqliteFts5.doc_freq)
# Passages of one document scored per question (the first that match, in document order).
PASSAGE_SCAN = 200
PASSAGE_AVG_CHARS = 120
BM25_K1 = 1.2
BM25_B = 0.75
# PostgreSQL keeps positions up to this; later ones all count as this position.
PG_MAX_POSITION = 16383


@dataclass(frozen=True)
class Filters:
    issuer: str | tuple[str, ...] | None = None  # a tuple: any of these names (one issuer's aliases)
    doc_type: str | None = None
    year: int | None = None
    unit: str | None = None  # canonical unit name (document_units)

    def is_empty(self) -> bool:
        return not (self.issuer or self.doc_type or self.year is not None or self.unit)

    def sql(self) -> tuple[str, dict[str, Any]]:
        """Conditions on `d` (documents) and `s` (sources), current versions only (of each
        document one row is current, however many files carry it: store.identity)."""
        where = ["d.is_current"]
        params: dict[str, Any] = {}
        if isinstance(self.issuer, tuple):
            names = {f"f_issuer_{i}": name for i, name in enumerate(self.issuer)}
            where.append(f"d.issuer IN ({', '.join(':' + k for k in names)})" if names else "1 = 0")
            params.update(names)
        elif self.issuer:
            where.append("d.issuer = :f_issuer")
            params["f_issuer"] = self.issuer
        if self.doc_type:
            where.append("d.doc_type = :f_doc_type")
            params["f_doc_type"] = self.doc_type
        if self.year is not None:
            where.append("substr(d.signed_date, 1, 4) = :f_year")
            params["f_year"] = f"{self.year:04d}"
        if self.unit:
            where.append("EXISTS (SELECT 1 FROM document_units u WHERE u.document_id = d.id AND u.unit = :f_unit)")
            params["f_unit"] = self.unit
        return " AND ".join(where), params


@dataclass(frozen=True)
class IndexedDocument:
    document_id: int
    title: Sequence[str]  # tokens
    passages: Sequence[tuple[int, Sequence[str]]]  # (passage id, tokens)


class FullTextIndex(ABC):
    """What the search stage asks of the database. `terms` are tokens, matched as OR."""

    table_names: tuple[str, ...]

    def __init__(self) -> None:
        self._idf_cache: dict[tuple[int, tuple[str, ...]], dict[str, float]] = {}
        self._df_cache: dict[tuple[int, str], int] = {}

    @abstractmethod
    def create(self, conn: Connection) -> None: ...

    @abstractmethod
    def add(self, conn: Connection, docs: Sequence[IndexedDocument]) -> None: ...

    @abstractmethod
    def has_document(self, conn: Connection, document_id: int) -> bool: ...

    @abstractmethod
    def matching_passages(self, conn: Connection, terms: Sequence[str], document_id: int, limit: int) -> list[int]:
        """Ids of one document's passages that hold any term, in document order, at most `limit`."""

    def rank_passages(
        self, conn: Connection, terms: Sequence[str], document_id: int, limit: int, scan: int = PASSAGE_SCAN
    ) -> list[tuple[int, float]]:
        """(passage id, score) of one document's passages matching any term, best first; the
        first `scan` matching passages in document order are scored.

        Scored here by BM25 over the passage text (term counts by substring, IDF from the
        document index), the same on both backends: FTS5's bm25() would read every term's whole
        posting list again for its IDF, once per document asked about."""
        from gongbao.search.tokens import match_form

        if not terms:
            return []
        ids = self.matching_passages(conn, terms, document_id, scan)
        idf = self.idf(conn, tuple(terms))
        scored = []
        for p in passages(conn, ids):
            norm = match_form(p.text)
            length = len(norm) / PASSAGE_AVG_CHARS
            score = 0.0
            for t in terms:
                if tf := norm.count(t):
                    score += idf[t] * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * length))
            scored.append((p.id, score))
        scored.sort(key=lambda r: (-r[1], r[0]))
        return scored[:limit]

    def idf(self, conn: Connection, terms: tuple[str, ...]) -> dict[str, float]:
        """BM25's IDF of each term over the document index (never below IDF_FLOOR, as in FTS5)."""
        # One search asks about passages of several documents with the same terms: count their
        # documents once. The document count is in the key, so an ingest starts afresh.
        n = self.doc_count(conn)
        key = (n, terms)
        idf = self._idf_cache.get(key)
        if idf is None:
            df = self.doc_freq(conn, terms)
            idf = {t: max(math.log((n - df[t] + 0.5) / (df[t] + 0.5)), IDF_FLOOR) for t in terms}
            if len(self._idf_cache) > IDF_CACHE_SIZE:
                self._idf_cache.clear()
            self._idf_cache[key] = idf
        return idf

    def doc_freq(self, conn: Connection, terms: Sequence[str]) -> dict[str, int]:
        """How many indexed documents (all versions) hold each term (an estimate on a large
        SQLite index), remembered until the next ingest changes the document count."""
        n = self.doc_count(conn)
        # Read and filled by the web app's threads at once: build the answer locally.
        found = {t: df for t in dict.fromkeys(terms) if (df := self._df_cache.get((n, t))) is not None}
        if missing := [t for t in dict.fromkeys(terms) if t not in found]:
            fresh = self._doc_freq(conn, missing)
            if len(self._df_cache) > DF_CACHE_SIZE:
                self._df_cache.clear()
            self._df_cache.update({(n, t): df for t, df in fresh.items()})
            found.update(fresh)
        return {t: found[t] for t in terms}

    def clear_caches(self) -> None:
        """Forget remembered document frequencies (benchmarks measure queries without them)."""
        self._df_cache.clear()
        self._idf_cache.clear()

    @abstractmethod
    def _doc_freq(self, conn: Connection, terms: Sequence[str]) -> dict[str, int]: ...

    def doc_count(self, conn: Connection) -> int:
        """Indexed documents, all versions (as doc_freq counts them): kept in search_stats."""
        return conn.scalar(text("SELECT value FROM search_stats WHERE name = 'documents'")) or 0

    def _create_stats(self, conn: Connection, indexed_sql: str) -> None:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS search_stats (name VARCHAR(64) PRIMARY KEY, value BIGINT NOT NULL)")
        if conn.scalar(text("SELECT count(*) FROM search_stats WHERE name = 'documents'")) == 0:
            conn.execute(text(f"INSERT INTO search_stats (name, value) SELECT 'documents', count(*) FROM {indexed_sql}"))

    def _count_added(self, conn: Connection, n: int) -> None:
        conn.execute(text("UPDATE search_stats SET value = value + :n WHERE name = 'documents'"), {"n": n})

    def rank_documents(
        self, conn: Connection, terms: Sequence[str], filters: Filters, limit: int, window: int | None = None
    ) -> list[tuple[int, float]]:
        """(document id, score) of current documents matching any term, best first. With a
        `window`, an unfiltered query ranks only the newest `window` documents that match: ranking
        costs per match, and a term in a large share of a large corpus has too many."""
        if not filters.is_empty():
            return self._rank_joined(conn, terms, filters, limit)
        low = self._window_start(conn, terms, window) if window else None
        # Most queries have no filter: rank the index alone, then drop superseded versions (few).
        old = superseded(conn)
        return [r for r in self._rank_all(conn, terms, limit + len(old), low) if r[0] not in old][:limit]

    @abstractmethod
    def _window_start(self, conn: Connection, terms: Sequence[str], window: int) -> int | None:
        """The id above which `window` documents match (None: fewer match)."""

    @abstractmethod
    def count_documents(self, conn: Connection, terms: Sequence[str], filters: Filters) -> int:
        """How many current documents match any term (superseded versions may count, unfiltered)."""

    @abstractmethod
    def _rank_all(self, conn: Connection, terms: Sequence[str], limit: int, low: int | None = None) -> list[tuple[int, float]]: ...

    @abstractmethod
    def _rank_joined(self, conn: Connection, terms: Sequence[str], filters: Filters, limit: int) -> list[tuple[int, float]]: ...


def fulltext_index(dialect: str) -> FullTextIndex:
    if dialect == "sqlite":
        return SqliteFts5()
    if dialect == "postgresql":
        return PostgresTsvector()
    raise ValueError(f"no full-text index for the {dialect} dialect")


def _range(document_id: int) -> tuple[int, int]:
    low = document_id * PASSAGES_PER_DOCUMENT
    return low, low + PASSAGES_PER_DOCUMENT - 1


class SqliteFts5(FullTextIndex):
    table_names = ("search_doc_fts", "search_passage_fts", "search_doc_vocab", "search_stats")

    def create(self, conn: Connection) -> None:
        # Contentless: the index only; the text is in documents/passages already.
        tokenizer = "tokenize='unicode61 remove_diacritics 0'"
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS search_doc_fts USING fts5(title, body, content='', {tokenizer})")
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS search_passage_fts USING fts5(body, content='', {tokenizer})")
        conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS search_doc_vocab USING fts5vocab(search_doc_fts, 'row')")
        # ORDER BY rank (with these column weights) lets FTS5 sort inside the index scan.
        conn.exec_driver_sql(f"INSERT INTO search_doc_fts(search_doc_fts, rank) VALUES('rank', 'bm25({TITLE_WEIGHT}, 1.0)')")
        self._create_stats(conn, "search_doc_fts")

    def add(self, conn: Connection, docs: Sequence[IndexedDocument]) -> None:
        if not docs:
            return
        conn.execute(
            text("INSERT INTO search_doc_fts(rowid, title, body) VALUES (:id, :title, :body)"),
            [{"id": d.document_id, "title": " ".join(d.title), "body": " ".join(t for _, p in d.passages for t in p)} for d in docs],
        )
        rows = [{"id": pid, "body": " ".join(tokens)} for d in docs for pid, tokens in d.passages if tokens]
        if rows:
            conn.execute(text("INSERT INTO search_passage_fts(rowid, body) VALUES (:id, :body)"), rows)
        self._count_added(conn, len(docs))

    def has_document(self, conn: Connection, document_id: int) -> bool:
        return conn.scalar(text("SELECT rowid FROM search_doc_fts WHERE rowid = :id"), {"id": document_id}) is not None

    def _window_start(self, conn: Connection, terms: Sequence[str], window: int) -> int | None:
        sql = "SELECT rowid FROM search_doc_fts WHERE search_doc_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :n"
        found = conn.scalar(text(sql), {"q": _fts5_query(terms), "n": window - 1})
        return None if found is None else int(found)

    def _rank_all(self, conn: Connection, terms: Sequence[str], limit: int, low: int | None = None) -> list[tuple[int, float]]:
        rows = conn.execute(
            text("SELECT rowid, rank FROM search_doc_fts WHERE search_doc_fts MATCH :q AND rowid >= :low ORDER BY rank LIMIT :limit"),
            {"q": _fts5_query(terms), "limit": limit, "low": low or 0},
        )
        return [(int(i), -float(score)) for i, score in rows]

    def count_documents(self, conn: Connection, terms: Sequence[str], filters: Filters) -> int:
        if filters.is_empty():
            return conn.scalar(text("SELECT count(*) FROM search_doc_fts WHERE search_doc_fts MATCH :q"), {"q": _fts5_query(terms)}) or 0
        where, params = filters.sql()
        sql = (
            "SELECT count(*) FROM search_doc_fts f JOIN documents d ON d.id = f.rowid JOIN sources s ON s.id = d.source_id "
            f"WHERE search_doc_fts MATCH :q AND {where}"
        )
        return conn.scalar(text(sql), {**params, "q": _fts5_query(terms)}) or 0

    def _rank_joined(self, conn: Connection, terms: Sequence[str], filters: Filters, limit: int) -> list[tuple[int, float]]:
        where, params = filters.sql()
        sql = (
            f"SELECT f.rowid, bm25(search_doc_fts, {TITLE_WEIGHT}, 1.0) AS score FROM search_doc_fts f "
            "JOIN documents d ON d.id = f.rowid JOIN sources s ON s.id = d.source_id "
            f"WHERE search_doc_fts MATCH :q AND {where} ORDER BY score LIMIT :limit"
        )
        rows = conn.execute(text(sql), {**params, "q": _fts5_query(terms), "limit": limit})
        return [(int(i), -float(score)) for i, score in rows]

    def matching_passages(self, conn: Connection, terms: Sequence[str], document_id: int, limit: int) -> list[int]:
        low, high = _range(document_id)
        rows = conn.execute(
            text("SELECT rowid FROM search_passage_fts WHERE search_passage_fts MATCH :q AND rowid BETWEEN :low AND :high LIMIT :limit"),
            {"q": _fts5_query(terms), "low": low, "high": high, "limit": limit},
        )
        return [int(r[0]) for r in rows]

    def _doc_freq(self, conn: Connection, terms: Sequence[str]) -> dict[str, int]:
        if not terms:
            return {}
        newest = conn.scalar(text("SELECT max(rowid) FROM search_doc_fts")) or 0
        if newest <= DF_SAMPLE:
            names = {f"t{i}": t for i, t in enumerate(terms)}
            placeholders = ", ".join(f":{k}" for k in names)
            rows = conn.execute(text(f"SELECT term, doc FROM search_doc_vocab WHERE term IN ({placeholders})"), names)
            found = {term: int(n) for term, n in rows}
            return {t: found.get(t, 0) for t in terms}
        # fts5vocab counts a term's documents by reading its whole posting list (60 ms for a dozen
        # common words over 100,000 documents): on a large index, count among the newest
        # DF_SAMPLE documents and scale. IDF needs the proportion, not the exact count.
        low = newest - DF_SAMPLE
        sql = "SELECT count(*) FROM search_doc_fts WHERE search_doc_fts MATCH :q AND rowid > :low"
        scale = self.doc_count(conn) / DF_SAMPLE
        out = {}
        for t in terms:
            n = conn.scalar(text(sql), {"q": _fts5_query([t]), "low": low}) or 0
            out[t] = round(n * scale) if n else 0
        return out


def _fts5_query(terms: Sequence[str]) -> str:
    # Every term a quoted string: FTS5 operators and column filters in user text mean nothing.
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


class PostgresTsvector(FullTextIndex):
    table_names = ("search_doc_tsv", "search_passage_tsv", "search_stats")

    def __init__(self) -> None:
        self._idf_cache: dict[tuple[int, tuple[str, ...]], dict[str, float]] = {}
        self._df_cache: dict[tuple[int, str], int] = {}

    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS search_doc_tsv ("
            " document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
            " tsv TSVECTOR NOT NULL)"
        )
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_search_doc_tsv ON search_doc_tsv USING GIN (tsv)")
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS search_passage_tsv ("
            " passage_id BIGINT PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,"
            " document_id INTEGER NOT NULL,"
            " tsv TSVECTOR NOT NULL)"
        )
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_search_passage_tsv ON search_passage_tsv USING GIN (tsv)")
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_search_passage_tsv_doc ON search_passage_tsv (document_id)")
        self._create_stats(conn, "search_doc_tsv")

    def add(self, conn: Connection, docs: Sequence[IndexedDocument]) -> None:
        if not docs:
            return
        conn.execute(
            text("INSERT INTO search_doc_tsv(document_id, tsv) VALUES (:id, CAST(:tsv AS tsvector))"),
            [{"id": d.document_id, "tsv": _tsvector(d.title, [t for _, p in d.passages for t in p])} for d in docs],
        )
        rows = [{"id": pid, "doc": d.document_id, "tsv": _tsvector((), tokens)} for d in docs for pid, tokens in d.passages if tokens]
        if rows:
            conn.execute(text("INSERT INTO search_passage_tsv(passage_id, document_id, tsv) VALUES (:id, :doc, CAST(:tsv AS tsvector))"), rows)
        self._count_added(conn, len(docs))

    def has_document(self, conn: Connection, document_id: int) -> bool:
        return conn.scalar(text("SELECT 1 FROM search_doc_tsv WHERE document_id = :id"), {"id": document_id}) is not None

    # ts_rank weighs every query term alike; BM25 (FTS5) weighs rare terms more. The score here is
    # Σ idf(term) · ts_rank(tsv, term), so both backends rank by the same idea.
    def _weighted(self, conn: Connection, terms: Sequence[str], column: str) -> tuple[str, dict[str, Any]]:
        weights = self.idf(conn, tuple(terms))
        parts, params = [], {"q": _tsquery(terms)}
        for i, t in enumerate(terms):
            parts.append(f":w{i} * ts_rank({column}, CAST(:q{i} AS tsquery), 1)")
            params[f"q{i}"] = _tsquery([t])
            params[f"w{i}"] = weights[t]
        return " + ".join(parts) or "0", params

    def _window_start(self, conn: Connection, terms: Sequence[str], window: int) -> int | None:
        sql = "SELECT document_id FROM search_doc_tsv WHERE tsv @@ CAST(:q AS tsquery) ORDER BY document_id DESC LIMIT 1 OFFSET :n"
        found = conn.scalar(text(sql), {"q": _tsquery(terms), "n": window - 1})
        return None if found is None else int(found)

    def _rank_all(self, conn: Connection, terms: Sequence[str], limit: int, low: int | None = None) -> list[tuple[int, float]]:
        score, params = self._weighted(conn, terms, "tsv")
        rows = conn.execute(
            text(
                f"SELECT document_id, {score} AS score FROM search_doc_tsv "
                "WHERE tsv @@ CAST(:q AS tsquery) AND document_id >= :low ORDER BY score DESC, document_id LIMIT :limit"
            ),
            {**params, "limit": limit, "low": low or 0},
        )
        return [(int(i), float(score)) for i, score in rows]

    def count_documents(self, conn: Connection, terms: Sequence[str], filters: Filters) -> int:
        where, params = filters.sql()
        sql = (
            "SELECT count(*) FROM search_doc_tsv t JOIN documents d ON d.id = t.document_id JOIN sources s ON s.id = d.source_id "
            f"WHERE t.tsv @@ CAST(:q AS tsquery) AND {where}"
        )
        return conn.scalar(text(sql), {**params, "q": _tsquery(terms)}) or 0

    def _rank_joined(self, conn: Connection, terms: Sequence[str], filters: Filters, limit: int) -> list[tuple[int, float]]:
        where, params = filters.sql()
        score, weights = self._weighted(conn, terms, "t.tsv")
        sql = (
            f"SELECT t.document_id, {score} AS score FROM search_doc_tsv t "
            "JOIN documents d ON d.id = t.document_id JOIN sources s ON s.id = d.source_id "
            f"WHERE t.tsv @@ CAST(:q AS tsquery) AND {where} ORDER BY score DESC, t.document_id LIMIT :limit"
        )
        rows = conn.execute(text(sql), {**params, **weights, "limit": limit})
        return [(int(i), float(score)) for i, score in rows]

    def matching_passages(self, conn: Connection, terms: Sequence[str], document_id: int, limit: int) -> list[int]:
        rows = conn.execute(
            text(
                "SELECT passage_id FROM search_passage_tsv WHERE document_id = :doc AND tsv @@ CAST(:q AS tsquery) "
                "ORDER BY passage_id LIMIT :limit"
            ),
            {"q": _tsquery(terms), "doc": document_id, "limit": limit},
        )
        return [int(r[0]) for r in rows]

    def _doc_freq(self, conn: Connection, terms: Sequence[str]) -> dict[str, int]:
        return {
            t: conn.scalar(text("SELECT count(*) FROM search_doc_tsv WHERE tsv @@ CAST(:q AS tsquery)"), {"q": _tsquery([t])}) or 0
            for t in terms
        }


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(title: Sequence[str], body: Sequence[str]) -> str:
    """A tsvector literal: title tokens weighted A, body tokens D (the default weight)."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, tokens in (("A", title), ("", body)):
        for token in tokens:
            pos = min(pos + 1, PG_MAX_POSITION)
            positions.setdefault(token, []).append(f"{pos}{weight}")
    # PostgreSQL keeps at most 256 positions of a lexeme.
    return " ".join(f"{_lexeme(t)}:{','.join(p[:256])}" for t, p in positions.items())


def _tsquery(terms: Sequence[str]) -> str:
    return " | ".join(_lexeme(t) for t in terms)


# --- Reads the search stage needs beside the index (the same SQL on both backends) -------------


@dataclass(frozen=True)
class DocumentMeta:
    id: int
    doc_number: str | None
    title: str | None
    issuer: str | None
    doc_type: str | None
    signed_date: str | None
    source: str
    line_start: int
    line_end: int
    consultation: list[dict[str, str]]


@dataclass(frozen=True)
class PassageText:
    id: int
    document_id: int
    line_start: int
    line_end: int
    path: str | None
    text: str


def _in(conn: Connection, column: str, ids: Sequence[int]) -> tuple[str, dict[str, Any]]:
    """`column` IN a list of ids, bound as ONE parameter (hundreds of bound parameters cost more
    than the query): a JSON array on SQLite, an array on PostgreSQL."""
    if conn.dialect.name == "postgresql":
        return f"{column} = ANY(CAST(:ids AS BIGINT[]))", {"ids": [int(i) for i in ids]}
    return f"{column} IN (SELECT value FROM json_each(:ids))", {"ids": json.dumps([int(i) for i in ids])}


def superseded(conn: Connection) -> set[int]:
    """Documents that are not current: earlier versions and copies (the index keeps their rows)."""
    rows = conn.execute(text("SELECT id FROM documents WHERE NOT is_current"))
    return {int(r[0]) for r in rows}


def documents_meta(conn: Connection, ids: Sequence[int]) -> dict[int, DocumentMeta]:
    if not ids:
        return {}
    where, params = _in(conn, "d.id", ids)
    rows = conn.execute(
        text(
            "SELECT d.id, d.doc_number, d.title, d.issuer, d.doc_type, d.signed_date, s.name, d.line_start, d.line_end "
            f"FROM documents d JOIN sources s ON s.id = d.source_id WHERE {where}"
        ),
        params,
    ).all()
    contacts: dict[int, list[dict[str, str]]] = {}
    where, params = _in(conn, "document_id", ids)
    for doc_id, unit, phone in conn.execute(
        text(f"SELECT document_id, unit, phone FROM consultations WHERE {where} ORDER BY document_id, position"), params
    ):
        contacts.setdefault(doc_id, []).append({"unit": unit, "phone": phone})
    return {r[0]: DocumentMeta(*r, consultation=contacts.get(r[0], [])) for r in rows}


def passages(conn: Connection, ids: Sequence[int]) -> list[PassageText]:
    """Passages by id, in the order of `ids`."""
    if not ids:
        return []
    where, params = _in(conn, "id", ids)
    rows = conn.execute(text(f"SELECT id, document_id, line_start, line_end, path, text FROM passages WHERE {where}"), params)
    by_id = {r[0]: PassageText(*r) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def short_passages(
    conn: Connection, document_id: int, terms: Sequence[str], max_chars: int, limit: int, *, labelled: bool = False
) -> list[PassageText]:
    """A document's short passages (its headings) that hold any of `terms` — or, `labelled`,
    that hold one before a colon (基础类改造：…) — in text order."""
    terms = [t for t in terms if t][:8]
    if not terms:
        return []
    patterns = [f"%{_like_escaped(t)}%{colon}%" for t in terms for colon in ("：", ":")] if labelled else [f"%{_like_escaped(t)}%" for t in terms]
    likes = " OR ".join(f"text LIKE :t{i} ESCAPE '\\'" for i in range(len(patterns)))
    params: dict[str, Any] = {f"t{i}": p for i, p in enumerate(patterns)}
    rows = conn.execute(
        text(
            "SELECT id, document_id, line_start, line_end, path, text FROM passages "
            f"WHERE document_id = :d AND length(text) <= :n AND ({likes}) ORDER BY seq LIMIT :limit"
        ),
        {**params, "d": document_id, "n": max_chars, "limit": limit},
    )
    return [PassageText(*r) for r in rows]


def _like_escaped(value: str) -> str:
    """A value matched literally by LIKE … ESCAPE '\\' (a question may hold % or _)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def child_passages(conn: Connection, document_id: int, parent_path: str | None, limit: int) -> list[PassageText]:
    """The passages of a document under an outline path (its items and their text), in order."""
    prefix = f"{parent_path} › " if parent_path else ""
    rows = conn.execute(
        text(
            "SELECT id, document_id, line_start, line_end, path, text FROM passages "
            "WHERE document_id = :d AND path LIKE :p ESCAPE '\\' ORDER BY seq LIMIT :limit"
        ),
        {"d": document_id, "p": _like_escaped(prefix) + "%", "limit": limit},
    )
    return [PassageText(*r) for r in rows]


def first_passage(conn: Connection, document_id: int) -> PassageText:
    """The document's first passage (its head); a stand-in built from the row if it has none."""
    row = conn.execute(
        text("SELECT id, document_id, line_start, line_end, path, text FROM passages WHERE document_id = :d ORDER BY seq LIMIT 1"),
        {"d": document_id},
    ).first()
    if row is not None:
        return PassageText(*row)
    doc = conn.execute(text("SELECT title, line_start FROM documents WHERE id = :d"), {"d": document_id}).one()
    return PassageText(0, document_id, doc[1], doc[1], None, doc[0] or "")


def facets(conn: Connection, ids: Sequence[int]) -> dict[str, list[tuple[str, int]]]:
    """Counts of issuer, 文种, year and responsible unit over these documents, most first."""
    if not ids:
        return {"issuer": [], "doc_type": [], "year": [], "unit": []}
    docs, params = _in(conn, "id", ids)
    units, _ = _in(conn, "document_id", ids)
    # One statement, one round trip: (facet, value, count) rows.
    sql = (
        f"SELECT 'issuer', issuer, count(*) FROM documents WHERE {docs} AND issuer IS NOT NULL GROUP BY issuer "
        f"UNION ALL SELECT 'doc_type', doc_type, count(*) FROM documents WHERE {docs} AND doc_type IS NOT NULL GROUP BY doc_type "
        f"UNION ALL SELECT 'year', substr(signed_date, 1, 4), count(*) FROM documents WHERE {docs} AND signed_date IS NOT NULL "
        "GROUP BY substr(signed_date, 1, 4) "
        f"UNION ALL SELECT 'unit', unit, count(*) FROM document_units WHERE {units} GROUP BY unit"
    )
    out: dict[str, list[tuple[str, int]]] = {"issuer": [], "doc_type": [], "year": [], "unit": []}
    for name, value, n in conn.execute(text(sql), params):
        out[name].append((str(value), int(n)))
    return {name: sorted(rows, key=lambda r: (-r[1], r[0])) for name, rows in out.items()}


def find_numbers(conn: Connection, year: int | None, seq: int, filters: Filters) -> list[tuple[int, str]]:
    """(id, 文号) of current documents numbered `seq` (of `year`, if given), newest first."""
    where, params = filters.sql()
    if year is not None:
        where += " AND n.year = :n_year"
        params["n_year"] = year
    rows = conn.execute(
        text(
            "SELECT d.id, d.doc_number FROM document_numbers n JOIN documents d ON d.id = n.document_id "
            f"JOIN sources s ON s.id = d.source_id WHERE n.seq = :n_seq AND {where} ORDER BY d.signed_date DESC, d.id"
        ),
        {**params, "n_seq": seq},
    )
    return [(int(i), n) for i, n in rows]


def document_tables(conn: Connection, document_id: int) -> list[dict[str, Any]]:
    """The document's tables as the structure stage gave them (Table.to_json())."""
    return list(conn.scalar(select(DocumentRow.tables).where(DocumentRow.id == document_id)) or [])


def extracted_facts(conn: Connection, document_id: int) -> dict[str, list[dict[str, Any]]]:
    """What the extract stage found in a document, as stored: "bodies" (Body.to_json()),
    "targets" (Target.to_json()) and "tasks" (Task.to_json()), read in one go."""
    extra = conn.scalar(select(DocumentRow.extra).where(DocumentRow.id == document_id)) or {}
    return {field: list(extra.get(field) or []) for field in ("bodies", "targets", "tasks")}
