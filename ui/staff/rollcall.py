"""Roll-call: open today's session (number prefilled), one row per learner, present by default;
or scan learner cards with a USB scanner. Save once; edit later; see who changed what."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.db.models import AttendanceStatus
from kiosk.i18n import tr
from kiosk.services import attendance, classes
from kiosk.services.attendance import SessionInfo
from ui.staff.base import StaffScreen
from ui.staff.class_form import to_date, to_qdate
from ui.staff.context import StaffContext
from ui.staff.roll_row import LABELS, RollRow
from ui.widgets.camera_scanner import CameraScanner
from ui.widgets.wrap_label import WrapLabel


class RollCallScreen(StaffScreen):
    """Attendance of one class session."""

    name = "staff_roll_call"

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.class_id: uuid.UUID | None = None
        self.session: SessionInfo | None = None
        self.rows: list[RollRow] = []
        self.marks: dict[uuid.UUID, AttendanceStatus] = {}
        self.taps = 0
        self._earlier: list[SessionInfo] = []
        self.title = WrapLabel(role=self.title_role)
        # -- opening a session
        self.number = QSpinBox()
        self.number.setRange(1, 999)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        for w in (self.number, self.day):
            w.setMinimumHeight(ctx.theme.target_px)
        self.open_new = self.button("", "go", self.open_session)
        self.earlier = QListWidget()
        self.earlier.itemActivated.connect(lambda _i: self._open_earlier())
        self.earlier.itemClicked.connect(lambda _i: self._open_earlier())
        self.number_label = WrapLabel(role="body")
        self.day_label = WrapLabel(role="body")
        self.earlier_label = WrapLabel(role="heading")
        opener_body, op = self.column(spacing=ctx.theme.px(10))
        line = QGridLayout()
        line.setSpacing(ctx.theme.px(12))
        for i, part in enumerate((self.number_label, self.number, self.day_label, self.day)):
            line.addWidget(part, i // 2 if self.large else 0, i % 2 if self.large else i)
        op.addLayout(line)
        op.addWidget(self.open_new)
        op.addWidget(self.earlier_label)
        op.addWidget(self.earlier, 1)
        self.opener: QWidget
        if self.large:
            self.earlier.setMinimumHeight(ctx.theme.target_px * 3)
            self.opener = self.scrolling(opener_body)
        else:
            self.opener = opener_body
        # -- the roll
        self.scan = QLineEdit()
        self.scan.setMinimumHeight(ctx.theme.target_px)
        self.scan.returnPressed.connect(self.scanned)
        self.camera = CameraScanner(ctx.clock, parent=self)
        self.camera.code_read.connect(self.scanned_code)
        self.b_camera = self.button("", "primary", self.toggle_camera)
        self.counts = WrapLabel(role="muted")
        self.roll_box, self.roll_lay = self.column(spacing=ctx.theme.px(10))
        self.roll_area = self.scrolling(self.roll_box)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.hide()
        self.save = self.button("", "go", self.save_roll)
        self.show_history = self.button("", "quiet", self.toggle_history)
        self.b_back = self.button("", "quiet", self.back.emit)
        self.roll_part, rp = self.column(spacing=ctx.theme.px(8))
        scan_row = QHBoxLayout()
        scan_row.setSpacing(ctx.theme.px(12))
        scan_row.addWidget(self.scan, 3)
        scan_row.addWidget(self.b_camera, 1)
        if self.large:
            self.roll_lay.addLayout(scan_row)
            self.roll_lay.addWidget(self.counts)
        else:
            rp.addLayout(scan_row)
            rp.addWidget(self.counts)
        rp.addWidget(self.roll_area, 3)
        rp.addWidget(self.history, 2)
        bar = QHBoxLayout()
        bar.setSpacing(ctx.theme.px(16))
        bar.addWidget(self.b_back)
        bar.addWidget(self.show_history)
        bar.addWidget(self.save)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        lay.setSpacing(ctx.theme.px(8))
        lay.addWidget(self.title)
        lay.addWidget(self.opener, 1)
        lay.addWidget(self.roll_part, 1)
        lay.addLayout(bar)
        self.retranslate("vi")

    # ---- opening ---------------------------------------------------------------------------
    def show_class(self, class_id: uuid.UUID) -> None:
        """Start at the "open a session" step for this class."""
        self.class_id, self.session = class_id, None
        self.refresh()

    def refresh(self) -> None:
        """Prefill today's date and the next number; list earlier sessions."""
        if self.class_id is None:
            return
        cid = self.class_id
        found = self.act(
            lambda s: (
                classes.get_class(s, cid),
                attendance.next_number(s, cid),
                attendance.sessions_of(s, cid),
            )
        )
        if found is None:
            return
        c, number, earlier = found
        self._earlier = earlier
        if self.session is None:
            self.title.set(tr("Điểm danh · {name}", self.lang, name=c.name))
            self.number.setValue(number)
            self.day.setDate(to_qdate(self.ctx.clock.now().date()))
            self.earlier.clear()
            for e in earlier:
                self.earlier.addItem(
                    tr(
                        "Buổi {n} · {day} · có mặt {present}/{recorded}",
                        self.lang,
                        n=e.number,
                        day=e.date.strftime("%d/%m/%Y"),
                        present=e.present,
                        recorded=e.recorded,
                    )
                )
            self.earlier_label.setVisible(bool(earlier))
            self.earlier.setVisible(bool(earlier))
        self.opener.setVisible(self.session is None)
        self.roll_part.setVisible(self.session is not None)
        self.save.setVisible(self.session is not None)
        self.show_history.setVisible(self.session is not None)

    def open_session(self) -> None:
        """Open a new session with the number and date shown, and show the roll."""
        if self.class_id is None:
            return
        cid, me = self.class_id, self.ctx.me
        day = to_date(self.day.date())
        made = self.act(
            lambda s: attendance.open_session(
                s, cid, day=day, now=self.ctx.clock.now(), actor=me, number=self.number.value()
            )
        )
        if made is not None:
            self.taps += 1
            self.show_session(made.id)

    def _open_earlier(self) -> None:
        row = self.earlier.currentRow()
        if 0 <= row < len(self._earlier):
            self.show_session(self._earlier[row].id)

    # ---- the roll ---------------------------------------------------------------------------
    def show_session(self, session_id: uuid.UUID) -> None:
        """Show the roll of a session: what was recorded, present for the rest."""
        found = self.act(
            lambda s: (attendance.get_session(s, session_id), attendance.roll(s, session_id))
        )
        if found is None:
            return
        self.session, lines = found
        for r in self.rows:
            r.deleteLater()
        self.rows, self.marks = [], {}
        for i, ln in enumerate(lines, start=1):
            status = ln.status or AttendanceStatus.present
            row = RollRow(ln.learner_id, i, ln.name, status, self.ctx.theme)
            row.retranslate(self.lang)
            row.changed.connect(self._tapped)
            self.marks[ln.learner_id] = status
            self.rows.append(row)
            self.roll_lay.addWidget(row)
        self.title.set(
            tr(
                "Điểm danh buổi {n} · {day}",
                self.lang,
                n=self.session.number,
                day=self.session.date.strftime("%d/%m/%Y"),
            )
        )
        self._count()
        self.refresh()
        self.history.hide()
        self.scan.setFocus()

    def _tapped(self, learner_id: uuid.UUID, status: AttendanceStatus) -> None:
        self.taps += 1
        self.marks[learner_id] = status
        self._count()

    def _count(self) -> None:
        n = {st: 0 for st in LABELS}
        for st in self.marks.values():
            n[st] += 1
        self.counts.set(
            tr(
                "Có mặt {p} · Muộn {l} · Vắng {a} · Có phép {e}",
                self.lang,
                p=n[AttendanceStatus.present],
                l=n[AttendanceStatus.late],
                a=n[AttendanceStatus.absent],
                e=n[AttendanceStatus.excused],
            )
        )

    def stop(self) -> None:
        """Leaving the screen closes the camera."""
        self.camera.stop()
        super().stop()

    def toggle_camera(self) -> None:
        """Start or stop reading learner cards with the webcam."""
        if self.camera.running:
            self.camera.stop()
        elif not self.camera.start() and self.camera.problem:
            self.message.emit(self.camera.problem)
        self.retranslate(self.lang)

    def scanned(self) -> None:
        """A card was scanned (the scanner types the code and Enter): mark that learner present."""
        code = self.scan.text()
        self.scan.clear()
        self.scanned_code(code)

    def scanned_code(self, code: str) -> None:
        """A learner code from the USB scanner or the webcam: mark that learner present."""
        if self.session is None or not code.strip():
            return
        sid, me = self.session.id, self.ctx.me
        found = self.act(
            lambda s: attendance.mark_by_card(s, sid, code, now=self.ctx.clock.now(), actor=me)
        )
        if found is None:
            return
        for r in self.rows:
            if r.learner_id == found.learner_id:
                r.set_status(AttendanceStatus.present)
        self.marks[found.learner_id] = AttendanceStatus.present
        self._count()
        self.message.emit(
            tr("Đã ghi có mặt: {name}.", self.lang, name=found.name)
            if not found.already
            else tr("{name} đã được ghi có mặt rồi.", self.lang, name=found.name)
        )

    def save_roll(self) -> None:
        """Save every row (only changes are written, each with who and when)."""
        if self.session is None:
            return
        sid, me, marks = self.session.id, self.ctx.me, dict(self.marks)
        changed = self.act(
            lambda s: attendance.save_roll(s, sid, marks, now=self.ctx.clock.now(), actor=me)
        )
        if changed is None:
            return
        self.taps += 1
        self.message.emit(tr("Đã lưu điểm danh ({n} thay đổi).", self.lang, n=changed))
        if self.history.isVisible():
            self._fill_history()

    def toggle_history(self) -> None:
        """Show or hide who recorded what, and when."""
        if self.history.isVisible():
            self.history.hide()
            return
        self._fill_history()
        self.history.show()

    def _fill_history(self) -> None:
        if self.session is None:
            return
        sid = self.session.id
        lines = self.act(lambda s: attendance.history(s, sid)) or []
        self.history.clear()
        for h in lines:
            before = tr(LABELS[AttendanceStatus(h.before)], self.lang) if h.before else "—"
            after = tr(LABELS[AttendanceStatus(h.after)], self.lang)
            local = h.at.astimezone().strftime("%H:%M %d/%m")
            self.history.addItem(
                tr(
                    "{at} · {who}: {learner} {before} → {after}",
                    self.lang,
                    at=local,
                    who=h.who,
                    learner=h.learner,
                    before=before,
                    after=after,
                )
            )
        if not lines:
            self.history.addItem(tr("Chưa lưu lần nào.", self.lang))

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.number_label.set(tr("Buổi số", lang))
        self.day_label.set(tr("Ngày", lang))
        self.number.setAccessibleName(tr("Buổi số", lang))
        self.day.setAccessibleName(tr("Ngày", lang))
        self.open_new.set_label(tr("Mở buổi học và điểm danh", lang))
        self.earlier_label.set(tr("Hoặc mở lại một buổi đã có để sửa", lang))
        self.earlier.setAccessibleName(tr("Các buổi đã có", lang))
        self.scan.setPlaceholderText(tr("Quét thẻ học viên ở đây", lang))
        self.b_camera.set_label(
            tr("Tắt máy ảnh", lang) if self.camera.running else tr("Quét bằng máy ảnh", lang)
        )
        self.scan.setAccessibleName(tr("Quét thẻ học viên", lang))
        self.history.setAccessibleName(tr("Lịch sử sửa điểm danh", lang))
        self.save.set_label(tr("Lưu điểm danh", lang))
        self.show_history.set_label(tr("Lịch sử", lang))
        self.b_back.set_label(tr("‹ Về lớp", lang))
        for r in self.rows:
            r.retranslate(lang)
