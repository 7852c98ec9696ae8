"""The tables draw each cell from a cache of what distinct cells look like (widgets/table.py):
every line must come out exactly as Textual's DataTable draws it — the same text, colours
and the row/column meta mouse clicks read — and a cell whose content changes must be drawn
anew."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from helpers import main_screen, service, settle
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tasktui.config import UiConfig
from tasktui.store.lifecycle import URGENCIES
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.widgets.table import Table, cell_signature
from tasktui.ui.widgets.task_table import TaskTable

QUIET = UiConfig(poll_seconds=3600)


Drawn = list[list[tuple[str, Style | None, Any]]]


def segments(lines: list[list[Segment]]) -> Drawn:
    # Style equality covers colours, attributes and meta (its hash holds all three).
    return [[(s.text, s.style, s.control) for s in line] for line in lines]


def drawn_by_datatable(
    table: DataTable[Any], row: int, column: int, style: Style, width: int, cursor: bool, hover: bool
) -> Drawn:
    table._cell_render_cache.clear()  # draw it, not take what the cache holds
    lines = DataTable._render_cell(table, row, column, style, width, cursor, hover)
    table._cell_render_cache.clear()
    return segments(lines)


def drawn_by_table(table: Table, row: int, column: int, style: Style, width: int, cursor: bool, hover: bool) -> Drawn:
    table._cell_render_cache.clear()  # through the templates, not DataTable's per-cell cache
    return segments(table._render_cell(row, column, style, width, cursor, hover))


def line_text(table: DataTable[Any], row_index: int) -> str:
    y = row_index + (table.header_height if table.show_header else 0)
    return table._render_line(y, 0, table.size.width, table.rich_style).text


async def test_task_table_cells_are_drawn_as_datatable_draws_them(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("6")  # 全部: every status, CJK and ambiguous-width text
        await settle(pilot)
        table = main_screen(app).table
        rows = list(table.rows_data)
        assert len(rows) >= 6
        # Urgency badges (two styled runs in one cell), a selected mark, a long heading.
        table.replace_row(replace(rows[0], urgency=URGENCIES[-1]))
        table.replace_row(replace(rows[1], urgency=URGENCIES[-2], heading="很长的事项标题" * 8))
        table.toggle_current()
        table.move_cursor(row=2)
        await pilot.pause()
        base = table.rich_style
        checked = 0
        for r in range(table.row_count):
            row_style = table._get_row_style(r, base)
            for c, column in enumerate(table.ordered_columns):
                width = column.get_render_width(table)
                for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                    ours = drawn_by_table(table, r, c, row_style, width, cursor, hover)
                    assert ours == drawn_by_datatable(table, r, c, row_style, width, cursor, hover), (r, column.key)
                    checked += 1
        assert checked == table.row_count * len(table.ordered_columns) * 4
        assert table._templates  # the cells went through the templates
        assert any(shape is not None for shape in table._shapes.values())  # and the fitted ones


async def test_a_row_that_changes_is_drawn_anew_and_appending_keeps_the_others(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        table: TaskTable = main_screen(app).table
        first, second = table.rows_data[0], table.rows_data[1]
        table.move_cursor(row=1)
        await pilot.pause()
        before, untouched = line_text(table, 0), line_text(table, 1)
        assert first.status_label in before
        table.replace_row(replace(first, status="已销号", heading="改过的标题"))
        await pilot.pause()
        after = line_text(table, 0)
        assert "改过的标题" in after and after != before
        assert "已销号" in after and first.status_label not in after
        assert line_text(table, 1) == untouched
        # Appending rows (the next page) leaves every line already shown as it was,
        # colours and meta included.
        shown = [table._render_line(y, 0, table.size.width, table.rich_style) for y in range(4)]
        table.show_rows([replace(second, id=9001), replace(second, id=9002)], False, append=True)
        await pilot.pause()
        again = [table._render_line(y, 0, table.size.width, table.rich_style) for y in range(4)]
        assert [list(s) for s in again] == [list(s) for s in shown]
        assert table.get_row_index("9002") == table.row_count - 1


class Twins(App[None]):
    """The same cells in a Table and in a plain DataTable, side by side."""

    def compose(self) -> ComposeResult:
        yield Table(id="ours", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="theirs", cursor_type="row", zebra_stripes=True)


def fill(table: DataTable[Any], fixed: bool) -> None:
    widths = (4, 10, 12) if fixed else (None, None, None)
    for label, width in zip(("编号", "名称", "备注"), widths, strict=True):
        table.add_column(label, width=width)
    cells: list[tuple[object, object, object]] = [
        ("1", "[b]粗体[/b] 标记", Text("红色", style="bold red")),
        (2, "区教体局", Text("超出列宽的一段很长的文字", no_wrap=True, overflow="crop")),
        ("3", "“引号”±§", Text.assemble(("特急", "reverse yellow"), " 事项")),
        ("", "", Text("")),
        (4.5, "ascii only", None),
        ("6", "全角　空格", Text("斜体", style="italic dim")),
        # Cells that fill their fixed column exactly (as `fit` cuts the task table's).
        (Text("1234"), Text("整改中    ", no_wrap=True, overflow="crop"), Text("  前导空格  ", style="bold")),
        (Text("§±", style="red"), Text("“引号”±§  ab"), Text("x" * 12, style="on blue")),
    ]
    for i, row in enumerate(cells):
        table.add_row(*row, key=str(i))


async def test_table_draws_str_and_text_cells_as_datatable_does() -> None:
    for fixed in (True, False):
        app = Twins()
        async with app.run_test(size=(60, 24)) as pilot:
            ours = app.query_one("#ours", Table)
            theirs = app.query_one("#theirs", DataTable)
            for t in (ours, theirs):
                fill(t, fixed)
                t.move_cursor(row=2)
                t.hover_coordinate = Coordinate(4, 1)
            await pilot.pause()
            assert ours.virtual_size == theirs.virtual_size
            assert [c.get_render_width(ours) for c in ours.ordered_columns] == [
                c.get_render_width(theirs) for c in theirs.ordered_columns
            ]

            async def lines(t: DataTable[Any]) -> list[list[Segment]]:
                t.focus()  # each drawn focused, as the other
                await pilot.pause()
                t._pseudo_class_state = t.get_pseudo_class_state()
                return [list(t._render_line(y, 0, t.size.width, t.rich_style)) for y in range(t.row_count + 1)]

            assert await lines(ours) == await lines(theirs), fixed
            # A changed cell is drawn with its new text, in both.
            for t in (ours, theirs):
                t.update_cell("1", t.ordered_columns[1].key, "改后")
                t.add_row("9", "追加", Text("新行"), key="extra")
            await pilot.pause()
            assert await lines(ours) == await lines(theirs), fixed
            assert "改后" in ours._render_line(2, 0, ours.size.width, ours.rich_style).text
            assert ours.virtual_size == theirs.virtual_size


def test_cell_signature_tells_apart_what_draws_differently() -> None:
    assert cell_signature("a") == cell_signature("a")
    assert cell_signature(Text("a", style="red")) != cell_signature(Text("a", style="blue"))
    assert cell_signature(Text("ab")) != cell_signature(Text.assemble(("a", "red"), "b"))
    assert cell_signature(Text("a", overflow="crop")) != cell_signature(Text("a", overflow="ellipsis"))
    assert cell_signature(Text("a")) == cell_signature(Text("a"))

    class Own(Text):
        pass

    assert cell_signature(Own("a")) is None  # a subclass may draw itself: DataTable draws it
    assert cell_signature(3) is None
