"""`--jobs`: parsing in worker processes while one writer stores, against one process.

    .venv/bin/python bench/bench_jobs.py [--copies 10] [--jobs 2]

The samples are copied under other names (`--copies` each), then parsed (parse_batch, no store)
and ingested into a fresh SQLite file, with 1 and with `--jobs` processes, in one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from gongbao.cli.common import parse_batch
from gongbao.store import open_store

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = []
        for i in range(args.copies):
            for sample in SAMPLES:
                files.append(root / f"{sample.stem}_{i}.txt")
                shutil.copy(sample, files[-1])
        timings = {}
        for jobs in (1, args.jobs):
            start = time.perf_counter()
            n = sum(len(part.documents) for parts in parse_batch(files, [], progress=False, jobs=jobs) for part in parts)
            timings[("parse", jobs)] = time.perf_counter() - start
            db = root / f"bench-{jobs}.db"
            start = time.perf_counter()
            with open_store(f"sqlite:///{db}") as store:
                for parts in parse_batch(files, [], progress=False, jobs=jobs):
                    store.ingest_parts(parts)
            timings[("ingest", jobs)] = time.perf_counter() - start
        print(f"{len(files)} files ({n} documents), {os.cpu_count()} cores")
        for what in ("parse", "ingest"):
            one, many = timings[(what, 1)], timings[(what, args.jobs)]
            print(f"{what:<7} 1 process {one:6.2f} s   {args.jobs} processes {many:6.2f} s   speed-up ×{one / many:.2f}")


if __name__ == "__main__":
    main()
