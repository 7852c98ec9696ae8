"""Importing from inside the app: the same code path as `tasktui import`
(`tasktui.exchange.importer`); this module only words the result for a toast."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from tasktui.store.views import ImportResult


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
    """(ok, summary or error message). Never raises for bad input."""
    from tasktui.exchange.importer import import_path
    from tasktui.exchange.toml_reading import TaskFileError
    from tasktui.extract.types import SpeechInputError
    from tasktui.ui.errors import STORE_ERRORS, error_text

    expected: tuple[type[Exception], ...] = (SpeechInputError, OSError, *STORE_ERRORS)
    try:
        results = import_path(service, str(path), meeting_date=meeting_date)
    except TaskFileError as exc:
        return False, "任务文件有误，未导入:\n" + "\n".join(str(p) for p in exc.problems[:8])
    except expected as exc:
        return False, f"未导入: {error_text(exc)}"
    return True, summarize(results)
