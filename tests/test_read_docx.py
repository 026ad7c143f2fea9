"""DOCX input: the sample gazettes as DOCX files (built with python-docx: titles, paragraphs,
top-level items with Word's automatic Chinese numbering, tables with a repeating header row and
merged group rows, 政策咨询 boxes as one-cell frames) must parse as the text samples do."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from gongbao.read import ReadError, decode_bytes, read_source
from renderings import as_gazette_docx, assert_parses_as_the_samples, write_rendering_gold

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold"


@pytest.fixture(scope="module")
def docx_renderings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docx")
    for sample in sorted((ROOT / "samples").glob("*.txt")):
        prefix = sample.name[:3]
        source = sample.read_text(encoding="utf-8")
        path = folder / f"{prefix}_gazette.docx"
        as_gazette_docx(source, json.loads((GOLD / f"{prefix}.docs.json").read_text(encoding="utf-8")), path)
        write_rendering_gold(folder, prefix, path, source, GOLD)
    return folder


def test_docx_gazettes_parse_as_the_text_samples(docx_renderings: Path) -> None:
    assert_parses_as_the_samples(docx_renderings)


def test_automatic_numbering_frames_and_merged_rows(docx_renderings: Path) -> None:
    source = read_source(docx_renderings / "004_gazette.docx")
    lines = source.text.split("\n")
    # Word's numbering printed as the label it shows, restarting in each document
    assert any(line.startswith("一、原则同意《吕梁市城市集中供热专项规划") for line in lines)
    assert any(line.startswith("二、规划期限为") for line in lines)
    # a one-cell frame is lines of text, a table row is cells
    assert "咨询电话：3713004" in lines
    assert "1\t取水工程或设施竣工验收审批\t吕梁市行政审批服务管理局\t吕梁经济技术开发区\t吕梁市水利局" in lines
    assert len(source.line_paragraphs) == len(lines) and source.encoding == "docx"


def test_a_zip_that_is_no_docx_and_a_broken_docx_are_refused_in_one_line() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("photos/a.jpg", b"\xff\xd8\xff")
    with pytest.raises(ReadError, match="archive.zip：是 ZIP 压缩包，不是公报"):
        decode_bytes(buffer.getvalue(), name="archive.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", b"<not xml")
    with pytest.raises(ReadError, match="broken.docx：无法读取的 DOCX"):
        decode_bytes(buffer.getvalue(), name="broken.docx")
