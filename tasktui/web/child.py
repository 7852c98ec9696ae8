"""One browser tab's app process: what it runs, with what environment, and how it ends.

textual-serve's `AppService` speaks the web driver's packet protocol with the child and
its `DownloadManager` streams what the app delivers; `Child` keeps both but replaces
how the process starts and ends:

* exec, never a shell: `python -m tasktui --db URL [--as UNIT] --web`, the URL and the
  unit from the server's configuration and users file only (stock textual-serve runs
  `sh -c COMMAND`, where `--as 各乡镇(街道)` is a syntax error);
* a whitelisted environment (stock textual-serve passes the server's whole environment:
  an office `PGPASSWORD` would reach every clerk's process);
* a private working folder (also HOME and TMPDIR), removed when the child ends;
* the terminal size clamped, at start and on every resize;
* quit, then terminate, then kill (its own process group), so a hung child cannot
  outlive its session.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual_serve.app_service import AppService

MAX_WIDTH, MAX_HEIGHT = 500, 200
MIN_WIDTH, MIN_HEIGHT = 20, 5
DEFAULT_WIDTH, DEFAULT_HEIGHT = 80, 24
QUIT_GRACE = 2.0  # seconds for the app to quit when asked
TERM_GRACE = 1.5  # then for SIGTERM, before SIGKILL
# What the child may inherit from the server's environment, by name. Everything else
# (PGPASSWORD, TASKTUI_DB, tokens, proxies…) stays with the server.
INHERITED = ("PATH", "SYSTEMROOT", "TZ")


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size the child may be given: integers inside [20..500] × [5..200]
    (4000×4000 drove a child to 335 MB); anything unreadable is 80×24."""

    def as_int(value: object, default: int) -> int:
        try:
            return int(str(value))
        except ValueError:
            return default

    w = as_int(width, DEFAULT_WIDTH)
    h = as_int(height, DEFAULT_HEIGHT)
    return min(max(w, MIN_WIDTH), MAX_WIDTH), min(max(h, MIN_HEIGHT), MAX_HEIGHT)


def server_cache_home(server_env: Mapping[str, str]) -> str | None:
    """The server's own cache folder as XDG defines it ($XDG_CACHE_HOME when absolute, else
    $HOME/.cache), or None when it has neither."""
    given = server_env.get("XDG_CACHE_HOME", "").strip()
    if given and os.path.isabs(given):
        return given
    home = server_env.get("HOME", "").strip()
    return os.path.join(home, ".cache") if home and os.path.isabs(home) else None


def child_argv(db_url: str, unit: str | None) -> list[str]:
    """The child's whole command line: no shell, each argument one list item."""
    argv = [sys.executable, "-m", "tasktui", "--db", db_url]
    if unit is not None:
        argv += ["--as", unit]
    return argv + ["--web"]


@dataclass(frozen=True)
class ChildSettings:
    """What every child gets from the server's configuration."""

    pgpassfile: Path | None = None  # PostgreSQL: where libpq finds the role's password
    config_file: Path | None = None  # the office's config.toml, shown to the child read-only


def child_env(
    settings: ChildSettings,
    user: str,
    home: Path,
    width: int,
    height: int,
    server_env: Mapping[str, str],
    server_pid: int | None = None,
) -> dict[str, str]:
    env = {name: server_env[name] for name in INHERITED if name in server_env}
    cache = server_cache_home(server_env)
    if cache is not None:
        # The server's cache folder, not the child's throw-away home: a store checked clean
        # (store/checked_files.py) is not read page by page again by every browser tab.
        env["XDG_CACHE_HOME"] = cache
    env.update(
        {
            "HOME": str(home),
            "TMPDIR": str(home),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
            "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
            "TEXTUAL_FPS": "60",
            "TEXTUAL_COLOR_SYSTEM": "truecolor",
            "TERM_PROGRAM": "textual",
            "COLUMNS": str(width),
            "ROWS": str(height),
            "TASKTUI_WEB_USER": user,  # shown in the status line; never used for permissions
            # The app ends with this server, however it dies (tasktui.cli.app.end_with_server).
            "TASKTUI_WEB_SERVER_PID": str(os.getpid() if server_pid is None else server_pid),
        }
    )
    if settings.pgpassfile is not None:
        env["PGPASSFILE"] = str(settings.pgpassfile)
    return env


def make_home(settings: ChildSettings) -> Path:
    """A private empty folder for one child (its cwd, HOME and TMPDIR). The office's
    config file, when there is one, is linked in where the app looks for it."""
    home = Path(tempfile.mkdtemp(prefix="tasktui-web-"))
    if settings.config_file is not None and settings.config_file.is_file():
        target = home / ".config" / "tasktui"
        target.mkdir(parents=True)
        (target / "config.toml").symlink_to(settings.config_file)
    return home


class Child(AppService):
    """textual-serve's AppService, started with exec in a private folder and ended for sure."""

    def __init__(self, argv: list[str], env: dict[str, str], home: Path, session: Any, **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)  # `command` is only a label here: never run by a shell
        self.argv = argv
        self.env = env
        self.home = home
        self.session = session
        self._ended: asyncio.Future[None] | None = None
        self._starting: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT) -> Any:
        width, height = clamp_size(width, height)
        env = dict(self.env, COLUMNS=str(width), ROWS=str(height))
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            cwd=self.home,
            start_new_session=True,  # its own process group: killed as one
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def start(self, width: int, height: int) -> None:
        """Start the app, unless it was already stopped (its session ended meanwhile)."""
        if self._ended is not None:
            raise RuntimeError("stopped before it started")
        self._starting = asyncio.get_running_loop().create_future()
        try:
            await super().start(width, height)
        finally:
            self._starting.set_result(None)

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*clamp_size(width, height))

    async def on_meta(self, data: bytes) -> None:
        # The app opens no web address; a child asking to is not followed (stock
        # textual-serve would make the browser open any URL it names). Decided on the
        # parsed message, as JSON may spell "open_url" with escapes. Unreadable meta is dropped (stock
        # textual-serve's reader died on it, leaving a tab that shows nothing).
        try:
            meta = json.loads(data)
        except ValueError:
            return
        if not isinstance(meta, dict) or meta.get("type") == "open_url":
            return
        await super().on_meta(data)

    async def send_meta(self, data: dict[str, str | None | int | bool]) -> bool:
        if self._stdin is None or self._stdin.is_closing():
            return False
        return await super().send_meta(data)

    async def send_bytes(self, data: bytes) -> bool:
        if self._stdin is None or self._stdin.is_closing():
            return False
        return await super().send_bytes(data)

    async def stop(self) -> None:
        """Quit → terminate → kill; then remove the private folder. Safe to call twice
        (the websocket's end and a logout may both ask): the second waits for the first."""
        if self._ended is not None:
            await asyncio.shield(self._ended)
            return
        self._ended = asyncio.get_running_loop().create_future()
        try:
            if self._starting is not None:
                # A logout while the tab's app starts: the process exists before `start`
                # returns and names it, so wait for that, then end it as any other.
                await asyncio.shield(self._starting)
            await self._end_process()
        finally:
            shutil.rmtree(self.home, ignore_errors=True)
            self._ended.set_result(None)

    async def _end_process(self) -> None:
        process = self._process
        if process is None:
            return
        with contextlib.suppress(asyncio.TimeoutError, Exception):
            await asyncio.wait_for(super().stop(), QUIT_GRACE)
        if process.returncode is None:
            self._signal(process.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), TERM_GRACE)
            except asyncio.TimeoutError:
                self._signal(process.pid, signal.SIGKILL)
                await process.wait()
        if self._task is not None:  # the reader: the pipe is closed now, so it ends at once
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None

    @staticmethod
    def _signal(pid: int, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, sig)  # start_new_session: the group id is the child's pid


__all__ = ["Child", "ChildSettings", "child_argv", "child_env", "clamp_size", "make_home"]
