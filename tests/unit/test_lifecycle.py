"""The lifecycle rules on their own: transitions and the countdown, against a fixed day."""

from __future__ import annotations

from datetime import date

import pytest

from tasktui.store.lifecycle import (
    ASSIGNED,
    CLOSED,
    DONE,
    IN_PROGRESS,
    PENDING,
    REJECTED,
    STATUSES,
    SUSTAINED,
    TRANSITIONS,
    Action,
    RuleError,
    check_transition,
    countdown,
    parse_status,
    target_status,
)

TODAY = date(2026, 11, 20)

LEGAL = {
    (Action.ASSIGNED, PENDING): ASSIGNED,
    (Action.REASSIGNED, ASSIGNED): ASSIGNED,
    (Action.REASSIGNED, IN_PROGRESS): IN_PROGRESS,
    (Action.PROGRESS, ASSIGNED): IN_PROGRESS,
    (Action.PROGRESS, IN_PROGRESS): IN_PROGRESS,
    (Action.DONE, ASSIGNED): DONE,
    (Action.DONE, IN_PROGRESS): DONE,
    (Action.VERIFIED, DONE): CLOSED,
    (Action.REOPENED, DONE): IN_PROGRESS,
    (Action.REOPENED, CLOSED): IN_PROGRESS,
    (Action.REOPENED, REJECTED): PENDING,
    (Action.REJECTED, PENDING): REJECTED,
    (Action.REJECTED, ASSIGNED): REJECTED,
    # The supervision cycle.
    (Action.SENT_BACK, DONE): IN_PROGRESS,
    (Action.SUSTAINED, ASSIGNED): SUSTAINED,
    (Action.SUSTAINED, IN_PROGRESS): SUSTAINED,
    (Action.SUSTAINED, DONE): SUSTAINED,
    (Action.PROGRESS, SUSTAINED): SUSTAINED,  # how a 持续整改 task reports: it stays
    (Action.DONE, SUSTAINED): DONE,
    (Action.REASSIGNED, SUSTAINED): SUSTAINED,
    (Action.ACKNOWLEDGED, ASSIGNED): ASSIGNED,
    (Action.REMINDED, ASSIGNED): ASSIGNED,
    (Action.REMINDED, SUSTAINED): SUSTAINED,
    (Action.ATTACHED, DONE): DONE,
}


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("status", STATUSES)
def test_every_transition_is_either_legal_or_refused(action: Action, status: str) -> None:
    allowed, _ = TRANSITIONS[action]
    if status in allowed:
        check_transition(action, status)
    else:
        with pytest.raises(RuleError) as err:
            check_transition(action, status)
        assert status in str(err.value)


@pytest.mark.parametrize(("key", "expected"), list(LEGAL.items()))
def test_targets(key: tuple[Action, str], expected: str) -> None:
    action, status = key
    check_transition(action, status)
    assert target_status(action, status, has_lead=True) == expected


def test_reopen_without_lead_goes_back_to_triage() -> None:
    assert target_status(Action.REOPENED, DONE, has_lead=False) == PENDING


def test_verify_needs_done() -> None:
    for status in (PENDING, ASSIGNED, IN_PROGRESS, CLOSED, REJECTED):
        with pytest.raises(RuleError, match="已完成待核"):
            check_transition(Action.VERIFIED, status)


@pytest.mark.parametrize(
    ("deadline", "status", "days", "overdue", "warning", "label"),
    [
        (date(2026, 11, 17), IN_PROGRESS, -3, True, "red", "逾期3天"),
        (date(2026, 11, 20), ASSIGNED, 0, False, "yellow", "今天到期"),
        (date(2026, 11, 27), ASSIGNED, 7, False, "yellow", "剩7天"),
        (date(2026, 11, 28), ASSIGNED, 8, False, "green", "剩8天"),
        (None, ASSIGNED, None, False, "none", "无时限"),
        (date(2026, 11, 1), DONE, -19, False, "settled", "—"),
        (date(2026, 11, 1), CLOSED, -19, False, "settled", "—"),
        (date(2026, 11, 1), REJECTED, -19, False, "settled", "—"),
        (date(2026, 11, 1), PENDING, -19, True, "red", "逾期19天"),
        # 持续整改 has no countdown and is never overdue, whatever its old deadline.
        (date(2026, 11, 1), SUSTAINED, -19, False, "settled", "—"),
        (None, SUSTAINED, None, False, "settled", "无时限"),
    ],
)
def test_countdown(deadline, status, days, overdue, warning, label) -> None:  # type: ignore[no-untyped-def]
    c = countdown(deadline, status, TODAY, warn_days=7)
    assert (c.days_left, c.overdue, c.warning, c.label) == (days, overdue, warning, label)


def test_warn_days_is_configurable() -> None:
    assert countdown(date(2026, 11, 25), ASSIGNED, TODAY, warn_days=3).warning == "green"
    assert countdown(date(2026, 11, 23), ASSIGNED, TODAY, warn_days=3).warning == "yellow"


def test_parse_status_accepts_english_aliases() -> None:
    assert parse_status("done") == DONE
    assert parse_status("已销号") == CLOSED
    assert parse_status("nonsense") is None


def test_sign_send_back_and_remind_refuse_where_they_make_no_sense() -> None:
    for status in (PENDING, IN_PROGRESS, SUSTAINED, DONE, CLOSED, REJECTED):
        with pytest.raises(RuleError, match="已交办"):
            check_transition(Action.ACKNOWLEDGED, status)
    for status in (PENDING, ASSIGNED, IN_PROGRESS, SUSTAINED, CLOSED, REJECTED):
        with pytest.raises(RuleError, match="已完成待核"):
            check_transition(Action.SENT_BACK, status)
    for status in (PENDING, DONE, CLOSED, REJECTED):
        with pytest.raises(RuleError):
            check_transition(Action.REMINDED, status)
    for status in (PENDING, SUSTAINED, CLOSED, REJECTED):
        with pytest.raises(RuleError):
            check_transition(Action.SUSTAINED, status)
    for status in (SUSTAINED,):
        with pytest.raises(RuleError):
            check_transition(Action.EXTENSION_REQUESTED, status)  # no countdown to extend


def test_status_order_puts_sustained_between_work_and_done() -> None:
    assert STATUSES.index(IN_PROGRESS) < STATUSES.index(SUSTAINED) < STATUSES.index(DONE)
    assert parse_status("sustained") == SUSTAINED
