"""How long a CLI command takes before it answers, against a bare `python -c pass`.

    .venv/bin/python bench/bench_cli_start.py [--runs 7]

Each command runs as its own process; the best of `--runs` is kept (start-up time is all the
machine's noise and nothing else), and reported as a ratio to the bare interpreter measured in the
same run. `list` reads a database with the samples, made once beforehand.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GONGBAO = Path(sys.executable).with_name("gongbao")


# As installed: bytecode cached. With PYTHONDONTWRITEBYTECODE set, every run would compile gongbao's
# sources again (tens of ms), which no user of an installed package pays.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def best(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV)  # warm-up: caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'gongbao.db'}"
        subprocess.run([str(GONGBAO), "ingest", str(ROOT / "samples"), "--db", db, "--jobs", "1"], capture_output=True, check=True)
        bare = best([sys.executable, "-c", "pass"], args.runs)
        print(f"python -c pass: {bare * 1000:.0f} ms")
        for name, cmd in (("gongbao --help", ["--help"]), ("gongbao --version", ["--version"]), ("gongbao list", ["list", "--db", db]),
                          ("gongbao tasks --unit 市工信局", ["tasks", "--unit", "市工信局", "--db", db])):  # fmt: skip
            took = best([str(GONGBAO), *cmd], args.runs)
            print(f"{name:<28} {took * 1000:6.0f} ms  ×{took / bare:.1f}")
        # What a command reading the store cannot go below: importing SQLAlchemy's ORM alone.
        for name, module in (("import sqlalchemy", "sqlalchemy"), ("import sqlalchemy.orm", "sqlalchemy.orm")):
            took = best([sys.executable, "-c", f"import {module}"], args.runs)
            print(f"{name:<28} {took * 1000:6.0f} ms  ×{took / bare:.1f}  (floor of a store command)")


if __name__ == "__main__":
    main()
