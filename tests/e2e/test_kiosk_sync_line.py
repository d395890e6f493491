"""An offline kiosk: its changes wait in the outbox and a calm line says so.

The server here is a closed loopback port (the real server's behaviour is covered with a real
PostgreSQL in tests/kiosk/test_sync*.py)."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from helpers.fakes import FakeSlipMaker, FakeSpeaker

import main
from kiosk.clock import FakeClock
from kiosk.config import Settings
from kiosk.sync.capture import install_capture
from kiosk.sync.sender import OutboxSender


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_offline_kiosk_shows_what_waits_to_be_sent(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    parts = main.build_kiosk(
        Settings(data_dir=tmp_path),
        clock=FakeClock(),
        speaker=FakeSpeaker(),
        make_slip=FakeSlipMaker(),
        tick_ms=60_000,
    )
    w = parts.window
    qtbot.addWidget(w)
    w.show()
    install_capture(parts.db.sessions)
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    w.home.resume.click()
    w.step.go_next.emit()
    w.visits.flush()
    url = f"postgresql+psycopg://nobody@127.0.0.1:{closed_port()}/none"
    sender = OutboxSender(
        parts.db.sessions, url, on_status=lambda st: w.sync_changed.emit(st.message)
    )
    worker = threading.Thread(target=sender.send_once)  # the sender's own thread, as in the app
    worker.start()
    qtbot.waitUntil(lambda: "Đang chờ mạng để gửi" in w.sync_status.text(), timeout=20_000)
    worker.join(20)
    assert w.sync_status.isVisible()
    w.close()
