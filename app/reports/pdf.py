"""A report as an A4 PDF (reportlab): Chinese text in an embedded CJK font (subset TrueType,
selectable and searchable), the report number, the code and the QR code on every page, and
"第 N 页 共 M 页".

The font is a file on disk (``ECOCREDIT_REPORT_FONT_PATH``, by default Debian's
fonts-wqy-microhei, which ``scripts/dev`` and ``.ci/run`` install); it is never fetched. Without
it the PDF is refused with a Chinese message saying what to install (503).

Long values wrap inside their cells and rows split across pages, so tables never run off the
page. Every text is escaped before reportlab's paragraph markup sees it.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.kit.errors import DomainError
from app.reports.blocks import Block, Facts
from app.reports.blocks import Table as TableBlock
from app.reports.document import ReportDocument
from app.reports.qr import qr_matrix

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
HEADER_HEIGHT = 30 * mm
FOOTER_HEIGHT = 14 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
LABEL_WIDTH = 36 * mm
QR_SIZE = 21 * mm
GRID = colors.HexColor("#9aa5b1")
LABEL_BG = colors.HexColor("#eef1f4")
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")


class ReportFontMissing(DomainError):
    status_code = 503
    code = "report_font_missing"


@lru_cache(maxsize=4)
def font_name(path: str) -> str:
    """Register the CJK font at ``path`` once per process; its reportlab name."""
    file = Path(path)
    if not file.is_file():
        raise ReportFontMissing(
            f"无法生成 PDF 报告：未找到中文字体文件 {path}。"
            "请安装 Debian 软件包 fonts-wqy-microhei（scripts/dev 与 .ci/run 会自动安装），"
            "或用 ECOCREDIT_REPORT_FONT_PATH 指定一个 TrueType 中文字体文件。"
        )
    name = "ReportCJK-" + hashlib.sha256(path.encode()).hexdigest()[:8]
    index = 0 if file.suffix.lower() == ".ttc" else None
    font = TTFont(name, path, subfontIndex=index) if index is not None else TTFont(name, path)
    pdfmetrics.registerFont(font)
    return name


@lru_cache(maxsize=4)
def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "base", fontName=font, fontSize=9, leading=13, wordWrap="CJK", textColor=INK
    )
    return {
        "base": base,
        "label": ParagraphStyle("label", parent=base, textColor=MUTED),
        "title": ParagraphStyle(
            "title", parent=base, fontSize=20, leading=28, alignment=1, spaceAfter=4 * mm
        ),
        "subject": ParagraphStyle(
            "subject", parent=base, fontSize=12, leading=18, alignment=1, spaceAfter=5 * mm
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=13, leading=20, spaceBefore=5 * mm, spaceAfter=2 * mm
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontSize=10, leading=15, spaceBefore=3 * mm, spaceAfter=1.5 * mm
        ),
        "result": ParagraphStyle("result", parent=base, fontSize=11, leading=18),
        "muted": ParagraphStyle(
            "muted", parent=base, fontSize=8.5, leading=12.5, textColor=MUTED, spaceAfter=1 * mm
        ),
        "normal": ParagraphStyle("normal", parent=base, spaceAfter=1 * mm),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _cell(text: str, style: ParagraphStyle, width: float) -> Any:
    """A plain string when it fits on one line (much faster), else a wrapping paragraph."""
    padding = 8
    if "\n" not in text and pdfmetrics.stringWidth(text, style.fontName, style.fontSize) < (
        width - padding
    ):
        return text
    return _para(text, style)


def _table_style(font: str, *, header: bool, label_column: bool) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, 9, 13),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), LABEL_BG))
    if label_column:
        commands += [
            ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
            ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
        ]
    return TableStyle(commands)


def _facts(block: Facts, font: str) -> list[Flowable]:
    styles = _styles(font)
    value_width = FRAME_WIDTH - LABEL_WIDTH
    rows = [
        [_cell(label, styles["label"], LABEL_WIDTH), _cell(value, styles["base"], value_width)]
        for label, value in block.rows
    ]
    table = Table(rows, colWidths=[LABEL_WIDTH, value_width], splitInRow=1)
    table.setStyle(_table_style(font, header=False, label_column=True))
    if block.heading is None:
        return [table]
    # A record starts on a new page when it does not fit in what is left of this one; one longer
    # than a page splits between rows (and a long row inside itself).
    return [KeepTogether([_para(block.heading, styles["h3"]), table])]


def _table(block: TableBlock, font: str) -> list[Flowable]:
    styles = _styles(font)
    weights = block.widths or [1.0] * len(block.columns)
    widths = [FRAME_WIDTH * w / sum(weights) for w in weights]
    head = [_cell(c, styles["label"], w) for c, w in zip(block.columns, widths, strict=True)]
    body = [
        [_cell(v, styles["base"], w) for v, w in zip(row, widths, strict=True)]
        for row in block.rows
    ]
    table = Table([head, *body], colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(_table_style(font, header=True, label_column=False))
    found: list[Flowable] = []
    if block.caption:  # kept with the start of its table
        found += [CondPageBreak(30 * mm), _para(block.caption, styles["h3"])]
    return [*found, table]


def _block(block: Block, font: str) -> list[Flowable]:
    if isinstance(block, Facts):
        return _facts(block, font)
    if isinstance(block, TableBlock):
        return _table(block, font)
    return [_para(block.text, _styles(font)[block.tone])]


def story(doc: ReportDocument, font: str) -> list[Flowable]:
    styles = _styles(font)
    flow: list[Flowable] = [
        _para(doc.title, styles["title"]),
        _para(f"{doc.subject_name}（统一社会信用代码：{doc.subject_uscc}）", styles["subject"]),
        *_facts(doc.cover, font),
        Spacer(0, 3 * mm),
    ]
    summary = Facts([(item.label, item.value) for item in doc.summary], heading="概要")
    flow += _facts(summary, font)
    for chapter in doc.chapters:
        blocks = [f for block in chapter.blocks for f in _block(block, font)]
        first, rest = blocks[:2], blocks[2:]
        flow.append(KeepTogether([_para(chapter.heading, styles["h2"]), *first]))
        flow += rest
    return flow


class _Pages:
    """Draws what every page carries, once the number of pages is known."""

    def __init__(self, doc: ReportDocument, font: str) -> None:
        self.doc = doc
        self.font = font
        self.matrix = qr_matrix(doc.verify_url)

    def define_qr(self, canvas: Canvas) -> None:
        n = len(self.matrix)
        size = QR_SIZE / n
        canvas.beginForm("qr", 0, 0, QR_SIZE, QR_SIZE)
        path = canvas.beginPath()
        for r, row in enumerate(self.matrix):
            for c, dark in enumerate(row):
                if dark:
                    path.rect(c * size, (n - 1 - r) * size, size, size)
        canvas.setFillColor(colors.black)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.endForm()

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        doc, font = self.doc, self.font
        top = PAGE_HEIGHT - 10 * mm
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(font, 11)
        canvas.drawString(MARGIN_X, top - 5 * mm, f"{doc.issuer} · {doc.title}")
        canvas.setFont(font, 9)
        canvas.drawString(MARGIN_X, top - 11 * mm, f"报告编号：{doc.number}")
        canvas.drawString(
            MARGIN_X, top - 16 * mm, f"核验码：{doc.code}    数据截止日期：{doc.as_of}"
        )
        canvas.saveState()
        canvas.translate(PAGE_WIDTH - MARGIN_X - QR_SIZE, top - QR_SIZE)
        canvas.doForm("qr")
        canvas.restoreState()
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.6)
        line_y = PAGE_HEIGHT - HEADER_HEIGHT + 2 * mm
        canvas.line(MARGIN_X, line_y, PAGE_WIDTH - MARGIN_X, line_y)
        canvas.line(MARGIN_X, FOOTER_HEIGHT, PAGE_WIDTH - MARGIN_X, FOOTER_HEIGHT)
        canvas.setFillColor(MUTED)
        canvas.setFont(font, 8)
        canvas.drawString(
            MARGIN_X, FOOTER_HEIGHT - 4.5 * mm, f"扫码或访问 {doc.verify_form_url} 核验"
        )
        canvas.setFont(font, 9)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN_X, FOOTER_HEIGHT - 4.5 * mm, f"第 {page} 页 共 {pages} 页"
        )
        canvas.restoreState()


def _canvas_class(pages: _Pages) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps each page until the end, then draws "第 N 页 共 M 页" on every one."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                if number == 1:
                    pages.define_qr(self)
                pages.draw(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf(doc: ReportDocument, font_path: str) -> bytes:
    """The report as PDF bytes."""
    font = font_name(font_path)
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=HEADER_HEIGHT,
        bottomMargin=FOOTER_HEIGHT + 4 * mm,
        title=f"{doc.title}（{doc.number}）",
        author=doc.issuer,
        subject=f"{doc.subject_name} {doc.subject_uscc}",
        creator=doc.issuer,
        initialFontName=font,
        initialFontSize=9,
    )
    frame = Frame(
        MARGIN_X,
        FOOTER_HEIGHT + 4 * mm,
        FRAME_WIDTH,
        PAGE_HEIGHT - HEADER_HEIGHT - FOOTER_HEIGHT - 4 * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(story(doc, font), canvasmaker=_canvas_class(_Pages(doc, font)))
    return buffer.getvalue()


__all__: Sequence[str] = ("ReportFontMissing", "render_pdf")
