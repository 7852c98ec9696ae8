"""What someone else changed in a task while a user was editing it: said in the dialog that
comes back after a refused write, so the user can check before submitting again."""

from __future__ import annotations

from tasktui.extract.types import KIND_LABELS
from tasktui.store.views import TaskRow


def what_changed(old: TaskRow, new: TaskRow) -> str:
    """`时限 2026-12-05 → 2026-12-20；牵头 区教体局 → 区住建局`, or a plain sentence when only
    the history grew (a note or a progress report by someone else)."""
    parts: list[str] = []

    def day(row: TaskRow) -> str:
        if row.deadline is not None:
            return row.deadline.isoformat()
        return "待确定" if row.deadline_unresolved else "无"

    if old.status != new.status:
        parts.append(f"状态 {old.status} → {new.status}")
    if old.lead != new.lead:
        parts.append(f"牵头 {old.lead or '—'} → {new.lead or '—'}")
    if list(old.co_owners) != list(new.co_owners):
        parts.append(f"配合 {'、'.join(old.co_owners) or '—'} → {'、'.join(new.co_owners) or '—'}")
    if day(old) != day(new):
        parts.append(f"时限 {day(old)} → {day(new)}")
    if old.kind != new.kind:
        parts.append(f"类别 {KIND_LABELS.get(old.kind, old.kind)} → {KIND_LABELS.get(new.kind, new.kind)}")
    if old.heading != new.heading:
        parts.append("事项内容")
    return "；".join(parts) if parts else "有新的进展或备注"
