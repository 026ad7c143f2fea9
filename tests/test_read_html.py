"""Web pages: each document of the samples as a city portal's article page (navigation, search
form, breadcrumb, <meta> ArticleTitle/PubDate/ContentSource, byline, ruled tables, the 政策咨询 box,
related links, footer) must parse as the text samples do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongbao.cli.eval_commands import evaluate_gold
from gongbao.evaluate import DOC_FIELDS, total
from gongbao.evaluate.tasks import total_tasks
from gongbao.read import decode_bytes, read_source
from renderings import as_portal_pages, map_gold_by_text

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("portal")
    golds, tasks = [], []
    for sample in sorted((ROOT / "samples").glob("*.txt")):
        prefix = sample.name[:3]
        gold = json.loads((GOLD / f"{prefix}.docs.json").read_text(encoding="utf-8"))
        task_file = GOLD / f"{prefix}.tasks.json"
        task_gold = json.loads(task_file.read_text(encoding="utf-8")) if task_file.is_file() else []
        for k, (page, g) in enumerate(as_portal_pages(sample.read_text(encoding="utf-8"), gold)):
            path = folder / f"{prefix}_portal_{k:02d}.html"
            path.write_text(page, encoding="utf-8")
            lines = read_source(path).text.split("\n")
            filled = [n for n, line in enumerate(lines, 1) if line.strip()]
            # One document a page: from its own head when the page prints it under the page's
            # title, else from the page's title; to its last line.
            head = map_gold_by_text([g], sample.read_text(encoding="utf-8"), lines, strict=False)
            golds.append({**g, "seed": path.name, "line_start": head[0]["line_start"] if head else filled[0], "line_end": filled[-1]})
            tasks += [{**t, "seed": path.name} for t in task_gold if t["doc_number"] == g["doc_number"]]
    (folder / "gold.docs.json").write_text(json.dumps(golds, ensure_ascii=False), encoding="utf-8")
    (folder / "gold.tasks.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return folder


def test_portal_pages_parse_as_the_text_samples(portal: Path) -> None:
    scores, _, tasks = evaluate_gold(portal, [portal])
    overall = total(scores)
    assert overall.found == overall.gold_docs == 38 and overall.extra == 0, overall.errors
    for name in DOC_FIELDS:
        assert overall.accuracy(name) >= 0.98, (name, overall.errors)
    summary = total_tasks(tasks)
    assert 2 * summary.matched / (summary.gold_tasks + summary.found_tasks) >= 0.97, summary.as_dict()


def test_the_article_without_the_site_and_the_meta_kept(portal: Path) -> None:
    source = read_source(portal / "004_portal_01.html")
    text = source.text
    assert text.startswith("吕梁市人民政府关于对吕梁市城市集中供热专项规划")
    for furniture in ("首页", "搜索", "当前位置", "相关链接", "ICP", "_hmt"):
        assert furniture not in text, furniture
    assert dict(source.meta) == {"title": "吕梁市人民政府关于对吕梁市城市集中供热专项规划(2021—2035年)的批复",
                                 "published": "2022-03-31", "source": "吕梁市人民政府办公室", "keywords": "政策文件"}  # fmt: skip


def test_a_page_in_gbk_says_so_in_its_meta() -> None:
    page = "<html><head><meta charset='gbk'><title>吕梁市人民政府关于某事的通知</title></head><body><div><p>各县（市、区）人民政府：现将有关事项通知如下，请认真贯彻执行。为进一步做好相关工作，特制定本通知。</p></div></body></html>"
    source = decode_bytes(page.encode("gbk"), name="page.htm")
    assert source.encoding == "html" and "各县（市、区）人民政府" in source.text


def test_a_page_nested_thousands_deep_is_read_without_recursion() -> None:
    depth = 5000
    page = "<html><body>" + "<div>吕梁市人民政府关于某事的通知，各县（市、区）人民政府：" * depth + "</div>" * depth + "</body></html>"
    source = decode_bytes(page.encode("utf-8"), name="deep.html")
    assert source.text.count("吕梁市人民政府关于某事的通知") >= 0.95 * depth  # the deepest block holding nearly all
