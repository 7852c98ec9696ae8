"""The running app takes the cycle collector over once its first page is on screen (passes
between keys: tasktui/ui/collector.py) and gives it back when it ends."""

from __future__ import annotations

import gc

from helpers import service, settle

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp


async def test_the_app_collects_between_keys_and_gives_the_collector_back(ui_url: str) -> None:
    was = gc.isenabled()
    app = TaskTuiApp(service(ui_url), UiConfig(poll_seconds=3600))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(0.05)
        assert app.collector.started
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
        before = app.collector._last_input
        await pilot.press("down")
        assert app.collector._last_input > before  # a key counts as the person being busy
    assert gc.isenabled() == was
    assert gc.get_freeze_count() == 0
