"""Shared pieces of the documents: NFC text, paragraph styles, QR drawings, safe PDF output."""

from __future__ import annotations

import io
import os
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from kiosk.reports.fonts import FONT_BOLD, FONT_REGULAR, register_fonts

INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#444444")
ACCENT = colors.HexColor("#0B4F8A")
LIGHT = colors.HexColor("#E8EEF5")
RULE = colors.HexColor("#777777")

PRODUCER = "Học vụ số Kiosk"


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC: decomposed marks draw in the wrong place."""
    return unicodedata.normalize("NFC", text)


def para_text(text: str) -> str:
    """NFC-normalise and escape ``text`` for a reportlab Paragraph (which parses markup)."""
    return escape(nfc(text))


def vn_date(day: date) -> str:
    """Format a date the Vietnamese way, ``dd/mm/yyyy``."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def vn_long_date(day: date) -> str:
    """Format ``ngày 05 tháng 03 năm 2026``."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year:04d}"


def style(
    name: str,
    size: float,
    *,
    bold: bool = False,
    leading: float | None = None,
    color: colors.Color = INK,
    align: int = TA_LEFT,
    space_before: float = 0,
    space_after: float = 0,
) -> ParagraphStyle:
    """Build a paragraph style in the registered Vietnamese font.

    Args:
        name: style name.
        size: font size in points.
        bold: use the bold face.
        leading: line height; 1.25 × size when omitted.
        color: text colour.
        align: one of reportlab's ``TA_*`` constants.
        space_before: space above in points.
        space_after: space below in points.
    """
    register_fonts()
    return ParagraphStyle(
        name,
        fontName=FONT_BOLD if bold else FONT_REGULAR,
        fontSize=size,
        leading=leading if leading is not None else round(size * 1.25, 1),
        textColor=color,
        alignment=align,
        spaceBefore=space_before,
        spaceAfter=space_after,
    )


def para(text: str, st: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text (NFC, escaped)."""
    return Paragraph(para_text(text), st)


def para_markup(markup: str, st: ParagraphStyle) -> Paragraph:
    """A Paragraph of trusted markup whose text parts the caller already escaped."""
    return Paragraph(nfc(markup), st)


def centered(st: ParagraphStyle) -> ParagraphStyle:
    """A copy of ``st`` centred."""
    return ParagraphStyle(st.name + "-c", parent=st, alignment=TA_CENTER)


def qr_matrix(data: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The modules of a QR code of ``data`` (NFC, UTF-8 when not Latin-1), quiet zone excluded.

    Args:
        data: the text to encode.
        level: error correction level, ``L``, ``M``, ``Q`` or ``H``.
    """
    qr = segno.make_qr(nfc(data), error=level.lower(), boost_error=False)
    return tuple(tuple(bool(v) for v in row) for row in qr.matrix)


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float, level: str = "M") -> None:
    """Draw a QR code as one filled path, with a quiet zone of 4 modules inside ``size``.

    Dark modules next to each other in a row are merged into one rectangle, which keeps the PDF
    small and the drawing fast (a few hundred rectangles instead of thousands of shapes).

    Args:
        canvas: the reportlab canvas.
        data: the text to encode.
        x: left edge in points.
        y: bottom edge in points.
        size: side of the square in points, quiet zone included.
        level: error correction level.
    """
    matrix = qr_matrix(data, level)
    count = len(matrix)
    module = size / (count + 8)
    path = canvas.beginPath()
    top = y + size - 4 * module
    for r, row in enumerate(matrix):
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect(
                    x + (4 + start) * module, top - (r + 1) * module, (c - start) * module, module
                )
            else:
                c += 1
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class QrFlowable(Flowable):  # type: ignore[misc]
    """A square QR code of ``size`` points in a story or a table cell."""

    def __init__(self, data: str, size: float, level: str = "M") -> None:
        super().__init__()
        self.data = data
        self.size = size
        self.level = level

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The flowable is exactly ``size`` × ``size``."""
        return self.size, self.size

    def draw(self) -> None:
        """Draw at the flowable's origin."""
        draw_qr(self.canv, self.data, 0, 0, self.size, self.level)


def write_pdf(build: Callable[[io.BytesIO], None], path: Path | None) -> bytes:
    """Run ``build`` into memory, then save the bytes atomically to ``path`` if given.

    A half-written file never replaces a good one: the bytes go to a temporary file in the same
    folder that is renamed over ``path``.

    Args:
        build: writes a complete PDF into the buffer it is given.
        path: where to save, or ``None`` to only return the bytes.

    Returns:
        The PDF bytes.
    """
    register_fonts()
    buffer = io.BytesIO()
    build(buffer)
    data = buffer.getvalue()
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return data


def doc_meta(title: str, subject: str = "") -> dict[str, Any]:
    """Keyword arguments for a DocTemplate's PDF metadata."""
    return {
        "title": nfc(title),
        "author": PRODUCER,
        "creator": PRODUCER,
        "subject": nfc(subject),
    }


PagePainter = Callable[[Canvas, BaseDocTemplate], None]


def single_frame_doc(
    buffer: io.BytesIO,
    *,
    pagesize: tuple[float, float],
    margins: tuple[float, float, float, float],
    meta: dict[str, Any],
    template_id: str,
    on_page: PagePainter | None = None,
    on_page_end: PagePainter | None = None,
) -> BaseDocTemplate:
    """A document whose every page is one frame filling the margins (all our documents).

    Args:
        buffer: where the PDF is written.
        pagesize: the page size.
        margins: left, right, top and bottom margins.
        meta: the document's metadata (:func:`doc_meta`).
        template_id: the page template's name.
        on_page: paints each page before its content (borders, footers).
        on_page_end: paints each page after its content.

    Returns:
        The document, ready for ``build(story)``.
    """
    left, right, top, bottom = margins
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        **meta,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template = PageTemplate(id=template_id, frames=[frame])
    if on_page is not None:
        template.onPage = on_page
    if on_page_end is not None:
        template.onPageEnd = on_page_end
    doc.addPageTemplates([template])
    return doc


def page_footer(
    line: str, *, page_width: float, margin: float, y: float, size: float
) -> PagePainter:
    """A muted footer: ``line`` on the left, "Trang N" on the right, at height ``y``."""
    text = nfc(line)

    def paint(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT_REGULAR, size)
        canvas.setFillColor(MUTED)
        canvas.drawString(margin, y, text)
        canvas.drawRightString(page_width - margin, y, f"Trang {doc.page}")
        canvas.restoreState()

    return paint
