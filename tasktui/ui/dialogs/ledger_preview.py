"""A ledger (台账) about to be imported: how each column is read and the first rows as
they will be stored, before anything is written (the UI's `tasktui import --dry-run`).
Enter imports (the units it names that are not registered are offered next), Esc cancels."""

from __future__ import annotations

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Label, Static

from tasktui.exchange.ledger import PREVIEW_HEADERS, LedgerDraft, mapping_rows, preview_rows
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.widgets.push_button import PushButton
from tasktui.ui.widgets.scroll_box import ScrollBox

# Columns of the rows' preview shown, and how wide each may get (the rest is in the CLI's).
_SHOWN = (0, 2, 3, 4, 5, 6)
_CAPS = (4, 36, 14, 16, 24, 10)


class LedgerPreviewDialog(Dialog):
    """Dismisses with True to import, None to cancel."""

    BINDINGS = [Binding("enter", "save", "导入", priority=True, id="ledger_import")]
    DEFAULT_CSS = """
    LedgerPreviewDialog Static.ledger-table { margin: 1 0 0 0; }
    LedgerPreviewDialog.-short Static.ledger-table { margin: 0; }
    """

    def __init__(self, draft: LedgerDraft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        d = self.draft
        items = sum(1 for r in d.rows if not r.section)
        sections = sum(1 for r in d.rows if r.section)
        with ScrollBox(classes="dialog ledger"):
            yield Label("导入台账：预览（尚未写入）", classes="dialog-title")
            yield Static(
                safe(
                    f"{d.where}：「{d.title}」，会议日期 {d.meeting_date or '未知'}，"
                    f"{items} 项" + (f"、{sections} 个分组" if sections else "")
                ),
                classes="dialog-hint",
            )
            yield Static(self._mapping(), id="ledger-mapping", classes="ledger-table")
            yield Static(self._rows(), id="ledger-rows", classes="ledger-table")
            for w in d.warnings[:3]:
                yield Static(safe(f"警告：{w}"), classes="dialog-hint")
            yield Static(
                "列对应有误时：命令行 tasktui import 文件 --map 列名=字段 更正  Enter 导入  Esc 取消",
                classes="dialog-hint",
            )
            yield Static("", id="error")
            yield Horizontal(
                PushButton("导入", variant="primary", id="ok"),
                PushButton("取消", id="cancel"),
                classes="buttons",
            )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#ok", Button).focus()

    def _mapping(self) -> Table:
        table = Table("列", "表头", "字段", "说明", title="列的对应", title_justify="left", box=None, pad_edge=False)
        for row in mapping_rows(self.draft):
            table.add_row(*(safe(v) for v in row))
        return table

    def _rows(self) -> Table:
        rows = preview_rows(self.draft)
        table = Table(
            *(PREVIEW_HEADERS[i] for i in _SHOWN),
            title=f"前 {len(rows)} 行",
            title_justify="left",
            box=None,
            pad_edge=False,
        )
        for col, cap in zip(table.columns, _CAPS):
            col.max_width = cap
            col.no_wrap = True
            col.overflow = "ellipsis"
        for row in rows:
            table.add_row(*(safe(row[i]) for i in _SHOWN))
        return table

    def action_save(self) -> None:
        if isinstance(self.focused, Button) and self.focused.id == "cancel":
            self.dismiss(None)
            return
        self.dismiss(True)

    @on(Button.Pressed, "#ok")
    def _import(self) -> None:
        self.dismiss(True)


__all__ = ["LedgerPreviewDialog"]
