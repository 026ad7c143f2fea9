"""Citations (extract stage): the documents each document cites, with the relation, on the real
sample gazettes. Each sample is parsed once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongbao import parse_file, parse_text
from gongbao.extract.citations import Citation, find_citations, link_citations, title_keys
from gongbao.models import Attachment, Document, Paragraph
from gongbao.normalize import squash
from renderings import as_pdf_dump

ROOT = Path(__file__).parent.parent
SAMPLES = ("000_b6906092948a1a2c", "002_07df4a15ad83cd5e", "004_cae20566f423f72d")


@pytest.fixture(scope="module")
def parsed():
    return {seed: parse_file(ROOT / "samples" / f"{seed}.txt") for seed in SAMPLES}


@pytest.fixture(scope="module")
def docs(parsed) -> dict[str, Document]:
    return {d.doc_number: d for p in parsed.values() for d in p.documents}


@pytest.fixture(scope="module")
def cites(docs) -> dict[str, list[Citation]]:
    return {number: find_citations(doc) for number, doc in docs.items()}


def one(citations: list[Citation], *, number: str | None = None, title: str | None = None) -> Citation:
    found = [
        c for c in citations if (number is None or c.doc_number == number) and (title is None or c.title == title)
    ]
    assert len(found) == 1, (number, title, [(c.doc_number, c.title) for c in citations])
    return found[0]


# --- The three cases of the issue --------------------------------------------------------------


def test_a_reply_answers_the_request_it_cites(cites):
    # 你局《关于批复〈…〉的请示》(吕城请〔2022〕31号)已收悉，现批复如下：
    c = one(cites["吕政函〔2022〕5号"], number="吕城请〔2022〕31号")
    assert c.relation == "answers"
    assert c.title == "关于批复〈吕梁市城市集中供热专项规划(2021—2035年)〉的请示"  # nested marks as printed
    assert (c.line_start, c.line_end) == (127, 127)
    assert c.text.startswith("你局《关于批复") and c.text.endswith("现批复如下：")
    # The plan it approves (its own subject) and the short reference 《规划》 are not citations.
    assert [x.doc_number for x in cites["吕政函〔2022〕5号"]] == ["吕城请〔2022〕31号"]


def test_a_supplement_amends_the_scheme_it_names(cites):
    c = one(cites["吕政办发〔2022〕5号"], number="吕政办发〔2012〕101号")
    assert c.relation == "amends"
    assert c.title == "吕梁市新城建设房屋征收与补偿方案"
    assert (c.line_start, c.line_end) == (159, 159)
    assert c.text.endswith("中有关政策规定补充如下：")
    # 九、《…评估办法的通知》（吕新建办〔2012〕1号）附表…“…”修改为：“…”
    c = one(cites["吕政办发〔2022〕5号"], number="吕新建办〔2012〕1号")
    assert c.relation == "amends"
    assert c.title == "吕梁市新城建设总指挥部办公室关于印发吕梁市新城建设房屋征收评估办法的通知"


def test_title_and_wrapped_number_are_one_citation_that_is_implemented(parsed, cites):
    # The PDF dump wraps the number: （晋政发〔2024〕 / 10 号）精神
    raw = parsed["002_07df4a15ad83cd5e"].source.raw_lines
    assert raw[27].endswith("（晋政发〔2024〕") and raw[29].startswith("10 号）精神")
    c = one(cites["吕政发〔2024〕4号"], number="晋政发〔2024〕10号")
    assert c.relation == "implements"
    assert c.title == "山西省人民政府关于印发山西省推动大规模设备更新和消费品以旧换新实施方案的通知"
    assert (c.line_start, c.line_end) == (24, 38)
    assert c.text.startswith("为贯彻落实《山西省人民政府关于印发") and c.text.endswith("以旧换新。")


# --- Numbers, titles, relations ----------------------------------------------------------------


def test_a_number_alone_is_a_citation_without_the_words_before_it(cites):
    # 根据晋政办发〔2020〕86号文件精神
    [c] = cites["吕政函〔2022〕3号"]
    assert (c.doc_number, c.title, c.relation) == ("晋政办发〔2020〕86号", None, "implements")
    assert c.text.startswith("根据晋政办发〔2020〕86号文件精神")


def test_according_to_without_spirit_only_cites_and_names_the_issuer(cites):
    # 根据省委省政府《…意见》（晋发〔2021〕67号）、省政府办公厅《…若干措施（试行）》（晋政办发〔2022〕7号）和…
    c1 = one(cites["吕政办发〔2022〕6号"], number="晋发〔2021〕67号")
    c2 = one(cites["吕政办发〔2022〕6号"], number="晋政办发〔2022〕7号")
    assert (c1.relation, c1.issuer, c1.title) == ("cites", "省委省政府", "关于实施市场主体倍增工程的意见")
    assert (c2.relation, c2.issuer) == ("cites", "省政府办公厅")
    assert c2.title == "关于强化市场主体倍增要素服务保障的若干措施（试行）"
    c = one(cites["吕政办发〔2022〕10号"], number="环办科财〔2021〕22号")
    assert (c.relation, c.issuer) == ("cites", "生态环境部、财政部")


def test_implementing_verb_governs_every_title_it_coordinates(cites):
    # 为贯彻落实《…》（晋政发〔2020〕25号）和《…》（晋政发〔2021〕2号）精神
    got = {c.doc_number: c.relation for c in cites["吕政发〔2021〕7号"] if c.doc_number in ("晋政发〔2020〕25号", "晋政发〔2021〕2号")}
    assert got == {"晋政发〔2020〕25号": "implements", "晋政发〔2021〕2号": "implements"}
    # 山西省人民政府印发的《山西省落实＜空气质量持续改善行动计划＞实施方案》（晋政发〔2024〕7号）
    c = one(cites["吕政发〔2024〕7号"], number="晋政发〔2024〕7号")
    assert (c.relation, c.issuer) == ("implements", "山西省人民政府")
    assert c.title == "山西省落实＜空气质量持续改善行动计划＞实施方案"


def test_only_titles_that_name_documents_are_cited(docs, cites):
    titles = [c.title for c in cites["吕政发〔2021〕6号"]]
    assert titles == ["中共吕梁市委关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议", "宪法", "民法典"]
    # 实景剧《如梦碛口》、舞剧《刘胡兰》 (shows) and 规划《纲要》 (the plan itself) are printed in it
    text = "".join(p.text for p in docs["吕政发〔2021〕6号"].paragraphs)
    assert "《如梦碛口》" in text and "《刘胡兰》" in text and "规划《纲要》" in text
    # 《国有建设用地划拨决定书》 / 《施工许可证》 (forms), 《吕梁市清理“批而未用”土地年度任务分解表》 (its own annex)
    titles = {c.title for c in cites["吕政办发〔2022〕14号"]}
    assert titles and not titles & {"国有建设用地划拨决定书", "施工许可证", "建筑工程施工许可证"}
    assert not any("分解表" in t for t in titles if t)
    assert "战略框架协议" not in {c.title for c in cites["吕政办函〔2022〕6号"]}


def test_no_document_cites_itself_or_what_it_issues(docs, cites):
    for number, citations in cites.items():
        doc = docs[number]
        own = title_keys(doc.title, doc.issuer)
        assert all(c.doc_number != number for c in citations), number
        assert not [c.title for c in citations if c.doc_number is None and squash(c.title) in own], number
    # 现将《…》印发给你们: not cited — also when the plan's name carries the issuer
    assert not cites["吕政办发〔2021〕45号"]  # 关于公布…权责清单的通知 · 现将《吕梁市市直部门权责清单》予以网上公布
    titles = {c.title for c in cites["吕政发〔2024〕6号"]}
    assert "吕梁市人民政府承接省政府授权和委托用地审批权实施方案" not in titles
    # …but the document its own subject implements is: 吕梁市落实《空气质量持续改善行动计划》实施方案
    assert "空气质量持续改善行动计划" in {c.title for c in cites["吕政发〔2024〕7号"]}


def test_an_alias_is_the_document_it_stands_for(cites):
    # （晋政发〔2024〕6号，以下简称《决定》） then 根据《决定》 twice
    citations = cites["吕政发〔2024〕6号"]
    c = one(citations, number="晋政发〔2024〕6号")
    assert (c.title, c.relation, c.line_start) == ("山西省人民政府关于授权和委托用地审批权的决定", "implements", 1932)
    assert "决定" not in {x.title for x in citations}


def test_repeated_citations_are_reported_once_first_occurrence_strongest_relation(cites):
    c = one(cites["吕政办发〔2022〕10号"], number="吕政办发〔2019〕61号")  # lines 990 and 1010
    assert c.line_start == 990
    # first 依据《…成本规制办法》 (line 814), then 《…成本规制办法》(吕政办发〔2022〕3号) (line 850): one citation
    c = one(cites["吕政办发〔2022〕9号"], title="吕梁市城市公交成本规制办法")
    assert (c.doc_number, c.line_start) == ("吕政办发〔2022〕3号", 814)
    # 依据《…吕梁市水污染防治条例》 (line 2041, cites), later 贯彻落实《吕梁市水污染防治条例》 (implements)
    c = one(cites["吕政办发〔2021〕38号"], title="吕梁市水污染防治条例")
    assert (c.relation, c.line_start) == ("implements", 2041)
    # 《国务院对确需保留的…决定》（国务院令412号） in two rows of the table
    c = one(cites["吕政发〔2021〕7号"], number="国务院令第412号")
    assert c.line_start == 1485


def test_numbers_in_the_forms_printers_use_are_normalised(cites):
    assert one(cites["吕政办发〔2021〕38号"], number="吕清洁取暖办发〔2021〕6号").title == "吕梁市2021年冬季清洁取暖实施方案"
    assert one(cites["吕政发〔2021〕7号"], number="职改字〔1986〕111号").title.endswith("〈实施意见〉的通知")
    assert one(cites["吕政发〔2021〕7号"], number="晋卫医发〔2018〕82号").title == "关于加快改革完善医疗机构审批和相关管理工作的通知"
    assert one(cites["吕政发〔2021〕7号"], number="教育部、外交部、公安部令第42号").title == "学校招收和培养国际学生管理办法"
    assert one(cites["吕政发〔2024〕6号"], number="自然资办函〔2022〕411号").relation == "cites"  # …411号文
    c = one(cites["吕政办发〔2021〕48号"], number="山西省人民政府令第284号")
    assert (c.title, c.relation) == ("山西省城乡燃气使用安全管理规定", "implements")


def test_every_numbered_citation_of_004(cites, parsed):
    got = {
        (d.doc_number, c.doc_number, c.relation)
        for d in parsed["004_cae20566f423f72d"].documents
        for c in cites[d.doc_number]
        if c.doc_number
    }
    assert got == {
        ("吕政函〔2022〕3号", "晋政办发〔2020〕86号", "implements"),
        ("吕政函〔2022〕5号", "吕城请〔2022〕31号", "answers"),
        ("吕政办发〔2022〕5号", "吕政办发〔2012〕101号", "amends"),
        ("吕政办发〔2022〕5号", "吕新建办〔2012〕1号", "amends"),
        ("吕政办发〔2022〕6号", "晋发〔2021〕67号", "cites"),
        ("吕政办发〔2022〕6号", "晋政办发〔2022〕7号", "cites"),
        ("吕政办发〔2022〕9号", "吕政办发〔2022〕3号", "cites"),
        ("吕政办发〔2022〕10号", "环办科财〔2021〕22号", "cites"),
        ("吕政办发〔2022〕10号", "晋财资环〔2021〕114号", "cites"),
        ("吕政办发〔2022〕10号", "吕政办发〔2019〕61号", "cites"),
        ("吕政办发〔2022〕11号", "晋开办〔2022〕5号", "implements"),
        ("吕政办发〔2022〕11号", "吕发〔2021〕22号", "implements"),
        ("吕政办发〔2022〕11号", "吕政办发〔2021〕55号", "implements"),
        ("吕政办发〔2022〕14号", "晋自然资规〔2021〕1号", "cites"),
        ("吕政办发〔2022〕14号", "晋国土资发〔2016〕308号", "cites"),
        ("吕政办发〔2022〕14号", "晋政办函〔2021〕105号", "cites"),
        ("吕政办发〔2022〕14号", "晋自然资函〔2021〕788号", "cites"),
        ("吕政办发〔2022〕14号", "自然资规〔2018〕1号", "cites"),
        ("吕政办发〔2022〕14号", "晋政办发〔2017〕63号", "cites"),
    }


def test_every_citation_has_its_provenance(docs, cites):
    for number, citations in cites.items():
        spans = {(p.line_start, p.line_end): p.text for p in docs[number].paragraphs}
        for c in citations:
            assert c.relation in ("answers", "implements", "amends", "repeals", "replaces", "cites")
            assert c.text and c.text in spans[(c.line_start, c.line_end)], c
            printed = squash(c.text)
            assert (c.title and c.title in printed) or (c.doc_number and c.doc_number[:2] in printed), c
            assert c.to_json() == {
                "doc_number": c.doc_number, "title": c.title, "relation": c.relation, "text": c.text,
                "line_start": c.line_start, "line_end": c.line_end, "issuer": c.issuer,
            }


def test_numbered_citations_survive_a_pdf_rendering(parsed, cites):
    seed = "004_cae20566f423f72d"
    rendered = as_pdf_dump((ROOT / "samples" / f"{seed}.txt").read_text(encoding="utf-8"), columns=36, page_lines=40)
    again = parse_text(rendered.text, seed)

    def numbered(documents, citations_of):
        return {(d.doc_number, c.doc_number, c.relation) for d in documents for c in citations_of(d) if c.doc_number}

    expected = numbered(parsed[seed].documents, lambda d: cites[d.doc_number])
    assert numbered(again.documents, find_citations) == expected and len(expected) == 19


# --- Cues no sample prints (repeals, replaces, answers without a number) -----------------------

CUES = [
    ("本办法自2022年1月1日起施行，原《吕梁市城市公交管理办法》（吕政发〔2015〕3号）同时废止。", "replaces", "吕政发〔2015〕3号"),
    ("本方案代替《吕梁市冬季清洁取暖实施方案》（吕政办发〔2019〕 1 号）。", "replaces", "吕政办发〔2019〕1号"),
    ("《吕梁市扶贫资金管理办法》（吕政办发〔2018〕9号）同时废止。", "repeals", "吕政办发〔2018〕9号"),
    ("吕政办发〔2016〕20号文件不再执行。", "repeals", "吕政办发〔2016〕20号"),
    ("你局来文（吕城请〔2022〕31号）收悉。", "answers", "吕城请〔2022〕31号"),
    ("你县《关于设立乡镇综合便民服务中心的请示》收悉。现批复如下：", "answers", None),
    ("现将《吕梁市新城建设房屋征收与补偿方案》第三条修改为：“由市政府作出房屋征收决定。”", "amends", None),
    ("按照《吕梁市重大行政决策程序实施细则》要求，做好评估。", "cites", None),
]


@pytest.mark.parametrize("text, relation, number", CUES)
def test_relation_cues(text, relation, number):
    doc = Document(source="t", line_start=1, line_end=1, doc_number="吕政办发〔2022〕99号", paragraphs=[Paragraph(text, 7, 8)])
    [c] = find_citations(doc)
    assert (c.relation, c.doc_number, c.line_start, c.line_end) == (relation, number, 7, 8)


def test_an_attachment_of_the_document_is_not_cited():
    para = Paragraph("考核按照《吕梁市区城市公交运营服务质量考核办法》执行。", 3, 3)
    doc = Document(source="t", line_start=1, line_end=9, doc_number="吕政办发〔2022〕9号", paragraphs=[para])
    assert [c.title for c in find_citations(doc)] == ["吕梁市区城市公交运营服务质量考核办法"]
    doc.attachments = [Attachment("附件2", "吕梁市区城市公交运营服务质量考核办法")]
    assert find_citations(doc) == []


# --- Cited by ----------------------------------------------------------------------------------


def test_cited_by_links_numbers_and_titles_within_the_mapping(docs, cites):
    cited_by = link_citations(cites)
    assert set(cited_by) == set(cites) and not any(cited_by.values())  # no sample cites another by number
    # present in the mapping, 晋政发〔2024〕10号 is cited by the document that implements it
    with_state = link_citations({**cites, "晋政发〔2024〕10号": []})
    assert with_state["晋政发〔2024〕10号"] == ["吕政发〔2024〕4号"]
    # titles only link through the documents' titles: 《吕梁市数字政府建设“十四五”规划》 is issued by
    # 吕政办发〔2021〕51号; 《吕梁市城镇老旧小区改造攻坚行动方案（2021-2025年）》 (2024) by 吕政办发〔2021〕53号
    titled = link_citations(cites, {n: d.title for n, d in docs.items()})
    assert titled["吕政办发〔2021〕51号"] == ["吕政办发〔2021〕50号"]
    assert titled["吕政办发〔2021〕53号"] == ["吕政发〔2024〕4号"]
    assert sum(map(len, titled.values())) == 2


def _paragraph_citations(text: str) -> list[Citation]:
    doc = Document(source="x.txt", line_start=1, line_end=1, title="关于某事的批复")
    doc.paragraphs = [Paragraph(text, 1, 1)]
    return find_citations(doc)


@pytest.mark.parametrize(
    ("text", "title", "number"),
    [
        ("你局《关于吕梁市城市集中供热专项规划（2021—2035年）的请示》（吕住建发〔2022〕3号）已收悉。经研究，批复如下：",
         "关于吕梁市城市集中供热专项规划（2021—2035年）的请示", "吕住建发〔2022〕3号"),
        ("你局《吕梁市城市集中供热专项规划》已收悉。", "吕梁市城市集中供热专项规划", None),
    ],
)
def test_a_submission_received_is_answered(text, title, number):
    [c] = _paragraph_citations(text)
    assert (c.title, c.doc_number, c.relation) == (title, number, "answers")


@pytest.mark.parametrize("text", ["研究编制出台《吕梁市公交服务质量标准》，规范服务。", "抓紧制定《吕梁市数据共享管理办法》。"])
def test_a_title_still_to_be_drafted_is_not_a_citation(text):
    assert _paragraph_citations(text) == []
