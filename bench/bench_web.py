"""Benchmark the web app under concurrent load on loopback: the document page and the search API.

Ingests the sample gazettes into a temporary SQLite database, serves the app with uvicorn in a
subprocess on 127.0.0.1 (a free port), then runs N concurrent clients for a fixed time, each
alternating between a document page (a random stored document) and a search (a query from a fixed
mix). Reports per endpoint: requests, errors, requests/s, p50/p95/p99 latency. Goal: p95 ≤ 100 ms
with 0 errors at 20 clients. Bounded: the duration and a request cap per client; loopback only.

    .venv/bin/python bench/bench_web.py                  # 20 clients, 30 s
    .venv/bin/python bench/bench_web.py --clients 5 --duration 10 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["公交", "市工信局", "吕政办发〔2022〕9号", "空气质量", "老旧小区改造", "营商环境", "森林覆盖率",
           "清洁取暖", "数字政府", "食品安全", "设备更新", "市场主体倍增", "吕政发[2024]7 号", "应急预案"]  # fmt: skip
GOAL_P95_MS = 100.0
MAX_REQUESTS_PER_CLIENT = 100_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ingest(db_url: str) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from gongbao import parse_file
    from gongbao.store import open_store

    with open_store(db_url) as store:
        for path in sorted((ROOT / "samples").glob("*.txt")):
            store.ingest(parse_file(path))
        return len(store.documents(text=False))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]  # nearest rank


async def client(base: str, doc_ids: list[int], until: float, seed: int, stats: dict[str, dict[str, Any]]) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        for n in range(MAX_REQUESTS_PER_CLIENT):
            if time.perf_counter() >= until:
                return
            if (n + seed) % 2 == 0:
                name, url, params = "document page", f"/documents/{rng.choice(doc_ids)}", None
            else:
                name, url, params = "search API", "/api/search", {"q": rng.choice(QUERIES)}
            start = time.perf_counter()
            try:
                r = await http.get(url, params=params)
                ok = r.status_code == 200 and len(r.content) > 0
            except httpx.HTTPError:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            s = stats[name]
            s["latencies"].append(elapsed)
            if not ok:
                s["errors"] += 1


async def run_load(base: str, doc_ids: list[int], clients: int, duration: float, warmup: float) -> tuple[dict[str, dict[str, Any]], float]:
    # Warm-up (not counted): first requests fill the app's caches and SQLite's page cache.
    scratch: dict[str, dict[str, Any]] = {k: {"latencies": [], "errors": 0} for k in ("document page", "search API")}
    await asyncio.gather(*(client(base, doc_ids, time.perf_counter() + warmup, 1000 + i, scratch) for i in range(clients)))
    stats: dict[str, dict[str, Any]] = {k: {"latencies": [], "errors": 0} for k in ("document page", "search API")}
    start = time.perf_counter()
    await asyncio.gather(*(client(base, doc_ids, start + duration, i, stats) for i in range(clients)))
    return stats, time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of measured load")
    ap.add_argument("--warmup", type=float, default=3.0, help="seconds of load before measuring")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--threads", type=int, default=None, help="handler threads per worker (GONGBAO_SERVE_THREADS; app default 4)")
    ap.add_argument("--no-cache", action="store_true", help="serve without the app's result cache (GONGBAO_SERVE_CACHE=0)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    if not (1 <= args.clients <= 200 and 0 < args.duration <= 600):
        ap.error("--clients must be 1–200 and --duration at most 600 s")

    with tempfile.TemporaryDirectory(prefix="gongbao-bench-web-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'gongbao.db'}"
        docs = ingest(db_url)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "GONGBAO_DB": db_url, "PYTHONPATH": str(ROOT / "src")}
        if args.no_cache:
            env["GONGBAO_SERVE_CACHE"] = "0"
        if args.threads:
            env["GONGBAO_SERVE_THREADS"] = str(args.threads)
        cmd = [sys.executable, "-m", "uvicorn", "--factory", "gongbao.serve:create_app", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning", "--workers", str(args.workers)]  # fmt: skip
        server = subprocess.Popen(cmd, env=env, cwd=tmp)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    doc_ids = [d["id"] for d in httpx.get(f"{base}/api/documents", params={"limit": 100}, timeout=2).json()["items"]]
                    break
                except (httpx.HTTPError, ValueError, KeyError):
                    if time.monotonic() > deadline or server.poll() is not None:
                        print("the server did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.2)
            stats, wall = asyncio.run(run_load(base, doc_ids, args.clients, args.duration, args.warmup))
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

    report: dict[str, Any] = {
        "clients": args.clients, "duration_s": round(wall, 2), "workers": args.workers, "documents": docs,
        "cache": not args.no_cache, "threads": args.threads,
        "python": platform.python_version(), "cpus": os.cpu_count(), "endpoints": {},
    }  # fmt: skip
    for name, s in stats.items():
        lat = s["latencies"]
        report["endpoints"][name] = {
            "requests": len(lat),
            "errors": s["errors"],
            "rps": round(len(lat) / wall, 1),
            "p50_ms": round(percentile(lat, 50), 1),
            "p95_ms": round(percentile(lat, 95), 1),
            "p99_ms": round(percentile(lat, 99), 1),
            "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
        }
    met = all(e["p95_ms"] <= GOAL_P95_MS and e["errors"] == 0 and e["requests"] > 0 for e in report["endpoints"].values())
    report["goal_met"] = met
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"{args.clients} clients × {wall:.1f} s on loopback, uvicorn workers {args.workers}, "
          f"result cache {'off' if args.no_cache else 'on'}, {docs} documents, "
          f"Python {report['python']}, {report['cpus']} CPUs")  # fmt: skip
    print(f"{'endpoint':<15} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for name, e in report["endpoints"].items():
        print(f"{name:<15} {e['requests']:>8} {e['errors']:>6} {e['rps']:>7} {e['p50_ms']:>7} {e['p95_ms']:>7} {e['p99_ms']:>7}")
    print(f"goal p95 ≤ {GOAL_P95_MS:.0f} ms and 0 errors: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
