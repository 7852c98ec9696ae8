"""Commands on tasks: `list`, `show`, the actions (`assign`, `progress`, `done`, `verify`,
`reopen`, `reject`, `note`, `extend`, `deadline-set`, `kind`) and `extensions` (the
pending extension requests). Meetings are in tasktui.cli.meetings.

Each handler parses nothing and decides nothing: it calls the service and prints.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from tasktui.cli.options import open_service
from tasktui.cli.output import out, table, write_task_table
from tasktui.collector_pause import collector_paused
from tasktui.store.errors import EXIT_OK, InputError
from tasktui.store.statuses import ASSIGNED, PENDING, STATUSES, parse_status

if TYPE_CHECKING:
    from datetime import date

    from tasktui.store.listed import ListedTask
    from tasktui.store.service import Service
    from tasktui.store.views import TaskRow

Handler = Callable[[argparse.Namespace], int]


def cmd_list(args: argparse.Namespace) -> int:
    statuses = None
    if args.status:
        statuses = []
        for s in args.status:
            st = parse_status(s)
            if st is None:
                raise InputError(f"没有状态「{s}」：可用 {'、'.join(STATUSES)}")
            statuses.append(st)
    source_kind = args.source_kind.strip() if args.source_kind else None
    if source_kind is not None:
        from tasktui.store.meetings import SOURCE_KINDS

        if source_kind not in SOURCE_KINDS:
            raise InputError(f"来源「{args.source_kind}」不认识：请写 {'、'.join(SOURCE_KINDS)} 之一")
    # The default shapes on a plain SQLite store: read without SQLAlchemy (store/plain_list.py).
    if not args.json:
        with collector_paused():
            plain = _plain_list(args)
            if plain is not None:
                return _print_list(args, *plain)
    from tasktui.store.service import TaskQuery

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
            late_reports=getattr(args, "late_reports", False),
            unacknowledged=args.unacknowledged,
            leader=args.leader,
            urgency=args.urgency,
            source_kind=source_kind,
        )
        # --json gives every field of each task; the printed list only its columns, read
        # lean (store/listing.py) so a long list costs what it prints.
        rows = svc.list_tasks(q) if args.json else None
        served = None if args.json else svc.listed_tasks(q)
        today = svc.clock.today()
        ack_days = svc.ack_days
    if rows is not None:
        out(_json([r.to_json() for r in rows]))
        return EXIT_OK
    assert served is not None
    return _print_list(args, served, today, ack_days)


def _json(value: object) -> str:
    """`--json`'s text. json is imported here: the printed list (most runs) never needs it."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=2)


def _print_list(args: argparse.Namespace, listed: list[ListedTask], today: date, ack_days: int) -> int:
    if not listed:
        out("没有符合条件的事项" + ("" if args.all else "（已销号和不立项的未列出，加 --all 可列出）"))
        return EXIT_OK
    write_task_table(listed)
    overdue = sum(r.overdue for r in listed)
    unsigned = sum(r.unacknowledged for r in listed)
    said = f"，未签收 {unsigned} 项（交办超过 {ack_days} 个工作日）" if unsigned else ""
    out(f"\n共 {len(listed)} 项，逾期 {overdue} 项{said}（今天 {today.isoformat()}）")
    return EXIT_OK


# The list's options the plain read (store/plain_list.py) takes; any other set means the service.
_OTHER_FILTERS = (
    "status",
    "kind",
    "unit",
    "meeting",
    "overdue",
    "due_within",
    "search",
    "late_reports",
    "unacknowledged",
    "leader",
    "urgency",
    "source_kind",
)


def _plain_list(args: argparse.Namespace) -> tuple[list[ListedTask], date, int] | None:
    """`list` in its default shapes on a plain SQLite store, read without SQLAlchemy
    (store/plain_list.py): (the lines, today, 未签收 days) or None for the service path."""
    if any(getattr(args, name, None) for name in _OTHER_FILTERS):
        return None
    from tasktui.cli.options import DEFAULT_WARN_DAYS, ack_days, clock_for
    from tasktui.store.location import resolve_url
    from tasktui.store.plain_list import plain_listed

    clock = clock_for(args)
    today = clock.today()
    warn = getattr(args, "warn_days", None)
    # Read from the config file once, and only once the store has been read (see plain_listed).
    window = functools.cache(ack_days)
    listed = plain_listed(
        resolve_url(getattr(args, "db", None)),
        getattr(args, "actor", None),
        bool(args.all),
        today,
        DEFAULT_WARN_DAYS if warn is None else warn,
        window,
    )
    return None if listed is None else (listed, today, window())


def cmd_show(args: argparse.Namespace) -> int:
    from tasktui.extract.types import KIND_LABELS

    with open_service(args) as svc:
        d = svc.get_task(args.id)
    if args.json:
        out(_json(d.to_json()))
        return EXIT_OK
    r = d.row
    out(f"#{r.id}  {r.outline} {r.marker} {r.heading}")
    out(f"会议: {r.meeting}" + (f" ({r.meeting_date})" if r.meeting_date else ""))
    if d.parent_outline:
        out(f"上级: {d.parent_outline} {d.parent_heading}")
    out(f"类别: {KIND_LABELS.get(r.kind, r.kind)}   状态: {r.status}   倒计时: {r.countdown.label}")
    out(f"牵头: {r.lead or '—'}   配合: {'、'.join(r.co_owners) or '—'}")
    out(f"签收: {signing_words(r)}")
    out(f"责任领导: {r.responsible_leader or '—'}   紧急程度: {r.urgency}   汇报频次: {r.report_every or '—'}")
    if d.owner_hint:
        out(f"原文责任单位: {d.owner_hint}")
    dl = r.deadline.isoformat() if r.deadline else ("待确定" if r.deadline_unresolved else "无")
    out(f"时限: {dl}" + (f"  (原文: {r.deadline_phrase})" if r.deadline_phrase else ""))
    if d.original_deadline and d.original_deadline != r.deadline:
        out(f"原定时限: {d.original_deadline}（已批准延期；按原定时限判断是否按期）")
    if r.extension:
        ext = r.extension
        out(f"待批延期: {ext.unit} 申请延至 {ext.requested or '—'}" + (f"，理由: {ext.reason}" if ext.reason else ""))
    _show_cycle(r)
    if len(d.unit_progress) > 1:  # a lead alone: its progress is the history below
        out("各单位进展:")
        for u in d.unit_progress:
            last = f"{u.last_at:%Y-%m-%d} 「{u.last_note}」" if u.last_at else "尚未报告"
            out(f"  {'牵头' if u.lead else '配合'} {u.unit}: {u.reports} 次  {last}")
    if d.attachments:
        from tasktui.store.attachments import size_words

        out("佐证材料:")
        for a in d.attachments:
            out(
                f"  {a.seq}. {a.name}  {a.kind}  {size_words(a.size)}  sha256 {a.sha256[:12]}  "
                f"{a.added_at:%Y-%m-%d %H:%M}  {a.added_by}"
            )
        out(f"  （另存：tasktui attachment {r.id} N -o 文件）")
    out("\n" + d.text)
    if d.source_excerpt and d.source_excerpt != d.text:
        out("\n原文: " + d.source_excerpt)
    out("\n历史:")
    for e in d.history:
        change = f" {e.from_value or ''} → {e.to_value}" if e.to_value else ""
        note = f"  「{e.note}」" if e.note else ""
        out(f"  {e.at:%Y-%m-%d %H:%M}  {e.actor}  {e.label}{change}{note}")
    return EXIT_OK


def _show_cycle(r: TaskRow) -> None:
    """未按期报送 and the 催办 count, when there is any (汇报频次 is on the line above)."""
    if r.late_report_units:
        out(f"未按期报送: {'、'.join(r.late_report_units)}")
    if r.remind_count:
        out(f"已催办: {r.remind_count} 次")


def signing_words(r: TaskRow) -> str:
    """签收 state in words: when signed, 未签收 with its days, or not yet due."""
    if r.acknowledged_at is not None:
        return f"已签收（{r.acknowledged_at:%Y-%m-%d %H:%M}）"
    if r.unacknowledged_days is not None:
        return f"未签收：交办已 {r.unacknowledged_days} 个工作日（{r.assigned_at:%Y-%m-%d} 交办）"
    if r.assigned_at is not None and r.status == ASSIGNED:
        return f"待签收（{r.assigned_at:%Y-%m-%d} 交办）"
    return "—"


def expected_version(args: argparse.Namespace) -> int | None:
    """`--expect-version N`: the version the user last read (optimistic locking), or None."""
    return getattr(args, "expect_version", None)


def _action(
    fn: Callable[[Service, argparse.Namespace], TaskRow], verb: str | Callable[[argparse.Namespace], str]
) -> Handler:
    """A handler that runs one service action and prints the task's new state (`verb`: the
    words, or how to word them from the arguments)."""

    def run(args: argparse.Namespace) -> int:
        with open_service(args) as svc:
            row = fn(svc, args)
        said = verb(args) if callable(verb) else verb
        out(
            f"#{row.id} {said}：状态 {row.status}"
            + (f"，牵头 {row.lead}" if row.lead else "")
            + (f"，时限 {row.deadline}" if row.deadline else "")
            + f"（第 {row.version} 版）"
        )
        return EXIT_OK

    return run


def _assign(svc: Service, args: argparse.Namespace) -> TaskRow:
    """交办 (or 改派), with `--report-every` set in the same transaction.

    Without `--co`, a task already given out keeps its co-owners (`assign ID --lead SAME
    --report-every …` must not drop them); giving it to the lead it has, with nothing else
    changed, is no 改派 at all (only the cadence is set)."""
    co: list[str] | None = args.co
    same = False
    if co is None or getattr(args, "report_every", None) is not None:
        row = svc.get_task(args.id).row
        given_out = row.status != PENDING and row.lead is not None
        if co is None:
            co = list(row.co_owners) if given_out else []
        same = (
            given_out
            and svc.resolve_department(args.lead) == row.lead
            and [svc.resolve_department(c) for c in co] == list(row.co_owners)
            and args.deadline is None
            and not args.note
        )
    every = getattr(args, "report_every", None)
    if every is None:
        return svc.assign(args.id, args.lead, co, args.deadline, args.note, expected_version(args))
    from tasktui.store.cadence import check_cadence

    check_cadence(every)  # refused before anything is written
    if same:
        return svc.set_report_every(args.id, every, expected_version(args))
    assigned = co
    calls: list[Callable[[], TaskRow]] = [
        lambda: svc.assign(args.id, args.lead, assigned, args.deadline, args.note, expected_version(args)),
        lambda: svc.set_report_every(args.id, every),
    ]
    return svc.together(calls)[-1]


def cmd_extend(args: argparse.Namespace) -> int:
    """`extend ID --to D` asks (a department) or grants (the office); `--deny` denies."""
    if args.deny and args.to:
        raise InputError("--deny 与 --to 不能同时使用：驳回不改时限")
    if not args.deny and not args.to:
        raise InputError("请用 --to 给出新时限，或由督查室用 --deny --note 理由 驳回申请")
    with open_service(args) as svc:
        if args.deny:
            row = svc.deny_extension(args.id, args.note, expected_version(args))
            said = f"已驳回延期申请，时限仍为 {row.deadline or '—'}"
        else:
            row = svc.extend(args.id, args.to, args.note, expected_version(args))
            if svc.actor.is_office:
                said = f"已批准延期，时限 {row.deadline}"
            else:
                asked = row.extension.requested if row.extension else args.to
                said = f"已申请延期至 {asked}，待督查室批准"
    out(f"#{row.id} {said}（第 {row.version} 版）")
    return EXIT_OK


ACTIONS: dict[str, Handler] = {
    "assign": _action(lambda s, a: _assign(s, a), "已交办"),
    "progress": _action(lambda s, a: s.report_progress(a.id, a.note, expected_version(a)), "已报告进展"),
    "done": _action(lambda s, a: s.mark_done(a.id, a.note, expected_version(a)), "已标记完成"),
    "verify": _action(lambda s, a: s.verify(a.id, a.note, expected_version(a)), "已核验销号"),
    "reopen": _action(lambda s, a: s.reopen(a.id, a.note, expected_version(a)), "已重新打开"),
    "reject": _action(lambda s, a: s.reject(a.id, a.note, expected_version(a)), "已不立项"),
    "note": _action(lambda s, a: s.add_note(a.id, a.note, expected_version(a)), "已加备注"),
    "deadline-set": _action(lambda s, a: s.set_deadline(a.id, a.to, a.note, expected_version(a)), "已设定时限"),
    "kind": _action(lambda s, a: s.change_kind(a.id, a.to, expected_version(a)), "已修改类别"),
    "ack": _action(lambda s, a: s.acknowledge(a.id, a.note, expected_version(a)), "已签收"),
    "send-back": _action(lambda s, a: s.send_back(a.id, a.note, expected_version(a)), "已退回重办"),
    "sustain": _action(lambda s, a: s.sustain(a.id, a.note, expected_version(a)), "已转为持续整改"),
    "leader": _action(
        lambda s, a: s.set_leader(a.id, a.name, expected_version(a)),
        lambda a: f"已设定责任领导「{a.name.strip()}」" if a.name.strip() else "已清除责任领导",
    ),
    "urgency": _action(lambda s, a: s.set_urgency(a.id, a.level, expected_version(a)), "已调整紧急程度"),
}


def cmd_extensions(args: argparse.Namespace) -> int:
    with open_service(args) as svc:
        rows = svc.extension_queue()
    if args.json:
        out(_json([_extension_json(r) for r in rows]))
        return EXIT_OK
    if not rows:
        out("没有待批的延期申请")
        return EXIT_OK
    table_rows = []
    for r in rows:
        ext = r.extension
        assert ext is not None  # the queue lists only tasks with a pending request
        table_rows.append(
            [
                f"#{r.id}",
                r.heading,
                ext.unit,
                r.deadline.isoformat() if r.deadline else "—",
                ext.requested.isoformat() if ext.requested else "—",
                r.countdown.label,
                ext.reason or "—",
            ]
        )
    out(table(table_rows, ["ID", "事项", "申请单位", "现时限", "申请延至", "剩余", "理由"]))
    out(f"\n共 {len(rows)} 项待批；批准: tasktui extend ID --to 日期；驳回: tasktui extend ID --deny --note 理由")
    return EXIT_OK


def _extension_json(r: TaskRow) -> dict[str, object]:
    ext = r.extension
    assert ext is not None
    return {
        "task_id": r.id,
        "heading": r.heading,
        "lead": r.lead,
        "status": r.status,
        "deadline": r.deadline.isoformat() if r.deadline else None,
        "days_left": r.countdown.days_left,
        "version": r.version,
        **ext.to_json(),
    }


COMMANDS: dict[str, Handler] = {
    "list": cmd_list,
    "show": cmd_show,
    **ACTIONS,
    "extend": cmd_extend,
    "extensions": cmd_extensions,
}

__all__ = [
    "COMMANDS",
    "ACTIONS",
    "cmd_extend",
    "cmd_extensions",
    "cmd_list",
    "cmd_show",
    "expected_version",
]
