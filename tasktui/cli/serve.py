"""`tasktui serve`: the app in a browser for the units (tasktui.web), and `serve user
add|passwd|remove|list`, which keep the web users file.

The server runs as the office: it opens the store once at start to check it and the
users, then only spawns one app process per browser tab, as the logged-in user's unit.
aiohttp and textual-serve (the `web` extra) are imported only here.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tasktui.cli.options import open_service
from tasktui.cli.output import err, out, table
from tasktui.store.errors import EXIT_BAD_INPUT, EXIT_OK, InputError

if TYPE_CHECKING:
    from tasktui.web.users import WebUser

Handler = Callable[[argparse.Namespace], int]
NO_WEB = "这个安装没有网页版：请安装 tasktui[web]（pip install 'tasktui[web]'）"


def _now() -> datetime:
    return datetime.now().astimezone()


def _users_path(args: argparse.Namespace) -> Path:
    from tasktui.store.location import default_db_path, resolve_url
    from tasktui.web.users import default_users_path

    if getattr(args, "users", None):
        return Path(args.users).expanduser().absolute()
    # A store that is not a SQLite file keeps its users in tasktui's data folder.
    return default_users_path(resolve_url(getattr(args, "db", None)), default_db_path().parent)


def _load(path: Path) -> dict[str, WebUser]:
    from tasktui.web.users import UsersFileError, load

    try:
        return load(path)
    except UsersFileError as exc:
        raise InputError(str(exc)) from None


def _read_password(confirm: bool) -> str:
    """Asked for twice on a terminal; else one line of standard input (for scripts)."""
    from tasktui.web.passwords import password_problem

    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("密码：")
        if confirm and getpass.getpass("再输入一次：") != first:
            raise InputError("两次输入的密码不一致")
        password = first
    else:
        line = sys.stdin.readline(2048) if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
    problem = password_problem(password)
    if problem:
        raise InputError(problem)
    return password


def _role_for(svc, unit: str, wanted: str | None) -> str | None:  # type: ignore[no-untyped-def]
    """PostgreSQL: the unit's login role (given, or the one grant-unit made); SQLite: none."""
    if svc.store.is_sqlite:
        if wanted:
            raise InputError("--role 只用于 PostgreSQL：SQLite 没有数据库角色")
        return None
    roles = sorted(role for role, name in svc.unit_roles().items() if name == unit)
    if wanted:
        if wanted not in roles:
            raise InputError(
                f"数据库角色 {wanted} 不代表「{unit}」：先运行 tasktui db grant-unit {unit} --role {wanted}"
            )
        return str(wanted)
    if not roles:
        raise InputError(f"「{unit}」还没有数据库角色：先运行 tasktui db grant-unit {unit} --role 角色名")
    if len(roles) > 1:
        raise InputError(f"「{unit}」有多个数据库角色（{'、'.join(roles)}）：用 --role 指定一个")
    return roles[0]


def _user_add(args: argparse.Namespace, path: Path) -> int:
    from tasktui.web.passwords import hash_password
    from tasktui.web.users import WebUser, name_problem, save

    problem = name_problem(args.name)
    if problem:
        raise InputError(problem)
    known = _load(path)
    if args.name in known:
        raise InputError(f"用户「{args.name}」已存在：改密码用 tasktui serve user passwd {args.name}")
    if args.unit is None and not args.allow_office:
        raise InputError("请用 --unit 指定用户所属的单位；督查室用户需加 --allow-office（可以操作全部事项）")
    if args.unit is not None and args.allow_office:
        raise InputError("--unit 和 --allow-office 只能选一个")
    with open_service(args) as svc:
        unit = svc.resolve_department(args.unit) if args.unit is not None else None
        role = _role_for(svc, unit, args.role) if unit is not None else None
    password = _read_password(confirm=True)
    known[args.name] = WebUser(args.name, unit, role, hash_password(password), _now().isoformat(timespec="seconds"))
    save(path, known)
    who = f"「{unit}」" + (f"（数据库角色 {role}）" if role else "") if unit else "督查室（可以操作全部事项）"
    out(f"已添加网页用户 {args.name}：{who}；用户文件 {path}")
    return EXIT_OK


def _user_passwd(args: argparse.Namespace, path: Path) -> int:
    from tasktui.web.passwords import hash_password
    from tasktui.web.users import save

    known = _load(path)
    user = known.get(args.name)
    if user is None:
        raise InputError(f"没有网页用户「{args.name}」")
    password = _read_password(confirm=True)
    from dataclasses import replace

    known[args.name] = replace(user, hash=hash_password(password))
    save(path, known)
    out(f"已修改 {args.name} 的密码（已登录的会话随即结束）")
    return EXIT_OK


def _user_remove(args: argparse.Namespace, path: Path) -> int:
    from tasktui.web.users import save

    known = _load(path)
    if known.pop(args.name, None) is None:
        raise InputError(f"没有网页用户「{args.name}」")
    save(path, known)
    out(f"已删除网页用户 {args.name}（已登录的会话随即结束）")
    return EXIT_OK


def _user_list(args: argparse.Namespace, path: Path) -> int:
    known = _load(path)
    if not known:
        out(f"还没有网页用户（{path}）：用 tasktui serve user add 名字 --unit 单位 添加")
        return EXIT_OK
    rows = [[u.name, u.unit or "督查室", u.role or "", u.created] for u in sorted(known.values(), key=lambda u: u.name)]
    out(table(rows, ["用户", "单位", "数据库角色", "添加时间"]))
    return EXIT_OK


USER_ACTIONS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "add": _user_add,
    "passwd": _user_passwd,
    "remove": _user_remove,
    "list": _user_list,
}


def _public_origin(args: argparse.Namespace) -> str:
    from urllib.parse import urlsplit

    if args.public_origin is None:
        if args.host in ("0.0.0.0", "::", ""):
            # No browser sends Origin: http://0.0.0.0:…: every login would be refused.
            raise InputError(f"监听 {args.host or '所有地址'} 时请用 --public-origin 写明用户在浏览器中输入的地址")
        host = f"[{args.host}]" if ":" in args.host else args.host
        return f"http://{host}:{args.port}"
    words = f"--public-origin 应写作 https://主机名[:端口]，不带路径：{args.public_origin!r}"
    parts = urlsplit(args.public_origin.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        raise InputError(words) from None
    if (
        scheme not in ("http", "https")
        or not parts.hostname
        or "@" in parts.netloc
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise InputError(words)
    # As a browser writes its Origin header, which the server compares byte for byte: scheme
    # and host in lower case, no default port (https://Dubang.example:443 refused every login).
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{host}" + (f":{port}" if port is not None and port != default else "")


def _serve(args: argparse.Namespace) -> int:
    import time

    try:
        import aiohttp  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError:
        err(NO_WEB)
        return EXIT_BAD_INPUT
    from aiohttp import web

    from tasktui.config import default_config_path
    from tasktui.store.location import resolve_url, sqlite_file
    from tasktui.web.child import ChildSettings
    from tasktui.web.server import ServeConfig, WebServer

    if getattr(args, "actor", None):
        raise InputError("tasktui serve 以督查室身份运行：每个会话的单位来自网页用户文件，不用 --as")
    path = _users_path(args)
    known = _load(path)
    if not known:
        raise InputError(f"还没有网页用户（{path}）：先用 tasktui serve user add 名字 --unit 单位 添加")
    url = resolve_url(getattr(args, "db", None))
    file = sqlite_file(url) if url.startswith("sqlite") else None
    if file is not None:
        url = f"sqlite:///{file.expanduser().resolve()}"  # the children run in another folder
    with open_service(args, url) as svc:
        postgres = not svc.store.is_sqlite
        roles = svc.unit_roles()  # {} on SQLite
        for user in known.values():
            if user.unit is None:
                continue
            try:
                svc.resolve_department(user.unit)
            except InputError:
                err(f"提示：用户 {user.name} 的单位「{user.unit}」不在库中，该用户登录后无法打开")
            if postgres and roles.get(user.role or "") != user.unit:
                err(f"提示：用户 {user.name} 的数据库角色 {user.role} 不代表「{user.unit}」，该用户登录后无法打开")
    if postgres and args.pgpassfile is None:
        raise InputError("PostgreSQL 上的网页版需要 --pgpassfile：各单位角色的密码文件（libpq 格式，0600）")
    config_file = default_config_path()
    config = ServeConfig(
        db_url=url,
        users_path=path,
        public_origin=_public_origin(args),
        host=args.host,
        port=args.port,
        per_user=args.max_sessions_per_user,
        total=args.max_sessions,
        idle=args.idle_minutes * 60,
        maximum=args.max_hours * 3600,
        trusted_proxy=args.trusted_proxy,
        child=ChildSettings(
            pgpassfile=args.pgpassfile.expanduser().resolve() if args.pgpassfile else None,
            config_file=config_file if config_file.is_file() else None,
        ),
    )
    server = WebServer(config, now=_now, clock=time.monotonic)
    out(f"网页版已在 {config.public_origin} 启动（监听 {config.host}:{config.port}；用户文件 {path}；按 Ctrl+C 停止）")
    sys.stdout.flush()
    try:
        web.run_app(server.make_app(), host=config.host, port=config.port, print=None, shutdown_timeout=10)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        from tasktui.os_errors import os_error_words

        raise InputError(f"无法在 {config.host}:{config.port} 上监听：{os_error_words(exc)}") from None
    out("网页版已停止")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    if getattr(args, "serve_command", None) == "user":
        action = getattr(args, "user_command", None) or "list"
        return USER_ACTIONS[action](args, _users_path(args))
    return _serve(args)


COMMANDS: dict[str, Handler] = {"serve": cmd_serve}

__all__ = ["COMMANDS", "cmd_serve"]
