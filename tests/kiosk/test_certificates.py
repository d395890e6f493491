"""Certificates: earned by finishing a module, one per learner and module, verifiable by code."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.errors import KioskError, NotFound
from kiosk.reports.certificate import render_certificates
from kiosk.services import accounts, certificates, classes, progress
from kiosk.services.staff_reports import Curriculum, ModuleSpec

M1 = ModuleSpec("m1", "M1", "Làm quen điện thoại", ("m1.1", "m1.2"), ("757-G0.1", "757-X"))
CUR = Curriculum((M1,), {"m1.1": "Bật máy", "m1.2": "Chạm, vuốt"})


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


def test_issue_verify_and_print(db: Database, tmp_path: Path) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        admin = accounts.ensure_first_admin(s, "admin", "Quản trị", "246810", now=clock.now())
        c = classes.create_class(s, "Lớp K1", now=clock.now(), actor=admin, centre="Khu phố 3")
        a = classes.add_learner(s, c.id, "Nguyễn Thị Hường", now=clock.now(), actor=admin)
        b = classes.add_learner(s, c.id, "Trần Văn Bảy", now=clock.now(), actor=admin)
        progress.complete(s, a.learner_id, "m1.1", 1, now=clock.now())
        progress.complete(s, a.learner_id, "m1.2", 1, now=clock.now())
        progress.complete(s, b.learner_id, "m1.1", 1, now=clock.now())
        with pytest.raises(KioskError, match="chưa học xong"):
            certificates.issue(s, b.learner_id, M1, now=clock.now(), actor=admin)
        issued = certificates.issue_for_class(s, c.id, M1, now=clock.now(), actor=admin)
        again = certificates.issue(s, a.learner_id, M1, now=clock.now(), actor=admin)
        found = certificates.verify(s, issued[0].verification_code.lower())
        with pytest.raises(NotFound):
            certificates.verify(s, "CN-0000-0000")
    assert [x.learner_name for x in issued] == ["Nguyễn Thị Hường"]
    assert again.verification_code == issued[0].verification_code == found.verification_code
    assert issued[0].groups == ("757-G0.1", "757-X")
    printable = certificates.documents(
        issued, CUR, centre="Khu phố 3", issued_on=date(2026, 11, 22)
    )
    assert [g.code for g in printable[0].skill_groups] == ["757-G0.1"]
    if shutil.which("pdftotext"):
        pdf = tmp_path / "cn.pdf"
        render_certificates(printable, pdf)
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert (
            issued[0].verification_code in text.replace("\n", " ")
            or issued[0].verification_code.replace("-", "") in text
        )


def test_unknown_learner(db: Database) -> None:
    import uuid

    clock = FakeClock()
    with db.transaction() as s:
        admin = accounts.ensure_first_admin(s, "admin", "Quản trị", "246810", now=clock.now())
        with pytest.raises(NotFound):
            certificates.issue(s, uuid.uuid4(), M1, now=clock.now(), actor=admin)
