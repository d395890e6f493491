"""Staff accounts: instructors, staff and admins, signing in with a PIN or a password.

Secrets are stored as argon2 hashes only. Five wrong tries lock an account for fifteen minutes
(read from the caller's clock through ``now``); an admin can unlock it or set a new secret. Every
sign-in, failure, lock and change is written to the audit log.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Role, StaffAccount
from kiosk.errors import KioskError, NotFound
from kiosk.services import audit

MAX_TRIES = 5
"""Wrong tries in a row before the account locks."""
LOCK_MINUTES = 15
"""How long a locked account stays locked."""
PIN_RE = re.compile(r"^[0-9]{4,8}$")
MIN_PASSWORD = 8
USERNAME_RE = re.compile(r"^[a-z0-9._-]{2,64}$")

_HASHER = PasswordHasher()


class AccountError(KioskError):
    """Signing in or changing an account failed; ``message`` is one plain sentence."""


class WrongSecret(AccountError):
    """The PIN or password is wrong; ``tries_left`` before the account locks."""

    def __init__(self, tries_left: int) -> None:
        super().__init__(f"Mã PIN hoặc mật khẩu chưa đúng. Anh chị còn {tries_left} lần thử.")
        self.tries_left = tries_left


class AccountLocked(AccountError):
    """Too many wrong tries; ``minutes_left`` until the account opens again."""

    def __init__(self, minutes_left: int) -> None:
        super().__init__(
            f"Tài khoản tạm khóa vì nhập sai nhiều lần. Anh chị thử lại sau {minutes_left} phút, "
            "hoặc nhờ quản trị viên mở khóa."
        )
        self.minutes_left = minutes_left


class AccountInactive(AccountError):
    """The account was switched off by an admin."""

    def __init__(self) -> None:
        super().__init__("Tài khoản này đã ngừng sử dụng. Anh chị nhờ quản trị viên giúp.")


class NotAllowed(AccountError):
    """The signed-in person's role may not do this."""


@dataclass(frozen=True)
class AccountInfo:
    """What the screens may know of a staff account (never the hash)."""

    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    failed_attempts: int

    def can(self, *roles: Role) -> bool:
        """True when this account has one of ``roles`` (an admin can do everything)."""
        return self.role == Role.admin or self.role in roles


def _info(row: StaffAccount) -> AccountInfo:
    return AccountInfo(
        row.id,
        row.username,
        row.display_name,
        row.role,
        row.active,
        row.locked_until,
        row.failed_attempts,
    )


def check_secret(secret: str) -> None:
    """Refuse a PIN that is not 4–8 digits and a password shorter than 8 characters.

    Raises:
        AccountError: with a sentence that says what a good secret looks like.
    """
    if secret.isdigit() and not secret.isascii():
        raise AccountError("Mã PIN chỉ gồm các chữ số 0–9.")
    if secret.isdigit():
        if not PIN_RE.match(secret):
            raise AccountError("Mã PIN gồm từ 4 đến 8 chữ số.")
        return
    if len(secret) < MIN_PASSWORD:
        raise AccountError("Mật khẩu cần ít nhất 8 ký tự (hoặc dùng mã PIN 4–8 chữ số).")


def normalise_username(username: str) -> str:
    """Lower-case ASCII username with no spaces ("Cô Mai" is a display name, not a username).

    Raises:
        AccountError: the username has other characters.
    """
    name = unicodedata.normalize("NFC", username).strip().lower()
    if not USERNAME_RE.match(name):
        raise AccountError(
            "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm hoặc gạch, ví dụ: co.mai."
        )
    return name


def _require(actor: AccountInfo | None, *roles: Role) -> None:
    if actor is None or not actor.can(*roles):
        raise NotAllowed("Việc này cần tài khoản quản trị viên.")


def _row(session: Session, username: str) -> StaffAccount:
    row = session.scalar(
        select(StaffAccount).where(StaffAccount.username == username.strip().lower())
    )
    if row is None:
        raise NotFound("Không có tài khoản này. Anh chị kiểm tra lại tên đăng nhập.")
    return row


def create_account(
    session: Session,
    username: str,
    display_name: str,
    role: Role,
    secret: str,
    *,
    now: datetime,
    actor: AccountInfo | None,
    centre_id: uuid.UUID | None = None,
) -> AccountInfo:
    """Create an account (admins only).

    Raises:
        NotAllowed: ``actor`` is not an admin; AccountError: bad username, name or secret, or
        the username is taken.
    """
    _require(actor, Role.admin)
    return _create(
        session, username, display_name, role, secret, now=now, actor=actor, centre_id=centre_id
    )


def _create(
    session: Session,
    username: str,
    display_name: str,
    role: Role,
    secret: str,
    *,
    now: datetime,
    actor: AccountInfo | None,
    centre_id: uuid.UUID | None = None,
) -> AccountInfo:
    name = normalise_username(username)
    shown = unicodedata.normalize("NFC", " ".join(display_name.split()))
    if not shown:
        raise AccountError("Xin nhập họ tên để hiện trên màn hình và trên giấy tờ.")
    check_secret(secret)
    taken = session.scalar(select(func.count()).where(StaffAccount.username == name))
    if taken:
        raise AccountError(f"Tên đăng nhập “{name}” đã có người dùng. Anh chị chọn tên khác.")
    row = StaffAccount(
        username=name,
        display_name=shown[:120],
        role=role,
        secret_hash=_HASHER.hash(secret),
        failed_attempts=0,
        active=True,
        centre_id=centre_id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "account_create",
        now=now,
        actor=actor.display_name if actor else "",
        actor_id=actor.id if actor else None,
        target=name,
        detail={"role": role.value},
    )
    return _info(row)


def has_admin(session: Session) -> bool:
    """True when at least one active admin account exists."""
    return bool(
        session.scalar(
            select(func.count()).where(
                StaffAccount.role == Role.admin, StaffAccount.active.is_(True)
            )
        )
    )


def ensure_first_admin(
    session: Session, username: str, display_name: str, secret: str, *, now: datetime
) -> AccountInfo:
    """Create the first admin of a fresh station (``main.py --role office`` asks for it).

    Raises:
        AccountError: an admin already exists (use the accounts screen), or bad input.
    """
    if has_admin(session):
        raise AccountError("Máy này đã có quản trị viên. Xin đăng nhập bằng tài khoản đó.")
    return _create(session, username, display_name, Role.admin, secret, now=now, actor=None)


def list_accounts(session: Session, *, include_inactive: bool = False) -> list[AccountInfo]:
    """Accounts by display name (for the sign-in list and the admin screen)."""
    q = select(StaffAccount).order_by(StaffAccount.display_name)
    if not include_inactive:
        q = q.where(StaffAccount.active.is_(True))
    return [_info(r) for r in session.scalars(q)]


def get(session: Session, account_id: uuid.UUID) -> AccountInfo:
    """One account by id."""
    row = session.get(StaffAccount, account_id)
    if row is None:
        raise NotFound("Không tìm thấy tài khoản.")
    return _info(row)


def minutes_left(locked_until: datetime, now: datetime) -> int:
    """Whole minutes (rounded up, at least 1) until a lock ends."""
    return max(1, math.ceil((locked_until - now).total_seconds() / 60))


def sign_in(
    session: Session, username: str, secret: str, *, now: datetime, kiosk_id: str = ""
) -> AccountInfo:
    """Check a PIN or password and record the attempt.

    The failure is recorded by the caller's transaction, so the caller must commit even when this
    raises (the UI does: it catches the error inside ``with db.transaction()`` and re-raises after).

    Raises:
        NotFound: no such account; AccountInactive; AccountLocked (with minutes left);
        WrongSecret (with tries left; the fifth wrong try locks and raises AccountLocked).
    """
    row = _row(session, username)
    if not row.active:
        raise AccountInactive()
    if row.locked_until is not None and row.locked_until > now:
        raise AccountLocked(minutes_left(row.locked_until, now))
    try:
        _HASHER.verify(row.secret_hash, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        row.failed_attempts += 1
        detail = {"attempt": row.failed_attempts}
        if row.failed_attempts >= MAX_TRIES:
            row.failed_attempts = 0
            row.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            audit.record(
                session,
                "account_locked",
                now=now,
                actor=row.display_name,
                actor_id=row.id,
                target=row.username,
                detail=detail,
                kiosk_id=kiosk_id,
            )
            raise AccountLocked(LOCK_MINUTES) from None
        audit.record(
            session,
            "sign_in_failed",
            now=now,
            actor=row.display_name,
            actor_id=row.id,
            target=row.username,
            detail=detail,
            kiosk_id=kiosk_id,
        )
        raise WrongSecret(MAX_TRIES - row.failed_attempts) from None
    row.failed_attempts = 0
    row.locked_until = None
    if _HASHER.check_needs_rehash(row.secret_hash):
        row.secret_hash = _HASHER.hash(secret)
    audit.record(
        session,
        "sign_in",
        now=now,
        actor=row.display_name,
        actor_id=row.id,
        target=row.username,
        kiosk_id=kiosk_id,
    )
    session.flush()
    return _info(row)


def _admin_done(
    session: Session, row: StaffAccount, action: str, *, now: datetime, actor: AccountInfo
) -> AccountInfo:
    """Audit an admin's change to an account and return the account as it now is."""
    audit.record(
        session,
        action,
        now=now,
        actor=actor.display_name,
        actor_id=actor.id,
        target=row.username,
    )
    session.flush()
    return _info(row)


def unlock(session: Session, username: str, *, now: datetime, actor: AccountInfo) -> AccountInfo:
    """Open a locked account at once (admins only)."""
    _require(actor, Role.admin)
    row = _row(session, username)
    row.failed_attempts, row.locked_until = 0, None
    return _admin_done(session, row, "account_unlock", now=now, actor=actor)


def reset_secret(
    session: Session, username: str, new_secret: str, *, now: datetime, actor: AccountInfo
) -> AccountInfo:
    """Give an account a new PIN or password and unlock it (admins only)."""
    _require(actor, Role.admin)
    check_secret(new_secret)
    row = _row(session, username)
    row.secret_hash = _HASHER.hash(new_secret)
    row.failed_attempts, row.locked_until = 0, None
    return _admin_done(session, row, "account_reset", now=now, actor=actor)


def set_active(
    session: Session, username: str, active: bool, *, now: datetime, actor: AccountInfo
) -> AccountInfo:
    """Switch an account off or on again (admins only; an admin cannot switch off themself)."""
    _require(actor, Role.admin)
    row = _row(session, username)
    if row.id == actor.id and not active:
        raise AccountError("Anh chị không thể tự ngừng tài khoản của mình.")
    row.active = active
    action = "account_active" if active else "account_inactive"
    return _admin_done(session, row, action, now=now, actor=actor)
