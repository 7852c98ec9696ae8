"""别名: more names for a unit (the names speeches and people use for it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from tasktui.store.departments import UnitView
from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.unit_form import UnitDone, UnitForm, split_names
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox


class UnitAliasDialog(UnitForm):
    def __init__(self, service: Service, unit: UnitView) -> None:
        super().__init__(service)
        self.unit = unit

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label("添加别名", classes="dialog-title")
            yield Static(safe(self.unit.name), classes="dialog-task")
            yield Static(safe(f"现有别名: {'、'.join(self.unit.aliases) or '无'}"), classes="dialog-hint")
            yield Label("新别名（用、分隔）")
            yield TextBox(placeholder="如 应急局", id="aliases")
            yield Static("", id="error")
            yield self.buttons("添加")

    def action_save(self) -> None:
        aliases = split_names(self.query_one("#aliases", Input).value)
        if not aliases:
            self.error("请填写别名")
            return
        svc, unit = self.service, self.unit.name

        def call() -> UnitDone:
            name = svc.add_aliases(unit, aliases)
            return UnitDone(f"「{name}」新增别名：{'、'.join(aliases)}", name)

        self.submit(call)


__all__ = ["UnitAliasDialog"]
