"""PDF reading speed: pages per second on one core for gongbao's reader (PDFium), against
pdfplumber (pdfminer.six) when it is installed; OCR seconds per scanned page.

    .venv/bin/python tests/fixtures/renderings/build.py --pdf     # the typeset sample PDFs
    .venv/bin/python bench/bench_pdf.py [--ocr-pages 4]

Figures are for this machine and run only: compare the rows with each other (ratios).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "build" / "renderings" / "pdf_typeset"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ocr-pages", type=int, default=4)
    args = parser.parse_args()
    files = sorted(PDFS.glob("*.pdf"))
    if not files:
        sys.exit(f"no PDFs in {PDFS}: run tests/fixtures/renderings/build.py --pdf first")
    import pypdfium2 as pdfium

    from gongbao.read import read_source

    pages = sum(len(pdfium.PdfDocument(str(f))) for f in files)
    start = time.perf_counter()
    for f in files:
        read_source(f)
    seconds = time.perf_counter() - start
    print(f"gongbao PDF reader (PDFium): {pages} pages in {seconds:.2f} s = {pages / seconds:.0f} pages/s")
    try:
        import pdfplumber
    except ImportError:
        print("pdfplumber: not installed (pip install pdfplumber to compare)")
    else:
        start = time.perf_counter()
        for f in files:
            with pdfplumber.open(f) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.find_tables()
        seconds = time.perf_counter() - start
        print(f"pdfplumber (text + tables): {pages} pages in {seconds:.2f} s = {pages / seconds:.1f} pages/s")
    if args.ocr_pages:
        sys.path.insert(0, str(ROOT / "tests"))
        from renderings import as_scan

        from gongbao.read import ocr

        if not ocr.available():
            print("OCR: the ocr extra is not installed")
            return
        with tempfile.TemporaryDirectory() as tmp:
            scan = Path(tmp) / "scan.pdf"
            as_scan(files[-1], scan, range(2, 2 + args.ocr_pages))
            ocr._engine()  # the models load once per process: not a page's cost
            start = time.perf_counter()
            read_source(scan)
            seconds = time.perf_counter() - start
        print(f"OCR (RapidOCR, 200 dpi): {args.ocr_pages} pages in {seconds:.1f} s = {seconds / args.ocr_pages:.1f} s/page")


if __name__ == "__main__":
    main()
