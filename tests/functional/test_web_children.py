"""The app processes `tasktui serve` starts for browser tabs: exactly what runs, with
what environment, whose tasks it shows, and that it always ends (websocket closed, a
silent client, logout, expiry, server shutdown), within the caps and sizes allowed."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from web_helpers import CANARY, AppSocket, Served, add_users, client, demo_store, login, serve, serve_demo

HEADING_JTJ = "抓实控辍保学"  # #16, led by 区教体局
HEADING_UNASSIGNED = "直面控辍保学"  # #27, no unit yet: the office's only


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    s = serve_demo(tmp_path, {"zhang": "区教体局", "xz": "各乡镇(街道)", "li": "区财政局"})
    yield s
    s.stop()
    assert not s.children()


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def _cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]


async def _gone(served: Served, pids: list[int], seconds: float) -> float:
    """Seconds until none of `pids` is alive (fails after `seconds`)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        if not any(Path(f"/proc/{p}").exists() and p in served.children() for p in pids):
            return time.monotonic() - t0
        await asyncio.sleep(0.1)
    raise AssertionError(f"children {pids} still alive after {seconds} s")


async def _open(cs: aiohttp.ClientSession, served: Served, query: str = "width=160&height=50") -> AppSocket:
    ws = await cs.ws_connect(served.url(f"/ws?{query}"), headers={"Origin": served.origin})
    return AppSocket(ws)


async def test_the_child_is_exactly_the_users_unit_with_no_shell_and_no_server_secrets(served: Served) -> None:
    async with client() as cs:
        assert await login(cs, served, "xz") == 303
        app = await _open(cs, served, "width=4000&height=4000&as=区财政局")
        await app.pump(3)
        [pid] = served.children()  # the app itself is the server's child: no shell between
        assert _cmdline(pid) == [
            sys.executable,
            "-m",
            "tasktui",
            "--db",
            f"sqlite:///{served.users.parent / 'store.db'}",
            "--as",
            "各乡镇(街道)",  # the users file's unit, not ?as=
            "--web",
        ]
        env = _environ(pid)
        assert CANARY not in env and "PGPASSWORD" not in env and "TASKTUI_DB" not in env
        assert (env["COLUMNS"], env["ROWS"]) == ("500", "200")  # 4000×4000 asked, clamped
        assert env["TASKTUI_WEB_USER"] == "xz" and Path(env["HOME"]) == Path(Path(f"/proc/{pid}/cwd").readlink())
        home = Path(env["HOME"])
        await app.ws.close()
        await _gone(served, [pid], 5)
        assert not home.exists()  # the private folder went with it


async def test_a_unit_sees_its_own_tasks_and_the_child_ends_when_the_socket_closes(served: Served) -> None:
    async with client() as cs:
        assert await login(cs, served, "zhang") == 303
        app = await _open(cs, served)
        assert await app.pump(15, until=HEADING_JTJ), "the unit's table was not drawn within 15 s"
        await app.pump(1)
        text = app.screen.decode("utf-8", "replace")
        assert HEADING_UNASSIGNED not in text
        [pid] = served.children()
        await app.ws.close()
        assert await _gone(served, [pid], 5) < 5
        await asyncio.sleep(0.2)
        assert [e["event"] for e in served.audit()][-2:] == ["app_start", "app_end"]


async def test_a_silent_client_is_dropped_within_30_seconds(served: Served) -> None:
    async with client() as cs:
        assert await login(cs, served, "zhang") == 303
        # autoping off and nothing read: the server's pings go unanswered, as from a
        # laptop whose lid was shut or a network that vanished.
        ws = await cs.ws_connect(
            served.url("/ws?width=80&height=24"), headers={"Origin": served.origin}, autoping=False, heartbeat=None
        )
        await asyncio.sleep(2)
        [pid] = served.children()
        await _gone(served, [pid], 30)
        await ws.close()


async def test_logout_ends_the_sessions_apps(served: Served) -> None:
    async with client() as cs:
        assert await login(cs, served, "zhang") == 303
        first, second = await _open(cs, served), await _open(cs, served)
        await asyncio.gather(first.pump(2), second.pump(2))
        pids = served.children()
        assert len(pids) == 2
        r = await cs.post(served.url("/logout"), headers={"Origin": served.origin}, allow_redirects=False)
        assert r.status == 303
        assert await _gone(served, pids, 5) < 5
        await asyncio.sleep(0.2)
        events = [e["event"] for e in served.audit()]
        assert events[events.index("logout") :] == ["logout", "app_end", "app_end"]


async def test_a_third_tab_over_the_per_user_cap_gets_503(served: Served) -> None:
    async with client() as cs:
        assert await login(cs, served, "zhang") == 303
        tabs = [await _open(cs, served), await _open(cs, served)]
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await _open(cs, served)
        assert refused.value.status == 503
        async with client() as other:  # another user is not held back by zhang's tabs
            assert await login(other, served, "li") == 303
            li = await _open(other, served)
            await li.pump(1)
            assert len(served.children()) == 3
            await li.ws.close()
        for tab in tabs:
            await tab.ws.close()


async def test_an_oversized_frame_closes_the_socket_and_ends_the_child(served: Served) -> None:
    async with client() as cs:
        assert await login(cs, served, "zhang") == 303
        app = await _open(cs, served)
        await app.pump(2)
        [pid] = served.children()
        await app.ws.send_str('["stdin", "' + "x" * 200_000 + '"]')
        message = await app.ws.receive(timeout=10)
        while message.type == aiohttp.WSMsgType.BINARY:
            message = await app.ws.receive(timeout=10)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
        await _gone(served, [pid], 5)


async def test_a_download_is_served_only_to_the_session_that_made_it(served: Served) -> None:
    async with client() as cs, client() as other, client() as nobody:
        assert await login(cs, served, "zhang") == 303
        assert await login(other, served, "li") == 303
        app = await _open(cs, served)
        assert await app.pump(15, until=HEADING_JTJ)
        await app.keys("w", pause=1.5)  # 周报
        assert "生成督办周报" in app.screen.decode("utf-8", "replace")
        await app.keys("\r", pause=0.5)  # Enter in the period box: generate, this week, Word
        deadline = time.monotonic() + 20
        key = None
        while key is None and time.monotonic() < deadline:
            await app.pump(0.5)
            key = next((t[1] for t in app.texts if isinstance(t, list) and t[0] == "deliver_file_start"), None)
        assert key is not None, "the app delivered no file"
        r = await other.get(served.url(f"/download/{key}"))
        assert r.status == 403
        r = await nobody.get(served.url(f"/download/{key}"))
        assert r.status == 403
        r = await cs.get(served.url(f"/download/{key}"))
        body = await r.read()
        assert r.status == 200 and body[:2] == b"PK"  # a .docx
        assert r.headers["Content-Disposition"].startswith("attachment;")
        assert "filename*=UTF-8''" in r.headers["Content-Disposition"]
        from io import BytesIO

        from docx import Document

        text = "\n".join(p.text for p in Document(BytesIO(body)).paragraphs)
        assert "督办" in text
        await app.ws.close()


def test_idle_expiry_and_shutdown_end_every_child(tmp_path: Path) -> None:
    db = demo_store(tmp_path)
    users = tmp_path / "u.json"
    add_users(users, {"zhang": ("区教体局", None), "li": ("区财政局", None)})
    s = serve(db, users, tmp_path, ["--idle-minutes", "0.1"])  # 6 s without a key ends it

    async def run() -> None:
        async with client() as cs, client() as other:
            assert await login(cs, s, "zhang") == 303
            assert await login(other, s, "li") == 303
            idle = await _open(cs, s)
            busy = await _open(other, s)
            await asyncio.gather(idle.pump(2), busy.pump(2))
            pids = s.children()
            assert len(pids) == 2
            t0 = time.monotonic()
            idle_pid = None
            while time.monotonic() - t0 < 12:  # li keeps typing; zhang does nothing
                await busy.ws.send_json(["stdin", "\x1b[B"])  # ↓
                await busy.pump(0.5)
                alive = s.children()
                if len(alive) == 1:
                    idle_pid = next(p for p in pids if p not in alive)
                    break
            assert idle_pid is not None, "the idle session's app was not ended"
            ended = [e for e in s.audit() if e["event"] == "session_end"]
            assert [(e["user"], e["reason"]) for e in ended] == [("zhang", "expired")]
            r = await cs.get(s.url("/"), allow_redirects=False)
            assert r.status == 302  # its cookie no longer opens the page
            assert len(s.children()) == 1
            s.process.terminate()  # shutdown while li's app runs
            await asyncio.get_running_loop().run_in_executor(None, s.process.wait, 20)

    try:
        asyncio.run(run())
        seen = sorted(s.children_seen)
        time.sleep(0.2)
        alive = [p for p in seen if Path(f"/proc/{p}").exists() and _is_tasktui(p)]
        assert alive == [], f"shutdown left {alive}"
    finally:
        s.stop()


def _is_tasktui(pid: int) -> bool:
    try:
        return "tasktui" in " ".join(_cmdline(pid))
    except OSError:
        return False


def test_no_shell_anywhere_in_the_process_tree(tmp_path: Path) -> None:
    """The app runs directly under the server, and the unit's parentheses reached it
    whole (under a shell, `--as 各乡镇(街道)` is a syntax error)."""
    db = demo_store(tmp_path)
    users = tmp_path / "u.json"
    add_users(users, {"xz": ("各乡镇(街道)", None)})
    s = serve(db, users, tmp_path)

    async def run() -> None:
        async with client() as cs:
            assert await login(cs, s, "xz") == 303
            app = await _open(cs, s)
            assert await app.pump(15, until="各乡镇(街道)")
            names = [Path(f"/proc/{pid}/comm").read_text().strip() for pid in s.children()]
            assert names and all(name.startswith("python") for name in names), names
            await app.ws.close()

    try:
        asyncio.run(run())
    finally:
        s.stop()
