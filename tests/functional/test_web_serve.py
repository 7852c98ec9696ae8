"""`tasktui serve` over HTTP, as a browser or an attacker reaches it: the login, its
cookie, its limits and refusals, the Origin check, the audit log, and `serve user`."""

from __future__ import annotations

import json
import os
import stat
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import PASSWORD, Served, add_users, client, demo_store, login, serve, serve_demo
from yarl import URL


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    s = serve_demo(tmp_path, {"zhang": "区教体局", "li": "区财政局"})
    yield s
    s.stop()


async def test_without_a_session_only_the_login_page_answers(served: Served) -> None:
    async with client() as cs:
        r = await cs.get(served.url("/"), allow_redirects=False)
        assert r.status == 302 and r.headers["Location"] == "login"
        r = await cs.get(served.url("/login"))
        page = await r.text()
        assert r.status == 200 and 'name="user"' in page and 'name="password"' in page
        assert "http://" not in page and "https://" not in page  # no outside host, relative URLs only
        r = await cs.get(served.url("/ws"), headers={"Origin": served.origin})
        assert r.status == 403
        r = await cs.get(served.url("/download/abc"))
        assert r.status == 403
        r = await cs.get(served.url("/?as=区财政局"), allow_redirects=False)
        assert r.status == 302
        r = await cs.get(served.url("/static/js/textual.js"))
        assert r.status == 200  # the page's own script, served here
        r = await cs.get(served.url("/static/"))
        assert r.status in (403, 404)  # no folder listing


async def test_login_sets_a_strict_http_only_cookie_and_opens_the_app_page(served: Served) -> None:
    async with client() as cs:
        r = await cs.post(
            served.url("/login"),
            data={"user": "zhang", "password": PASSWORD},
            headers={"Origin": served.origin},
            allow_redirects=False,
        )
        assert r.status == 303
        cookie = r.headers["Set-Cookie"]
        assert cookie.startswith("tasktui_session=")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        assert "Secure" not in cookie  # plain http on loopback: a Secure cookie would never come back
        r = await cs.get(served.url("/"))
        page = await r.text()
        assert r.status == 200 and "zhang（区教体局）" in page and "textual-terminal" in page
        assert "fonts.googleapis" not in page and "http://" not in page and "https://" not in page
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["Cache-Control"] == "no-store"


def test_cookie_is_secure_behind_https(tmp_path: Path) -> None:
    import asyncio

    db = demo_store(tmp_path)
    users = tmp_path / "u.json"
    add_users(users, {"zhang": ("区教体局", None)})
    s = serve(db, users, tmp_path, ["--public-origin", "https://dubang.example.cn"])
    try:

        async def run() -> str:
            async with client() as cs:
                r = await cs.post(
                    s.url("/login"),
                    data={"user": "zhang", "password": PASSWORD},
                    headers={"Origin": "https://dubang.example.cn"},
                    allow_redirects=False,
                )
                assert r.status == 303
                return r.headers["Set-Cookie"]

        cookie = asyncio.run(run())
        assert cookie.startswith("__Host-tasktui_session=") and "Secure" in cookie and "Domain" not in cookie
    finally:
        s.stop()


async def test_wrong_password_and_unknown_user_get_the_same_answer(served: Served) -> None:
    async def attempt(user: str) -> tuple[int, str, float]:
        async with client() as cs:
            t0 = time.perf_counter()
            r = await cs.post(
                served.url("/login"),
                data={"user": user, "password": "not-the-password"},
                headers={"Origin": served.origin},
            )
            body = await r.text()
            return r.status, body, time.perf_counter() - t0

    wrong, unknown = [], []
    for i in range(4):  # interleaved, so a busy moment hits both alike
        wrong.append(await attempt("zhang"))
        unknown.append(await attempt(f"nobody{i}"))
    assert {s for s, _, _ in wrong + unknown} == {401}
    assert len({b for _, b, _ in wrong + unknown}) == 1  # byte-identical pages
    assert "用户名或密码不正确" in wrong[0][1]
    # Both pay for one scrypt check: without the dummy hash an unknown name answers
    # ~50× faster (ratio ~0.02). A loose bound, so a busy machine does not fail it.
    ratio = statistics.median(t for *_, t in unknown) / statistics.median(t for *_, t in wrong)
    assert 0.25 < ratio < 4, ratio


async def test_the_sixth_failure_for_a_user_is_refused_with_429(served: Served) -> None:
    async with client() as cs:
        for _ in range(5):
            assert await login(cs, served, "zhang", "wrong-password") == 401
        # Now even the right password is refused, without being checked.
        assert await login(cs, served, "zhang") == 429
        # Another account from the same address still gets its tries (per-address limit is 20).
        assert await login(cs, served, "li") == 303


async def test_one_address_trying_many_accounts_is_refused_with_429(served: Served) -> None:
    async with client() as cs:
        for i in range(20):
            assert await login(cs, served, f"guess{i}", "wrong-password") == 401
        assert await login(cs, served, "li") == 429
    events = [e["event"] for e in served.audit()]
    assert events.count("login_failed") == 20 and events[-1] == "login_refused"


@pytest.mark.parametrize("origin", [None, "http://evil.example", "null"])
async def test_foreign_or_missing_origin_is_refused(served: Served, origin: str | None) -> None:
    headers = {"Origin": origin} if origin else {}
    async with client() as cs:
        r = await cs.post(served.url("/login"), data={"user": "zhang", "password": PASSWORD}, headers=headers)
        assert r.status == 403 and "tasktui_session" not in r.headers.get("Set-Cookie", "")
        assert await login(cs, served, "zhang") == 303  # a real login, to try the others with a session
        r = await cs.get(served.url("/ws"), headers=headers)
        assert r.status == 403
        r = await cs.post(served.url("/logout"), headers=headers, allow_redirects=False)
        assert r.status == 403
        r = await cs.get(served.url("/"))
        assert r.status == 200 and "textual-terminal" in await r.text()  # still logged in


async def test_logout_ends_the_session_and_everything_is_audited(served: Served) -> None:
    async with client() as cs:
        assert await login(cs, served, "zhang", "wrong-password") == 401
        assert await login(cs, served, "zhang") == 303
        token = cs.cookie_jar.filter_cookies(URL(served.url("/")))["tasktui_session"].value
        r = await cs.post(served.url("/logout"), headers={"Origin": served.origin}, allow_redirects=False)
        assert r.status == 303 and r.headers["Location"] == "login"
    async with client() as other:  # the old token is void, even replayed
        other.cookie_jar.update_cookies({"tasktui_session": token})
        r = await other.get(served.url("/"), allow_redirects=False)
        assert r.status == 302
    audit = served.audit()
    assert [e["event"] for e in audit] == ["login_failed", "login", "logout"]
    assert all(e["user"] == "zhang" and e["address"] == "127.0.0.1" for e in audit)
    assert audit[1]["unit"] == "区教体局"
    assert stat.S_IMODE(Path(served.users.with_name("store.db.web-audit.log")).stat().st_mode) == 0o600


def _cli(tmp_path: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tasktui", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=dict(os.environ, TASKTUI_DB=str(tmp_path / "store.db")),
        timeout=60,
    )


def test_serve_user_keeps_only_hashes_in_a_private_file(tmp_path: Path) -> None:
    demo_store(tmp_path)
    users = tmp_path / "store.db.web-users.json"
    r = _cli(tmp_path, "serve", "user", "add", "zhang", "--unit", "jtj", stdin="a-long-password\n")
    assert r.returncode == 0, r.stderr
    assert "区教体局" in r.stdout  # the unit typed by its pinyin initials, stored by its name
    r = _cli(tmp_path, "serve", "user", "add", "各乡镇", "--unit", "各乡镇(街道)", stdin="another-password\n")
    assert r.returncode == 0, r.stderr
    text = users.read_text(encoding="utf-8")
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    assert "a-long-password" not in text and "another-password" not in text
    data = json.loads(text)
    assert {u["unit"] for u in data["users"].values()} == {"区教体局", "各乡镇(街道)"}
    assert all(u["hash"].startswith("scrypt$") for u in data["users"].values())
    listed = _cli(tmp_path, "serve", "user", "list")
    assert "zhang" in listed.stdout and "各乡镇(街道)" in listed.stdout and "scrypt" not in listed.stdout

    old = data["users"]["zhang"]["hash"]
    assert _cli(tmp_path, "serve", "user", "passwd", "zhang", stdin="changed-password\n").returncode == 0
    assert json.loads(users.read_text(encoding="utf-8"))["users"]["zhang"]["hash"] != old
    assert _cli(tmp_path, "serve", "user", "remove", "各乡镇").returncode == 0
    assert list(json.loads(users.read_text(encoding="utf-8"))["users"]) == ["zhang"]


@pytest.mark.parametrize(
    ("argv", "stdin", "words"),
    [
        (("serve", "user", "add", "wang", "--unit", "不存在的局"), "a-long-password\n", "不存在的局"),
        (("serve", "user", "add", "wang"), "a-long-password\n", "--allow-office"),
        (("serve", "user", "add", "wang", "--unit", "区教体局"), "short\n", "密码至少 8 个字符"),
        (("serve", "user", "add", "a b", "--unit", "区教体局"), "a-long-password\n", "用户名「a b」不可用"),
        (("serve", "user", "add", "wang", "--unit", "区教体局", "--role", "u_x"), "a-long-password\n", "PostgreSQL"),
        (("serve", "user", "passwd", "nobody"), "a-long-password\n", "没有网页用户「nobody」"),
        (("serve",), "", "还没有网页用户"),
        (("--as", "区教体局", "serve"), "", "不用 --as"),
        (("serve", "--port", "70000"), "", "不是端口号"),
    ],
)
def test_serve_refusals_are_one_chinese_line(tmp_path: Path, argv: tuple[str, ...], stdin: str, words: str) -> None:
    demo_store(tmp_path)
    if argv[-1] == "serve" and argv[0] == "--as":
        add_users(tmp_path / "store.db.web-users.json", {"zhang": ("区教体局", None)})
    r = _cli(tmp_path, *argv, stdin=stdin)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert words in r.stderr.strip().splitlines()[-1] and "Traceback" not in r.stderr


def test_office_users_need_allow_office(tmp_path: Path) -> None:
    demo_store(tmp_path)
    r = _cli(tmp_path, "serve", "user", "add", "boss", "--allow-office", stdin="a-long-password\n")
    assert r.returncode == 0 and "督查室" in r.stdout
    assert (
        json.loads((tmp_path / "store.db.web-users.json").read_text(encoding="utf-8"))["users"]["boss"]["unit"] is None
    )


def test_a_taken_port_is_one_line(tmp_path: Path) -> None:
    import socket

    db = demo_store(tmp_path)
    add_users(tmp_path / "store.db.web-users.json", {"zhang": ("区教体局", None)})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = _cli(tmp_path, "--db", db, "serve", "--port", str(port))
    assert r.returncode == 2 and "无法在 127.0.0.1" in r.stderr and "Traceback" not in r.stderr
