"""A toast keeps every Chinese character when it lies over another widget's edge (issue
#16, item 8). Textual cuts each screen line at every widget's edges, those of widgets
under the toast included, and a double-width character a cut fell inside became two
spaces: over the `?` help at 120 columns 「…发展推进会上的讲话」 showed as 「…发展推  会上
的讲话」, in the terminal and in the browser alike. tasktui.ui.wide_chars cuts a widget's
line only where its visible part ends."""

from __future__ import annotations

import pytest
from helpers import service, settle, wait_until
from textual.widgets._toast import Toast

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.screens.help import HelpScreen

QUIET = UiConfig(poll_seconds=3600)
MESSAGES = (
    "全区义务教育优质均衡发展推进会上的讲话已导入：新增 23 项督办事项，其中待分派 20 项，另有 3 个单位未登记",
    "2026年第49周（2026年11月30日－12月6日）: 跟踪 55 项（待分派 2 项），逾期 6 项，销号率 18.87%",
    "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥",
)


@pytest.mark.parametrize("columns", [100, 120, 139])
async def test_toast_over_widget_edges_keeps_every_character(ui_url: str, columns: int) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(columns, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        crossed = 0
        for message in MESSAGES:
            app.clear_notifications()
            app.notify(message, title="导入完成", timeout=60)
            await wait_until(pilot, lambda: bool(app.screen.query(Toast)) and app.screen.query_one(Toast).region)
            await settle(pilot)
            r = app.screen.query_one(Toast).region
            compositor = app.screen._compositor
            # The toast does lie over edges of the help screen's widgets (what cut it).
            crossed += sum(1 for y in range(r.y, r.bottom) for cut in compositor.cuts[y] if r.x < cut < r.right)
            strips = compositor.render_strips()
            shown = "".join(strips[y].crop(r.x, r.right).text for y in range(r.y, r.bottom))
            missing = [ch for ch in message if not ch.isspace() and ch not in shown]
            assert not missing, f"{columns} columns: {missing} missing from the toast:\n{shown}"
        assert crossed
