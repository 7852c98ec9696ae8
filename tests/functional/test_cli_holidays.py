"""`tasktui holidays import|list`, `tasktui deadline` with the store's calendar and
`tasktui meetings list|set`, as a user runs them, on both backends: exit codes, one
Chinese line for bad input with nothing written, and the history the changes leave."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CliRun, run_cli

pytestmark = pytest.mark.backends("sqlite", "postgresql")

HOLIDAYS_2027 = """# 2027年部分节假日安排（测试用的假设数据：正式通知尚未发布）
year = 2027
note = "示例通知"

[[holidays]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03

[[holidays]]
name = "春节"
from = 2027-02-06
to = 2027-02-14
workdays = [2027-02-20]

[[holidays]]
name = "国庆节、中秋节"
from = 2027-10-01
to = 2027-10-07
workdays = [2027-09-26, 2027-10-09]
"""

TASKS = """
office = "区政府督查室"

[[departments]]
name = "区应急局"

[[meetings]]
title = "全区冬季安全生产会议"
date = 2026-12-01

[[meetings.tasks]]
outline = "1"
heading = "春节前完成隐患排查"
lead = "区应急局"
deadline = "春节前"

[[meetings.tasks]]
outline = "2"
heading = "两周内报送方案"
deadline = "两周内"

[[meetings.tasks]]
outline = "3"
heading = "完成整改验收"
lead = "区应急局"
deadline = 2027-01-20
"""


def cli(url: str, *args: str) -> CliRun:
    proc = run_cli(["--db", url, "--today", "2026-11-20", *args], env={"TASKTUI_DEBUG": None})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def loaded(db_url: str, tmp_path: Path) -> str:
    tasks = tmp_path / "winter.toml"
    tasks.write_text(TASKS, encoding="utf-8")
    assert cli(db_url, "import", str(tasks)).returncode == 0
    return db_url


def test_deadline_estimate_then_the_imported_schedule(loaded: str, tmp_path: Path) -> None:
    est = cli(loaded, "deadline", "春节前", "--date", "2026-12-01")
    assert (est.returncode, est.stdout.strip()) == (0, "2027-02-04")
    assert "估算" in est.stderr and "2027" in est.stderr and "警告" in est.stderr
    file = tmp_path / "holidays-2027.toml"
    file.write_text(HOLIDAYS_2027, encoding="utf-8")
    imp = cli(loaded, "holidays", "import", str(file))
    assert imp.returncode == 0, imp.stderr
    assert "2027年放假安排已导入：3 个假期" in imp.stdout
    assert "重新计算了 1 个事项的时限" in imp.stdout and "2027-02-04" in imp.stdout and "2027-02-05" in imp.stdout
    official = cli(loaded, "deadline", "春节前", "--date", "2026-12-01")
    assert (official.returncode, official.stdout.strip(), official.stderr) == (0, "2027-02-05", "")
    shown = cli(loaded, "show", "1").stdout
    assert "时限: 2027-02-05" in shown
    assert "调整时限 2027-02-04 → 2027-02-05" in shown and "导入2027年放假安排后，按「春节前」重新计算" in shown
    assert "调整时限" not in cli(loaded, "show", "3").stdout  # a typed date stays
    again = cli(loaded, "holidays", "import", str(file))
    assert again.returncode == 0 and "取代之前导入的" in again.stdout and "已存的时限没有变化" in again.stdout


def test_holidays_list(loaded: str, tmp_path: Path) -> None:
    empty = cli(loaded, "holidays")
    assert empty.returncode == 0 and "还没有导入任何年份的放假安排" in empty.stdout
    assert "2004–2026 年用 chinesecalendar" in empty.stdout
    est = cli(loaded, "holidays", "list", "--year", "2027").stdout
    assert "2027年放假安排（估算" in est and "春节" in est and "2027-02-05 至 2027-02-12" in est
    file = tmp_path / "h.toml"
    file.write_text(HOLIDAYS_2027, encoding="utf-8")
    assert cli(loaded, "holidays", "import", str(file)).returncode == 0
    listed = cli(loaded, "holidays", "list").stdout
    assert "2027" in listed and "示例通知" in listed and "区政府督查室" in listed
    year = cli(loaded, "holidays", "list", "--year", "2027").stdout
    assert "已导入的官方安排" in year and "国庆节、中秋节" in year and "2027-09-26、2027-10-09" in year
    assert "2027-02-06 至 2027-02-14  9" in year
    package = cli(loaded, "holidays", "list", "--year", "2025").stdout
    assert "chinesecalendar 软件包" in package and "2025-01-28 至 2025-02-04" in package
    bad = cli(loaded, "holidays", "list", "--year", "1800")
    assert bad.returncode == 2 and "年份应在 1900 至 2999 之间" in bad.stderr


BAD_FILES = [
    ('year = 2027\n[[holidays]\nname = "春节"\n', "h.toml:2:", "不是有效的 TOML 文件"),
    ('[[holidays]]\nname = "春节"\nfrom = 2027-02-06\n', "h.toml:1:1", "缺少 year"),
    ('year = 2027\n[[holidays]]\nname = "圣诞节"\nfrom = 2027-12-25\n', "h.toml:3:8", "「圣诞节」不是法定节假日"),
    (
        'year = 2027\n[[holidays]]\nname = "春节"\nfrom = 2027-02-06\nto = 2027-02-14\nworkdays = [2027-02-17]\n',
        "h.toml:6:12",
        "调休上班日 2027-02-17 是星期三",
    ),
    ('year = 2027\n[[holidays]]\nname = "春节"\nfrom = "2月6日"\n', "h.toml:4:8", "from 应是日期"),
    ('year = 2027\n[[holidays]]\nname = "春节"\nfrom = 2027-02-14\nto = 2027-02-06\n', "h.toml:5:6", "晚于结束日期"),
    ('year = 2027\n[[holidays]]\nname = "春节"\nfrom = 2028-02-06\n', "h.toml:4:8", "不在 2027 年的放假安排范围内"),
    (
        'year = 2027\n[[holidays]]\nname = "国庆"\nfrom = 2027-10-01\nto = 2027-10-07\n'
        '[[holidays]]\nname = "中秋"\nfrom = 2027-10-05\n',
        "h.toml:8:8",
        "重叠",
    ),
    ('year = 2027\nyaer = 2028\n[[holidays]]\nname = "春节"\nfrom = 2027-02-06\n', "h.toml:2:8", "不认识的键 yaer"),
    ("year = 2027\n", "h.toml:1:1", "没有任何假期"),
]


@pytest.mark.parametrize(("content", "where", "message"), BAD_FILES, ids=[m for _, _, m in BAD_FILES])
def test_bad_file_is_one_line_and_writes_nothing(
    loaded: str, tmp_path: Path, content: str, where: str, message: str
) -> None:
    file = tmp_path / "h.toml"
    file.write_text(content, encoding="utf-8")
    proc = cli(loaded, "holidays", "import", str(file))
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert where in lines[0] and message in lines[0], lines[0]
    assert "还没有导入任何年份的放假安排" in cli(loaded, "holidays").stdout
    assert cli(loaded, "deadline", "春节前", "--date", "2026-12-01").stdout.strip() == "2027-02-04"


def test_unreadable_files(loaded: str, tmp_path: Path) -> None:
    missing = cli(loaded, "holidays", "import", str(tmp_path / "none.toml"))
    assert missing.returncode == 2 and "无法读取" in missing.stderr
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes('year = 2027\n[[holidays]]\nname = "春节"\nfrom = 2027-02-06\n'.encode("gbk"))
    proc = cli(loaded, "holidays", "import", str(gbk))
    assert proc.returncode == 2 and "不是 UTF-8 文本" in proc.stderr


def test_a_department_cannot_import(loaded: str, tmp_path: Path) -> None:
    file = tmp_path / "h.toml"
    file.write_text(HOLIDAYS_2027, encoding="utf-8")
    proc = cli(loaded, "--as", "区应急局", "holidays", "import", str(file))
    assert proc.returncode == 1 and "只有督查室可以导入放假安排" in proc.stderr
    assert "还没有导入任何年份的放假安排" in cli(loaded, "holidays").stdout


# ---------------------------------------------------------------- meetings


def test_meetings_list_and_set(loaded: str) -> None:
    listed = cli(loaded, "meetings")
    assert listed.returncode == 0 and "全区冬季安全生产会议" in listed.stdout and "2026-12-01" in listed.stdout
    assert cli(loaded, "meetings", "list").stdout == listed.stdout
    proc = cli(loaded, "meetings", "set", "1", "--date", "2026年12月3日", "--source", "会议纪要")
    assert proc.returncode == 0, proc.stderr
    assert "日期 2026-12-01 → 2026-12-03" in proc.stdout and "来源 未定 → 会议纪要" in proc.stdout
    assert "重新计算了 1 个事项的时限" in proc.stdout  # 两周内: 12-15 → 12-17; 春节前 stays 02-04
    shown = cli(loaded, "show", "2").stdout
    assert "时限: 2026-12-17" in shown
    assert "调整时限 2026-12-15 → 2026-12-17" in shown and "会议日期 2026-12-01 → 2026-12-03" in shown
    after = cli(loaded, "meetings").stdout
    assert "2026-12-03" in after and "会议纪要" in after
    same_year = cli(loaded, "meetings", "set", "1", "--date", "12月5日")
    assert same_year.returncode == 0 and "2026-12-03 → 2026-12-05" in same_year.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--date", "2026年2月30日"], 2, "会议日期「2026年2月30日」不存在"),
        (["--date", "上周五"], 2, "无法识别"),
        (["--source", "新闻稿"], 2, "来源「新闻稿」不认识"),
        ([], 2, "没有要修改的内容"),
    ],
)
def test_meetings_set_bad_input(loaded: str, args: list[str], code: int, message: str) -> None:
    proc = cli(loaded, "meetings", "set", "1", *args)
    assert proc.returncode == code and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and message in proc.stderr
    assert "2026-12-01" in cli(loaded, "meetings").stdout


def test_meetings_set_refusals(loaded: str) -> None:
    unit = cli(loaded, "--as", "区应急局", "meetings", "set", "1", "--date", "2026-12-03")
    assert unit.returncode == 1 and "只有督查室可以修改会议信息" in unit.stderr
    missing = cli(loaded, "meetings", "set", "7", "--title", "x")
    assert missing.returncode == 2 and "没有编号为 7 的会议" in missing.stderr
