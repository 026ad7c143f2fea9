"""How well tasks are followed from one version of a document to the next (store.tracking.match_tasks).

Revisions are simulated on the sample documents' real tasks, as amended documents change them: some
tasks dropped (and the later ones renumbered), some edited (a deadline moved, a unit added, a
clause reworded), some new tasks inserted, some moved. The truth is known, so each matching is
scored: precision (a task taken for another is a lost or wrong history) and recall (a task not
recognised starts again from 未启动). Seeded, so every run measures the same revisions.

    .venv/bin/python bench/measure_task_tracking.py [--trials 20]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from gongbao import parse_file
from gongbao.store.tracking import match_tasks

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))
EDITS = [
    (re.compile(r"(\d{4})年(\d{1,2})月底"), lambda m: f"{int(m[1]) + 1}年{m[2]}月底"),  # a deadline moved
    (re.compile(r"(市[\u4e00-\u9fff]{1,6}局)"), lambda m: m[1] + "、市财政局"),  # a unit added
    (re.compile(r"进一步"), lambda m: "持续"),  # a word changed
    (re.compile(r"。"), lambda m: "，确保取得实效。"),  # a clause added
]


def revise(tasks: list[tuple[str | None, str, str]], rng: random.Random, others: list[tuple[str, str]]) -> tuple[list[tuple[str | None, str, str]], dict[int, int]]:
    """A revised task list (number, text, units) and the truth {old index: new index}."""
    kept: list[tuple[int | None, str, str]] = []
    for i, (_, text, units) in enumerate(tasks):
        roll = rng.random()
        if roll < 0.10:
            continue  # dropped
        if roll < 0.35:
            pattern, change = rng.choice(EDITS)
            text = pattern.sub(change, text, count=1) if pattern.search(text) else text + "（修订）"
        kept.append((i, text, units))
    for _ in range(max(1, len(tasks) // 20)):  # new tasks, from other documents
        kept.insert(rng.randrange(len(kept) + 1), (None, *rng.choice(others)))
    if len(kept) > 3 and rng.random() < 0.5:  # two tasks trade places
        a, b = rng.sample(range(len(kept)), 2)
        kept[a], kept[b] = kept[b], kept[a]
    numbered = [(f"{n}." if tasks and tasks[0][0] else None, text, units) for n, (_, text, units) in enumerate(kept, 1)]
    truth = {old: new for new, (old, _, _) in enumerate(kept) if old is not None}
    return numbered, truth


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    args = parser.parse_args()
    documents = [[(t.no, t.text, "、".join(t.units)) for t in doc.tasks] for path in SAMPLES for doc in parse_file(path).documents]
    documents = [d for d in documents if len(d) >= 3]
    texts = [(text, units) for d in documents for _, text, units in d]
    right = wrong = missed = total = 0
    rng = random.Random(13)
    for _ in range(args.trials):
        for tasks in documents:
            others = [t for t in texts if t[0] not in {x for _, x, _ in tasks}]
            revised, truth = revise(tasks, rng, others)
            found = match_tasks(tasks, revised)
            total += len(truth)
            for old, new in found.items():
                if truth.get(old) == new:
                    right += 1
                else:
                    wrong += 1
            missed += sum(1 for old in truth if old not in found)
    print(f"documents {len(documents)} × trials {args.trials}: {total} tasks kept across a revision")
    print(f"precision {right / max(1, right + wrong):.4f} ({wrong} wrong matches)  recall {right / max(1, total):.4f} ({missed} not recognised)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
