"""Class progress report, A4 portrait: completion per module (bar chart), attendance over time
(line chart) and an optional table of learners."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
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
    page_footer,
    para,
    para_markup,
    para_text,
    single_frame_doc,
    style,
    vn_date,
    write_pdf,
)
from kiosk.reports.data import AttendancePoint, ClassReport, ModuleCompletion
from kiosk.reports.fonts import FONT_BOLD, FONT_REGULAR

PAGE = A4
MARGIN = 15 * mm
CHART_H = 62 * mm


class _Styles:
    def __init__(self) -> None:
        self.title = style("r-title", 22, bold=True, color=ACCENT, leading=27)
        self.info = style("r-info", 12.5, leading=16)
        self.h = style(
            "r-h", 15, bold=True, color=ACCENT, leading=19, space_before=8, space_after=3
        )
        self.body = style("r-body", 12, leading=15)
        self.cell = style("r-cell", 11, leading=13)
        self.cell_b = style("r-cell-b", 11, bold=True, leading=13)


def completion_chart(modules: tuple[ModuleCompletion, ...], width: float) -> Drawing:
    """Bar chart of the share of learners who finished each module (0-100 %).

    Args:
        modules: one bar per module, in order.
        width: drawing width in points.
    """
    drawing = Drawing(width, CHART_H)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 24
    chart.width, chart.height = width - 44, CHART_H - 46
    chart.data = [[round(m.percent, 1) for m in modules] or [0]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.labels.fontName = FONT_REGULAR
    chart.valueAxis.labels.fontSize = 10
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#BBBBBB")
    chart.categoryAxis.categoryNames = [nfc(m.module_code) for m in modules] or [""]
    chart.categoryAxis.labels.fontName = FONT_BOLD
    chart.categoryAxis.labels.fontSize = 11
    chart.categoryAxis.labels.dy = -4
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d%%"
    chart.barLabels.fontName = FONT_BOLD
    chart.barLabels.fontSize = 10
    chart.barLabels.nudge = 7
    drawing.add(chart)
    drawing.add(
        String(
            0,
            CHART_H - 8,
            nfc("Tỉ lệ học viên hoàn thành (%)"),
            fontName=FONT_REGULAR,
            fontSize=10,
            fillColor=MUTED,
        )
    )
    return drawing


def attendance_chart(points: tuple[AttendancePoint, ...], width: float) -> Drawing:
    """Line chart of attendance (present or late, in % of enrolled) per session over time.

    Args:
        points: one point per session, in date order.
        width: drawing width in points.
    """
    drawing = Drawing(width, CHART_H)
    chart = HorizontalLineChart()
    chart.x, chart.y = 34, 24
    chart.width, chart.height = width - 44, CHART_H - 46
    values = [round(100.0 * p.present / p.enrolled, 1) if p.enrolled > 0 else 0.0 for p in points]
    chart.data = [values or [0.0]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.labels.fontName = FONT_REGULAR
    chart.valueAxis.labels.fontSize = 10
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#BBBBBB")
    step = max(1, -(-len(points) // 12))
    chart.categoryAxis.categoryNames = [
        f"{p.session_date.day:02d}/{p.session_date.month:02d}" if i % step == 0 else ""
        for i, p in enumerate(points)
    ] or [""]
    chart.categoryAxis.labels.fontName = FONT_REGULAR
    chart.categoryAxis.labels.fontSize = 9.5
    chart.categoryAxis.labels.dy = -4
    chart.lines[0].strokeColor = ACCENT
    chart.lines[0].strokeWidth = 2.2
    chart.joinedLines = 1
    drawing.add(chart)
    drawing.add(
        String(
            0,
            CHART_H - 8,
            nfc("Tỉ lệ có mặt mỗi buổi (%)"),
            fontName=FONT_REGULAR,
            fontSize=10,
            fillColor=MUTED,
        )
    )
    return drawing


def _module_table(report: ClassReport, s: _Styles, width: float) -> Flowable:
    rows: list[list[object]] = [
        [para("Học phần (module)", s.cell_b), para("Hoàn thành", s.cell_b), para("Tỉ lệ", s.cell_b)]
    ]
    for m in report.modules:
        rows.append(
            [
                para(f"{m.module_code} – {m.title}", s.cell),
                para(f"{m.completed}/{m.enrolled}", s.cell),
                para(f"{m.percent:.0f}%", s.cell),
            ]
        )
    table = Table(rows, colWidths=[width - 60 * mm, 32 * mm, 28 * mm], repeatRows=1)
    table.setStyle(_grid())
    return table


def _grid() -> TableStyle:
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("GRID", (0, 0), (-1, -1), 0.5, INK),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
    )


def _learner_table(report: ClassReport, s: _Styles, width: float) -> Flowable:
    total = f"/{report.lessons_total}" if report.lessons_total else ""
    sessions = len(report.attendance)
    rows: list[list[object]] = [
        [
            para(h, s.cell_b)
            for h in ("STT", "Mã", "Họ và tên", "Bài đã học", "Buổi có mặt", "Đang học bài")
        ]
    ]
    for i, ln in enumerate(report.learners, start=1):
        rows.append(
            [
                para(str(i), s.cell),
                para(ln.code, s.cell),
                para(ln.name, s.cell),
                para(f"{ln.lessons_done}{total}", s.cell),
                para(
                    f"{ln.sessions_attended}/{sessions}" if sessions else str(ln.sessions_attended),
                    s.cell,
                ),
                para(ln.current_lesson, s.cell),
            ]
        )
    widths = [11 * mm, 24 * mm, 52 * mm, 22 * mm, 24 * mm]
    table = Table(rows, colWidths=[*widths, width - sum(widths)], repeatRows=1)
    table.setStyle(_grid())
    return table


def _footer(report: ClassReport) -> PagePainter:
    line = f"{report.info.class_name} · {report.period} · lập ngày {vn_date(report.issued_on)}"
    return page_footer(line, page_width=PAGE[0], margin=MARGIN, y=8 * mm, size=9.5)


def render_class_report(report: ClassReport, path: Path | None = None) -> bytes:
    """Render a class progress report with its two charts.

    Args:
        report: the class, period, per-module completion, attendance points and learners.
        path: save the PDF here (atomically) when given.

    Returns:
        The PDF bytes.
    """
    s = _Styles()

    def build(buffer: io.BytesIO) -> None:
        doc = single_frame_doc(
            buffer,
            pagesize=PAGE,
            margins=(MARGIN, MARGIN, MARGIN, MARGIN),
            meta=doc_meta(f"Báo cáo tiến độ {report.info.class_name}", "Báo cáo tiến độ lớp học"),
            template_id="rep",
            on_page=_footer(report),
        )
        width = doc.width
        info = report.info
        enrolled = max((m.enrolled for m in report.modules), default=len(report.learners))
        present = [p for p in report.attendance if p.enrolled > 0]
        avg = (
            sum(100.0 * p.present / p.enrolled for p in present) / len(present) if present else 0.0
        )
        story: list[Flowable] = [
            para("BÁO CÁO TIẾN ĐỘ LỚP HỌC", s.title),
            para("Class progress report", s.info),
            Spacer(1, 3 * mm),
            para_markup(
                f"Lớp: <b>{para_text(info.class_name)}</b> &nbsp;&nbsp; "
                f"Nơi học: <b>{para_text(info.centre)}</b>",
                s.info,
            ),
            para_markup(
                f"Giảng viên: <b>{para_text(info.instructor)}</b> &nbsp;&nbsp; "
                f"Kỳ báo cáo: <b>{para_text(report.period)}</b> &nbsp;&nbsp; "
                f"Ngày lập: <b>{vn_date(report.issued_on)}</b>",
                s.info,
            ),
            para_markup(
                f"Sĩ số: <b>{enrolled}</b> học viên &nbsp;&nbsp; Số buổi: "
                f"<b>{len(report.attendance)}</b> &nbsp;&nbsp; Tỉ lệ có mặt trung bình: "
                f"<b>{avg:.0f}%</b>",
                s.info,
            ),
            KeepTogether(
                [
                    para("Hoàn thành theo học phần (completion per module)", s.h),
                    completion_chart(report.modules, width),
                ]
            ),
            _module_table(report, s, width),
        ]
        if report.attendance:
            story.append(
                KeepTogether(
                    [
                        para("Chuyên cần theo thời gian (attendance over time)", s.h),
                        attendance_chart(report.attendance, width),
                    ]
                )
            )
        if report.learners:
            story += [
                CondPageBreak(70 * mm),
                para("Danh sách học viên (learners)", s.h),
                _learner_table(report, s, width),
            ]
        doc.build(story)

    return write_pdf(build, path)
