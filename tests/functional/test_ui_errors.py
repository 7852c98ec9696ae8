"""Pilot tests: a database that fails under a worker (a lock outlasting the busy timeout, a
server gone) shows a toast and leaves the app running; an unknown theme falls back."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_store, goto, main_screen, service, settle, shown_ids
from sqlalchemy.exc import OperationalError
from textual.widgets import Static

from tasktui.config import UiConfig, load_config
from tasktui.store.errors import StoreError
from tasktui.store.service import Service
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.screens.dashboard import DashboardScreen
from tasktui.ui.screens.main import MainScreen

QUIET = UiConfig(poll_seconds=3600)


def toasts(app: TaskTuiApp) -> list[tuple[str, str]]:
    return [(str(n.title), str(n.message)) for n in app._notifications]


def locked(*_args: object, **_kwargs: object) -> None:
    raise OperationalError("SELECT …", {}, Exception("database is locked"))


def gone(*_args: object, **_kwargs: object) -> None:
    raise StoreError("cannot open database: server closed the connection")


async def test_failed_page_read_shows_a_toast(ui_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert shown_ids(app)
        monkeypatch.setattr(Service, "task_page", gone)
        monkeypatch.setattr(Service, "count_tasks", locked)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        titles = [t for t, _ in toasts(app)]
        assert titles.count("读取失败") >= 2
        messages = "\n".join(m for _, m in toasts(app))
        assert "server closed the connection" in messages
        assert "数据库错误: database is locked" in messages and "SELECT" not in messages


async def test_failed_detail_read_keeps_running(ui_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Service, "get_task", locked)
        await pilot.press("down")
        await settle(pilot)
        assert app.is_running
        body = main_screen(app).detail_pane.query_one("#detail-body", Static)
        assert "database is locked" in str(body.render())
        await pilot.press("up")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)


async def test_failed_write_shows_not_saved(ui_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        monkeypatch.setattr(Service, "add_note", locked)
        await pilot.press("n", *"电话督促", "enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert ("未保存", "#1 备注未保存: 数据库错误: database is locked") in toasts(app)
    assert [e.action for e in service(ui_url).get_task(1).history].count("note") == 0


async def test_failed_dashboard_read_shows_a_toast(ui_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Service, "unit_summary", gone)
        await pilot.press("g")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, DashboardScreen)
        assert "读取失败" in [t for t, _ in toasts(app)]
        assert "读取失败" in str(app.screen.query_one("#units", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_unknown_theme_falls_back_with_a_warning(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('theme = "no-such-theme"\npoll_seconds = 3600\n', encoding="utf-8")
    config = load_config(cfg)
    url = build_store(tmp_path)
    default = TaskTuiApp(service(url), QUIET).theme
    app = TaskTuiApp(service(url), config)  # InvalidThemeError before the fix
    assert app.theme == default
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.is_running and shown_ids(app)
        assert any(t == "主题" and "no-such-theme" in m for t, m in toasts(app))
    good = TaskTuiApp(service(url), UiConfig(theme="textual-light", poll_seconds=3600))
    assert good.theme == "textual-light" and not good._theme_warning
