"""What a worker's service call may raise without it being a bug, and how a toast words
it: the store's own answer (`tasktui.store.db.STORE_ERRORS`, `error_text`). No textual
here (the report and import helpers use it too)."""

from __future__ import annotations

from tasktui.store.db import STORE_ERRORS, error_text

__all__ = ["STORE_ERRORS", "error_text"]
