"""Plain helpers shared by the test modules (import as `helpers`; fixtures are in
tests/conftest.py): paths, the task files under tests/data, loading a store, the
in-process CLI runner, and the UI pilot helpers."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeVar

from tasktui.clock import FixedClock
from tasktui.exchange.taskfile import parse_task_file
from tasktui.extract.types import Deadline, ExtractedItem, Extraction
from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor

# A screen a key opens (`opened`).
S = TypeVar("S")

# ---------------------------------------------------------------- paths

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"  # task files and tables read by the tests
FIXTURES = TESTS / "fixtures"  # speech sets with gold annotations (held-out, domains)
GOLDEN = TESTS / "golden"  # expected report output
SHARED = REPO.parent / "shared"  # the real speeches and their gold, beside the repo (may be absent)

TODAY = date(2026, 11, 20)


def fixed_clock() -> FixedClock:
    """The tests' clock: TODAY at 10:00 (the `clock` fixture is this)."""
    return FixedClock(TODAY, at=time(10, 0))


# ---------------------------------------------------------------- task files


def read_data(name: str) -> str:
    """A file under tests/data, exactly as stored (task files keep their leading blank
    line: tests assert line numbers and cut at byte offsets)."""
    return (DATA / name).read_text(encoding="utf-8")


# Three units, one meeting; ids 1..6 in file order (the `basic` fixture's store).
BASIC_TOML = read_data("basic.toml")
# The UI tests' store: three units, two meetings, tasks in every status, CJK and
# ambiguous-width text (build_store, the `ui_url` fixture).
UI_STORE_TOML = read_data("ui_store.toml")


def load_toml(service: Service, text: str, now: datetime | None = None) -> None:
    tf = parse_task_file(
        text,
        filename="test.toml",
        departments=service.known_department_names(),
        now=now or service.clock.now(),
        today=service.clock.today(),
    )
    service.apply_task_file(tf)


def build_store(tmp_path: Path, text: str = UI_STORE_TOML) -> str:
    """A SQLite store in tmp_path loaded from the task file; returns its URL."""
    url = f"sqlite:///{tmp_path / 'ui.db'}"
    svc = Service(Store(url), clock=fixed_clock())
    tf = parse_task_file(
        text, departments=svc.known_department_names(), office_name="督查室", now=fixed_clock().now(), today=TODAY
    )
    svc.apply_task_file(tf)
    svc.store.dispose()
    return url


def service(url: str, department: str | None = None) -> Service:
    """A service over the store at url with the fixed clock: the office's, or a department's."""
    svc = Service(Store(url), clock=fixed_clock())
    if department:
        svc.actor = Actor.department(svc.resolve_department(department))
    return svc


def assert_search_like_predicate(svc: Service, terms: Sequence[str]) -> None:
    """Each search term gives, through the search index, exactly the tasks the LIKE
    predicate alone gives (read on the same store), and the service's list, pages and
    count add the units the term names, as before the index."""
    from sqlmodel import select

    from tasktui.models import Task
    from tasktui.store import departments, queries
    from tasktui.store.service import TaskQuery

    with svc.store.session() as s:
        for term in terms:
            t = term.strip()
            want = set(s.exec(select(Task.id).where(queries.like_match(t))).all())
            got = set(s.exec(select(Task.id).where(queries.text_match(s, t))).all())
            assert got == want, f"{term!r}: index {sorted(got)} != LIKE {sorted(want)}"
            units = departments.matching(s, t)
            owned = set(s.execute(queries.owned_ids(units)).scalars()) if units else set()
            q = TaskQuery(search=term, include_settled=True, kinds=None)
            listed = [r.id for r in svc.list_tasks(q)]
            assert set(listed) == want | owned, term
            assert [r.id for r in svc.task_page(replace(q, limit=len(listed) + 1))] == listed, term
            assert svc.count_tasks(q) == len(listed), term


def safety_extraction(text: str) -> Extraction:
    """What the extractor would give for a small safety speech: two directives (one with a
    resolved deadline and an owner, one with an unresolved phrase) and a review item."""
    items = [
        ExtractedItem(
            id="1",
            level=1,
            marker="一、",
            kind="directive",
            text="压实安全责任",
            body="一、压实安全责任。各乡镇要在一周内完成排查。",
            owners=["各乡镇"],
            units=["各乡镇"],
            deadline_phrase="一周内",
            deadline=Deadline("一周内", "date", date(2026, 3, 8)),
            span=(0, 24),
        ),
        ExtractedItem(
            id="1.1",
            level=2,
            marker="一要",
            kind="directive",
            text="细化方案",
            body="一要细化方案",
            deadline_phrase="X月底前",
            deadline=Deadline("X月底前", "unresolved"),
            span=(24, 30),
            parent_id="1",
        ),
        ExtractedItem(
            id="2", level=1, marker="二、", kind="review", text="去年成效明显", body="二、去年成效明显", span=(30, 38)
        ),
    ]
    return Extraction(
        title="安全生产工作会议",
        meeting_date=date(2026, 3, 1),
        year=2026,
        items=items,
        warnings=["removed page number"],
        text=text,
    )


# ---------------------------------------------------------------- the command line


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


# ---------------------------------------------------------------- pilot helpers
# (Typed loosely so this module needs no textual import.)


async def settle(pilot, rounds: int = 2) -> None:  # type: ignore[no-untyped-def]
    """Let workers finish and their messages land (a load can start another load)."""
    for _ in range(rounds):
        for _ in range(400):  # wait_for_complete() raises on exclusive (cancelled) workers
            if not any(w.is_running or w.state.name == "PENDING" for w in pilot.app.workers):
                break
            await pilot.pause(0.01)
        await pilot.pause()


def main_screen(app):  # type: ignore[no-untyped-def]
    from tasktui.ui.screens.main import MainScreen

    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


def shown_ids(app) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.id for r in main_screen(app).table.rows_data]


def notices(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(n.message) for n in app._notifications)


async def wait_until(pilot, done) -> None:  # type: ignore[no-untyped-def]
    """Settle until `done()` holds (a worker's result has landed), or give up after a while."""
    for _ in range(200):
        await settle(pilot, 1)
        if done():
            return


async def wait_for_notice(pilot, app, text: str) -> str:  # type: ignore[no-untyped-def]
    """The app's toasts once one says `text` (or after a while)."""
    await wait_until(pilot, lambda: text in notices(app))
    return notices(app)


async def opened(pilot, app, key: str, kind: type[S]) -> S:  # type: ignore[no-untyped-def]
    """Press `key` and take the dialog (or screen) it opens, which must be a `kind`."""
    await pilot.press(key)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, kind), type(screen).__name__
    return screen


async def goto(pilot, app, task_id: int) -> None:  # type: ignore[no-untyped-def]
    main_screen(app).table.move_cursor(row=shown_ids(app).index(task_id))
    await settle(pilot)


def store_at_revision(folder: Path, revision: str) -> tuple[Path, str]:
    """A SQLite store whose Alembic record says `revision` (an older or a newer tasktui's),
    and the line the service refuses it with."""
    import sqlite3

    from tasktui.store.db import Store
    from tasktui.store.errors import StoreError

    db = folder / "old.db"
    Store(f"sqlite:///{db}").dispose()
    with sqlite3.connect(db) as con:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.close()
    try:
        Store(f"sqlite:///{db}")
    except StoreError as exc:
        return db, str(exc)
    raise AssertionError(f"a store at revision {revision} was not refused")
