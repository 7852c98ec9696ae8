"""The dashboard's read models (both backends): a department's line and its overdue trend
count the same tasks, those it leads or co-owns; the office's lines are per lead unit."""

from __future__ import annotations

from collections.abc import Callable

from tasktui.store.dashboard import UnitSummary
from tasktui.store.service import Service

# BASIC_TOML: 1 校园安全 (教体局 lead, 卫健局 co, 整改中, overdue)  2 控辍保学 (教体局, 已交办)
# 3 营养经费 (财政局, due today)  4 课后服务 (待分派)  5 教师培训 (教体局, 已完成待核)


def test_department_line_counts_co_owned_tasks(basic: Service, as_unit: Callable[[str], Service]) -> None:
    wjj = as_unit("区卫健局")
    assert wjj.unit_summary() == [UnitSummary("区卫健局", open=1, done=0, overdue=1)]
    assert sum(n for _, n in wjj.overdue_by_week()) == 1  # the same task, in the trend
    jtj = as_unit("区教体局")
    assert jtj.unit_summary() == [UnitSummary("区教体局", open=2, done=1, overdue=1)]
    assert sum(n for _, n in jtj.overdue_by_week()) == 1


def test_department_with_nothing_has_no_line(basic: Service, as_unit: Callable[[str], Service]) -> None:
    basic.add_department("区水务局")
    assert as_unit("区水务局").unit_summary() == []
    assert sum(n for _, n in as_unit("区水务局").overdue_by_week()) == 0


def test_office_lines_are_per_lead_unit(basic: Service) -> None:
    units = {u.unit: u for u in basic.unit_summary()}
    assert set(units) == {"区教体局", "区财政局"}  # 区卫健局 only co-owns: no line of its own
    assert units["区教体局"] == UnitSummary("区教体局", open=2, done=1, overdue=1)
    assert units["区财政局"] == UnitSummary("区财政局", open=1, done=0, overdue=0)
    assert sum(n for _, n in basic.overdue_by_week()) == 1
