"""The import dialog: a speech (.txt/.docx) or a task file (.toml), read in a worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Label, Static

from tasktui.store.service import Service
from tasktui.ui.dialogs.base import Dialog


class ImportDialog(Dialog):
    """Import a speech (.txt/.docx) or a task file (.toml); the new items land in 待分派."""

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label("导入讲话稿或任务文件", classes="dialog-title")
            yield Label("文件路径（.txt / .docx / .toml）")
            yield Input(placeholder="~/讲话稿.docx", id="path")
            yield Label("会议日期（可空: 从讲话稿中识别）")
            yield Input(placeholder="2026-11-20", id="date")
            yield Static("", id="error")
            yield self.buttons("导入")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.error("请填写文件路径")
            return
        path = Path(raw).expanduser()
        if not path.exists():
            self.error(f"找不到文件: {raw}")
            return
        date_text = self.query_one("#date", Input).value.strip()
        meeting_date = None
        if date_text:
            try:
                meeting_date = date.fromisoformat(date_text)
            except ValueError:
                self.error("会议日期格式应为 2026-11-20")
                return
        self.query_one("#ok", Button).disabled = True
        self.error("导入中…")
        self._import(path, meeting_date)

    @work(thread=True, exclusive=True)
    def _import(self, path: Path, meeting_date: date | None) -> None:
        from tasktui.ui.importing import import_file

        ok, summary = import_file(self.service, path, meeting_date)
        self.app.call_from_thread(self._finished, ok, summary)

    def _finished(self, ok: bool, summary: str) -> None:
        if not ok:
            self.query_one("#ok", Button).disabled = False
            self.error(summary)
            return
        self.dismiss(summary)
