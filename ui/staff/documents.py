"""Documents and exports of a class: attendance sheets, class report, learner cards, certificates
(a cancellable batch), CSV/XLSX exports. Preview, print, save a copy; every one is audited."""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kiosk.db.engine import vi_fold
from kiosk.i18n import tr
from kiosk.reports.attendance import render_month_attendance, render_session_attendance
from kiosk.reports.cards import render_card_sheet
from kiosk.reports.class_report import render_class_report
from kiosk.reports.export import AttendanceRow, ProgressRow, RosterRow, export_rows
from kiosk.reports.printing import BatchResult, certificate_items, run_batch, safe_file_part
from kiosk.services import attendance, certificates, classes, staff_reports
from ui.staff.base import StaffScreen
from ui.staff.batch_progress import BatchProgress
from ui.staff.context import StaffContext
from ui.staff.preview import Preview, render_preview
from ui.widgets.wrap_label import WrapLabel

Render = Callable[[Path], object]
log = logging.getLogger(__name__)


class DocumentsScreen(StaffScreen):
    """Make a document, look at it, print it or save a copy."""

    name = "staff_documents"

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.class_id: uuid.UUID | None = None
        self.class_name = ""
        self.pdf: Path | None = None
        self.pdf_kind = ""
        self.last_export: Path | None = None
        self.last_batch: BatchResult | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.batch: BatchProgress | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self.title = WrapLabel(role=self.title_role)
        self.docs_label = WrapLabel(role="heading")
        self.session_pick = QComboBox()
        self.module_pick = QComboBox()
        for spec in ctx.curriculum.modules:
            self.module_pick.addItem(f"{spec.code} {spec.title}", spec.id)
        for c in (self.session_pick, self.module_pick):
            c.setMinimumHeight(ctx.theme.target_px)
        self.b_session = self.button("", "primary", self.make_session_sheet)
        self.b_month = self.button("", "quiet", self.make_month_sheet)
        self.b_report = self.button("", "quiet", self.make_class_report)
        self.b_cards = self.button("", "quiet", self.make_cards)
        self.b_certs = self.button("", "quiet", self.make_certificates)
        self.export_label = WrapLabel(role="heading")
        self.format_pick = QComboBox()
        self.format_pick.addItem("Excel (.xlsx)", "xlsx")
        self.format_pick.addItem("CSV (.csv)", "csv")
        self.format_pick.setMinimumHeight(ctx.theme.target_px)
        self.b_x_roster = self.button("", "quiet", partial(self.export, "roster"))
        self.b_x_att = self.button("", "quiet", partial(self.export, "attendance"))
        self.b_x_prog = self.button("", "quiet", partial(self.export, "progress"))
        # preview side
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(ctx.theme.px(220), ctx.theme.px(160))
        self.info = WrapLabel(role="muted")
        self.b_print = self.button("", "go", self.print_pdf)
        self.b_copy = self.button("", "quiet", self.save_copy)
        self.b_back = self.button("", "quiet", self.back.emit)

        wide = ctx.theme.scale < 1.5
        left, ll = self.column(spacing=ctx.theme.px(8))
        ll.addWidget(self.docs_label)
        ll.addLayout(self.rows(wide, [self.session_pick, self.b_session]))
        ll.addLayout(self.rows(wide, [self.b_month, self.b_report, self.b_cards]))
        ll.addLayout(self.rows(wide, [self.module_pick, self.b_certs]))
        ll.addWidget(self.export_label)
        ll.addLayout(
            self.rows(wide, [self.format_pick, self.b_x_roster, self.b_x_att, self.b_x_prog])
        )
        ll.addStretch(1)
        right, rl = self.column(spacing=ctx.theme.px(8))
        rl.addWidget(self.preview, 1)
        rl.addWidget(self.info)
        actions = QHBoxLayout()
        actions.addWidget(self.b_copy)
        actions.addWidget(self.b_print)
        rl.addLayout(actions)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        lay.setSpacing(ctx.theme.px(8))
        if self.large:
            self.preview.setMinimumHeight(ctx.theme.px(200))
            body, body_lay = self.column(spacing=ctx.theme.px(12))
            for w in (self.title, left, right):
                body_lay.addWidget(w)
            lay.addWidget(self.scrolling(body), 1)
        else:
            mid = QHBoxLayout()
            mid.setSpacing(ctx.theme.px(24))
            mid.addWidget(self.scrolling(left), 3)
            mid.addWidget(right, 2)
            lay.addWidget(self.title)
            lay.addLayout(mid, 1)
        lay.addWidget(self.b_back)
        self.retranslate("vi")

    def rows(self, wide: bool, widgets: list[QWidget]) -> QGridLayout:
        """Widgets side by side (one under the other at a large text scale)."""
        grid = QGridLayout()
        grid.setSpacing(self.ctx.theme.px(8))
        for i, w in enumerate(widgets):
            grid.addWidget(w, 0 if wide else i, i if wide else 0)
        return grid

    # ---- data --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the class and its sessions."""
        if self.class_id is None:
            return
        cid = self.class_id
        found = self.act(lambda s: (classes.get_class(s, cid), attendance.sessions_of(s, cid)))
        if found is None:
            return
        klass, sessions = found
        self.class_name = klass.name
        self.title.set(tr("Giấy tờ và xuất dữ liệu · {name}", self.lang, name=klass.name))
        self.session_pick.clear()
        for x in sessions:
            self.session_pick.addItem(
                tr("Buổi {n} · {day}", self.lang, n=x.number, day=x.date.strftime("%d/%m/%Y")), x.id
            )
        self.b_session.setEnabled(bool(sessions))
        self.session_pick.setEnabled(bool(sessions))
        self._show_pdf_state()

    def _target(self) -> str:
        return f"class:{self.class_id}"

    def _file(self, stem: str, suffix: str) -> Path:
        today = self.ctx.clock.now().astimezone().date().isoformat()
        name = safe_file_part(f"{stem}-{vi_fold(self.class_name)}".replace(" ", "-"))
        return self.ctx.out_dir / f"{name}-{today}.{suffix}"

    # ---- single documents ------------------------------------------------------------------------
    def _make(self, kind: str, stem: str, build: Callable[[Session], Render]) -> None:
        render = self.act(build)
        if render is None:
            return
        pdf = self._file(stem, "pdf")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        self.info.set(tr("Đang làm giấy tờ…", self.lang))

        def work() -> Preview:
            render(pdf)
            return render_preview(pdf)

        self.ctx.tasks.run(work, partial(self._made, kind), self.fail)

    def _made(self, kind: str, preview: Preview) -> None:
        self.pdf, self.pdf_kind = preview.pdf, kind
        me = self.ctx.me
        self.act(
            lambda s: staff_reports.record_output(
                s,
                "save_pdf",
                kind,
                now=self.ctx.clock.now(),
                actor=me,
                path=preview.pdf,
                target=self._target(),
                detail={"pages": preview.pages},
            )
        )
        if preview.png is not None:
            pix = QPixmap(str(preview.png))
            self.preview.setPixmap(
                pix.scaled(
                    self.preview.width(),
                    self.preview.height(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.setText(tr("(máy này không xem trước được)", self.lang))
        self.info.set(
            tr(
                "Đã lưu: {path} · {pages} trang",
                self.lang,
                path=str(preview.pdf),
                pages=preview.pages,
            )
        )
        self.preview.setAccessibleName(tr("Xem trước trang đầu", self.lang))
        self._show_pdf_state()

    def make_session_sheet(self) -> None:
        """The attendance sheet of the chosen session."""
        sid = self.session_pick.currentData()
        if sid is None:
            self.message.emit(
                tr("Lớp chưa có buổi học nào. Anh chị mở buổi ở phần Điểm danh.", self.lang)
            )
            return
        cur = self.ctx.curriculum

        def build(s: Session) -> Render:
            sheet = staff_reports.session_sheet(s, sid, cur)
            return partial(render_session_attendance, sheet)

        self._make("attendance_session", "diem-danh-buoi", build)

    def make_month_sheet(self) -> None:
        """The attendance sheet of this month."""
        cid, today = self.class_id, self.ctx.clock.now().astimezone().date()
        assert cid is not None

        def build(s: Session) -> Render:
            return partial(
                render_month_attendance, staff_reports.month_sheet(s, cid, today.year, today.month)
            )

        self._make("attendance_month", "diem-danh-thang", build)

    def make_class_report(self) -> None:
        """The class progress report with its charts."""
        cid, cur, now = self.class_id, self.ctx.curriculum, self.ctx.clock.now()
        assert cid is not None

        def build(s: Session) -> Render:
            return partial(render_class_report, staff_reports.class_report(s, cid, cur, now=now))

        self._make("class_report", "bao-cao-lop", build)

    def make_cards(self) -> None:
        """A4 sheets of learner cards with QR codes."""
        cid = self.class_id
        assert cid is not None

        def build(s: Session) -> Render:
            return partial(render_card_sheet, staff_reports.learner_cards(s, cid))

        self._make("learner_cards", "the-hoc-vien", build)

    # ---- certificates: a batch -------------------------------------------------------------------
    def make_certificates(self) -> None:
        """Issue the chosen module's certificates to everyone who finished it, then save (and
        print, when a printer is set up) each one, with a progress dialog that can cancel."""
        module_id = self.module_pick.currentData()
        if module_id is None or self.class_id is None:
            return
        module = self.ctx.curriculum.module(str(module_id))
        cid, me, now = self.class_id, self.ctx.me, self.ctx.clock.now()

        def issue(s: Session) -> list[Any]:
            infos = certificates.issue_for_class(s, cid, module, now=now, actor=me)
            centre = classes.get_class(s, cid).centre
            return certificates.documents(
                infos, self.ctx.curriculum, centre=centre, issued_on=now.astimezone().date()
            )

        docs = self.act(issue)
        if docs is None:
            return
        if not docs:
            self.message.emit(tr("Chưa có ai học xong {module}.", self.lang, module=module.code))
            return
        self.run_certificates(docs, module.code)

    def run_certificates(self, docs: list[Any], module_code: str) -> None:
        """Save (and print) certificates in the background with a cancellable progress dialog."""
        items = certificate_items(docs)
        out = self.ctx.out_dir / safe_file_part(
            f"chung-nhan-{module_code}-{vi_fold(self.class_name)}".replace(" ", "-")
        )
        progress = BatchProgress()
        dialog = QProgressDialog(
            tr("Đang làm giấy chứng nhận…", self.lang),
            tr("Dừng lại", self.lang),
            0,
            len(items),
            self,
        )
        dialog.setWindowTitle(tr("Giấy chứng nhận", self.lang))
        dialog.setAccessibleName(tr("Tiến độ làm giấy chứng nhận", self.lang))
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(progress.cancel.set)
        self.progress_dialog, self.batch = dialog, progress
        backend, printer = self.ctx.printer, self.ctx.printer_name

        def tick() -> None:
            done, total = progress.read()
            dialog.setValue(done)
            dialog.setLabelText(
                tr(
                    "Đã xong {done}/{total} giấy chứng nhận…",
                    self.lang,
                    done=done,
                    total=total or len(items),
                )
            )

        self._poll.timeout.connect(tick)
        self._poll.start()
        dialog.show()

        def work() -> BatchResult:
            return run_batch(
                items,
                out,
                backend=backend,
                printer=printer,
                progress=progress,
                cancel=progress.cancel,
            )

        def finished(result: BatchResult) -> None:
            self._poll.stop()
            self._poll.timeout.disconnect(tick)
            dialog.close()
            self.progress_dialog, self.batch = None, None
            self.last_batch = result
            me = self.ctx.me
            self.act(
                lambda s: staff_reports.record_output(
                    s,
                    "print" if result.jobs else "save_pdf",
                    f"certificates {module_code}",
                    now=self.ctx.clock.now(),
                    actor=me,
                    path=out,
                    target=self._target(),
                    detail={
                        "saved": len(result.saved),
                        "printed": len(result.jobs),
                        "cancelled": result.cancelled,
                        "total": result.total,
                    },
                )
            )
            text = tr(
                "Đã lưu {saved}/{total} giấy chứng nhận vào {folder}.",
                self.lang,
                saved=len(result.saved),
                total=result.total,
                folder=str(out),
            )
            if result.jobs:
                text += " " + tr("Đã gửi {n} bản tới máy in.", self.lang, n=len(result.jobs))
            if result.cancelled:
                text += " " + tr("Anh chị đã dừng giữa chừng.", self.lang)
            if result.errors:
                text += " " + result.errors[0][1]
            self.message.emit(text)

        def failed(exc: Exception) -> None:
            self._poll.stop()
            self._poll.timeout.disconnect(tick)
            dialog.close()
            self.progress_dialog, self.batch = None, None
            self.fail(exc)

        self.ctx.tasks.run(work, finished, failed)

    # ---- print and copy --------------------------------------------------------------------------
    def print_pdf(self) -> None:
        """Send the document on screen to the print queue."""
        pdf, backend = self.pdf, self.ctx.printer
        if pdf is None:
            return
        if backend is None:
            self.message.emit(
                tr(
                    "Máy này chưa được cài máy in. Giấy tờ đã được lưu tại {path}.",
                    self.lang,
                    path=str(pdf),
                )
            )
            return
        printer, kind = self.ctx.printer_name, self.pdf_kind

        def done(job: Any) -> None:
            me = self.ctx.me
            self.act(
                lambda s: staff_reports.record_output(
                    s,
                    "print",
                    kind,
                    now=self.ctx.clock.now(),
                    actor=me,
                    path=pdf,
                    target=self._target(),
                    detail={"job": job.job_id, "printer": job.printer},
                )
            )
            self.message.emit(tr("Đã gửi tới máy in {printer}.", self.lang, printer=job.printer))

        self.ctx.tasks.run(
            lambda: backend.submit(pdf, printer=printer, title=pdf.stem), done, self.fail
        )

    def save_copy(self) -> None:
        """Save a copy of the PDF where the person chooses (a USB stick …)."""
        if self.pdf is None:
            return
        dest = self.ctx.save_file(tr("Lưu bản sao PDF", self.lang), "PDF (*.pdf)")
        if dest is None:
            return
        pdf, kind, me = self.pdf, self.pdf_kind, self.ctx.me
        try:
            shutil.copyfile(pdf, dest)
        except OSError as exc:
            log.error("%s", exc)
            self.message.emit(
                tr("Không lưu được vào chỗ đã chọn. Anh chị chọn chỗ khác nhé.", self.lang)
            )
            return
        self.act(
            lambda s: staff_reports.record_output(
                s,
                "save_pdf",
                kind,
                now=self.ctx.clock.now(),
                actor=me,
                path=dest,
                target=self._target(),
            )
        )
        self.message.emit(tr("Đã lưu bản sao: {path}", self.lang, path=str(dest)))

    # ---- exports -------------------------------------------------------------------------------
    def export(self, what: str) -> None:
        """Export the roster, the attendance or the progress as XLSX or CSV (UTF-8 with BOM)."""
        cid, me, cur = self.class_id, self.ctx.me, self.ctx.curriculum
        assert cid is not None
        suffix = str(self.format_pick.currentData())
        stems = {"roster": "danh-sach", "attendance": "diem-danh", "progress": "tien-do"}
        path = self._file(stems[what], suffix)

        def work(s: Session) -> int:
            if what == "roster":
                n = export_rows(path, RosterRow, staff_reports.roster_rows(s, cid), "Danh sách")
            elif what == "attendance":
                n = export_rows(
                    path, AttendanceRow, staff_reports.attendance_rows(s, cid), "Điểm danh"
                )
            else:
                n = export_rows(
                    path, ProgressRow, staff_reports.progress_rows(s, cid, cur), "Tiến độ"
                )
            staff_reports.record_output(
                s,
                "export",
                f"{what}.{suffix}",
                now=self.ctx.clock.now(),
                actor=me,
                path=path,
                target=self._target(),
                detail={"rows": n},
            )
            return n

        rows = self.act(work)
        if rows is not None:
            self.last_export = path
            self.message.emit(tr("Đã xuất {n} dòng: {path}", self.lang, n=rows, path=str(path)))

    def _show_pdf_state(self) -> None:
        self.b_print.setEnabled(self.pdf is not None)
        self.b_copy.setEnabled(self.pdf is not None)
        if self.pdf is None:
            self.preview.clear()
            self.info.set(tr("Chọn một loại giấy tờ ở bên trái; trang đầu hiện ở đây.", self.lang))

    def stop(self) -> None:
        """Leaving the screen stops a running batch before its next document."""
        if self.batch is not None:
            self.batch.cancel.set()

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.docs_label.set(tr("Giấy tờ để in", lang))
        self.session_pick.setAccessibleName(tr("Chọn buổi học", lang))
        self.module_pick.setAccessibleName(tr("Chọn học phần", lang))
        self.format_pick.setAccessibleName(tr("Kiểu tệp", lang))
        self.b_session.set_label(tr("Phiếu điểm danh buổi này", lang))
        self.b_month.set_label(tr("Điểm danh cả tháng", lang))
        self.b_report.set_label(tr("Báo cáo tiến độ", lang))
        self.b_cards.set_label(tr("Thẻ học viên", lang))
        self.b_certs.set_label(tr("Giấy chứng nhận học phần này", lang))
        self.export_label.set(tr("Xuất dữ liệu", lang))
        self.b_x_roster.set_label(tr("Danh sách", lang))
        self.b_x_att.set_label(tr("Điểm danh", lang))
        self.b_x_prog.set_label(tr("Tiến độ", lang))
        self.b_print.set_label(tr("In", lang))
        self.b_copy.set_label(tr("Lưu bản sao…", lang))
        self.b_back.set_label(tr("‹ Về lớp", lang))
        self._show_pdf_state()
