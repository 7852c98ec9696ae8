"""A DataTable whose keys are described in Chinese, and whose cells are drawn from a cache
of what each distinct cell looks like.

Textual's own say "Cursor up", "Page down", "Select"…, which the palette's 按键说明 panel
lists. The keys and actions are Textual's; only the words differ (a test reads every
binding the panel can show).

Drawing: DataTable keys every rendered cell by its row and by a counter that any change to
the table bumps, so each new screenful of rows, and every row on screen again after rows
are appended below it, went through rich (padding, styling, cropping) cell by cell: at
100,000 tasks most of the next-page key (320 cells, 25–40 ms per screenful, twice per
page). A one-line text cell's lines depend only on its content, its width and the styles
around it, so they are kept once per distinct (content, width, styles) and only the
row/column meta (which mouse clicks read) is added per cell; a cell of one style that fills
its column exactly (the task table's, cut by `fit`) does not even go through rich once its
style has (see `_fitted_template`). New rows are not measured when every column has its
own width (nothing reads the measure then). These override DataTable's private drawing
methods: tests/functional/test_ui_table_drawing.py holds every line equal to what
DataTable itself draws, so a Textual upgrade that changes them fails there, not on screen.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.console import RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.renderables.styled import Styled
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey

TABLE_KEYS: list[BindingType] = [
    Binding("enter", "select_cursor", "选定", show=False),
    Binding("up", "cursor_up", "上一行", show=False),
    Binding("down", "cursor_down", "下一行", show=False),
    Binding("right", "cursor_right", "右移", show=False),
    Binding("left", "cursor_left", "左移", show=False),
    Binding("pageup", "page_up", "上一页", show=False),
    Binding("pagedown", "page_down", "下一页", show=False),
    Binding("ctrl+home", "scroll_top", "到顶", show=False),
    Binding("ctrl+end", "scroll_bottom", "到底", show=False),
    Binding("home", "scroll_home", "行首", show=False),
    Binding("end", "scroll_end", "行尾", show=False),
    Binding("ctrl+pageup", "page_left", "向左翻页", show=False),
    Binding("ctrl+pagedown", "page_right", "向右翻页", show=False),
]
# Every screen's keys (Textual's Screen has them in English).
SCREEN_KEYS: list[BindingType] = [
    Binding("tab", "app.focus_next", "下一个控件", show=False),
    Binding("shift+tab", "app.focus_previous", "上一个控件", show=False),
    Binding("ctrl+c,super+c", "screen.copy_text", "复制所选", show=False),
]

# Distinct (content, width, styles) kept: a few screens of unique cells (ids, headings)
# plus every repeated value, well under a megabyte.
TEMPLATES = 4096


def cell_signature(cell: object) -> Hashable | None:
    """What a cell's drawing depends on, when it is plain text (a str, drawn from its markup,
    or a rich Text); None for anything else, which DataTable draws itself."""
    if isinstance(cell, str):
        return cell
    if type(cell) is Text:  # a subclass may draw itself differently
        return (
            cell.plain,
            cell.style,
            tuple(cell.spans),
            cell.justify,
            cell.overflow,
            cell.no_wrap,
            cell.end,
            cell.tab_size,
        )
    return None


class Table(DataTable[Any]):
    BINDINGS = TABLE_KEYS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._templates: LRUCache[tuple[Hashable, ...], SegmentLines] = LRUCache(TEMPLATES)
        self._metas: LRUCache[tuple[int, int], Style] = LRUCache(TEMPLATES)
        # Per distinct (style, width, styles around): the segments a one-style cell that
        # fills its column is drawn as (see _fitted_template); None: rich draws each.
        self._shapes: dict[tuple[Hashable, ...], tuple[Segment, Style | None, Segment] | None] = {}
        # While a pass draws the table (None between passes): the odd and even rows'
        # styles and the settings every cell reads, worked out once.
        self._pass_row_styles: dict[int, Style] | None = None
        self._pass_settings: _Settings | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        # The zebra stripes' styles are worked out from the CSS once per pass, not per line.
        self._pass_row_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._pass_row_styles = None
            self._pass_settings = None

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        styles = self._pass_row_styles
        if styles is None or row_index < self.fixed_rows or not self.zebra_stripes:  # also the header (-1)
            return super()._get_row_style(row_index, base_style)
        style = styles.get(row_index % 2)
        if style is None:
            style = styles[row_index % 2] = super()._get_row_style(row_index, base_style)
        return style

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """DataTable measures every cell of every new row for the widths of auto-width
        columns (800 measures per page of tasks); when every column has its own width and
        no row has a label or an automatic height, what they measure is never read, and only
        the scrollable size is left to set."""
        new_rows = list(new_rows)
        if any(c.auto_width for c in self.columns.values()) or any(
            (row := self.rows.get(key)) is not None and (row.label is not None or row.auto_height) for key in new_rows
        ):
            super()._update_dimensions(new_rows)
            return
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            sum(c.get_render_width(self) for c in self.columns.values()) + self._row_label_column_width,
            self._total_row_height + header_height,
        )

    def _settings(self) -> _Settings:
        """The reactive settings a cell's drawing reads, once per pass while one runs."""
        settings = self._pass_settings
        if settings is None:
            settings = _Settings(
                self.fixed_rows,
                self.fixed_columns,
                self.cell_padding,
                self.show_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            if self._pass_row_styles is not None:  # inside a pass
                self._pass_settings = settings
        return settings

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        settings = self._settings()
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        row = self.rows.get(row_key) if row_key is not None else None
        # The header, row labels, fixed rows and columns, rows of more than one line and
        # cells other than text: DataTable's way.
        if (
            row is None
            or row_key is None
            or column_key is None
            or row.height != 1
            or row_index < settings.fixed_rows
            or column_index < settings.fixed_columns
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        # DataTable's own cache first, under DataTable's own key: a cell drawn since the
        # last change to the table is drawn as it was.
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        datum = self._data[row_key].get(column_key)
        signature = cell_signature(datum)
        if signature is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            settings.show_cursor,
            self._show_hover_cursor,
            settings.css_foreground,
            settings.css_background,
        )
        pre_style = base_style + component_style
        padding = settings.cell_padding
        template_key = (signature, width, pre_style, post_style, padding)
        template = self._templates.get(template_key)
        if template is None:
            if isinstance(datum, Text):
                template = self._fitted_template(datum, width, pre_style, post_style, padding)
            if template is None:
                template = self._draw(
                    self._get_row_renderables(row_index).cells[column_index], width, pre_style, post_style, padding
                )
            self._templates[template_key] = template
        meta = self._metas.get((row_index, column_index))
        if meta is None:
            meta = Style.from_meta({"row": row_index, "column": column_index})
            self._metas[(row_index, column_index)] = meta
        lines: SegmentLines = [
            [
                Segment(text, style + meta if style is not None and not control else style, control)
                for text, style, control in line
            ]
            for line in template
        ]
        self._cell_render_cache[cache_key] = lines
        return lines

    def _draw(
        self, cell: RenderableType, width: int, pre_style: Style, post_style: Style, padding: int
    ) -> SegmentLines:
        """What DataTable._render_cell draws for a one-line cell, without the row/column meta."""
        options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
        return self.app.console.render_lines(
            Styled(Padding(cell, (0, padding)), pre_style=pre_style, post_style=post_style), options
        )

    def _fitted_template(
        self, cell: Text, width: int, pre_style: Style, post_style: Style, padding: int
    ) -> SegmentLines | None:
        """A Text of one style that fills its column exactly (the task table's cells, cut
        and padded by `fit`) comes out of rich as the padding, the text whole in one
        segment, the padding. The first such cell of a style is drawn by rich (with a
        stand-in text of the same width) and its segments' styles kept; the next ones only
        put their own text between them. None when the cell is not of that kind."""
        plain = cell.plain
        inner = width - 2 * padding
        if cell.spans or inner <= 0 or "\n" in plain or "\t" in plain or cell_len(plain) != inner:
            return None
        shape_key = (
            cell.style,
            cell.justify,
            cell.overflow,
            cell.no_wrap,
            cell.end,
            width,
            pre_style,
            post_style,
            padding,
        )
        if shape_key not in self._shapes:
            stand_in = "x" * inner
            probe = Text(
                stand_in,
                style=cell.style,
                justify=cell.justify,
                overflow=cell.overflow,
                no_wrap=cell.no_wrap,
                end=cell.end,
                tab_size=cell.tab_size,
            )
            drawn = self._draw(probe, width, pre_style, post_style, padding)
            fits = len(drawn) == 1 and len(drawn[0]) == 3 and drawn[0][1].text == stand_in and not drawn[0][1].control
            self._shapes[shape_key] = (drawn[0][0], drawn[0][1].style, drawn[0][2]) if fits else None
        shape = self._shapes[shape_key]
        if shape is None:
            return None
        left, style, right = shape
        return [[left, Segment(plain, style), right]]


class _Settings(NamedTuple):
    fixed_rows: int
    fixed_columns: int
    cell_padding: int
    show_cursor: bool
    css_foreground: bool
    css_background: bool


__all__ = ["SCREEN_KEYS", "TABLE_KEYS", "Table", "cell_signature"]
