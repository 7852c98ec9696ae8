"""Where the store is: `--db`, else $TASKTUI_DB, else the default file in the user's data
folder, as a SQLAlchemy URL (a plain path means SQLite).

Apart from tasktui.store.db (which re-exports these) so that a command that only asks
where the store is (`tasktui deadline`, when no store exists yet) loads no SQLAlchemy.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "TASKTUI_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_dir  # only when no --db or $TASKTUI_DB names the store

    return Path(user_data_dir("tasktui", appauthor=False)) / "tasktui.db"


def resolve_url(db: str | None = None) -> str:
    """`--db` wins, then $TASKTUI_DB, then the default file. A plain path means SQLite."""
    value = db or os.environ.get(ENV_VAR) or str(default_db_path())
    if "://" in value:
        return value
    path = Path(value).expanduser()
    return f"sqlite:///{path}"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for an in-memory database: `sqlite://`, `:memory:`)."""
    if "///" not in url:
        return None
    path = url.split("///", 1)[-1].split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    return Path(path).expanduser()


__all__ = ["ENV_VAR", "default_db_path", "resolve_url", "sqlite_file"]
