"""The countdown's stored sort keys (task.settled, task.due_key: generated columns, schema
revision 0002) agree with status and deadline after every kind of write, and the index-driven
order and paging give exactly the documented countdown order (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from helpers import safety_extraction
from sqlalchemy import text

from tasktui import models
from tasktui.store.lifecycle import ASSIGNED, DONE, NO_COUNTDOWN_STATUSES, OPEN_STATUSES, PENDING, STATUSES
from tasktui.store.queries import SORT_KEY_MISMATCH
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import Actor


def _keys(store, task_id: int) -> tuple[str, date | None, int, str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        status, deadline, settled, due_key = conn.execute(
            text("SELECT status, deadline, settled, due_key FROM task WHERE id = :i"), {"i": task_id}
        ).one()
    return status, deadline, settled, str(due_key)


def _assert_keys_right(store, task_id: int | None = None) -> None:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        assert conn.execute(text(SORT_KEY_MISMATCH)).all() == []
    if task_id is not None:
        status, deadline, settled, due_key = _keys(store, task_id)
        assert settled == (1 if status in NO_COUNTDOWN_STATUSES else 0), (task_id, status, settled)
        assert due_key == (str(deadline) if deadline is not None else "9999-12-31"), (task_id, deadline, due_key)


def test_generated_expression_names_the_settled_statuses() -> None:
    for st in STATUSES:
        assert (f"'{st}'" in models.SETTLED_SQL) == (st in NO_COUNTDOWN_STATUSES), st


def test_sort_keys_follow_every_action(basic: Service, store, as_unit: Callable[[str], Service]) -> None:  # type: ignore[no-untyped-def]
    _assert_keys_right(store)  # apply_task_file inserts (statuses 待分派, 整改中, 已完成待核)
    unit = as_unit("区教体局")
    steps: list[tuple[int, Callable[[], object]]] = [
        (4, lambda: basic.assign(4, "区教体局", deadline="2026-12-15")),  # 待分派 → 已交办, deadline set
        (4, lambda: basic.set_deadline(4, "2026-11-02")),  # now overdue
        (4, lambda: basic.set_deadline(4, "12月底前")),  # a phrase
        (2, lambda: unit.extend(2, "2026-12-31")),  # request: no change of deadline
        (2, lambda: basic.extend(2, "2027-01-10")),  # grant
        (2, lambda: unit.report_progress(2, "进展")),
        (2, lambda: unit.mark_done(2)),  # 已完成待核: settled
        (2, lambda: basic.reopen(2)),  # back to open
        (2, lambda: unit.mark_done(2, "再次完成")),
        (2, lambda: basic.verify(2)),  # 已销号
        (3, lambda: basic.reject(3)),  # 不立项
        (3, lambda: basic.change_kind(3, "review")),
        (3, lambda: basic.change_kind(3, "directive")),  # 不立项 → 待分派
        (5, lambda: basic.verify(5)),
        (1, lambda: basic.add_note(1, "备注")),
        (1, lambda: basic.set_priority(1, 2)),
        (1, lambda: basic.assign(1, "区卫健局")),  # reassign
    ]
    if hasattr(basic, "unassign"):
        steps.append((4, lambda: basic.unassign(4)))  # 已交办 → 待分派
    for task_id, step in steps:
        step()
        _assert_keys_right(store, task_id)
    assert _keys(store, 2)[2] == 1 and _keys(store, 3)[0] == PENDING and _keys(store, 3)[2] == 0
    # A speech import (import_extraction): new rows with and without a deadline.
    basic.import_extraction(
        safety_extraction("一、压实安全责任。各乡镇要在一周内完成排查。一要细化方案二、去年成效明显"),
        source_name="s.txt",
    )
    _assert_keys_right(store)


def test_keys_follow_a_raw_status_update(basic: Service, store) -> None:  # type: ignore[no-untyped-def]
    """What a unit role on PostgreSQL may do (UPDATE status, version only): the database
    keeps the keys, no service code involved."""
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE task SET status = :s, version = version + 1 WHERE id = 1"), {"s": DONE})
        conn.execute(text("UPDATE task SET deadline = NULL WHERE id = 2"))
    _assert_keys_right(store, 1)
    _assert_keys_right(store, 2)
    assert _keys(store, 1)[2] == 1 and _keys(store, 2)[3] == "9999-12-31"


def _expected(rows, descending: bool):  # type: ignore[no-untyped-def]
    def key(r):  # type: ignore[no-untyped-def]
        d = r.deadline
        day = 0 if d is None else (-d.toordinal() if descending else d.toordinal())
        return (r.status in NO_COUNTDOWN_STATUSES, d is None, day, r.id)

    return [r.id for r in sorted(rows, key=key)]


def _many(office: Service) -> None:
    """Enough tasks, deadlines (shared, none) and statuses to exercise ties and paging."""
    lines = ['office = "区政府督查室"', "[[departments]]", 'name = "区教体局"', "[[departments]]", 'name = "区财政局"']
    statuses = ["待分派", "已交办", "整改中", "已完成待核", "已销号", "不立项"]
    lines += ["[[meetings]]", 'title = "大会"', "date = 2026-10-01"]
    for i in range(60):
        lines += ["[[meetings.tasks]]", f'outline = "{i + 1}"', f'heading = "事项{i}"']
        status = statuses[i % 6]
        lines.append(f'status = "{status}"')
        if status != "待分派":
            lines.append(f'lead = "{"区教体局" if i % 4 else "区财政局"}"')
            if i % 4 and i % 3 == 1:
                lines.append('co = ["区财政局"]')
        if i % 5:
            lines.append(f"deadline = 2026-{10 + i % 3:02d}-{1 + (i * 7) % 28:02d}")
    from helpers import load_toml

    load_toml(office, "\n".join(lines) + "\n")


def test_countdown_order_and_paging_match_the_rule(office: Service, store) -> None:  # type: ignore[no-untyped-def]
    _many(office)
    _assert_keys_right(store)
    queries = [
        TaskQuery(include_settled=True),
        TaskQuery(),
        TaskQuery(statuses=[PENDING]),
        TaskQuery(statuses=[ASSIGNED, DONE]),
        TaskQuery(overdue=True),
        TaskQuery(due_within=30),
        TaskQuery(include_settled=True, unit="区教体局"),
        TaskQuery(unit="区财政局"),  # leads some, co-owns others
        TaskQuery(include_settled=True, search="事项1"),
        TaskQuery(include_settled=True, kinds=None),
    ]
    all_rows = office.list_tasks(TaskQuery(include_settled=True, kinds=None))
    today = office.clock.today()
    for q in queries:
        for descending in (False, True):
            qq = replace(q, descending=descending)
            rows = office.list_tasks(qq)
            assert [r.id for r in rows] == _expected(rows, descending), qq
            paged: list[int] = []
            while True:
                page = office.task_page(replace(qq, offset=len(paged), limit=7))
                paged += [r.id for r in page]
                if len(page) < 7:
                    break
            assert paged == [r.id for r in rows], qq
            assert office.count_tasks(qq) == len(rows)
        if q.overdue:  # derived at read time from today, not stored
            want = {
                r.id
                for r in all_rows
                if r.kind == "directive" and r.deadline and r.deadline < today and r.status not in NO_COUNTDOWN_STATUSES
            }
            assert {r.id for r in office.list_tasks(q)} == want and want
        if q.unit:  # led or co-owned
            assert {r.id for r in office.list_tasks(q)} == {
                r.id
                for r in all_rows
                if r.kind == "directive"
                and (r.lead == q.unit or q.unit in r.co_owners)
                and (q.include_settled or r.status in OPEN_STATUSES)
            }
    # A department sees its own tasks in the same order.
    unit = Service(store, Actor.department("区教体局"), office.clock)
    rows = unit.list_tasks(TaskQuery(include_settled=True))
    assert rows and {r.lead for r in rows} == {"区教体局"} and [r.id for r in rows] == _expected(rows, False)
