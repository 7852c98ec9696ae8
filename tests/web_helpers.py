"""A real `tasktui serve` for the web tests: a store, a users file, the server as a
subprocess on a free loopback port, and an HTTP/websocket client that logs in as a
browser would (cookie jar, Origin header).

The app's screen arrives as terminal output; `screen_text` strips the escape sequences,
which leaves every piece of text the app drew (enough to tell which tasks it showed).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tasktui.web.passwords import hash_password
from tasktui.web.users import WebUser, load, save

PASSWORD = "web-test-password"
CANARY = "TASKTUI_TEST_CANARY"
_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def demo_store(folder: Path) -> str:
    """The sample task file's store (dates moved to today), as the demo has it."""
    from tasktui.cli.app import make_demo_store
    from tasktui.clock import SystemClock

    return make_demo_store(folder / "store.db", SystemClock())


def add_users(path: Path, entries: Mapping[str, tuple[str | None, str | None]]) -> None:
    """name → (unit, PostgreSQL role), all with PASSWORD."""
    known = load(path)
    for name, (unit, role) in entries.items():
        known[name] = WebUser(name, unit, role, hash_password(PASSWORD), "2026-12-01T09:00:00+08:00")
    save(path, known)


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    users: Path
    log: Path
    origin: str = ""
    children_seen: set[int] = field(default_factory=set)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def children(self) -> list[int]:
        """The server's child processes now (read from /proc)."""
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.process.pid:
                found.append(int(entry))
        self.children_seen.update(found)
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def audit(self) -> list[dict[str, object]]:
        import json

        from tasktui.web.users import audit_path

        path = audit_path(self.users)
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def serve(
    db: str,
    users: Path,
    folder: Path,
    args: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
) -> Served:
    """Start `tasktui serve` and wait until it answers (its children are what tests measure)."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    full_env = dict(os.environ)
    full_env.update({CANARY: "leaked-if-seen", "PGPASSWORD": "office-secret"})
    full_env.update(env or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "tasktui", "--db", db, "serve", "--port", str(port), "--users", str(users), *args],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=full_env,
        cwd=folder,
    )
    served = Served(process, port, users, log, origin=f"http://127.0.0.1:{port}")
    if "--public-origin" in args:
        served.origin = list(args)[list(args).index("--public-origin") + 1]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"tasktui serve ended: {log.read_text(encoding='utf-8')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return served
        except OSError:
            time.sleep(0.1)
    served.stop()
    raise AssertionError("tasktui serve did not start listening within 30 s")


def serve_demo(folder: Path, units: Mapping[str, str | None], args: Iterable[str] = ()) -> Served:
    """`tasktui serve` on the demo store in `folder`, one web user per entry (name → unit,
    None for the office), each with PASSWORD."""
    db = demo_store(folder)
    users = folder / "store.db.web-users.json"
    add_users(users, {name: (unit, None) for name, unit in units.items()})
    return serve(db, users, folder, args)


def client() -> aiohttp.ClientSession:
    # unsafe=True: the jar keeps cookies of an IP-address host (127.0.0.1), as a browser does.
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def login(cs: aiohttp.ClientSession, served: Served, user: str, password: str = PASSWORD) -> int:
    r = await cs.post(
        served.url("/login"),
        data={"user": user, "password": password},
        headers={"Origin": served.origin},
        allow_redirects=False,
    )
    await r.read()
    return r.status


def screen_text(data: bytes) -> str:
    return _ANSI.sub(b"", data).decode("utf-8", "replace")


class AppSocket:
    """The app's websocket as the browser's page drives it."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = b""
        self.texts: list[object] = []

    async def pump(self, seconds: float, until: str | None = None) -> bool:
        """Read what the app sends for up to `seconds` (or until `until` was drawn)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if until is not None and until in screen_text(self.screen):
                return True
            try:
                message = await asyncio.wait_for(self.ws.receive(), max(0.05, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                break
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(message.json())
            else:  # closed
                break
        return until is not None and until in screen_text(self.screen)

    async def keys(self, text: str, pause: float = 0.3) -> None:
        await self.ws.send_json(["stdin", text])
        await self.pump(pause)


def demo_into(url: str) -> None:
    """The demo's tasks in any store (PostgreSQL included), dates moved to today."""
    from tasktui.cli.app import sample_file
    from tasktui.clock import SystemClock
    from tasktui.exchange.importer import import_task_file_text
    from tasktui.exchange.toml_reading import demo_shift, read_task_file_text
    from tasktui.store.db import Store
    from tasktui.store.service import Service

    clock = SystemClock()
    text = read_task_file_text(sample_file())
    svc = Service(Store(url), clock=clock)
    try:
        import_task_file_text(svc, text, str(sample_file()), shift_days=demo_shift(text, clock.today()))
    finally:
        svc.store.dispose()
