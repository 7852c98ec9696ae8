"""Importing from inside the app: the same code path as `tasktui import`
(`tasktui.exchange.importer`: read, then store, with the units to register in between);
this module only words the result for a toast."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasktui.store.views import ImportResult

if TYPE_CHECKING:
    from tasktui.exchange.importer import PendingImport
    from tasktui.exchange.unit_proposals import UnitProposal


def summarize(results: list[ImportResult]) -> str:
    lines = []
    for r in results:
        if not r.created:
            lines.append(f"「{r.title}」已导入过，跳过")
            continue
        lines.append(
            f"「{r.title}」: {r.items} 条，督办事项 {r.directives}，"
            f"有责任单位 {r.owners_found}，时限待定 {r.unresolved_deadlines}"
            + (f"，警告 {len(r.warnings)}" if r.warnings else "")
        )
    return "\n".join(lines) or "没有导入任何内容"


def import_file(service: Any, path: Path, meeting_date: date | None = None) -> tuple[bool, str]:
    """(ok, summary or error message), registering no unit. Never raises for bad input."""
    pending, error = read_file(service, path, meeting_date)
    if pending is None:
        return False, error
    return store_file(service, pending)


def read_file(service: Any, path: Path, meeting_date: date | None = None) -> tuple[PendingImport | None, str]:
    """(the file read, "") or (None, why not). Nothing written; never raises for bad input."""
    from tasktui.exchange.importer import read_import
    from tasktui.exchange.toml_reading import TaskFileError

    try:
        return read_import(service, str(path), meeting_date=meeting_date), ""
    except TaskFileError as exc:
        return None, "任务文件有误，未导入:\n" + "\n".join(str(p) for p in exc.problems[:8])
    except _expected() as exc:
        return None, f"未导入: {_error_text(exc)}"


def store_file(service: Any, pending: PendingImport, units: list[UnitProposal] | None = None) -> tuple[bool, str]:
    """Register `units`, then store what `read_file` read: (ok, summary or error)."""
    from tasktui.exchange.importer import store_import

    try:
        results = store_import(service, pending, units or [])
    except _expected() as exc:
        return False, f"未导入: {_error_text(exc)}"
    added = f"\n已登记单位：{'、'.join(u.name for u in units)}" if units else ""
    return True, summarize(results) + added


def _expected() -> tuple[type[Exception], ...]:
    from tasktui.extract.types import SpeechInputError
    from tasktui.ui.errors import STORE_ERRORS

    return (SpeechInputError, OSError, *STORE_ERRORS)


def _error_text(exc: Exception) -> str:
    from tasktui.ui.errors import error_text

    return error_text(exc)
