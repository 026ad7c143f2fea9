"""Pages without a text layer (a scan, a page that is one image), read by OCR.

RapidOCR on ONNX Runtime (the `ocr` extra: its Chinese detection and recognition models ship in
the wheel, so nothing is downloaded). A page is rendered at OCR_DPI in grey; each text line OCR
finds becomes a printed line of evenly spaced characters in PDF points, so the rest of the PDF
reader (running headers, paragraphs, titles) treats it like a text layer. Seconds a page on two
cores: `progress` is told after each page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

OCR_DPI = 200
MIN_SCORE = 0.5  # a line OCR is less sure of is noise (a stain, a stamp's rim)

# OCR reads the dash of 2021—2035 as 一: between two digits it is the dash.
_DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)\s*一\s*(?=\d)")

Progress = Callable[[int, int], None]  # (pages done, pages to do)
_progress: list[Progress] = []  # set by the CLI while a batch runs (set_progress)


class OcrMissing(Exception):
    """The `ocr` extra is not installed."""


def set_progress(callback: Progress | None) -> None:
    _progress.clear()
    if callback is not None:
        _progress.append(callback)


def available() -> bool:
    try:
        _engine()
    except OcrMissing:
        return False
    return True


@cache
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise OcrMissing from None
    return RapidOCR()


def ocr_pages(document: Any, numbers: list[int], make_char: Callable[..., Any]) -> dict[int, list[Any]]:
    """The characters OCR reads on each page of `numbers` (0-based), in PDF points."""
    engine = _engine()
    scale = OCR_DPI / 72
    out: dict[int, list[Any]] = {}
    for done, n in enumerate(numbers, 1):
        page = document[n]
        height = page.get_size()[1]
        image = page.render(scale=scale, grayscale=True).to_pil()
        page.close()
        result, _ = engine(image)
        chars = []
        for box, text, score in result or []:
            text = _DASH_BETWEEN_DIGITS.sub("—", text.strip())
            if not text or float(score) < MIN_SCORE:
                continue
            xs = [p[0] / scale for p in box]
            ys = [height - p[1] / scale for p in box]  # image rows grow downwards, PDF y upwards
            left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
            width = (right - left) / len(text)
            size = top - bottom
            chars += [make_char(ch, left + k * width, left + (k + 1) * width, bottom, top, size) for k, ch in enumerate(text)]
        out[n] = chars
        for callback in _progress:
            callback(done, len(numbers))
    return out
