"""Renaming a unit and merging one unit into another: the department rows, every task
that names the unit (one history event each), and the PostgreSQL unit-role mapping.

History keeps the old name: events are append-only and carry the names as they were
(`actor`, `lead_after`, `co_after`), so a report of an earlier week still says the old
name; the rename or merge itself is an event on each task it touched, with the owners
after it. The old name stays as an alias, so what people type (and older task files)
still finds the unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from tasktui.models import DepartmentAlias, Meta, Task, TaskCoOwner
from tasktui.store import actions, departments, policy
from tasktui.store.context import ServiceContext
from tasktui.store.errors import InputError
from tasktui.store.lifecycle import Action
from tasktui.textcheck import NAME_MAX, check_name, check_text, name_key

# The meta key prefix of a PostgreSQL unit role's mapping (role -> unit name), see
# store/roles.py; repeated here so that renaming needs no PostgreSQL code.
ROLE_MAPPING_PREFIX = "unit_role:"


@dataclass(frozen=True)
class UnitChange:
    """What a rename or a merge did."""

    old: str  # the unit renamed, or merged away
    new: str  # its new name, or the unit it was merged into
    tasks: int  # tasks whose owners changed (one event each)
    roles: tuple[str, ...] = ()  # PostgreSQL unit roles that stood for `old`


def rename(ctx: ServiceContext, unit: str, new_name: str) -> UnitChange:
    """Give a unit a new name; the old one becomes an alias. A name that is already
    one of its aliases swaps places with the name; another unit's name is refused."""
    policy.manage_units(ctx.actor).enforce()
    new_name = check_name(check_text(new_name, "新名称") or "", "新名称", NAME_MAX)
    if not new_name:
        raise InputError("请填写新名称")
    with ctx.store.write() as s:
        dept = departments.require(s, unit)
        old = dept.name
        if name_key(new_name) == name_key(old):
            raise InputError(f"「{old}」已经叫这个名称")
        other = departments.find(s, new_name)
        if other is not None and other.id != dept.id:
            raise InputError(f"「{new_name}」已是「{other.name}」的名称或别名；要把两个单位并为一个，请用合并")
        for alias in s.exec(select(DepartmentAlias).where(col(DepartmentAlias.department_id) == dept.id)):
            if name_key(alias.alias) == name_key(new_name):
                s.delete(alias)  # the alias becomes the name
        s.flush()
        dept.name = new_name
        s.add(dept)
        s.add(DepartmentAlias(department_id=dept.id or 0, alias=old))
        s.flush()
        roles = _role_mappings(s, old)
        for row in roles:
            row.value = new_name
            s.add(row)
        tasks = _tasks_of(s, dept.id or 0)
        for task in tasks:
            actions.record(ctx, s, task, Action.UNIT_RENAMED, from_value=old, to_value=new_name)
        return UnitChange(old, new_name, len(tasks), tuple(_role_name(r) for r in roles))


def merge(ctx: ServiceContext, source: str, target: str) -> UnitChange:
    """Merge `source` into `target`: its tasks are led or co-owned by `target` from now
    on (a co-owner that is the lead already, or a co-owner twice, is dropped), and its
    name and aliases become `target`'s aliases. A PostgreSQL role that stood for
    `source` stands for no unit afterwards (it sees nothing): the office grants it again
    on purpose, never by a merge."""
    policy.manage_units(ctx.actor).enforce()
    with ctx.store.write() as s:
        src = departments.require(s, source)
        dst = departments.require(s, target)
        if src.id == dst.id:
            raise InputError(f"「{source}」和「{target}」是同一个单位（{src.name}）")
        src_id, dst_id = src.id or 0, dst.id or 0
        touched = _tasks_of(s, src_id)
        for task in touched:
            links = {c.department_id for c in s.exec(select(TaskCoOwner).where(col(TaskCoOwner.task_id) == task.id))}
            changes = {"lead_id": dst_id} if task.lead_id == src_id else {}
            new_lead = dst_id if task.lead_id == src_id else task.lead_id
            if src_id in links:
                if dst_id in links or new_lead == dst_id:
                    _drop_link(s, task.id or 0, src_id)
                else:  # in place: the co-owner keeps its position in the list
                    s.exec(
                        update(TaskCoOwner)
                        .where(col(TaskCoOwner.task_id) == task.id, col(TaskCoOwner.department_id) == src_id)
                        .values(department_id=dst_id)
                    )
            if new_lead == dst_id and dst_id in links:
                _drop_link(s, task.id or 0, dst_id)  # the new lead is not also its co-owner
            s.flush()
            # Through the write kernel: the owners changed, so the version moves on and
            # an edit prepared on the old owners is refused as stale.
            actions.save(ctx, s, task, **changes)
            actions.record(
                ctx,
                s,
                task,
                Action.UNIT_MERGED,
                from_value=src.name,
                to_value=dst.name,
                note=f"{src.name}并入{dst.name}",
            )
        s.exec(update(DepartmentAlias).where(col(DepartmentAlias.department_id) == src_id).values(department_id=dst_id))
        old = src.name
        roles = tuple(_role_name(r) for r in _role_mappings(s, old))
        s.delete(src)
        s.flush()
        s.add(DepartmentAlias(department_id=dst_id, alias=old))
        return UnitChange(old, dst.name, len(touched), roles)


def _tasks_of(s: Session, dept_id: int) -> list[Task]:
    co = select(TaskCoOwner.task_id).where(col(TaskCoOwner.department_id) == dept_id)
    stmt = select(Task).where((col(Task.lead_id) == dept_id) | col(Task.id).in_(co)).order_by(col(Task.id))
    return list(s.exec(stmt).all())


def _drop_link(s: Session, task_id: int, dept_id: int) -> None:
    link = s.get(TaskCoOwner, (task_id, dept_id))
    if link is not None:
        s.delete(link)


def _role_mappings(s: Session, unit: str) -> list[Meta]:
    rows = s.exec(
        select(Meta).where(col(Meta.key).startswith(ROLE_MAPPING_PREFIX, autoescape=True), col(Meta.value) == unit)
    )
    return list(rows.all())


def _role_name(row: Meta) -> str:
    return row.key.removeprefix(ROLE_MAPPING_PREFIX)


__all__ = ["ROLE_MAPPING_PREFIX", "UnitChange", "merge", "rename"]
