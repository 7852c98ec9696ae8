"""A department clerk's session in a real browser: Debian's Chromium, headless, driven by
Playwright (its driver only: no browser is downloaded), with every request to a host
other than the server refused and counted.

Login → the unit's table → `p` (报告进展) → a note typed in Chinese → it is in the task's
history with the unit as actor → `w` (周报) → the report arrives as a browser download and
no file is written on the server.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from web_helpers import PASSWORD, Served, serve_demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HEADING = "抓实控辍保学"  # #16, led by 区教体局: its row of the table
NOTE = "已完成全部辍学学生的摸底排查"

# Collect what the app draws (the terminal's bytes), so the test can wait for text to
# appear; the page itself is unchanged.
CAPTURE = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.__screen = "";
  window.WebSocket = function (url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    ws.addEventListener("message", (e) => {
      if (typeof e.data !== "string") window.__screen += decoder.decode(new Uint8Array(e.data), {stream: true});
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
})();
"""
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Outside traffic dropped at the resolver too, as on an office network without internet.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def _browser_or_skip() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("Debian's chromium is required in CI (.ci/run installs it)", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install chromium)")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    s = serve_demo(tmp_path, {"zhang": "区教体局"})
    yield s
    s.stop()


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def _wait_for_text(page, text: str, timeout_ms: int) -> None:  # type: ignore[no-untyped-def]
    # The drawn text without the terminal's escape sequences (styles, cursor moves).
    page.wait_for_function(
        "(t) => window.__screen.replace(/\\x1b\\[[0-?]*[ -\\/]*[@-~]/g, '').includes(t)", arg=text, timeout=timeout_ms
    )


def test_a_clerk_logs_in_reports_progress_and_downloads_the_weekly_report(served: Served, tmp_path: Path) -> None:
    executable = _browser_or_skip()
    from playwright.sync_api import sync_playwright

    before = _files(tmp_path)
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})

        def route(r):  # type: ignore[no-untyped-def]
            if urlsplit(r.request.url).hostname == "127.0.0.1":
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        context.add_init_script(CAPTURE)
        page = context.new_page()
        page.goto(served.url("/"))
        assert page.url.endswith("/login")  # no session: the login page
        page.fill("#user", "zhang")
        page.fill("#password", PASSWORD)
        t0 = time.monotonic()
        page.click("button[type=submit]")
        _wait_for_text(page, HEADING, 5000)  # the unit's table within 5 s of logging in
        painted = time.monotonic() - t0
        assert painted < 5
        cookie = next(c for c in context.cookies() if c["name"] == "tasktui_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

        page.locator(".xterm-helper-textarea").focus()
        page.keyboard.press("p")  # 报告进展 on the first row
        _wait_for_text(page, "说明（必填）", 5000)
        page.wait_for_timeout(300)  # the dialog's input takes focus once mounted
        page.keyboard.insert_text(NOTE)  # typed Chinese arrives through xterm's input
        _wait_for_text(page, NOTE, 5000)  # echoed in the input: the app has it
        page.keyboard.press("Enter")
        deadline = time.monotonic() + 10
        while not _notes(tmp_path) and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert _notes(tmp_path), "the note did not reach the store"

        page.keyboard.press("w")  # 周报
        _wait_for_text(page, "生成后发送到浏览器下载", 5000)
        page.wait_for_timeout(300)
        assert "保存到" not in page.evaluate("window.__screen")  # no server path asked for
        with page.expect_download(timeout=20000) as info:
            page.keyboard.press("Enter")
        download = info.value
        saved = tmp_path / "browser-downloads" / download.suggested_filename
        download.save_as(saved)
        page.screenshot(path=str(tmp_path / "browser-downloads" / "page.png"))
        browser.close()

    assert outside == []  # nothing but the server was asked for anything
    assert saved.suffix == ".docx" and "周报" in saved.name
    from docx import Document

    assert any("督办" in para.text for para in Document(BytesIO(saved.read_bytes())).paragraphs)
    # The server wrote nothing but its own log, the audit log and the store's journal.
    new = {p for p in _files(tmp_path) - before if "browser-downloads" not in p.parts}
    assert all(p.name.startswith(("serve-", "store.db")) for p in new), new

    assert _notes(tmp_path) == [("区教体局", "progress")]  # in the history, the unit as actor


def _notes(folder: Path) -> list[tuple[str, str]]:
    """(actor, action) of every event in the store whose note is NOTE."""
    from tasktui.store.db import Store
    from tasktui.store.service import Service

    svc = Service(Store(f"sqlite:///{folder / 'store.db'}"))
    try:
        return [(e.actor, e.action) for row in svc.list_tasks() for e in svc.history(row.id) if e.note == NOTE]
    finally:
        svc.store.dispose()
