"""A history for a hand-written task that has none: the steps the lifecycle takes from
待分派 to the status the file gives (交办, one 进展 per note, 完成, 销号 — or 不立项).

Every step goes through `lifecycle.check_transition` / `target_status`, so a synthesised
history is one the service itself could have written; nothing here restates the rules.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tasktui.store.lifecycle import (
    ASSIGNED,
    CLOSED,
    DONE,
    IN_PROGRESS,
    PENDING,
    REJECTED,
    SUSTAINED,
    Action,
    check_transition,
    target_status,
)
from tasktui.store.views import EventRecord

# The steps after 交办 that reach each status (progress notes come before them).
_STEPS_TO: dict[str, tuple[Action, ...]] = {
    ASSIGNED: (),
    IN_PROGRESS: (),
    DONE: (Action.DONE,),
    CLOSED: (Action.DONE, Action.VERIFIED),
    SUSTAINED: (Action.SUSTAINED,),
}
_DEFAULT_NOTES: dict[Action, str] = {
    Action.DONE: "已按要求完成",
    Action.VERIFIED: "经核查属实，予以销号",
    Action.SUSTAINED: "主体任务已完成，转为持续整改",
    Action.REJECTED: "不作为督办事项",
}
DEFAULT_PROGRESS = "已制定整改方案，正在推进"


def synthesise_history(
    status: str,
    lead: str | None,
    co: list[str],
    deadline: date | None,
    notes: list[str],
    start: datetime,
    now: datetime,
    office: str,
    *,
    acknowledged: bool = False,
) -> list[EventRecord]:
    """A plausible history: created at the meeting, assigned the next day (and signed for,
    签收, by the lead after it when `acknowledged`), one progress event per note, then
    done/verified as the status says. Times never pass `now`, so the demo's history is
    never in the future."""
    events: list[EventRecord] = []
    current, cur_lead, cur_co = PENDING, None, ""
    step = 0

    def at() -> datetime:
        nonlocal step
        # The task file's dates are range-checked (deadline_input.FIRST_DATE..LAST_DATE),
        # but `now` is the clock's (`--today 0001-01-01`): near either end of what a
        # datetime holds, stay put rather than overflow.
        try:
            t = start + timedelta(days=step, hours=step % 5)
        except OverflowError:
            t = start
        step += 2
        try:
            latest = now - timedelta(minutes=60 - len(events))
        except OverflowError:
            latest = now
        return min(t, latest)

    def add(actor: str, action: Action, frm: str | None, to: str | None, note: str | None) -> None:
        nonlocal current
        if action is not Action.CREATED:
            check_transition(action, current)
            current = target_status(action, current, cur_lead is not None)
        events.append(
            EventRecord(
                at=at(),
                actor=actor,
                action=action.value,
                from_value=frm,
                to_value=to,
                note=note,
                status_after=current,
                deadline_after=deadline,
                lead_after=cur_lead,
                co_after=cur_co,
            )
        )

    def act(actor: str, action: Action, note: str | None = None) -> None:
        before = current
        add(actor, action, before, target_status(action, before, cur_lead is not None), note)

    add(office, Action.CREATED, None, PENDING, None)
    if status == REJECTED:
        act(office, Action.REJECTED, _DEFAULT_NOTES[Action.REJECTED])
        return events
    if lead is None:
        return events
    cur_lead, cur_co = lead, "、".join(co)  # as entered, like the service records it
    add(office, Action.ASSIGNED, None, lead, f"配合: {'、'.join(co)}" if co else None)
    if acknowledged:
        add(lead, Action.ACKNOWLEDGED, None, None, None)
    progress_notes = list(notes)
    if status in (IN_PROGRESS, SUSTAINED, DONE, CLOSED) and not progress_notes:
        progress_notes = [DEFAULT_PROGRESS]
    if status != ASSIGNED:
        for note in progress_notes:
            act(lead, Action.PROGRESS, note)
    for action in _STEPS_TO.get(status, ()):
        act(office if action is Action.VERIFIED else lead, action, _DEFAULT_NOTES[action])
    # Events were spaced from the meeting date; keep them ordered even when clamped.
    for i in range(1, len(events)):
        if events[i].at <= events[i - 1].at and events[i - 1].at < datetime.max - timedelta(seconds=1):
            events[i] = events[i]._replace(at=events[i - 1].at + timedelta(seconds=1))
    return events


__all__ = ["DEFAULT_PROGRESS", "synthesise_history"]
