"""Modal dialogs: assign/triage, deadline with live preview, notes (progress, done,
verify…), kind, filter, import, confirm. Each returns its result with `dismiss`; the main
screen does the write (through the service) so every write goes one way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tasktui.extract.types import KINDS
from tasktui.store.lifecycle import STATUSES
from tasktui.store.service import InputError, Service, resolve_deadline_value
from tasktui.store.views import TaskDetail, TaskRow
from tasktui.textwidth import safe
from tasktui.ui.tabs import Filters, match_unit
from tasktui.ui.widgets.detail_pane import KIND_LABELS

WEEKDAYS = "一二三四五六日"
_SPLIT = re.compile(r"[、,，;；\s]+")


def split_units(text: str) -> list[str]:
    return [p for p in _SPLIT.split(text.strip()) if p]


def describe_date(d: date, today: date) -> str:
    days = (d - today).days
    rel = "今天" if days == 0 else (f"{days}天后" if days > 0 else f"已过{-days}天")
    return f"{d.isoformat()}（星期{WEEKDAYS[d.weekday()]}，{rel}）"


def preview_deadline(text: str, meeting_date: date | None, today: date) -> tuple[bool, str]:
    """(usable, what the typed deadline resolves to) for the live preview."""
    if not text.strip():
        return False, "输入日期（2027-03-31）或短语（3月底前、两周内）"
    try:
        d, phrase, unresolved = resolve_deadline_value(text, meeting_date, today)
    except InputError as exc:
        return False, f"无法识别: {exc}"
    except Exception as exc:  # the phrase resolver is still growing: never crash the dialog
        return False, f"无法识别: {exc}"
    if unresolved or d is None:
        return True, f"「{text.strip()}」无法确定日期，将记为时限待定"
    return True, "-> " + describe_date(d, today)


class LastTokenSuggester(Suggester):
    """Completes the last unit in a 、-separated list from known names and aliases."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = names

    async def get_suggestion(self, value: str) -> str | None:
        m = re.search(r"([^、,，;；\s]+)$", value)
        if not m:
            return None
        token = m.group(1)
        for n in self.names:
            if n.startswith(token) and n != token:
                return value[: m.start(1)] + n
        return None


class Dialog(ModalScreen):  # type: ignore[type-arg]
    """Shared frame: Esc cancels, Ctrl+S saves."""

    BINDINGS = [
        Binding("escape", "cancel", "取消", id="dialog_cancel"),
        Binding("ctrl+s", "save", "保存", id="dialog_save"),
    ]

    def on_mount(self) -> None:
        # 80x24: bordered fields would push the buttons and any error below the fold.
        if self.app.size.height < 32:
            self.add_class("-short")
            for field in self.query("Input, Select, Button"):
                field.compact = True  # type: ignore[attr-defined]
        # The scrolling frame can take focus itself; typing belongs in the first field.
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:  # overridden
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#ok")
    def _ok_pressed(self) -> None:
        self.action_save()

    def buttons(self, ok: str = "确定", danger: bool = False) -> Horizontal:
        return Horizontal(
            Button(ok, variant="error" if danger else "primary", id="ok"),
            Button("取消", id="cancel"),
            classes="buttons",
        )

    def error(self, message: str) -> None:
        box = self.query_one("#error", Static)
        box.update(Text(message, style="bold red"))
        # In a short terminal the error may sit below the fold: bring it into view.
        self.call_after_refresh(box.scroll_visible, animate=False)


def task_line(row: TaskRow) -> str:
    return safe(f"#{row.id} {row.outline} {row.heading}".strip())


@dataclass
class AssignResult:
    lead: str
    co: list[str]
    deadline: str
    note: str


class AssignDialog(Dialog):
    """Triage accept / assign / reassign: lead, co-owners, optional deadline, note."""

    def __init__(self, service: Service, row: TaskRow, detail: TaskDetail | None) -> None:
        super().__init__()
        self.service = service
        self.row = row
        self.detail = detail
        self.known = service.known_department_names()
        self.departments = service.departments()

    def resolve(self, text: str) -> str | None:
        """A unit typed by name, alias or pinyin initials (jtj = 区教体局)."""
        if text in self.known:
            return self.known[text]
        return match_unit(text, self.departments)

    def compose(self) -> ComposeResult:
        names = sorted(self.known, key=lambda n: (len(n), n))
        title = "交办（分派）" if self.row.status == "待分派" else "改派"
        with VerticalScroll(classes="dialog"):
            yield Label(title, classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            hint = (self.detail.owner_hint if self.detail else None) or ""
            if hint:
                yield Static(f"原文责任单位: {safe(hint)}", classes="dialog-hint")
            yield Label("牵头单位")
            yield Input(value=self._suggest_lead(hint), placeholder="单位、简称或拼音首字母，如 教体局、jtj",
                        suggester=SuggestFromList(names), id="lead")
            yield Static("", id="lead-hint", classes="dialog-hint")
            yield Label("配合单位（用、分隔，可空）")
            yield Input(value="、".join(self.row.co_owners), suggester=LastTokenSuggester(names), id="co")
            yield Label("时限（可空: 保留原时限）")
            yield Input(placeholder=self.row.deadline_phrase or "如 3月底前", id="deadline")
            yield Static("", id="preview")
            yield Label("备注（可空）")
            yield Input(id="note")
            yield Static("", id="error")
            yield self.buttons("交办")

    def _suggest_lead(self, hint: str) -> str:
        if self.row.lead:
            return self.row.lead
        for part in split_units(hint):
            if part in self.known:
                return self.known[part]
        return ""

    @on(Input.Changed, "#lead")
    def _lead_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        name = self.resolve(text) if text else None
        hint = f"= {name}" if name and name != text else ""
        self.query_one("#lead-hint", Static).update(Text(hint, style="bold") if hint else "")

    @on(Input.Changed, "#deadline")
    def _preview(self, event: Input.Changed) -> None:
        text = event.value
        today = self.service.clock.today()
        if not text.strip():
            keep = self.row.deadline.isoformat() if self.row.deadline else "无"
            self.query_one("#preview", Static).update(Text(f"保留原时限: {keep}", style="dim"))
            return
        ok, msg = preview_deadline(text, self.row.meeting_date, today)
        self.query_one("#preview", Static).update(Text(msg, style="bold" if ok else "red"))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        lead = self.query_one("#lead", Input).value.strip()
        if not lead:
            self.error("请填写牵头单位")
            return
        lead_name = self.resolve(lead)
        if lead_name is None:
            close = [n for n in self.known if lead in n or n in lead][:4]
            self.error(f"未知单位「{lead}」" + (f"，是否指 {'、'.join(close)}？" if close else ""))
            return
        co = split_units(self.query_one("#co", Input).value)
        unknown = [c for c in co if self.resolve(c) is None]
        if unknown:
            self.error(f"未知配合单位: {'、'.join(unknown)}")
            return
        deadline = self.query_one("#deadline", Input).value.strip()
        if deadline:
            ok, msg = preview_deadline(deadline, self.row.meeting_date, self.service.clock.today())
            if not ok:
                self.error(msg)
                return
        self.dismiss(AssignResult(lead_name, [self.resolve(c) or c for c in co], deadline,
                                  self.query_one("#note", Input).value.strip()))


@dataclass
class DeadlineResult:
    value: str
    preview: str
    note: str


class DeadlineDialog(Dialog):
    """Set or extend a deadline by date or Chinese phrase, with a live preview."""

    def __init__(self, service: Service, row: TaskRow, title: str, extend: bool = False) -> None:
        super().__init__()
        self.service = service
        self.row = row
        self.title_text = title
        self.extend = extend

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            current = self.row.deadline.isoformat() if self.row.deadline else ("待定" if self.row.deadline_unresolved else "无")
            base = self.row.meeting_date.isoformat() if self.row.meeting_date else "今天"
            yield Static(f"当前时限: {current}    短语按会议日期 {base} 计算", classes="dialog-hint")
            yield Label("新时限")
            yield Input(placeholder="2027-03-31 或 3月底前、两周内", id="value")
            yield Static(Text("输入日期（2027-03-31）或短语（3月底前、两周内）", style="dim"), id="preview")
            yield Label("说明（可空）")
            yield Input(id="note")
            yield Static("", id="error")
            yield self.buttons("保存")

    @on(Input.Changed, "#value")
    def _preview(self, event: Input.Changed) -> None:
        ok, msg = preview_deadline(event.value, self.row.meeting_date, self.service.clock.today())
        self.query_one("#preview", Static).update(Text(msg, style="bold" if ok else "red"))
        self.query_one("#error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        value = self.query_one("#value", Input).value.strip()
        ok, msg = preview_deadline(value, self.row.meeting_date, self.service.clock.today())
        if not ok:
            self.error(msg)
            return
        self.dismiss(DeadlineResult(value, msg.removeprefix("-> ").split("（")[0], self.query_one("#note", Input).value.strip()))


class NoteDialog(Dialog):
    """A note for progress / done / verify / reject / reopen / note; also the
    confirmation for the closing and destructive ones."""

    def __init__(self, title: str, row: TaskRow, *, required: bool = False, danger: bool = False, confirm: str = "确定") -> None:
        super().__init__()
        self.title_text = title
        self.row = row
        self.required = required
        self.danger = danger
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(f"{self.title_text}？" if self.danger else self.title_text, classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            yield Static(f"当前状态: {self.row.status}    牵头: {self.row.lead or '—'}", classes="dialog-hint")
            yield Label("说明（必填）" if self.required else "说明（可空）")
            yield Input(id="note")
            yield Static("", id="error")
            yield self.buttons(self.confirm, danger=self.danger)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        if self.required and not note:
            self.error("请填写说明")
            return
        self.dismiss(note)


class ConfirmDialog(Dialog):
    BINDINGS = [Binding("y", "save", "确定", id="confirm_yes"), Binding("n", "cancel", "取消", id="confirm_no")]

    def __init__(self, question: str, hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(safe(self.question), classes="dialog-title")
            if self.hint:
                yield Static(safe(self.hint), classes="dialog-hint")
            yield Static("", id="error")
            yield self.buttons("确定 (y)")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def action_save(self) -> None:
        self.dismiss(True)


class KindDialog(Dialog):
    def __init__(self, row: TaskRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label("修改类别", classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            yield OptionList(*[Option(f"{KIND_LABELS.get(k, k)} ({k})", id=k) for k in KINDS], id="kinds")
            yield Static("", id="error")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = list(KINDS).index(self.row.kind) if self.row.kind in KINDS else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_save(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(KINDS[options.highlighted])


class FilterDialog(Dialog):
    """Unit, status and meeting filters (search stays on `/`)."""

    def __init__(self, service: Service, filters: Filters) -> None:
        super().__init__()
        self.service = service
        self.filters = filters
        self.meeting_titles: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        is_office = self.service.actor.is_office
        units = [n for n, _ in self.service.departments()] if is_office else [self.service.actor.name]
        meetings = self.service.meetings()
        self.meeting_titles = {m.id: m.title for m in meetings}
        with VerticalScroll(classes="dialog"):
            yield Label("筛选", classes="dialog-title")
            yield Label("单位（牵头或配合）")
            yield Select([(safe(u), u) for u in units], value=self.filters.unit or Select.NULL, prompt="全部单位", id="unit")
            yield Label("状态")
            yield Select([(s, s) for s in STATUSES], value=self.filters.status or Select.NULL, prompt="全部状态", id="status")
            yield Label("会议")
            yield Select(
                [(safe(f"{m.date.isoformat() if m.date else '—'} {m.title}"), m.id) for m in reversed(meetings)],
                value=self.filters.meeting_id if self.filters.meeting_id is not None else Select.NULL,
                prompt="全部会议", id="meeting",
            )
            yield Static("", id="error")
            yield Horizontal(
                Button("应用", variant="primary", id="ok"), Button("清除", id="reset"), Button("取消", id="cancel"),
                classes="buttons",
            )

    @on(Button.Pressed, "#reset")
    def _reset(self) -> None:
        self.dismiss(Filters(search=self.filters.search))

    def action_save(self) -> None:
        def val(sel_id: str) -> object:
            v = self.query_one(sel_id, Select).value
            return None if v is Select.NULL or v == Select.BLANK else v

        meeting = val("#meeting")
        self.dismiss(
            Filters(
                unit=val("#unit"),  # type: ignore[arg-type]
                status=val("#status"),  # type: ignore[arg-type]
                meeting_id=meeting,  # type: ignore[arg-type]
                meeting_title=self.meeting_titles.get(meeting) if meeting is not None else None,  # type: ignore[arg-type]
                search=self.filters.search,
            )
        )


class ImportDialog(Dialog):
    """Import a speech (.txt/.docx) or a task file (.toml); the new items land in 待分派."""

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label("导入讲话稿或任务文件", classes="dialog-title")
            yield Label("文件路径（.txt / .docx / .toml）")
            yield Input(placeholder="~/讲话稿.docx", id="path")
            yield Label("会议日期（可空: 从讲话稿中识别）")
            yield Input(placeholder="2026-11-20", id="date")
            yield Static("", id="error")
            yield self.buttons("导入")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.error("请填写文件路径")
            return
        path = Path(raw).expanduser()
        if not path.exists():
            self.error(f"找不到文件: {raw}")
            return
        date_text = self.query_one("#date", Input).value.strip()
        meeting_date = None
        if date_text:
            try:
                meeting_date = date.fromisoformat(date_text)
            except ValueError:
                self.error("会议日期格式应为 2026-11-20")
                return
        self.query_one("#ok", Button).disabled = True
        self.error("导入中…")
        self._import(path, meeting_date)

    @work(thread=True, exclusive=True)
    def _import(self, path: Path, meeting_date: date | None) -> None:
        from tasktui.ui.importing import import_file

        ok, summary = import_file(self.service, path, meeting_date)
        self.app.call_from_thread(self._finished, ok, summary)

    def _finished(self, ok: bool, summary: str) -> None:
        if not ok:
            self.query_one("#ok", Button).disabled = False
            self.error(summary)
            return
        self.dismiss(summary)


class ReportDialog(Dialog):
    """周报: the week (or a date range), the format and where to write it. Returns a
    `ReportRequest`; the main screen writes the file in a worker and says where it went."""

    def __init__(self, service: Service, fmt: str = "docx") -> None:
        super().__init__()
        self.service = service
        self.fmt = fmt
        self.today = service.clock.today()
        self.unit = None if service.actor.is_office else service.actor.name
        self._auto_path = ""  # the path we filled in; replaced as long as the user keeps it

    def compose(self) -> ComposeResult:
        from tasktui.report.period import default_report_path
        from tasktui.ui.reporting import FORMAT_LABELS, week_of

        week = week_of(self.today)
        self._auto_path = str(default_report_path(week, self.fmt, self.unit))
        scope = f"部门模式: 只含 {self.unit} 牵头或配合的事项" if self.unit else "全部单位的督办事项"
        with VerticalScroll(classes="dialog"):
            yield Label("生成督办周报", classes="dialog-title")
            yield Static(safe(scope), classes="dialog-hint")
            yield Label("周次或日期范围（空: 本周）")
            yield Input(value=week.label, placeholder="2026-W47 或 2026-11-01~2026-11-15", id="period")
            yield Static("", id="preview")
            yield Label("格式")
            yield Select([(label, f) for f, label in FORMAT_LABELS.items()], value=self.fmt, allow_blank=False, id="format")
            yield Label("保存到（相对路径从当前文件夹算起）")
            yield Input(value=self._auto_path, id="path")
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
        preview.update(Text("-> " + safe(period.title), style="bold"))
        path_box = self.query_one("#path", Input)
        if path_box.value == self._auto_path:
            self._auto_path = str(default_report_path(period, self.fmt, self.unit))
            path_box.value = self._auto_path
        self._path_hint()

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
        from tasktui.ui.reporting import ReportRequest

        try:
            period = self._period()
        except ValueError as exc:
            self.error(str(exc))
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
        self.dismiss(ReportRequest(period, self.fmt, path))
