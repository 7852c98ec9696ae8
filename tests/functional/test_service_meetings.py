"""Editing a meeting after import, on both backends: a new date re-resolves the deadlines
that came from a phrase (one history event per task that moved), Chinese dates, title and
source kind, the office only, and phrases typed at triage counting from the meeting."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import load_toml

from tasktui.store.errors import InputError, NotFoundError, RuleError
from tasktui.store.service import Service

# Meeting 1 on 2026-03-05:
# 1 两周内 (pending)      -> 03-19        2 3月底前 (assigned) -> 03-31
# 3 a typed date 04-30   never moves     4 一周内, 已销号: settled, keeps its deadline
# Meeting 2 has no date: 5 has no deadline yet.
SPRING_TOML = """
office = "区政府督查室"

[[departments]]
name = "区住建局"

[[meetings]]
title = "城市建设推进会"
date = 2026-03-05

[[meetings.tasks]]
outline = "1"
heading = "清理违规广告牌"
deadline = "两周内"

[[meetings.tasks]]
outline = "2"
heading = "推进老旧小区改造"
lead = "区住建局"
deadline = "3月底前"

[[meetings.tasks]]
outline = "3"
heading = "完成道路修复"
lead = "区住建局"
deadline = 2026-04-30

[[meetings.tasks]]
outline = "4"
heading = "整治占道经营"
lead = "区住建局"
deadline = "一周内"
status = "已销号"

[[meetings]]
title = "防汛工作会"

[[meetings.tasks]]
outline = "1"
heading = "排查地下通道积水点"
"""


@pytest.fixture
def spring(office: Service) -> Service:
    load_toml(office, SPRING_TOML)
    return office


def test_new_date_reresolves_phrases_with_history(spring: Service) -> None:
    history = {i: len(spring.get_task(i).history) for i in range(1, 5)}
    result = spring.update_meeting(1, meeting_date="2026年3月10日")
    assert result.changed == ["日期 2026-03-05 → 2026-03-10"]
    assert result.meeting.date == date(2026, 3, 10) and result.meeting.items == 4
    assert [(c.task_id, c.phrase, c.old, c.new) for c in result.changes] == [
        (1, "两周内", date(2026, 3, 19), date(2026, 3, 24))
    ]
    event = spring.get_task(1).history[-1]
    assert (event.action, event.from_value, event.to_value) == ("deadline_changed", "2026-03-19", "2026-03-24")
    assert event.note == "会议日期 2026-03-05 → 2026-03-10，按「两周内」重新计算"
    assert len(spring.get_task(1).history) == history[1] + 1
    for i in (2, 3, 4):  # 3月底前 is still Mar 31; a typed date; a closed task
        assert len(spring.get_task(i).history) == history[i]
    assert spring.get_task(4).row.deadline == date(2026, 3, 12)  # 一周内 from Mar 5, as it was closed
    assert spring.get_task(1).row.meeting_date == date(2026, 3, 10)


def test_month_day_takes_the_meetings_year_and_late_dates_roll_phrases(spring: Service) -> None:
    result = spring.update_meeting(1, meeting_date="4月2日")
    assert result.meeting.date == date(2026, 4, 2)
    moved = {c.task_id: c.new for c in result.changes}
    assert moved == {1: date(2026, 4, 16), 2: date(2027, 3, 31)}  # 3月底前 said in April: next year


def test_title_and_source(spring: Service) -> None:
    result = spring.update_meeting(1, title="全区城市建设推进会", source_kind="会议纪要")
    assert result.changed == ["名称「城市建设推进会」→「全区城市建设推进会」", "来源 未定 → 会议纪要"]
    assert result.changes == []
    m = next(m for m in spring.meetings() if m.id == 1)
    assert (m.title, m.source_kind, m.date) == ("全区城市建设推进会", "会议纪要", date(2026, 3, 5))
    assert spring.update_meeting(1, source_kind="会议纪要").changed == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"meeting_date": "2026年2月30日"}, "不存在"),
        ({"meeting_date": "下周三"}, "无法识别"),
        ({"meeting_date": "0001-01-01"}, "超出可用范围"),
        ({"source_kind": "新闻稿"}, "来源「新闻稿」不认识"),
        ({"title": "  "}, "不能为空"),
        ({}, "没有要修改的内容"),
    ],
)
def test_bad_input_changes_nothing(spring: Service, kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=message):
        spring.update_meeting(1, **kwargs)
    m = next(m for m in spring.meetings() if m.id == 1)
    assert (m.title, m.date, m.source_kind) == ("城市建设推进会", date(2026, 3, 5), None)
    assert spring.get_task(1).row.deadline == date(2026, 3, 19)


def test_unknown_meeting_and_departments(spring: Service, as_unit) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError, match="没有编号为 9 的会议"):
        spring.update_meeting(9, title="x")
    with pytest.raises(RuleError, match="只有督查室可以修改会议信息"):
        as_unit("区住建局").update_meeting(1, meeting_date="2026-03-10")
    assert spring.get_task(1).row.deadline == date(2026, 3, 19)


def test_phrases_typed_at_triage_count_from_the_meeting(spring: Service) -> None:
    # Today is 2026-11-20: 一周内 typed at triage counts from the meeting, not from today.
    spring.assign(1, "区住建局", deadline="一周内")
    assert spring.get_task(1).row.deadline == date(2026, 3, 12)
    # A meeting without a date: today, until the date is known; then from the meeting.
    spring.assign(5, "区住建局", deadline="两周内")
    assert spring.get_task(5).row.deadline == date(2026, 12, 4)
    result = spring.update_meeting(2, meeting_date="2026-06-01")
    assert [(c.task_id, c.new) for c in result.changes] == [(5, date(2026, 6, 15))]
    assert result.changed == ["日期 无 → 2026-06-01"]
    # And a typed phrase follows a later correction of the date too.
    result = spring.update_meeting(1, meeting_date="2026-03-06")
    assert {c.task_id: c.new for c in result.changes} == {1: date(2026, 3, 13)}


def test_a_recomputed_deadline_is_still_the_speechs(spring: Service) -> None:
    from rich.console import Console

    from tasktui.ui.widgets.detail_pane import render_detail

    spring.update_meeting(1, meeting_date="2026-03-10")
    console = Console(width=200, record=True, file=__import__("io").StringIO())
    console.print(render_detail(spring.get_task(1)))
    assert "时限依据「两周内」（讲话原文）" in console.export_text()
