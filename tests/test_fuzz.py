"""Property tests over the readers and the parser (hypothesis): any bytes give documents or one
ReadError, never another exception; the same text in any encoding gives the same documents; text
made of real gazette lines, shuffled and cut anywhere, parses."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongbao import ReadError, parse_bytes

SAMPLE = (Path(__file__).resolve().parent.parent / "samples" / "004_cae20566f423f72d.txt").read_text(encoding="utf-8")
LINES = [line for line in SAMPLE.split("\n") if line.strip()]
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])


def parses_or_refuses(data: bytes, name: str = "fuzz.txt") -> list[tuple[str | None, str | None]]:
    try:
        parsed = parse_bytes(data, name)
    except ReadError as err:
        assert str(err).startswith(f"{name}：") and "\n" not in str(err)
        return []
    return [(d.doc_number, d.title) for d in parsed.documents]


@FUZZ
@given(st.binary(max_size=4096))
def test_any_bytes_give_documents_or_one_clear_error(data: bytes) -> None:
    parses_or_refuses(data)


@FUZZ
@given(st.binary(max_size=2048))
def test_any_bytes_behind_a_pdf_or_zip_signature_give_one_clear_error(data: bytes) -> None:
    parses_or_refuses(b"%PDF-1.7\n" + data, "fuzz.pdf")
    parses_or_refuses(b"PK\x03\x04" + data, "fuzz.docx")
    parses_or_refuses(b"<!doctype html><html><body>" + data + b"</body></html>", "fuzz.html")


@FUZZ
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=60), st.integers(min_value=0, max_value=400))
def test_gazette_lines_shuffled_and_cut_parse_the_same_in_any_encoding(lines: list[str], cut: int) -> None:
    text = "\n".join(lines)
    text = text[: max(1, len(text) - cut)]
    utf8 = parses_or_refuses(text.encode("utf-8"))
    assert parses_or_refuses(text.encode("gb18030")) == utf8
    assert parses_or_refuses(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")) == utf8
