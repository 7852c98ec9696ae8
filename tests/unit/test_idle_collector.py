"""The cycle collector runs between keys (tasktui/ui/collector.py): a pass when the person
has been idle and enough is pending, or when too much is pending whatever they do; the
automatic collector is off meanwhile and given back as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tasktui.ui import collector
from tasktui.ui.collector import IdleCollector


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Iterator[Clock]:
    yield Clock()


def _cycles(n: int) -> None:
    """n tracked objects left behind as cyclic garbage."""
    for _ in range(n // 2):
        a: list[object] = []
        b: list[object] = [a]
        a.append(b)


def test_passes_only_when_idle_and_worth_it(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "IDLE_PENDING", 5_000)
    monkeypatch.setattr(collector, "FORCE_PENDING", 10_000_000)
    was = gc.isenabled()
    c = IdleCollector(now=clock)
    try:
        c.start()
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0  # what existed at start is out of the collector's sight
        gc.collect()  # a clean slate for the counts below
        _cycles(8_000)
        c.note_input()
        clock.t += collector.IDLE_SECONDS / 2
        assert not c.tick()  # a key just now: not while it is being answered
        clock.t += collector.IDLE_SECONDS
        assert c.tick()  # idle, and 8,000 pending
        assert gc.get_count()[0] < 5_000
        assert not c.tick()  # nothing worth a pass left
    finally:
        c.stop()
    assert gc.isenabled() == was
    assert gc.get_freeze_count() == 0


def test_too_much_pending_passes_even_mid_typing(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "FORCE_PENDING", 6_000)
    c = IdleCollector(now=clock)
    try:
        c.start()
        gc.collect()
        _cycles(8_000)
        c.note_input()
        assert c.tick()
        assert c.passes == 1
    finally:
        c.stop()


def test_nothing_before_start_and_stop_is_idempotent(clock: Clock) -> None:
    was = gc.isenabled()
    c = IdleCollector(now=clock)
    clock.t += 10
    assert not c.tick()  # the app has not shown its first page yet: the automatic collector runs
    assert gc.isenabled() == was
    c.stop()
    c.start()
    c.start()
    c.stop()
    c.stop()
    assert gc.isenabled() == was
    assert gc.get_freeze_count() == 0
