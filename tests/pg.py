"""A throwaway PostgreSQL cluster for tests and benchmarks.

`PgCluster.start()` runs `initdb` in a temporary directory, starts the server with
`pg_ctl` on a free loopback port (Unix socket in the same directory, never the system
one) and `stop()` removes everything. initdb and pg_ctl refuse to run as root, so as root
they run as the `postgres` system user via `runuser`.

Used by tests/conftest.py (the `pg_server` fixture) and benchmarks/concurrency.py.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "postgres"
# The cluster runs with C collation so ORDER BY matches SQLite's byte order in tests.
INITDB_ARGS = ["-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--locale=C", "--no-sync"]
# Durability off: a test cluster is thrown away, and fsync dominates its run time.
SERVER_OPTS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"


def find_bindir() -> Path | None:
    """$TASKTUI_PG_BIN, else the newest /usr/lib/postgresql/N/bin that has initdb."""
    env = os.environ.get("TASKTUI_PG_BIN")
    if env:
        return Path(env) if (Path(env) / "initdb").exists() else None
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


def unavailable_reason() -> str | None:
    """Why no cluster can be started here, or None when one can."""
    bindir = find_bindir()
    if bindir is None:
        return "PostgreSQL binaries not found (install postgresql-15 or set TASKTUI_PG_BIN)"
    if not (bindir / "pg_ctl").exists():
        return f"pg_ctl missing in {bindir}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run initdb as"
        if shutil.which("runuser") is None:
            return "running as root and `runuser` is missing"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgError(RuntimeError):
    pass


class PgCluster:
    """One initdb'ed, running cluster. Create databases with `create_database()`."""

    def __init__(self, bindir: Path | None = None) -> None:
        found = bindir or find_bindir()
        if found is None:
            raise PgError(unavailable_reason() or "no PostgreSQL")
        self.bindir = found
        self.root = Path(tempfile.mkdtemp(prefix="tasktui-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self.as_root = os.geteuid() == 0
        self._names = itertools.count(1)
        self.running = False

    # -- process plumbing ----------------------------------------------------------
    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.root)
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise PgError(f"{' '.join(args[:2])} failed ({proc.returncode}): {proc.stderr.strip()}\n{tail}")
        return proc

    def start(self) -> PgCluster:
        if self.as_root:
            # The postgres user must own the directory it writes the cluster into.
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self._run("initdb", "-D", str(self.data), *INITDB_ARGS)
        for attempt in range(5):  # another process may grab the port between probe and bind
            self.port = free_port()
            opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {SERVER_OPTS}"
            try:
                self._run(
                    "pg_ctl",
                    "-D",
                    str(self.data),
                    "-o",
                    opts,
                    "-l",
                    str(self.root / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                )
                break
            except PgError:
                if attempt == 4:
                    raise
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except (PgError, subprocess.TimeoutExpired):
                pass
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PgCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- databases -----------------------------------------------------------------
    def url(self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        auth = f"{user}:{password}" if password else user
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{dbname}"

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq connection string (for psycopg.connect and hand-written SQL)."""
        return f"host=127.0.0.1 port={self.port} dbname={dbname} user={user}"

    def admin(self, sql: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.dsn(dbname), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, prefix: str = "t", template: str | None = None) -> str:
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def wait_ready(self, timeout: float = 30) -> None:
        import psycopg

        end = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self.dsn(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > end:
                    raise
                time.sleep(0.1)


__all__ = ["PgCluster", "PgError", "find_bindir", "unavailable_reason", "free_port"]
