"""The audit log: who did what and when, filtered by action, person and dates."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import tr
from kiosk.services import audit, staff_reports
from ui.staff.base import StaffScreen
from ui.staff.class_form import to_date, to_qdate
from ui.staff.context import StaffContext
from ui.widgets.wrap_label import WrapLabel

ACTIONS = {
    "sign_in": "Đăng nhập",
    "sign_in_failed": "Nhập sai mã PIN",
    "account_locked": "Khóa tài khoản",
    "account_create": "Tạo tài khoản",
    "account_unlock": "Mở khóa tài khoản",
    "account_reset": "Đặt lại mã PIN",
    "account_active": "Bật lại tài khoản",
    "account_inactive": "Ngừng tài khoản",
    "class_create": "Tạo lớp",
    "learner_add": "Thêm học viên",
    "enrol": "Xếp vào lớp",
    "roster_import": "Nhập danh sách",
    "session_open": "Mở buổi học",
    "attendance_save": "Lưu điểm danh",
    "certificate_issue": "Cấp giấy chứng nhận",
    "help_resolved": "Đã giúp học viên",
    "print": "In",
    "save_pdf": "Lưu PDF",
    "export": "Xuất dữ liệu",
}
"""Plain words for the actions the staff side records (others are shown as recorded)."""


SHOWN = (
    "name",
    "number",
    "date",
    "document",
    "rows",
    "added",
    "problems",
    "saved",
    "printed",
    "role",
    "code",
    "module",
)


def describe(target: str, detail: dict[str, Any]) -> str:
    """A short line for the "details" column: the readable facts, never internal ids."""
    bits = [] if ":" in target and len(target) > 30 else [target] if target else []
    bits += [f"{k}: {v}" for k, v in detail.items() if k in SHOWN]
    if "file" in detail:
        bits.append(Path(str(detail["file"])).name)
    return " · ".join(bits)


class AuditScreen(StaffScreen):
    """A table of audit events, newest first, with filters."""

    name = "staff_audit"

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = WrapLabel(role=self.title_role)
        self.action = QComboBox()
        self.person = QComboBox()
        self.since = QDateEdit()
        self.until = QDateEdit()
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
        for w in (self.action, self.person, self.since, self.until):
            w.setMinimumHeight(ctx.theme.target_px)
        self.labels = [WrapLabel(role="body") for _ in range(4)]
        self.apply = self.button("", "primary", self.reload)
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        for col in range(3):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.count = WrapLabel(role="muted")
        self.b_back = self.button("", "quiet", self.back.emit)
        filters = QGridLayout()
        filters.setHorizontalSpacing(ctx.theme.px(12))
        wide = ctx.theme.scale < 1.5
        for i, (label, field) in enumerate(
            zip(self.labels, (self.action, self.person, self.since, self.until), strict=True)
        ):
            r, c = (0, i) if wide else (i // 2, i % 2)
            box, box_lay = self.column(spacing=2)
            box_lay.addWidget(label)
            box_lay.addWidget(field)
            filters.addWidget(box, r, c)
        filters.addWidget(self.apply, 0 if wide else 2, 4 if wide else 0, 1, 1 if wide else 2)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        lay.setSpacing(ctx.theme.px(8))
        if self.large:
            self.table.setMinimumHeight(ctx.theme.target_px * 5)
            body, body_lay = self.column(spacing=ctx.theme.px(8))
            body_lay.addWidget(self.title)
            body_lay.addLayout(filters)
            body_lay.addWidget(self.count)
            body_lay.addWidget(self.table)
            lay.addWidget(self.scrolling(body), 1)
        else:
            lay.addWidget(self.title)
            lay.addLayout(filters)
            lay.addWidget(self.count)
            lay.addWidget(self.table, 1)
        lay.addWidget(self.b_back)
        self.retranslate("vi")

    def refresh(self) -> None:
        """Fill the filter lists; the dates cover the last 30 days."""
        found = self.act(staff_reports.audit_choices)
        actions, people = found or ([], [])
        self.action.clear()
        self.action.addItem(tr("Mọi việc", self.lang), "")
        for a in actions:
            self.action.addItem(tr(ACTIONS[a], self.lang) if a in ACTIONS else a, a)
        self.person.clear()
        self.person.addItem(tr("Mọi người", self.lang), "")
        for p in people:
            self.person.addItem(p, p)
        today = self.ctx.clock.now().astimezone().date()
        self.until.setDate(to_qdate(today))
        self.since.setDate(to_qdate(today - timedelta(days=30)))
        self.reload()

    def reload(self) -> None:
        """Show the events matching the filters."""
        tz = self.ctx.clock.now().astimezone().tzinfo or UTC
        since = datetime.combine(to_date(self.since.date()), time.min, tz)
        until = datetime.combine(to_date(self.until.date()) + timedelta(days=1), time.min, tz)
        action = str(self.action.currentData() or "") or None
        person = str(self.person.currentData() or "") or None
        rows = (
            self.act(
                lambda s: audit.entries(
                    s, action=action, actor=person, since=since, until=until, limit=1000
                )
            )
            or []
        )
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            what = tr(ACTIONS[e.action], self.lang) if e.action in ACTIONS else e.action
            cells = (
                e.at.astimezone(tz).strftime("%d/%m/%Y %H:%M"),
                e.actor or "—",
                what,
                describe(e.target, e.detail),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.count.set(tr("{n} việc đã ghi lại", self.lang, n=len(rows)))

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(tr("Nhật ký: ai đã làm gì, lúc nào", lang))
        words = (tr("Việc", lang), tr("Người làm", lang), tr("Từ ngày", lang), tr("Đến ngày", lang))
        for label, w, word in zip(
            self.labels, (self.action, self.person, self.since, self.until), words, strict=True
        ):
            label.set(word)
            w.setAccessibleName(word)
        self.apply.set_label(tr("Lọc", lang))
        self.table.setHorizontalHeaderLabels(
            [tr("Lúc", lang), tr("Người làm", lang), tr("Việc", lang), tr("Chi tiết", lang)]
        )
        self.table.setAccessibleName(tr("Nhật ký", lang))
        self.table.horizontalHeader().setAccessibleName(tr("Tên các cột", lang))
        self.b_back.set_label(tr("‹ Về trang chính", lang))
