"""Commands that open the terminal UI: `ui` (the default when no command is given) and
`demo` (the UI on a throw-away store loaded from the bundled sample task file), with
`make_demo_store`, which docs/make_screenshots.py uses too.

textual is imported only when the UI opens.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from tasktui.cli.options import WEB_SERVER_PID_ENV, WEB_USER_ENV, clock_for, open_service
from tasktui.cli.output import err
from tasktui.clock import Clock
from tasktui.store.errors import EXIT_BAD_INPUT

Handler = Callable[[argparse.Namespace], int]
SAMPLE_FILE = "sample_tasks.toml"


def end_with_server() -> None:
    """Linux: a --web app gets SIGTERM when the `tasktui serve` that started it dies, even
    by SIGKILL or the OOM killer, which leave it no chance to end its apps: the web driver
    does not quit when its input closes, so each orphan held ~80 MB and the store forever."""
    import signal
    import sys

    server = os.environ.get(WEB_SERVER_PID_ENV, "")
    if sys.platform != "linux" or not server.isdigit():
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != int(server):  # it died before the call above: nothing would signal us
        raise SystemExit(1)


def _run_ui(args: argparse.Namespace, url: str | None = None, *, web: bool = False) -> int:
    if web:
        end_with_server()
    with open_service(args, url) as svc:
        try:
            from tasktui.ui.app import run_app
        except ImportError:
            err("这个安装没有终端界面：请用 tasktui list、tasktui show 编号 等命令")
            return EXIT_BAD_INPUT
        if not web:
            return run_app(svc)
        # Who logged in, as `tasktui serve` says: shown in the status line only (the unit,
        # and so every permission, comes from --as).
        return run_app(svc, web=True, web_user=os.environ.get(WEB_USER_ENV) or None)


def cmd_ui(args: argparse.Namespace) -> int:
    return _run_ui(args, web=bool(getattr(args, "web", False)))


def sample_file() -> Path:
    """The bundled sample task file (shipped inside the package, tasktui/data/)."""
    return Path(__file__).resolve().parent.parent / "data" / SAMPLE_FILE


def make_demo_store(path: Path, clock: Clock, source: Path | None = None) -> str:
    """A demo store whose dates are moved so the sample always has overdue tasks and
    tasks due this week, whenever it is run."""
    from tasktui.exchange.importer import import_task_file_text
    from tasktui.exchange.toml_reading import demo_shift, read_task_file_text
    from tasktui.store.db import Store
    from tasktui.store.service import Service

    src = source or sample_file()
    text = read_task_file_text(src)
    url = f"sqlite:///{path}"
    svc = Service(Store(url), clock=clock)
    try:
        import_task_file_text(svc, text, str(src), shift_days=demo_shift(text, clock.today()))
    finally:
        svc.store.dispose()
    return url


def cmd_demo(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="tasktui-demo-"))
    url = make_demo_store(folder / "demo.db", clock_for(args), args.file)
    if args.keep:
        err(f"演示数据库：{folder / 'demo.db'}")
    return _run_ui(args, url)


COMMANDS: dict[str, Handler] = {"ui": cmd_ui, "demo": cmd_demo}

__all__ = ["COMMANDS", "cmd_ui", "cmd_demo", "make_demo_store", "sample_file", "SAMPLE_FILE"]
