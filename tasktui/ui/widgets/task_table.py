"""The countdown table. Shows one page of rows at a time (the screen appends the next page
when the cursor nears the end), so a 100k-task store never lands in the widget at once.

Every cell is cut/padded by `tasktui.textwidth.fit` to its column's exact cell width, so
double-width and ambiguous-width characters never push a column sideways.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tasktui.store.lifecycle import URGENCIES
from tasktui.store.views import TaskRow
from tasktui.textwidth import fit, width
from tasktui.ui.widgets.table import Table

NEAR_END = 15  # rows before the end of the loaded page that trigger loading the next one


@dataclass(frozen=True)
class Column:
    key: str  # also the service's sort key
    label: str
    width: int  # 0 = takes the remaining width
    wide_only: bool = False


MARK = "＊"  # a selected row (batch triage); full-width, so never ambiguous-width
COLUMNS: tuple[Column, ...] = (
    Column("mark", "选", 2),
    Column("id", "编号", 5),
    Column("countdown", "倒计时", 9),
    Column("status", "状态", 11),  # 「未签收120天」
    Column("lead", "牵头单位", 12),
    Column("heading", "事项", 0),
    Column("meeting", "会议", 16, wide_only=True),
    Column("deadline", "时限", 10),
)
# The 待批延期 view: who asked, for what date and why, beside the days left.
EXTENSION_COLUMNS: tuple[Column, ...] = (
    Column("mark", "选", 2),
    Column("id", "编号", 5),
    Column("countdown", "倒计时", 9),
    Column("ext_unit", "申请单位", 12),
    Column("heading", "事项", 0),
    Column("deadline", "现时限", 10),
    Column("ext_to", "申请延至", 10),
    Column("ext_reason", "理由", 20, wide_only=True),
)
# Columns that sort nothing in the service: clicking their header leaves the order alone.
UNSORTABLE = frozenset({"mark", "ext_unit", "ext_to", "ext_reason"})
MIN_HEADING = 12
WIDE_TABLE = 100  # below this the meeting column is dropped to give the heading room


class TaskTable(Table):
    """Rows keyed by task id (str)."""

    BINDINGS = [
        Binding("s", "cycle_sort", "排序", id="sort"),
        Binding("r", "reverse_sort", "倒序", show=False, id="reverse_sort"),
    ]

    class NeedMore(Message):
        """The cursor is near the end of the loaded rows and more exist."""

    class SelectionChanged(Message):
        """Rows were selected or deselected (batch triage)."""

    class SortChanged(Message):
        def __init__(self, key: str, descending: bool) -> None:
            super().__init__()
            self.key = key
            self.descending = descending

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_data: list[TaskRow] = []
        self.selected: set[int] = set()  # task ids marked for a batch action
        self.has_more = False
        self.sort_key = "countdown"
        self.descending = False
        self._layout_width = 0
        self.column_set: tuple[Column, ...] = COLUMNS
        self._colors = {"red": "red", "yellow": "yellow", "green": "green"}

    # ------------------------------------------------------------------ layout
    def _columns(self) -> list[tuple[Column, int]]:
        avail = max(self.size.width, 40) - 2  # vertical scrollbar
        cols = [c for c in self.column_set if not (c.wide_only and avail < WIDE_TABLE)]
        fixed = sum(c.width for c in cols) + 2 * len(cols)  # cell padding 1 each side
        heading = max(MIN_HEADING, avail - fixed)
        return [(c, c.width or heading) for c in cols]

    def _header(self, col: Column, width: int) -> Text:
        label = col.label
        sorted_here = col.key == self.sort_key
        if sorted_here:
            label += " 降" if self.descending else " 升"
        return Text(fit(label, width), style="bold underline" if sorted_here else "bold")

    def rebuild(self) -> None:
        """Recreate the columns for the current width and re-render the loaded rows."""
        keep = self._cursor_id()
        self.clear(columns=True)
        self._layout_width = self.size.width
        for col, w in self._columns():
            self.add_column(self._header(col, w), width=w, key=col.key)
        self._add(self.rows_data)
        self._restore(keep, 0)

    def use_columns(self, columns: tuple[Column, ...]) -> None:
        """Show another set of columns (a view of its own, such as 待批延期)."""
        if columns != self.column_set:
            self.column_set = columns
            self._layout_width = 0  # the next show_rows rebuilds

    def on_resize(self) -> None:
        if self.size.width != self._layout_width:
            self.rebuild()

    def set_theme_colors(self, red: str, yellow: str, green: str) -> None:
        self._colors = {"red": red, "yellow": yellow, "green": green}

    # ------------------------------------------------------------------ rows
    def show_rows(
        self, rows: list[TaskRow], has_more: bool, *, append: bool = False, keep_id: int | None = None
    ) -> None:
        self.has_more = has_more
        if append:
            self.rows_data.extend(rows)
            self._add(rows)
            return
        old_index = self.cursor_row
        keep = keep_id if keep_id is not None else self._cursor_id()
        self.rows_data = list(rows)
        # A selected task that left the list (another view now, or someone else changed it)
        # is no longer selected: a batch acts only on rows the user can see.
        shown = {r.id for r in rows}
        if self.selected - shown:
            self.selected &= shown
            self.post_message(self.SelectionChanged())
        if self._layout_width != self.size.width or not self.columns:
            self.rebuild()
        else:
            self.clear()
            self._add(self.rows_data)
        self._restore(keep, old_index)

    def _restore(self, task_id: int | None, fallback_index: int) -> None:
        if not self.rows_data:
            return
        index = min(max(fallback_index, 0), len(self.rows_data) - 1)
        if task_id is not None:
            for i, r in enumerate(self.rows_data):
                if r.id == task_id:
                    index = i
                    break
        self.move_cursor(row=index, animate=False, scroll=True)

    def _cursor_id(self) -> int | None:
        if not self.rows_data or self.cursor_row < 0 or self.cursor_row >= len(self.rows_data):
            return None
        return self.rows_data[self.cursor_row].id

    @property
    def current(self) -> TaskRow | None:
        if not self.rows_data or not (0 <= self.cursor_row < len(self.rows_data)):
            return None
        return self.rows_data[self.cursor_row]

    # ------------------------------------------------------------------ selection
    def selected_rows(self) -> list[TaskRow]:
        """The selected rows, in table order."""
        return [r for r in self.rows_data if r.id in self.selected]

    def toggle_current(self) -> None:
        row = self.current
        if row is not None:
            self._mark(row.id, row.id not in self.selected)
            self.post_message(self.SelectionChanged())

    def extend_selection(self, step: int) -> None:
        """Shift+arrow: select the current row and the next one in that direction."""
        row = self.current
        if row is None:
            return
        self._mark(row.id, True)
        target = self.cursor_row + step
        if 0 <= target < len(self.rows_data):
            self.move_cursor(row=target, animate=False, scroll=True)
            self._mark(self.rows_data[target].id, True)
        self.post_message(self.SelectionChanged())

    def clear_selection(self) -> None:
        ids, self.selected = self.selected, set()
        for task_id in ids:
            self._paint_mark(task_id)
        self.post_message(self.SelectionChanged())

    def _mark(self, task_id: int, on: bool) -> None:
        if on:
            self.selected.add(task_id)
        else:
            self.selected.discard(task_id)
        self._paint_mark(task_id)

    def _paint_mark(self, task_id: int) -> None:
        if "mark" in self.columns and any(r.id == task_id for r in self.rows_data):
            self.update_cell(str(task_id), "mark", self._mark_cell(task_id))

    def _mark_cell(self, task_id: int) -> Text:
        return Text(MARK if task_id in self.selected else "  ", style="bold", no_wrap=True, overflow="crop")

    def replace_row(self, row: TaskRow) -> None:
        """Show a freshly written row in place (after an action), without a reload."""
        for i, r in enumerate(self.rows_data):
            if r.id == row.id:
                self.rows_data[i] = row
                for (col, _width), cell in zip(self._columns(), self._cells(row)):
                    self.update_cell(str(row.id), col.key, cell)
                return

    def _add(self, rows: list[TaskRow]) -> None:
        self.add_rows_keyed([(str(r.id), self._cells(r)) for r in rows])

    def add_rows_keyed(self, keyed: list[tuple[str, list[Text]]]) -> None:
        for key, cells in keyed:
            self.add_row(*cells, key=key)

    def _cells(self, r: TaskRow) -> list[Text]:
        warning = r.countdown.warning
        color = self._colors.get(warning)
        settled = warning == "settled"
        base = "dim" if settled else ""
        out: list[Text] = []
        for col, w in self._columns():
            if col.key == "mark":
                out.append(self._mark_cell(r.id))
                continue
            if col.key == "id":
                value, style = str(r.id), base
            elif col.key == "countdown":
                value = r.countdown.label
                style = f"bold {color}" if color else base
            elif col.key == "status":
                # 未签收N天 in place of 已交办 (it is one), in the warning colour.
                value = r.status_label
                style = f"bold {self._colors['yellow']}" if r.unacknowledged_days is not None else base
            elif col.key == "lead":
                value, style = r.lead or "—", base
            elif col.key == "heading":
                value, style = f"{r.outline} {r.heading}".strip(), base
                if r.urgent:
                    out.append(self._urgent_heading(r, value, w, base))
                    continue
            elif col.key == "meeting":
                value, style = r.meeting, f"{base} italic".strip()
            elif col.key == "ext_unit":
                value, style = r.extension.unit if r.extension else "—", base
            elif col.key == "ext_to":
                asked = r.extension.requested if r.extension else None
                value, style = asked.isoformat() if asked else "—", "bold"
            elif col.key == "ext_reason":
                value, style = (r.extension.reason or "—") if r.extension else "—", f"{base} italic".strip()
            else:  # deadline
                if r.deadline:
                    value = r.deadline.isoformat()
                elif r.deadline_unresolved:
                    value = "待定"
                else:
                    value = "—"
                style = color or base
            out.append(Text(fit(value, w), style=style, no_wrap=True, overflow="crop"))
        return out

    def _urgent_heading(self, r: TaskRow, heading: str, w: int, base: str) -> Text:
        """特急 or 急办 as a badge before the heading (reversed, in the countdown's red or
        yellow): five cells, so the heading keeps its room at 80 columns."""
        mark = r.urgency
        color = self._colors["red"] if r.urgency == URGENCIES[-1] else self._colors["yellow"]
        text = Text(fit(mark, min(w, width(mark))), style=f"bold reverse {color}", no_wrap=True, overflow="crop")
        text.append(fit(" " + heading, max(w - width(mark), 0)), style=base)
        return text

    # ------------------------------------------------------------------ events
    def watch_cursor_coordinate(self, old, new) -> None:  # type: ignore[no-untyped-def]
        super().watch_cursor_coordinate(old, new)
        if self.has_more and new.row >= len(self.rows_data) - NEAR_END:
            self.post_message(self.NeedMore())

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = str(event.column_key.value)
        if key in UNSORTABLE:
            return
        if key == "deadline":
            key = "countdown"
        if key == self.sort_key:
            self.descending = not self.descending
        else:
            self.sort_key, self.descending = key, False
        self.post_message(self.SortChanged(self.sort_key, self.descending))

    def action_cycle_sort(self) -> None:
        from tasktui.ui.tabs import SORT_KEYS

        i = SORT_KEYS.index(self.sort_key) if self.sort_key in SORT_KEYS else -1
        self.sort_key, self.descending = SORT_KEYS[(i + 1) % len(SORT_KEYS)], False
        self.post_message(self.SortChanged(self.sort_key, self.descending))

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.post_message(self.SortChanged(self.sort_key, self.descending))

    def refresh_headers(self) -> None:
        for col, w in self._columns():
            if col.key in self.columns:
                self.columns[col.key].label = self._header(col, w)  # type: ignore[index]
        self.refresh()
