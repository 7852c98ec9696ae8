"""Searching and status filtering in the service (both backends): units by name, alias or
pinyin, case-insensitive text, and an empty status list that matches nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from helpers import load_toml, read_data

from tasktui.store.lifecycle import PENDING
from tasktui.store.service import Service, TaskQuery
from tasktui.ui.tabs import Filters, view_query

# BASIC_TOML ids: 1 校园安全 (教体局 lead, 卫健局 co)  2 控辍保学 (教体局)  3 营养经费 (财政局)
# 4 课后服务 (no lead, 待分派)  5 教师培训 (教体局, 已完成待核)  6 review item

EXTRA_TOML = read_data("search_extra.toml")  # one more meeting, text with a Latin word


def ids(svc: Service, q: TaskQuery) -> list[int]:
    rows = svc.list_tasks(q)
    assert svc.count_tasks(q) == len(rows)
    assert [r.id for r in svc.task_page(q)] == [r.id for r in rows]
    assert svc.count_tasks(q) == len(rows)
    return sorted(r.id for r in rows)


def test_empty_statuses_match_nothing(basic: Service) -> None:
    assert ids(basic, TaskQuery(statuses=())) == []
    assert ids(basic, TaskQuery(statuses=[], include_settled=True)) == []
    assert ids(basic, TaskQuery(statuses=None)) == [1, 2, 3, 4, 5]  # None: no status filter


def test_view_and_status_filter_that_exclude_each_other(basic: Service) -> None:
    # 已完成 tab + status filter 待分派: nothing, and no NUL marker sent to the database.
    q = view_query("done", basic.clock.today(), Filters(status=PENDING))
    assert q.statuses == ()
    assert ids(basic, q) == []
    assert ids(basic, view_query("triage", basic.clock.today(), Filters(status=PENDING))) == [4]


def test_search_matches_unit_pinyin_initials(basic: Service) -> None:
    assert ids(basic, TaskQuery(search="jtj")) == [1, 2, 5]  # 区教体局 leads them
    assert ids(basic, TaskQuery(search="JTJ")) == [1, 2, 5]
    assert ids(basic, TaskQuery(search="jiaoti")) == [1, 2, 5]  # full pinyin
    assert ids(basic, TaskQuery(search="wjj")) == [1]  # 区卫健局 co-owns #1
    assert ids(basic, TaskQuery(search="教育体育")) == [1, 2, 5]  # an alias
    assert ids(basic, TaskQuery(search="财政局")) == [3]
    assert ids(basic, TaskQuery(search="kcbx")) == [2]  # headings still match
    assert ids(basic, TaskQuery(search="jtj", include_settled=True, sort="lead")) == [1, 2, 5]


def test_unit_search_stays_in_a_department_scope(basic: Service, as_unit: Callable[[str], Service]) -> None:
    wjj = as_unit("区卫健局")
    assert ids(wjj, TaskQuery(search="jtj")) == [1]  # co-owned with 区教体局
    assert ids(wjj, TaskQuery(search="czj")) == []  # 区财政局's tasks stay hidden
    cz = as_unit("区财政局")
    assert ids(cz, TaskQuery(search="jtj")) == []


def test_text_search_ignores_case(basic: Service) -> None:
    load_toml(basic, EXTRA_TOML)
    new = [r.id for r in basic.list_tasks(TaskQuery(search="校园网络"))]
    assert len(new) == 1
    assert ids(basic, TaskQuery(search="wifi")) == new
    assert ids(basic, TaskQuery(search="WIFI")) == new
    assert ids(basic, replace(TaskQuery(search="Wifi"), include_settled=True)) == new


def test_blank_search_is_no_filter(basic: Service) -> None:
    assert ids(basic, TaskQuery(search="  ")) == [1, 2, 3, 4, 5]
