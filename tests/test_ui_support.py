"""Shared store builder for the UI tests (no tests here). A small hand-written task file:
three units, two meetings, tasks in every status, CJK and ambiguous-width text."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from helpers import read_data

from tasktui.clock import FixedClock
from tasktui.exchange.taskfile import parse_task_file
from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor

TODAY = date(2026, 11, 20)

TASKS_TOML = read_data("ui_store.toml")


def clock() -> FixedClock:
    return FixedClock(TODAY, at=time(10, 0))


def build_store(tmp_path: Path, text: str = TASKS_TOML) -> str:
    """A store in tmp_path loaded from the task file; returns its URL."""
    url = f"sqlite:///{tmp_path / 'ui.db'}"
    svc = Service(Store(url), clock=clock())
    tf = parse_task_file(
        text, departments=svc.known_department_names(), office_name="督查室", now=clock().now(), today=TODAY
    )
    svc.apply_task_file(tf)
    svc.store.dispose()
    return url


def service(url: str, department: str | None = None) -> Service:
    svc = Service(Store(url), clock=clock())
    if department:
        svc.actor = Actor.department(svc.resolve_department(department))
    return svc


# ---------------------------------------------------------------- pilot helpers
# (Shared by the pilot test modules; typed loosely so this module needs no textual import.)


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


async def goto(pilot, app, task_id: int) -> None:  # type: ignore[no-untyped-def]
    main_screen(app).table.move_cursor(row=shown_ids(app).index(task_id))
    await settle(pilot)
