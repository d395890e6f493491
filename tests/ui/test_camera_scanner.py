"""Reading learner cards with a webcam: real QR images through the real decoder.

There is no webcam on this machine, so frames are QR images rendered here (segno) and a printed
learner-card sheet (reportlab, rasterised with pdftoppm) handed to the scanner as camera frames;
the camera device itself is the only part not exercised.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import segno
from PySide6.QtGui import QImage, QTransform

from kiosk.clock import FakeClock
from kiosk.reports.cards import render_card_sheet
from kiosk.reports.data import LearnerCard
from ui.widgets.camera_scanner import NO_CAMERA, CameraScanner, decode_codes


def qr_image(text: str, scale: int = 6) -> QImage:
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=scale, border=4)
    img = QImage()
    assert img.loadFromData(buf.getvalue())
    return img


def test_decodes_a_code_even_tilted(qapp) -> None:  # type: ignore[no-untyped-def]
    assert decode_codes(qr_image("HV-ACDEFH")) == ["HV-ACDEFH"]
    tilted = qr_image("HV-K7M3TX").transformed(QTransform().rotate(17))
    assert decode_codes(tilted) == ["HV-K7M3TX"]
    assert decode_codes(QImage(64, 64, QImage.Format.Format_RGB32)) == []


def test_reads_every_card_of_a_printed_sheet(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cards = [
        LearnerCard(f"HV-ACDEF{c}", f"Học viên {i}", "Phường Hòa Bình")
        for i, c in enumerate("HJKMN")
    ]
    pdf = tmp_path / "cards.pdf"
    render_card_sheet(cards, pdf)
    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    page = QImage(str(tmp_path / "page.png"))
    assert sorted(decode_codes(page)) == sorted(c.code for c in cards)


def test_each_code_once_per_pause_and_frames_are_rationed(qapp) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    scanner = CameraScanner(clock, every_s=0.3, repeat_s=3.0)
    seen: list[str] = []
    scanner.code_read.connect(seen.append)
    frame = qr_image("HV-ACDEFH")
    scanner.frame(frame)
    for _ in range(20):  # the card stays in front of the camera for 2 s
        clock.advance(0.1)
        scanner.frame(frame)
    assert seen == ["HV-ACDEFH"]
    clock.advance(3.0)
    scanner.frame(frame)
    assert seen == ["HV-ACDEFH", "HV-ACDEFH"]


def test_no_camera_is_said_plainly(qapp) -> None:  # type: ignore[no-untyped-def]
    scanner = CameraScanner(FakeClock())
    assert scanner.start() is False
    assert scanner.problem == NO_CAMERA and not scanner.running
