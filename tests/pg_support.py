"""Stores of either backend for the store's tests, and the throwaway PostgreSQL server they need.

Each test process (each xdist worker) that runs a PostgreSQL test starts one server of its own
from the machine's PostgreSQL programs: a new cluster in a temporary folder, listening on
127.0.0.1 at a free port with password authentication, with durability off (``fsync``) as
nothing on it is kept. Every store a test asks for is a database of its own, emptied after the
test for the next. The server stops when the test process ends.

The programs are looked for in ``$BREACHSIM_PG_BIN``, then on ``PATH``, then where Debian puts
them (``/usr/lib/postgresql/<version>/bin``). PostgreSQL will not run as root; as root the
server runs as ``nobody``. Without the programs the PostgreSQL tests fail saying what to install
(``.ci/run`` installs them); ``BREACHSIM_PG_TESTS=skip`` skips them instead.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from breachsim.store import SessionStore, SqliteStore

BIN_VAR = "BREACHSIM_PG_BIN"
OPT_OUT_VAR = "BREACHSIM_PG_TESTS"
ADMIN = "bs_admin"
PASSWORD = "s3cret-pw"
MISSING = ("the PostgreSQL tests need PostgreSQL's server programs (initdb, postgres): install "
           "them (Debian: apt-get install postgresql) or set BREACHSIM_PG_BIN to their folder; "
           f"{OPT_OUT_VAR}=skip skips these tests instead")


def find_programs() -> Path | None:
    """The folder holding ``initdb`` and ``postgres``, newest version first."""
    candidates = [os.environ.get(BIN_VAR, "")]
    if on_path := shutil.which("initdb"):
        candidates.append(str(Path(on_path).resolve().parent))
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += [str(p) for p in sorted(debian, key=_version, reverse=True)]
    for candidate in filter(None, candidates):
        folder = Path(candidate)
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


def _version(folder: Path) -> tuple[int, ...]:
    name = folder.parent.name
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A PostgreSQL server of its own in a temporary folder; ``stop()`` removes it.

    Unless ``durable`` (for benchmarks), it does not wait for the disk: nothing on it is kept.
    """

    def __init__(self, programs: Path, *, durable: bool = False):
        self.programs = programs
        self.durable = durable
        self.folder = Path(tempfile.mkdtemp(prefix="breachsim-pg-"))
        self.log = self.folder / "server.log"
        self._as: dict = {}
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            nobody = pwd.getpwnam("nobody")
            self._as = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
            os.chown(self.folder, nobody.pw_uid, nobody.pw_gid)
        self.folder.chmod(0o700)
        self._process: subprocess.Popen | None = None
        self.port = 0
        self._names = itertools.count(1)
        self._free: list[str] = []

    def start(self) -> None:
        password_file = self.folder / "password"
        password_file.write_text(PASSWORD + "\n")
        if self._as:
            os.chown(password_file, self._as["user"], self._as["group"])
        initdb = subprocess.run(
            [str(self.programs / "initdb"), "-D", str(self.folder / "data"), "-U", ADMIN,
             f"--pwfile={password_file}", "--auth=scram-sha-256", "--encoding=UTF8",
             "--no-locale", "--no-sync"],
            capture_output=True, text=True, **self._as)
        if initdb.returncode:
            raise RuntimeError(f"initdb failed: {initdb.stderr.strip()}")
        for _ in range(5):  # another process may take the free port first
            self.port = _free_port()
            if self._run():
                return
        raise RuntimeError(f"the PostgreSQL server did not start: {self.log.read_text()[-2000:]}")

    def _run(self) -> bool:
        """Start the server and wait until it takes connections; whether it did."""
        import psycopg

        settings = ["listen_addresses=127.0.0.1", f"unix_socket_directories={self.folder}",
                    "shared_buffers=16MB", "max_connections=80"]
        if not self.durable:
            settings += ["fsync=off", "full_page_writes=off"]
        with self.log.open("a") as log:
            self._process = subprocess.Popen(
                [str(self.programs / "postgres"), "-D", str(self.folder / "data"),
                 "-p", str(self.port), *itertools.chain.from_iterable(
                     ("-c", setting) for setting in settings)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, **self._as)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        self.stop_server()
        return False

    def url(self, database: str, user: str = ADMIN, password: str = PASSWORD) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def admin(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True)

    def new_database(self) -> str:
        """An empty database: one a test has given back, else a new one (which takes
        longer)."""
        if self._free:
            return self._free.pop()
        name = f"t{next(self._names)}"
        with self.admin() as db:
            db.execute(f"CREATE DATABASE {name}")
        return name

    def give_back(self, name: str) -> None:
        """Empty the database for the next test."""
        with self.admin() as db:
            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        with self.admin(name) as db:
            db.execute("DROP SCHEMA IF EXISTS breachsim CASCADE")
            db.execute("DROP SCHEMA public CASCADE")
            db.execute("CREATE SCHEMA public")
        self._free.append(name)

    def stop_server(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)  # fast shutdown: clients are cut off
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def stop(self) -> None:
        self.stop_server()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def throwaway_server() -> Iterator[Server]:
    if os.environ.get(OPT_OUT_VAR) == "skip":
        pytest.skip(f"{OPT_OUT_VAR}=skip")
    programs = find_programs()
    if programs is None:
        pytest.fail(MISSING, pytrace=False)
    server = Server(programs)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def durable_server() -> Iterator[Server | None]:
    """For benchmarks: a throwaway server that waits for the disk as a real one does, or
    None when this machine has no PostgreSQL server programs."""
    programs = find_programs()
    if programs is None:
        yield None
        return
    server = Server(programs, durable=True)
    try:
        server.start()
        yield server
    finally:
        server.stop()


class Stores:
    """New, empty stores of one backend, each at an address another process can open too
    (``breachsim.store.open_store`` takes either)."""

    def __init__(self, backend: str, folder: Path, server: Server | None):
        self.backend = backend
        self.folder = folder
        self.server = server
        self._made = itertools.count(1)
        self._databases: list[str] = []
        self._location: str | None = None

    @property
    def location(self) -> str:
        """The test's store (made on first use)."""
        if self._location is None:
            self._location = self.new_location()
        return self._location

    def new_location(self) -> str:
        if self.server is None:
            return str(self.folder / f"store{next(self._made)}.sqlite3")
        self._databases.append(self.server.new_database())
        return self.server.url(self._databases[-1])

    def open(self, location: str | None = None, **options) -> SessionStore:
        location = location or self.location
        if self.server is None:
            return SqliteStore(location, **options)
        from breachsim.store.postgres import PostgresStore

        return PostgresStore(location, **options)

    def clean_up(self) -> None:
        for name in self._databases:
            self.server.give_back(name)
