"""Where the store is: `--db`, else $TASKTUI_DB, else the default file in the user's data
folder, as a SQLAlchemy URL (a plain path means SQLite).

Apart from tasktui.store.db (which re-exports these) so that a command that only asks
where the store is (`tasktui deadline`, when no store exists yet) loads no SQLAlchemy.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

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


def sqlite_uri(path: Path, **params: str) -> str:
    """A `file:` URI for sqlite3.connect(uri=True): the path percent-encoded (a folder
    named with ?, # or % must not be read as URI syntax), then `params`."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    # The name's bytes: one that is not UTF-8 (a GBK name from a Windows zip) reaches Python
    # with surrogate escapes, which quote() of the text cannot encode.
    return f"file:{quote(os.fsencode(path))}" + (f"?{query}" if query else "")


__all__ = ["ENV_VAR", "default_db_path", "resolve_url", "sqlite_file", "sqlite_uri"]
