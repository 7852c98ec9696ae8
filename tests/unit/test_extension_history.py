"""What a task's history says about its extensions and its owners' progress: the original
deadline (before granted extensions), the pending request, one line per unit. Pure."""

from __future__ import annotations

from datetime import date, datetime

from tasktui.store.extensions import original_deadline, pending_request
from tasktui.store.owner_progress import unit_progress
from tasktui.store.views import EventRecord

D1, D2, D3 = date(2026, 11, 25), date(2026, 12, 15), date(2026, 12, 31)


def ev(action: str, deadline: date | None, actor: str = "督查室", **kw: str | None) -> EventRecord:
    return EventRecord(
        at=datetime(2026, 11, 1, 9, 0),
        actor=actor,
        action=action,
        from_value=kw.get("from_value"),
        to_value=kw.get("to_value"),
        note=kw.get("note"),
        status_after="整改中",
        deadline_after=deadline,
        lead_after="区教体局",
    )


def test_original_deadline_ignores_granted_extensions_only() -> None:
    assert original_deadline([]) is None
    assert original_deadline([ev("created", None), ev("assigned", None)]) is None
    history = [ev("created", D1), ev("extension_requested", D1), ev("extension_granted", D2), ev("note", D2)]
    assert original_deadline(history) == D1
    # An office correction after a grant sets a new original; a first deadline given by a grant too.
    assert original_deadline([*history, ev("deadline_changed", D3)]) == D3
    assert original_deadline([ev("created", None), ev("extension_granted", D2)]) == D2


def test_pending_request_is_the_last_unanswered_one() -> None:
    asked = ev("extension_requested", D1, "区教体局", from_value="2026-11-25", to_value="2026-12-15", note="需协调")
    pending = pending_request(7, "整改中", [ev("created", D1), asked])
    assert pending is not None
    assert (pending.task_id, pending.unit, pending.current, pending.requested, pending.reason) == (
        7,
        "区教体局",
        D1,
        D2,
        "需协调",
    )
    assert pending_request(7, "整改中", [asked, ev("extension_denied", D1)]) is None
    assert pending_request(7, "整改中", [asked, ev("extension_granted", D2)]) is None
    assert pending_request(7, "已完成待核", [asked]) is None  # done: nothing waits
    # A hand-written task file may carry any text where a date belongs.
    odd = ev("extension_requested", D1, "区教体局", to_value="年底")
    assert pending_request(7, "已交办", [odd]) is not None and pending_request(7, "已交办", [odd]).requested is None  # type: ignore[union-attr]


def test_unit_progress_lead_first_then_co_owners_as_entered() -> None:
    history = [
        ev("progress", D1, "区卫健局", note="第一次"),
        ev("progress", D1, "区卫健局", note="第二次"),
        ev("progress", D1, "区外单位", note="not an owner"),
        ev("note", D1, "区财政局", note="a note is not a report"),
    ]
    lines = unit_progress("区教体局", ["区财政局", "区卫健局"], history)
    assert [(u.unit, u.lead, u.reports, u.last_note) for u in lines] == [
        ("区教体局", True, 0, None),
        ("区财政局", False, 0, None),
        ("区卫健局", False, 2, "第二次"),
    ]
    assert unit_progress(None, [], history) == []
