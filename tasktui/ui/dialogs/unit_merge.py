"""合并: one unit into another (two names found to be one unit, or two units merged by
a reorganisation). The tasks go to the unit kept, with an event each; the merged unit's
names become its aliases. Not undoable, so the button is the danger one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from tasktui.store.departments import UnitView, match_name
from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.unit_form import UnitDone, UnitForm
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox


class UnitMergeDialog(UnitForm):
    def __init__(self, service: Service, unit: UnitView) -> None:
        super().__init__(service)
        self.unit = unit

    def compose(self) -> ComposeResult:
        u = self.unit
        others = sorted((n for n, _ in self.units if n != u.name), key=lambda n: (len(n), n))
        with ScrollBox(classes="dialog"):
            yield Label("合并单位", classes="dialog-title")
            yield Static(safe(f"把「{u.name}」并入"), classes="dialog-task")
            yield Label("保留的单位（名称、简称或拼音首字母）")
            yield TextBox(placeholder="如 区教体局、jtj", suggester=SuggestFromList(others), id="into")
            yield Static("", id="into-hint", classes="dialog-hint")
            yield Static(
                safe(
                    f"「{u.name}」牵头{u.lead}项、配合{u.co}项，将转给保留的单位；"
                    f"「{u.name}」的名称和别名成为它的别名。合并不能撤销。"
                ),
                classes="dialog-hint",
            )
            yield Static("", id="error")
            yield self.buttons("合并", danger=True)

    @on(Input.Changed, "#into")
    def _into_changed(self, event: Input.Changed) -> None:
        self.unit_hint(event.value, self.query_one("#into-hint", Static))

    def action_save(self) -> None:
        into = self.query_one("#into", Input).value.strip()
        if not into:
            self.error("请填写保留的单位")
            return
        # Refused here with the names it looks like; the service checks again on the
        # store as it is when it writes (a unit added meanwhile is found there).
        if match_name(into, self.units).name is None:
            fresh = self.service.match_unit(into)
            if fresh.name is None:
                self.error(fresh.message())
                return
        svc, unit = self.service, self.unit.name

        def call() -> UnitDone:
            change = svc.merge_units(unit, into)
            roles = "".join(
                f"\n数据库角色 {r} 原代表「{change.old}」，现在看不到任何事项（需要时重新授权）" for r in change.roles
            )
            return UnitDone(
                f"「{change.old}」已并入「{change.new}」：{change.tasks} 项事项转给「{change.new}」{roles}", change.new
            )

        self.submit(call)


__all__ = ["UnitMergeDialog"]
