"""Shared store builder for the UI tests (no tests here). A small hand-written task file:
three units, two meetings, tasks in every status, CJK and ambiguous-width text."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from tasktui.clock import FixedClock
from tasktui.exchange.taskfile import parse_task_file
from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor

TODAY = date(2026, 11, 20)

TASKS_TOML = """
office = "区政府督查室"

[[departments]]
name = "区教体局"
aliases = ["教体局", "教育体育局"]

[[departments]]
name = "区住建局"
aliases = ["住建局"]

[[departments]]
name = "区卫健委"
aliases = ["卫健委"]

[[meetings]]
title = "全区教育工作会议"
date = 2026-10-09
source = "教育工作会议讲话.docx"

[[meetings.tasks]]
outline = "1"
marker = "一要"
heading = "抓实控辍保学"
text = "抓实控辍保学，确保义务教育阶段适龄儿童“一个都不能少”。"
lead = "区教体局"
co = ["区卫健委"]
deadline = 2026-11-15
status = "整改中"
notes = ["已排查学生 1200 人"]

[[meetings.tasks]]
outline = "2"
marker = "二要"
heading = "推进校园周边交通整治"
text = "推进校园周边交通整治——重点是上下学高峰时段…"
deadline = "12月底前"

[[meetings.tasks]]
outline = "3"
marker = "三要"
heading = "完成老旧校舍改造"
lead = "区住建局"
deadline = 2026-11-24
status = "已交办"

[[meetings.tasks]]
outline = "4"
marker = "四要"
heading = "落实学生营养餐①号方案"
lead = "区教体局"
deadline = 2027-01-31
status = "已完成待核"

[[meetings]]
title = "城市建设推进会"
date = 2026-11-02

[[meetings.tasks]]
outline = "1"
marker = "（一）"
heading = "加快保障性住房建设进度"
lead = "区住建局"
co = ["区教体局"]
deadline = 2026-12-31
status = "已交办"

[[meetings.tasks]]
outline = "2"
marker = "（二）"
heading = "做好冬季供暖保障工作"
deadline = "两周内"

[[meetings.tasks]]
outline = "3"
marker = "（三）"
heading = "清理违规占道经营"
lead = "区住建局"
deadline = 2026-10-31
status = "已销号"
"""


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
