"""The command palette (Ctrl+P) worded in Chinese: Textual's own says "Search for
commands…" (the placeholder, given) and "No matches found" (written into its private
countdown, replaced here). tests/functional/test_ui_import_palette.py holds the words,
so a Textual upgrade that moves them fails there, not silently in English."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

NO_MATCHES = "没有匹配的命令"


class Palette(CommandPalette):
    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder="搜索命令…")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's, with its line in Chinese: after a short wait with nothing found, one
        # disabled line says so (an empty search is browsing: nothing is said).
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


__all__ = ["NO_MATCHES", "Palette"]
