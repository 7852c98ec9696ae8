"""The helpers `tasktui report` and the UI's report dialog share (tasktui.report.period)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tasktui.cli.options import date_arg
from tasktui.report.period import PeriodNotStarted, check_period, default_report_path, parse_week, period_between


def test_date_arg() -> None:
    assert date_arg("2026-11-20") == date(2026, 11, 20)
    with pytest.raises(argparse.ArgumentTypeError, match="not a date"):
        date_arg("2026-13-01")


def test_default_report_path() -> None:
    assert default_report_path(parse_week("2026-W47"), "docx") == Path("督办周报-2026-W47.docx")
    p = period_between(date(2026, 11, 1), date(2026, 11, 20))
    assert default_report_path(p, "md", "区住建局") == Path("督办周报-2026-11-01_2026-11-20-区住建局.md")


def test_check_period_words_for_cli_and_ui() -> None:
    week = parse_week("2026-W48")
    check_period(week, date(2026, 11, 23))  # its first day: fine
    with pytest.raises(PeriodNotStarted) as info:
        check_period(week, date(2026, 11, 22))
    assert "nothing to report yet" in str(info.value)
    assert "还没开始" in info.value.zh and isinstance(info.value, ValueError)


def test_cli_and_ui_share_the_helpers() -> None:
    import tasktui.cli as cli
    import tasktui.report.make as make
    import tasktui.ui.reporting as reporting

    assert not hasattr(cli, "_date_arg") and not hasattr(make, "_date")
    assert not hasattr(reporting, "check_period") and not hasattr(reporting, "default_path")
    out = subprocess.run(
        [sys.executable, "-c", "import sys, tasktui.report.period; print('tasktui.report.weekly' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"  # light enough for tasktui.cli to import at startup
