"""Python's cycle collector paused around a bulk read (a report at 100,000 tasks, `tasktui
list`): such work allocates millions of short-lived tuples and keeps 100,000s of records, none
in a reference cycle that must be freed early, so the collector's passes over the growing
heap are wasted work — a fifth of the report's time at 100,000 tasks, 50 ms of the list's
600 at 50,000. Reference counting frees the rest. Standard library only: the plain list
path imports it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block and back as it was afterwards, even on an error."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = ["collector_paused"]
