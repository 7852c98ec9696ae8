"""The weekly-report dialog (周报): period, 期号, 编制单位, format and where to write the file
(in the web mode: no path, the file goes to the browser as a download)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from tasktui.config import ReportSettings
from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.widgets.dropdown import Dropdown
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox


class ReportDialog(Dialog):
    """周报: the week (a month, a quarter or a date range), its 期号 and 编制单位 (from [report] in the
    config file, editable), the format and where to write it. Returns a `ReportRequest`;
    the main screen writes the file in a worker and says where it went. `web`: no path is
    asked for or shown (it would be the server's); the request names the download."""

    DEFAULT_CSS = """
    ReportDialog .masthead { height: auto; }
    ReportDialog .masthead Vertical { height: auto; width: 1fr; }
    ReportDialog .masthead #issue-box { width: 20; margin: 0 2 0 0; }
    """

    def __init__(
        self, service: Service, fmt: str = "docx", settings: ReportSettings | None = None, *, web: bool = False
    ) -> None:
        super().__init__()
        self.service = service
        self.web = web
        self.fmt = fmt
        self.today = service.clock.today()
        self.unit = None if service.actor.is_office else service.actor.name
        self._settings = settings
        self._auto_path = ""  # the path we filled in; replaced as long as the user keeps it
        self._auto_issue = ""  # the 期号 we filled in, likewise

    @property
    def settings(self) -> ReportSettings:
        """The [report] settings: given, else the app's config (the main screen opens the
        dialog without them), else none."""
        if self._settings is None:
            config = getattr(self.app, "config", None)
            self._settings = getattr(config, "report", None) or ReportSettings()
        return self._settings

    def compose(self) -> ComposeResult:
        from tasktui.report.period import default_report_path, issue_for
        from tasktui.ui.reporting import FORMAT_LABELS, week_of

        week = week_of(self.today)
        self._auto_path = str(default_report_path(week, self.fmt, self.unit))
        issue = issue_for(week, self.settings)
        self._auto_issue = str(issue) if issue is not None else ""
        scope = f"部门模式: 只含 {self.unit} 牵头或配合的事项" if self.unit else "全部单位的督办事项"
        # Empty: the office named in the store (the office actor's own name).
        office_default = "库中登记的督查室名称" if self.unit else self.service.actor.name
        with ScrollBox(classes="dialog"):
            yield Label("生成督办周报（月报、季报）", classes="dialog-title")
            yield Static(safe(scope), classes="dialog-hint")
            yield Label("周次、月份、季度或日期范围（空: 本周）")
            yield TextBox(
                value=week.label, placeholder="2026-W47、2026-11、2026Q4 或 2026-11-01~2026-11-15", id="period"
            )
            yield Static("", id="preview")
            with Horizontal(classes="masthead"):
                with Vertical(id="issue-box"):
                    yield Label("期号（空: 不印）")
                    yield TextBox(value=self._auto_issue, placeholder="如 12", id="issue")
                with Vertical():
                    yield Label("编制单位")
                    yield TextBox(
                        value=self.settings.office or "", placeholder=safe(f"空: {office_default}"), id="office"
                    )
            yield Label("格式")
            yield Dropdown(
                [(label, f) for f, label in FORMAT_LABELS.items()], value=self.fmt, allow_blank=False, id="format"
            )
            if self.web:
                yield Static(self._download_hint(), id="download-hint", classes="dialog-hint")
            else:
                yield Label("保存到（相对路径从当前文件夹算起）")
                yield TextBox(value=self._auto_path, id="path")
                yield Static("", id="path-hint", classes="dialog-hint")
            yield Static("", id="error")
            yield self.buttons("生成")

    def on_mount(self) -> None:
        super().on_mount()
        self._update()

    def _period(self):  # type: ignore[no-untyped-def]
        from tasktui.report.period import PeriodNotStarted, check_period
        from tasktui.ui.reporting import parse_period

        period = parse_period(self.query_one("#period", Input).value, self.today)
        try:
            check_period(period, self.today)  # the same check as `tasktui report`
        except PeriodNotStarted as exc:
            raise ValueError(exc.zh) from None
        return period

    def _update(self) -> None:
        """Preview the period; keep the file name in step while the user has not edited it."""
        from tasktui.report.period import default_report_path

        preview = self.query_one("#preview", Static)
        try:
            period = self._period()
        except ValueError as exc:
            preview.update(Text(str(exc), style="red"))
            return
        preview.update(Text("→ " + safe(period.title), style="bold"))
        issue_box = self.query_one("#issue", Input)
        if issue_box.value == self._auto_issue:  # counted from the settings until the user types one
            from tasktui.report.period import issue_for

            issue = issue_for(period, self.settings)
            self._auto_issue = str(issue) if issue is not None else ""
            issue_box.value = self._auto_issue
        if self.web:
            self._auto_path = str(default_report_path(period, self.fmt, self.unit))
            self.query_one("#download-hint", Static).update(self._download_hint())
            return
        path_box = self.query_one("#path", Input)
        if path_box.value == self._auto_path:
            self._auto_path = str(default_report_path(period, self.fmt, self.unit))
            path_box.value = self._auto_path
        self._path_hint()

    def _download_hint(self) -> str:
        return safe(f"生成后发送到浏览器下载: {self._auto_path}")

    def _path_hint(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        path = Path(raw).expanduser() if raw else None
        hint = ""
        if path is not None:
            if path.exists():
                hint = "已有同名文件，将被覆盖"
            elif not path.parent.exists():
                hint = f"文件夹不存在: {path.parent}"
        self.query_one("#path-hint", Static).update(Text(hint, style="yellow") if hint else "")

    @on(Input.Changed, "#period")
    def _period_changed(self) -> None:
        self.query_one("#error", Static).update("")
        self._update()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.fmt:
            self.fmt = event.value
            if self.web:
                self._update()
                return
            path_box = self.query_one("#path", Input)
            if path_box.value == self._auto_path:
                self._update()
            else:  # a name the user typed keeps its stem, the suffix follows the format
                path_box.value = str(Path(path_box.value).with_suffix("." + self.fmt))

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        from tasktui.report import FORMATS

        # Typing 周报.xlsx is choosing the format too.
        suffix = Path(event.value.strip()).suffix.lower().lstrip(".")
        if suffix in FORMATS and suffix != self.fmt:
            self.fmt = suffix
            self.query_one("#format", Select).value = suffix
        self._path_hint()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        from tasktui.report import FORMATS
        from tasktui.report.period import parse_issue
        from tasktui.ui.reporting import ReportRequest

        try:
            period = self._period()
            issue = parse_issue(self.query_one("#issue", Input).value)
        except ValueError as exc:
            self.error(str(exc))
            return
        office, problem = self.typed_office()
        if problem:
            self.error(problem)
            return
        if self.web:
            from tasktui.report.period import default_report_path

            # The name follows the period and the format.

            name = default_report_path(period, self.fmt, self.unit).name
            self.dismiss(ReportRequest(period, self.fmt, None, office=office, issue=issue, name=name))
            return
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.error("请填写保存位置")
            return
        path = Path(raw).expanduser()
        if path.suffix.lower().lstrip(".") not in FORMATS:
            path = path.with_name(path.name + "." + self.fmt)
        if not path.parent.exists():
            self.error(f"文件夹不存在: {path.parent}")
            return
        if path.is_dir():
            self.error(f"{path} 是文件夹，请写文件名")
            return
        self.dismiss(ReportRequest(period, self.fmt, path, office=office, issue=issue))
