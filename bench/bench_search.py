"""Search benchmark: the sample corpus replicated to ≥ 100,000 documents in SQLite, then query
latency of `gongbao.search.search` (and `ask`) against a plain LIKE scan, in the same run.

Not a timed test: run it by hand and compare figures within one run (see bench/README.md).

    .venv/bin/python bench/bench_search.py [--docs 100000] [--rounds 3] [--like-queries 10] [--json]

Build: the three samples are parsed once; copy k of their 38 documents gets document numbers of its
own (吕政办发〔2021〕50号 → 吕政办发〔2000+k%26〕(k//26·100+50)号) and is indexed the way ingest
indexes a document — every paragraph tokenized again (gongbao.store.indexing.index_document), the
passages, units and full-text rows written in one transaction per batch. Documents are stored lean
(metadata without the body JSON, which search does not read), so the database is the search index
plus what a result page shows. Queries: the dev and held-out query sets, short keyword queries and
文号 lookups of replicated numbers, each timed over several rounds after a warm-up round.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import insert, text  # noqa: E402

from gongbao import parse_file  # noqa: E402
from gongbao.models import ParsedFile  # noqa: E402
from gongbao.search import ask, search  # noqa: E402
from gongbao.search.tokens import Tokenizer  # noqa: E402
from gongbao.store import open_store  # noqa: E402
from gongbao.store.indexing import index_document  # noqa: E402
from gongbao.store.schema import DocumentNumberRow, DocumentRow, DocumentUnitRow, PassageRow, Source  # noqa: E402

ASK_GOAL_P95_MS = 100  # issue 11: ask at 100k documents
GOAL_P95_MS = 20.0
SHORT_QUERIES = [
    "公交", "清洁取暖", "以旧换新", "老旧小区改造", "食品安全", "知识产权", "数字政府", "塑料污染", "市场主体", "营商环境",
    "市工信局", "领导小组", "房屋征收补偿", "应急预案", "集中供热", "开发区", "批而未用", "护工培训", "金融机构考核", "空气质量",
]  # fmt: skip
NUMBER = re.compile(r"^(?P<prefix>.+?)〔(?P<year>\d{4})〕(?P<seq>\d+)号$")


def renumber(number: str | None, copy: int) -> str | None:
    if not number or not (m := NUMBER.match(number)):
        return number
    return f"{m['prefix']}〔{2000 + copy % 26}〕{(copy // 26) * 100 + int(m['seq'])}号"


def build(url: str, parsed: list[ParsedFile], docs_wanted: int, batch_copies: int) -> dict[str, Any]:
    tokenizer = Tokenizer.default()
    per_copy = sum(len(p.documents) for p in parsed)
    copies = math.ceil(docs_wanted / per_copy)
    t_index = t_write = 0.0
    started = time.perf_counter()
    doc_id = source_id = 0
    with open_store(url) as store:
        for first in range(0, copies, batch_copies):
            sources, documents, passages, units, numbers, fulltext = [], [], [], [], [], []
            t0 = time.perf_counter()
            for copy in range(first, min(first + batch_copies, copies)):
                for pf in parsed:
                    source_id += 1
                    sources.append({
                        "id": source_id, "name": f"replica-{copy:05d}-{pf.source.name}", "sha256": f"{copy:064d}"[-64:],
                        "size": pf.source.size, "encoding": "utf-8", "version": 1, "ingested_at": datetime.now(UTC),
                        "is_current": True, "warnings": [], "gazette_name": pf.gazette.name, "gazette_year": pf.gazette.year,
                        "gazette_number": pf.gazette.number, "gazette_total_number": pf.gazette.total_number,
                        "gazette_published": pf.gazette.published,
                    })  # fmt: skip
                    for seq, doc in enumerate(pf.documents):
                        doc_id += 1
                        doc = replace(doc, doc_number=renumber(doc.doc_number, copy))
                        documents.append({
                            "id": doc_id, "source_id": source_id, "seq": seq, "doc_number": doc.doc_number, "issuer": doc.issuer,
                            "title": doc.title, "doc_type": doc.doc_type, "recipients": doc.recipients,
                            "signed_date": doc.signed_date, "public": doc.public, "line_start": doc.line_start,
                            "line_end": doc.line_end, "original": {}, "warnings": [], "outline": [], "tables": [], "text": "",
                            "extra": {},
                        })  # fmt: skip
                        index = index_document(doc_id, doc, tokenizer)
                        passages += index.passages
                        units += index.units
                        numbers += [index.number] if index.number else []
                        fulltext.append(index.fulltext)
            t1 = time.perf_counter()
            with store.engine.begin() as conn:
                conn.execute(insert(Source), sources)
                conn.execute(insert(DocumentRow), documents)
                conn.execute(insert(PassageRow), passages)
                if units:
                    conn.execute(insert(DocumentUnitRow), units)
                if numbers:
                    conn.execute(insert(DocumentNumberRow), numbers)
                store.fulltext.add(conn, fulltext)
            t2 = time.perf_counter()
            t_index += t1 - t0
            t_write += t2 - t1
            print(f"  {doc_id:>7} documents indexed, {t2 - started:6.1f} s", file=sys.stderr, flush=True)
        t3 = time.perf_counter()
        with store.engine.begin() as conn:  # merge FTS5 segments, as a maintenance step would
            conn.exec_driver_sql("INSERT INTO search_doc_fts(search_doc_fts) VALUES('optimize')")
            conn.exec_driver_sql("INSERT INTO search_passage_fts(search_passage_fts) VALUES('optimize')")
        t_optimize = time.perf_counter() - t3
        with store.engine.connect() as conn:
            n_passages = conn.scalar(text("SELECT count(*) FROM passages"))
    return {
        "documents": doc_id, "copies": copies, "passages": n_passages, "build_s": round(time.perf_counter() - started, 1),
        "tokenize_s": round(t_index, 1), "write_s": round(t_write, 1), "optimize_s": round(t_optimize, 1),
    }  # fmt: skip


def sizes(path: Path) -> dict[str, float]:
    import sqlite3

    out = {"file_mb": round(path.stat().st_size / 1e6, 1)}
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:  # SQLite built without dbstat
        rows = []
    conn.close()
    groups = {"fts_index_mb": ("search_",), "passages_mb": ("passages", "ix_passages"), "documents_mb": ("documents", "ix_documents", "sqlite_autoindex_documents")}
    for key, prefixes in groups.items():
        out[key] = round(sum(size for name, size in rows if name.startswith(prefixes)) / 1e6, 1)
    return out


def percentiles(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)

    def pick(q: float) -> float:
        return round(ms[min(len(ms) - 1, math.ceil(q * len(ms)) - 1)], 2)

    return {"n": len(ms), "p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "max_ms": round(ms[-1], 2)}


def time_queries(store: Any, queries: dict[str, list[str]], rounds: int, fn: Any) -> dict[str, dict[str, float]]:
    for kind_queries in queries.values():  # warm-up: page cache, tokenizer, SQLite statement cache
        for q in kind_queries:
            fn(store, q)
    timings: dict[str, list[float]] = {kind: [] for kind in queries}
    for _ in range(rounds):
        for kind, kind_queries in queries.items():
            for q in kind_queries:
                store.fulltext.clear_caches()  # every query counts its terms' documents afresh
                t = time.perf_counter()
                fn(store, q)
                timings[kind].append((time.perf_counter() - t) * 1000)
    out = {kind: percentiles(ms) for kind, ms in timings.items()}
    out["all"] = percentiles([m for ms in timings.values() for m in ms])
    return out


def like_scan(store: Any, queries: list[str]) -> dict[str, float]:
    """The baseline: rank documents by how many passages contain a query term, with LIKE."""
    tokenizer = Tokenizer.default()
    ms = []
    with store.engine.connect() as conn:
        for q in queries:
            terms = tokenizer.query_terms(q)[:8] or [q]
            where = " OR ".join(f"p.text LIKE :t{i}" for i in range(len(terms)))
            sql = (
                "SELECT p.document_id, count(*) AS n FROM passages p JOIN documents d ON d.id = p.document_id "
                f"JOIN sources s ON s.id = d.source_id WHERE s.is_current AND ({where}) GROUP BY p.document_id ORDER BY n DESC LIMIT 10"
            )
            t = time.perf_counter()
            conn.execute(text(sql), {f"t{i}": f"%{term}%" for i, term in enumerate(terms)}).all()
            ms.append((time.perf_counter() - t) * 1000)
    return percentiles(ms)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000, help="documents to replicate the samples to")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds over the query set")
    ap.add_argument("--like-queries", type=int, default=10, help="queries run through the LIKE baseline (each a full scan)")
    ap.add_argument("--ask-queries", type=int, default=100, help="questions timed through ask")
    ap.add_argument("--batch", type=int, default=20, help="copies of the corpus per write transaction")
    ap.add_argument("--db", type=Path, help="build into this SQLite file (default: a temporary one, deleted)")
    ap.add_argument("--reuse", action="store_true", help="query an existing --db without building")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="gongbao-bench-search-")
    path = args.db or Path(folder.name) / "search.db"
    url = f"sqlite:///{path}"
    report: dict[str, Any] = {"commit": _commit(), "python": sys.version.split()[0], "cpus": os.cpu_count()}
    if not args.reuse:
        if path.exists():
            path.unlink()
        samples = sorted((ROOT / "samples").glob("*.txt"))
        parsed = [parse_file(p) for p in samples]
        print(f"building {args.docs} documents from {len(samples)} samples into {path}", file=sys.stderr)
        report["build"] = build(url, parsed, args.docs, args.batch)
    report["size"] = sizes(path)

    sets = [json.loads((ROOT / "tests" / "fixtures" / "queries" / name).read_text(encoding="utf-8")) for name in ("dev.json", "heldout.json")]
    questions = [q["q"] for s in sets for q in s if q.get("kind") != "number"]
    random.seed(7)
    numbers = [f"吕政办发〔{2000 + c % 26}〕{(c // 26) * 100 + n}号" for c, n in zip(random.sample(range(2000), 20), [50, 10, 39, 9] * 5, strict=False)]
    numbers += [f"吕政发 {2000 + c % 26} {(c // 26) * 100 + 6}" for c in random.sample(range(2000), 10)]
    queries = {"questions": questions, "keywords": SHORT_QUERIES, "numbers": numbers}
    # ask: the answer sets' questions of every kind (lists and procedures scan headings too),
    # interleaved with the older sets' questions.
    answer_set = json.loads((ROOT / "tests" / "fixtures" / "queries" / "answers_dev.json").read_text(encoding="utf-8"))
    asked = [q["question"] for q in answer_set]
    ask_questions = [q for pair in zip(asked, questions, strict=False) for q in pair] + asked[len(questions) :]
    with open_store(url) as store:
        with store.engine.connect() as conn:
            report["documents"] = conn.scalar(text("SELECT count(*) FROM documents"))
        print("timing search …", file=sys.stderr)
        report["search"] = time_queries(store, queries, args.rounds, lambda s, q: search(s, q, limit=10))
        print("timing ask …", file=sys.stderr)
        report["ask"] = time_queries(store, {"questions": ask_questions[: args.ask_queries]}, 1, ask)["all"]
        print("timing the LIKE baseline …", file=sys.stderr)
        report["like_scan"] = like_scan(store, SHORT_QUERIES[: args.like_queries // 2] + questions[: args.like_queries - args.like_queries // 2])
    report["goal_p95_ms"] = GOAL_P95_MS
    report["goal_met"] = report["search"]["all"]["p95_ms"] < GOAL_P95_MS
    report["ask_goal_p95_ms"] = ASK_GOAL_P95_MS
    report["ask_goal_met"] = report["ask"]["p95_ms"] < ASK_GOAL_P95_MS
    folder.cleanup()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    _print(report)


def _print(r: dict[str, Any]) -> None:
    print(f"commit {r['commit']}, Python {r['python']}, {r['documents']} documents")
    if b := r.get("build"):
        print(f"build: {b['build_s']} s ({b['tokenize_s']} s tokenizing and building rows, {b['write_s']} s writing, "
              f"{b['optimize_s']} s FTS optimize); {b['passages']} passages")  # fmt: skip
    s = r["size"]
    print(f"size: file {s['file_mb']} MB; full-text index {s['fts_index_mb']} MB, passages {s['passages_mb']} MB, documents {s['documents_mb']} MB")
    print(f"{'search':<22}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for kind, p in r["search"].items():
        print(f"  {kind:<20}{p['n']:>6}{p['p50_ms']:>10}{p['p95_ms']:>10}{p['p99_ms']:>10}{p['max_ms']:>10}")
    for name in ("ask", "like_scan"):
        p = r[name]
        print(f"{name:<22}{p['n']:>6}{p['p50_ms']:>10}{p['p95_ms']:>10}{p['p99_ms']:>10}{p['max_ms']:>10}")
    print(f"goal p95 < {r['goal_p95_ms']} ms: {'met' if r['goal_met'] else 'NOT met'}")


def _commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "src"], capture_output=True, text=True).stdout.strip()
        return out + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
