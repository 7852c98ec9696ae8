"""The schema revisions this tasktui knows, from the migration scripts' own names, and what
a store at another revision is told. Light (no SQLAlchemy, no Alembic): the service's
`Store.check_revision` words a refusal with it, and so does a command that reads a store
with the standard library (tasktui.store.sqlite_calendar).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"
_SCRIPT = re.compile(r"(\d{4})_\w+\.py")


def script_revisions() -> tuple[str, ...]:
    """Every migration script's revision, oldest first (`NNNN_….py`, as migrations names
    them: tests compare this with migrations.REVISIONS), read from the folder instead of
    importing tasktui.store.migrations, which loads SQLAlchemy."""
    try:
        names = os.listdir(VERSIONS_DIR)
    except OSError:
        return ()
    return tuple(sorted(m.group(1) for m in map(_SCRIPT.fullmatch, names) if m))


def revision_refusal(revision: str | None, head: str, known: tuple[str, ...]) -> str | None:
    """Why a store at `revision` cannot be used by a tasktui whose schema is `head` (None
    when it is at head): an older one needs `db upgrade`, an unknown one a newer tasktui."""
    if revision == head:
        return None
    if revision in known:
        return (
            f"数据库结构版本为 {revision}，本版 tasktui 需要 {head}："
            "请先运行 `tasktui db upgrade`（`tasktui backup 文件` 可先留一份副本）"
        )
    return (
        f"数据库结构版本为 {revision}，本版 tasktui 不认识（最高到 {head}）："
        "它由更新版本的 tasktui 写入，请升级 tasktui"
    )


__all__ = ["VERSIONS_DIR", "revision_refusal", "script_revisions"]
