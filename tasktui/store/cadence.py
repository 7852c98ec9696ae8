"""Setting a task's 汇报频次 (how often its owners report progress): the office's action
(`Action.CADENCE_CHANGED`), refused in words when the phrase is not one the grammar reads
(`tasktui.extract.cadence`); empty clears it. 未按期报送 is worked out in `late_reports`.
"""

from __future__ import annotations

from tasktui.store import queries
from tasktui.store.actions import begin, record, save
from tasktui.store.context import ServiceContext
from tasktui.store.errors import InputError
from tasktui.store.lifecycle import Action
from tasktui.store.views import TaskRow
from tasktui.textcheck import check_text

CADENCE_MAX = 64  # models.Task.report_every


def check_cadence(phrase: str | None) -> str | None:
    """The phrase to store (trimmed), None for empty; InputError when it says no cadence."""
    value = phrase.strip() if phrase else ""
    if not value:
        return None
    check_text(value, "汇报频次")
    # Imported here: the grammar compiles the deadline grammar's patterns, which the
    # commands that import the store for other reasons need not pay for.
    from tasktui.extract.cadence import EXAMPLES, parse_cadence

    if len(value) > CADENCE_MAX or parse_cadence(value) is None:
        raise InputError(f"看不懂汇报频次「{value[:CADENCE_MAX]}」：可写 {EXAMPLES}")
    return value


def set_report_every(
    ctx: ServiceContext, task_id: int, phrase: str | None, expected_version: int | None = None
) -> TaskRow:
    """汇报频次: a phrase such as 每月5日前 (kept as typed); empty clears it."""
    value = check_cadence(phrase)
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.CADENCE_CHANGED, expected_version)
        old = task.report_every
        if old == value:
            return queries.row_of(ctx, s, task)
        save(ctx, s, task, report_every=value)
        record(ctx, s, task, Action.CADENCE_CHANGED, from_value=old, to_value=value)
        return queries.row_of(ctx, s, task)


__all__ = ["CADENCE_MAX", "check_cadence", "set_report_every"]
