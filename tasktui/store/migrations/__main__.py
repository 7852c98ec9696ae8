"""Developer entry point: `python -m tasktui.store.migrations --db URL <alembic command> …`.

Runs Alembic's own command line against the packaged scripts, so writing a new revision
needs no alembic.ini either."""

from __future__ import annotations

import sys

from alembic.config import CommandLine

from tasktui.store.db import resolve_url
from tasktui.store.migrations import alembic_config


def main(argv: list[str]) -> int:
    db = None
    if len(argv) >= 2 and argv[0] == "--db":
        db, argv = argv[1], argv[2:]
    cli = CommandLine(prog="python -m tasktui.store.migrations")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    cfg = alembic_config(url=resolve_url(db))
    cfg.cmd_opts = options
    cli.run_cmd(cfg, options)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
