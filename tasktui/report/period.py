"""What the CLI (`tasktui report`, `--today`, `--date`) and the UI's report dialog share:
reading a date argument, the report's default file name and the "has the period begun?"
check. Light on purpose (no database imports): tasktui.cli imports it at startup."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tasktui.report.weekly import Period


def date_arg(value: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def default_report_path(period: Period, fmt: str, unit: str | None = None) -> Path:
    """督办周报-2026-W47[-单位].docx in the current folder (CLI and UI alike)."""
    return Path(f"督办周报-{period.label}{f'-{unit}' if unit else ''}.{fmt}")


class PeriodNotStarted(ValueError):
    """The period begins after today: nothing to report yet. str() is the CLI's English;
    `zh` is the UI's wording."""

    def __init__(self, period: Period, today: date) -> None:
        super().__init__(f"the period starts {period.start}, after today ({today}): nothing to report yet")
        self.zh = f"{period.title} 还没开始（今天 {today.isoformat()}），没有可报告的内容"


def check_period(period: Period, today: date) -> None:
    """Raise PeriodNotStarted when `period` begins after `today`."""
    if period.start > today:
        raise PeriodNotStarted(period, today)
