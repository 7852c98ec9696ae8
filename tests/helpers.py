"""Test data and helpers shared by several test modules (import as `helpers`)."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tasktui.exchange.taskfile import parse_task_file
from tasktui.store.service import Service

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TODAY = date(2026, 11, 20)

DATA = REPO / "tests" / "data"


def read_data(name: str) -> str:
    """A file under tests/data, exactly as stored (task files keep their leading blank
    line: tests assert line numbers and cut at byte offsets)."""
    return (DATA / name).read_text(encoding="utf-8")


# Three units, one meeting; ids 1..6 in file order (the `basic` fixture's store).
BASIC_TOML = read_data("basic.toml")


def load_toml(service: Service, text: str, now: datetime | None = None) -> None:
    tf = parse_task_file(
        text,
        filename="test.toml",
        departments=service.known_department_names(),
        now=now or service.clock.now(),
        today=service.clock.today(),
    )
    service.apply_task_file(tf)


@dataclass(frozen=True)
class CliRun:
    """What a command line run gives back: the fields of subprocess.CompletedProcess
    the tests read."""

    returncode: int
    stdout: str
    stderr: str


def _open_files() -> set[str]:
    """Regular files this process holds open (Linux; empty elsewhere)."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return set()
    found = set()
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed while we looked (the iterator's own fd)
            continue
        if target.startswith("/") and not target.startswith(("/dev/", "/proc/")):
            found.add(target)
    return found


def run_cli(argv: Sequence[str], env: Mapping[str, str | None] | None = None, cwd: Path | None = None) -> CliRun:
    """`tasktui ARGV` through tasktui.cli.main in this process, much faster than a
    subprocess per call, for tests where the process itself is not the point.

    `env` sets (or, with None, removes) environment variables and `cwd` the working
    folder for the call only; both are put back afterwards. The call must leave the
    process as it found it: no file left open (an engine not disposed), environment
    and folder unchanged."""
    from tasktui.cli import main

    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    open_before = _open_files()
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        for key, value in (env or {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(list(argv))
        assert os.getcwd() == str(cwd or saved_cwd), "the command changed the working folder"
        changed = {k for k in set(os.environ) | set(saved_env) if os.environ.get(k) != saved_env.get(k)}
        assert changed <= set(env or {}), f"the command changed the environment: {changed}"
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    leaked = _open_files() - open_before
    assert not leaked, f"tasktui {' '.join(argv)} left files open: {sorted(leaked)}"
    return CliRun(code, stdout.getvalue(), stderr.getvalue())
