"""Regenerate the README screenshots from the demo store (sample_tasks.toml) at a fixed
clock:

    .venv/bin/python docs/make_screenshots.py

writes docs/screenshot-main.svg (the office) and docs/screenshot-department.svg
(`--as 区教体局`), and PNG copies when Debian's chromium is installed.

Textual's SVG export sizes each text run by its character count, so a run of Chinese
(two cells a character) is squeezed into half its width; `widen_cjk` sets each run's
textLength from its cell width instead, which is what a terminal shows.
"""

from __future__ import annotations

import asyncio
import html
import re
import shutil
import subprocess
import tempfile
from datetime import date, time
from pathlib import Path

from rich.cells import cell_len

from tasktui.cli.app import make_demo_store
from tasktui.clock import FixedClock
from tasktui.config import UiConfig
from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor
from tasktui.ui.app import TaskTuiApp

HERE = Path(__file__).resolve().parent
CLOCK = FixedClock(date(2026, 11, 20), at=time(10, 0))
SIZE = (160, 40)
_RUN = re.compile(r'(<text [^>]*?textLength=")([\d.]+)("[^>]*>)([^<]*)(</text>)')


def widen_cjk(svg: str) -> str:
    def fix(m: re.Match[str]) -> str:
        text = html.unescape(m.group(4))
        if not text or cell_len(text) == len(text):
            return m.group(0)
        per_cell = float(m.group(2)) / len(text)
        return f"{m.group(1)}{per_cell * cell_len(text):.1f}{m.group(3)}{m.group(4)}{m.group(5)}"

    return _RUN.sub(fix, svg)


async def shoot(url: str, department: str | None, filename: str) -> Path:
    actor = Actor.department(department) if department else Actor.office("区政府督查室")
    app = TaskTuiApp(Service(Store(url), actor, CLOCK), UiConfig(poll_seconds=3600, theme="textual-dark"))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if not any(w.is_running for w in app.workers):
                break
        await pilot.pause(0.3)
        app.save_screenshot(filename=filename, path=str(HERE))
    path = HERE / filename
    path.write_text(widen_cjk(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def to_png(svg: Path) -> Path | None:
    browser = shutil.which("chromium")
    if browser is None:
        print("chromium not installed: PNG copies not made (apt-get install chromium)")
        return None
    png = svg.with_suffix(".png")
    profile = tempfile.mkdtemp(prefix="tasktui-chromium-")
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--hide-scrollbars",
            "--window-size=1990,1060",
            f"--screenshot={png}",
            svg.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return png


def main() -> None:
    url = make_demo_store(Path(tempfile.mkdtemp(prefix="tasktui-shots-")) / "demo.db", CLOCK)
    for dept, name in ((None, "screenshot-main.svg"), ("区教体局", "screenshot-department.svg")):
        svg = asyncio.run(shoot(url, dept, name))
        print(svg, to_png(svg) or "")


if __name__ == "__main__":
    main()
