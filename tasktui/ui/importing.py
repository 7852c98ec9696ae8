"""Importing from inside the app. Uses the same code paths as `tasktui import` (cli.py's
`_import_task_file` / `_import_speech`) so the two never drift apart.

TODO(owner of cli.py): these two helpers deserve a public home (e.g. a small
`tasktui.store.importing` module); this file then only formats the summary.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
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
    from tasktui import cli
    from tasktui.exchange.taskfile import TaskFileError, read_task_file_text
    from tasktui.store.lifecycle import RuleError
    from tasktui.store.service import InputError

    try:
        if path.suffix.lower() == ".toml":
            results = cli._import_task_file(service, path, read_task_file_text(path))
        else:
            args = SimpleNamespace(date=meeting_date, title=None)
            results = [cli._import_speech(service, str(path), args)]  # type: ignore[arg-type]
    except TaskFileError as exc:
        return False, "任务文件有误，未导入:\n" + "\n".join(str(p) for p in exc.problems[:8])
    except (InputError, RuleError, OSError, ValueError) as exc:
        return False, f"未导入: {exc}"
    except ImportError as exc:
        return False, f"讲话稿导入暂不可用（提取模块未完成）: {exc}"
    except Exception as exc:  # the speech extractor is being finished: report, don't crash
        return False, f"未导入: {type(exc).__name__}: {exc}"
    return True, summarize(results)
