"""The weekly report from inside the app: the same code path as `tasktui report`
(`tasktui.report.make.make_report_for` — the task table alone for csv — and `write_report`,
or `render_bytes` for the web mode's download); this module only reads what the user typed
and words the result for a toast. No textual here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tasktui.os_errors import os_error_words
from tasktui.report import FORMATS
from tasktui.report.period import Period, parse_month, parse_quarter, parse_week, period_between, week_of
from tasktui.textwidth import safe

if TYPE_CHECKING:
    from tasktui.store.service import Service
    from tasktui.ui.downloads import Download

# Offered in this order: the formats offices file first.
FORMAT_LABELS: dict[str, str] = {
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "md": "Markdown (.md)",
    "html": "HTML 网页 (.html)",
    "csv": "CSV 台账 (.csv)",
}
assert set(FORMAT_LABELS) == set(FORMATS)

_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_RANGE_GLUE = " ~～至到—–-_,，、"


def parse_period(text: str, today: date) -> Period:
    """`2026-W47`, a month (`2026-11`), a quarter (`2026Q4`), one date (its week), or two
    dates (`2026-11-01~2026-11-15`, `… 至 …`). Empty: the week containing today.
    ValueError (in words) otherwise."""
    t = text.strip()
    if not t:
        return week_of(today)
    found = list(_DATE.finditer(t))
    if not found:
        # The shape says which it is meant to be, so its own error names what is wrong.
        if "W" in t.upper():
            return parse_week(t)
        if "Q" in t.upper() or "季" in t:
            return parse_quarter(t)
        if re.match(r"^\d{4}(-|年)\d{1,2}月?$", t):
            return parse_month(t)
        raise ValueError(
            f"看不懂「{t}」: 请输入周次（2026-W47）、月份（2026-11）、季度（2026Q4）或日期范围（2026-11-01~2026-11-15）"
        )
    if _DATE.sub("", t).strip(_RANGE_GLUE) or len(found) > 2:
        raise ValueError(f"看不懂「{t}」: 日期范围写作 2026-11-01~2026-11-15")
    try:
        days = [date(int(m.group(1)), int(m.group(2)), int(m.group(3))) for m in found]
    except ValueError:
        raise ValueError(f"「{t}」里有不存在的日期") from None
    if len(days) == 1:
        return week_of(days[0])
    try:
        return period_between(days[0], days[1])
    except ValueError:
        raise ValueError(f"结束日期 {days[1]} 早于开始日期 {days[0]}") from None


@dataclass(frozen=True)
class ReportRequest:
    period: Period
    fmt: str
    path: Path | None  # None: sent to the browser as `name` (web mode), nothing written here
    office: str | None = None  # 编制单位; None: the office named in the store
    issue: int | None = None  # 期号; None: none
    name: str = ""  # the download's file name (web mode)


def write(service: Service, request: ReportRequest) -> tuple[bool, str]:
    """(ok, toast text). Never raises for bad input or an unwritable file."""
    from tasktui.report.make import Masthead, make_report_for, write_report
    from tasktui.ui.errors import STORE_ERRORS, error_text

    expected: tuple[type[Exception], ...] = (*STORE_ERRORS, ValueError)
    assert request.path is not None, "a download is made by render()"
    path = request.path.expanduser()
    if not path.parent.exists():
        return False, f"文件夹不存在: {path.parent}"
    try:
        report = make_report_for(service, request.period, request.fmt, Masthead(request.office, request.issue))
        write_report(report, request.fmt, path)
    except expected as exc:
        return False, f"周报未生成: {error_text(exc)}"
    except OSError as exc:
        return False, f"无法写入 {path}: {os_error_words(exc)}"
    return True, f"已写入 {path.resolve()}\n{safe(report.result_line())}"


def render(service: Service, request: ReportRequest) -> tuple[bool, str, Download | None]:
    """(ok, toast text, the download): the report made in memory for the browser (web
    mode), nothing written on the server. Never raises for bad input."""
    from tasktui.report.make import MIME_TYPES, Masthead, make_report_for, render_bytes
    from tasktui.ui.downloads import Download
    from tasktui.ui.errors import STORE_ERRORS, error_text

    expected: tuple[type[Exception], ...] = (*STORE_ERRORS, ValueError)
    try:
        report = make_report_for(service, request.period, request.fmt, Masthead(request.office, request.issue))
        data = render_bytes(report, request.fmt)
    except expected as exc:
        return False, f"周报未生成: {error_text(exc)}", None
    download = Download(request.name, data, MIME_TYPES[request.fmt])
    return True, f"{download.sent_words()}\n{safe(report.result_line())}", download
