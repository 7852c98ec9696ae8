"""A reload's tab counts (a count per view) are read once its rows have landed, not beside
them (screens/main.py, `counts_wanted`): the rows come first, the counts still always come,
for the latest filters, also when a reload without counts follows at once or the rows
cannot be read."""

from __future__ import annotations

from helpers import main_screen, notices, service, settle, wait_until

from tasktui.config import UiConfig
from tasktui.store.errors import InputError
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import TaskRow
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.tabs import Filters, view_query

QUIET = UiConfig(poll_seconds=3600)


class Calls:
    """The service's page reads and counts, in the order they start and end."""

    def __init__(self, svc: Service) -> None:
        self.log: list[str] = []
        self.fail_pages = 0
        self._page, self._count = svc.task_page, svc.count_tasks
        svc.task_page = self.task_page  # type: ignore[method-assign]
        svc.count_tasks = self.count_tasks  # type: ignore[method-assign]

    def task_page(self, query: TaskQuery) -> list[TaskRow]:
        self.log.append("page")
        if self.fail_pages:
            self.fail_pages -= 1
            raise InputError("读取失败（测试）")
        rows = self._page(query)
        self.log.append("page done")
        return rows

    def count_tasks(self, query: TaskQuery) -> int:
        self.log.append("count")
        return self._count(query)


def expected_counts(app: TaskTuiApp, filters: Filters) -> dict[str, int]:
    screen = main_screen(app)
    today = screen.service.clock.today()
    return {v.id: screen.service.count_tasks(view_query(v.id, today, filters)) for v in screen.views}


async def test_counts_are_read_after_the_rows_and_for_the_latest_filters(ui_url: str) -> None:
    svc = service(ui_url)
    calls = Calls(svc)
    app = TaskTuiApp(svc, QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        calls.log.clear()
        screen.filters = Filters(unit="区住建局")
        screen.reload()
        screen.reload(counts=False)  # a sort at once: the counts asked for still come
        await settle(pilot)
        first_count = calls.log.index("count")
        assert "page done" in calls.log[:first_count]  # the rows were read first
        assert screen.counts == expected_counts(app, Filters(unit="区住建局"))
        assert screen.counts != expected_counts(app, Filters())  # really for the filter
        assert not screen.counts_wanted


async def test_counts_are_read_when_the_rows_cannot_be(ui_url: str) -> None:
    svc = service(ui_url)
    calls = Calls(svc)
    app = TaskTuiApp(svc, QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        calls.log.clear()
        calls.fail_pages = 1
        screen.filters = Filters(unit="区教体局")
        screen.reload()
        await wait_until(pilot, lambda: "读取失败（测试）" in notices(app) and "count" in calls.log)
        await settle(pilot)
        assert "读取失败（测试）" in notices(app)
        assert screen.counts == expected_counts(app, Filters(unit="区教体局"))
