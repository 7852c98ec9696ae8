"""What the store and the service raise for the user's sake, and the exit code each means.

Dependency-free on purpose: the CLI, the UI and the report catch these without importing
SQLAlchemy or the service. A bug is anything else (exit 70, see tasktui.cli).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_REFUSED = 1  # the rules refuse it: an illegal transition, another unit's task, a stale edit
EXIT_BAD_INPUT = 2  # bad usage or bad input: unknown department, impossible date, malformed file
EXIT_INTERNAL = 70  # a bug in tasktui, not the user's fault (EX_SOFTWARE)
EXIT_BUSY = 75  # the store is busy (another writer holds it): nothing written, try again (EX_TEMPFAIL)


def first_line(exc: BaseException, default: str | None = None) -> str:
    """The first line of an error's message, the driver's own for a database error:
    SQLAlchemy goes on with the SQL statement, its parameters (a whole speech, once) and a
    link, which no one should have to scroll past. An empty message gives `default`, else
    the error's type name."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    if text:
        return text.splitlines()[0]
    return type(exc).__name__ if default is None else default


class TaskTuiError(Exception):
    """Base of every error a user is meant to read; `exit_code` is what the CLI returns."""

    exit_code = EXIT_BAD_INPUT


class InputError(TaskTuiError):
    """Bad input from the user (unknown department, impossible date…)."""


class NotFoundError(InputError):
    """No such task (or meeting): the id is wrong, which is bad input."""


class RuleError(TaskTuiError):
    """An action the rules refuse (illegal transition, not your task, office only)."""

    exit_code = EXIT_REFUSED


class StaleEditError(RuleError):
    """Someone else changed the task since it was read: nothing was saved."""


class StoreError(TaskTuiError):
    """The store cannot be opened or used as asked (bad URL, old schema, not a store…)."""


class StoreBusyError(StoreError):
    """Another writer held the store longer than we wait: nothing was written; the same
    command run again will do it."""

    exit_code = EXIT_BUSY


__all__ = [
    "first_line",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "EXIT_BUSY",
    "TaskTuiError",
    "InputError",
    "NotFoundError",
    "RuleError",
    "StaleEditError",
    "StoreError",
    "StoreBusyError",
]
