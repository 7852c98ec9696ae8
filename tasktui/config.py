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
    ack_days = 2                    # 未签收 after this many working days unsigned since 交办

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


# The largest ack_days taken: a sign-by window of a quarter's working days is already
# no window at all (store/acknowledgement.py walks back at most this far).
MAX_ACK_DAYS = 60


@dataclass(frozen=True)
class CycleSettings:
    """[cycle]: the supervision cycle's windows, for the CLI and the UI alike."""

    ack_days: int = 2  # 未签收: 已交办 and not signed for after this many working days


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


def _cycle(path: Path, doc: dict[str, object]) -> CycleSettings:
    raw = doc.get("cycle", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [cycle] 应为一个表（ack_days）")
    unknown = sorted(set(raw) - {"ack_days"})
    if unknown:
        raise ConfigError(f"{path}: [cycle] 不认识的设置 {'、'.join(unknown)}（可用: ack_days）")
    ack = raw.get("ack_days", CycleSettings.ack_days)
    # bool is an int in Python: `ack_days = true` is a mistake, not 1.
    if isinstance(ack, bool) or not isinstance(ack, int) or not 0 <= ack <= MAX_ACK_DAYS:
        raise ConfigError(f"{path}: [cycle] ack_days 应为 0 到 {MAX_ACK_DAYS} 的整数（工作日）")
    return CycleSettings(ack_days=ack)
