"""`tasktui serve` attacked: what an outsider or a logged-in clerk of one unit might try
against the real server (a subprocess, reached over HTTP and the websocket), each case
a hole found by review (#16) and closed."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
from web_helpers import PASSWORD, Served, client, login, serve_demo


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    s = serve_demo(tmp_path, {"zhang": "区教体局", "li": "区财政局"})
    yield s
    s.stop()
    assert not s.children()


async def test_guesses_sent_at_once_do_not_get_past_the_login_limits(served: Served) -> None:
    # Each guess used to be counted only after its scrypt check: 30 guesses sent together
    # were all checked (30 × 401) before the first was counted.
    async with client() as cs:
        answers = await asyncio.gather(*(login(cs, served, "zhang", f"guess-{i}") for i in range(30)))
        assert answers.count(401) == 5 and answers.count(429) == 25
        answers = await asyncio.gather(*(login(cs, served, f"name{i}", "guess") for i in range(30)))
        assert answers.count(401) == 15 and answers.count(429) == 15  # the address's 20 in all
        assert await login(cs, served, "li") == 429


async def test_a_success_does_not_use_up_the_addresses_tries(served: Served) -> None:
    async with client() as cs:
        for _ in range(25):  # a clerk who logs in often is never locked out by it
            assert await login(cs, served, "li") == 303


async def test_a_user_name_cannot_forge_a_line_of_the_audit_log(served: Served) -> None:
    forged = '{"time": "2026-12-01T09:00:00+08:00", "event": "login", "user": "boss", "unit": null}'
    for breaker in ("\u2028", "\u2029", "\x85"):
        async with client() as cs:
            assert await login(cs, served, f"x{breaker}{forged}", "guess") == 401
    text = served.users.with_name("store.db.web-audit.log").read_text(encoding="utf-8")
    # Python's splitlines (and many log viewers) break a line at U+2028, U+2029 and NEL too.
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["event"] for r in records] == ["login_failed"] * 3
    assert all(forged in str(r["user"]) for r in records)


async def _logged_out(cs, served: Served, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    """Whether `cs`'s session ends within `seconds` (the server sweeps every second)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        r = await cs.get(served.url("/"), allow_redirects=False)
        if r.status == 302:
            return True
        await asyncio.sleep(0.2)
    return False


async def test_a_users_file_made_readable_to_others_while_running_is_refused(served: Served) -> None:
    # chmod changes no mtime and no size: the server went on using a file it refuses at start.
    async with client() as cs:
        assert await login(cs, served, "zhang") == 303
        served.users.chmod(0o644)
        assert await _logged_out(cs, served, 5)
        assert await login(cs, served, "li") == 401
        served.users.chmod(0o600)
        assert await login(cs, served, "li") == 303


async def test_a_password_changed_to_one_of_the_same_length_in_the_same_instant_ends_the_session(
    served: Served,
) -> None:
    # `serve user passwd` rewrites the file with the same size (hashes have one length); a
    # file system's coarse clock can give it the same mtime. The rename gives a new inode.
    from tasktui.web.passwords import hash_password
    from tasktui.web.users import load, save

    async with client() as cs:
        assert await login(cs, served, "zhang") == 303
        before = served.users.stat()
        known = load(served.users)
        known["zhang"] = replace(known["zhang"], hash=hash_password(PASSWORD + "!"))
        save(served.users, known)
        os.utime(served.users, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert served.users.stat().st_size == before.st_size
        assert await _logged_out(cs, served, 5)


async def test_a_deeply_nested_message_closes_the_socket_quietly(served: Served) -> None:
    async with client() as cs:
        assert await login(cs, served, "zhang") == 303
        ws = await cs.ws_connect(served.url("/ws"), headers={"Origin": served.origin})
        await ws.send_str("[" * 30_000)  # within the frame limit; json's parser recurses on it
        message = await ws.receive(timeout=10)
        while message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
            message = await ws.receive(timeout=10)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert "Traceback" not in served.log.read_text(encoding="utf-8")  # a bad message, not a server fault


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def test_apps_end_when_the_server_is_killed_outright(served: Served) -> None:
    # SIGKILL (or the OOM killer) gives the server no chance to end its apps, and the web
    # driver does not quit when its input closes: each orphan ran on for good.
    async with client() as cs:
        assert await login(cs, served, "zhang") == 303
        ws = await cs.ws_connect(served.url("/ws"), headers={"Origin": served.origin})
        pids: list[int] = []
        for _ in range(100):
            pids = served.children()
            if pids and all(Path(f"/proc/{p}/cmdline").read_bytes().count(b"--web") for p in pids):
                break
            await asyncio.sleep(0.1)
        served.process.send_signal(signal.SIGKILL)
        served.process.wait()
        deadline = asyncio.get_running_loop().time() + 5
        while any(_running(p) for p in pids) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.1)
        left = [p for p in pids if _running(p)]
        for p in left:
            os.kill(p, signal.SIGKILL)
        assert pids and not left
        await ws.close()
