"""Staff accounts: hashing, roles, lockout after five wrong tries, admin unlock and reset."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.db.models import Role, StaffAccount
from kiosk.errors import NotFound
from kiosk.services import accounts, audit
from kiosk.services.accounts import (
    AccountError,
    AccountInactive,
    AccountInfo,
    AccountLocked,
    NotAllowed,
    WrongSecret,
)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


@pytest.fixture
def admin(db: Database) -> AccountInfo:
    clock = FakeClock()
    with db.transaction() as s:
        return accounts.ensure_first_admin(s, "admin", "Quản trị", "246810", now=clock.now())


def try_sign_in(
    db: Database, username: str, secret: str, clock: FakeClock
) -> AccountInfo | AccountError:
    """As the UI does: the failure is committed, then reported."""
    with db.transaction() as s:
        try:
            return accounts.sign_in(s, username, secret, now=clock.now())
        except AccountError as exc:
            return exc


def test_secret_is_hashed_and_sign_in_is_audited(db: Database, admin: AccountInfo) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        row = s.scalar(select(StaffAccount))
        assert row is not None and "246810" not in row.secret_hash
        assert row.secret_hash.startswith("$argon2")
    me = try_sign_in(db, "ADMIN", "246810", clock)
    assert isinstance(me, AccountInfo) and me.role == Role.admin
    with db.transaction() as s:
        actions = [e.action for e in audit.entries(s)]
    assert "sign_in" in actions


def test_first_admin_only_once(db: Database, admin: AccountInfo) -> None:
    with db.transaction() as s, pytest.raises(AccountError):
        accounts.ensure_first_admin(s, "admin2", "Hai", "135790", now=FakeClock().now())


@pytest.mark.parametrize("secret", ["123", "123456789", "abc", "１２３４"])
def test_bad_secrets_are_refused(secret: str) -> None:
    with pytest.raises(AccountError):
        accounts.check_secret(secret)


def test_good_secrets() -> None:
    accounts.check_secret("1234")
    accounts.check_secret("12345678")
    accounts.check_secret("mật khẩu dài")


def test_five_wrong_tries_lock_for_fifteen_minutes(db: Database, admin: AccountInfo) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        accounts.create_account(
            s, "co.mai", "Cô Mai", Role.instructor, "1357", now=clock.now(), actor=admin
        )
    for left in (4, 3, 2, 1):
        err = try_sign_in(db, "co.mai", "0000", clock)
        assert isinstance(err, WrongSecret) and err.tries_left == left
        assert f"còn {left} lần" in err.message
    err = try_sign_in(db, "co.mai", "0000", clock)
    assert isinstance(err, AccountLocked) and err.minutes_left == 15
    # even the right PIN is refused while locked
    clock.advance(60 * 6)
    err = try_sign_in(db, "co.mai", "1357", clock)
    assert isinstance(err, AccountLocked) and err.minutes_left == 9
    assert "9 phút" in err.message
    clock.advance(60 * 9)
    assert isinstance(try_sign_in(db, "co.mai", "1357", clock), AccountInfo)
    with db.transaction() as s:
        acts = {e.action for e in audit.entries(s)}
    assert {"sign_in_failed", "account_locked", "sign_in"} <= acts


def test_admin_unlocks_and_resets(db: Database, admin: AccountInfo) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        teacher = accounts.create_account(
            s, "thay.binh", "Thầy Bình", Role.instructor, "2468", now=clock.now(), actor=admin
        )
    for _ in range(5):
        try_sign_in(db, "thay.binh", "1111", clock)
    with db.transaction() as s:
        with pytest.raises(NotAllowed):
            accounts.unlock(s, "thay.binh", now=clock.now(), actor=teacher)
        accounts.unlock(s, "thay.binh", now=clock.now(), actor=admin)
    assert isinstance(try_sign_in(db, "thay.binh", "2468", clock), AccountInfo)
    with db.transaction() as s:
        accounts.reset_secret(s, "thay.binh", "97531", now=clock.now(), actor=admin)
    assert isinstance(try_sign_in(db, "thay.binh", "2468", clock), WrongSecret)
    assert isinstance(try_sign_in(db, "thay.binh", "97531", clock), AccountInfo)


def test_inactive_and_unknown(db: Database, admin: AccountInfo) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        accounts.create_account(
            s, "can.bo", "Cán bộ Lan", Role.staff, "8642", now=clock.now(), actor=admin
        )
        accounts.set_active(s, "can.bo", False, now=clock.now(), actor=admin)
        with pytest.raises(AccountError):
            accounts.set_active(s, "admin", False, now=clock.now(), actor=admin)
    assert isinstance(try_sign_in(db, "can.bo", "8642", clock), AccountInactive)
    with db.transaction() as s, pytest.raises(NotFound):
        accounts.sign_in(s, "ai.do", "1234", now=clock.now())
    with db.transaction() as s:
        names = [a.username for a in accounts.list_accounts(s)]
    assert names == ["admin"]


def test_roles_and_usernames(db: Database, admin: AccountInfo) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        staff = accounts.create_account(
            s, "lan", "Chị Lan", Role.staff, "1234", now=clock.now(), actor=admin
        )
        with pytest.raises(NotAllowed):
            accounts.create_account(s, "x1", "X", Role.admin, "1234", now=clock.now(), actor=staff)
        with pytest.raises(AccountError):
            accounts.create_account(
                s, "Cô Mai", "Cô Mai", Role.staff, "1234", now=clock.now(), actor=admin
            )
        with pytest.raises(AccountError):
            accounts.create_account(
                s, "lan", "Lan 2", Role.staff, "1234", now=clock.now(), actor=admin
            )
    assert staff.can(Role.staff) and not staff.can(Role.instructor)
    assert admin.can(Role.instructor)
    assert accounts.minutes_left(clock.now() + timedelta(seconds=61), clock.now()) == 2


def test_account_edges(db: Database, admin: AccountInfo) -> None:
    import uuid

    clock = FakeClock()
    with db.transaction() as s:
        with pytest.raises(AccountError):
            accounts.create_account(
                s, "x.y", "   ", Role.staff, "1234", now=clock.now(), actor=admin
            )
        assert accounts.get(s, admin.id).username == "admin"
        with pytest.raises(NotFound):
            accounts.get(s, uuid.uuid4())
        # an old, weaker hash is upgraded at the next sign-in
        from argon2 import PasswordHasher

        row = s.get_one(StaffAccount, admin.id)
        row.secret_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash("246810")
    with db.transaction() as s:
        accounts.sign_in(s, "admin", "246810", now=clock.now())
        assert "t=1" not in s.get_one(StaffAccount, admin.id).secret_hash
