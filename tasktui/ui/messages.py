"""Messages that worker threads post back to the main screen (thread-safe)."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from tasktui.store.views import TaskDetail, TaskRow
from tasktui.ui.undo import UndoPlan


class RowsLoaded(Message):
    def __init__(self, seq: int, rows: list[TaskRow], has_more: bool, append: bool, keep_id: int | None) -> None:
        super().__init__()
        self.seq, self.rows, self.has_more, self.append, self.keep_id = seq, rows, has_more, append, keep_id


class LoadFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class CountsLoaded(Message):
    def __init__(self, counts: dict[str, int], total: int | None) -> None:
        super().__init__()
        self.counts, self.total = counts, total


class DetailLoaded(Message):
    def __init__(self, task_id: int, detail: TaskDetail | None, error: str | None = None) -> None:
        super().__init__()
        self.task_id, self.detail, self.error = task_id, detail, error


class StoreChanged(Message):
    """Another process (or this one) wrote to the store: the change marker moved."""

    def __init__(self, marker: tuple[int, int]) -> None:
        super().__init__()
        self.marker = marker


class ActionDone(Message):
    def __init__(self, row: TaskRow, message: str, undo: UndoPlan | None, marker: tuple[int, int]) -> None:
        super().__init__()
        self.row, self.message, self.undo, self.marker = row, message, undo, marker


class BatchDone(Message):
    """A batch action saved every selected task (one undo step for all of them)."""

    def __init__(self, rows: list[TaskRow], message: str, undo: UndoPlan | None, marker: tuple[int, int]) -> None:
        super().__init__()
        self.rows, self.message, self.undo, self.marker = rows, message, undo, marker


class ActionFailed(Message):
    def __init__(self, task_id: int, message: str, stale: bool, retry: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.task_id, self.message, self.stale = task_id, message, stale
        self.retry = retry  # reopen the dialog on the fresh task with what the user typed


class ImportFinished(Message):
    def __init__(self, summary: str, ok: bool) -> None:
        super().__init__()
        self.summary, self.ok = summary, ok


class FirstPageShown(Message):
    """The main screen's first page of tasks is on screen (start-up is over)."""
