"""Regenerate the README screenshots (fixed clock, small hand-written store):

    .venv/bin/python docs/make_screenshots.py

writes docs/screenshot-main.svg (the office) and docs/screenshot-department.svg
(`--as 区教体局`)."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the UI tests' store builder

from test_ui_support import build_store, service  # noqa: E402

from tasktui.config import UiConfig  # noqa: E402
from tasktui.ui.app import TaskTuiApp  # noqa: E402


async def shoot(url: str, department: str | None, filename: str) -> None:
    app = TaskTuiApp(service(url, department), UiConfig(poll_seconds=3600, theme="textual-dark"))
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if not any(w.is_running for w in app.workers):
                break
        await pilot.pause(0.2)
        app.save_screenshot(filename=filename, path=str(HERE))
    print(HERE / filename)


def main() -> None:
    url = build_store(Path(tempfile.mkdtemp(prefix="tasktui-shots-")))
    asyncio.run(shoot(url, None, "screenshot-main.svg"))
    asyncio.run(shoot(url, "区教体局", "screenshot-department.svg"))


if __name__ == "__main__":
    main()
