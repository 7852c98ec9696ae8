"""The meetings screen: every meeting with its date, title, source kind and task counts;
Enter (or `e`) edits one in the meeting dialog. Office only (policy.may_edit_meeting).
Reads and writes run in thread workers; Esc returns, and the main screen reloads when
anything changed."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tasktui.store.meetings import MeetingUpdate
from tasktui.store.service import Service
from tasktui.store.views import MeetingView
from tasktui.textwidth import fit, safe
from tasktui.ui.errors import STORE_ERRORS, error_text
from tasktui.ui.widgets.table import SCREEN_KEYS, Table

TITLE_CELLS = 40
HINT = "Enter 或 e 修改日期、名称、来源；改日期会按新日期重新计算短语时限"


class MeetingsScreen(Screen[bool]):
    """Dismissed with True when a meeting changed (the main screen reloads then)."""

    BINDINGS = [
        *SCREEN_KEYS,
        Binding("escape,m", "close", "返回", id="meetings_close"),
        Binding("e", "edit", "修改", id="meeting_edit"),
        Binding("ctrl+r", "reload", "刷新", show=False, id="meetings_reload"),
    ]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.meetings: list[MeetingView] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(HINT, id="meetings-hint")
        yield Table(id="meetings", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "会议"
        table = self.query_one("#meetings", DataTable)
        table.add_columns("ID", "日期", "会议", "来源", "条目", "督办事项")
        table.focus()
        self.action_reload()

    def action_reload(self, select_id: int | None = None) -> None:
        self._load(select_id)

    @work(thread=True, exclusive=True, group="meetings")
    def _load(self, select_id: int | None) -> None:
        try:
            meetings = self.service.meetings()
        except STORE_ERRORS as exc:
            self.app.call_from_thread(self.notify, error_text(exc), title="读取失败", severity="error")
            return
        self.app.call_from_thread(self._show, meetings, select_id)

    def _show(self, meetings: list[MeetingView], select_id: int | None) -> None:
        table = self.query_one("#meetings", DataTable)
        keep = select_id
        if keep is None and self.meetings and table.cursor_row < len(self.meetings):
            keep = self.meetings[table.cursor_row].id
        self.meetings = meetings
        table.clear()
        for m in meetings:
            table.add_row(
                f"#{m.id}",
                m.date.isoformat() if m.date else "—",
                fit(safe(m.title), TITLE_CELLS).rstrip(),
                m.source_kind or "—",
                str(m.items),
                str(m.directives),
                key=str(m.id),
            )
        ids = [m.id for m in meetings]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))

    @property
    def current(self) -> MeetingView | None:
        table = self.query_one("#meetings", DataTable)
        if not self.meetings or not 0 <= table.cursor_row < len(self.meetings):
            return None
        return self.meetings[table.cursor_row]

    @on(DataTable.RowSelected, "#meetings")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        from tasktui.ui.dialogs.meeting import MeetingDialog, MeetingEdit

        meeting = self.current
        if meeting is None:
            self.notify("还没有会议", severity="warning")
            return

        def done(edit: MeetingEdit | None) -> None:
            if edit is not None and not edit.empty:
                self._save(edit)

        self.app.push_screen(MeetingDialog(meeting, self.service.clock.today()), done)

    @work(thread=True, group="meeting-write")
    def _save(self, edit: object) -> None:
        from tasktui.ui.dialogs.meeting import MeetingEdit

        assert isinstance(edit, MeetingEdit)
        try:
            result = self.service.update_meeting(
                edit.meeting_id, meeting_date=edit.date, title=edit.title, source_kind=edit.source_kind
            )
        except STORE_ERRORS as exc:
            self.app.call_from_thread(
                self.notify, f"会议 #{edit.meeting_id} 未保存: {error_text(exc)}", title="未保存", severity="error"
            )
            return
        self.app.call_from_thread(self._saved, result)

    def _saved(self, result: MeetingUpdate) -> None:
        self.changed = True
        lines = ["；".join(result.changed) or "没有变化"]
        if result.changes:
            lines.append(f"重新计算了 {len(result.changes)} 个事项的时限（记入历史）：")
            lines += [f"#{c.task_id} {c.phrase}: {c.old_text} → {c.new_text}" for c in result.changes[:5]]
            if len(result.changes) > 5:
                lines.append(f"……共 {len(result.changes)} 个")
        self.notify("\n".join(lines), title=f"会议 #{result.meeting.id} 已保存", timeout=10)
        self.action_reload(result.meeting.id)

    def action_close(self) -> None:
        self.dismiss(self.changed)


__all__ = ["MeetingsScreen"]
