"""A4 sheet of learner cards: 2 × 5 cards of 85 × 54 mm (bank-card size) with cut marks."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kiosk.reports.common import ACCENT, INK, MUTED, PRODUCER, draw_qr, nfc, write_pdf
from kiosk.reports.data import LearnerCard
from kiosk.reports.fonts import FONT_BOLD, FONT_REGULAR

CARD_W = 85 * mm
CARD_H = 54 * mm
COLUMNS = 2
ROWS = 5
#: Cards per A4 sheet.
CARDS_PER_SHEET = COLUMNS * ROWS
GUTTER = 6 * mm
CUT_MARK = 4 * mm
QR_SIZE = 30 * mm
PAD = 4 * mm


def _fit_name(name: str, full: float, width: float) -> tuple[list[str], float]:
    """Font size and lines for the name.

    One line across the card (above the QR code) at 16-13 pt when it fits, else up to two lines
    beside the QR code at the largest size from 15 pt down to 10 pt.
    """
    for size in (16.0, 15.0, 14.0, 13.0):
        if stringWidth(name, FONT_BOLD, size) <= full:
            return [name], size
    for size in (15.0, 14.0, 13.0, 12.0, 11.0, 10.0):
        lines = simpleSplit(name, FONT_BOLD, size, width)
        if len(lines) <= 2:
            return lines, size
    return simpleSplit(name, FONT_BOLD, 10.0, width)[:2], 10.0


def _card(canvas: Canvas, card: LearnerCard, x: float, y: float) -> None:
    """Draw one card with its lower-left corner at (x, y)."""
    name, code, centre = nfc(card.name), nfc(card.code), nfc(card.centre)
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.4)
    canvas.setDash(2, 2)
    canvas.rect(x, y, CARD_W, CARD_H)
    canvas.setDash()
    band = 9 * mm
    canvas.setFillColor(ACCENT)
    canvas.rect(x, y + CARD_H - band, CARD_W, band, stroke=0, fill=1)
    canvas.setFillColor("#FFFFFF")
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawString(x + PAD, y + CARD_H - band + 3 * mm, "THẺ HỌC VIÊN · Học vụ số")
    qr_x = x + CARD_W - QR_SIZE - 2 * mm
    qr_y = y + 3 * mm
    draw_qr(canvas, code, qr_x, qr_y, QR_SIZE)
    text_w = qr_x - (x + PAD) - 1 * mm
    lines, size = _fit_name(name, CARD_W - 2 * PAD, text_w)
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, size)
    top = y + CARD_H - band - 4 * mm - size
    for i, line in enumerate(lines):
        canvas.drawString(x + PAD, top - i * size * 1.2, line)
    canvas.setFont(FONT_REGULAR, 10)
    canvas.setFillColor(MUTED)
    canvas.drawString(x + PAD, y + 19 * mm, "Mã học viên:")
    canvas.setFillColor(INK)
    code_size = 18.0
    while code_size > 11 and stringWidth(code, FONT_BOLD, code_size) > text_w:
        code_size -= 1
    canvas.setFont(FONT_BOLD, code_size)
    canvas.drawString(x + PAD, y + 12 * mm, code)
    if centre:
        canvas.setFont(FONT_REGULAR, 8.5)
        canvas.setFillColor(MUTED)
        for i, line in enumerate(simpleSplit(centre, FONT_REGULAR, 8.5, text_w)[:2]):
            canvas.drawString(x + PAD, y + 7 * mm - i * 10, line)


def _cut_marks(
    canvas: Canvas,
    xs: list[float],
    ys: list[float],
    left: float,
    right: float,
    bottom: float,
    top: float,
) -> None:
    """Short lines in the margins at every card edge, so a guillotine can follow them."""
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.5)
    for x in xs:
        canvas.line(x, top + 1.5 * mm, x, top + 1.5 * mm + CUT_MARK)
        canvas.line(x, bottom - 1.5 * mm, x, bottom - 1.5 * mm - CUT_MARK)
    for y in ys:
        canvas.line(left - 1.5 * mm, y, left - 1.5 * mm - CUT_MARK, y)
        canvas.line(right + 1.5 * mm, y, right + 1.5 * mm + CUT_MARK, y)


def _grid_origin() -> tuple[float, float, float, float]:
    page_w, page_h = A4
    grid_w = COLUMNS * CARD_W + (COLUMNS - 1) * GUTTER
    grid_h = ROWS * CARD_H + (ROWS - 1) * GUTTER / 2
    return (page_w - grid_w) / 2, (page_h - grid_h) / 2, grid_w, grid_h


def card_box(slot: int) -> tuple[float, float, float, float]:
    """Where card number ``slot`` (0-9, row by row) sits on its page.

    Returns:
        ``(x, y, width, height)`` in points, ``y`` measured from the bottom of the page.
    """
    left, bottom, _, _ = _grid_origin()
    col, row = slot % COLUMNS, (slot % CARDS_PER_SHEET) // COLUMNS
    x = left + col * (CARD_W + GUTTER)
    y = bottom + (ROWS - 1 - row) * (CARD_H + GUTTER / 2)
    return float(x), float(y), float(CARD_W), float(CARD_H)


def render_card_sheet(cards: Sequence[LearnerCard], path: Path | None = None) -> bytes:
    """Render learner cards, ten per A4 page, with cut marks.

    Args:
        cards: the cards, in order; a new page starts every :data:`CARDS_PER_SHEET` cards.
        path: save the PDF here (atomically) when given.

    Returns:
        The PDF bytes.
    """
    page_w = A4[0]
    left, bottom, grid_w, grid_h = _grid_origin()
    row_step = CARD_H + GUTTER / 2
    col_step = CARD_W + GUTTER

    def build(buffer: io.BytesIO) -> None:
        canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
        canvas.setTitle(nfc("Thẻ học viên"))
        canvas.setAuthor(PRODUCER)
        canvas.setCreator(PRODUCER)
        pages = [cards[i : i + CARDS_PER_SHEET] for i in range(0, len(cards), CARDS_PER_SHEET)]
        for page in pages or [[]]:
            xs = sorted({left + c * col_step + dx for c in range(COLUMNS) for dx in (0, CARD_W)})
            ys = sorted({bottom + r * row_step + dy for r in range(ROWS) for dy in (0, CARD_H)})
            _cut_marks(canvas, xs, ys, left, left + grid_w, bottom, bottom + grid_h)
            for i, card in enumerate(page):
                x, y, _, _ = card_box(i)
                _card(canvas, card, x, y)
            canvas.setFont(FONT_REGULAR, 8)
            canvas.setFillColor(MUTED)
            canvas.drawCentredString(
                page_w / 2, 5 * mm, nfc("Cắt theo các vạch ở lề · Cut along the marks")
            )
            canvas.showPage()
        canvas.save()

    return write_pdf(build, path)
