"""A throw-away PostgreSQL cluster for the test run, and the fixtures that use it.

:func:`pg_url` (session-scoped) runs ``initdb`` in a temporary folder owned by the ``postgres``
system user (PostgreSQL refuses to run as root), starts the server on a free loopback port with
``fsync=off``, creates one database with the schema at the newest migration, and on teardown
stops the server and deletes the folder. When PostgreSQL is not installed, the PostgreSQL tests
skip with the reason, or FAIL when ``CI=true`` or ``HOCVUSO_REQUIRE_PG=1`` (a CI run must not
silently test only SQLite).

Register in ``tests/conftest.py``::

    from tests.helpers.pg import db, db_url, pg_cluster, pg_engine, pg_url  # noqa: F401

:func:`db_url` / :func:`db` are parametrised over ``sqlite`` and ``postgresql``: SQLite gets a
fresh file per test under ``tmp_path``; PostgreSQL joins a :class:`Session` into an outer
transaction (``join_transaction_mode="create_savepoint"``) that is rolled back after the test.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from kiosk.db.engine import Database, make_engine

PG_USER = "postgres"
DB_NAME = "hocvuso_test"
START_TIMEOUT = 30.0
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
"""The two engines every data-layer test runs on; PostgreSQL ones carry the ``postgres`` mark."""


def pg_bindir() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` are: ``HOCVUSO_PG_BINDIR``, else the newest Debian
    ``/usr/lib/postgresql/<version>/bin``, else the ``PATH``; None when PostgreSQL is missing."""
    env = os.environ.get("HOCVUSO_PG_BINDIR")
    if env:  # an explicit choice: that folder or nothing (also how tests simulate "missing")
        return Path(env) if (Path(env) / "initdb").is_file() else None
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        versions = sorted(
            (p for p in root.iterdir() if (p / "bin" / "initdb").is_file()),
            key=lambda p: int(p.name) if p.name.isdigit() else 0,
        )
        if versions:
            return versions[-1] / "bin"
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def pg_required() -> bool:
    """Whether a missing PostgreSQL is an error (CI) rather than a reason to skip."""
    return (
        os.environ.get("CI", "").lower() == "true"
        or os.environ.get("HOCVUSO_REQUIRE_PG", "") == "1"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgCluster:
    """A running throw-away cluster.

    Attributes:
        bindir: where ``pg_ctl`` and friends live.
        datadir: the cluster's data folder (owned by the ``postgres`` user).
        port: the loopback port it listens on.
        run_as: the system user the server runs as (None when the tests are not root).
    """

    bindir: Path
    datadir: Path
    port: int
    run_as: str | None

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL (psycopg 3) for ``database`` on this cluster."""
        user = self.run_as or pwd.getpwuid(os.getuid()).pw_name
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def _cmd(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.run_as, "--"] if self.run_as else []
        return [*prefix, *args]

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL tool as the cluster's user; raise with its output when it fails."""
        proc = subprocess.run(
            self._cmd(*args),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=dict(os.environ, LC_ALL="C", LANG="C"),
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def start(self) -> None:
        """initdb (trust auth, loopback only, fsync off) and start the server; wait until ready."""
        self.run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.datadir),
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-U",
            self.run_as or "postgres",
            timeout=120,
        )
        opts = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
            f"-c unix_socket_directories={self.datadir}"
        )
        self.run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-o",
            opts,
            "-l",
            str(self.datadir / "server.log"),
            "-w",
            "-t",
            str(int(START_TIMEOUT)),
            "start",
            timeout=START_TIMEOUT + 10,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # bounded poll of an external process: is it accepting TCP connections?
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1),
            ):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not listen on 127.0.0.1:{self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete the data folder."""
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self.run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-m",
                "fast",
                "-w",
                "stop",
                timeout=60,
            )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)

    def create_database(self, name: str) -> str:
        """Create a fresh database and return its URL."""
        engine = make_engine(self.url())
        try:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)


def _system_user() -> str | None:
    if os.getuid() != 0:
        return None
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            check=True,
            capture_output=True,
            timeout=30,
        )
    return PG_USER


@contextlib.contextmanager
def running_cluster() -> Iterator[PgCluster]:
    """Start a throw-away cluster for the duration of the ``with`` block (tests and benches).

    Raises:
        RuntimeError: PostgreSQL is not installed or did not start.
    """
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL is not installed (Debian: apt-get install postgresql; "
            "tools/setup.sh --dev does it)"
        )
    user = _system_user()
    top = Path(tempfile.mkdtemp(prefix="hocvuso-pg-"))
    datadir = top / "data"
    datadir.mkdir()
    if user:
        info = pwd.getpwnam(user)
        for p in (top, datadir):
            os.chown(p, info.pw_uid, info.pw_gid)
        top.chmod(0o700)
        datadir.chmod(0o700)
    cluster = PgCluster(bindir, datadir, free_port(), user)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """The throw-away cluster of this test run (skips or fails when PostgreSQL is missing)."""
    if pg_bindir() is None:
        reason = (
            "PostgreSQL is not installed: run tools/setup.sh --dev "
            "(installs the Debian package 'postgresql')"
        )
        if pg_required():
            pytest.fail(
                reason + " — required because CI=true or HOCVUSO_REQUIRE_PG=1", pytrace=False
            )
        pytest.skip(reason)
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def pg_url(pg_cluster: PgCluster) -> str:
    """URL of a database on the test cluster, migrated to head once for the whole run."""
    url = pg_cluster.create_database(DB_NAME)
    Database(url).dispose()
    return url


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    """One engine on the migrated test database for the whole run."""
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for each engine: a fresh SQLite file, or a fresh PostgreSQL database.

    Use this for tests that must own a whole database (migrations, several processes).
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    name = "t_" + format(abs(hash(request.node.nodeid)), "x")[:12]
    return cluster.create_database(name)


@pytest.fixture(params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    """A Session on a migrated database, for each engine; nothing survives the test.

    SQLite: a fresh file per test. PostgreSQL: the session joins an outer transaction with
    ``join_transaction_mode="create_savepoint"``, so services may flush (and callers may even
    commit) while the outer transaction is rolled back afterwards.
    """
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        with database.sessions() as session:
            yield session
        database.dispose()
        return
    engine: Engine = request.getfixturevalue("pg_engine")
    with engine.connect() as conn:
        outer = conn.begin()
        session = Session(
            bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield session
        finally:
            session.close()
            outer.rollback()
