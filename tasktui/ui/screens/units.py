"""The units view (单位管理, the office's): every unit with its aliases and how many tasks
it leads and co-owns, by pinyin; 登记, 别名, 更名 and 合并 from here (Esc returns).

It reads the list when it opens, after each change, and every few seconds, so units
another person adds show up; the dialogs read the list again when they open.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Static

from tasktui.store.departments import UnitView
from tasktui.store.service import Service
from tasktui.textwidth import fit, safe
from tasktui.ui.dialogs.unit_form import UnitDone
from tasktui.ui.errors import STORE_ERRORS, error_text
from tasktui.ui.widgets.table import SCREEN_KEYS, Table

ALIAS_CELLS = 36  # the alias column's width: a unit with many aliases does not push the counts away


class UnitsScreen(Screen[None]):
    BINDINGS = [
        *SCREEN_KEYS,
        Binding("a", "add", "登记", id="unit_add"),
        Binding("l", "alias", "别名", id="unit_alias"),
        Binding("r", "rename", "更名", id="unit_rename"),
        Binding("m", "merge", "合并", id="unit_merge"),
        Binding("escape,U", "app.pop_screen", "返回", id="units_close"),
    ]

    DEFAULT_CSS = """
    UnitsScreen #units-line { height: 1; padding: 0 1; color: $text-muted; background: $boost; }
    UnitsScreen #units { height: 1fr; }
    """

    def __init__(self, service: Service, poll_seconds: float = 1.5) -> None:
        super().__init__()
        self.service = service
        self.poll_seconds = poll_seconds
        self.units: list[UnitView] = []
        self.loaded = 0  # reads shown so far (tests wait on it)
        self._fingerprint: tuple[tuple[int, int], str] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="units-line")
        yield Table(id="units", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "单位管理"
        table = self.query_one(DataTable)
        table.add_column("单位", key="name")
        table.add_column("别名", key="aliases")
        table.add_column("牵头", key="lead")
        table.add_column("配合", key="co")
        table.add_column("未完成", key="open")
        table.focus()
        self.load()
        self.set_interval(self.poll_seconds, self._poll)

    @property
    def current(self) -> UnitView | None:
        table = self.query_one(DataTable)
        if not self.units or not 0 <= table.cursor_row < len(self.units):
            return None
        return self.units[table.cursor_row]

    # ------------------------------------------------------------------ reading
    def load(self, focus: str | None = None) -> None:
        self._load(focus)

    def _poll(self) -> None:
        # Another person's change: only when no dialog is open over this screen.
        if self.app.screen is self:
            self._check()

    @work(thread=True, exclusive=True, group="units-poll")
    def _check(self) -> None:
        """Re-read the overview (task counts: a scan of the task table) only when the
        units or the history changed: the fingerprint is two small reads."""
        try:
            fingerprint = (self.service.change_marker(), repr(self.service.departments()))
        except STORE_ERRORS:
            return  # a busy or vanished store: try again next tick
        if fingerprint != self._fingerprint:
            self._fingerprint = fingerprint
            self._load(None)

    @work(thread=True, exclusive=True, group="units")
    def _load(self, focus: str | None) -> None:
        try:
            units = self.service.unit_overview()
        except STORE_ERRORS as exc:
            self.app.call_from_thread(self.notify, error_text(exc), title="读取失败", severity="error")
            return
        self.app.call_from_thread(self._show, units, focus)

    def _show(self, units: list[UnitView], focus: str | None) -> None:
        self.loaded += 1
        current = self.current
        focus = focus or (current.name if current else None)
        if units == self.units:
            return
        self.units = units
        table = self.query_one(DataTable)
        table.clear()
        for u in units:
            table.add_row(
                safe(u.name),
                fit(safe("、".join(u.aliases)), ALIAS_CELLS).rstrip() or "—",
                str(u.lead),
                str(u.co),
                str(u.open),
                key=u.name,
            )
        names = [u.name for u in units]
        if focus in names:
            table.move_cursor(row=names.index(focus))
        total = sum(1 for u in units if u.lead or u.co)
        self.query_one("#units-line", Static).update(
            f"共 {len(units)} 个单位，{total} 个有事项  ・ a 登记  l 别名  r 更名  m 合并  Esc 返回"
            if units
            else "还没有登记单位：按 a 登记（导入讲话时也会列出讲话中提到的单位）"
        )

    # ------------------------------------------------------------------ actions
    def _open(self, dialog: ModalScreen[UnitDone | None]) -> None:
        def done(result: UnitDone | None) -> None:
            if result is not None:
                self.notify(result.message, title="单位", timeout=8)
                self.load(focus=result.unit)

        self.app.push_screen(dialog, done)

    def _needs_unit(self) -> UnitView | None:
        unit = self.current
        if unit is None:
            self.notify("还没有单位：按 a 登记", severity="warning")
        return unit

    def action_add(self) -> None:
        from tasktui.ui.dialogs.unit_add import UnitAddDialog

        self._open(UnitAddDialog(self.service))

    def action_alias(self) -> None:
        from tasktui.ui.dialogs.unit_alias import UnitAliasDialog

        unit = self._needs_unit()
        if unit is not None:
            self._open(UnitAliasDialog(self.service, unit))

    def action_rename(self) -> None:
        from tasktui.ui.dialogs.unit_rename import UnitRenameDialog

        unit = self._needs_unit()
        if unit is not None:
            self._open(UnitRenameDialog(self.service, unit))

    def action_merge(self) -> None:
        from tasktui.ui.dialogs.unit_merge import UnitMergeDialog

        unit = self._needs_unit()
        if unit is None:
            return
        if len(self.units) < 2:
            self.notify("只有一个单位，无可合并", severity="warning")
            return
        self._open(UnitMergeDialog(self.service, unit))


__all__ = ["UnitsScreen"]
