"""登记单位: a new unit with its aliases (or more aliases for a known one). A name close
to a known unit's is said first; 登记 again registers it all the same."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from tasktui.store.departments import SimilarUnitError, match_name
from tasktui.textwidth import safe
from tasktui.ui.dialogs.unit_form import UnitDone, UnitForm, split_names
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox


class UnitAddDialog(UnitForm):
    confirmed: str | None = None  # the similar name the person chose to register anyway

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label("登记单位", classes="dialog-title")
            yield Label("单位全称")
            yield TextBox(placeholder="如 区应急管理局", id="name")
            yield Static("", id="name-hint", classes="dialog-hint")
            yield Label("别名（用、分隔，可空）")
            yield TextBox(placeholder="如 应急局、区应急局", id="aliases")
            yield Static("", id="error")
            yield self.buttons("登记")

    @on(Input.Changed, "#name")
    def _name_changed(self, event: Input.Changed) -> None:
        hint = self.query_one("#name-hint", Static)
        text = event.value.strip()
        match = match_name(text, self.units) if text else None
        if match is not None and match.name is not None and match.via == "name":
            hint.update(Text(safe(f"已登记为「{match.name}」：将给它加别名"), style="bold"))
        elif match is not None and match.suggestions:
            close = "、".join(f"「{s}」" for s in match.suggestions)
            hint.update(Text(safe(f"与已登记的{close}相近"), style="yellow"))
        else:
            hint.update("")

    def action_save(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.error("请填写单位全称")
            return
        aliases = split_names(self.query_one("#aliases", Input).value)
        svc, allow = self.service, self.confirmed == name

        def call() -> UnitDone:
            unit = svc.add_department(name, aliases, allow_similar=allow)
            return UnitDone(f"已登记单位「{unit}」" + (f"，别名：{'、'.join(aliases)}" if aliases else ""), unit)

        self.submit(call)

    def refused(self, exc: Exception) -> None:
        super().refused(exc)
        if isinstance(exc, SimilarUnitError):
            self.confirmed = exc.name
            self.error(f"{exc}。如确是另一个单位，再按「登记」")


__all__ = ["UnitAddDialog"]
