"""What each owner of a task has reported: the lead (牵头) and every co-owner (配合) report
progress on their part; only the lead marks the whole task done (`policy`). The detail
view shows one line per unit from this. Pure: a task's owners and history in, lines out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tasktui.store.lifecycle import Action
from tasktui.store.views import EventRecord, UnitProgress

PROGRESS = Action.PROGRESS.value


def unit_progress(lead: str | None, co_owners: Sequence[str], history: Iterable[EventRecord]) -> list[UnitProgress]:
    """One line per current owner, lead first, co-owners in the task's order; a unit's
    reports are the progress events it recorded itself (the actor is the unit's name)."""
    owners = ([lead] if lead else []) + [c for c in co_owners if c != lead]
    counts = dict.fromkeys(owners, 0)
    last: dict[str, EventRecord] = {}
    for e in history:
        if e.action == PROGRESS and e.actor in counts:
            counts[e.actor] += 1
            last[e.actor] = e
    return [
        UnitProgress(
            unit=u,
            lead=u == lead,
            reports=counts[u],
            last_at=last[u].at if u in last else None,
            last_note=last[u].note if u in last else None,
        )
        for u in owners
    ]


__all__ = ["unit_progress"]
