"""What every part of the service works with: the store, who acts, the clock, the
windows the user set (yellow, 未签收).

The `Service` facade is one; the modules behind it (departments, queries, actions,
transfer, dashboard, history) take it as their first argument, so each holds one concept
and none holds state of its own.
"""

from __future__ import annotations

from typing import Protocol

from tasktui.clock import Clock
from tasktui.store.db import Store
from tasktui.store.views import Actor


class ServiceContext(Protocol):
    store: Store
    actor: Actor
    clock: Clock
    warn_days: int
    done_requires_note: bool  # 标记完成 needs a 整改情况 text
    ack_days: int  # 未签收 after this many working days unsigned (config [cycle] ack_days)


__all__ = ["ServiceContext"]
