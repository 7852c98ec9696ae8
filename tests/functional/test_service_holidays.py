"""Imported holiday schedules (放假安排) in the store, on both backends: they override the
estimate, the deadlines that follow a phrase are resolved again with one history event
each, the others keep theirs, and only the office may import."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import load_toml

from tasktui.exchange.importer import import_task_file_text
from tasktui.extract.holidays import HolidayBreak, YearSchedule
from tasktui.store.errors import RuleError
from tasktui.store.service import Service

# Meeting on 2026-12-28, in a year the package covers, about a year (2027) it does not.
# 1 春节前 (assigned)             estimate 2027-02-04, official (break from Sat Feb 6) 02-05
# 2 5个工作日内 (pending)         estimate 2027-01-05, official (元旦 Jan 1-4) 2027-01-06
# 3 a typed date                  never moves
# 4 春节前, then an extension granted with a phrase: stays the agreed date
# 5 春节前, 已完成待核            settled: keeps its deadline
# 6 3月底前                        not holiday-dependent: resolves the same, no event
WINTER_TOML = """
office = "区政府督查室"

[[departments]]
name = "区教体局"

[[departments]]
name = "区应急局"

[[meetings]]
title = "全区冬季安全生产会议"
date = 2026-12-28

[[meetings.tasks]]
outline = "1"
heading = "春节前完成隐患排查"
lead = "区应急局"
deadline = "春节前"

[[meetings.tasks]]
outline = "2"
heading = "报送排查方案"
deadline = "5个工作日内"

[[meetings.tasks]]
outline = "3"
heading = "完成整改验收"
lead = "区应急局"
deadline = 2027-01-20

[[meetings.tasks]]
outline = "4"
heading = "校园安全检查"
lead = "区教体局"
deadline = "春节前"

[[meetings.tasks]]
outline = "5"
heading = "冬季取暖检查"
lead = "区教体局"
deadline = "春节前"
status = "已完成待核"

[[meetings.tasks]]
outline = "6"
heading = "一季度工作安排"
lead = "区教体局"
deadline = "3月底前"
"""


def official_2027(spring_first: date = date(2027, 2, 6)) -> YearSchedule:
    """A made-up 2027 notice (the real one is not out yet): 元旦 Jan 1-4, 春节 from
    `spring_first` for nine days with Saturday Feb 20 worked, 国庆 Oct 1-7."""
    return YearSchedule(
        2027,
        (
            HolidayBreak(("元旦",), date(2027, 1, 1), date(2027, 1, 4)),
            HolidayBreak(("春节",), spring_first, date(2027, 2, 14), (date(2027, 2, 20),)),
            HolidayBreak(("国庆节",), date(2027, 10, 1), date(2027, 10, 7), (date(2027, 9, 26), date(2027, 10, 9))),
        ),
        "imported",
    )


@pytest.fixture
def winter(office: Service) -> Service:
    load_toml(office, WINTER_TOML)
    office.extend(4, "2027年3月15日前", note="同意延期")
    return office


def deadlines(svc: Service) -> dict[int, date | None]:
    return {i: svc.get_task(i).row.deadline for i in range(1, 7)}


def test_before_import_the_estimate_applies(winter: Service) -> None:
    assert deadlines(winter) == {
        1: date(2027, 2, 4),
        2: date(2027, 1, 5),
        3: date(2027, 1, 20),
        4: date(2027, 3, 15),
        5: date(2027, 2, 4),
        6: date(2027, 3, 31),
    }
    assert not winter.work_calendar().covers_year(2027)
    assert winter.holiday_years() == []


def test_import_overrides_the_estimate_and_records_each_change(winter: Service) -> None:
    before = {i: len(winter.get_task(i).history) for i in range(1, 7)}
    result = winter.import_holidays(official_2027(), "holidays-2027.toml", "示例通知")
    assert (result.year, result.replaced, result.breaks) == (2027, False, 3)
    assert (result.rest_days, result.workdays) == (4 + 9 + 7, 3)
    assert sorted(c.task_id for c in result.changes) == [1, 2]
    assert deadlines(winter) == {
        1: date(2027, 2, 5),
        2: date(2027, 1, 6),
        3: date(2027, 1, 20),
        4: date(2027, 3, 15),
        5: date(2027, 2, 4),
        6: date(2027, 3, 31),
    }
    for i in (1, 2):
        history = winter.get_task(i).history
        assert len(history) == before[i] + 1
        event = history[-1]
        assert event.action == "deadline_changed" and event.actor == "区政府督查室"
        assert "导入2027年放假安排后" in (event.note or "")
        assert event.deadline_after == winter.get_task(i).row.deadline
    assert winter.get_task(1).history[-1].from_value == "2027-02-04"
    assert winter.get_task(1).history[-1].to_value == "2027-02-05"
    for i in (3, 4, 5, 6):
        assert len(winter.get_task(i).history) == before[i]
    years = winter.holiday_years()
    assert [(y.year, y.source_name, y.note, y.breaks) for y in years] == [(2027, "holidays-2027.toml", "示例通知", 3)]
    cal = winter.work_calendar()
    assert cal.covers_year(2027) and cal.schedule(2027) == official_2027()


def test_reimport_replaces_the_year(winter: Service) -> None:
    winter.import_holidays(official_2027(), "a.toml")
    again = winter.import_holidays(official_2027(), "a.toml")
    assert again.replaced and again.changes == []  # the same notice moves nothing
    moved = winter.import_holidays(official_2027(spring_first=date(2027, 2, 10)), "b.toml")
    assert [(c.task_id, c.old, c.new) for c in moved.changes] == [(1, date(2027, 2, 5), date(2027, 2, 9))]
    sched = winter.work_calendar().schedule(2027)
    assert sched is not None and sched.break_of("春节") == HolidayBreak(
        ("春节",), date(2027, 2, 10), date(2027, 2, 14), (date(2027, 2, 20),)
    )
    assert [y.source_name for y in winter.holiday_years()] == ["b.toml"]


def test_only_the_office_imports(winter: Service, as_unit) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError, match="只有督查室可以导入放假安排"):
        as_unit("区应急局").import_holidays(official_2027(), "x.toml")
    assert winter.holiday_years() == []
    assert winter.get_task(1).row.deadline == date(2027, 2, 4)


def test_phrases_typed_after_import_use_it(winter: Service, as_unit) -> None:  # type: ignore[no-untyped-def]
    winter.import_holidays(official_2027(), "a.toml")
    winter.assign(2, "区应急局", deadline="春节前")
    assert winter.get_task(2).row.deadline == date(2027, 2, 5)
    winter.set_deadline(6, "10个工作日内")  # Dec 29-31, Jan 5-8, 11, 12, 13 (元旦 Jan 1-4)
    assert winter.get_task(6).row.deadline == date(2027, 1, 13)
    # A unit reads the schedules too: its extension request by phrase resolves with them.
    as_unit("区应急局").extend(1, "2027年3月1日前", note="设备未到")
    # A task file imported afterwards (the CLI's and the UI's path) resolves its phrases
    # with the store's calendar.
    import_task_file_text(
        winter,
        """
[[meetings]]
title = "春节前安全检查部署会"
date = 2027-01-10

[[meetings.tasks]]
outline = "1"
heading = "节前检查"
deadline = "春节前"
""",
        "late.toml",
    )
    rows = [r for r in winter.list_tasks() if r.heading == "节前检查"]
    assert [r.deadline for r in rows] == [date(2027, 2, 5)]
