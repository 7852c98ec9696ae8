"""What a worker's service call may raise without it being a bug, and how a toast words it.
No textual here (the report and import helpers use it too)."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from tasktui.store.db import StoreError
from tasktui.store.lifecycle import RuleError
from tasktui.store.service import InputError

# Bad input, a rule, or the database itself (a lock outlasting the busy timeout, a server
# gone): workers turn these into a toast instead of letting them take the app down.
STORE_ERRORS: tuple[type[Exception], ...] = (InputError, RuleError, StoreError, SQLAlchemyError)


def error_text(exc: BaseException) -> str:
    """One line for a toast: the driver's own message, not the SQL statement."""
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        text = str(orig if orig is not None else exc).strip()
        return f"数据库错误: {text.splitlines()[0] if text else type(exc).__name__}"
    return str(exc)
