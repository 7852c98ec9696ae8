"""The units an imported speech names that the store does not know: register all,
those picked (space toggles, all picked at first), or none; the import goes on after.
Esc cancels the import (nothing is written)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Label, SelectionList, Static

from tasktui.exchange.unit_proposals import UnitProposal
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.widgets.check_list import CheckList
from tasktui.ui.widgets.push_button import PushButton
from tasktui.ui.widgets.scroll_box import ScrollBox


class UnitProposalsDialog(Dialog):
    """Dismisses with the proposals to register ([] for none), None to cancel."""

    BINDINGS = [
        # Priority: in the list Enter would toggle an item (space does that); here it
        # registers what is picked, or presses the focused button.
        Binding("enter", "enter", "登记所选", priority=True, id="proposals_enter"),
        Binding("a", "all", "全部登记", id="proposals_all"),
        Binding("n", "none", "不登记", id="proposals_none"),
    ]
    DEFAULT_CSS = """
    UnitProposalsDialog #proposals { height: auto; max-height: 12; margin: 1 0 0 0; }
    UnitProposalsDialog.-short #proposals { max-height: 8; margin: 0; }
    """

    def __init__(self, source: str, proposals: list[UnitProposal], kind: str = "讲话") -> None:
        super().__init__()
        self.source = source
        self.proposals = proposals
        self.kind = kind  # 讲话 or 台账: what names the units

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label(f"登记{self.kind}中提到的单位", classes="dialog-title")
            yield Static(
                safe(f"「{self.source}」提到 {len(self.proposals)} 个尚未登记的单位，登记后可直接交办给它们"),
                classes="dialog-hint",
            )
            yield CheckList[int](*((safe(p.describe()), i, True) for i, p in enumerate(self.proposals)), id="proposals")
            yield Static("空格 选择/取消  a 全部登记  n 不登记  Enter 登记所选  Esc 取消导入", classes="dialog-hint")
            yield Static("", id="error")
            yield Horizontal(
                PushButton("登记所选并导入", variant="primary", id="ok"),
                PushButton("全部登记", id="all"),
                PushButton("不登记", id="none"),
                PushButton("取消导入", id="cancel"),
                classes="buttons",
            )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(SelectionList).focus()

    @on(SelectionList.SelectionToggled)
    def _toggled(self) -> None:
        self.query_one("#ok", Button).label = f"登记所选（{len(self.selected())}）并导入"

    def selected(self) -> list[UnitProposal]:
        picked = set(self.query_one(SelectionList).selected)
        return [p for i, p in enumerate(self.proposals) if i in picked]

    def action_enter(self) -> None:
        if isinstance(self.focused, Button):
            self.focused.press()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.selected())

    @on(Button.Pressed, "#all")
    def action_all(self) -> None:
        self.dismiss(list(self.proposals))

    @on(Button.Pressed, "#none")
    def action_none(self) -> None:
        self.dismiss([])


__all__ = ["UnitProposalsDialog"]
