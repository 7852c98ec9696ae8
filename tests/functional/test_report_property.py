"""Properties of the weekly report over random histories (hypothesis):

- a past week's report does not change when later events are added;
- the report of the running week agrees with the current task rows (status, deadline,
  lead, co-owners), i.e. rebuilding from events loses nothing;
- the summary's counts add up, 待分派 is in no rate's denominator, and tied units share
  a rank (standard competition ranking);
- the task table alone (what csv writes, report/task_table.py) is the full report's.
"""

from __future__ import annotations

import tempfile
from datetime import date, time, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasktui.report.make import make_report, make_task_table, render_bytes
from tasktui.report.model import WeeklyReport
from tasktui.report.period import parse_week, week_of
from tasktui.report.sample import MEETING_A, MEETING_B, ScriptedStore
from tasktui.store.errors import InputError, RuleError
from tasktui.store.service import TaskQuery

UNITS = ["区应急局", "区住建局", "区教体局", "区卫健委", "区市场监管局"]
KEYS = ["A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3"]
START = date(2026, 11, 9)  # Monday of week 2026-W46

step = st.tuples(
    st.integers(min_value=1, max_value=20),  # day offset from START
    st.sampled_from(["assign", "progress", "done", "verify", "reopen", "extend", "reject", "deadline"]),
    st.sampled_from(KEYS),
    st.sampled_from(UNITS),
    st.lists(st.sampled_from(UNITS), max_size=2, unique=True),
    st.integers(min_value=-10, max_value=30),  # deadline shift in days
)


def apply(
    s: ScriptedStore, day: date, at: time, n: int, action: str, key: str, unit: str, co: list[str], shift: int
) -> None:
    # One moment per step, whoever acts: steps of one day happen in the order applied.
    office = s.svc(day, at)
    tid = s.ids[key]
    try:
        if action == "assign":
            office.assign(tid, unit, co)
        elif action in ("progress", "done"):
            lead = office.get_task(tid).row.lead
            dept = s.svc(day, at, lead) if lead else office
            if action == "progress":
                dept.report_progress(tid, f"进展{n}")
            else:
                dept.mark_done(tid, f"完成{n}")
        elif action == "verify":
            office.verify(tid, "销号")
        elif action == "reopen":
            office.reopen(tid, "重开")
        elif action == "reject":
            office.reject(tid, "不立项")
        elif action == "extend":
            office.extend(tid, (day + timedelta(days=abs(shift) + 1)).isoformat(), "延期")
        else:
            office.set_deadline(tid, (day + timedelta(days=shift)).isoformat())
    except (RuleError, InputError):
        pass  # the rules refused: a real office would see the same message


def comparable(r: WeeklyReport) -> tuple[object, ...]:
    return (r.summary, r.units, r.tasks, r.overdue, r.due_soon, r.completed, r.deadline_changes, r.meetings)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, max_size=25))
def test_random_histories(steps: list[tuple[int, str, str, str, list[str], int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s = ScriptedStore(f"sqlite:///{Path(tmp) / 's.db'}")
        s._import(START, time(7, 0), MEETING_A, "A")
        s._import(START, time(7, 30), MEETING_B, "B")
        ordered = sorted(enumerate(steps), key=lambda p: (p[1][0], p[0]))
        week1 = parse_week("2026-W46")
        made = (date(2026, 11, 16), time(7, 0))
        done_week1 = False
        before: tuple[object, ...] = ()
        for k, (n, (offset, action, key, unit, co, shift)) in enumerate(ordered):
            day = START + timedelta(days=offset)
            if day > week1.end and not done_week1:
                before = comparable(make_report(s.svc(*made), week1))
                done_week1 = True
            apply(s, day, time(8, k // 60, k % 60), n, action, key, unit, co, shift)
        if not done_week1:
            before = comparable(make_report(s.svc(*made), week1))
        # 1. The past week is unchanged by everything after it.
        assert comparable(make_report(s.svc(*made), week1)) == before

        # 2. The running week, reported on its last day, matches the current rows.
        last = START + timedelta(days=21)
        svc = s.svc(last, time(23, 0))
        now = make_report(svc, week_of(last))
        rows = {r.id: r for r in svc.list_tasks(TaskQuery(include_settled=True))}
        assert {t.id for t in now.tasks} == set(rows)
        for t in now.tasks:
            row = rows[t.id]
            assert (t.status, t.deadline, t.lead) == (row.status, row.deadline, row.lead)
            assert sorted(t.co) == sorted(row.co_owners)
            assert t.overdue == row.countdown.overdue

        # 2b. The table the database folds is the one Python folds, past week and running week.
        for period, reported in ((week1, make_report(svc, week1)), (week_of(last), now)):
            table = make_task_table(svc, period)
            assert render_bytes(table, "csv") == render_bytes(reported, "csv")
            assert table.result_line() == reported.result_line()

        # 3. Counts add up.
        for r in (now, make_report(svc, week1)):
            sm = r.summary
            assert sm.pending + sm.in_progress + sm.awaiting_check + sm.closed == sm.tracked
            assert sm.completed == sm.awaiting_check + sm.closed
            assert sm.overdue_new <= sm.overdue == len(r.overdue)
            assert sm.on_time <= sm.completed_with_deadline <= sm.completed
            assert sm.assigned + sm.pending == sm.tracked
            # Every task past triage has a lead; the units' and meetings' denominators
            # together are the 已分派 tasks, never a 待分派 one.
            assert sum(u.total for u in r.units) == sm.assigned
            assert sum(m.assigned for m in r.meetings) == sm.assigned
            assert sum(m.total for m in r.meetings) == sm.tracked
            assert sum(u.closed for u in r.units) == sm.closed
            assert sum(u.awaiting_check for u in r.units) == sm.awaiting_check
            # 1-1-3: a rank is the previous one when tied, else the position.
            for i, u in enumerate(r.units):
                if i == 0:
                    assert u.rank == 1
                    continue
                prev = r.units[i - 1]
                tied = (u.closed * prev.total, u.completed * prev.total, u.overdue) == (
                    prev.closed * u.total,
                    prev.completed * u.total,
                    prev.overdue,
                )
                assert u.rank == (prev.rank if tied else i + 1)
        s.store.dispose()
