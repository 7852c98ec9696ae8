"""The web users file: who may log in, with which unit, as which PostgreSQL role.

JSON, mode 0600, written whole (temporary file + rename), holding only scrypt hashes:

    {"format": 1, "users": {"zhangsan": {"unit": "区教体局", "role": "u_jtj",
      "hash": "scrypt$…", "created": "2026-12-01T09:00:00+08:00"}}}

`unit` null is an office user (督查室), allowed only when added with --allow-office. `role`
is the unit's `tasktui db grant-unit` role on PostgreSQL (null on SQLite). By default
the file sits beside a SQLite store (`X.db` → `X.db.web-users.json`); a PostgreSQL
store's is in the user data folder. A file that others can read is refused, as ssh
refuses a readable key: the hashes are slow to crack, not impossible.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tasktui.web.passwords import is_hash

FORMAT = 1
MAX_FILE_BYTES = 4 * 1024 * 1024
NAME_RE = re.compile(r"^[\w.@-]{1,64}$")  # \w takes Chinese too: 张三 is a fine login name


class UsersFileError(Exception):
    """The users file cannot be used; `str()` is one Chinese line."""


@dataclass(frozen=True)
class WebUser:
    name: str
    unit: str | None  # None: the office (督查室)
    role: str | None  # PostgreSQL login role of the unit (grant-unit), None on SQLite
    hash: str
    created: str

    @property
    def is_office(self) -> bool:
        return self.unit is None


def name_problem(name: str) -> str | None:
    if not NAME_RE.match(name):
        return f"用户名「{name[:40]}」不可用：1–64 个字符，只用汉字、字母、数字和 . _ - @"
    return None


def default_users_path(url: str, data_dir: Path) -> Path:
    """Beside a SQLite store's file; in `data_dir` for any other store."""
    from tasktui.store.location import sqlite_file

    file = sqlite_file(url) if url.startswith("sqlite") else None
    if file is not None:
        return file.with_name(file.name + ".web-users.json")
    return data_dir / "web-users.json"


def audit_path(users_path: Path) -> Path:
    """The audit log sits beside the users file: `….web-users.json` → `….web-audit.log`."""
    name = users_path.name
    stem = name[: -len("-users.json")] if name.endswith("-users.json") else users_path.stem
    return users_path.with_name(stem + "-audit.log")


def load(path: Path, *, must_exist: bool = False) -> dict[str, WebUser]:
    """The users in `path` ({} when there is no file, unless `must_exist`)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if must_exist:
            raise UsersFileError(f"没有网页用户文件 {path}：先用 tasktui serve user add 添加用户") from None
        return {}
    except OSError as exc:
        raise UsersFileError(f"无法读取网页用户文件 {path}：{exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise UsersFileError(f"网页用户文件 {path} 不是普通文件")
    if st.st_mode & 0o077:
        raise UsersFileError(f"网页用户文件 {path} 的权限过宽（其他用户可读），请执行 chmod 600 {path}")
    if st.st_size > MAX_FILE_BYTES:
        raise UsersFileError(f"网页用户文件 {path} 过大（超过 4 MB），不像是 tasktui 写的")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise UsersFileError(f"网页用户文件 {path} 已损坏（不是 tasktui 写的 JSON）") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("users"), dict):
        raise UsersFileError(f"网页用户文件 {path} 的格式不对（需要 format {FORMAT}）")
    users: dict[str, WebUser] = {}
    for name, entry in data["users"].items():
        if (
            not isinstance(name, str)
            or name_problem(name)
            or not isinstance(entry, dict)
            or not is_hash(entry.get("hash"))
            or not isinstance(entry.get("unit"), str | None)
            or not isinstance(entry.get("role"), str | None)
        ):
            raise UsersFileError(f"网页用户文件 {path} 中的用户「{str(name)[:40]}」记录不完整")
        users[name] = WebUser(name, entry["unit"], entry["role"], entry["hash"], str(entry.get("created", "")))
    return users


def save(path: Path, users: dict[str, WebUser]) -> None:
    """Write `users` to `path` whole, mode 0600, or leave the old file as it was."""
    data = {
        "format": FORMAT,
        "users": {
            u.name: {"unit": u.unit, "role": u.role, "hash": u.hash, "created": u.created}
            for u in sorted(users.values(), key=lambda u: u.name)
        },
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["UsersFileError", "WebUser", "audit_path", "default_users_path", "load", "name_problem", "save"]
