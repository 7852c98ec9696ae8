"""Clocks. Logic never asks the system for "today": a clock is passed in."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)

    def today(self) -> date:
        return date.today()


class FixedClock:
    """A clock pinned to one day (`--today`); the time of day still moves so that
    events recorded in one run keep their order.

    A plain class (it was a dataclass: the same fields, equality and repr) so that a
    command given `--today` does not load the dataclasses module at start-up."""

    __slots__ = ("day", "at")

    def __init__(self, day: date, at: time | None = None) -> None:
        self.day = day
        self.at = at

    def __repr__(self) -> str:
        return f"FixedClock(day={self.day!r}, at={self.at!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FixedClock):
            return NotImplemented
        return (self.day, self.at) == (other.day, other.at)

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value, as the dataclass was

    def now(self) -> datetime:
        t = self.at if self.at is not None else datetime.now().time().replace(microsecond=0)
        return datetime.combine(self.day, t)

    def today(self) -> date:
        return self.day
