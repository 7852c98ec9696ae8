"""Command palette: every action of the main screen the current actor may take."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


class TaskActions(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        from tasktui.ui.screens.main import MainScreen

        screen = self.app.screen
        if not isinstance(screen, MainScreen):
            return []
        out = []
        for b in MainScreen.BINDINGS:
            if not isinstance(b, Binding):
                continue
            name = b.action.split("(")[0]
            if screen.check_action(name, ()) is False:
                continue
            keys = getattr(self.app, "keymap", {}).get(b.id, b.key) if b.id else b.key
            out.append((b.description, b.action, keys))
        out.append(("帮助", "app.help", "?"))
        out.append(("切换明暗主题", "app.toggle_dark", "t"))
        return out

    async def _run(self, action: str) -> None:
        target = self.app if action.startswith("app.") else self.app.screen
        await target.run_action(action.removeprefix("app."))

    async def discover(self) -> Hits:
        for desc, action, keys in self._commands():
            yield DiscoveryHit(desc, partial(self._run, action), help=f"按键 {keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for desc, action, keys in self._commands():
            score = matcher.match(desc)
            if score > 0:
                yield Hit(score, matcher.highlight(desc), partial(self._run, action), help=f"按键 {keys}")
