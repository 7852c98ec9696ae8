"""FixedClock, a plain class since `--today` is read at every command's start-up (no
dataclasses module): the day it is pinned to, a moving or a fixed time of day, and the
equality and repr it had as a dataclass."""

from __future__ import annotations

from datetime import date, datetime, time

from tasktui.clock import FixedClock


def test_a_fixed_clock_keeps_its_day_and_compares_by_value() -> None:
    day = date(2026, 11, 25)
    moving, fixed = FixedClock(day), FixedClock(day, at=time(9, 30))
    assert moving.today() == day and moving.now().date() == day
    assert fixed.now() == datetime(2026, 11, 25, 9, 30)
    assert fixed == FixedClock(day, time(9, 30)) and fixed != moving and moving != day
    assert repr(fixed) == "FixedClock(day=datetime.date(2026, 11, 25), at=datetime.time(9, 30))"
    fixed.at = time(10)  # tests move a service's clock through the day
    assert fixed.now() == datetime(2026, 11, 25, 10, 0)
