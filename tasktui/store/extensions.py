"""The extension queue (待批延期): a department asks for a later deadline, the office grants
or denies it; one pending request per task. Also the original deadline, before any granted
extension, which on-time is judged against.

No table of its own: a request is pending when the task's last event among request, grant
and deny is a request, and the task is still where a request can be made (已交办, 整改中).
So the queue is exactly what the history says, a task file carries it through export and
import, and a PostgreSQL unit role needs no new privilege to ask. `ix_event_action` makes
the queue a range of one index.

Pure functions over a task's history (`pending_request`, `original_deadline`) for the
detail view and the weekly report; SQL for the lists (`pending_ids`, `requests_for`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from tasktui.models import Event
from tasktui.store.lifecycle import TRANSITIONS, Action
from tasktui.store.views import EventRecord, ExtensionRequest

REQUEST = Action.EXTENSION_REQUESTED.value
GRANT = Action.EXTENSION_GRANTED.value
DENY = Action.EXTENSION_DENIED.value
# The events that open (a request) or answer (a grant, a deny) a request.
QUEUE_ACTIONS: tuple[str, ...] = (REQUEST, GRANT, DENY)
# Where a request can be made is where it can wait: a task done, closed, rejected or sent
# back to triage has no pending request (one reopened to 整改中 has it again: the unit
# still asked for the time and nobody answered).
OPEN_FOR_REQUESTS: frozenset[str] = TRANSITIONS[Action.EXTENSION_REQUESTED][0]


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:  # a hand-written task file may carry any text here
        return None


def request_of(task_id: int, e: EventRecord | Event) -> ExtensionRequest:
    return ExtensionRequest(
        task_id=task_id,
        unit=e.actor,
        asked_at=e.at,
        current=_date(e.from_value),
        requested=_date(e.to_value),
        reason=e.note,
    )


def pending_request(task_id: int, status: str, history: Iterable[EventRecord]) -> ExtensionRequest | None:
    """The request the office has not answered yet, if any (history in order)."""
    if status not in OPEN_FOR_REQUESTS:
        return None
    last = None
    for e in history:
        if e.action in QUEUE_ACTIONS:
            last = e
    return request_of(task_id, last) if last is not None and last.action == REQUEST else None


def original_deadline(history: Iterable[EventRecord]) -> date | None:
    """The deadline without the extensions granted: a grant moves the deadline but not
    this; any other change of the deadline (set at triage, corrected by the office, a
    first deadline given by a grant) moves both. History in order; None: no deadline."""
    original: date | None = None
    current: date | None = None
    for e in history:
        if e.deadline_after == current:
            continue
        if e.action != GRANT or current is None:
            original = e.deadline_after
        current = e.deadline_after
    return original


# ---------------------------------------------------------------------- SQL


def pending_ids() -> Any:
    """Ids of the tasks whose last request/grant/deny event is a request (the caller adds
    the status condition, `OPEN_FOR_REQUESTS`): a request with no request, grant or deny
    after it. Both walk ix_event_action (action, task_id, id): the requests, then a seek
    per request; grouping by task instead made SQLite scan the whole history."""
    later = aliased(Event)
    answered = (
        select(later.id)
        .where(
            col(later.action).in_(QUEUE_ACTIONS),
            col(later.task_id) == col(Event.task_id),
            col(later.id) > col(Event.id),
        )
        .exists()
    )
    return select(col(Event.task_id)).where(col(Event.action) == REQUEST, ~answered)


def requests_for(s: Session, tasks: Sequence[tuple[int, str]]) -> dict[int, ExtensionRequest]:
    """The pending request of each (task id, status) that has one."""
    wanted = {tid: status for tid, status in tasks if status in OPEN_FOR_REQUESTS}
    ids = list(wanted)
    last: dict[int, Event] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        for e in s.exec(
            select(Event)
            .where(col(Event.task_id).in_(chunk), col(Event.action).in_(QUEUE_ACTIONS))
            .order_by(col(Event.task_id), col(Event.id))
        ):
            last[e.task_id] = e
    return {tid: request_of(tid, e) for tid, e in last.items() if e.action == REQUEST}


__all__ = [
    "OPEN_FOR_REQUESTS",
    "QUEUE_ACTIONS",
    "original_deadline",
    "pending_ids",
    "pending_request",
    "request_of",
    "requests_for",
]
