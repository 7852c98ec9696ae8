"""Snapshot tests of every dialog at 80x24 (the smallest terminal we support), opened the way
a user opens it, on the shared test store with the fixed clock. The `_error` cases submit
bad input so the error line is in the picture too: it must stay in view with the buttons.
Update with `pytest tests/functional/test_ui_dialog_snapshots.py --snapshot-update` and review the SVGs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from helpers import build_store, goto, service, settle
from textual.pilot import Pilot
from textual.widgets import Input

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp

SIZE = (80, 24)
Steps = Callable[[Pilot[int]], Awaitable[None]]


async def _press(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot, 3)


async def _open_assign(pilot: Pilot[int]) -> None:
    await _press(pilot, "1")  # 待分派
    await goto(pilot, pilot.app, 2)  # no lead yet, deadline phrase 12月底前
    await _press(pilot, "a")


async def _open_deadline(pilot: Pilot[int]) -> None:
    await _press(pilot, "d")  # #1 整改中, overdue


async def _open_note(pilot: Pilot[int]) -> None:
    await _press(pilot, "n")  # #1: a note is required


async def _open_confirm(pilot: Pilot[int]) -> None:
    # The confirmation users meet is undo's: do something undoable first.
    await goto(pilot, pilot.app, 3)
    await _press(pilot, "f", *"已完工", "enter")
    pilot.app.clear_notifications()  # the "已保存" toast is not part of the dialog
    await _press(pilot, "u")


async def _open_kind(pilot: Pilot[int]) -> None:
    await _press(pilot, "1")  # the kind changes only in 待分派 / 不立项
    await goto(pilot, pilot.app, 2)
    await _press(pilot, "k")


async def _open_filter(pilot: Pilot[int]) -> None:
    await _press(pilot, "F")


async def _open_import(pilot: Pilot[int]) -> None:
    await _press(pilot, "i")


async def _open_report(pilot: Pilot[int]) -> None:
    await _press(pilot, "w")


async def _assign_unknown_unit(pilot: Pilot[int]) -> None:
    await _open_assign(pilot)
    await _press(pilot, *"教育", "enter")


async def _filter_unknown_unit(pilot: Pilot[int]) -> None:
    await _open_filter(pilot)
    await _press(pilot, *"区教休局", "enter")


async def _deadline_empty(pilot: Pilot[int]) -> None:
    await _open_deadline(pilot)
    await _press(pilot, "enter")


async def _note_empty(pilot: Pilot[int]) -> None:
    await _open_note(pilot)
    await _press(pilot, "enter")


async def _import_missing_file(pilot: Pilot[int]) -> None:
    await _open_import(pilot)
    await _press(pilot, *"~/没有这个文件.docx", "enter")


async def _report_future_week(pilot: Pilot[int]) -> None:
    await _open_report(pilot)
    pilot.app.screen.query_one("#period", Input).value = "2027-W10"  # not started yet
    await _press(pilot, "ctrl+s")


OPEN: dict[str, Steps] = {
    "assign": _open_assign,
    "deadline": _open_deadline,
    "note": _open_note,
    "confirm": _open_confirm,
    "kind": _open_kind,
    "filter": _open_filter,
    "import": _open_import,
    "report": _open_report,
}
# Confirm and kind have no input a user can get wrong: no error case.
ERROR: dict[str, Steps] = {
    "assign": _assign_unknown_unit,
    "filter": _filter_unknown_unit,
    "deadline": _deadline_empty,
    "note": _note_empty,
    "import": _import_missing_file,
    "report": _report_future_week,
}


def _app(tmp_path: Path) -> TaskTuiApp:
    app = TaskTuiApp(service(build_store(tmp_path)), UiConfig(poll_seconds=3600, theme="textual-dark"))
    app.animation_level = "none"  # as in test_ui_snapshots: no picture taken mid-animation
    return app


def _run(steps: Steps) -> Steps:
    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot, 3)
        await steps(pilot)

    return run_before


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The report dialog proposes a file in the current folder and warns if it exists.
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("name", list(OPEN))
def test_dialog(snap_compare, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_run(OPEN[name]))


@pytest.mark.parametrize("name", list(ERROR))
def test_dialog_error(snap_compare, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_run(ERROR[name]))
