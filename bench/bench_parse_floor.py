"""Parse time against a floor: one NFKC pass and five regex passes over the same text.

    .venv/bin/python bench/bench_parse_floor.py [--runs 5]

The floor is what any parser of this text must at least do (read it once in normal form and look
for a few shapes); the ratio says how much more gongbao's whole pipeline costs. Each run is a
fresh process (no cache holds anything of the measured text; the pipeline is warmed on another
text), measuring the floor and the parse once each; the best of `--runs` of each is kept.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from gongbao import patterns
from gongbao.pipeline import parse_text

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))
FLOOR_PATTERNS = [re.compile(p) for p in (
    r"[\u4e00-\u9fff]{1,6}〔\d{4}〕\d+号",  # 文号
    r"\d{4}年\d{1,2}月\d{1,2}日",  # dates
    r"^[一二三四五六七八九十]+、",  # outline heads
    r"[（(][一二三四五六七八九十]+[)）]",
    r"\d{7,8}",  # phone numbers
)]  # fmt: skip


def floor(text: str) -> None:
    normal = unicodedata.normalize("NFKC", text)
    for pattern in FLOOR_PATTERNS:
        pattern.findall(normal) if pattern.pattern[0] != "^" else [pattern.match(line) for line in normal.split("\n")]


WARM_UP = "吕梁市人民政府文件\n吕政发〔2019〕1号\n关于印发某某方案的通知\n各县（市、区）人民政府：\n一、总体要求\n（一）加快建设。（市发改委牵头，2019年底前完成）\n"


def one_run() -> dict[str, float]:
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    patterns.compile_all()  # compiled on first use otherwise, once a process: not the parse's cost
    parse_text(WARM_UP)  # the registries, compiled patterns, jieba's dictionary — not these texts
    start = time.perf_counter()
    for t in texts:
        floor(t)
    floored = time.perf_counter() - start
    start = time.perf_counter()
    for t in texts:
        parse_text(t)
    return {"floor": floored, "parse": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run()))
        return
    runs = [json.loads(subprocess.run([sys.executable, __file__, "--one"], capture_output=True, text=True, check=True).stdout) for _ in range(args.runs)]
    f, p = min(r["floor"] for r in runs), min(r["parse"] for r in runs)
    size = sum(len(path.read_bytes()) for path in SAMPLES) / 1e6
    print(f"{len(SAMPLES)} gazettes, {size:.2f} MB: floor {f:.3f} s, parse {p:.3f} s, ratio ×{p / f:.1f} (best of {args.runs} fresh processes)")


if __name__ == "__main__":
    main()
