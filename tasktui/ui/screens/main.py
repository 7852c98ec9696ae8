"""The main screen: view tabs with counts, the countdown table, the detail pane.

All reading and writing goes through the `Service` in thread workers that post messages
back (`tasktui.ui.messages`); the screen only keeps UI state (view, filters, sort, the
loaded page) and never touches the database itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static, Tabs
from textual.worker import get_current_worker

from tasktui.extract.types import KIND_LABELS
from tasktui.store.errors import InputError, RuleError, StaleEditError
from tasktui.store.lifecycle import ACTION_LABELS, PENDING
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import TaskRow
from tasktui.textwidth import fit, width
from tasktui.ui.conflicts import what_changed
from tasktui.ui.errors import STORE_ERRORS, error_text
from tasktui.ui.footer import FOOTER_PRIORITY_DEPARTMENT, FOOTER_PRIORITY_OFFICE, footer_ids
from tasktui.ui.messages import (
    ActionDone,
    ActionFailed,
    BatchDone,
    CountsLoaded,
    DetailLoaded,
    FirstPageShown,
    LoadFailed,
    RowsLoaded,
    StoreChanged,
)
from tasktui.ui.screen_actions import (
    ACTION_RULES,
    ENTER_ACTIONS_DEPARTMENT,
    ENTER_ACTIONS_OFFICE,
    OFFICE_ONLY_SCREEN_ACTIONS,
    allowed,
    decide,
)
from tasktui.ui.tabs import DEPARTMENT_VIEWS, OFFICE_VIEWS, Filters, kind_home, view_query
from tasktui.ui.undo import UndoPlan, plan_batch_undo, plan_undo
from tasktui.ui.widgets.detail_pane import DetailPane
from tasktui.ui.widgets.table import SCREEN_KEYS
from tasktui.ui.widgets.task_table import COLUMNS, EXTENSION_COLUMNS, TaskTable
from tasktui.ui.widgets.text_box import TextBox
from tasktui.ui.widgets.view_tabs import ViewTabs

# Screen actions that apply to every selected row at once (batch triage); the others act
# on the cursor row and are refused while rows are selected, rather than guess.
BATCH_ACTIONS = frozenset({"assign", "reject", "deadline"})
# Off in the web mode: they read a path on the server (an upload may come later).
WEB_HIDDEN_ACTIONS = frozenset({"import_file", "attach"})
WEB_NO_SERVER_FILES = "网页版不能读取服务器上的文件：导入讲话稿、上传佐证材料请在终端中进行"
if TYPE_CHECKING:
    from tasktui.config import CycleSettings
    from tasktui.ui.dialogs.base import Dialog
    from tasktui.ui.downloads import Download

PAGE = 100  # rows per fetch: two screens' worth on a tall terminal
SEARCH_DELAY = 0.25  # seconds of typing pause before the search query runs


@dataclass
class ReadAhead:
    """The page after the loaded rows, read while the person looks at the last one
    appended: paging on through a long list (at 100k tasks) then shows the next page
    without waiting on the store, whose query shared the CPU with drawing the screen."""

    seq: int  # the reload it belongs to
    offset: int  # the rows loaded when it was asked for
    rows: list[TaskRow] | None = None  # None while being read
    has_more: bool = False
    wanted: bool = False  # the cursor came near the end while it was being read


class PageReadAhead(Message):
    def __init__(self, ahead: ReadAhead, rows: list[TaskRow] | None, has_more: bool) -> None:
        super().__init__()
        self.ahead, self.rows, self.has_more = ahead, rows, has_more


class MainScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = [
        *SCREEN_KEYS,
        Binding("a", "assign", "交办", id="assign"),
        Binding("x", "reject", "不立项", id="reject"),
        Binding("d", "deadline", "时限", id="deadline"),
        Binding("e", "extend", "延期", id="extend"),
        Binding("p", "progress", "进展", id="progress"),
        Binding("f", "done", "完成", id="done"),
        Binding("v", "verify", "销号", id="verify"),
        Binding("o", "reopen", "重开", show=False, id="reopen"),
        Binding("n", "note", "备注", show=False, id="note"),
        Binding("k", "kind", "类别", show=False, id="kind"),
        Binding("c", "acknowledge", "签收", show=False, id="acknowledge"),
        Binding("b", "send_back", "退回", show=False, id="send_back"),
        Binding("z", "sustain", "持续整改", show=False, id="sustain"),
        Binding("L", "leader", "领导", show=False, id="leader"),
        Binding("j", "urgency", "紧急", show=False, id="urgency"),
        Binding("A", "attach", "加佐证", show=False, id="attach"),
        Binding("S", "save_attachment", "存佐证", show=False, id="save_attachment"),
        Binding("slash", "search", "搜索", id="search"),
        Binding("F", "filter", "筛选", id="filter"),
        Binding("space", "toggle_select", "选择", show=False, id="select"),
        Binding("shift+down", "select_down", "向下多选", show=False, id="select_down"),
        Binding("shift+up", "select_up", "向上多选", show=False, id="select_up"),
        Binding("escape", "clear", "清除选择/筛选", show=False, id="clear"),
        Binding("g", "dashboard", "统计", show=False, id="dashboard"),
        Binding("i", "import_file", "导入", show=False, id="import"),
        Binding("U", "units", "单位", show=False, id="units"),
        Binding("m", "meetings", "会议", show=False, id="meetings"),
        Binding("w", "report", "周报", show=False, id="report"),
        Binding("T", "ledger", "台账", show=False, id="ledger"),
        Binding("R", "remind", "催办", show=False, id="remind"),
        Binding("u", "undo", "撤销", show=False, id="undo"),
        Binding("ctrl+r", "reload", "刷新", show=False, id="reload"),
        Binding("1", "view(1)", "视图1", show=False, id="view_1"),
        Binding("2", "view(2)", "视图2", show=False, id="view_2"),
        Binding("3", "view(3)", "视图3", show=False, id="view_3"),
        Binding("4", "view(4)", "视图4", show=False, id="view_4"),
        Binding("5", "view(5)", "视图5", show=False, id="view_5"),
        Binding("6", "view(6)", "视图6", show=False, id="view_6"),
        Binding("7", "view(7)", "视图7", show=False, id="view_7"),
        Binding("8", "view(8)", "视图8", show=False, id="view_8"),
    ]

    def __init__(self, service: Service, poll_seconds: float = 1.5) -> None:
        super().__init__()
        self.service = service
        self.is_office = service.actor.is_office
        self.views = OFFICE_VIEWS if self.is_office else DEPARTMENT_VIEWS
        self.view_id = "open" if self.is_office else "mine"
        self.filters = Filters()
        self.poll_seconds = poll_seconds
        self.marker: tuple[int, int] | None = None
        self.load_seq = 0  # bumped per reload; stale worker results are dropped
        self.loaded_seq = 0  # the last reload that reached the table (tests and benchmark wait on it)
        self.ahead: ReadAhead | None = None
        self.counts_wanted = False  # a reload asked for the tab counts, read when its rows land
        self.total: int | None = None
        self.counts: dict[str, int] = {}
        self.undo_stack: list[UndoPlan] = []  # this session's actions, newest last
        self.report_format = "docx"  # what offices file; the last choice wins after that
        self._search_timer: Timer | None = None
        self._polling = False
        self._binding_signature: tuple[bool | None, ...] = ()
        self._footer_width = 0

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header()
        yield ViewTabs(self.views, id="tabs")
        yield TextBox(placeholder="搜索: 文字、拼音或首字母（如 kcbx）  Enter 完成  Esc 清除", id="search")
        yield Static("", id="status-line")
        with Horizontal(id="body"):
            yield TaskTable(id="table")
            with Vertical(id="side"):
                yield DetailPane(id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self._apply_theme_colors()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.query_one(ViewTabs).select(self.view_id)
        table = self.query_one(TaskTable)
        table.focus()
        self.reload()
        self.set_interval(self.poll_seconds, self.poll_store)

    @property
    def table(self) -> TaskTable:
        return self.query_one(TaskTable)

    @property
    def detail_pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    def theme_colors(self) -> dict[str, str]:
        theme = self.app.current_theme
        return {
            "red": theme.error or "red",
            "yellow": theme.warning or "yellow",
            "green": theme.success or "green",
        }

    def _apply_theme_colors(self) -> None:
        colors = self.theme_colors()
        self.table.set_theme_colors(colors["red"], colors["yellow"], colors["green"])
        self.detail_pane.warn_colors = colors

    def _theme_changed(self, _theme: object) -> None:
        self._apply_theme_colors()
        self.table.rebuild()
        if self.detail_pane.detail is not None:
            self.detail_pane.show(self.detail_pane.detail)

    # ------------------------------------------------------------------ loading
    def current_query(self, offset: int = 0, limit: int = PAGE) -> TaskQuery:
        q = view_query(self.view_id, self.service.clock.today(), self.filters)
        return replace(q, sort=self.table.sort_key, descending=self.table.descending, offset=offset, limit=limit)

    def reload(self, keep_id: int | None = None, counts: bool = True) -> None:
        """Re-read the current page (as many rows as are loaded, so the cursor stays put)."""
        self.load_seq += 1
        limit = max(PAGE, len(self.table.rows_data)) if keep_id is not None else PAGE
        self._load_rows(self.load_seq, self.current_query(0, limit), False, keep_id)
        # The tab counts (a count per view: 8 queries, 100+ ms at 100k on a filter) are read
        # once the rows have landed; read beside them they shared the CPU with the rows'
        # query and their drawing, and the key waited.
        self.counts_wanted = self.counts_wanted or counts
        self._update_status_line()

    @work(thread=True, exclusive=True, group="rows")
    def _load_rows(self, seq: int, query: TaskQuery, append: bool, keep_id: int | None) -> None:
        asked = query.limit or PAGE
        try:
            rows = self.service.task_page(replace(query, limit=asked + 1))
        except STORE_ERRORS as exc:
            self.post_message(LoadFailed(error_text(exc)))
            return
        if get_current_worker().is_cancelled:
            return
        self.post_message(RowsLoaded(seq, rows[:asked], len(rows) > asked, append, keep_id))

    @work(thread=True, exclusive=True, group="ahead")
    def _read_ahead(self, ahead: ReadAhead, query: TaskQuery) -> None:
        asked = query.limit or PAGE
        try:
            rows = self.service.task_page(replace(query, limit=asked + 1))
        except STORE_ERRORS:
            # Read again when the page is wanted, and the error shown then.
            self.post_message(PageReadAhead(ahead, None, False))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(PageReadAhead(ahead, rows[:asked], len(rows) > asked))

    @work(thread=True, exclusive=True, group="counts")
    def _load_counts(self, filters: Filters) -> None:
        today = self.service.clock.today()
        counts: dict[str, int] = {}
        try:
            for v in self.views:
                if get_current_worker().is_cancelled:
                    return
                counts[v.id] = self.service.count_tasks(view_query(v.id, today, filters))
        except STORE_ERRORS as exc:
            self.post_message(LoadFailed(error_text(exc)))
            return
        self.post_message(CountsLoaded(counts, counts.get(self.view_id)))

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, task_id: int) -> None:
        try:
            detail = self.service.get_task(task_id)
        except STORE_ERRORS as exc:
            self.post_message(DetailLoaded(task_id, None, error_text(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(DetailLoaded(task_id, detail))

    def on_rows_loaded(self, msg: RowsLoaded) -> None:
        if msg.seq != self.load_seq:
            return
        self.table.show_rows(msg.rows, msg.has_more, append=msg.append, keep_id=msg.keep_id)
        if self.counts_wanted and not msg.append:
            self.counts_wanted = False
            self._load_counts(self.filters)
        # Someone paging on (a page appended, more to come): read the next one now.
        self.ahead = None
        if msg.append and msg.has_more:
            self.ahead = ReadAhead(msg.seq, len(self.table.rows_data))
            self._read_ahead(self.ahead, self.current_query(self.ahead.offset))
        if self.loaded_seq == 0:
            self.post_message(FirstPageShown())
        self.loaded_seq = msg.seq
        if not msg.append:
            self._show_current_detail()
        self._update_status_line()
        self._refresh_bindings_if_changed()

    def on_load_failed(self, msg: LoadFailed) -> None:
        if self.counts_wanted:  # the rows could not be read: the counts are still tried
            self.counts_wanted = False
            self._load_counts(self.filters)
        self.notify(msg.error, title="读取失败", severity="error")

    def on_counts_loaded(self, msg: CountsLoaded) -> None:
        tabs = self.query_one(ViewTabs)
        for view_id, n in msg.counts.items():
            tabs.set_count(view_id, n)
        self.counts = dict(msg.counts)
        self.total = msg.counts.get(self.view_id)
        self._update_status_line()

    def on_detail_loaded(self, msg: DetailLoaded) -> None:
        current = self.table.current
        if current is None or current.id != msg.task_id:
            return
        if msg.detail is None:
            self.detail_pane.show(None, msg.error or "")
        else:
            self.detail_pane.show(msg.detail)

    def _show_current_detail(self) -> None:
        row = self.table.current
        if row is None:
            self.detail_pane.show(None, "（没有符合条件的事项）")
        elif (
            self.detail_pane.detail is None
            or self.detail_pane.detail.row.id != row.id
            or self.detail_pane.detail.row.version != row.version
        ):
            self._load_detail(row.id)

    def _update_status_line(self) -> None:
        try:
            line = self.query_one("#status-line", Static)
        except Exception:  # before compose
            return
        line.update(self.status_text(max(line.size.width, self.size.width) - 2))

    def status_text(self, cells: int) -> str:
        """Count, filters, sort, who: the less needed parts go first when the line is short
        (the header already names the actor and the date)."""
        shown = len(self.table.rows_data)
        total = self.total if self.total is not None else shown
        count = f"已载入 {shown}/{total} 项" if self.table.has_more else f"共 {total} 项"
        sort_names = {
            "countdown": "倒计时",
            "status": "状态",
            "lead": "牵头单位",
            "heading": "事项",
            "meeting": "会议",
            "id": "编号",
        }
        sort = (
            f"按{sort_names.get(self.table.sort_key, self.table.sort_key)}{'倒序' if self.table.descending else '排序'}"
        )
        who = "督查室" if self.is_office else f"部门模式: {self.service.actor.name}"
        filters = f"{self.filters.describe()}（Esc 清除）" if self.filters.active else ""
        if self.view_id == "extensions" and self.is_office:
            count += "  Enter 批准或驳回"  # the footer may have no room for e 延期
        if self.table.selected:
            # First: what a (a/x/d) will act on, and how to let go of it.
            count = f"已选 {len(self.table.selected)} 项（a 交办 x 不立项 d 时限，Esc 清除）  {count}"
        sep = "  ・ "  # a wide dot: "·" is ambiguous-width and shifts in some terminals
        for parts in ([count, filters, sort, who], [count, filters, sort], [count, filters]):
            text = sep.join(p for p in parts if p)
            if width(text) <= cells:
                return text
        # Still too long (a long meeting title): cut the filter text, keep how to clear it.
        tail = "（Esc 清除）"
        room = cells - width(count) - width(sep) - width(tail)
        return f"{count}{sep}{fit(self.filters.describe(), max(room, 4)).rstrip()}{tail}"

    # ------------------------------------------------------------------ table events
    @on(DataTable.RowHighlighted, "#table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_current_detail()
        self._refresh_bindings_if_changed()

    def _refresh_bindings_if_changed(self) -> None:
        # Re-rendering the footer costs a CSS pass: only when the row's allowed actions differ.
        row = self.table.current
        signature = tuple(allowed(a, row, self.service.actor) for a in ACTION_RULES)
        if signature != self._binding_signature:
            self._binding_signature = signature
            self.refresh_bindings()

    @on(DataTable.RowSelected, "#table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter on a row: the sensible next step for its status (ENTER_ACTIONS_*): the
        # office 交办s a 待分派 item, notes (备注) one in hand, 销号s one done (with a
        # confirm); a department reports progress. Anything else: the detail pane.
        row = self.table.current
        if row is None:
            return
        action = (ENTER_ACTIONS_OFFICE if self.is_office else ENTER_ACTIONS_DEPARTMENT).get(row.status)
        if self.view_id == "extensions" and row.extension is not None:
            action = "extend"  # the queue is there to be answered: grant or deny
        if action is not None and allowed(action, row, self.service.actor):
            self.perform(action)
            return
        self.detail_pane.focus()

    def on_task_table_need_more(self, _: TaskTable.NeedMore) -> None:
        if not self.table.has_more:
            return
        ahead = self.ahead
        if ahead is not None and ahead.seq == self.load_seq and ahead.offset == len(self.table.rows_data):
            if ahead.rows is None:
                ahead.wanted = True  # shown as it lands
            else:
                self._show_ahead(ahead)
            return
        if not any(w.group == "rows" and w.is_running for w in self.workers):
            self._load_rows(self.load_seq, self.current_query(len(self.table.rows_data)), True, None)

    def on_page_read_ahead(self, msg: PageReadAhead) -> None:
        ahead = msg.ahead
        if ahead is not self.ahead:
            return  # reloaded or paged on since
        if msg.rows is None:
            self.ahead = None
            if ahead.wanted:
                self.on_task_table_need_more(TaskTable.NeedMore())
            return
        ahead.rows, ahead.has_more = msg.rows, msg.has_more
        if ahead.wanted:
            self._show_ahead(ahead)

    def _show_ahead(self, ahead: ReadAhead) -> None:
        self.ahead = None
        if ahead.seq == self.load_seq and ahead.offset == len(self.table.rows_data) and ahead.rows is not None:
            self.on_rows_loaded(RowsLoaded(ahead.seq, ahead.rows, ahead.has_more, True, None))

    def on_task_table_sort_changed(self, _: TaskTable.SortChanged) -> None:
        self.table.refresh_headers()
        self.reload(keep_id=None, counts=False)

    @on(Tabs.TabActivated, "#tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        view_id = (event.tab.id or "").removeprefix("view-")
        if view_id and view_id != self.view_id:
            self.view_id = view_id
            self.table.use_columns(EXTENSION_COLUMNS if view_id == "extensions" else COLUMNS)
            self.table.selected.clear()  # a batch is chosen within one view
            self.table.rows_data = []
            # Counts depend on the filters, not on the view: reuse them.
            self.total = self.counts.get(view_id)
            self.reload(counts=False)

    def action_view(self, n: int) -> None:
        if 1 <= n <= len(self.views):
            self.query_one(ViewTabs).select(self.views[n - 1].id)

    # ------------------------------------------------------------------ selection (batch triage)
    def action_toggle_select(self) -> None:
        self.table.toggle_current()

    def action_select_down(self) -> None:
        self.table.extend_selection(1)

    def action_select_up(self) -> None:
        self.table.extend_selection(-1)

    def on_task_table_selection_changed(self, _: TaskTable.SelectionChanged) -> None:
        self._update_status_line()
        self.refresh_bindings()  # a/x/d now answer for the selection

    # ------------------------------------------------------------------ search and filters
    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    def _apply_search(self) -> None:
        text = self.query_one("#search", Input).value.strip()
        if (text or None) != self.filters.search:
            # Headings and units alike (`jtj` also finds 区教体局's tasks): the service matches both.
            self.filters = replace(self.filters, search=text or None)
            self.reload()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._apply_search()
        box = self.query_one("#search", Input)
        if not box.value.strip():
            box.display = False
        self.table.focus()

    def action_clear(self) -> None:
        if self.table.selected:  # Esc lets go of the selection first, the filters next time
            self.table.clear_selection()
            return
        box = self.query_one("#search", Input)
        if not self.filters.active and not box.display:
            return
        box.value = ""
        box.display = False
        if self._search_timer is not None:
            self._search_timer.stop()
        self.filters = Filters()
        self.table.focus()
        self.reload()

    def action_filter(self) -> None:
        from tasktui.ui.dialogs.filter import FilterDialog

        def done(result: Filters | None) -> None:
            if result is not None:
                self.filters = replace(result, search=self.filters.search)
                self.reload()

        self.app.push_screen(FilterDialog(self.service, self.filters), done)

    # ------------------------------------------------------------------ change polling
    def poll_store(self) -> None:
        if not self._polling:
            self._polling = True
            self._poll_worker()

    @work(thread=True, group="poll")
    def _poll_worker(self) -> None:
        try:
            marker = self.service.change_marker()
        except Exception:  # a locked or vanished store: try again next tick
            self._polling = False
            return
        self._polling = False
        if marker != self.marker:
            self.post_message(StoreChanged(marker))

    def on_store_changed(self, msg: StoreChanged) -> None:
        first = self.marker is None
        self.marker = msg.marker
        if first:
            return  # the initial read already shows this state
        row = self.table.current
        self.reload(keep_id=row.id if row else None)
        if row is not None:
            self._load_detail(row.id)

    def action_reload(self) -> None:
        row = self.table.current
        self.reload(keep_id=row.id if row else None)

    # ------------------------------------------------------------------ footer
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings
        shown = self._footer_ids(bindings)
        out: dict[str, ActiveBinding] = {}
        for key, ab in bindings.items():
            want = ab.binding.id in shown if ab.binding.id else ab.binding.show
            out[key] = ab if want == ab.binding.show else ab._replace(binding=replace(ab.binding, show=want))
        return out

    def _footer_ids(self, bindings: dict[str, ActiveBinding]) -> set[str]:
        """Binding ids the footer has room for at this width, by priority."""
        by_id = {ab.binding.id: ab.binding for ab in bindings.values() if ab.binding.id}
        priority = FOOTER_PRIORITY_OFFICE if self.is_office else FOOTER_PRIORITY_DEPARTMENT
        return footer_ids(by_id, priority, max(self.size.width, 40), self.app.get_key_display)

    def on_resize(self) -> None:
        # The footer only recomposes when bindings change: tell it when the width does.
        footer_width = max(self.size.width, 40)
        if footer_width != self._footer_width:
            self._footer_width = footer_width
            self.refresh_bindings()
        self._update_status_line()

    # ------------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WEB_HIDDEN_ACTIONS and self.web:
            return False  # not in the footer, the palette or `?`; the key says why (on_key)
        if action in BATCH_ACTIONS and self._selected_safe():
            # On a selection the key runs and the batch is checked row by row (`_batch_rows`);
            # only an actor who may never take it sees it hidden.
            return False if allowed(action, self._current_row_safe(), self.service.actor) is False else True
        if action in ACTION_RULES or action in OFFICE_ONLY_SCREEN_ACTIONS:
            return allowed(action, self._current_row_safe(), self.service.actor)
        return True

    def on_key(self, event: events.Key) -> None:
        # A dimmed key (allowed on some rows, not this one) does nothing in Textual: say
        # why instead, as the palette and Enter do. Runs before the screen's bindings are
        # tried; a key that would run is left to them.
        if self.web and self._web_hidden_key(event.key):
            event.stop()
            event.prevent_default()
            self.notify(WEB_NO_SERVER_FILES, severity="warning")
            return
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or active.node is not self:
            return
        action = active.binding.action
        if action in ACTION_RULES:
            event.stop()
            event.prevent_default()
            self._row_for(action)

    def _web_hidden_key(self, key: str) -> bool:
        """`key` is bound (as the keymap has it) to an action the web mode hides."""
        return any(b.action in WEB_HIDDEN_ACTIONS for b in self._bindings.key_to_bindings.get(key, ()))

    def _selected_safe(self) -> bool:
        try:
            return bool(self.table.selected)
        except Exception:  # before compose
            return False

    def _current_row_safe(self) -> TaskRow | None:
        try:
            return self.table.current
        except Exception:  # before compose
            return None

    def perform(self, action: str) -> None:
        # Not `run_action`: that is Textual's (async, used by the command palette).
        getattr(self, f"action_{action}")()

    def _row_for(self, action: str) -> TaskRow | None:
        if self.table.selected and action not in BATCH_ACTIONS:
            label = self._label(action)
            self.notify(
                f"已选 {len(self.table.selected)} 项：批量只能交办、不立项或设定时限；{label}请先按 Esc 清除选择",
                severity="warning",
            )
            return None
        row = self.table.current
        if row is None:
            self.notify("没有选中的事项", severity="warning")
            return None
        decision = decide(action, row, self.service.actor)
        if not decision:
            # The policy's sentence with the task's id (and, for a status it cannot start
            # from, the status it is in), as the CLI says it.
            self.notify(decision.reason or decision.words or f"#{row.id} 现在不能这样操作", severity="warning")
            return None
        return row

    def _label(self, action: str) -> str:
        from tasktui.ui.screen_actions import lifecycle_action

        return ACTION_LABELS[lifecycle_action(action, self.service.actor, self.table.current).value]

    def _batch_rows(self, action: str) -> list[TaskRow] | None:
        """The selected rows when the policy allows `action` on every one; else the reason
        for each row it refuses (policy.may, as for one row) and nothing happens."""
        rows = self.table.selected_rows()
        refused = [(r, decide(action, r, self.service.actor)) for r in rows]
        refused = [(r, d) for r, d in refused if not d]
        if refused:
            label = "交办" if action == "assign" else self._label(action)
            lines = [f"#{r.id}（{r.status}）: {d.words or '现在不能这样操作'}" for r, d in refused[:8]]
            if len(refused) > 8:
                lines.append(f"…… 另 {len(refused) - 8} 项")
            self.notify(
                "\n".join([f"已选 {len(rows)} 项中 {len(refused)} 项不能{label}，未执行：", *lines])
                + "\n按空格取消选中这些行，或按 Esc 清除选择",
                title=f"批量{label}",
                severity="warning",
                timeout=12,
            )
            return None
        return rows

    def _batch(
        self,
        action: str,
        what: str,
        dialog: Callable[[list[TaskRow]], Dialog],
        call: Callable[[list[TaskRow], object], list[TaskRow]],
        typed: Callable[[object], dict[str, str]],
    ) -> None:
        """A batch action: one dialog for all the selected rows, one all-or-nothing write;
        a refusal reopens the dialog on the fresh rows with what was typed."""
        rows = self._batch_rows(action)
        if rows is None:
            return

        def open_dialog(current: list[TaskRow], prefill: dict[str, str], notice: str) -> None:
            def done(res: object | None) -> None:
                if res is None:
                    return
                self._write_batch(
                    current,
                    what,
                    lambda: call(current, res),
                    action,
                    retry=lambda fresh, why: open_dialog(fresh, typed(res), why),
                )

            self.app.push_screen(dialog(current).many(current).again(prefill, notice), done)

        open_dialog(rows, {}, "")

    def action_assign(self) -> None:
        from tasktui.ui.dialogs.assign import AssignDialog, AssignResult

        if self.table.selected:

            def assign_all(rows: list[TaskRow], res: object) -> list[TaskRow]:
                assert isinstance(res, AssignResult)
                targets = [(r.id, r.version) for r in rows]
                return self.service.assign_many(targets, res.lead, res.co, res.deadline or None, res.note or None)

            def assign_typed(res: object) -> dict[str, str]:
                assert isinstance(res, AssignResult)
                return {"lead": res.lead, "co": "、".join(res.co), "deadline": res.deadline, "note": res.note}

            self._batch(
                "assign", "批量交办", lambda rows: AssignDialog(self.service, rows[0], None), assign_all, assign_typed
            )
            return
        first = self._row_for("assign")
        if first is None:
            return

        def open_dialog(row: TaskRow, prefill: dict[str, str], notice: str) -> None:
            pane = self.detail_pane.detail
            detail = pane if pane and pane.row.id == row.id else None

            def done(res: AssignResult | None) -> None:
                if res is None:
                    return
                verb = ACTION_LABELS["assigned" if row.status == PENDING else "reassigned"]
                typed = {
                    "lead": res.lead,
                    "co": "、".join(res.co),
                    "deadline": res.deadline or "",
                    "note": res.note or "",
                }
                self._write(
                    row,
                    f"{verb} -> {res.lead}",
                    lambda: self.service.assign(
                        row.id, res.lead, res.co, res.deadline or None, res.note or None, expected_version=row.version
                    ),
                    "assign",
                    retry=lambda fresh, why: open_dialog(fresh, typed, why),
                )

            self.app.push_screen(AssignDialog(self.service, row, detail).again(prefill, notice), done)

        open_dialog(first, {}, "")

    def _note_action(
        self,
        action: str,
        title: str,
        call: Callable[[TaskRow, str], TaskRow],
        *,
        required: bool = False,
        danger: bool = False,
        confirm: str = "确定",
        verb: str = "",
        label: str = "说明",
    ) -> None:
        from tasktui.ui.dialogs.note import NoteDialog

        first = self._row_for(action)
        if first is None:
            return

        def open_dialog(row: TaskRow, prefill: dict[str, str], notice: str) -> None:
            def done(note: str | None) -> None:
                if note is None:
                    return
                self._write(
                    row,
                    verb or title,
                    lambda: call(row, note),
                    action,
                    retry=lambda fresh, why: open_dialog(fresh, {"note": note}, why),
                )

            dialog = NoteDialog(title, row, required=required, danger=danger, confirm=confirm, label=label)
            self.app.push_screen(dialog.again(prefill, notice), done)

        open_dialog(first, {}, "")

    def action_reject(self) -> None:
        svc = self.service
        if self.table.selected:
            from tasktui.ui.dialogs.note import NoteDialog

            self._batch(
                "reject",
                "批量不立项",
                lambda rows: NoteDialog("不立项", rows[0], danger=True, confirm="不立项"),
                lambda rows, note: svc.reject_many([(r.id, r.version) for r in rows], str(note) or None),
                lambda note: {"note": str(note)},
            )
            return
        self._note_action(
            "reject",
            "不立项",
            lambda r, n: svc.reject(r.id, n or None, expected_version=r.version),
            danger=True,
            confirm="不立项",
        )

    def action_progress(self) -> None:
        svc = self.service
        self._note_action(
            "progress", "报告进展", lambda r, n: svc.report_progress(r.id, n, expected_version=r.version), required=True
        )

    def action_done(self) -> None:
        svc = self.service
        self._note_action(
            "done",
            "标记完成",
            lambda r, n: svc.mark_done(r.id, n or None, expected_version=r.version),
            confirm="标记完成",
            # The store refuses a bare "done" when the office wants its 整改情况 (config [cycle]).
            required=svc.done_requires_note,
            label="整改情况",
        )

    def action_verify(self) -> None:
        svc = self.service
        self._note_action(
            "verify",
            "核验销号",
            lambda r, n: svc.verify(r.id, n or None, expected_version=r.version),
            danger=True,
            confirm="销号",
        )

    def action_reopen(self) -> None:
        svc = self.service
        self._note_action(
            "reopen",
            "重新打开",
            lambda r, n: svc.reopen(r.id, n or None, expected_version=r.version),
            danger=True,
            confirm="重新打开",
        )

    def action_note(self) -> None:
        svc = self.service
        self._note_action("note", "备注", lambda r, n: svc.add_note(r.id, n, expected_version=r.version), required=True)

    def action_acknowledge(self) -> None:
        svc = self.service
        self._note_action(
            "acknowledge",
            "签收",
            lambda r, n: svc.acknowledge(r.id, n or None, expected_version=r.version),
            confirm="签收",
        )

    def action_send_back(self) -> None:
        svc = self.service
        self._note_action(
            "send_back",
            "退回重办",
            lambda r, n: svc.send_back(r.id, n, expected_version=r.version),
            required=True,
            danger=True,
            confirm="退回重办",
            label="理由",
        )

    def action_sustain(self) -> None:
        svc = self.service
        self._note_action(
            "sustain",
            "转为持续整改",
            lambda r, n: svc.sustain(r.id, n, expected_version=r.version),
            required=True,
            confirm="转为持续整改",
        )

    def action_leader(self) -> None:
        from tasktui.ui.dialogs.leader import LeaderDialog

        row = self._row_for("leader")
        if row is None:
            return
        svc = self.service
        known = sorted({r.responsible_leader for r in self.table.rows_data if r.responsible_leader})

        def done(name: str | None) -> None:
            if name is None or name == (row.responsible_leader or ""):
                return
            self._write(
                row,
                f"设定责任领导 -> {name or '（清除）'}",
                lambda: svc.set_leader(row.id, name or None, expected_version=row.version),
                "leader",
            )

        self.app.push_screen(LeaderDialog(row, known), done)

    def action_urgency(self) -> None:
        from tasktui.ui.dialogs.urgency import UrgencyDialog

        row = self._row_for("urgency")
        if row is None:
            return
        svc = self.service

        def done(level: str | None) -> None:
            if level is None or level == row.urgency:
                return
            self._write(
                row,
                f"调整紧急程度 -> {level}",
                lambda: svc.set_urgency(row.id, level, expected_version=row.version),
                "urgency",
            )

        self.app.push_screen(UrgencyDialog(row), done)

    def _deadline_action(self, action: str) -> None:
        from tasktui.ui.dialogs.deadline import DeadlineDialog, DeadlineResult

        first = self._row_for(action)
        if first is None:
            return
        svc = self.service
        extend = action == "extend"

        def open_dialog(row: TaskRow, prefill: dict[str, str], notice: str) -> None:
            # The office answering a request: grant (the date asked for, pre-filled) or deny.
            request = row.extension if extend and self.is_office else None
            title = ("批准延期" if self.is_office else "申请延期") if extend else "设定时限"
            if request is not None:
                title = "处理延期申请"

            def done(res: DeadlineResult | None) -> None:
                if res is None:
                    return
                typed = {"value": str(res.value), "note": res.note or ""}

                def retry(fresh: TaskRow, why: str) -> None:
                    open_dialog(fresh, typed, why)

                if res.deny:
                    call = lambda: svc.deny_extension(row.id, res.note, expected_version=row.version)  # noqa: E731
                    self._write(row, "驳回延期", call, "extend_deny", retry=retry)
                    return
                if extend:
                    call = lambda: svc.extend(row.id, res.value, res.note or None, expected_version=row.version)  # noqa: E731
                else:
                    call = lambda: svc.set_deadline(row.id, res.value, res.note or None, expected_version=row.version)  # noqa: E731
                verb = "批准延期" if request is not None else title
                self._write(row, f"{verb} -> {res.preview}", call, action, retry=retry)

            dialog = DeadlineDialog(self.service, row, title, extend=extend, request=request)
            self.app.push_screen(dialog.again(prefill, notice), done)

        open_dialog(first, {}, "")

    def action_deadline(self) -> None:
        if self.table.selected:
            from tasktui.ui.dialogs.deadline import DeadlineDialog, DeadlineResult

            svc = self.service

            def set_all(rows: list[TaskRow], res: object) -> list[TaskRow]:
                assert isinstance(res, DeadlineResult)
                return svc.set_deadline_many([(r.id, r.version) for r in rows], res.value, res.note or None)

            def deadline_typed(res: object) -> dict[str, str]:
                assert isinstance(res, DeadlineResult)
                return {"value": str(res.value), "note": res.note or ""}

            self._batch(
                "deadline",
                "批量设定时限",
                lambda rows: DeadlineDialog(svc, rows[0], "设定时限"),
                set_all,
                deadline_typed,
            )
            return
        self._deadline_action("deadline")

    def action_extend(self) -> None:
        self._deadline_action("extend")

    def action_kind(self) -> None:
        from tasktui.ui.dialogs.kind import KindDialog

        row = self._row_for("kind")
        if row is None:
            return
        svc = self.service

        def done(kind: str | None) -> None:
            if kind is None or kind == row.kind:
                return
            label = KIND_LABELS.get(kind, kind)
            # Say where the item went: a 工作回顾 leaves the checklist for the 背景 tab.
            where = f"已改为「{label}」，现列在「{kind_home(kind, row.status)}」标签"
            self._write(
                row,
                f"修改类别 -> {label}",
                lambda: svc.change_kind(row.id, kind, expected_version=row.version),
                "kind",
                message=f"{svc.actor.name} 修改类别 #{row.id}: {where}",
            )

        self.app.push_screen(KindDialog(row), done)

    def action_undo(self) -> None:
        from tasktui.ui.dialogs.confirm import ConfirmDialog

        if not self.undo_stack:
            self.notify("本次还没有可以撤销的操作", severity="warning")
            return
        plan = self.undo_stack[-1]
        if not plan.possible:
            # The last action stays the last one: undoing an older action instead would surprise.
            self.notify(f"不能撤销: {plan.description}\n{plan.why_not}", title="撤销", severity="warning", timeout=8)
            return

        def done(ok: bool | None) -> None:
            if ok and self.undo_stack and self.undo_stack[-1] is plan:
                self.undo_stack.pop()
                assert plan.after is not None
                message = f"已撤销: {plan.description}\n{plan.does}"
                if plan.rows:  # a batch: every task back in one transaction, or none
                    self._write_batch(list(plan.rows), "撤销", plan.run_batch, None, message=message)
                    return
                self._write(plan.after, "撤销", plan.run, None, message=message)

        self.app.push_screen(
            ConfirmDialog(f"撤销: {plan.description}？", f"将{plan.does}。原记录保留在历史中，撤销本身也记入历史。"),
            done,
        )

    def action_attach(self) -> None:
        from tasktui.ui.dialogs.attach import AttachDialog

        row = self._row_for("attach")
        if row is None:
            return

        def done(result: ActionDone | None) -> None:
            # The dialog read the files and stored them in its workers; its result lands
            # as any write's does (toast, undo entry, the page and the detail re-read).
            if result is not None:
                self.post_message(result)

        self.app.push_screen(AttachDialog(self.service, row), done)

    def action_save_attachment(self) -> None:
        from tasktui.ui.dialogs.attachment_save import SaveAttachmentDialog
        from tasktui.ui.downloads import Download

        row = self.table.current  # reading: any task shown, whatever is selected
        if row is None:
            self.notify("没有选中的事项", severity="warning")
            return

        def done(result: object) -> None:
            if isinstance(result, Download):
                self._deliver(result)
                self.notify(result.sent_words(), title="佐证材料")
            elif result:
                self.notify(str(result), title="已保存", timeout=8)

        self.app.push_screen(SaveAttachmentDialog(self.service, row, web=self.web), done)

    def action_dashboard(self) -> None:
        from tasktui.ui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen(self.service, self.theme_colors()))

    def action_meetings(self) -> None:
        from tasktui.ui.screens.meetings import MeetingsScreen

        def done(changed: bool | None) -> None:
            if changed:  # dates, titles and deadlines the table shows may have moved
                row = self.table.current
                self.reload(keep_id=row.id if row else None)
                if row is not None:
                    self._load_detail(row.id)

        self.app.push_screen(MeetingsScreen(self.service), done)

    def action_report(self) -> None:
        from tasktui.ui.dialogs.report import ReportDialog
        from tasktui.ui.reporting import ReportRequest

        def done(request: ReportRequest | None) -> None:
            if request is not None:
                self.report_format = request.fmt  # offered again next time this session
                name = request.path.name if request.path is not None else request.name
                self.notify(f"正在生成 {name} …", title="周报", timeout=3)
                self._report_worker(request)

        self.app.push_screen(ReportDialog(self.service, self.report_format, web=self.web), done)

    @property
    def web(self) -> bool:
        """The app runs for a browser (`tasktui --web`): no server path taken or shown."""
        return bool(getattr(self.app, "web", False))

    def _deliver(self, download: Download | None) -> None:
        """Send a web mode's file to the browser (on the UI thread: the driver writes it)."""
        if download is not None:
            deliver = getattr(self.app, "deliver", None)
            if deliver is not None:
                deliver(download)

    @work(thread=True, group="report")
    def _report_worker(self, request: object) -> None:
        # A 100k-task report takes seconds: never on the UI thread.
        from tasktui.ui.reporting import ReportRequest, render, write

        assert isinstance(request, ReportRequest)
        if request.path is None:
            ok, text, download = render(self.service, request)
            self.app.call_from_thread(self._deliver, download)
        else:
            ok, text = write(self.service, request)
        self.app.call_from_thread(
            self.notify,
            text,
            title="周报已生成" if ok else "周报未生成",
            severity="information" if ok else "error",
            timeout=12,
        )

    def action_ledger(self) -> None:
        from tasktui.ui.dialogs.ledger import LedgerDialog
        from tasktui.ui.ledger import LedgerRequest

        def done(request: LedgerRequest | None) -> None:
            if request is not None:
                where = "打包" if request.download else f"写出单位台账到 {request.folder}"
                self.notify(f"正在{where} …", title="台账", timeout=3)
                self._ledger_worker(request)

        self.app.push_screen(LedgerDialog(self.service), done)

    @work(thread=True, group="ledger")
    def _ledger_worker(self, request: object) -> None:
        # Hundreds of workbooks take seconds: never on the UI thread.
        from tasktui.ui.ledger import LedgerRequest, write, zip_for_download

        assert isinstance(request, LedgerRequest)
        if request.download:
            ok, text, download = zip_for_download(self.service, request)
            self.app.call_from_thread(self._deliver, download)
        else:
            ok, text = write(self.service, request)
        self.app.call_from_thread(
            self.notify,
            text,
            title="单位台账已写出" if ok else "单位台账未写出",
            severity="information" if ok else "error",
            timeout=12,
        )

    def _cycle_settings(self) -> CycleSettings:
        from tasktui.config import CycleSettings

        config = getattr(self.app, "config", None)
        return getattr(config, "cycle", None) or CycleSettings()

    def action_remind(self) -> None:
        # What is owed is worked out first, off the UI thread (every open task is read).
        self.notify("正在列出要催办的事项 …", title="催办", timeout=2)
        self._remind_preview_worker()

    @work(thread=True, group="remind")
    def _remind_preview_worker(self) -> None:
        from tasktui.ui.reminding import preview

        owed = preview(self.service, self._cycle_settings())
        self.app.call_from_thread(self._open_remind_dialog, owed)

    def _open_remind_dialog(self, owed: tuple[bool, str]) -> None:
        from tasktui.ui.dialogs.remind import RemindDialog
        from tasktui.ui.reminding import RemindRequest

        def done(request: RemindRequest | None) -> None:
            if request is not None:
                where = "打包催办通知单" if request.download else f"写出催办通知单到 {request.folder}"
                self.notify(f"正在{where} …", title="催办", timeout=3)
                self._remind_worker(request)

        self.app.push_screen(RemindDialog(self.service, owed), done)

    @work(thread=True, group="remind")
    def _remind_worker(self, request: object) -> None:
        from tasktui.ui.reminding import RemindRequest, write, zip_for_download

        assert isinstance(request, RemindRequest)
        if request.download:
            ok, text, download = zip_for_download(self.service, request, self._cycle_settings())
            self.app.call_from_thread(self._deliver, download)
        else:
            ok, text = write(self.service, request, self._cycle_settings())
        self.app.call_from_thread(
            self.notify,
            text,
            title="催办通知单已写出" if ok else "催办未完成",
            severity="information" if ok else "error",
            timeout=12,
        )
        if ok:
            self.app.call_from_thread(self.action_reload)

    def action_units(self) -> None:
        from tasktui.ui.screens.units import UnitsScreen

        self.app.push_screen(UnitsScreen(self.service, self.poll_seconds))

    def action_import_file(self) -> None:
        from tasktui.ui.dialogs.import_file import ImportDialog

        dialog = ImportDialog(self.service)

        def done(summary: str | None) -> None:
            if summary:
                self.notify(summary, title="导入完成", timeout=10)
                # A speech's items wait in 待分派; a ledger's come with their status.
                self.query_one(ViewTabs).select(dialog.view_after)
                self.reload()

        self.app.push_screen(dialog, done)

    # ------------------------------------------------------------------ writing
    def _write(
        self,
        row: TaskRow,
        what: str,
        call: Callable[[], TaskRow],
        action: str | None,
        message: str | None = None,
        retry: Callable[[TaskRow, str], None] | None = None,
    ) -> None:
        """Run `call` (one service write) in a thread; `action` names the screen action
        so the result can be undone (None: not undoable, e.g. an undo itself). `retry`
        reopens the dialog on the fresh task, with what the user typed, when someone else
        changed the task meanwhile: no typed work is lost to a conflict."""
        self._write_worker(row, what, call, action, message, retry)

    @work(thread=True, group="write")
    def _write_worker(
        self,
        row: TaskRow,
        what: str,
        call: Callable[[], TaskRow],
        action: str | None,
        message: str | None,
        retry: Callable[[TaskRow, str], None] | None,
    ) -> None:
        verb = what.split(" ")[0]
        try:
            new = call()
        except StaleEditError:
            again = None
            changed = ""
            if retry is not None:
                try:
                    fresh = self.service.get_task(row.id).row
                    changed = what_changed(row, fresh)
                    notice = f"提交前已被他人修改：{changed}。已按最新状态刷新，你填写的内容保留，请核对后再次提交"
                    again = lambda: retry(fresh, notice)  # noqa: E731
                except STORE_ERRORS:
                    again = None
            text = f"#{row.id} 已被他人修改{('（' + changed + '）') if changed else ''}，本次{verb}未保存"
            self.post_message(ActionFailed(row.id, text + ("" if again else "；已刷新，请核对后重试"), True, again))
            return
        except STORE_ERRORS as exc:
            self.post_message(ActionFailed(row.id, f"#{row.id} {verb}未保存: {error_text(exc)}", False))
            return
        desc = f"{self.service.actor.name} {verb} #{new.id}"
        try:
            marker = self.service.change_marker()
            plan = plan_undo(self.service, action, row, new, desc) if action else None
        except STORE_ERRORS:
            # Saved; only the follow-up reads failed: no undo for it, the poller reloads.
            marker, plan = self.marker or (0, 0), None
        rest = what.partition(" ")[2]  # "-> 区教体局", "-> 2026-12-05": what changed, in the toast
        self.post_message(ActionDone(new, message or f"{desc}{' ' + rest if rest else ''}: {new.status}", plan, marker))

    def _write_batch(
        self,
        rows: list[TaskRow],
        what: str,
        call: Callable[[], list[TaskRow]],
        action: str | None,
        message: str | None = None,
        retry: Callable[[list[TaskRow], str], None] | None = None,
    ) -> None:
        """`_write` for a batch: `call` is one all-or-nothing service call over `rows`."""
        self._batch_worker(rows, what, call, action, message, retry)

    @work(thread=True, group="write")
    def _batch_worker(
        self,
        rows: list[TaskRow],
        what: str,
        call: Callable[[], list[TaskRow]],
        action: str | None,
        message: str | None,
        retry: Callable[[list[TaskRow], str], None] | None,
    ) -> None:
        anchor = rows[0].id
        try:
            new = call()
        except (RuleError, InputError) as exc:
            # The store names every task that refused the batch; nothing was written. The
            # dialog comes back on the rows as they are now, with what was typed.
            text = error_text(exc)
            again = None
            if retry is not None:
                try:
                    fresh = [self.service.get_task(r.id).row for r in rows]
                    again = lambda: retry(fresh, text)  # noqa: E731
                except STORE_ERRORS:
                    again = None
            self.post_message(ActionFailed(anchor, text, isinstance(exc, StaleEditError), again))
            return
        except STORE_ERRORS as exc:
            self.post_message(ActionFailed(anchor, f"{what}未保存: {error_text(exc)}", False))
            return
        ids = "、".join(f"#{r.id}" for r in new[:6]) + (" 等" if len(new) > 6 else "")
        desc = f"{self.service.actor.name} {what} {len(new)} 项（{ids}）"
        try:
            marker = self.service.change_marker()
            plan = plan_batch_undo(self.service, action, rows, new, desc) if action else None
        except STORE_ERRORS:
            marker, plan = self.marker or (0, 0), None
        self.post_message(BatchDone(new, message or desc, plan, marker))

    def on_batch_done(self, msg: BatchDone) -> None:
        self.marker = msg.marker
        if msg.undo is not None:
            self.undo_stack.append(msg.undo)
        self.notify(msg.message, title="已保存")
        self.table.clear_selection()
        current = self.table.current
        self.reload(keep_id=current.id if current else None)
        if current is not None:
            self._load_detail(current.id)

    def on_action_done(self, msg: ActionDone) -> None:
        self.marker = msg.marker  # our own write: no need for the poller to reload again
        if msg.undo is not None:
            self.undo_stack.append(msg.undo)
        self.notify(msg.message, title="已保存")
        self.table.replace_row(msg.row)
        # The row may now belong to another view (e.g. 待分派 -> 已交办): re-read the page.
        self.reload(keep_id=msg.row.id)
        self._load_detail(msg.row.id)

    def on_action_failed(self, msg: ActionFailed) -> None:
        if msg.retry is None:
            self.notify(msg.message, title="未保存", severity="error", timeout=8)
        if msg.stale:
            self.reload(keep_id=msg.task_id)
            self._load_detail(msg.task_id)
        if msg.retry is not None:
            msg.retry()  # the dialog again, what was typed kept, the change said on top
