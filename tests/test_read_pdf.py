"""PDF input: the sample gazettes typeset as gazette pages (A4, GB/T 9704 margins, a CJK serif
font, ruled tables with their header rows repeated on every page, framed 政策咨询 boxes, a running
header and page numbers) and printed to PDF by Chromium must parse as the text samples do.

The PDFs are made here, from the samples (tests/renderings.py: as_gazette_html, print_pdf); the
gold is carried over by finding each document's first lines in the PDF's text (map_gold_by_text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gongbao.evaluate import DOC_FIELDS
from gongbao.read import ReadError, decode_bytes, read_source
from renderings import assert_parses_as_the_samples

@pytest.fixture(scope="module")
def typeset(typeset_pdfs: Path) -> Path:
    return typeset_pdfs


def test_typeset_pdfs_parse_as_the_text_samples(typeset: Path) -> None:
    assert_parses_as_the_samples(typeset)


def test_page_furniture_is_dropped_and_lines_know_their_page(typeset: Path) -> None:
    source = read_source(typeset / "004_typeset.pdf")
    lines = source.text.split("\n")
    assert not [line for line in lines if line.strip().startswith("—") and line.strip().endswith("—")]  # — 6 —
    # the running header is printed on every page; what is left is the cover's own masthead
    assert sum(line.strip() == "吕梁市人民政府公报" for line in lines) <= 2
    assert len(source.line_pages) == len(lines)
    assert list(source.line_pages) == sorted(source.line_pages) and source.line_pages[-1] > 100
    # a title printed over three lines is one line; the consulting box's labels stay lines of their own
    assert "吕梁市人民政府办公室关于补充吕梁市新区建设房屋征收与补偿方案有关政策规定的通知" in [l.replace(" ", "") for l in lines]
    assert "咨询电话：3713004" in lines


def test_ruled_table_rows_come_out_tab_separated(typeset: Path) -> None:
    lines = read_source(typeset / "004_typeset.pdf").text.split("\n")
    assert "1\t取水工程或设施竣工验收审批\t吕梁市行政审批服务管理局\t吕梁经济技术开发区\t吕梁市水利局" in lines


def blank_pdf(path: Path) -> Path:
    import pypdfium2 as pdfium

    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)  # A4, nothing printed on it: no text layer, as a page that is one image
    blank.save(path)
    return path


def test_a_scan_without_the_ocr_extra_is_refused_saying_what_to_install(tmp_path: Path, monkeypatch) -> None:
    from gongbao.read import ocr

    def missing(*_args):
        raise ocr.OcrMissing

    monkeypatch.setattr(ocr, "ocr_pages", missing)
    with pytest.raises(ReadError, match=r"scan.pdf：PDF 没有文字层（扫描件），需要 OCR：请安装 gongbao\[ocr\]"):
        read_source(blank_pdf(tmp_path / "scan.pdf"))


def test_a_blank_scan_is_refused_in_one_line(tmp_path: Path) -> None:
    from gongbao.read import ocr

    if not ocr.available():
        pytest.skip("the ocr extra is not installed")
    with pytest.raises(ReadError, match="blank.pdf：PDF 中没有文字，OCR 也未识别出文字"):
        read_source(blank_pdf(tmp_path / "blank.pdf"))


def test_a_broken_pdf_is_refused_in_one_line() -> None:
    with pytest.raises(ReadError, match="broken.pdf：无法读取的 PDF"):
        decode_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100, name="broken.pdf")


def test_a_scanned_gazette_is_read_by_ocr(typeset: Path, tmp_path: Path) -> None:
    """Four pages of 004 rasterised (grey, turned 0.4°, speckled): its first two documents whole."""
    import json
    import unicodedata

    from gongbao import parse_file
    from gongbao.evaluate import score_documents
    from gongbao.read import ocr
    from renderings import as_scan

    if not ocr.available():
        pytest.skip("the ocr extra is not installed")  # the README's set-up installs it; CI has it
    scan = tmp_path / "004_scan.pdf"
    as_scan(typeset / "004_typeset.pdf", scan, range(2, 6))
    parsed = parse_file(scan)
    assert any("已用 OCR 识别" in w for w in parsed.warnings)
    gold = [g for g in json.loads((Path(__file__).parent / "fixtures" / "gold" / "004.docs.json").read_text(encoding="utf-8"))
            if g["doc_number"] in ("吕政函〔2022〕3号", "吕政函〔2022〕5号")]  # fmt: skip
    # A scan cannot tell （ from ( : titles are compared in one width (NFKC).
    docs = [{**d, "title": unicodedata.normalize("NFKC", d["title"] or "")} for d in parsed.to_json()]
    gold = [{**g, "title": unicodedata.normalize("NFKC", g["title"])} for g in gold]
    spans = {d["doc_number"]: (d["line_start"], d["line_end"]) for d in docs}
    gold = [{**g, "line_start": spans.get(g["doc_number"], (0, 0))[0], "line_end": spans.get(g["doc_number"], (0, 0))[1]} for g in gold]
    score = score_documents(docs, gold, parsed.source.text.split("\n"), scan.name)
    assert score.found == 2, score.errors
    for name in DOC_FIELDS:
        assert score.accuracy(name) >= 0.9, (name, score.errors)


def test_contents_in_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    """The contents page printed in two columns (as many gazettes do): each entry whole, in order."""
    import json

    from gongbao import parse_file
    from renderings import as_gazette_html, print_pdf

    root = Path(__file__).resolve().parent.parent
    gold = json.loads((root / "tests" / "fixtures" / "gold" / "004.docs.json").read_text(encoding="utf-8"))
    pdf = tmp_path / "004_contents_in_columns.pdf"
    print_pdf(as_gazette_html((root / "samples" / gold[0]["seed"]).read_text(encoding="utf-8"), gold, contents_columns=2), pdf)
    parsed = parse_file(pdf)
    assert [(c.doc_number, c.page) for c in parsed.contents] == [
        ("吕政函〔2022〕3号", 1), ("吕政函〔2022〕5号", 3), ("吕政办发〔2022〕5号", 4), ("吕政办发〔2022〕6号", 6),
        ("吕政办发〔2022〕8号", 15), ("吕政办发〔2022〕9号", 28), ("吕政办发〔2022〕10号", 38), ("吕政办发〔2022〕11号", 40),
        ("吕政办发〔2022〕14号", 48), ("吕政办函〔2022〕6号", 55),
    ]  # fmt: skip
    assert [d.doc_number for d in parsed.documents] == [g["doc_number"] for g in gold]


def test_table_rows_cut_by_a_page_break_are_joined(tmp_path: Path) -> None:
    """The plan's indicator table typeset so that rows may break across pages (the rest of a row
    at the next page's top, under the repeated header): each row whole again."""
    import json

    from renderings import as_gazette_html, print_pdf, write_rendering_gold

    root = Path(__file__).resolve().parent.parent
    gold_dir = root / "tests" / "fixtures" / "gold"
    gold = json.loads((gold_dir / "000.docs.json").read_text(encoding="utf-8"))
    source = (root / "samples" / gold[0]["seed"]).read_text(encoding="utf-8")
    pdf = tmp_path / "000_rows_break.pdf"
    print_pdf(as_gazette_html(source, gold, rows_may_break=True), pdf)
    write_rendering_gold(tmp_path, "000", pdf, source, gold_dir)
    from gongbao.cli.eval_commands import evaluate_gold
    from gongbao.evaluate.tasks import total_tasks

    scores, [table], tasks = evaluate_gold(tmp_path, [tmp_path])
    assert table.exact / table.cells >= 0.98, table.errors[:5]  # 104 of 272 before rows were joined
    summary = total_tasks(tasks)
    assert 2 * summary.matched / (summary.gold_tasks + summary.found_tasks) >= 0.97, summary.as_dict()
