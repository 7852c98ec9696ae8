"""Clocks. Logic never asks the system for "today": a clock is passed in."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass
class FixedClock:
    """A clock pinned to one day (`--today`); the time of day still moves so that
    events recorded in one run keep their order."""

    day: date
    at: time | None = None

    def now(self) -> datetime:
        t = self.at if self.at is not None else datetime.now().time().replace(microsecond=0)
        return datetime.combine(self.day, t)

    def today(self) -> date:
        return self.day
