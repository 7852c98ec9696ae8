"""The import dialog: a speech (.txt/.docx), a ledger (台账: .xlsx/.csv, a .docx that is a
ledger table) or a task file (.toml), read in a worker. A ledger is shown first as a
preview (how its columns are read, its first rows; Esc cancels). When the file names
units the store does not know, the proposals dialog comes next (register all, some or
none; Esc cancels the import), then the meeting is stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label, Static

from tasktui.store.service import Service
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox

if TYPE_CHECKING:
    from tasktui.exchange.importer import PendingImport
    from tasktui.exchange.unit_proposals import UnitProposal


class ImportDialog(Dialog):
    """Import a speech (.txt/.docx), a ledger (.xlsx/.csv) or a task file (.toml); a
    speech's items land in 待分派, a ledger's and a task file's with their status."""

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.view_after = "triage"  # the view tab that shows what was imported

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label("导入讲话稿、台账或任务文件", classes="dialog-title")
            yield Label("文件路径（.txt / .docx / .xlsx / .csv / .toml）")
            yield TextBox(placeholder="~/讲话稿.docx", id="path")
            yield Label("会议日期（可空: 从讲话稿或台账标题中识别）")
            yield TextBox(placeholder="2026-11-20", id="date")
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
        from tasktui.ui.importing import read_file

        pending, error = read_file(self.service, path, meeting_date)
        if pending is None:
            self.app.call_from_thread(self._finished, False, error)
        elif pending.ledger is not None:
            self.app.call_from_thread(self._preview, pending)
        elif pending.proposals:
            self.app.call_from_thread(self._propose, pending)
        else:
            self._store(pending, [])

    def _preview(self, pending: PendingImport) -> None:
        """A ledger: its mapping and first rows first; then the units, then storing."""
        from tasktui.ui.dialogs.ledger_preview import LedgerPreviewDialog

        assert pending.ledger is not None
        self.view_after = "all"

        def confirmed(go: bool | None) -> None:
            if not go:
                self._finished(False, "已取消导入，未写入任何内容")
            elif pending.proposals:
                self._propose(pending)
            else:
                self.error("导入中…")
                self._store_worker(pending, [])

        self.app.push_screen(LedgerPreviewDialog(pending.ledger), confirmed)

    def _propose(self, pending: PendingImport) -> None:
        from tasktui.ui.dialogs.unit_proposals import UnitProposalsDialog

        def chosen(units: list[UnitProposal] | None) -> None:
            if units is None:
                self._finished(False, "已取消导入，未写入任何内容")
                return
            self.error("导入中…")
            self._store_worker(pending, units)

        kind = "台账" if pending.ledger is not None else "讲话"
        self.app.push_screen(UnitProposalsDialog(pending.source_name, pending.proposals, kind), chosen)

    @work(thread=True, exclusive=True)
    def _store_worker(self, pending: PendingImport, units: list[UnitProposal]) -> None:
        self._store(pending, units)

    def _store(self, pending: PendingImport, units: list[UnitProposal]) -> None:
        """In a worker thread: register `units`, store the file, report back."""
        from tasktui.ui.importing import store_file

        ok, summary = store_file(self.service, pending, units)
        self.app.call_from_thread(self._finished, ok, summary)

    def _finished(self, ok: bool, summary: str) -> None:
        if not ok:
            self.query_one("#ok", Button).disabled = False
            self.error(summary)
            return
        self.dismiss(summary)
