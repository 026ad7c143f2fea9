"""Parse time against a floor: one NFKC pass and five regex passes over the same text.

    .venv/bin/python bench/bench_parse_floor.py [--runs 5]

The floor is what any parser of this text must at least do (read it once in normal form and look
for a few shapes); the ratio says how much more gongbao's whole pipeline costs. Best of `--runs`,
both measured in this one process, the text already decoded from disk for both.
"""

from __future__ import annotations

import argparse
import re
import time
import unicodedata
from pathlib import Path

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


def best(fn, texts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    parse_text(texts[0])  # warm: the registries, compiled patterns, jieba's dictionary
    f = best(floor, texts, args.runs)
    p = best(parse_text, texts, args.runs)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} gazettes, {size:.2f} MB: floor {f:.3f} s, parse {p:.3f} s, ratio ×{p / f:.1f}")


if __name__ == "__main__":
    main()
