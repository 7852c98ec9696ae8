"""Commands on tasks: `list`, `show` and the actions (`assign`, `progress`, `done`,
`verify`, `reopen`, `reject`, `note`, `extend`, `deadline-set`, `kind`). Meetings are in
tasktui.cli.meetings.

Each handler parses nothing and decides nothing: it calls the service and prints.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from tasktui.cli.options import open_service
from tasktui.cli.output import out, task_table
from tasktui.store.errors import EXIT_OK, InputError
from tasktui.store.lifecycle import STATUSES, parse_status

if TYPE_CHECKING:
    from tasktui.store.service import Service
    from tasktui.store.views import TaskRow

Handler = Callable[[argparse.Namespace], int]


def cmd_list(args: argparse.Namespace) -> int:
    from tasktui.store.service import TaskQuery

    statuses = None
    if args.status:
        statuses = []
        for s in args.status:
            st = parse_status(s)
            if st is None:
                raise InputError(f"unknown status {s!r}; use one of {', '.join(STATUSES)}")
            statuses.append(st)
    with open_service(args) as svc:
        q = TaskQuery(
            statuses=statuses,
            include_settled=args.all,
            kinds=tuple(args.kind) if args.kind else ("directive",),
            unit=args.unit,
            meeting_id=args.meeting,
            overdue=args.overdue,
            due_within=args.due_within,
            search=args.search,
        )
        rows = svc.list_tasks(q)
        today = svc.clock.today()
    if args.json:
        out(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        out("no tasks match" + ("" if args.all else " (closed and rejected tasks hidden; --all shows them)"))
        return EXIT_OK
    out(task_table(rows))
    overdue = sum(r.overdue for r in rows)
    out(f"\n{len(rows)} tasks, {overdue} overdue (today {today.isoformat()})")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_service(args) as svc:
        d = svc.get_task(args.id)
    if args.json:
        out(json.dumps(d.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    r = d.row
    out(f"#{r.id}  {r.outline} {r.marker} {r.heading}")
    out(f"会议: {r.meeting}" + (f" ({r.meeting_date})" if r.meeting_date else ""))
    if d.parent_outline:
        out(f"上级: {d.parent_outline} {d.parent_heading}")
    out(f"类别: {r.kind}   状态: {r.status}   倒计时: {r.countdown.label}")
    out(f"牵头: {r.lead or '—'}   配合: {'、'.join(r.co_owners) or '—'}")
    if d.owner_hint:
        out(f"原文责任单位: {d.owner_hint}")
    dl = r.deadline.isoformat() if r.deadline else ("待确定" if r.deadline_unresolved else "无")
    out(f"时限: {dl}" + (f"  (原文: {r.deadline_phrase})" if r.deadline_phrase else ""))
    out("\n" + d.text)
    if d.source_excerpt and d.source_excerpt != d.text:
        out("\n原文: " + d.source_excerpt)
    out("\n历史:")
    for e in d.history:
        change = f" {e.from_value or ''} → {e.to_value}" if e.to_value else ""
        note = f"  「{e.note}」" if e.note else ""
        out(f"  {e.at:%Y-%m-%d %H:%M}  {e.actor}  {e.label}{change}{note}")
    return EXIT_OK


def expected_version(args: argparse.Namespace) -> int | None:
    """`--expect-version N`: the version the user last read (optimistic locking), or None."""
    return getattr(args, "expect_version", None)


def _action(fn: Callable[[Service, argparse.Namespace], TaskRow], verb: str) -> Handler:
    """A handler that runs one service action and prints the task's new state."""

    def run(args: argparse.Namespace) -> int:
        with open_service(args) as svc:
            row = fn(svc, args)
        out(
            f"#{row.id} {verb}: {row.status}"
            + (f", 牵头 {row.lead}" if row.lead else "")
            + (f", 时限 {row.deadline}" if row.deadline else "")
            + f" (version {row.version})"
        )
        return EXIT_OK

    return run


ACTIONS: dict[str, Handler] = {
    "assign": _action(lambda s, a: s.assign(a.id, a.lead, a.co, a.deadline, a.note, expected_version(a)), "assigned"),
    "progress": _action(lambda s, a: s.report_progress(a.id, a.note, expected_version(a)), "progress reported"),
    "done": _action(lambda s, a: s.mark_done(a.id, a.note, expected_version(a)), "marked done"),
    "verify": _action(lambda s, a: s.verify(a.id, a.note, expected_version(a)), "verified"),
    "reopen": _action(lambda s, a: s.reopen(a.id, a.note, expected_version(a)), "reopened"),
    "reject": _action(lambda s, a: s.reject(a.id, a.note, expected_version(a)), "rejected"),
    "note": _action(lambda s, a: s.add_note(a.id, a.note, expected_version(a)), "note added"),
    "extend": _action(lambda s, a: s.extend(a.id, a.to, a.note, expected_version(a)), "extension"),
    "deadline-set": _action(lambda s, a: s.set_deadline(a.id, a.to, a.note, expected_version(a)), "deadline set"),
    "kind": _action(lambda s, a: s.change_kind(a.id, a.to, expected_version(a)), "kind changed"),
}


COMMANDS: dict[str, Handler] = {"list": cmd_list, "show": cmd_show, **ACTIONS}

__all__ = ["COMMANDS", "ACTIONS", "cmd_list", "cmd_show", "expected_version"]
