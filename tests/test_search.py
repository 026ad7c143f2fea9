"""Search and answers on the sample gazettes, each test on SQLite (FTS5) and PostgreSQL (tsvector).

Relevance floors on the query sets (tests/fixtures/queries), 文号 lookup in the forms people type,
traditional characters, facets and filters, pages, provenance of passages, hostile queries, the
CLI's JSON contracts, and that re-ingesting adds nothing to the index.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from gongbao import parse_file
from gongbao.cli import app
from gongbao.evaluate.queries import load_queries, score_queries
from gongbao.normalize import squash
from gongbao.search import QueryError, ask, search
from gongbao.search.engine import MAX_QUERY_CHARS, highlights
from gongbao.search.tokens import Tokenizer, normalize_text
from gongbao.store import Store, open_store
from gongbao.store.schema import PassageRow

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
QUERIES = ROOT / "tests" / "fixtures" / "queries"
BUS = "吕政办发〔2022〕9号"  # 吕梁市区城市公交免费乘坐实施方案
DIGITAL = "吕政办发〔2021〕50号"  # 吕梁市2021年数字政府建设行动计划
HEATING = "吕政办发〔2022〕10号"  # 冬季清洁取暖运行补贴资金实施方案


@pytest.fixture(scope="module")
def store(samples_store: Store) -> Store:
    return samples_store


def numbers(results) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [h.doc_number for h in results.hits]


# --- relevance --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dev.json", "heldout.json", "blind.json"])
def test_query_set_relevance_floors(store: Store, name: str) -> None:
    score = score_queries(store, load_queries(QUERIES / name), name, answers=False)
    assert score.queries >= 40
    assert score.recall_at_5 >= 0.9, score.errors
    assert score.mrr >= 0.75, score.errors
    assert score.recall_at_1 >= 0.8, score.errors


# Floors a little under what was measured. blind.json was written by someone who saw neither the
# engine nor the other sets, and was scored once before any change (79% / 74%).
@pytest.mark.parametrize(("name", "doc_floor", "fact_floor"), [("dev.json", 0.8, 0.7), ("heldout.json", 0.8, 0.7), ("blind.json", 0.7, 0.65)])
def test_answers_come_from_the_right_document_and_hold_the_fact(store: Store, name: str, doc_floor: float, fact_floor: float) -> None:
    score = score_queries(store, load_queries(QUERIES / name), name)
    assert score.answered_doc >= doc_floor, score.errors
    assert score.answer_contains >= fact_floor, score.errors


def test_questions_nothing_answers_are_refused(store: Store) -> None:
    queries = load_queries(QUERIES / "unanswerable.json")
    assert len(queries) >= 10
    score = score_queries(store, queries, "unanswerable")
    assert score.refused >= 0.9, score.errors


# --- 文号 lookup -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["吕政办发〔2021〕50号", "吕政办发[2021]50号", "吕政办发2021 50", "吕政办发 2021年 第50号", "查一下吕政办发（2021）50号"])
def test_document_number_in_any_printed_form(store: Store, query: str) -> None:
    results = search(store, query)
    assert numbers(results)[0] == DIGITAL
    assert results.hits[0].matched_by == "number"


def test_sequence_number_with_a_year_filter_or_a_year_in_the_query(store: Store) -> None:
    assert numbers(search(store, "50号", year=2021))[0] == DIGITAL
    assert numbers(search(store, "50号 2021年"))[0] == DIGITAL
    # Without a year every 50号 is a candidate, and the words still rank.
    assert DIGITAL in numbers(search(store, "50号"))


def test_number_that_only_looks_like_one_is_not_a_lookup(store: Store) -> None:
    # 2022年10月底前 has the shape of 〔2022〕10号 but no stored prefix ends 完成: a text search.
    results = search(store, "完成2022年10月底前")
    assert all(h.matched_by == "text" for h in results.hits)


# --- text -------------------------------------------------------------------------------------


def test_traditional_characters_match(store: Store) -> None:
    assert numbers(search(store, "市區公交車免費乘坐"))[0] == BUS
    assert numbers(search(store, "清潔取暖運行補貼"))[0] == HEATING


def test_unit_alias_finds_the_canonical_unit(store: Store) -> None:
    # The documents write 市工信局 and 吕梁市工业和信息化局; either finds both.
    short = set(numbers(search(store, "市工信局", limit=100)))
    full = search(store, "工业和信息化局", limit=100)
    assert "市工信局" in full.terms
    assert short and short <= set(numbers(full))


def test_passage_is_highlighted_and_points_at_its_source_lines(store: Store) -> None:
    results = search(store, "公交免费乘坐 刷卡系统")
    hit = results.hits[0]
    assert hit.doc_number == BUS
    assert hit.highlights and all(0 <= s < e <= len(hit.passage) for s, e in hit.highlights)
    marked = {normalize_text(hit.passage[s:e]) for s, e in hit.highlights}
    assert marked and all(any(t in m for t in results.terms) for m in marked)
    lines = next(p for p in SAMPLES if p.name == hit.source).read_text(encoding="utf-8").split("\n")
    printed = squash("".join(lines[hit.line_start - 1 : hit.line_end])) or ""
    assert (squash(hit.passage) or "")[:20] in printed
    assert hit.consultation == [{"unit": "吕梁市交通运输局", "phone": "3398907"}]


def test_highlights_map_back_through_normalisation() -> None:
    text = "市區公交車免費乘坐，２０２２年起"
    spans = highlights(text, ["免费", "2022"])
    assert [text[s:e] for s, e in spans] == ["免費", "２０２２"]


# --- facets, filters, pages -------------------------------------------------------------------


def test_facets_count_the_matching_documents(store: Store) -> None:
    results = search(store, "公交")
    assert results.total == len({h.document_id for h in search(store, "公交", limit=100).hits})
    issuers = {f.value: f.count for f in results.facets["issuer"]}
    assert sum(issuers.values()) == results.total
    assert set(issuers) == {"吕梁市人民政府", "吕梁市人民政府办公室"}
    assert {f.value for f in results.facets["doc_type"]} == {"通知"}
    assert {f.value for f in results.facets["year"]} <= {"2021", "2022", "2024"}
    assert any(f.value == "市交通局" or f.value == "市交通运输局" for f in results.facets["unit"])


def test_filters_narrow_the_results(store: Store) -> None:
    everything = search(store, "公交", limit=100)
    office = search(store, "公交", issuer="吕梁市人民政府办公室", limit=100)
    assert 0 < office.total < everything.total
    assert all(h.issuer == "吕梁市人民政府办公室" for h in office.hits)
    in_2024 = search(store, "公交", year=2024, limit=100)
    assert in_2024.total and all((h.signed_date or "").startswith("2024") for h in in_2024.hits)
    assert search(store, "公交", doc_type="批复").total == 0
    by_unit = search(store, "设备更新", unit="市工业和信息化局", limit=100)
    assert by_unit.total and "吕政发〔2024〕4号" in numbers(by_unit)


def test_pages_do_not_overlap(store: Store) -> None:
    first = search(store, "工作", limit=5)
    second = search(store, "工作", limit=5, offset=5)
    assert first.total == second.total > 10
    assert len(first.hits) == len(second.hits) == 5
    assert not {h.document_id for h in first.hits} & {h.document_id for h in second.hits}
    assert [h.score for h in first.hits] == sorted((h.score for h in first.hits), reverse=True)


# --- hostile input ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "公" * (MAX_QUERY_CHARS + 1), "公交\x00免费"])
def test_queries_that_cannot_run_say_why(store: Store, query: str) -> None:
    with pytest.raises(QueryError, match=r"\w"):
        search(store, query)
    with pytest.raises(QueryError):
        ask(store, query)


@pytest.mark.parametrize(
    "query",
    ['"公交" OR NEAR(免费 乘坐) AND NOT -', "title:公交 body:*", "公交'; DROP TABLE documents; --", "' OR 1=1 --", "（）《》“”！？", "&|!:*()<->"],
)
def test_operator_and_sql_characters_are_just_text(store: Store, query: str) -> None:
    results = search(store, query)  # no exception
    assert results.total >= 0
    ask(store, query)
    assert numbers(search(store, "公交免费乘坐"))[0] == BUS  # the tables are all still there


def test_bad_page_arguments(store: Store) -> None:
    for kwargs in ({"limit": 0}, {"limit": 1000}, {"offset": -1}, {"year": 12}):
        with pytest.raises(QueryError):
            search(store, "公交", **kwargs)  # type: ignore[arg-type]


# --- answers ----------------------------------------------------------------------------------


def test_answer_names_the_document_its_lines_and_whom_to_call(store: Store) -> None:
    found = ask(store, "市区公交车刷卡系统升级什么时候完成？")
    assert found.doc_number == BUS
    assert "2022年6月1日" in (squash(found.answer) or "")
    assert found.line_start and found.line_end and found.line_start <= found.line_end
    assert found.consultation == [{"unit": "吕梁市交通运输局", "phone": "3398907"}]


def test_contact_question_is_answered_with_the_consulting_unit(store: Store) -> None:
    found = ask(store, "清洁取暖补贴有问题打哪个电话")
    assert found.doc_number == HEATING
    assert "8231368" in found.answer and "吕梁市能源局" in found.answer


def test_leading_group_post_is_answered_from_the_extracted_body(store: Store) -> None:
    found = ask(store, "清理批而未用土地专项行动领导小组组长是谁")
    assert found.doc_number == "吕政办发〔2022〕14号"
    assert "油晓峰" in found.answer


def test_nothing_answers_says_so(store: Store) -> None:
    found = ask(store, "火星移民补贴怎么申请")
    assert found.answer == "" and found.reason and found.doc_number is None


# --- the index --------------------------------------------------------------------------------


def test_reingest_adds_nothing_to_the_index(store: Store) -> None:
    def counts() -> tuple[int, int]:
        with store.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(PassageRow)) or 0, search(store, "公交").total

    before = counts()
    for path in SAMPLES:
        assert store.ingest(parse_file(path)).status == "unchanged"
    assert counts() == before


def test_a_new_version_replaces_the_old_one_in_results(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    bus_file = next(p for p in SAMPLES if p.name.startswith("004_"))
    changed = tmp_path / bus_file.name
    changed.write_text(bus_file.read_text(encoding="utf-8").replace("加快推进城市公交刷卡系统升级", "加快推进城市公交刷脸系统升级"), encoding="utf-8")
    with open_store(url) as s:
        s.ingest(parse_file(bus_file))
        assert s.ingest(parse_file(changed)).status == "new-version"
        results = search(s, "公交免费乘坐", limit=100)
        assert numbers(results).count(BUS) == 1
        assert numbers(search(s, "刷脸"))[0] == BUS
        assert all("刷卡系统升级" not in h.passage for h in search(s, "刷卡系统升级", limit=100).hits)


def test_a_database_from_before_the_index_is_indexed_on_the_next_ingest(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as s:
        s.ingest(parse_file(SAMPLES[0]))
    db = sqlite3.connect(tmp_path / "old.db")
    for table in ("search_doc_vocab", "search_doc_fts", "search_passage_fts", "search_stats", "passages", "document_units", "document_numbers"):
        db.execute(f"DROP TABLE {table}")
    db.commit()
    db.close()
    with open_store(url) as s:
        assert search(s, "数字政府").total == 0
        assert s.ingest(parse_file(SAMPLES[0])).status == "unchanged"
        assert DIGITAL in numbers(search(s, "数字政府"))


def test_tokenizer_knows_the_domain_words() -> None:
    tokens = Tokenizer.default().tokens("清理批而未用土地，市工信局牵头")
    assert "批而未用" in tokens and "市工信局" in tokens
    assert "市工信局" in Tokenizer.default().tokens("吕梁市工业和信息化局负责")


# --- the CLI ----------------------------------------------------------------------------------


def test_cli_search_json_contract(store: Store) -> None:
    result = CliRunner().invoke(app, ["search", "公交免费", "--db", store.url, "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert isinstance(hits, list) and 0 < len(hits) <= 3
    for hit in hits:
        assert {"doc_number", "title", "score", "passage", "line_start", "line_end"} <= set(hit)
    assert hits[0]["doc_number"] == BUS
    assert hits[0]["score"] >= hits[-1]["score"]


def test_cli_ask_json_contract(store: Store) -> None:
    result = CliRunner().invoke(app, ["ask", "清洁取暖补贴有问题打哪个电话", "--db", store.url, "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert {"answer", "doc_number", "title", "line_start", "line_end", "consultation"} <= set(found)
    assert found["doc_number"] == HEATING
    none = json.loads(CliRunner().invoke(app, ["ask", "火星移民补贴", "--db", store.url, "--json"]).stdout)
    assert none["answer"] == "" and none["reason"]


@pytest.mark.parametrize("query", ["", "公" * 10_000])
def test_cli_bad_query_is_one_clear_line(store: Store, query: str) -> None:
    result = CliRunner().invoke(app, ["search", query, "--db", store.url])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.startswith("错误：") and len(result.stderr.strip().splitlines()) == 1


def test_cli_eval_queries() -> None:
    result = CliRunner().invoke(
        app, ["eval", "--queries", str(QUERIES / "dev.json"), "--samples", str(ROOT / "samples"), "--json"]
    )
    assert result.exit_code == 0, result.output
    (score,) = json.loads(result.stdout)
    assert score["recall_at_5"] >= 0.9 and score["mrr"] >= 0.75


# --- bounded cost on a large corpus -----------------------------------------------------------


def test_a_term_too_common_for_the_budget_ranks_the_newest_window(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import gongbao.search.engine as engine

    everything = search(store, "公交", limit=100)
    monkeypatch.setattr(engine, "POSTING_BUDGET", 2)
    windowed = search(store, "公交", limit=100)
    newest = sorted((h.document_id for h in everything.hits), reverse=True)[:2]
    assert sorted(h.document_id for h in windowed.hits) == sorted(newest)
    assert windowed.total == everything.total  # the count is still of every match


def test_sampled_document_frequencies_on_a_large_sqlite_index(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import gongbao.store.fulltext as fulltext

    terms = ["公交", "工作", "火星"]
    # What the documents hold, counted the slow way.
    truth = {t: sum(t in (d["text"] or "") for d in store.documents()) for t in terms}
    with store.engine.connect() as conn:
        exact = store.fulltext._doc_freq(conn, terms)
        assert exact["公交"] == truth["公交"] and exact["火星"] == 0
        if store.engine.dialect.name != "sqlite":
            return  # PostgreSQL counts exactly, however large
        monkeypatch.setattr(fulltext, "DF_SAMPLE", 20)  # fewer than the 38 documents: sample
        monkeypatch.setattr(fulltext, "DF_SAMPLE", 20)  # fewer than the 38 documents: sample
        sampled = store.fulltext._doc_freq(conn, terms)
    assert exact["火星"] == sampled["火星"] == 0
    assert exact["工作"] > 20
    assert abs(sampled["工作"] - exact["工作"]) <= 0.35 * exact["工作"]


def test_cli_page_past_the_last_says_so(store: Store) -> None:
    result = CliRunner().invoke(app, ["search", "公交", "--db", store.url, "--page", "9"])
    assert result.exit_code == 0
    assert "第9页已超出最后一页" in result.stdout
    first = CliRunner().invoke(app, ["search", "公交", "--db", store.url])
    assert "1. 吕政办发〔2022〕9号" in first.stdout and "发文机关" in first.stdout


def test_an_answer_written_from_extracted_facts_says_so(store: Store) -> None:
    found = ask(store, "十四五末吕梁地区生产总值目标是多少亿元")
    assert found.doc_number == "吕政发〔2021〕6号" and "2238" in found.answer
    assert found.sentences[0].kind == "fact"  # from the indicator table, not a printed sentence
    task = ask(store, "市区公交车刷卡系统升级什么时候完成？")  # from the task's clause lines
    assert task.sentences[0].kind == "fact" and "2022年6月1日前" in task.answer and "吕梁公共交通有限公司" in task.answer
    quoted = ask(store, "市区公交免费乘坐从什么时候开始？")
    assert quoted.sentences[0].kind == "quote" and "2022年4月1日" in quoted.answer


def test_a_filter_takes_any_name_of_the_issuer_and_an_empty_result_says_which_filter_emptied_it(store: Store) -> None:
    by_full_name = search(store, "清洁取暖", issuer="吕梁市人民政府办公室")
    by_alias = search(store, "清洁取暖", issuer="市政府办公室")
    assert by_alias.total == by_full_name.total > 0
    emptied = search(store, "清洁取暖", issuer="吕梁市人民政府办公室", doc_type="批复")
    assert emptied.total == 0 and any("文种“批复”" in n and "去掉这个条件" in n for n in emptied.notices)


def test_a_document_number_that_does_not_exist_is_said_not_found_first(store: Store) -> None:
    missing = search(store, "吕政办发〔2021〕999号")
    assert missing.notices and missing.notices[0].startswith("未找到发文字号为 吕政办发〔2021〕999号 的文件")
    assert not any(n.startswith("未找到") for n in search(store, "吕政办发〔2021〕45号").notices)
