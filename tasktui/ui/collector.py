"""Python's cycle collector in a long-running app: run it while the person reads, not while
a key is being answered.

Each full collection walks every object the process tracks. Measured at 100,000 tasks
(benchmarks/tui_scale.py), the automatic collector ran a full pass every second or so of
key presses, 80–300 ms each, landing on whichever key was being answered: the first search
after start took 30 ms or 120–200 ms depending on it, and most keys had a 150–250 ms worst
case. With the collector off those worst cases went away (peak memory 142 → 367 MB: the app
makes cyclic garbage with every redraw, so collecting cannot simply stop). So:

- once the first page is on screen, what exists is frozen (`gc.freeze`: SQLAlchemy's and
  Textual's modules, the models, the store — alive as long as the app), so a pass walks
  only what came after;
- the automatic collector is switched off, and `IdleCollector.tick` (every half second)
  collects when no key or mouse event came for `IDLE_SECONDS` and enough new objects are
  pending to be worth a pass; past `FORCE_PENDING` it collects whatever the person is
  doing (a key held down), which bounds memory. Every pass is a full one: collecting only
  the young generations at idle promoted what the last keys still held to the old one,
  where it piled up (700,000 objects after 30 s of keys, then a 1.2 s pass);
- when the app ends the collector is as it was before (tests run many apps in one process).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

# No key or mouse event for this long: the person is reading what the last key showed.
IDLE_SECONDS = 0.3
# How often the app asks.
CHECK_SECONDS = 0.5
# Objects allocated (less freed) since the last pass, as gc.get_count() counts them: below
# this an idle pass is not worth its cost (timers and redraws of an idle screen make a few
# thousand); above FORCE_PENDING a pass runs even mid-typing.
IDLE_PENDING = 20_000
FORCE_PENDING = 1_000_000


class IdleCollector:
    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._last_input = now()
        self._was_enabled: bool | None = None  # None: not started
        self.passes = 0

    @property
    def started(self) -> bool:
        return self._was_enabled is not None

    def start(self) -> None:
        """Freeze what exists and take over from the automatic collector (once)."""
        if self.started:
            return
        self._was_enabled = gc.isenabled()
        gc.freeze()
        gc.disable()

    def stop(self) -> None:
        """Give the collector back as it was, the frozen objects visible to it again."""
        if self._was_enabled is None:
            return
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()
        self._was_enabled = None

    def note_input(self) -> None:
        self._last_input = self._now()

    def tick(self) -> bool:
        """Collect if the time is right; True when it did."""
        if not self.started:
            return False
        pending = gc.get_count()[0]
        idle = self._now() - self._last_input >= IDLE_SECONDS
        if (idle and pending >= IDLE_PENDING) or pending >= FORCE_PENDING:
            gc.collect()
            self.passes += 1
            return True
        return False


__all__ = ["CHECK_SECONDS", "FORCE_PENDING", "IDLE_PENDING", "IDLE_SECONDS", "IdleCollector"]
