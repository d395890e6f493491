"""The learner's progress slip: A5 portrait, large print, learner code big and as a QR code."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.reports.batch import CancelFlag, ProgressCallback, ProgressTick
from kiosk.reports.common import (
    ACCENT,
    INK,
    LIGHT,
    MUTED,
    RULE,
    QrFlowable,
    centered,
    doc_meta,
    page_footer,
    para,
    para_markup,
    para_text,
    single_frame_doc,
    style,
    vn_date,
    write_pdf,
)
from kiosk.reports.data import ProgressSlip, SimulationScore, SkillProgress

#: Page size of the slip. A5 keeps every line at 15 pt or more on one page; A6 could not.
SLIP_PAGE = A5
#: Finished lessons listed on the slip (the newest); older ones are counted in one line.
MAX_LESSONS_LISTED = 3
#: Practice results listed (the last ones given).
MAX_SIMULATIONS_LISTED = 2
GUEST_NAME = "Khách"
MARGIN = 10 * mm
BODY = 14.0


class _Styles:
    """The slip's styles, built once (after the fonts are registered)."""

    def __init__(self) -> None:
        self.title = style("slip-title", 24, bold=True, color=ACCENT, leading=28)
        self.subtitle = style("slip-sub", 12, color=MUTED, leading=14)
        self.label = style("slip-label", 14, color=MUTED, leading=17)
        self.code = style("slip-code", 30, bold=True, leading=34)
        self.name = style("slip-name", 20, bold=True, leading=24)
        self.body = style("slip-body", BODY, leading=17.5)
        self.body_bold = style("slip-body-b", BODY, bold=True, leading=17.5)
        self.heading = style(
            "slip-h", 16, bold=True, color=ACCENT, leading=19, space_before=6, space_after=2
        )
        self.next = style("slip-next", 17, bold=True, leading=21)
        self.hint = style("slip-hint", BODY, leading=19)
        self.small = style("slip-small", 12, color=MUTED, leading=14)
        self.count = ParagraphStyle("slip-count", parent=self.body_bold, alignment=TA_RIGHT)
        self.date = centered(style("slip-date", 14, bold=True, leading=17))


_styles_cache: list[_Styles] = []


def _st() -> _Styles:
    if not _styles_cache:
        _styles_cache.append(_Styles())
    return _styles_cache[0]


def _bar(fraction: float, width: float, height: float) -> Drawing:
    """A plain progress bar: dark fill on a light track with a dark outline."""
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=LIGHT, strokeColor=INK, strokeWidth=0.8))
    if fraction > 0:
        drawing.add(Rect(0, 0, width * fraction, height, fillColor=ACCENT, strokeColor=None))
    return drawing


def _header(slip: ProgressSlip, width: float) -> Flowable:
    s = _st()
    name = slip.learner_name.strip() if slip.learner_name else ""
    left = [
        para("Phiếu học tập", s.title),
        para("Learning progress slip", s.subtitle),
        Spacer(1, 5),
        para(name or GUEST_NAME, s.name),
        Spacer(1, 3),
        para("Mã học viên (code):", s.label),
        para(slip.learner_code, s.code),
    ]
    qr_size = 34 * mm
    right = [QrFlowable(slip.learner_code, qr_size), para(vn_date(slip.issued_on), s.date)]
    table = Table([[left, right]], colWidths=[width - qr_size - 2, qr_size + 2])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _lessons(slip: ProgressSlip) -> list[Flowable]:
    s = _st()
    shown = sorted(slip.lessons, key=lambda ls: ls.done_on)[-MAX_LESSONS_LISTED:]
    heading = f"Bài đã học: {len(slip.lessons)} bài"
    if len(shown) < len(slip.lessons):
        heading += f" ({len(shown)} bài gần nhất)"
    out: list[Flowable] = [para(heading, s.heading)]
    if not slip.lessons:
        out.append(para("Chưa có bài nào. Hãy bắt đầu bài đầu tiên!", s.body))
        return out
    rows = [
        [para(f"{ls.done_on.day:02d}/{ls.done_on.month:02d}", s.body), para(ls.title, s.body)]
        for ls in shown
    ]
    table = Table(rows, colWidths=[17 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    out.append(table)
    return out


def _skills(skills: tuple[SkillProgress, ...], width: float) -> list[Flowable]:
    s = _st()
    if not skills:
        return []
    bar_w = 20 * mm
    count_w = 17 * mm
    bar_col = bar_w + 4
    rows = [
        [
            para(sp.group.name_vi, s.body),
            _bar(sp.fraction, bar_w, 3.6 * mm),
            para(f"{sp.done}/{sp.total}", s.count),
        ]
        for sp in skills
    ]
    table = Table(rows, colWidths=[width - bar_col - count_w, bar_col, count_w])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("LEFTPADDING", (1, 0), (1, -1), 4),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("LEFTPADDING", (2, 0), (2, -1), 0),
                ("RIGHTPADDING", (2, 0), (2, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
            ]
        )
    )
    return [para("Tiến độ theo nhóm kỹ năng số", s.heading), table]


def _simulation_line(sim: SimulationScore) -> str:
    parts = [f"{sim.steps_done}/{sim.steps_total} bước"]
    parts.append("không nhầm lần nào" if sim.mistakes == 0 else f"nhầm {sim.mistakes} lần")
    if sim.hints:
        parts.append(f"{sim.hints} gợi ý")
    head = "hoàn thành" if sim.completed else "đang tập"
    return f"{head}, " + ", ".join(parts)


def _simulations(slip: ProgressSlip) -> list[Flowable]:
    s = _st()
    if not slip.simulations:
        return []
    out: list[Flowable] = [para("Thực hành (Practice)", s.heading)]
    for sim in slip.simulations[-MAX_SIMULATIONS_LISTED:]:
        out.append(
            KeepTogether(
                [
                    para_markup(
                        f"<b>{para_text(sim.title)}</b>: {para_text(_simulation_line(sim))}",
                        s.body,
                    ),
                    Spacer(1, 2),
                ]
            )
        )
    return out


def _next_and_hint(slip: ProgressSlip, width: float) -> Flowable:
    s = _st()
    if slip.next_lesson:
        first = para_markup(f"Bài tiếp theo: <b>{para_text(slip.next_lesson)}</b>", s.next)
    else:
        first = para("Bạn đã học xong tất cả các bài. Chúc mừng bạn!", s.next)
    hint = para(
        f"Quét mã QR hoặc gõ mã {slip.learner_code} ở bất kỳ ki-ốt nào để học tiếp.", s.hint
    )
    box = Table([[first], [hint]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.6, INK),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6), box])


def _footer_painter(slip: ProgressSlip) -> Callable[[Canvas, BaseDocTemplate], None]:
    line = f"{slip.centre} · {vn_date(slip.issued_on)} · Mã {slip.learner_code}"
    return page_footer(line, page_width=SLIP_PAGE[0], margin=MARGIN, y=6 * mm, size=11)


def slip_story(slip: ProgressSlip, width: float) -> list[Flowable]:
    """The flowables of one slip (also used by the batch that puts many slips in one file).

    Args:
        slip: the slip's data.
        width: the frame width in points.
    """
    s = _st()
    story: list[Flowable] = [_header(slip, width), Spacer(1, 6)]
    story.append(para_markup(f"Nơi học: <b>{para_text(slip.centre)}</b>", s.body))
    story.append(_next_and_hint(slip, width))
    story += _lessons(slip)
    story += _skills(slip.skills, width)
    story += _simulations(slip)
    return story


def _template(
    title: str,
    buffer: io.BytesIO,
    *,
    on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
    on_page_end: Callable[[Canvas, BaseDocTemplate], None] | None = None,
) -> BaseDocTemplate:
    return single_frame_doc(
        buffer,
        pagesize=SLIP_PAGE,
        margins=(MARGIN, MARGIN, MARGIN, 12 * mm),
        meta=doc_meta(title, "Phiếu học tập"),
        template_id="slip",
        on_page=on_page,
        on_page_end=on_page_end,
    )


def render_progress_slip(slip: ProgressSlip, path: Path | None = None) -> bytes:
    """Render a progress slip (A5 portrait) and optionally save it.

    Args:
        slip: what to print.
        path: save the PDF here (atomically) when given.

    Returns:
        The PDF bytes.
    """

    def build(buffer: io.BytesIO) -> None:
        doc = _template(f"Phiếu học tập {slip.learner_code}", buffer, on_page=_footer_painter(slip))
        doc.build(slip_story(slip, doc.width))

    return write_pdf(build, path)


def render_slip_batch(
    slips: Sequence[ProgressSlip],
    path: Path | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> bytes:
    """Render many slips into one PDF (each slip starts a new page): one file, one print job.

    Much faster than one file per slip, because the fonts are embedded once.

    Args:
        slips: the slips, in order.
        path: save the PDF here (atomically) when given.
        progress: called with (done, total) as each slip is laid out.
        cancel: checked as each slip is laid out.

    Returns:
        The PDF bytes.

    Raises:
        BatchCancelled: the cancel flag was set; nothing was saved.
    """

    current: list[ProgressSlip] = []

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        # Painted when the page is finished, so the slip on it is known.
        if current:
            _footer_painter(current[-1])(canvas, doc)

    def build(buffer: io.BytesIO) -> None:
        doc = _template("Phiếu học tập", buffer, on_page_end=footer)
        story: list[Flowable] = []
        total = len(slips)
        for i, slip in enumerate(slips):
            if i:
                story.append(PageBreak())
            story.append(_SetCurrent(slip, current))
            story.extend(slip_story(slip, doc.width))
            story.append(ProgressTick(i + 1, total, progress, cancel))
        doc.build(story)

    return write_pdf(build, path)


class _SetCurrent(Flowable):  # type: ignore[misc]
    """Tells the page footer which slip the page belongs to."""

    def __init__(self, slip: ProgressSlip, current: list[ProgressSlip]) -> None:
        super().__init__()
        self.slip = slip
        self.current = current
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.current.append(self.slip)
