"""The Textual application: `run_app(service)` is what `tasktui` (and `tasktui demo`) call.

`web=True` (`tasktui --web`, started by `tasktui serve` under Textual's web driver): the
app runs for someone in a browser, so nothing takes or shows a path on the server —
reports, ledgers and 催办通知单 are sent as downloads (`deliver_binary`), import from the
server's disk is off — and the status line says who is logged in."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tasktui.config import ConfigError, UiConfig, default_config_path, load_config
from tasktui.store.service import Service
from tasktui.textwidth import fit, safe
from tasktui.ui.collector import CHECK_SECONDS, IdleCollector
from tasktui.ui.commands import TaskActions
from tasktui.ui.downloads import Download
from tasktui.ui.messages import FirstPageShown
from tasktui.ui.screen_actions import enter_help
from tasktui.ui.screens.help import HelpScreen, key_rows
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.wide_chars import install

LIGHT, DARK = "textual-light", "textual-dark"
SCREENSHOT = "tasktui-screenshot"  # our delivery's name: Textual's own toast (in English) is for "screenshot"


class TaskTuiApp(App[int]):
    # Absolute: Textual reads a relative CSS_PATH beside the module of the running class,
    # which for a subclass (a test's, an embedding's) is not this one.
    CSS_PATH = Path(__file__).parent / "tasktui.tcss"
    TITLE = "督办事项"
    COMMANDS = App.COMMANDS | {TaskActions}
    BINDINGS = [
        Binding("q", "quit", "退出", id="quit"),
        # Textual's own, worded in Chinese (the 按键说明 panel lists it).
        Binding("ctrl+q", "quit", "退出", show=False, priority=True),
        Binding("question_mark", "help", "帮助", id="help"),
        Binding("t", "toggle_dark", "主题", show=False, id="theme"),
        # Declared here so the footer says 命令 rather than "palette"; priority like Textual's own.
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True, id="command_palette"),
    ]

    def __init__(
        self, service: Service, config: UiConfig | None = None, *, web: bool = False, web_user: str | None = None
    ) -> None:
        super().__init__()
        self.service = service
        self.web = web
        # The cycle collector runs between keys, not during them (ui/collector.py).
        self.collector = IdleCollector()
        self.config = config or UiConfig()
        self.keymap: dict[str, str] = dict(self.config.keymap)
        self._theme_warning: str | None = None
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                # A typo in config.toml must not keep the UI from opening: say so, use the default.
                known = "、".join(sorted(self.available_themes))
                self._theme_warning = (
                    f"配置文件中的主题「{self.config.theme}」不存在，已使用默认主题 {self.theme}。可用: {known}"
                )
        who = "督查室" if service.actor.is_office else f"部门模式 · {service.actor.name}"
        if web:
            # The login name is the server's (its users file), shown as given, only flattened
            # and cut: it names the person, it decides nothing.
            login = fit(safe(web_user or "").strip(), 24, "~").rstrip() if web_user else ""
            who = " · ".join(part for part in ("网页", login, who) if part)
        self.sub_title = f"{who} · {service.clock.today().isoformat()}"

    def on_mount(self) -> None:
        # Binding ids let users move keys without touching code: [keymap] in config.toml.
        if self.keymap:
            self.set_keymap(self.keymap)
        if self._theme_warning:
            self.notify(self._theme_warning, title="主题", severity="warning", timeout=10)
        self.push_screen(MainScreen(self.service, self.config.poll_seconds))
        self.set_interval(CHECK_SECONDS, self.collector.tick)

    def on_first_page_shown(self, _msg: FirstPageShown) -> None:
        self.call_after_refresh(self.collector.start)

    def on_unmount(self) -> None:
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown | events.MouseScrollUp):
            self.collector.note_input()
        await super().on_event(event)

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:
        """Textual's; in web mode with the server's own paths (the store's file and folder,
        its URL) replaced by words: a store error ("数据库 /srv/…/store.db 是只读的") must
        not show a clerk where the server keeps its data."""
        if self.web:
            message, title = self.server_paths_hidden(message), self.server_paths_hidden(title)
        super().notify(message, title=title, **kwargs)

    def server_paths_hidden(self, text: str) -> str:
        store = self.service.store
        places: list[tuple[str, str]] = []
        if store.path is not None:
            places += [(str(store.path), "服务器上的数据库"), (str(store.path.parent), "服务器上的文件夹")]
        from tasktui.store.db import safe_url

        places += [(store.url, "服务器上的数据库"), (safe_url(store.url), "服务器上的数据库")]
        for path, words in sorted(places, key=lambda p: -len(p[0])):  # the file before its folder
            if path and path not in ("/", "."):
                text = text.replace(path, words)
        return text

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Textual's, with every screen drawn by `wide_chars.WideCharCompositor` (a toast
        over a widget's edge keeps its Chinese characters)."""
        if isinstance(screen, Screen):
            install(screen)
        return super().push_screen(screen, *args, **kwargs)

    def deliver(self, download: Download) -> str | None:
        """Send `download` to the browser (web mode): Textual's web driver streams it to
        the page, which saves it; nothing is written on the server. (Under another driver
        Textual saves it in the downloads folder.)"""
        return self.deliver_binary(
            BytesIO(download.data), save_filename=download.name, open_method="download", mime_type=download.mime
        )

    def action_command_palette(self) -> None:
        """The palette, its prompt in Chinese (Textual's own says "Search for commands…")."""
        from textual.command import CommandPalette

        from tasktui.ui.palette import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, worded in Chinese like every other line."""
        yield SystemCommand("主题", "切换配色主题", self.action_change_theme)
        yield SystemCommand("退出", "关闭督办事项", self.action_quit)
        if screen.query("HelpPanel"):
            yield SystemCommand("隐藏按键说明", "关闭右侧的按键和控件说明", self.action_hide_help_panel)
        else:
            yield SystemCommand("按键说明", "在右侧列出当前控件的说明和可用的按键", self.action_show_help_panel)
        if screen.maximized is not None:
            yield SystemCommand("还原", "把放大的部分还原", screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand("放大", "放大当前的部分", screen.action_maximize)
        where = "发送到浏览器" if self.web else "存为"
        yield SystemCommand("截图", f"把当前屏幕{where} SVG 图片", lambda: self.set_timer(0.1, self.take_screenshot))

    def take_screenshot(self) -> None:
        """Textual's screenshot (the web driver sends it to the browser), said in Chinese."""
        from textual._files import generate_datetime_filename

        self.deliver_text(
            StringIO(self.export_screenshot()),
            save_filename=generate_datetime_filename("tasktui", ".svg"),
            open_method="browser",
            mime_type="image/svg+xml",
            name=SCREENSHOT,
        )

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        if event.name == SCREENSHOT:
            # The web driver names no path (the browser has the file); a terminal's is local.
            if event.path is None or self.web:
                self.notify("截图已发送到浏览器", title="截图")
            else:
                self.notify(f"截图已保存: {event.path}", title="截图")

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == SCREENSHOT:
            self.notify("截图未能保存", title="截图", severity="error")

    def action_help_quit(self) -> None:
        """Ctrl+C: Textual says, in English, which key quits. Said here in Chinese, with
        this app's own key (q; in a text box, Escape first: there Ctrl+C copies)."""
        keys = [key for key, active in self.active_bindings.items() if active.binding.action in ("quit", "app.quit")]
        key = "q" if "q" in keys else (keys[0] if keys else "q")
        self.notify(f"按 {key} 退出督办事项（正在输入时先按 Esc 离开输入框）", title="要退出吗？")

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        allowed = None
        if main is not None:
            allowed = {
                b.action.split("(")[0]
                for b in MainScreen.BINDINGS
                if isinstance(b, Binding) and main.check_action(b.action.split("(")[0], ()) is not False
            }
        from tasktui.ui.widgets.task_table import TaskTable

        rows = (
            key_rows(list(MainScreen.BINDINGS), self.keymap, allowed)
            + key_rows(list(TaskTable.BINDINGS), self.keymap)
            + key_rows(list(self.BINDINGS), self.keymap)
        )
        intro = (
            f"{enter_help(self.service.actor.is_office)}  Tab: 在表格和详情之间切换  "
            "Ctrl+P: 命令面板  点击表头: 按该列排序。灰色的按键对当前事项不可用。"
        )
        self.push_screen(HelpScreen(rows, intro))


def run_app(
    service: Service, config_path: Path | None = None, *, web: bool = False, web_user: str | None = None
) -> int:
    """Open the UI on `service`; the keymap and theme come from `config_path`
    (default ~/.config/tasktui/config.toml). `web`: run for a browser (the module's
    docstring); `web_user`: who logged in there."""
    try:
        config = load_config(config_path or default_config_path())
    except ConfigError as exc:
        import sys

        sys.stderr.write(f"tasktui: 忽略配置文件: {exc}\n")
        config = UiConfig()
    app = TaskTuiApp(service, config, web=web, web_user=web_user)
    result = app.run()
    return int(result or 0)
