"""更名: a unit's new name. The old one stays as an alias, and every task of the unit
records the rename in its history (earlier entries keep the old name)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from tasktui.store.departments import UnitView
from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.unit_form import UnitDone, UnitForm
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox


class UnitRenameDialog(UnitForm):
    def __init__(self, service: Service, unit: UnitView) -> None:
        super().__init__(service)
        self.unit = unit

    def compose(self) -> ComposeResult:
        tasks = self.unit.lead + self.unit.co
        with ScrollBox(classes="dialog"):
            yield Label("单位更名", classes="dialog-title")
            yield Static(safe(self.unit.name), classes="dialog-task")
            yield Static(
                safe(f"旧名称保留为别名；{tasks} 项事项的历史会记下更名，之前的记录保留旧名称"), classes="dialog-hint"
            )
            yield Label("新名称")
            yield TextBox(value=self.unit.name, id="name")
            yield Static("", id="error")
            yield self.buttons("更名")

    def action_save(self) -> None:
        new = self.query_one("#name", Input).value.strip()
        if not new:
            self.error("请填写新名称")
            return
        svc, unit = self.service, self.unit.name

        def call() -> UnitDone:
            change = svc.rename_unit(unit, new)
            roles = "".join(f"\n数据库角色 {r} 现在代表「{change.new}」" for r in change.roles)
            return UnitDone(f"「{change.old}」已更名为「{change.new}」，旧名称保留为别名{roles}", change.new)

        self.submit(call)


__all__ = ["UnitRenameDialog"]
