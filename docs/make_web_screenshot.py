"""Regenerate docs/screenshot-web.png: a clerk of 区教体局 logged in to `tasktui serve` in
Debian's Chromium (headless, through Playwright's driver), 报告进展 open on the first row.

    .venv/bin/python docs/make_web_screenshot.py

Needs the `web` and `test` extras and `chromium` (apt). Uses the demo store, dates moved
to today, so the countdowns in the picture are those of the day it was made.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from web_helpers import PASSWORD, add_users, demo_store, serve  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="tasktui-web-shot-"))
    db = demo_store(folder)
    users = folder / "store.db.web-users.json"
    add_users(users, {"zhangsan": ("区教体局", None)})
    served = serve(db, users, folder)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(served.url("/login"))
            page.fill("#user", "zhangsan")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("body.-first-byte", timeout=15000)
            page.wait_for_timeout(2500)
            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.press("p")
            page.wait_for_timeout(1200)
            page.keyboard.insert_text("已完成全部辍学学生的摸底排查，建立台账")
            page.wait_for_timeout(800)
            out = HERE / "screenshot-web.png"
            page.screenshot(path=str(out))
            browser.close()
        print(f"wrote {out}")
    finally:
        served.stop()


if __name__ == "__main__":
    main()
