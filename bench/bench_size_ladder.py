"""Parse time against input size: every stage must be linear (issue 12's hostile files).

    .venv/bin/python bench/bench_size_ladder.py [--max-mb 4]

For each shape of input (one endless line of prose; one line of 《titles》 and 文号; many short
lines; a sample gazette repeated) parses 1/4, 1/2, 1 and 2 … up to --max-mb MB and prints the
seconds and the time per MB relative to the smallest size: linear time keeps that ratio near 1.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from gongbao.pipeline import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
PROSE = "吕梁市人民政府关于印发《吕梁市某某工作方案》的通知各县（市、区）人民政府，市直有关单位：现将有关事项通知如下。"
CITES = "根据《山西省人民政府关于加快推进某项工作的意见》（晋政发〔2021〕12号）和吕政办发〔2022〕9号文件精神"


def shapes() -> dict[str, str]:
    sample = next(iter(sorted((ROOT / "samples").glob("*.txt")))).read_text(encoding="utf-8")
    return {
        "one line of prose": PROSE,
        "one line of citations": CITES,
        "short lines": PROSE + "\n",
        "a gazette repeated": sample + "\n",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-mb", type=float, default=2.0)
    args = parser.parse_args()
    sizes = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0]
    sizes = [s for s in sizes if s <= args.max_mb]
    for name, unit in shapes().items():
        base = None
        row = []
        for mb in sizes:
            data = (unit * max(1, int(mb * 1024 * 1024 / len(unit.encode())))).encode()
            start = time.perf_counter()
            parse_bytes(data, "ladder.txt")
            seconds = time.perf_counter() - start
            per_mb = seconds / (len(data) / 1024 / 1024)
            base = base or per_mb
            row.append(f"{mb:g} MB {seconds:.2f} s (×{per_mb / base:.2f}/MB)")
        print(f"{name:24} " + " · ".join(row), flush=True)


if __name__ == "__main__":
    main()
