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
    first_issue_month = "2026-01"   # the month whose report (通报) is 第1期
    first_issue_quarter = "2026Q1"  # the quarter whose report is 第1期
    requirements = ["……", "……"]     # the 通报's 要求 (default: BULLETIN_REQUIREMENTS)

    [cycle]             # the supervision cycle (督办)
    ack_days = 2                    # 未签收 after this many working days from 交办
    remind_prefix = "督办"           # 催办通知单 文号: 督办〔2026〕N号
    remind_requirements = "…"       # the 要求 paragraph of a 催办通知单 (default: report/remind_notice.py)
    done_requires_note = true       # 标记完成 needs a 整改情况 text (default true)

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

from tasktui.config_file import default_config_path as default_config_path  # where it lives: re-exported
from tasktui.textcheck import name_problem


class ConfigError(Exception):
    """The config file exists but cannot be used (malformed TOML, wrong types)."""


@dataclass(frozen=True)
class ReportSettings:
    """[report]: what the weekly report's masthead says unless the command line (or the
    report dialog) says otherwise."""

    office: str | None = None  # 编制单位; None: the office named in the store
    first_issue_week: str | None = None  # "2026-W40": that week's report is 第1期; None: no 期号
    first_issue_month: str | None = None  # "2026-01": that month's report is 第1期
    first_issue_quarter: str | None = None  # "2026Q1": that quarter's report is 第1期
    # The 通报's 要求 (one paragraph each); None: BULLETIN_REQUIREMENTS.
    requirements: tuple[str, ...] | None = None


# What a 通报 asks of the units when the settings say nothing else ([report] requirements).
BULLETIN_REQUIREMENTS: tuple[str, ...] = (
    "进展滞后的单位要认真分析原因，制定针对性措施，明确完成时限，确保按期完成。",
    "被多次催办、退回重办的事项，责任单位主要负责同志要亲自过问，逐项研究解决，整改情况及时报送督查室。",
    "持续整改事项要建立长效机制，按要求定期报送进展，防止问题反弹。",
    "各单位要按时签收交办事项，如实报送办理进展，督查室将持续跟踪问效，并视情况进行通报。",
)


@dataclass(frozen=True)
class CycleSettings:
    """[cycle]: the supervision cycle's settings."""

    ack_days: int = 2  # 未签收: not signed for this many working days after 交办
    remind_prefix: str = "督办"  # the 催办通知单's 文号: 督办〔2026〕N号
    remind_requirements: str | None = None  # its 要求 paragraph; None: the default wording
    # 标记完成 needs a 整改情况 text (the 办结报告 the office verifies against). On by
    # default: an office that verifies a bare "done" has nothing to verify.
    done_requires_note: bool = True


# The largest ack_days taken: a sign-by window of a quarter's working days is already
# no window at all (store/acknowledgement.py walks back at most this far).
MAX_ACK_DAYS = 60


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


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def month_start(text: str) -> date | None:
    """The first day of month `2026-01`; None when `text` is not one."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
        return None
    return date(int(m.group(1)), int(m.group(2)), 1)


def quarter_start(text: str) -> date | None:
    """The first day of quarter `2026Q1` (or `2026-Q1`); None when `text` is not one."""
    m = _QUARTER.match(text.strip())
    if not m or int(m.group(1)) < 1:
        return None
    return date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1)


def load_config(path: Path | None) -> UiConfig:
    """Read `path`; a missing file (or None) means defaults."""
    if path is None or not path.exists():
        return UiConfig()
    # Imported here: most runs have no config file, and the parser's module costs every
    # command (`tasktui list`) a few milliseconds.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
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
        raise ConfigError(f"{path}: [report] 应为一个表（{'、'.join(_REPORT_KEYS)}）")
    unknown = sorted(set(raw) - set(_REPORT_KEYS))
    if unknown:
        raise ConfigError(f"{path}: [report] 不认识的设置 {'、'.join(unknown)}（可用: {'、'.join(_REPORT_KEYS)}）")
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
    month = raw.get("first_issue_month")
    if month is not None and (not isinstance(month, str) or month_start(month) is None):
        raise ConfigError(f'{path}: [report] first_issue_month 应为月份，如 "2026-01"')
    quarter = raw.get("first_issue_quarter")
    if quarter is not None and (not isinstance(quarter, str) or quarter_start(quarter) is None):
        raise ConfigError(f'{path}: [report] first_issue_quarter 应为季度，如 "2026Q1"')
    return ReportSettings(
        office=office,
        first_issue_week=week.strip() if isinstance(week, str) else None,
        first_issue_month=month.strip() if isinstance(month, str) else None,
        first_issue_quarter=quarter.strip().upper() if isinstance(quarter, str) else None,
        requirements=_requirements(path, raw.get("requirements")),
    )


_REPORT_KEYS = ("office", "first_issue_week", "first_issue_month", "first_issue_quarter", "requirements")


def _requirements(path: Path, raw: object) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw or not all(isinstance(x, str) and x.strip() for x in raw):
        raise ConfigError(f'{path}: [report] requirements 应为非空的文字列表，如 ["……", "……"]')
    if any(len(x) > 1000 for x in raw):
        raise ConfigError(f"{path}: [report] requirements 每条不超过 1000 字")
    return tuple(x.strip() for x in raw)


_CYCLE_KEYS = ("ack_days", "remind_prefix", "remind_requirements", "done_requires_note")


def _cycle(path: Path, doc: dict[str, object]) -> CycleSettings:
    raw = doc.get("cycle", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [cycle] 应为一个表（{'、'.join(_CYCLE_KEYS)}）")
    unknown = sorted(set(raw) - set(_CYCLE_KEYS))
    if unknown:
        raise ConfigError(f"{path}: [cycle] 不认识的设置 {'、'.join(unknown)}（可用: {'、'.join(_CYCLE_KEYS)}）")
    ack = raw.get("ack_days", 2)
    # bool is an int in Python: `ack_days = true` is a mistake, not 1.
    if not isinstance(ack, int) or isinstance(ack, bool) or not 0 <= ack <= MAX_ACK_DAYS:
        raise ConfigError(f"{path}: [cycle] ack_days 应为 0 到 {MAX_ACK_DAYS} 的整数（个工作日）")
    prefix = raw.get("remind_prefix", "督办")
    if not isinstance(prefix, str) or not prefix.strip() or len(prefix.strip()) > 20:
        raise ConfigError(f'{path}: [cycle] remind_prefix 应为机关代字（1 到 20 个字），如 "督办"')
    problem = name_problem(prefix.strip(), "[cycle] remind_prefix")
    if problem:
        raise ConfigError(f"{path}: {problem}")
    text = raw.get("remind_requirements")
    if text is not None and (not isinstance(text, str) or not text.strip() or len(text) > 2000):
        raise ConfigError(f"{path}: [cycle] remind_requirements 应为催办通知单的要求（不超过 2000 字的文字）")
    needs_note = raw.get("done_requires_note", True)
    if not isinstance(needs_note, bool):
        raise ConfigError(f"{path}: [cycle] done_requires_note 应为 true 或 false")
    return CycleSettings(ack, prefix.strip(), text.strip() if isinstance(text, str) else None, needs_note)
