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
