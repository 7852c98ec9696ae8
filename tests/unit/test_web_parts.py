"""tasktui.web's plain parts: password hashes, the users file, sessions and login limits
under a fake clock, the child's command line, environment, size and store URL."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from tasktui.web import passwords, users
from tasktui.web.child import ChildSettings, child_argv, child_env, clamp_size, make_home
from tasktui.web.server import child_db_url
from tasktui.web.sessions import LoginLimiter, SessionTable


class Tick:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_password_hash_round_trip_and_salt() -> None:
    a, b = passwords.hash_password("correct horse"), passwords.hash_password("correct horse")
    assert a != b  # salted
    assert passwords.verify("correct horse", a) and passwords.verify("correct horse", b)
    assert not passwords.verify("correct horsE", a)
    assert "correct horse" not in a
    assert not passwords.verify("x", "not a hash") and not passwords.verify("x", "scrypt$1$2$3$%%%$%%%")
    assert not passwords.verify("y" * 5000, a)  # refused before any hashing work


def test_password_rules() -> None:
    assert passwords.password_problem("short") == "密码至少 8 个字符"
    assert passwords.password_problem(" padded-password ") == "密码首尾不能有空格"
    assert passwords.password_problem("区教体局的密码1") is None


def _user(name: str, unit: str | None = "区教体局") -> users.WebUser:
    return users.WebUser(name, unit, None, passwords.hash_password("pw-" + name), "2026-12-01T09:00:00+08:00")


def test_users_file_is_private_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "store.db.web-users.json"
    known = {"zhang": _user("zhang"), "张三": _user("张三", "各乡镇(街道)"), "ban": _user("ban", None)}
    users.save(path, known)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert users.load(path) == known
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["users"]["zhang"]) == {"unit", "role", "hash", "created"}


def test_users_file_refused_when_others_can_read_or_it_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "u.json"
    users.save(path, {"zhang": _user("zhang")})
    os.chmod(path, 0o644)
    with pytest.raises(users.UsersFileError, match="chmod 600"):
        users.load(path)
    os.chmod(path, 0o600)
    path.write_text('{"format": 1, "users": {"zhang": {"unit": "x", "hash": "plain-password"}}}', encoding="utf-8")
    with pytest.raises(users.UsersFileError, match="记录不完整"):
        users.load(path)
    path.write_bytes(b"\xff\xfe not json")
    with pytest.raises(users.UsersFileError, match="已损坏"):
        users.load(path)
    assert users.load(tmp_path / "none.json") == {}
    with pytest.raises(users.UsersFileError, match="serve user add"):
        users.load(tmp_path / "none.json", must_exist=True)


def test_user_names() -> None:
    assert users.name_problem("zhang.san@jtj") is None and users.name_problem("张三") is None
    assert users.name_problem("a b") and users.name_problem("") and users.name_problem("x;rm")


def test_default_users_and_audit_paths(tmp_path: Path) -> None:
    path = users.default_users_path(f"sqlite:///{tmp_path}/office.db", tmp_path / "data")
    assert path == tmp_path / "office.db.web-users.json"
    assert users.audit_path(path) == tmp_path / "office.db.web-audit.log"
    assert (
        users.default_users_path("postgresql+psycopg://o@h/db", tmp_path / "data")
        == tmp_path / "data" / "web-users.json"
    )


def test_session_idle_and_maximum() -> None:
    tick = Tick()
    table = SessionTable(idle=60, maximum=300, clock=tick)
    s = table.create("zhang", "区教体局", "127.0.0.1")
    assert table.get(s.token) is s and table.get("forged") is None and table.get(None) is None
    tick.now += 59
    table.touch(s)  # activity keeps it alive…
    tick.now += 59
    assert table.get(s.token) is s
    tick.now += 61  # …until a minute without any
    assert table.get(s.token) is None
    assert table.sweep() == [s] and table.all() == []
    s2 = table.create("zhang", "区教体局", "127.0.0.1")
    for _ in range(6):  # active all along, still ended at the maximum
        tick.now += 50
        table.touch(s2)
    assert table.get(s2.token) is None
    assert len({table.create("a", None, "x").token for _ in range(50)}) == 50


def test_login_limits_per_user_and_address() -> None:
    tick = Tick()
    limiter = LoginLimiter(per_user=3, per_address=5, window=600, clock=tick)
    for _ in range(3):
        assert not limiter.blocked("zhang", "10.0.0.1")
        limiter.failed("zhang", "10.0.0.1")
    assert limiter.blocked("zhang", "10.0.0.1")
    assert not limiter.blocked("zhang", "10.0.0.2")  # another machine is not blocked for zhang
    limiter.failed("li", "10.0.0.1")
    limiter.failed("wang", "10.0.0.1")
    assert limiter.blocked("zhao", "10.0.0.1")  # the address tried five accounts
    tick.now += 601
    assert not limiter.blocked("zhang", "10.0.0.1") and not limiter.blocked("zhao", "10.0.0.1")
    limiter.failed("zhang", "10.0.0.3")
    limiter.succeeded("zhang", "10.0.0.3")
    assert limiter._recent(limiter._user, ("zhang", "10.0.0.3")) == 0
    assert limiter._recent(limiter._address, "10.0.0.3") == 0  # the success took its attempt back


def test_child_argv_is_a_list_with_the_unit_as_one_item() -> None:
    argv = child_argv("sqlite:////srv/store.db", "各乡镇(街道)")
    assert argv == [sys.executable, "-m", "tasktui", "--db", "sqlite:////srv/store.db", "--as", "各乡镇(街道)", "--web"]
    assert child_argv("sqlite:////srv/store.db", None) == [
        sys.executable,
        "-m",
        "tasktui",
        "--db",
        "sqlite:////srv/store.db",
        "--web",
    ]


def test_child_env_is_a_whitelist(tmp_path: Path) -> None:
    server = {"PATH": "/usr/bin", "PGPASSWORD": "office-secret", "TASKTUI_DB": "x", "CANARY": "1", "HOME": "/root"}
    env = child_env(ChildSettings(pgpassfile=Path("/srv/pgpass")), "zhang", tmp_path, 120, 40, server)
    assert "PGPASSWORD" not in env and "CANARY" not in env and "TASKTUI_DB" not in env
    assert env["HOME"] == env["TMPDIR"] == str(tmp_path)
    assert env["PGPASSFILE"] == "/srv/pgpass" and env["TASKTUI_WEB_USER"] == "zhang"
    assert env["TASKTUI_WEB_SERVER_PID"] == str(os.getpid())  # the app ends with the server
    assert (env["COLUMNS"], env["ROWS"]) == ("120", "40") and env["PATH"] == "/usr/bin"
    assert "PGPASSFILE" not in child_env(ChildSettings(), "zhang", tmp_path, 80, 24, server)
    # The server's cache folder (its marks of stores checked clean), not the child's home's.
    assert env["XDG_CACHE_HOME"] == "/root/.cache"
    given = child_env(ChildSettings(), "zhang", tmp_path, 80, 24, {**server, "XDG_CACHE_HOME": "/var/cache/tt"})
    assert given["XDG_CACHE_HOME"] == "/var/cache/tt"
    relative = {"PATH": "/usr/bin", "XDG_CACHE_HOME": "cache"}  # relative: ignored, as XDG says; no HOME
    assert "XDG_CACHE_HOME" not in child_env(ChildSettings(), "zhang", tmp_path, 80, 24, relative)


def test_child_home_links_the_office_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[report]\noffice = '区委督查室'\n", encoding="utf-8")
    home = make_home(ChildSettings(config_file=config))
    try:
        assert (home / ".config" / "tasktui" / "config.toml").read_text(encoding="utf-8") == config.read_text(
            encoding="utf-8"
        )
    finally:
        import shutil

        shutil.rmtree(home)
    bare = make_home(ChildSettings())
    assert list(bare.iterdir()) == []
    bare.rmdir()


@pytest.mark.parametrize(
    ("asked", "given"),
    [
        ((4000, 4000), (500, 200)),
        ((120, 40), (120, 40)),
        ((0, -5), (20, 5)),
        (("abc", None), (80, 24)),
        (("1e9", "3"), (80, 5)),
    ],
)
def test_terminal_size_is_clamped(asked: tuple[object, object], given: tuple[int, int]) -> None:
    assert clamp_size(*asked) == given


def test_child_store_url_uses_the_units_role_and_no_password() -> None:
    assert child_db_url("sqlite:////srv/a.db", "u_jtj") == "sqlite:////srv/a.db"
    url = "postgresql+psycopg://office:s3cret@db.example:5432/dubang?sslmode=require&password=x"
    assert child_db_url(url, "u_jtj") == "postgresql+psycopg://u_jtj@db.example:5432/dubang?sslmode=require"
    assert child_db_url(url, None) == "postgresql+psycopg://office@db.example:5432/dubang?sslmode=require"


async def test_a_child_stopped_while_it_starts_does_not_outlive_its_session(tmp_path: Path) -> None:
    # A logout (or expiry, or shutdown) can end a session while one of its tabs is still
    # starting its app: stop() found no process yet, and the process started a moment later
    # ran on with nobody to end it.
    import asyncio

    from textual_serve.download_manager import DownloadManager

    from tasktui.web.child import Child

    async def nothing(*_: object) -> None:
        return None

    home = tmp_path / "home"
    home.mkdir()
    child = Child(
        [sys.executable, "-c", "import sys; sys.stdin.buffer.read(1)"],  # quits when asked (any packet)
        {"PATH": os.environ.get("PATH", "")},
        home,
        None,
        write_bytes=nothing,
        write_str=nothing,
        close=nothing,
        download_manager=DownloadManager(),
    )
    starting = asyncio.create_task(child.start(80, 24))
    await asyncio.sleep(0)  # the process is forked; start() awaits its pipes
    await child.stop()
    await starting
    assert child._process is not None and child._process.returncode is not None
    with pytest.raises(RuntimeError):  # and a child once stopped never starts
        await child.start(80, 24)
    assert not home.exists()


async def test_the_child_cannot_make_the_browser_open_an_address(tmp_path: Path) -> None:
    from textual_serve.download_manager import DownloadManager

    from tasktui.web.child import Child

    sent: list[str] = []

    async def write_str(text: str) -> None:
        sent.append(text)

    async def nothing(*_: object) -> None:
        return None

    child = Child(
        ["true"], {}, tmp_path, None, write_bytes=nothing, write_str=write_str, close=nothing,
        download_manager=DownloadManager(),
    )  # fmt: skip
    # JSON may spell the type with escapes: a byte search for "open_url" missed these.
    for meta in (
        b'{"type": "open_url", "url": "https://evil.example", "new_tab": true}',
        b'{"type": "open\\u005furl", "url": "https://evil.example", "new_tab": true}',
        b'{"type":"open_url","url":"https://evil.example","new_tab":true}',
        b"not json",
        b'["open_url"]',
    ):
        await child.on_meta(meta)
    assert sent == []
    delivery = {"type": "deliver_file_start", "key": "k1", "path": "open_url.docx", "open_method": "download"}
    await child.on_meta(json.dumps(delivery | {"mime_type": "application/octet-stream", "encoding": None}).encode())
    assert sent == ['["deliver_file_start", "k1"]']  # a file whose name says open_url is still delivered


@pytest.mark.parametrize(
    ("given", "origin"),
    [
        ("https://dubang.example.gov.cn", "https://dubang.example.gov.cn"),
        ("https://Dubang.Example.gov.cn/", "https://dubang.example.gov.cn"),  # browsers send lower case
        ("HTTPS://dubang.example.gov.cn:443", "https://dubang.example.gov.cn"),  # and no default port
        ("http://10.1.2.3:80", "http://10.1.2.3"),
        ("http://10.1.2.3:8000", "http://10.1.2.3:8000"),
        ("https://[FE80::1]:8443", "https://[fe80::1]:8443"),
    ],
)
def test_the_public_origin_is_written_as_a_browser_sends_it(given: str, origin: str) -> None:
    import argparse

    from tasktui.cli.serve import _public_origin

    assert _public_origin(argparse.Namespace(public_origin=given, host="127.0.0.1", port=8000)) == origin


@pytest.mark.parametrize(
    ("given", "host"),
    [("https://a.example/app", "127.0.0.1"), ("https://u@a.example", "127.0.0.1"), ("https://a.example:x", "127.0.0.1"),
     ("ftp://a.example", "127.0.0.1"), (None, "0.0.0.0"), (None, "::")],
)  # fmt: skip
def test_a_public_origin_no_browser_would_send_is_refused(given: str | None, host: str) -> None:
    import argparse

    from tasktui.cli.serve import _public_origin
    from tasktui.store.errors import InputError

    with pytest.raises(InputError):
        _public_origin(argparse.Namespace(public_origin=given, host=host, port=8000))
