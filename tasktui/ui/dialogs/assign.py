"""The assign / triage dialog: lead unit (typed by name, alias or pinyin initials), co-owners,
an optional deadline and a note; plus the unit-list helpers only it uses.

Units are matched by the store's one rule (`departments.match_name`): as one types,
against the units read when the dialog opened; on 交办, against the units as they are
then, so a unit registered meanwhile is found and a typo gets the names it looks like."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Input, Label, Static

from tasktui.store.departments import Units, match_name
from tasktui.store.service import Service
from tasktui.store.views import TaskDetail, TaskRow
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.dialogs.deadline import basis_hint, preview_deadline
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox

_SPLIT = re.compile(r"[、,，;；\s]+")


def split_units(text: str) -> list[str]:
    return [p for p in _SPLIT.split(text.strip()) if p]


# A typed date (2026-12-31, 2026/12/31) needs no basis; anything else is a phrase.
_DATE_TYPED = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")


class LastTokenSuggester(Suggester):
    """Completes the last unit in a 、-separated list from known names and aliases."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = names

    async def get_suggestion(self, value: str) -> str | None:
        m = re.search(r"([^、,，;；\s]+)$", value)
        if not m:
            return None
        token = m.group(1)
        for n in self.names:
            if n.startswith(token) and n != token:
                return value[: m.start(1)] + n
        return None


@dataclass
class AssignResult:
    lead: str
    co: list[str]
    deadline: str
    note: str


class AssignDialog(Dialog):
    """Triage accept / assign / reassign: lead, co-owners, optional deadline, note."""

    def __init__(self, service: Service, row: TaskRow, detail: TaskDetail | None) -> None:
        super().__init__()
        self.service = service
        self.row = row
        self.detail = detail
        self.known = service.known_department_names()
        self.departments: Units = service.departments()
        self.calendar = service.work_calendar()  # the preview resolves phrases as the service will

    def resolve(self, text: str) -> str | None:
        """A unit typed by name, alias or pinyin initials (jtj = 区教体局)."""
        return match_name(text, self.departments).name

    def compose(self) -> ComposeResult:
        names = sorted(self.known, key=lambda n: (len(n), n))
        title = "交办（分派）" if self.row.status == "待分派" else "改派"
        with ScrollBox(classes="dialog"):
            yield Label(self.batch_title("交办") if self.batch_rows else title, classes="dialog-title")
            yield Static(self.task_text(self.row), classes="dialog-task")
            hint = (self.detail.owner_hint if self.detail and not self.batch_rows else None) or ""
            if hint:
                yield Static(f"原文责任单位: {safe(hint)}", classes="dialog-hint")
            yield Label("牵头单位")
            yield TextBox(
                value=self._suggest_lead(hint),
                placeholder="单位、简称或拼音首字母，如 教体局、jtj",
                suggester=SuggestFromList(names),
                id="lead",
            )
            yield Static("", id="lead-hint", classes="dialog-hint")
            yield Label("配合单位（用、分隔，可空）")
            co = "" if self.batch_rows else "、".join(self.row.co_owners)
            yield TextBox(value=co, suggester=LastTokenSuggester(names), id="co")
            yield Label("时限（可空: 保留原时限）")
            yield TextBox(placeholder=self.row.deadline_phrase or "如 3月底前", id="deadline")
            yield Static("", id="preview")
            if self.batch_rows:
                yield Static(f"短语按各事项的会议日期分别计算（预览为 #{self.row.id}）", classes="dialog-hint")
            yield Label("备注（可空）")
            yield TextBox(id="note")
            yield Static("", id="error")
            yield self.buttons("交办")

    def _suggest_lead(self, hint: str) -> str:
        if self.batch_rows:  # one lead for all: offer it only when they already share it
            leads = {r.lead for r in self.batch_rows}
            return (leads.pop() or "") if len(leads) == 1 else ""
        if self.row.lead:
            return self.row.lead
        for part in split_units(hint):
            if part in self.known:
                return self.known[part]
        return ""

    @on(Input.Changed, "#lead")
    def _lead_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        box = self.query_one("#lead-hint", Static)
        match = match_name(text, self.departments) if text else None
        if match is None or (match.name is not None and match.name == text):
            box.update("")
        elif match.name is not None:
            box.update(Text(safe(f"= {match.name}"), style="bold"))
        else:  # 「区教休局」: the names it looks like, before 交办 refuses it
            box.update(Text(safe(match.message()), style="yellow"))

    @on(Input.Changed, "#deadline")
    def _preview(self, event: Input.Changed) -> None:
        text = event.value
        today = self.service.clock.today()
        if not text.strip():
            keep = self.row.deadline.isoformat() if self.row.deadline else "无"
            self.query_one("#preview", Static).update(Text(f"保留原时限: {keep}", style="dim"))
            return
        ok, msg = preview_deadline(text, self.row.meeting_date, today, self.calendar)
        if ok and not _DATE_TYPED.match(text.strip()):
            msg += f"（{basis_hint(self.row.meeting_date, today)}）"  # a phrase: say what it counts from
        self.query_one("#preview", Static).update(Text(msg, style="bold" if ok else "red"))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        lead = self.query_one("#lead", Input).value.strip()
        if not lead:
            self.error("请填写牵头单位")
            return
        # The units as they are now: one registered since the dialog opened is found.
        self.departments = self.service.departments()
        lead_match = match_name(lead, self.departments)
        lead_name = lead_match.name
        if lead_name is None:
            self.error(safe(lead_match.message()))
            return
        co = split_units(self.query_one("#co", Input).value)
        for c in co:
            co_match = match_name(c, self.departments)
            if co_match.name is None:
                self.error(safe(f"配合单位：{co_match.message()}"))
                return
        deadline = self.query_one("#deadline", Input).value.strip()
        if deadline:
            ok, msg = preview_deadline(deadline, self.row.meeting_date, self.service.clock.today(), self.calendar)
            if not ok:
                self.error(msg)
                return
        self.dismiss(
            AssignResult(
                lead_name, [self.resolve(c) or c for c in co], deadline, self.query_one("#note", Input).value.strip()
            )
        )
