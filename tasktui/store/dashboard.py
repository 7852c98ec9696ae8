"""The per-unit dashboard (统计): open, done and overdue directives per lead unit, and the
overdue trend by week. Read-only, one GROUP BY each, so they stay cheap on a 100k store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func
from sqlmodel import col, select

from tasktui.models import Department, Task
from tasktui.store import departments, queries
from tasktui.store.context import ServiceContext
from tasktui.store.lifecycle import COMPLETED_STATUSES, DONE, NO_COUNTDOWN_STATUSES, OPEN_STATUSES


@dataclass(frozen=True)
class UnitSummary:
    unit: str
    open: int
    done: int
    overdue: int

    @property
    def completion(self) -> float:
        total = self.open + self.done
        return self.done / total if total else 0.0


def unit_summary(ctx: ServiceContext) -> list[UnitSummary]:
    """Per lead unit: open, done (待核 + 销号) and overdue directives. A department
    actor sees only its own line, counting the tasks it leads or co-owns."""
    today = ctx.clock.today()
    settled = list(NO_COUNTDOWN_STATUSES)  # never overdue
    with ctx.store.session() as s:
        open_ = func.sum(case((col(Task.status).in_(list(OPEN_STATUSES - {DONE})), 1), else_=0))
        done = func.sum(case((col(Task.status).in_(list(COMPLETED_STATUSES)), 1), else_=0))
        late = func.sum(case((and_(col(Task.deadline) < today, col(Task.status).not_in(settled)), 1), else_=0))
        rows: list[Any]
        if ctx.actor.is_office:
            stmt = (
                select(Department, open_, done, late)
                .join(Task, col(Task.lead_id) == col(Department.id))
                .where(col(Task.kind) == "directive")
                .group_by(col(Department.id))
            )
            rows = [(d.name, o, dn, lt, d.sort_key) for d, o, dn, lt in s.exec(stmt).all()]
        else:
            # The department's own line counts what it leads or co-owns, as its task list
            # and `overdue_by_week` do.
            dept = departments.require(s, ctx.actor.name)
            name = dept.name
            one = select(func.count(), open_, done, late).where(
                col(Task.kind) == "directive", col(Task.id).in_(queries.owned_ids([dept.id or 0]))
            )
            n, o, d, lt = s.exec(one).one()
            rows = [(name, o, d, lt, dept.sort_key)] if n else []
        keyed = [(UnitSummary(n, int(o or 0), int(d or 0), int(lt or 0)), key) for n, o, d, lt, key in rows]
    # Most overdue first; units level on both in pinyin order, as offices list them.
    keyed.sort(key=lambda uk: (-uk[0].overdue, -uk[0].open, uk[1], uk[0].unit))
    return [u for u, _ in keyed]


def overdue_by_week(ctx: ServiceContext, weeks: int = 12) -> list[tuple[date, int]]:
    """Open directives now overdue, bucketed by the week (Monday) their deadline fell in,
    oldest first: the last `weeks` weeks, the oldest bucket also holding anything older."""
    today = ctx.clock.today()
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    counts = [0] * weeks
    with ctx.store.session() as s:
        day: Any = func.date(Task.deadline) if ctx.store.is_sqlite else col(Task.deadline)
        stmt = (
            select(day, func.count())
            .where(
                col(Task.kind) == "directive",
                col(Task.deadline) < today,
                col(Task.status).not_in(list(NO_COUNTDOWN_STATUSES)),
            )
            .group_by(day)
        )
        visible = queries.visible_ids(ctx, s)
        if visible is not None:
            stmt = stmt.where(col(Task.id).in_(visible))
        for d, n in s.exec(stmt).all():
            d = d if isinstance(d, date) else date.fromisoformat(str(d))
            idx = max(0, (d - starts[0]).days // 7)
            counts[min(idx, weeks - 1)] += int(n)
    return list(zip(starts, counts))


__all__ = ["UnitSummary", "overdue_by_week", "unit_summary"]
