"""CameraScanner: read learner-card QR codes from a webcam (QtMultimedia frames, zxing-cpp).

The decoding (:func:`decode_codes`) works on any QImage, so it is tested on real QR images; only
the camera device itself needs real hardware. No camera → :attr:`CameraScanner.problem` says so
in plain words and the USB scanner or touch roll-call still work.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from kiosk.clock import Clock, SystemClock

log = logging.getLogger(__name__)

NO_CAMERA = "Không thấy máy ảnh (webcam). Anh chị dùng máy quét thẻ hoặc chạm để điểm danh."
CAMERA_FAILED = "Máy ảnh không mở được. Anh chị dùng máy quét thẻ hoặc chạm để điểm danh."


def decode_codes(image: QImage) -> list[str]:
    """Every QR code's text in ``image`` (a camera frame, a photo, a rendered card)."""
    import zxingcpp

    if image.isNull():
        return []
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    found = zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [b.text for b in found if b.valid and b.text]


class CameraScanner(QObject):
    """Watches the camera while :meth:`start` ed; emits each code once per ``repeat_s`` seconds.

    Signals:
        code_read(str): a learner code was seen.
    """

    code_read = Signal(str)

    def __init__(
        self,
        clock: Clock | None = None,
        *,
        every_s: float = 0.3,
        repeat_s: float = 3.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock or SystemClock()
        self.every_s, self.repeat_s = every_s, repeat_s
        self._last_frame = -1e9
        self._seen: dict[str, float] = {}
        self._camera: object | None = None
        self._session: object | None = None
        self.problem: str | None = None

    def start(self) -> bool:
        """Open the default camera; False (and :attr:`problem`) when there is none."""
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink

        devices = QMediaDevices.videoInputs()
        if not devices:
            self.problem = NO_CAMERA
            log.warning("%s", NO_CAMERA)
            return False
        camera = QCamera(devices[0], self)
        session = QMediaCaptureSession(self)
        sink = QVideoSink(self)
        session.setCamera(camera)
        session.setVideoSink(sink)
        sink.videoFrameChanged.connect(lambda frame: self.frame(frame.toImage()))
        camera.errorOccurred.connect(lambda *_: self._failed())
        camera.start()
        self._camera, self._session = camera, session
        self.problem = None
        return True

    def _failed(self) -> None:
        self.problem = CAMERA_FAILED
        log.error("%s", CAMERA_FAILED)
        self.stop()

    def stop(self) -> None:
        """Close the camera."""
        camera = self._camera
        if camera is not None:
            camera.stop()  # type: ignore[attr-defined]
        self._camera = self._session = None

    @property
    def running(self) -> bool:
        """True while the camera is open."""
        return self._camera is not None

    def frame(self, image: QImage) -> None:
        """One camera frame (at most one every ``every_s`` is decoded, to spare the CPU)."""
        now = self.clock.monotonic()
        if now - self._last_frame < self.every_s:
            return
        self._last_frame = now
        for code in decode_codes(image):
            if now - self._seen.get(code, -1e9) >= self.repeat_s:
                self._seen[code] = now
                self.code_read.emit(code)
