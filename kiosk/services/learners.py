"""Learners: guests with a short printed code, named learners, lookup by code or name."""

from __future__ import annotations

import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Learner
from kiosk.errors import KioskError, NotFound

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
"""Letters and digits that cannot be confused when read aloud or typed (no 0/O, 1/I/L, 2/Z, 5/S, 8/B)."""
CODE_LENGTH = 6
CODE_PREFIX = "HV"


@dataclass(frozen=True)
class LearnerInfo:
    """What the screens may know of a learner."""

    id: uuid.UUID
    code: str
    display_name: str | None
    is_guest: bool
    created_at: datetime


def _info(row: Learner) -> LearnerInfo:
    return LearnerInfo(row.id, row.card_code, row.display_name, row.is_guest, row.created_at)


def new_code() -> str:
    """A fresh random learner code such as ``HV-K7M3TX`` (about 1.5 × 10⁸ possibilities)."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{CODE_PREFIX}-{body}"


def normalise_code(typed: str) -> str:
    """Turn what was typed or scanned into the canonical code (case, spaces, dashes, the optional HV prefix).

    Raises:
        KioskError: the text cannot be a learner code.
    """
    text = unicodedata.normalize("NFKC", typed).upper().strip()
    text = re.sub(r"[\s\-_.]", "", text)
    if text.startswith(CODE_PREFIX):
        text = text[len(CODE_PREFIX) :]
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        raise KioskError("Mã học viên gồm 6 chữ và số, ví dụ HV-K7M3TX. Bác kiểm tra lại nhé.")
    return f"{CODE_PREFIX}-{text}"


def create_guest(session: Session, *, now: datetime) -> LearnerInfo:
    """Create a guest learner with a new, unused code."""
    for _ in range(20):
        code = new_code()
        if session.scalar(select(func.count()).where(Learner.card_code == code)) == 0:
            row = Learner(card_code=code, is_guest=True, created_at=now, updated_at=now)
            session.add(row)
            session.flush()
            return _info(row)
    raise KioskError("Không tạo được mã học viên. Bác thử lại nhé.")  # pragma: no cover


def create_learner(
    session: Session,
    display_name: str,
    *,
    now: datetime,
    birth_year: int | None = None,
    phone: str | None = None,
    centre_id: uuid.UUID | None = None,
) -> LearnerInfo:
    """Create a named learner (roster, office); the name is NFC-normalised."""
    name = unicodedata.normalize("NFC", " ".join(display_name.split()))
    if not name:
        raise KioskError("Tên học viên không được để trống.")
    guest = create_guest(session, now=now)
    row = session.get_one(Learner, guest.id)
    row.display_name, row.is_guest = name, False
    row.birth_year, row.phone, row.centre_id = birth_year, phone, centre_id
    session.flush()
    return _info(row)


def find_by_code(session: Session, typed: str) -> LearnerInfo:
    """The learner with this code (as typed or scanned).

    Raises:
        KioskError: the text is not a code; NotFound: no learner has it.
    """
    code = normalise_code(typed)
    row = session.scalar(select(Learner).where(Learner.card_code == code))
    if row is None:
        raise NotFound(f"Không tìm thấy mã {code}. Bác xem lại phiếu, hoặc học như khách mới.")
    return _info(row)


def get(session: Session, learner_id: uuid.UUID) -> LearnerInfo:
    """One learner by id."""
    row = session.get(Learner, learner_id)
    if row is None:
        raise NotFound("Không tìm thấy học viên.")
    return _info(row)


def search(session: Session, text: str, limit: int = 50) -> list[LearnerInfo]:
    """Learners whose name contains ``text``, ignoring tone marks and case ("huong" finds "Hường")."""
    from kiosk.db.engine import vi_fold

    needle = vi_fold(text) or ""
    rows = session.scalars(select(Learner).where(Learner.display_name.is_not(None))).all()
    hits = [r for r in rows if needle in (vi_fold(r.display_name) or "")]
    return [_info(r) for r in hits[:limit]]
