"""Certificate of completion of one module: A4 landscape, the 757 skill groups it covers, a
verification code (also as QR), the issue date, the centre and a signature / stamp area."""

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
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.reports.batch import CancelFlag, ProgressCallback, ProgressTick
from kiosk.reports.common import (
    ACCENT,
    MUTED,
    QrFlowable,
    doc_meta,
    para,
    para_markup,
    para_text,
    single_frame_doc,
    style,
    vn_date,
    vn_long_date,
    write_pdf,
)
from kiosk.reports.data import Certificate

PAGE = landscape(A4)
MARGIN = 16 * mm

#: Text encoded in the certificate's QR code: the verification code with a fixed prefix.
VERIFY_PREFIX = "HVS-CERT:"


class _Styles:
    def __init__(self) -> None:
        self.centre = style("c-centre", 14, bold=True, color=MUTED, align=TA_CENTER)
        self.title = style("c-title", 34, bold=True, color=ACCENT, align=TA_CENTER, leading=40)
        self.title_en = style("c-title-en", 14, color=MUTED, align=TA_CENTER)
        self.lead = style("c-lead", 16, align=TA_CENTER, leading=20, space_before=8)
        self.name = style("c-name", 30, bold=True, align=TA_CENTER, leading=36, space_before=2)
        self.code = style("c-code", 14, color=MUTED, align=TA_CENTER)
        self.module = style("c-module", 18, bold=True, align=TA_CENTER, leading=23)
        self.groups_h = style("c-gh", 14, bold=True, color=ACCENT, leading=18, space_before=6)
        self.group = style("c-group", 14, leading=18)
        self.small = style("c-small", 12, leading=15)
        self.sign = style("c-sign", 14, align=TA_CENTER, leading=18)
        self.sign_b = style("c-sign-b", 14, bold=True, align=TA_CENTER, leading=18)
        self.sign_hint = style("c-sign-h", 11, color=MUTED, align=TA_CENTER, leading=14)


def _border(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    w, h = PAGE
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(8 * mm, 8 * mm, w - 16 * mm, h - 16 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(11 * mm, 11 * mm, w - 22 * mm, h - 22 * mm)
    canvas.restoreState()


def _groups_table(cert: Certificate, s: _Styles, width: float) -> Flowable:
    cells = [
        para_markup(
            f"<b>{para_text(g.code)}</b> · {para_text(g.name_vi)}"
            + (
                f" <font color='#444444' size='12'>({para_text(g.name_en)})</font>"
                if g.name_en
                else ""
            ),
            s.group,
        )
        for g in cert.skill_groups
    ]
    columns = 2 if len(cells) > 3 else 1
    rows: list[list[Flowable | str]] = []
    per_col = -(-len(cells) // columns)
    for r in range(per_col):
        row: list[Flowable | str] = []
        for c in range(columns):
            i = c * per_col + r
            row.append(cells[i] if i < len(cells) else "")
        rows.append(row)
    table = Table(rows or [[""]], colWidths=[width / columns] * columns)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _bottom(cert: Certificate, s: _Styles, width: float) -> Flowable:
    qr = QrFlowable(VERIFY_PREFIX + cert.verification_code, 26 * mm)
    verify = [
        para_markup(
            f"Mã xác minh (verification): <b>{para_text(cert.verification_code)}</b>", s.small
        ),
        para(f"Ngày cấp (issued): {vn_date(cert.issued_on)}", s.small),
        para(f"Mã học viên: {cert.learner_code}", s.small),
    ]
    place = f"{cert.place}, " if cert.place else ""
    sign: list[Flowable] = [
        para(f"{place}{vn_long_date(cert.issued_on)}", s.sign),
        para(cert.signer_title, s.sign_b),
        para("(Ký, ghi rõ họ tên và đóng dấu)", s.sign_hint),
        Spacer(1, 24 * mm),
        para(cert.signer_name or " ", s.sign_b),
    ]
    left_w = 30 * mm
    mid_w = 80 * mm
    table = Table(
        [[qr, verify, sign]],
        colWidths=[left_w, mid_w, width - left_w - mid_w],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (1, 0), "BOTTOM"),
                ("VALIGN", (2, 0), (2, 0), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _story(cert: Certificate, width: float) -> Sequence[Flowable]:
    s = _Styles()
    module = f"{cert.module_code} – {cert.module_title}" if cert.module_code else cert.module_title
    done = f" ({cert.lessons_done} bài học)" if cert.lessons_done else ""
    return [
        para(cert.centre.upper(), s.centre),
        Spacer(1, 6 * mm),
        para("GIẤY CHỨNG NHẬN", s.title),
        para("Certificate of completion", s.title_en),
        para("Chứng nhận ông/bà", s.lead),
        para(cert.learner_name, s.name),
        para("đã hoàn thành học phần", s.lead),
        para(module + done, s.module),
        Spacer(1, 5 * mm),
        para("Các nhóm kỹ năng số cơ bản đạt được (Quyết định 757/QĐ-BKHCN):", s.groups_h),
        _groups_table(cert, s, width),
        Spacer(1, 5 * mm),
        _bottom(cert, s, width),
    ]


def render_certificate(cert: Certificate, path: Path | None = None) -> bytes:
    """Render a module certificate (A4 landscape).

    Args:
        cert: what to print.
        path: save the PDF here (atomically) when given.

    Returns:
        The PDF bytes.
    """
    return render_certificates([cert], path)


def render_certificates(
    certs: Sequence[Certificate],
    path: Path | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> bytes:
    """Render several certificates into one PDF, one page each (for printing a whole class).

    Args:
        certs: the certificates, in order.
        path: save the PDF here (atomically) when given.
        progress: called with (done, total) as each certificate is laid out.
        cancel: checked as each certificate is laid out.

    Returns:
        The PDF bytes.

    Raises:
        BatchCancelled: the cancel flag was set; nothing was saved.
    """

    def build(buffer: io.BytesIO) -> None:
        title = "Giấy chứng nhận" if len(certs) != 1 else f"Giấy chứng nhận {certs[0].learner_name}"
        doc = single_frame_doc(
            buffer,
            pagesize=PAGE,
            margins=(MARGIN + 6 * mm, MARGIN + 6 * mm, MARGIN, MARGIN),
            meta=doc_meta(title, "Giấy chứng nhận hoàn thành học phần"),
            template_id="cert",
            on_page=_border,
        )
        story: list[Flowable] = []
        for i, cert in enumerate(certs):
            if i:
                story.append(PageBreak())
            story.extend(_story(cert, doc.width))
            story.append(ProgressTick(i + 1, len(certs), progress, cancel))
        doc.build(story)

    return write_pdf(build, path)
