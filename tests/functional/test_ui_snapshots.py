"""Snapshot tests of the main screen and the detail pane, fixed clock, two sizes.
Update with `pytest tests/functional/test_ui_snapshots.py --snapshot-update` and review the SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_store, service, settle

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.screens.main import MainScreen

SIZES = [(80, 24), (160, 45)]


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, 3)


def _app(tmp_path: Path, department: str | None = None) -> TaskTuiApp:
    app = TaskTuiApp(service(build_store(tmp_path), department), UiConfig(poll_seconds=3600, theme="textual-dark"))
    # No animations: the picture is of the settled screen, never of the tabs' underline
    # mid-slide (widgets/view_tabs.py moves it once the counts change the tabs' widths).
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_detail_pane(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def focus_detail(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("down", "down")  # #3: 已交办, due in 4 days
        await _settle(pilot)
        screen = next(s for s in pilot.app.screen_stack if isinstance(s, MainScreen))
        screen.detail_pane.focus()
        await _settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=focus_detail)


def test_department_mode_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(tmp_path, "区教体局"), terminal_size=(160, 45), run_before=_settle)
