"""User settings for the terminal UI and the weekly report, read from a TOML file the
caller names.

    # ~/.config/tasktui/config.toml
    theme = "textual-light"

    [keymap]            # binding id = key(s), e.g. to move "assign" off `a`
    assign = "enter,a"
    search = "ctrl+f"

    [report]            # the weekly report's masthead (`tasktui report` and the UI's 周报)
    office = "区政府督查室"          # 编制单位 (default: the office named in the store)
    first_issue_week = "2026-W40"   # the week whose report is 第1期; later weeks count on

    [cycle]             # the supervision cycle (督办)
    ack_days = 2                    # 未签收 after this many working days from 交办
    remind_prefix = "督办"           # 催办通知单 文号: 督办〔2026〕N号
    remind_requirements = "…"       # the 要求 paragraph of a 催办通知单 (default: report/remind_notice.py)

Nothing here reads a global path by itself: `default_config_path()` only says where the
file usually lives, and `load_config(path)` reads exactly the file it is given.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tasktui.textcheck import name_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """The config file exists but cannot be used (malformed TOML, wrong types)."""


@dataclass(frozen=True)
class ReportSettings:
    """[report]: what the weekly report's masthead says unless the command line (or the
    report dialog) says otherwise."""

    office: str | None = None  # 编制单位; None: the office named in the store
    first_issue_week: str | None = None  # "2026-W40": that week's report is 第1期; None: no 期号


@dataclass(frozen=True)
class CycleSettings:
    """[cycle]: the supervision cycle's settings."""

    ack_days: int = 2  # 未签收: not signed for this many working days after 交办
    remind_prefix: str = "督办"  # the 催办通知单's 文号: 督办〔2026〕N号
    remind_requirements: str | None = None  # its 要求 paragraph; None: the default wording


@dataclass
class UiConfig:
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    poll_seconds: float = 1.5
    report: ReportSettings = field(default_factory=ReportSettings)
    cycle: CycleSettings = field(default_factory=CycleSettings)


_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def iso_week_start(text: str) -> date | None:
    """The Monday of ISO week `2026-W40` (or `2026W40`); None when `text` is not one."""
    m = _ISO_WEEK.match(text.strip())
    if not m:
        return None
    try:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        return None


def default_config_path(home: Path | None = None) -> Path:
    """Where the config usually lives (XDG style); the caller decides whether to use it."""
    return (home or Path.home()) / ".config" / "tasktui" / "config.toml"


def load_config(path: Path | None) -> UiConfig:
    """Read `path`; a missing file (or None) means defaults."""
    if path is None or not path.exists():
        return UiConfig()
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    keymap_raw = doc.get("keymap", {})
    if not isinstance(keymap_raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap_raw.items()
    ):
        raise ConfigError(f'{path}: [keymap] 应写成 动作 = "按键"，如 verify = "V"')
    theme = doc.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f"{path}: theme 应是主题名称（加引号的文字）")
    poll = doc.get("poll_seconds", 1.5)
    if not isinstance(poll, (int, float)) or poll <= 0:
        raise ConfigError(f"{path}: poll_seconds 应是正数（秒）")
    return UiConfig(
        keymap=dict(keymap_raw),
        theme=theme,
        poll_seconds=float(poll),
        report=_report(path, doc),
        cycle=_cycle(path, doc),
    )


def _report(path: Path, doc: dict[str, object]) -> ReportSettings:
    raw = doc.get("report", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [report] 应为一个表（office、first_issue_week）")
    unknown = sorted(set(raw) - {"office", "first_issue_week"})
    if unknown:
        raise ConfigError(f"{path}: [report] 不认识的设置 {'、'.join(unknown)}（可用: office、first_issue_week）")
    office = raw.get("office")
    if office is not None:
        if not isinstance(office, str) or not office.strip():
            raise ConfigError(f"{path}: [report] office 应为非空的单位名称")
        problem = name_problem(office, "[report] office")
        if problem:
            raise ConfigError(f"{path}: {problem}")
        office = office.strip()
    week = raw.get("first_issue_week")
    if week is not None and (not isinstance(week, str) or iso_week_start(week) is None):
        raise ConfigError(f'{path}: [report] first_issue_week 应为存在的 ISO 周次，如 "2026-W40"')
    return ReportSettings(office=office, first_issue_week=week.strip() if isinstance(week, str) else None)


_CYCLE_KEYS = ("ack_days", "remind_prefix", "remind_requirements")


def _cycle(path: Path, doc: dict[str, object]) -> CycleSettings:
    raw = doc.get("cycle", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [cycle] 应为一个表（{'、'.join(_CYCLE_KEYS)}）")
    unknown = sorted(set(raw) - set(_CYCLE_KEYS))
    if unknown:
        raise ConfigError(f"{path}: [cycle] 不认识的设置 {'、'.join(unknown)}（可用: {'、'.join(_CYCLE_KEYS)}）")
    ack = raw.get("ack_days", 2)
    if not isinstance(ack, int) or isinstance(ack, bool) or not 0 <= ack <= 60:
        raise ConfigError(f"{path}: [cycle] ack_days 应为 0 到 60 的整数（个工作日）")
    prefix = raw.get("remind_prefix", "督办")
    if not isinstance(prefix, str) or not prefix.strip() or len(prefix.strip()) > 20:
        raise ConfigError(f'{path}: [cycle] remind_prefix 应为机关代字（1 到 20 个字），如 "督办"')
    problem = name_problem(prefix.strip(), "[cycle] remind_prefix")
    if problem:
        raise ConfigError(f"{path}: {problem}")
    text = raw.get("remind_requirements")
    if text is not None and (not isinstance(text, str) or not text.strip() or len(text) > 2000):
        raise ConfigError(f"{path}: [cycle] remind_requirements 应为催办通知单的要求（不超过 2000 字的文字）")
    return CycleSettings(ack, prefix.strip(), text.strip() if isinstance(text, str) else None)
