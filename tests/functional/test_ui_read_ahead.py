"""Paging on through a long list: once a page has been appended, the main screen reads the
next one ahead (screens/main.py, ReadAhead) and shows it when the cursor comes near the
end, without a query then. The rows must be exactly those a plain read gives, in order;
a read-ahead made before a reload (another sort) must never be shown."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import build_store, main_screen, service, settle, wait_until

import tasktui.ui.screens.main as main_module
import tasktui.ui.widgets.task_table as task_table_module
from tasktui.config import UiConfig
from tasktui.store.errors import InputError
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import TaskRow
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.screens.main import MainScreen

QUIET = UiConfig(poll_seconds=3600)
PAGE = main_module.PAGE
TASKS = 3 * PAGE + 20  # three pages and a bit: the second appended page is the first read ahead


def long_list(n: int) -> str:
    heads = ["控辍保学", "校舍改造", "供暖保障", "交通整治", "营养餐", "安全生产", "河道治理", "垃圾分类"]
    parts = [
        'office = "区政府督查室"\n\n[[departments]]\nname = "区教体局"\n\n[[departments]]\nname = "区住建局"\n',
        '[[meetings]]\ntitle = "全区重点工作推进会"\ndate = 2026-10-09\n',
    ]
    for i in range(n):
        lead = "区教体局" if i % 2 else "区住建局"
        parts.append(
            f'[[meetings.tasks]]\noutline = "{i + 1}"\nmarker = "一要"\nheading = "推进{heads[i % len(heads)]}第{i + 1}项"\n'
            f'lead = "{lead}"\ndeadline = 2026-12-{i % 28 + 1:02d}\nstatus = "已交办"\n'
        )
    return "\n".join(parts)


@pytest.fixture
def long_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(task_table_module, "NEAR_END", 2)  # the screen holds more rows than a page
    return build_store(tmp_path, long_list(TASKS))


class Reads:
    """The service's page reads, by offset; a read at `hold` waits for `release`, one at
    `fail` raises once."""

    def __init__(self, svc: Service) -> None:
        self.offsets: list[int] = []
        self.hold: int | None = None
        self.release = threading.Event()
        self.fail: int | None = None
        self._read = svc.task_page
        svc.task_page = self.task_page  # type: ignore[method-assign]

    def task_page(self, query: TaskQuery) -> list[TaskRow]:
        self.offsets.append(query.offset)
        if query.offset == self.hold:
            self.release.wait(10)
        if query.offset == self.fail:
            self.fail = None
            raise InputError("读取失败（测试）")
        return self._read(query)


@pytest.fixture
def app_and_reads(long_url: str) -> Iterator[tuple[TaskTuiApp, Reads]]:
    svc = service(long_url)
    reads = Reads(svc)
    yield TaskTuiApp(svc, QUIET), reads
    reads.release.set()


def everything(app: TaskTuiApp) -> list[int]:
    screen = main_screen(app)
    return [r.id for r in screen.service.task_page(screen.current_query(0, 1000))]


async def all_tasks(pilot, app: TaskTuiApp) -> MainScreen:  # type: ignore[no-untyped-def]
    """The started app on its 全部 tab (every task, sorted by id), loaded: its main screen."""
    await settle(pilot)
    await pilot.press("6")  # 全部
    await settle(pilot)
    return main_screen(app)


async def to_end(pilot, app: TaskTuiApp) -> None:  # type: ignore[no-untyped-def]
    table = main_screen(app).table
    table.move_cursor(row=len(table.rows_data) - 1)
    await pilot.pause()


async def test_paging_on_shows_the_page_read_ahead(app_and_reads: tuple[TaskTuiApp, Reads]) -> None:
    app, reads = app_and_reads
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await all_tasks(pilot, app)
        assert len(screen.table.rows_data) == PAGE and screen.ahead is None  # no read ahead of the first page
        await to_end(pilot, app)
        await settle(pilot)
        assert len(screen.table.rows_data) == 2 * PAGE
        assert screen.ahead is not None and screen.ahead.rows is not None  # the third page, read ahead
        assert reads.offsets.count(2 * PAGE) == 1
        reads.offsets.clear()
        await to_end(pilot, app)  # shown at once, from what was read ahead
        assert len(screen.table.rows_data) == 3 * PAGE
        assert 2 * PAGE not in reads.offsets
        while screen.table.has_more:
            await settle(pilot)
            await to_end(pilot, app)
        await settle(pilot)
        shown = [r.id for r in screen.table.rows_data]
        assert shown == everything(app) and len(shown) == TASKS
        assert screen.ahead is None  # nothing more to read
        assert f"共 {TASKS} 项" in str(screen.query_one("#status-line").render())


async def test_a_read_ahead_from_before_a_reload_is_never_shown(app_and_reads: tuple[TaskTuiApp, Reads]) -> None:
    app, reads = app_and_reads
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await all_tasks(pilot, app)
        await to_end(pilot, app)
        await settle(pilot)
        stale = screen.ahead
        assert stale is not None and stale.rows is not None
        screen.table.focus()
        await pilot.press("r")  # the same list the other way round
        await settle(pilot)
        assert screen.ahead is not stale and stale.seq != screen.load_seq
        while screen.table.has_more:
            await to_end(pilot, app)
            await settle(pilot)
        shown = [r.id for r in screen.table.rows_data]
        assert shown == everything(app) and shown[:PAGE] != [r.id for r in stale.rows]
        assert screen.table.descending


async def test_the_cursor_near_the_end_while_the_page_is_read_ahead(app_and_reads: tuple[TaskTuiApp, Reads]) -> None:
    app, reads = app_and_reads
    reads.hold = 2 * PAGE  # the read-ahead of the third page waits
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await all_tasks(pilot, app)
        await to_end(pilot, app)
        for _ in range(500):  # not settle: it waits for the held read too
            if len(screen.table.rows_data) == 2 * PAGE and screen.ahead is not None:
                break
            await pilot.pause(0.01)
        await to_end(pilot, app)
        await pilot.pause(0.05)
        assert screen.ahead is not None and screen.ahead.wanted
        assert len(screen.table.rows_data) == 2 * PAGE
        assert reads.offsets.count(2 * PAGE) == 1  # no second read of the same page
        reads.release.set()
        await wait_until(pilot, lambda: len(screen.table.rows_data) == 3 * PAGE)
        assert [r.id for r in screen.table.rows_data] == everything(app)[: 3 * PAGE]


async def test_a_read_ahead_that_fails_is_read_again_when_wanted(app_and_reads: tuple[TaskTuiApp, Reads]) -> None:
    app, reads = app_and_reads
    reads.fail = 2 * PAGE
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await all_tasks(pilot, app)
        await to_end(pilot, app)
        await settle(pilot)
        assert screen.ahead is None  # it failed, silently: nobody asked for the page yet
        await to_end(pilot, app)
        await wait_until(pilot, lambda: len(screen.table.rows_data) == 3 * PAGE)
        assert reads.offsets.count(2 * PAGE) == 2
        assert [r.id for r in screen.table.rows_data] == everything(app)[: 3 * PAGE]
