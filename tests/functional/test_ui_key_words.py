"""按键说明 (the palette's key panel) in Chinese whatever has focus: Textual's widgets describe
their keys in English ("Move cursor left", "Show menu", "Press button", "Scroll Up"…), so
tasktui uses Chinese-described subclasses (tasktui/ui/widgets). These tests open the panel
over every focusable widget of real screens and dialogs and read what it renders; check
that each subclass rebinds every key its Textual base binds (a Textual upgrade that adds a
key fails here rather than leaking English); and walk the mounted widgets for any of the
English originals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import REPO, goto, notices, service, settle
from rich.cells import cell_len
from rich.table import Table as RichTable
from rich.text import Text
from textual.binding import Binding
from textual.containers import ScrollableContainer, VerticalScroll
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Button, Checkbox, DataTable, Input, OptionList, Select, SelectionList, Tabs
from textual.widgets._key_panel import BindingsTable, KeyPanel
from textual.widgets._select import SelectOverlay

from tasktui.config import UiConfig
from tasktui.exchange.unit_proposals import UnitProposal
from tasktui.ui.app import DARK, TaskTuiApp
from tasktui.ui.dialogs.unit_proposals import UnitProposalsDialog
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.widgets.check_list import CheckList
from tasktui.ui.widgets.dropdown import Dropdown, DropdownMenu
from tasktui.ui.widgets.option_menu import OptionMenu
from tasktui.ui.widgets.push_button import PushButton
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.table import Table
from tasktui.ui.widgets.text_box import TextBox
from tasktui.ui.widgets.tick_box import TickBox
from tasktui.ui.widgets.view_tabs import ViewTabs

QUIET = UiConfig(poll_seconds=3600, theme=DARK)
ASCII_LETTER = re.compile(r"[A-Za-z]")

# Each Chinese-described widget and the Textual widget it stands in for.
OURS: list[tuple[type[DOMNode], type[DOMNode]]] = [
    (TextBox, Input),
    (Dropdown, Select),
    (DropdownMenu, SelectOverlay),
    (OptionMenu, OptionList),
    (CheckList, SelectionList),
    (TickBox, Checkbox),
    (PushButton, Button),
    (ScrollBox, VerticalScroll),
    (ViewTabs, Tabs),
    (Table, DataTable),
]
# Textual widgets with English key descriptions, none of which tasktui may mount as is.
ENGLISH = {base for _, base in OURS} | {ScrollableContainer}


def chinese(text: str) -> bool:
    return bool(text.strip()) and not ASCII_LETTER.search(text)


def bindings_of(cls: type[DOMNode]) -> dict[str, list[Binding]]:
    merged = cls._merged_bindings
    assert merged is not None
    return {key: list(bindings) for key, bindings in merged.key_to_bindings.items()}


@pytest.mark.parametrize(("ours", "base"), OURS, ids=[o.__name__ for o, _ in OURS])
def test_each_widget_rebinds_every_key_of_its_textual_base_in_chinese(ours: type[DOMNode], base: type[DOMNode]) -> None:
    """Same keys, same actions, same show flag: only the words differ, and every word is
    Chinese and short (the merged bindings include those inherited from Textual's scrolling
    bases)."""
    assert issubclass(ours, base)
    theirs, mine = bindings_of(base), bindings_of(ours)
    assert sorted(mine) == sorted(theirs)
    for key, bindings in theirs.items():
        assert [(b.action, b.show, b.priority) for b in mine[key]] == [
            (b.action, b.show, b.priority) for b in bindings
        ], key
        for b in mine[key]:
            assert b.system or chinese(b.description), (ours.__name__, key, b.description)
            # At 80 columns the panel leaves about ten cells beside the longest key names.
            assert cell_len(b.description) <= 10, (ours.__name__, key, b.description)
            assert not ASCII_LETTER.search(b.tooltip), (ours.__name__, key, b.tooltip)
    title = ours.BINDING_GROUP_TITLE
    assert title is None or chinese(title)


def panel_words(app: TaskTuiApp) -> list[str]:
    """What the open key panel renders beside the keys: every description and group title
    (the key column — "ctrl+←", "enter" — is left out: key names are not words)."""
    table = app.screen.query_one(KeyPanel).query_one(BindingsTable).render_bindings_table()
    assert isinstance(table, RichTable)
    cells = table.columns[1]._cells
    return [cell.plain if isinstance(cell, Text) else str(cell) for cell in cells]


async def check_panel_over_each_widget(pilot, app: TaskTuiApp, where: str) -> set[str]:  # type: ignore[no-untyped-def]
    """Focus each focusable widget of the current screen in turn (and nothing), open the
    key panel and read it; return the kinds of widget that had focus."""
    screen = app.screen
    for widget in screen.walk_children(Widget):
        assert type(widget) not in ENGLISH, (where, type(widget).__name__, widget.id)
    kinds: set[str] = set()
    targets: list[Widget | None] = [*screen.focus_chain, None]
    for target in targets:
        if target is None:
            screen.set_focus(None)
        else:
            target.focus()
        await settle(pilot, 1)
        app.action_show_help_panel()
        await settle(pilot, 1)
        words = [w for w in panel_words(app) if w]
        english = [w for w in words if not chinese(w)]
        focused = type(app.focused).__name__ if app.focused else "nothing"
        assert words and not english, (where, focused, english)
        # And the bindings behind them, tooltips included (the panel shows those dimmed).
        for _, binding, _, tooltip in screen.active_bindings.values():
            if not binding.system:
                assert chinese(binding.description) and not ASCII_LETTER.search(tooltip), (where, focused, binding)
        app.action_hide_help_panel()
        await settle(pilot, 1)
        kinds.add(focused)
    return kinds


async def test_the_key_panel_has_no_english_in_any_dialog(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    seen: set[str] = set()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        seen |= await check_panel_over_each_widget(pilot, app, "main")
        # The main screen's search box, then every dialog the main screen opens on a task.
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, TextBox)
        seen |= await check_panel_over_each_widget(pilot, app, "search")
        await pilot.press("escape")
        await settle(pilot)

        async def over_what_opens(key: str) -> set[str]:
            """The key panel over each widget of what `key` opens from the task table, then back."""
            main = app.screen
            assert isinstance(main, MainScreen)
            main.table.focus()
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is not main, (key, notices(app))
            words = await check_panel_over_each_widget(pilot, app, key)
            while not isinstance(app.screen, MainScreen):
                await pilot.press("escape")
                await settle(pilot)
            return words

        for key in ("n", "a", "d", "p", "L", "j", "F", "w", "i", "question_mark", "g"):
            seen |= await over_what_opens(key)
        # The evidence dialogs (a drop-down-free list and a tick box), on a task with a file.
        service(ui_url).attach(1, [("整改报告.pdf", b"%PDF-1.4\n")])
        await goto(pilot, app, 1)
        for key in ("A", "S"):
            seen |= await over_what_opens(key)
        # The units and meetings screens and their dialogs.
        for screen_key, dialog_keys in (("U", ("a", "l", "r", "m")), ("m", ("e",))):
            await pilot.press(screen_key)
            await settle(pilot)
            listing = app.screen
            seen |= await check_panel_over_each_widget(pilot, app, screen_key)
            for key in dialog_keys:
                listing.query_one(Table).focus()
                await pilot.press(key)
                await settle(pilot)
                assert app.screen is not listing, (screen_key, key)
                seen |= await check_panel_over_each_widget(pilot, app, f"{screen_key} {key}")
                await pilot.press("escape")
                await settle(pilot)
                assert app.screen is listing
            await pilot.press("escape")
            await settle(pilot)
        # The check list: the dialog an import opens over units the speech names but the
        # store does not know.
        app.push_screen(UnitProposalsDialog("讲话.txt", [UnitProposal("区应急管理局", ("应急局",), 2)]))
        await settle(pilot)
        seen |= await check_panel_over_each_widget(pilot, app, "proposals")
    # Every kind of widget had focus under the panel somewhere.
    assert {"TaskTable", "Table", "TextBox", "Dropdown", "TickBox", "PushButton", "OptionMenu", "CheckList"} <= seen
    assert "nothing" in seen


async def test_an_open_drop_down_menu_has_no_english_in_the_key_panel(ui_url: str) -> None:
    """An open drop-down's menu is an option list of its own, with Esc to close it."""
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        app.screen.query_one("#status", Dropdown).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, DropdownMenu)
        app.action_show_help_panel()
        await settle(pilot)
        words = [w for w in panel_words(app) if w]
        assert "收起选项" in words and "下一项" in words
        assert not [w for w in words if not chinese(w)], words
        # The menu still works as Textual's: a choice closes it and sets the drop-down.
        await pilot.press("down", "enter")
        await settle(pilot)
        status = app.screen.query_one("#status", Dropdown)
        assert not status.expanded and status.value != Select.NULL


def test_tasktui_ui_creates_none_of_the_english_originals() -> None:
    """Dialogs not opened above are covered by reading the source: no call of an English
    original anywhere in tasktui/ui (queries and messages by the original's type are fine —
    they match the subclasses)."""
    names = "|".join(sorted(base.__name__ for base in ENGLISH))
    call = re.compile(rf"(?<![\w.])({names})(\[[^\]]*\])?\(")
    found = [
        f"{path.relative_to(REPO)}:{n}: {line.strip()}"
        for path in sorted((REPO / "tasktui" / "ui").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if call.search(line) and not line.lstrip().startswith("class ")
    ]
    assert not found, found


def test_no_source_outside_the_widgets_subclasses_an_english_original() -> None:
    """A class of our own based on an English original would carry its words too."""
    names = "|".join(sorted(base.__name__ for base in ENGLISH))
    base_of = re.compile(rf"^class \w+\(({names})(\[[^\]]*\])?\)")
    allowed = {Path("tasktui/ui/widgets") / f"{m}.py" for m in OURS_MODULES}
    found = [
        f"{path.relative_to(REPO)}: {line.strip()}"
        for path in sorted((REPO / "tasktui" / "ui").rglob("*.py"))
        if path.relative_to(REPO) not in allowed
        for line in path.read_text(encoding="utf-8").splitlines()
        if base_of.search(line)
    ]
    assert not found, found


OURS_MODULES = (
    "text_box",
    "dropdown",
    "option_menu",
    "check_list",
    "tick_box",
    "push_button",
    "scroll_box",
    "view_tabs",
    "table",
)


def test_every_screens_keys_are_short_chinese_words() -> None:
    """The keys every screen adds (tab, shift+tab, copy) fit beside the key names at 80
    columns as the widgets' do."""
    from textual.binding import Binding as B

    from tasktui.ui.widgets.table import SCREEN_KEYS

    for b in SCREEN_KEYS:
        assert isinstance(b, B)
        assert chinese(b.description) and cell_len(b.description) <= 10, b.description
