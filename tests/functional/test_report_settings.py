"""[report] in config.toml (tasktui.config): what the weekly report's masthead says unless
the command line or the report dialog says otherwise. Read from real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasktui.config import ConfigError, ReportSettings, load_config


def _load(tmp_path: Path, text: str) -> ReportSettings:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path).report


def test_report_settings_read_back(tmp_path: Path) -> None:
    text = '[report]\noffice = " 区人民政府督查室 "\nfirst_issue_week = "2026-W36"\n'
    assert _load(tmp_path, text) == ReportSettings("区人民政府督查室", "2026-W36")
    assert _load(tmp_path, 'theme = "textual-dark"\n') == ReportSettings()
    assert load_config(tmp_path / "missing.toml").report == ReportSettings()


@pytest.mark.parametrize(
    "text, message",
    [
        ("report = 3\n", "[report] 应为一个表"),
        ('[report]\noffice = ""\n', "office 应为非空的单位名称"),
        ("[report]\noffice = 12\n", "office 应为非空的单位名称"),
        ('[report]\noffice = "督查室\u200b"\n', "不可见字符"),
        ('[report]\nfirst_issue_week = "2026-W54"\n', "first_issue_week 应为存在的 ISO 周次"),
        ('[report]\nfirst_issue_week = "第1周"\n', "first_issue_week 应为存在的 ISO 周次"),
        ("[report]\nissue = 3\n", "不认识的设置 issue"),
    ],
)
def test_bad_report_settings_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        _load(tmp_path, text)


def test_month_quarter_requirements_and_cycle_settings(tmp_path: Path) -> None:
    from tasktui.config import CycleSettings

    text = (
        '[report]\nfirst_issue_month = "2026-01"\nfirst_issue_quarter = "2026q1"\n'
        'requirements = [" 甲 ", "乙"]\n[cycle]\nack_days = 3\n'
    )
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    assert config.report == ReportSettings(None, None, "2026-01", "2026Q1", ("甲", "乙"))
    assert config.cycle == CycleSettings(ack_days=3)
    assert load_config(tmp_path / "missing.toml").cycle.ack_days == 2


@pytest.mark.parametrize(
    "text, message",
    [
        ('[report]\nfirst_issue_month = "2026-13"\n', "first_issue_month 应为月份"),
        ('[report]\nfirst_issue_quarter = "2026Q5"\n', "first_issue_quarter 应为季度"),
        ("[report]\nrequirements = []\n", "requirements 应为非空的文字列表"),
        ('[report]\nrequirements = "一条"\n', "requirements 应为非空的文字列表"),
        ("[cycle]\nack_days = -1\n", "ack_days 应为 0 到 60 的整数"),
        ('[cycle]\nack_days = "2"\n', "ack_days 应为 0 到 60 的整数"),
        ("[cycle]\ndays = 2\n", "[cycle] 不认识的设置 days"),
    ],
)
def test_bad_cycle_and_bulletin_settings(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)
