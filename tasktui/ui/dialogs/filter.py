"""The filter dialog: unit, status, 未签收, kind, 责任领导, 紧急程度, source kind and meeting
on top of the current view. The unit is typed (name, alias or pinyin initials, completed
from the units as they are when the dialog opens); an unknown one gets the names it looks
like. The leader is typed too, completed from the leaders named on the tasks."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tasktui.extract.types import KIND_LABELS
from tasktui.store.departments import Units, match_name
from tasktui.store.lifecycle import STATUSES, URGENCIES
from tasktui.store.meetings import SOURCE_KINDS
from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.tabs import Filters
from tasktui.ui.widgets.dropdown import Dropdown
from tasktui.ui.widgets.push_button import PushButton
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox
from tasktui.ui.widgets.tick_box import TickBox


class FilterDialog(Dialog):
    """Unit, status, kind and meeting filters (search stays on `/`)."""

    def __init__(self, service: Service, filters: Filters) -> None:
        super().__init__()
        self.service = service
        self.filters = filters
        self.meeting_titles: dict[int, str] = {}
        self.units: Units = []

    def compose(self) -> ComposeResult:
        is_office = self.service.actor.is_office
        self.units = self.service.departments() if is_office else [(self.service.actor.name, [])]
        names = sorted({n for u, aliases in self.units for n in (u, *aliases)}, key=lambda n: (len(n), n))
        meetings = self.service.meetings()
        leaders = self.service.leaders()
        self.meeting_titles = {m.id: m.title for m in meetings}
        with ScrollBox(classes="dialog"):
            yield Label("筛选", classes="dialog-title")
            yield Label("单位（牵头或配合；空: 全部单位）")
            yield TextBox(
                value=self.filters.unit or "",
                placeholder="名称、简称或拼音首字母，如 教体局、jtj",
                suggester=SuggestFromList(names),
                id="unit",
            )
            yield Static("", id="unit-hint", classes="dialog-hint")
            yield Label("状态")
            yield Dropdown(
                [(s, s) for s in STATUSES], value=self.filters.status or Select.NULL, prompt="全部状态", id="status"
            )
            yield TickBox("只看未签收（交办后超过设定的工作日）", self.filters.unacknowledged, id="unacknowledged")
            yield Label("类别")
            yield Dropdown(
                [(label, kind) for kind, label in KIND_LABELS.items()],
                value=self.filters.kind or Select.NULL,
                prompt="全部类别",
                id="kind",
            )
            yield Label("责任领导（含这些字；空: 全部）")
            yield TextBox(
                value=self.filters.leader or "",
                placeholder="如 张三",
                suggester=SuggestFromList(leaders) if leaders else None,
                id="leader",
            )
            with Horizontal(classes="filter-pair"):
                yield Dropdown(
                    [(u, u) for u in URGENCIES],
                    value=self.filters.urgency or Select.NULL,
                    prompt="全部紧急程度",
                    id="urgency",
                )
                yield Dropdown(
                    [(k, k) for k in SOURCE_KINDS],
                    value=self.filters.source_kind or Select.NULL,
                    prompt="全部来源",
                    id="source_kind",
                )
            yield Label("会议")
            yield Dropdown(
                [(safe(f"{m.date.isoformat() if m.date else '—'} {m.title}"), m.id) for m in reversed(meetings)],
                value=self.filters.meeting_id if self.filters.meeting_id is not None else Select.NULL,
                prompt="全部会议",
                id="meeting",
            )
            yield Static("", id="error")
            yield Horizontal(
                PushButton("应用", variant="primary", id="ok"),
                PushButton("清除", id="reset"),
                PushButton("取消", id="cancel"),
                classes="buttons",
            )

    @on(Input.Changed, "#unit")
    def _unit_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        match = match_name(text, self.units) if text else None
        box = self.query_one("#unit-hint", Static)
        if match is None or match.name == text:
            box.update("")
        elif match.name is not None:
            box.update(Text(safe(f"= {match.name}"), style="bold"))
        else:
            box.update(Text(safe(match.message()), style="yellow"))

    @on(Input.Submitted, "#unit")
    def _unit_submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#reset")
    def _reset(self) -> None:
        self.dismiss(Filters(search=self.filters.search))

    def action_save(self) -> None:
        def val(sel_id: str) -> str | int | None:
            v = self.query_one(sel_id, Select).value
            return None if v is Select.NULL or v == Select.BLANK or not isinstance(v, (str, int)) else v

        typed = self.query_one("#unit", Input).value.strip()
        unit = None
        if typed:
            if self.service.actor.is_office:  # the units as they are now
                self.units = self.service.departments()
            match = match_name(typed, self.units)
            if match.name is None:
                self.error(safe(match.message()))
                return
            unit = match.name
        status, meeting, kind = val("#status"), val("#meeting"), val("#kind")
        urgency, source_kind = val("#urgency"), val("#source_kind")
        leader = self.query_one("#leader", Input).value.strip() or None
        meeting_id = meeting if isinstance(meeting, int) else None
        self.dismiss(
            Filters(
                unit=unit,
                status=str(status) if status is not None else None,
                meeting_id=meeting_id,
                meeting_title=self.meeting_titles.get(meeting_id) if meeting_id is not None else None,
                search=self.filters.search,
                kind=str(kind) if kind is not None else None,
                unacknowledged=self.query_one("#unacknowledged", Checkbox).value,
                leader=leader,
                urgency=str(urgency) if urgency is not None else None,
                source_kind=str(source_kind) if source_kind is not None else None,
            )
        )
