"""The orders people read: statuses in lifecycle order, units and headings by pinyin —
never by code point (住建局 U+4F4F would come before 安监局 U+5B89). The keys are stored
(task.status_rank generated from the status; department.sort_key kept by the store on
every write), so the paged list (`task_page`) sorts by index or column, not per row."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers import load_toml
from sqlalchemy import text

from tasktui.models import Department
from tasktui.search import pinyin_sort_key
from tasktui.store.lifecycle import STATUSES
from tasktui.store.service import Service, TaskQuery

# Units whose code-point order (住 < 安 < 教 < 财) is not their pinyin order (an < cai <
# jiao < zhu), and headings likewise (植 < 安 < 落 < 财 by code point).
SORT_TOML = """
office = "区政府督查室"

[[departments]]
name = "住建局"

[[departments]]
name = "安监局"

[[departments]]
name = "教体局"

[[departments]]
name = "财政局"

[[meetings]]
title = "排序检查会"
date = 2026-10-10

[[meetings.tasks]]
outline = "1"
heading = "植树造林"
lead = "住建局"
status = "已交办"

[[meetings.tasks]]
outline = "2"
heading = "安全生产"
lead = "安监局"
status = "已销号"

[[meetings.tasks]]
outline = "3"
heading = "落实控辍保学"
lead = "教体局"
status = "整改中"

[[meetings.tasks]]
outline = "4"
heading = "财政保障"
lead = "财政局"
status = "已完成待核"

[[meetings.tasks]]
outline = "5"
heading = "待定事项"

[[meetings.tasks]]
outline = "6"
heading = "不立项的事"
status = "不立项"

[[meetings.tasks]]
outline = "7"
heading = "再次整改"
lead = "安监局"
status = "整改中"
"""
HEADINGS = {
    1: "植树造林",
    2: "安全生产",
    3: "落实控辍保学",
    4: "财政保障",
    5: "待定事项",
    6: "不立项的事",
    7: "再次整改",
}


@pytest.fixture
def sorted_store(office: Service) -> Service:
    load_toml(office, SORT_TOML, now=datetime(2026, 10, 10, 9))
    return office


def _all(sort: str, descending: bool = False) -> TaskQuery:
    return TaskQuery(include_settled=True, sort=sort, descending=descending)


def _both_ways(svc: Service, q: TaskQuery) -> list[int]:
    """The ids in order, checked the same by the whole list and by pages of two."""
    whole = [r.id for r in svc.list_tasks(q)]
    paged: list[int] = []
    while True:
        page = svc.task_page(TaskQuery(**{**q.__dict__, "offset": len(paged), "limit": 2}))
        if not page:
            break
        paged += [r.id for r in page]
    assert paged == whole
    return whole


def test_status_sorts_in_lifecycle_order(sorted_store: Service) -> None:
    rows = {r.id: r.status for r in sorted_store.list_tasks(_all("id"))}
    ids = _both_ways(sorted_store, _all("status"))
    assert [rows[i] for i in ids] == ["待分派", "已交办", "整改中", "整改中", "已完成待核", "已销号", "不立项"]
    assert [STATUSES.index(rows[i]) for i in ids] == sorted(STATUSES.index(s) for s in rows.values())
    assert ids[2:4] == [3, 7]  # one status: by id
    back = _both_ways(sorted_store, _all("status", descending=True))
    assert [rows[i] for i in back] == ["不立项", "已销号", "已完成待核", "整改中", "整改中", "已交办", "待分派"]
    assert back[3:5] == [3, 7]  # reversed statuses, ids still ascending


def test_units_sort_by_pinyin_with_no_lead_last(sorted_store: Service) -> None:
    leads = {r.id: r.lead for r in sorted_store.list_tasks(_all("id"))}
    ids = _both_ways(sorted_store, _all("lead"))
    assert [leads[i] for i in ids] == ["安监局", "安监局", "财政局", "教体局", "住建局", None, None]
    assert ids[:2] == [2, 7] and ids[-2:] == [5, 6]
    back = _both_ways(sorted_store, _all("lead", descending=True))
    assert [leads[i] for i in back] == ["住建局", "教体局", "财政局", "安监局", "安监局", None, None]


def test_headings_sort_by_pinyin(sorted_store: Service) -> None:
    ids = _both_ways(sorted_store, _all("heading"))
    # an cai dai luo bu zai zhi: 安全生产 不立项的事 财政保障 待定事项 落实… 再次整改 植树造林
    assert [HEADINGS[i] for i in ids] == [
        "安全生产",
        "不立项的事",
        "财政保障",
        "待定事项",
        "落实控辍保学",
        "再次整改",
        "植树造林",
    ]
    back = _both_ways(sorted_store, _all("heading", descending=True))
    assert back == list(reversed(ids))


def test_unit_sort_keys_follow_every_write(sorted_store: Service, store) -> None:  # type: ignore[no-untyped-def]
    """Added from a task file, added by hand, renamed: the stored key is the name's pinyin."""
    sorted_store.add_department("阿里局", ["阿里"])
    with store.session() as s:  # a rename, as the units view makes one: the ORM writes the name
        dept = s.exec(text("SELECT id FROM department WHERE name = '住建局'")).scalar_one()
        unit = s.get(Department, dept)
        assert unit is not None
        unit.name = "爱卫办"
        s.add(unit)
    with store.engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT name, sort_key FROM department")).all())
    assert keys == {name: pinyin_sort_key(name) for name in keys}
    assert set(keys) == {"爱卫办", "安监局", "教体局", "财政局", "阿里局"}
    leads = [r.lead for r in sorted_store.list_tasks(_all("lead")) if r.lead]
    assert leads == ["爱卫办", "安监局", "安监局", "财政局", "教体局"]  # ai < an < cai < jiao


def test_dashboard_ties_go_by_pinyin(sorted_store: Service) -> None:
    """Nothing overdue; one open task each for 安监局, 教体局, 住建局, none for 财政局."""
    assert [u.unit for u in sorted_store.unit_summary()] == ["安监局", "教体局", "住建局", "财政局"]


def test_headings_sort_syllable_by_syllable(office: Service) -> None:
    """差(chā)异 before 查(chá)处 before 常(cháng)态化, as a dictionary has them: by each
    character's syllable and tone. Plain concatenated pinyin would give chachu < changtai
    < chayi, putting 差异 last."""
    tasks = "".join(
        f'[[meetings.tasks]]\noutline = "{n}"\nheading = "{h}"\n\n'
        for n, h in enumerate(["常态化开展督查", "查处违规补课", "差异系数达标", "西安路改造", "先进典型评选"], 1)
    )
    load_toml(office, f'[[meetings]]\ntitle = "会"\ndate = 2026-10-10\n\n{tasks}', now=datetime(2026, 10, 10, 9))
    headings = [r.heading for r in office.task_page(TaskQuery(sort="heading", limit=10))]
    assert headings == ["差异系数达标", "查处违规补课", "常态化开展督查", "西安路改造", "先进典型评选"]


MEETINGS_TOML = """
office = "区政府督查室"
""" + "".join(
    f"""
[[meetings]]
title = "{title}"
date = {day}

[[meetings.tasks]]
outline = "1"
heading = "{title}第一项"

[[meetings.tasks]]
outline = "2"
heading = "{title}第二项"
"""
    for title, day in (
        ("住建工作会", "2026-10-01"),
        ("安全生产会", "2026-10-02"),
        ("财政工作会", "2026-10-03"),
        ("安全生产会", "2026-10-04"),  # the same title again: its tasks stay together
    )
)


def test_meetings_sort_by_pinyin_one_meeting_at_a_time(office: Service) -> None:
    load_toml(office, MEETINGS_TOML, now=datetime(2026, 10, 10, 9))
    rows = {r.id: r for r in office.list_tasks(_all("id"))}
    ids = _both_ways(office, _all("meeting"))
    assert [rows[i].meeting for i in ids] == ["安全生产会"] * 4 + ["财政工作会"] * 2 + ["住建工作会"] * 2
    assert [rows[i].meeting_id for i in ids] == sorted(rows[i].meeting_id for i in ids[:4]) + [
        rows[i].meeting_id for i in ids[4:]
    ]
    assert ids == sorted(ids, key=lambda i: (pinyin_sort_key(rows[i].meeting), rows[i].meeting_id, i))
    back = _both_ways(office, _all("meeting", descending=True))
    assert [rows[i].meeting for i in back] == ["住建工作会"] * 2 + ["财政工作会"] * 2 + ["安全生产会"] * 4
    assert back == sorted(back, key=lambda i: (_neg(pinyin_sort_key(rows[i].meeting)), -rows[i].meeting_id, i))
    # A search narrows first and sorts the matches: the same order.
    found = _both_ways(office, TaskQuery(include_settled=True, sort="meeting", search="第一项"))
    assert found == [i for i in ids if rows[i].heading.endswith("第一项")]


def _neg(key: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in key) + (1,)
