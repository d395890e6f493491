"""Attendance sheets, A4 landscape: one class session, or a month of sessions.

Both have a header with the class, centre, instructor and date(s), a box for the ward's stamp, and a
signature column. Up to 40 learners fit on one page; with fewer learners the rows grow taller (and
the text larger), so that elderly learners have room to sign.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.reports.common import (
    ACCENT,
    INK,
    LIGHT,
    MUTED,
    PagePainter,
    doc_meta,
    nfc,
    para,
    para_markup,
    para_text,
    single_frame_doc,
    style,
    vn_date,
    write_pdf,
)
from kiosk.reports.data import (
    AttendanceStatus,
    ClassInfo,
    MonthAttendance,
    SessionAttendance,
)
from kiosk.reports.fonts import FONT_BOLD, FONT_REGULAR

PAGE = landscape(A4)
MARGIN_X = 10 * mm
MARGIN_TOP = 8 * mm
MARGIN_BOTTOM = 11 * mm
#: Rows that must fit on one page.
ROWS_PER_PAGE = 40
MIN_ROW_H = 3.7 * mm
MAX_ROW_H = 10 * mm
HEADER_ROW_H = 9 * mm
#: Most sessions a month sheet has room for.
MAX_MONTH_SESSIONS = 16

LEGEND = (
    "Ký hiệu: C = có mặt (present) · M = đi muộn (late) · V = vắng (absent) · "
    "P = vắng có phép (excused)"
)


class _Styles:
    def __init__(self) -> None:
        self.ward = style("a-ward", 11, bold=True, color=MUTED, leading=13)
        self.title = style("a-title", 18, bold=True, color=ACCENT, leading=21)
        self.info = style("a-info", 12, leading=15)
        self.stamp = style("a-stamp", 10, color=MUTED, align=TA_CENTER, leading=12)
        self.stamp_b = style("a-stamp-b", 10, bold=True, color=MUTED, align=TA_CENTER, leading=12)
        self.head = style("a-head", 10, bold=True, align=TA_CENTER, leading=11.5)


def _row_geometry(rows: int, available: float) -> tuple[float, float]:
    """Row height and font size: as large as the page allows, never below the 40-row size."""
    per_page = max(1, min(rows, ROWS_PER_PAGE))
    height = max(MIN_ROW_H, min(MAX_ROW_H, available / per_page))
    size = max(8.5, min(14.0, height * 0.82))
    return height, size


def _header(info: ClassInfo, title: str, lines: Sequence[str], width: float) -> Flowable:
    s = _Styles()
    left: list[Flowable] = []
    if info.ward:
        left.append(para(info.ward.upper(), s.ward))
    left.append(para(title, s.title))
    left.append(
        para_markup(
            f"Lớp (class): <b>{para_text(info.class_name)}</b> &nbsp;&nbsp; "
            f"Nơi học (centre): <b>{para_text(info.centre)}</b>",
            s.info,
        )
    )
    left.append(
        para_markup(f"Giảng viên (instructor): <b>{para_text(info.instructor)}</b>", s.info)
    )
    left.append(para_markup(" &nbsp;&nbsp; ".join(lines), s.info))
    stamp_w = 70 * mm
    stamp = [
        para("XÁC NHẬN CỦA UBND PHƯỜNG / XÃ", s.stamp_b),
        para("(ký, đóng dấu · ward stamp)", s.stamp),
    ]
    table = Table([[left, stamp]], colWidths=[width - stamp_w, stamp_w])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (0, 0), "TOP"),
                ("VALIGN", (1, 0), (1, 0), "TOP"),
                ("BOX", (1, 0), (1, 0), 0.8, MUTED),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _footer(legend: str, signer: str) -> PagePainter:
    legend = nfc(legend)
    signer = nfc(signer)

    def paint(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT_REGULAR, 9.5)
        canvas.setFillColor(INK)
        canvas.drawString(MARGIN_X, 5 * mm, legend)
        canvas.setFont(FONT_BOLD, 9.5)
        canvas.drawRightString(PAGE[0] - MARGIN_X - 22 * mm, 5 * mm, signer)
        canvas.setFont(FONT_REGULAR, 9.5)
        canvas.drawRightString(PAGE[0] - MARGIN_X, 5 * mm, f"Trang {doc.page}")
        canvas.restoreState()

    return paint


def _table_style(size: float, extra: list[tuple[object, ...]]) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
            ("FONTSIZE", (0, 1), (-1, -1), size),
            ("LEADING", (0, 1), (-1, -1), size * 1.15),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("GRID", (0, 0), (-1, -1), 0.5, INK),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("ALIGN", (0, 1), (0, -1), "RIGHT"),
            *extra,
        ]
    )


def _head_cells(labels: Sequence[str]) -> list[Paragraph]:
    s = _Styles()
    return [para(label, s.head) for label in labels]


def _build(
    title: str,
    header: Flowable,
    table: Table,
    signer: str,
    path: Path | None,
) -> bytes:
    def build(buffer: io.BytesIO) -> None:
        doc = single_frame_doc(
            buffer,
            pagesize=PAGE,
            margins=(MARGIN_X, MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM),
            meta=doc_meta(title, "Điểm danh"),
            template_id="sheet",
            on_page=_footer(LEGEND, signer),
        )
        doc.build([header, Spacer(1, 2 * mm), table])

    return write_pdf(build, path)


def _available_rows_height(header: Flowable, width: float) -> float:
    """Height left for the learner rows once the header block and the table head are placed."""
    header_h: float = header.wrap(width, PAGE[1])[1]
    used = MARGIN_TOP + MARGIN_BOTTOM + header_h + 2 * mm + HEADER_ROW_H + 2
    return float(PAGE[1] - used)


def render_session_attendance(sheet: SessionAttendance, path: Path | None = None) -> bytes:
    """Render the attendance sheet of one class session.

    Args:
        sheet: the session and its learners; a learner with no status gets an empty status cell
            to fill in by hand.
        path: save the PDF here (atomically) when given.

    Returns:
        The PDF bytes.
    """
    width = PAGE[0] - 2 * MARGIN_X
    lines = [
        f"Buổi số (session): <b>{sheet.session_number}</b>",
        f"Ngày (date): <b>{vn_date(sheet.session_date)}</b>",
    ]
    if sheet.topic:
        lines.append(f"Nội dung: <b>{para_text(sheet.topic)}</b>")
    header = _header(sheet.info, "DANH SÁCH ĐIỂM DANH BUỔI HỌC", lines, width)
    row_h, size = _row_geometry(len(sheet.entries), _available_rows_height(header, width))
    head = _head_cells(
        [
            "STT",
            "Mã học viên",
            "Họ và tên (name)",
            "Năm sinh",
            "Điểm danh",
            "Ký tên (signature)",
            "Ghi chú (note)",
        ]
    )
    data: list[list[object]] = [list(head)]
    for i, entry in enumerate(sheet.entries, start=1):
        data.append(
            [
                str(i),
                nfc(entry.code),
                nfc(entry.name),
                str(entry.birth_year) if entry.birth_year else "",
                entry.status.mark if entry.status else "",
                "",
                "",
            ]
        )
    fixed = [12 * mm, 30 * mm, 78 * mm, 20 * mm, 22 * mm, 0.0, 38 * mm]
    fixed[5] = width - sum(fixed)
    table = Table(
        data,
        colWidths=fixed,
        rowHeights=[HEADER_ROW_H] + [row_h] * len(sheet.entries),
        repeatRows=1,
    )
    table.setStyle(
        _table_style(
            size, [("ALIGN", (3, 1), (4, -1), "CENTER"), ("FONTNAME", (4, 1), (4, -1), FONT_BOLD)]
        )
    )
    title = f"Điểm danh {sheet.info.class_name} {vn_date(sheet.session_date)}"
    signer = f"Giảng viên ký: {sheet.info.instructor}"
    return _build(title, header, table, signer, path)


def render_month_attendance(sheet: MonthAttendance, path: Path | None = None) -> bytes:
    """Render a month's attendance sheet: one column per session date, a total, a signature.

    Args:
        sheet: the month, its session dates and one row of marks per learner.
        path: save the PDF here (atomically) when given.

    Returns:
        The PDF bytes.

    Raises:
        ValueError: more than :data:`MAX_MONTH_SESSIONS` sessions, or a row whose marks do not
            match the session dates.
    """
    sessions = len(sheet.session_dates)
    if sessions > MAX_MONTH_SESSIONS:
        raise ValueError(f"at most {MAX_MONTH_SESSIONS} sessions fit on a month sheet: {sessions}")
    for row in sheet.rows:
        if len(row.marks) != sessions:
            raise ValueError(f"{row.code}: {len(row.marks)} marks for {sessions} sessions")
    width = PAGE[0] - 2 * MARGIN_X
    month_name = f"{sheet.month:02d}/{sheet.year}"
    lines = [
        f"Tháng (month): <b>{month_name}</b>",
        f"Số buổi: <b>{sessions}</b>",
    ]
    header = _header(sheet.info, "BẢNG ĐIỂM DANH THÁNG", lines, width)
    row_h, size = _row_geometry(len(sheet.rows), _available_rows_height(header, width))
    date_labels = [f"{d.day:02d}/{d.month:02d}" for d in sheet.session_dates]
    head = _head_cells(
        ["STT", "Mã học viên", "Họ và tên (name)", *date_labels, "Có mặt", "Ký tên (signature)"]
    )
    data: list[list[object]] = [list(head)]
    for i, row in enumerate(sheet.rows, start=1):
        attended = sum(
            1 for m in row.marks if m in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        )
        marks: list[object] = [m.mark if m else "" for m in row.marks]
        data.append([str(i), nfc(row.code), nfc(row.name), *marks, f"{attended}/{sessions}", ""])
    date_w = 11 * mm
    fixed = [11 * mm, 26 * mm, 62 * mm] + [date_w] * sessions + [17 * mm]
    sign_w = max(30 * mm, width - sum(fixed))
    if sum(fixed) + sign_w > width:
        # Many sessions: the name column gives way, never the signature column.
        fixed[2] -= sum(fixed) + sign_w - width
    table = Table(
        data,
        colWidths=[*fixed, sign_w],
        rowHeights=[HEADER_ROW_H] + [row_h] * len(sheet.rows),
        repeatRows=1,
    )
    last_date = 2 + sessions
    table.setStyle(
        _table_style(
            size,
            [
                ("ALIGN", (3, 1), (last_date + 1, -1), "CENTER"),
                ("FONTNAME", (3, 1), (last_date, -1), FONT_BOLD),
                ("LEFTPADDING", (3, 0), (last_date, -1), 1),
                ("RIGHTPADDING", (3, 0), (last_date, -1), 1),
            ],
        )
    )
    title = f"Điểm danh tháng {month_name} {sheet.info.class_name}"
    signer = f"Giảng viên ký: {sheet.info.instructor}"
    return _build(title, header, table, signer, path)
