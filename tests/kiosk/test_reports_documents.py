"""Every printed document read back with poppler (pdftotext, pdffonts, pdfinfo) and zbarimg."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from kiosk.reports.attendance import render_month_attendance, render_session_attendance
from kiosk.reports.batch import BatchCancelled
from kiosk.reports.cards import CARDS_PER_SHEET, card_box, render_card_sheet
from kiosk.reports.certificate import VERIFY_PREFIX, render_certificate, render_certificates
from kiosk.reports.class_report import render_class_report
from kiosk.reports.data import (
    SKILL_GROUPS_757,
    AttendanceEntry,
    AttendancePoint,
    AttendanceStatus,
    Certificate,
    ClassInfo,
    ClassReport,
    LearnerCard,
    LearnerSummary,
    LessonDone,
    ModuleCompletion,
    MonthAttendance,
    MonthRow,
    ProgressSlip,
    SessionAttendance,
    SimulationScore,
    SkillProgress,
)
from kiosk.reports.slip import render_progress_slip, render_slip_batch

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("zbarimg") is None,
    reason="poppler-utils and zbar-tools are needed to read the PDFs back",
)

G = SKILL_GROUPS_757
NAME = "Nguyễn Thị Hường"
CENTRE = "Điểm học phường Bến Thành"
# Invented sample names: every tone mark and every Vietnamese vowel letter appears.
NAMES = [
    "Nguyễn Thị Hường",
    "Trần Văn Bảy",
    "Lê Thị Ánh Tuyết",
    "Phạm Quốc Khánh",
    "Hoàng Thị Lụa",
    "Võ Văn Đức",
    "Đặng Thị Ngọc Diễm",
    "Bùi Văn Thưởng",
    "Đỗ Thị Hồng Nhung",
    "Huỳnh Tấn Phước",
    "Ngô Văn Lực",
    "Dương Thị Ẩn",
    "Lý Văn Ửng",
    "Tạ Thị Ỷ",
    "Mai Văn Ỳ",
    "Châu Thị Ữu",
    "Hồ Văn Ộ",
    "Kiều Thị Ợ",
    "Lâm Văn Ấp",
    "Quách Thị Ẵn",
]
NAMES40 = [f"{n} {i:02d}" if i >= len(NAMES) else n for i, n in enumerate(NAMES * 2)]
INFO = ClassInfo(
    "Lớp Bình dân học vụ số K1", "Nhà văn hóa khu phố 3", "Trần Thị Mai", "Phường Bến Thành"
)


def sample_slip(code: str = "HV-7K3Q9", name: str | None = NAME) -> ProgressSlip:
    """A typical slip: seven lessons, four skill groups, one practice."""
    titles = [
        "Bật, tắt, sạc và mở khóa điện thoại",
        "Chạm, vuốt, giữ",
        "Chữ to, màn sáng, loa to",
        "Kết nối Wi-Fi và 4G",
        "Cài ứng dụng đúng chỗ",
        "Camera: chụp ảnh, quét mã QR",
        "Tìm thông tin, nhận ra trang chính thống (.gov.vn)",
    ]
    return ProgressSlip(
        learner_code=code,
        learner_name=name,
        centre=CENTRE,
        issued_on=date(2026, 3, 14),
        lessons=tuple(LessonDone(t, date(2026, 3, 2 + i)) for i, t in enumerate(titles)),
        skills=(
            SkillProgress(G["757-G0.1"], 4, 4),
            SkillProgress(G["757-G0.2"], 2, 2),
            SkillProgress(G["757-G1.1"], 1, 3),
            SkillProgress(G["757-Safe"], 0, 12),
        ),
        next_lesson="Zalo: nhắn tin, gửi ảnh, gọi video",
        simulations=(SimulationScore("Chuyển tiền bằng mã VietQR", 8, 10, 1, 2, False),),
    )


def sample_certificate() -> Certificate:
    return Certificate(
        learner_name=NAME,
        learner_code="HV-7K3Q9",
        module_code="M2",
        module_title="Thông tin và liên lạc",
        skill_groups=(G["757-G1.1"], G["757-G1.2"], G["757-Comm"], G["757-Safe"]),
        verification_code="7Q4M-2KD9-XW3P",
        issued_on=date(2026, 4, 2),
        centre=CENTRE,
        place="TP. Hồ Chí Minh",
        signer_title="TM. Ủy ban nhân dân phường",
        signer_name="Lê Văn Tám",
        lessons_done=4,
    )


STATUSES = list(AttendanceStatus)


def sample_session(count: int = 40) -> SessionAttendance:
    return SessionAttendance(
        INFO,
        date(2026, 3, 14),
        5,
        tuple(
            AttendanceEntry(
                f"HV-{i:04d}",
                NAMES40[i % 40] if i < 40 else f"Học viên {i}",
                1950 + i % 20,
                STATUSES[i % 4] if i % 5 else None,
            )
            for i in range(count)
        ),
        topic="Bài 2.2 Zalo",
    )


MONTH_DATES = tuple(date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13, 16, 18, 20, 23, 25, 27))


def sample_month() -> MonthAttendance:
    rows = tuple(
        MonthRow(
            f"HV-{i:04d}", NAMES40[i], tuple(STATUSES[(i + j) % 4] for j in range(len(MONTH_DATES)))
        )
        for i in range(40)
    )
    return MonthAttendance(INFO, 2026, 3, MONTH_DATES, rows)


def sample_report() -> ClassReport:
    modules = tuple(
        ModuleCompletion(f"M{i}", t, c, 40)
        for i, (t, c) in enumerate(
            [
                ("Làm quen với điện thoại", 36),
                ("Thông tin và liên lạc", 29),
                ("VNeID – định danh điện tử", 18),
                ("Dịch vụ công trực tuyến", 9),
            ],
            start=1,
        )
    )
    points = tuple(AttendancePoint(d, 30 + i % 9, 40) for i, d in enumerate(MONTH_DATES))
    learners = tuple(
        LearnerSummary(f"HV-{i:04d}", NAMES40[i], i % 20, 4 + i % 9, "2.3 Giữ Zalo an toàn")
        for i in range(40)
    )
    return ClassReport(INFO, "Tháng 03/2026", date(2026, 3, 31), modules, points, learners, 40)


# --- reading PDFs back -----------------------------------------------------------------------


def pdf_text(pdf: Path) -> str:
    """Text of the PDF, whitespace runs folded to one space (lines wrap differently)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", out)


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", out, re.M)
    assert match, out
    return int(match.group(1))


def pdf_fonts(pdf: Path) -> list[tuple[str, str, str, str]]:
    """(name, emb, sub, uni) of every font in the PDF."""
    out = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    rows = []
    for line in out:
        parts = line.split()
        # name type... emb sub uni objectid gen: the last five columns are fixed.
        rows.append((parts[0], parts[-5], parts[-4], parts[-3]))
    return rows


def assert_fonts_ok(pdf: Path) -> None:
    fonts = pdf_fonts(pdf)
    assert fonts, "no font in the PDF"
    for name, emb, _sub, uni in fonts:
        assert emb == "yes", f"{name} is not embedded"
        assert uni == "yes", f"{name} has no Unicode map"
        assert "Helvetica" not in name
        assert name.split("+")[-1].startswith(("NotoSans", "DejaVuSans")), name


def render_pngs(pdf: Path, dpi: int = 50) -> list[Path]:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(prefix.name + "-*.png"))


def qr_codes(png: Path) -> list[str]:
    result = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sqrcode.enable", str(png)], capture_output=True, check=False
    )
    return [line for line in result.stdout.decode("utf-8").splitlines() if line]


# --- tests -----------------------------------------------------------------------------------


def test_slip_reads_back_in_vietnamese_on_one_a5_page(tmp_path: Path) -> None:
    pdf = tmp_path / "slip.pdf"
    data = render_progress_slip(sample_slip(), pdf)
    assert pdf.read_bytes() == data
    text = pdf_text(pdf)
    for expected in (
        "Phiếu học tập",
        NAME,
        "HV-7K3Q9",
        CENTRE,
        "14/03/2026",
        "Tìm thông tin, nhận ra trang chính thống (.gov.vn)",
        "Zalo: nhắn tin, gửi ảnh, gọi video",
        "Sử dụng thiết bị số",
        "4/4",
        "0/12",
        "Chuyển tiền bằng mã VietQR",
        "Quét mã QR hoặc gõ mã HV-7K3Q9",
    ):
        assert expected in text, expected
    assert "Chạm, vuốt, giữ" not in text  # only the newest three lessons are listed
    assert "Bài đã học: 7 bài" in text
    assert pdf_pages(pdf) == 1
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "419.528 x 595.276 pts" in out  # A5
    assert_fonts_ok(pdf)
    pngs = render_pngs(pdf, dpi=100)
    assert qr_codes(pngs[0]) == ["HV-7K3Q9"]


def test_guest_slip_says_khach_and_finished_course(tmp_path: Path) -> None:
    slip = sample_slip(code="K-42QX", name=None)
    slip = ProgressSlip(slip.learner_code, None, slip.centre, slip.issued_on, next_lesson=None)
    text = pdf_text(_save(render_progress_slip(slip), tmp_path / "guest.pdf"))
    assert "Khách" in text
    assert "Chưa có bài nào" in text
    assert "học xong tất cả các bài" in text


def test_decomposed_input_is_printed_as_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", NAME)
    assert nfd != NAME
    text = pdf_text(_save(render_progress_slip(sample_slip(name=nfd)), tmp_path / "nfd.pdf"))
    assert NAME in text


def test_slip_without_path_returns_pdf_bytes() -> None:
    data = render_progress_slip(sample_slip())
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_card_sheet_ten_per_page_with_readable_qr(tmp_path: Path) -> None:
    cards = [LearnerCard(f"HV-{i:04d}", n, CENTRE) for i, n in enumerate(NAMES[:12])]
    pdf = tmp_path / "cards.pdf"
    render_card_sheet(cards, pdf)
    assert CARDS_PER_SHEET == 10
    assert pdf_pages(pdf) == 2
    text = pdf_text(pdf)
    for card in cards:
        assert card.name in text and card.code in text
    assert_fonts_ok(pdf)
    # Each card is cropped and decoded on its own, as a scanner sees one card at a time.
    dpi = 100
    page_h = 841.89
    for i, card in enumerate(cards):
        x, y, w, h = card_box(i)
        scale = dpi / 72
        prefix = tmp_path / f"card{i}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-png",
                "-singlefile",
                "-f",
                str(i // 10 + 1),
                "-l",
                str(i // 10 + 1),
                "-x",
                str(int(x * scale)),
                "-y",
                str(int((page_h - y - h) * scale)),
                "-W",
                str(int(w * scale)),
                "-H",
                str(int(h * scale)),
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        assert qr_codes(prefix.with_suffix(".png")) == [card.code], card


def test_certificate_lists_skill_groups_and_verifies(tmp_path: Path) -> None:
    pdf = tmp_path / "cert.pdf"
    render_certificate(sample_certificate(), pdf)
    assert pdf_pages(pdf) == 1
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "841.89 x 595.276 pts" in out  # A4 landscape
    text = pdf_text(pdf)
    for expected in (
        "GIẤY CHỨNG NHẬN",
        NAME,
        "M2 – Thông tin và liên lạc",
        "757/QĐ-BKHCN",
        "757-G1.1",
        "Tìm kiếm thông tin trên Internet",
        "757-Safe",
        "An toàn, bảo vệ thông tin cá nhân",
        "7Q4M-2KD9-XW3P",
        "TP. Hồ Chí Minh, ngày 02 tháng 04 năm 2026",
        "TM. Ủy ban nhân dân phường",
        "Ký, ghi rõ họ tên và đóng dấu",
        "Lê Văn Tám",
        "ĐIỂM HỌC PHƯỜNG BẾN THÀNH",
    ):
        assert expected in text, expected
    assert_fonts_ok(pdf)
    assert qr_codes(render_pngs(pdf, dpi=100)[0]) == [VERIFY_PREFIX + "7Q4M-2KD9-XW3P"]


def test_many_certificates_one_page_each(tmp_path: Path) -> None:
    cert = sample_certificate()
    pdf = _save(render_certificates([cert, cert, cert]), tmp_path / "certs.pdf")
    assert pdf_pages(pdf) == 3


def test_session_sheet_with_40_rows_fits_one_page(tmp_path: Path) -> None:
    pdf = tmp_path / "session.pdf"
    render_session_attendance(sample_session(40), pdf)
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    for expected in (
        "DANH SÁCH ĐIỂM DANH BUỔI HỌC",
        INFO.class_name,
        INFO.centre,
        INFO.instructor,
        "14/03/2026",
        "Ký tên",
        "XÁC NHẬN CỦA UBND PHƯỜNG",
        "Bài 2.2 Zalo",
    ):
        assert expected in text, expected
    for name in NAMES40:
        assert name in text, name
    assert_fonts_ok(pdf)


def test_session_sheet_with_41_rows_repeats_header_on_page_two(tmp_path: Path) -> None:
    pdf = _save(render_session_attendance(sample_session(41)), tmp_path / "s41.pdf")
    assert pdf_pages(pdf) == 2
    page2 = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Họ và tên" in page2 and "Học viên 40" in page2


def test_month_sheet_40_rows_12_sessions_one_page(tmp_path: Path) -> None:
    pdf = _save(render_month_attendance(sample_month()), tmp_path / "month.pdf")
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    assert "BẢNG ĐIỂM DANH THÁNG" in text and "03/2026" in text
    for d in MONTH_DATES:
        assert f"{d.day:02d}/03" in text
    for name in NAMES40:
        assert name in text, name
    assert "6/12" in text  # two of every four marks are present or late
    assert_fonts_ok(pdf)


def test_month_sheet_rejects_rows_that_do_not_match_the_dates() -> None:
    bad = MonthAttendance(INFO, 2026, 3, MONTH_DATES, (MonthRow("HV-1", NAME, ()),))
    with pytest.raises(ValueError, match="HV-1"):
        render_month_attendance(bad)


def test_class_report_has_charts_and_table(tmp_path: Path) -> None:
    pdf = _save(render_class_report(sample_report()), tmp_path / "report.pdf")
    text = pdf_text(pdf)
    for expected in (
        "BÁO CÁO TIẾN ĐỘ LỚP HỌC",
        "Hoàn thành theo học phần",
        "Chuyên cần theo",
        "M3 – VNeID – định danh điện tử",
        "18/40",
        "90%",
        "Tỉ lệ có mặt",
        "02/03",
        NAME,
        "2.3 Giữ Zalo an toàn",
    ):
        assert expected in text, expected
    assert_fonts_ok(pdf)
    assert pdf_pages(pdf) >= 2


def test_every_document_renders_to_png(tmp_path: Path) -> None:
    """The pages the engineer looked at: all render, none is blank."""
    docs = {
        "slip": render_progress_slip(sample_slip()),
        "cards": render_card_sheet([LearnerCard(f"HV-{i}", n) for i, n in enumerate(NAMES)]),
        "cert": render_certificate(sample_certificate()),
        "session": render_session_attendance(sample_session(40)),
        "month": render_month_attendance(sample_month()),
        "report": render_class_report(sample_report()),
    }
    for name, data in docs.items():
        pngs = render_pngs(_save(data, tmp_path / f"{name}.pdf"))
        assert pngs, name
        for png in pngs:
            assert png.stat().st_size > 2000, png


def _save(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def test_slip_batch_in_one_pdf_with_progress_and_footers(tmp_path: Path) -> None:
    slips = [sample_slip(code=f"HV-B{i:03d}", name=NAMES[i]) for i in range(6)]
    seen: list[tuple[int, int]] = []
    pdf = tmp_path / "batch.pdf"
    render_slip_batch(slips, pdf, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, 6) for i in range(1, 7)]
    assert pdf_pages(pdf) == 6
    assert_fonts_ok(pdf)
    for page, s in enumerate(slips, start=1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert s.learner_name is not None and s.learner_name in text
        assert f"Mã {s.learner_code}" in text  # the footer names this page's learner


def test_slip_batch_cancel_saves_nothing(tmp_path: Path) -> None:
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 2:
            cancel.set()

    pdf = tmp_path / "batch.pdf"
    with pytest.raises(BatchCancelled):
        render_slip_batch(
            [sample_slip(code=f"HV-{i}") for i in range(5)], pdf, progress=progress, cancel=cancel
        )
    assert not pdf.exists()
    assert list(tmp_path.iterdir()) == []


def test_certificates_batch_reports_progress(tmp_path: Path) -> None:
    seen: list[int] = []
    render_certificates([sample_certificate()] * 3, progress=lambda d, t: seen.append(d))
    assert seen == [1, 2, 3]
