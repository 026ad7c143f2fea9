"""The monthly 督查通报: what it says (from the board), laid out per GB/T 9704 as DOCX and as PDF.

GB/T 9704-2012: A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the 版头 (the
issuing body's mark in red 小标宋, the issue number, a red rule); the title in 2号 小标宋; the body in
3号 仿宋 (16 pt), 28 pt line pitch, first lines indented two characters; the 版记 (抄送, the printing
body and date) between rules at the foot. Fonts are named as Chinese offices have them installed
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312); the PDF embeds a CJK font found on this machine.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_ISSUER = "市人民政府督查室"
TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
RED = (0xE6, 0x00, 0x12)
OVERDUE_LISTED = 50  # overdue tasks named in the 通报; the rest counted
NUMERALS = "一二三四五六七八九十"


class NoFont(RuntimeError):
    """No CJK font to embed in the PDF."""


@dataclass
class Notice:
    issuer: str
    year: int
    month: int
    printed: date
    title: str
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs)
    ranking: list[list[str]]  # the table, header row first
    copies_to: str = "市委办公室，市人大常委会办公室，市政协办公室。"
    extra: dict[str, Any] = field(default_factory=dict)


def content(board: dict[str, Any], tasks: list[dict[str, Any]], year: int, month: int, today: date) -> Notice:
    """The 通报 of a month from the board (supervise.board) and the tracked tasks."""
    issuer = os.environ.get("GONGBAO_NOTICE_ISSUER", DEFAULT_ISSUER)
    units = board["units"]
    ranked = [u for u in units if u["rank"] is not None]
    total = len(tasks)
    due = sum(1 for t in tasks if t.get("deadline") and t["deadline"] < today.isoformat())
    overdue = [t for t in tasks if t["overdue"]]
    awaiting = sum(1 for t in tasks if t["status"] == "已完成待核验")
    closed = sum(1 for t in tasks if t["status"] == "已销号")
    on_time = sum(u["on_time"] for u in units)  # a task of two units counts for each
    due_links = sum(u["due"] for u in units)
    overall = f"{on_time / due_links:.1%}" if due_links else "—"
    summary = (
        f"截至{today.year}年{today.month}月{today.day}日，纳入台账的重点任务共{total}项，其中已到期{due}项；"
        f"各单位已销号{closed}项，已完成待核验{awaiting}项，逾期未完成{len(overdue)}项，按期完成率{overall}。"
    )
    sections = [("总体情况", [summary])]
    if ranked:
        best = [u["full_name"] for u in ranked if u["rank"] == 1 and u["on_time_rate"]]
        worst = [u for u in ranked if u["overdue"]][-3:]
        lines = [f"按期完成率排名第一的单位：{'、'.join(best[:5])}{'等' if len(best) > 5 else ''}。"] if best else []
        if worst:
            lines.append("逾期任务较多、排名靠后的单位：" + "、".join(f"{u['full_name']}（逾期{u['overdue']}项）" for u in worst) + "。")
        sections.append(("排名情况", lines + ["各单位排名见下表。"]))
    if overdue:
        listed = [
            f"{i}. {t['document']['doc_number'] or t['document']['title'] or ''}：{_short(t['text'])}"
            f"（期限{t['deadline']}，责任单位：{'、'.join(t.get('units') or t['unit_keys'])}）"
            for i, t in enumerate(overdue[:OVERDUE_LISTED], 1)
        ]  # fmt: skip
        if len(overdue) > OVERDUE_LISTED:
            listed.append(f"另有{len(overdue) - OVERDUE_LISTED}项逾期任务，详见系统台账。")
        sections.append(("逾期任务", listed))
    sections.append(("工作要求", [
        "各责任单位要对照台账逐项梳理，逾期任务须于通报印发后5个工作日内报送整改措施和完成时限；"
        "已完成的任务要及时提交佐证材料，申请核验销号。督查室将持续跟踪，对连续两个月排名靠后的单位进行约谈。"
    ]))  # fmt: skip
    header = ["名次", "单位", "任务数", "已到期", "按期完成", "逾期", "按期完成率"]
    rows = [
        [str(u["rank"] or "—"), u["full_name"], str(u["tasks"]), str(u["due"]), str(u["on_time"]), str(u["overdue"]),
         "—" if u["on_time_rate"] is None else f"{u['on_time_rate']:.1%}"]
        for u in units
        if u["ranked"] or u["due"]
    ]  # fmt: skip
    return Notice(issuer, year, month, today, f"关于{year}年{month}月重点任务落实情况的通报", sections, [header, *rows])


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# -- DOCX -------------------------------------------------------------------------------------


def docx(notice: Notice) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)

    def run(paragraph: Any, text: str, font: str, size: float, *, bold: bool = False, color: tuple[int, int, int] | None = None) -> None:
        r = paragraph.add_run(text)
        r.font.name = font
        r.font.size = Pt(size)
        r.font.bold = bold
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)  # Word takes CJK glyphs from eastAsia
        if color:
            r.font.color.rgb = RGBColor(*color)

    def paragraph(align: Any = None, *, indent: bool = False, pitch: float = 28) -> Any:
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(pitch)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(32)  # two characters of 3号 (16 pt)
        if align is not None:
            p.alignment = align
        return p

    def rule(p: Any, color: str = "E60012", size: int = 12) -> None:
        border = p._p.get_or_add_pPr()
        bdr = border.makeelement(qn("w:pBdr"), {})
        bottom = bdr.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): str(size), qn("w:space"): "1", qn("w:color"): color})
        bdr.append(bottom)
        border.append(bdr)

    # 版头: the issuing body's mark, the issue number, the red rule
    run(paragraph(WD_ALIGN_PARAGRAPH.CENTER, pitch=60), "督查通报", TITLE_FONT, 42, color=RED)
    run(paragraph(WD_ALIGN_PARAGRAPH.CENTER), f"{notice.year}年第{notice.month}期", BODY_FONT, 16)
    mark = paragraph(WD_ALIGN_PARAGRAPH.CENTER)
    run(mark, f"{notice.issuer}　　　　　　　　{_chinese_date(notice.printed)}", BODY_FONT, 16)
    rule(mark)
    paragraph()
    run(paragraph(WD_ALIGN_PARAGRAPH.CENTER, pitch=36), notice.title, TITLE_FONT, 22)  # 2号
    paragraph()
    run(paragraph(), "各县（市、区）人民政府，市人民政府各委、办、局：", BODY_FONT, 16)
    for i, (heading, lines) in enumerate(notice.sections):
        run(paragraph(indent=True), f"{NUMERALS[i]}、{heading}", HEADING_FONT, 16)
        for line in lines:
            run(paragraph(indent=True), line, BODY_FONT, 16)
        if heading == "排名情况":
            table = doc.add_table(rows=len(notice.ranking), cols=len(notice.ranking[0]))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, values in enumerate(notice.ranking):
                for c, value in enumerate(values):
                    cell = table.cell(r, c)
                    p = cell.paragraphs[0]
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    run(p, value, HEADING_FONT if r == 0 else BODY_FONT, 10.5)
    paragraph()
    run(paragraph(WD_ALIGN_PARAGRAPH.RIGHT), notice.issuer + "　　　　", BODY_FONT, 16)
    run(paragraph(WD_ALIGN_PARAGRAPH.RIGHT), _chinese_date(notice.printed) + "　　　　", BODY_FONT, 16)
    # 版记: 抄送 and the printing body and date between black rules
    paragraph()
    top = paragraph()
    rule(top, "000000", 8)
    copies = paragraph()
    run(copies, f"抄送：{notice.copies_to}", BODY_FONT, 14)
    rule(copies, "000000", 4)
    printed = paragraph()
    run(printed, f"{notice.issuer}　　　　　　{_chinese_date(notice.printed)}印发", BODY_FONT, 14)
    rule(printed, "000000", 8)
    doc.core_properties.title = notice.title
    doc.core_properties.author = notice.issuer
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# -- PDF --------------------------------------------------------------------------------------

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def cjk_font() -> tuple[Path, int]:
    """A CJK font file to embed and, in a collection, the number of its Simplified Chinese face."""
    configured = os.environ.get("GONGBAO_CJK_FONT")
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        path = Path(candidate)
        if path.is_file():
            return path, _simplified_face(path)
    raise NoFont("未找到可嵌入PDF的中文字体：请安装 fonts-noto-cjk，或以 GONGBAO_CJK_FONT 指定字体文件")


def _simplified_face(path: Path) -> int:
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection

    for number, font in enumerate(TTCollection(str(path), lazy=True).fonts):
        family = font["name"].getDebugName(1) or ""
        if family.endswith(" SC") or " SC " in family:
            return number
    return 0


def pdf(notice: Notice) -> bytes:
    from fpdf import FPDF, FontFace
    from fpdf.enums import WrapMode

    path, face = cjk_font()
    out = FPDF(format="A4", unit="mm")
    out.set_margins(28, 37, 26)
    out.set_auto_page_break(True, margin=35)
    out.add_font("cjk", "", str(path), collection_font_number=face)
    out.set_title(notice.title)
    out.set_author(notice.issuer)
    out.add_page()
    width = out.w - out.l_margin - out.r_margin
    pt = 25.4 / 72  # mm per point

    def text(value: str, size: float, *, align: str = "L", color: tuple[int, int, int] = (0, 0, 0), pitch: float = 28, indent: bool = False) -> None:
        out.set_font("cjk", size=size)
        out.set_text_color(*color)
        # Chinese has no spaces to break at: break anywhere (the two leading spaces are the indent).
        out.multi_cell(width, pitch * pt, ("　　" if indent else "") + value, align=align, new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR)

    text("督查通报", 42, align="C", color=RED, pitch=60)
    text(f"{notice.year}年第{notice.month}期", 16, align="C")
    text(f"{notice.issuer}　　　　{_chinese_date(notice.printed)}", 16, align="C")
    out.set_draw_color(*RED)
    out.set_line_width(0.6)
    out.line(out.l_margin, out.get_y() + 2, out.l_margin + width, out.get_y() + 2)
    out.ln(8)
    text(notice.title, 22, align="C", pitch=36)
    out.ln(4)
    text("各县（市、区）人民政府，市人民政府各委、办、局：", 16)
    for i, (heading, lines) in enumerate(notice.sections):
        text(f"{NUMERALS[i]}、{heading}", 16, indent=True)
        for line in lines:
            text(line, 16, indent=True)
        if heading == "排名情况":
            out.set_font("cjk", size=10.5)
            out.set_text_color(0, 0, 0)
            out.set_draw_color(0, 0, 0)
            out.set_line_width(0.2)
            with out.table(col_widths=(8, 30, 10, 10, 12, 8, 14), text_align="CENTER", line_height=6,
                           headings_style=FontFace(emphasis="", fill_color=(235, 235, 235))) as table:
                for values in notice.ranking:
                    row = table.row()
                    for value in values:
                        row.cell(value)
    out.ln(6)
    text(notice.issuer, 16, align="R")
    text(_chinese_date(notice.printed), 16, align="R")
    out.ln(6)
    out.set_draw_color(0, 0, 0)
    out.set_line_width(0.35)
    out.line(out.l_margin, out.get_y(), out.l_margin + width, out.get_y())
    text(f"抄送：{notice.copies_to}", 14)
    text(f"{notice.issuer}　　　　{_chinese_date(notice.printed)}印发", 14)
    out.line(out.l_margin, out.get_y(), out.l_margin + width, out.get_y())
    return bytes(out.output())
