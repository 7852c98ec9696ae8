"""`Service.unassign`: the compensating action behind the UI's undo of 交办 (待分派 → 已交办)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from tasktui.report.make import make_report
from tasktui.report.period import week_of
from tasktui.store.errors import RuleError, StaleEditError
from tasktui.store.lifecycle import ASSIGNED, PENDING
from tasktui.store.service import Service

# BASIC_TOML: #4 课后服务 is 待分派 (no lead); #1 is 整改中; #2 is 已交办.


def test_unassign_returns_a_fresh_assignment_to_triage(basic: Service) -> None:
    after = basic.assign(4, "教体局", co=["区财政局"], deadline=date(2026, 12, 31))
    assert after.status == ASSIGNED
    row = basic.unassign(4, expected_version=after.version)
    assert (row.status, row.lead, row.co_owners) == (PENDING, None, [])
    assert row.deadline == date(2026, 12, 31)  # the deadline is not part of the assignment
    history = basic.get_task(4).history
    # Nothing deleted: the assignment and its compensation both stay in the history.
    assert [e.action for e in history][-3:] == ["assigned", "deadline_changed", "reassigned"]
    last = history[-1]
    assert (last.from_value, last.to_value, last.status_after) == ("区教体局", None, PENDING)
    assert "撤回交办" in (last.note or "")
    # It can be triaged again as usual.
    assert basic.assign(4, "区财政局").status == ASSIGNED


def test_unassign_is_rule_checked(basic: Service, as_unit: Callable[[str], Service]) -> None:
    with pytest.raises(RuleError, match="已交办"):
        basic.unassign(1)  # 整改中: the unit already reported; reassign instead
    with pytest.raises(RuleError):
        basic.unassign(4)  # 待分派 already
    with pytest.raises(RuleError, match="只有督查室可以改派"):
        as_unit("区教体局").unassign(2)
    row = basic.get_task(2).row
    with pytest.raises(StaleEditError):
        basic.unassign(2, expected_version=row.version - 1)
    assert basic.get_task(2).row.status == ASSIGNED


def test_report_counts_an_unassigned_task_as_pending(basic: Service) -> None:
    basic.assign(4, "教体局", co=["区财政局"])
    basic.unassign(4)
    report = make_report(basic, week_of(basic.clock.today()))
    assert report.summary.pending == 1  # #4 is back in triage at the end of the week
