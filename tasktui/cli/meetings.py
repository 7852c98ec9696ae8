"""`tasktui meetings [list]` (the meeting ids `list --meeting` takes) and `tasktui meetings
set ID [--date D] [--title T] [--source S]`: a meeting's date, title and source kind
after import. A new date resolves its tasks' deadline phrases again
(tasktui.store.meetings), and the command lists what moved.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tasktui.cli.options import open_service
from tasktui.cli.output import out, table
from tasktui.store.errors import EXIT_OK

Handler = Callable[[argparse.Namespace], int]


def cmd_meetings(args: argparse.Namespace) -> int:
    action = getattr(args, "meetings_command", None) or "list"
    return ACTIONS[action](args)


def _list(args: argparse.Namespace) -> int:
    with open_service(args) as svc:
        meetings = svc.meetings()
    rows = [
        [
            f"#{m.id}",
            m.date.isoformat() if m.date else "—",
            m.title,
            m.source_kind or "—",
            str(m.items),
            str(m.directives),
        ]
        for m in meetings
    ]
    out(table(rows, ["ID", "日期", "会议", "来源", "条目", "督办事项"]) if rows else "还没有会议")
    return EXIT_OK


def _set(args: argparse.Namespace) -> int:
    with open_service(args) as svc:
        result = svc.update_meeting(args.id, meeting_date=args.date, title=args.title, source_kind=args.source)
    m = result.meeting
    head = f"会议 #{m.id}「{m.title}」"
    out(head + ("：" + "；".join(result.changed) if result.changed else "：没有变化"))
    if result.changes:
        out(f"按新的会议日期重新计算了 {len(result.changes)} 个事项的时限（已记入各事项的历史）：")
        rows = [[f"#{c.task_id}", c.outline, c.heading, c.phrase, c.old_text, c.new_text] for c in result.changes]
        out(table(rows, ["ID", "序号", "事项", "时限说法", "原时限", "新时限"], caps=(8, 8, 30, 16, 10, 10)))
    return EXIT_OK


ACTIONS: dict[str, Handler] = {"list": _list, "set": _set}
COMMANDS: dict[str, Handler] = {"meetings": cmd_meetings}

__all__ = ["ACTIONS", "COMMANDS", "cmd_meetings"]
