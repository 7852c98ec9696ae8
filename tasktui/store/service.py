"""The service: every read and every state change the CLI, the UI and the reports make.

A thin facade: each method is one call into the module that holds the concept —
`departments`, `queries` (reading, scoping), `actions` (the write kernel and every
action), `transfer` (meetings in and out), `dashboard`, `history` (the report's feed).
Rules live in `lifecycle` (statuses and transitions) and `policy` (who may do what);
every write is one transaction that appends an `Event`; callers get detached views.
The CLI and the UI only call this class; they never touch sessions or SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TypeVar

from tasktui.clock import Clock, SystemClock
from tasktui.extract.holidays import YearSchedule
from tasktui.extract.types import Extraction
from tasktui.extract.workdays import WorkCalendar
from tasktui.store import (
    actions,
    attachments,
    batch,
    cadence,
    dashboard,
    departments,
    holidays,
    late_reports,
    ledger,
    ledger_apply,
    listing,
    meetings,
    queries,
    reminders,
    supervision,
    transfer,
    unit_changes,
    work_calendar,
)
from tasktui.store.acknowledgement import DEFAULT_ACK_DAYS
from tasktui.store.batch import Target
from tasktui.store.dashboard import UnitSummary
from tasktui.store.db import Store
from tasktui.store.departments import UnitMatch, UnitView
from tasktui.store.history import HistoryFeed
from tasktui.store.holidays import HolidayImportResult, ImportedYear
from tasktui.store.late_reports import LateReport
from tasktui.store.ledger import LedgerSnapshot, LedgerTask
from tasktui.store.ledger_apply import FileResult, ReturnedFile
from tasktui.store.lifecycle import Action
from tasktui.store.listing import ListedTask
from tasktui.store.meetings import MeetingUpdate
from tasktui.store.plan import TaskFile
from tasktui.store.queries import TaskQuery
from tasktui.store.reminders import ReminderNotice
from tasktui.store.unit_changes import UnitChange
from tasktui.store.views import Actor, AttachmentView, EventRecord, ImportResult, MeetingView, TaskDetail, TaskRow

T = TypeVar("T")


class Service:
    def __init__(
        self,
        store: Store,
        actor: Actor | None = None,
        clock: Clock | None = None,
        warn_days: int = 7,
        ack_days: int = DEFAULT_ACK_DAYS,
        *,
        done_requires_note: bool = True,
    ) -> None:
        self.store = store
        self.actor = actor or Actor.office(store.office_name())
        self.clock: Clock = clock or SystemClock()
        self.warn_days = warn_days
        # 标记完成 needs a 整改情况 text (config [cycle] done_requires_note, on by default).
        self.done_requires_note = done_requires_note
        self.ack_days = ack_days

    # ------------------------------------------------------------------ departments
    def resolve_department(self, name: str) -> str:
        """Canonical name for a name or alias; InputError when unknown."""
        return departments.resolve(self, name)

    def unit_roles(self) -> dict[str, str]:
        """PostgreSQL: each unit login role (`tasktui db grant-unit`) → its unit; {} on SQLite."""
        from tasktui.store.roles import unit_role_map

        return unit_role_map(self.store)

    def add_department(self, name: str, aliases: Iterable[str] = (), *, allow_similar: bool = False) -> str:
        """A new unit (SimilarUnitError when its name is close to a known one's, unless
        `allow_similar`), or more aliases for the unit `name` names."""
        return departments.add(self, name, aliases, allow_similar=allow_similar)

    def add_aliases(self, unit: str, aliases: Iterable[str]) -> str:
        return departments.add_aliases(self, unit, aliases)

    def rename_unit(self, unit: str, new_name: str) -> UnitChange:
        """The old name stays as an alias; each task of the unit gets a 单位更名 event."""
        return unit_changes.rename(self, unit, new_name)

    def merge_units(self, source: str, target: str) -> UnitChange:
        """`source`'s tasks, name and aliases go to `target`; `source` is no more."""
        return unit_changes.merge(self, source, target)

    def match_unit(self, typed: str) -> UnitMatch:
        """Which unit `typed` names (name, alias, pinyin), or the names close to it."""
        return departments.match(self, typed)

    def unit_overview(self) -> list[UnitView]:
        """Every unit with its aliases and task counts, by pinyin."""
        return departments.overview(self)

    def departments(self) -> list[tuple[str, list[str]]]:
        return departments.listing(self)

    def known_department_names(self) -> dict[str, str]:
        """Every name and alias in the store, mapped to the canonical name."""
        return departments.known_names(self)

    # ------------------------------------------------------------------ reading
    def list_tasks(self, query: TaskQuery | None = None) -> list[TaskRow]:
        return queries.list_tasks(self, query)

    def listed_tasks(self, query: TaskQuery | None = None) -> list[ListedTask]:
        """`list_tasks` as `tasktui list` prints it: plain rows of the printed columns."""
        return listing.listed_tasks(self, query)

    def count_tasks(self, query: TaskQuery | None = None) -> int:
        return queries.count_tasks(self, query)

    def task_page(self, query: TaskQuery) -> list[TaskRow]:
        return queries.task_page(self, query)

    def get_task(self, task_id: int) -> TaskDetail:
        return queries.get_task(self, task_id)

    def history(self, task_id: int) -> list[EventRecord]:
        return queries.get_task(self, task_id).history

    def meetings(self) -> list[MeetingView]:
        return queries.meetings(self)

    def leaders(self) -> list[str]:
        """The 责任领导 named on the tasks this actor may read."""
        return queries.leaders(self)

    def change_marker(self) -> tuple[int, int]:
        return queries.change_marker(self)

    def unit_summary(self) -> list[UnitSummary]:
        return dashboard.unit_summary(self)

    def overdue_by_week(self, weeks: int = 12) -> list[tuple[date, int]]:
        return dashboard.overdue_by_week(self, weeks)

    def history_feed(self) -> HistoryFeed:
        """The event history for the weekly report, scoped to this actor."""
        return HistoryFeed(self)

    # ------------------------------------------------------------------ actions
    def assign(
        self,
        task_id: int,
        lead: str,
        co: Sequence[str] = (),
        deadline: date | str | None = None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> TaskRow:
        """Triage accept (待分派 → 已交办) or reassign an open task to a new lead."""
        return actions.assign(self, task_id, lead, co, deadline, note, expected_version)

    def set_deadline(
        self, task_id: int, value: date | str, note: str | None = None, expected_version: int | None = None
    ) -> TaskRow:
        return actions.set_deadline(self, task_id, value, note, expected_version)

    def extend(
        self, task_id: int, to: date | str, note: str | None = None, expected_version: int | None = None
    ) -> TaskRow:
        """A department asks for an extension; the office grants one."""
        return actions.extend(self, task_id, to, note, expected_version)

    def deny_extension(self, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
        """The office denies the pending extension request, with its reason."""
        return actions.deny_extension(self, task_id, note, expected_version)

    def extension_queue(self) -> list[TaskRow]:
        """Tasks with a pending extension request (each row's `extension`), by countdown."""
        return queries.list_tasks(self, TaskQuery(extension_pending=True))

    def report_progress(self, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
        return actions.report_progress(self, task_id, note, expected_version)

    def mark_done(self, task_id: int, note: str | None = None, expected_version: int | None = None) -> TaskRow:
        return actions.change_status(self, task_id, Action.DONE, note, expected_version)

    def verify(self, task_id: int, note: str | None = None, expected_version: int | None = None) -> TaskRow:
        return actions.change_status(self, task_id, Action.VERIFIED, note, expected_version)

    def reopen(self, task_id: int, note: str | None = None, expected_version: int | None = None) -> TaskRow:
        return actions.change_status(self, task_id, Action.REOPENED, note, expected_version)

    def reject(self, task_id: int, note: str | None = None, expected_version: int | None = None) -> TaskRow:
        return actions.change_status(self, task_id, Action.REJECTED, note, expected_version)

    def add_note(self, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
        return actions.add_note(self, task_id, note, expected_version)

    def change_kind(self, task_id: int, kind: str, expected_version: int | None = None) -> TaskRow:
        return actions.change_kind(self, task_id, kind, expected_version)

    def set_priority(self, task_id: int, priority: int, expected_version: int | None = None) -> TaskRow:
        return actions.set_priority(self, task_id, priority, expected_version)

    def unassign(self, task_id: int, note: str | None = None, expected_version: int | None = None) -> TaskRow:
        """Take a triage assignment back (the UI's undo of 交办): 已交办 → 待分派."""
        return actions.unassign(self, task_id, note, expected_version)

    # ------------------------------------------------------------------ the supervision cycle

    def acknowledge(self, task_id: int, note: str | None = None, expected_version: int | None = None) -> TaskRow:
        """签收 by the lead unit."""
        return supervision.acknowledge(self, task_id, note, expected_version)

    def send_back(self, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
        """退回重办: 已完成待核 → 整改中, with the office's reason."""
        return supervision.send_back(self, task_id, note, expected_version)

    def sustain(self, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
        """转为持续整改 (the office, or the lead)."""
        return supervision.sustain(self, task_id, note, expected_version)

    def set_leader(self, task_id: int, leader: str | None, expected_version: int | None = None) -> TaskRow:
        return supervision.set_leader(self, task_id, leader, expected_version)

    def set_urgency(self, task_id: int, urgency: str, expected_version: int | None = None) -> TaskRow:
        return supervision.set_urgency(self, task_id, urgency, expected_version)

    # ------------------------------------------------------------------ 汇报频次, 催办

    def set_report_every(self, task_id: int, phrase: str | None, expected_version: int | None = None) -> TaskRow:
        """汇报频次 (每月5日前, 每周五前, 每季度 …); empty clears it. The office's."""
        return cadence.set_report_every(self, task_id, phrase, expected_version)

    def late_reports(self, today: date | None = None) -> list[LateReport]:
        """未按期报送: every (task, owner) that owes the report of its cadence's last period."""
        with self.store.session() as s:
            return late_reports.late_rows(self, s, queries.visible_ids(self, s), today)

    def remind(
        self,
        units: Sequence[str] = (),
        *,
        ack_days: int | None = None,
        prefix: str = reminders.DEFAULT_PREFIX,
        write: Callable[[list[ReminderNotice]], None] | None = None,
        record: bool = True,
        again: bool = False,
    ) -> list[ReminderNotice]:
        """催办: one notice per unit that owes anything, a REMINDED event per task on each
        (未签收 by `ack_days`, else the service's [cycle] setting)."""
        days = self.ack_days if ack_days is None else ack_days
        return reminders.remind(self, units, ack_days=days, prefix=prefix, write=write, record=record, again=again)

    # ------------------------------------------------------------------ evidence (佐证材料)

    def attach(
        self, task_id: int, files: Sequence[tuple[str, bytes]], expected_version: int | None = None
    ) -> attachments.AttachResult:
        """Attach files ((name, bytes) pairs) to a task, all or nothing; the same content
        twice is skipped and said so."""
        return attachments.add(self, task_id, files, expected_version)

    def attachments(self, task_id: int) -> list[AttachmentView]:
        return attachments.attachments(self, task_id)

    def attachment(self, task_id: int, seq: int) -> tuple[AttachmentView, bytes]:
        """The task's attachment number `seq` and its bytes."""
        return attachments.attachment(self, task_id, seq)

    # ------------------------------------------------------------------ batches (all or nothing)
    def assign_many(
        self,
        targets: Sequence[Target],
        lead: str,
        co: Sequence[str] = (),
        deadline: date | str | None = None,
        note: str | None = None,
    ) -> list[TaskRow]:
        """交办/改派 each (task id, version read) to one lead in one transaction; any
        refusal or stale version refuses the batch, naming the tasks."""
        return batch.assign_many(self, targets, lead, co, deadline, note)

    def reject_many(self, targets: Sequence[Target], note: str | None = None) -> list[TaskRow]:
        """不立项 for each (task id, version read), all or nothing."""
        return batch.reject_many(self, targets, note)

    def set_deadline_many(self, targets: Sequence[Target], value: date | str, note: str | None = None) -> list[TaskRow]:
        """One deadline for each (task id, version read), all or nothing."""
        return batch.set_deadline_many(self, targets, value, note)

    def together(self, calls: Sequence[Callable[[], T]]) -> list[T]:
        """These calls on this service as one transaction (the undo of a batch)."""
        return batch.together(self, calls)

    # ------------------------------------------------------------------ meetings in and out
    def import_extraction(
        self,
        extraction: Extraction,
        *,
        source_name: str | None,
        meeting_date: date | None = None,
        title: str | None = None,
    ) -> ImportResult:
        """Store a speech's extracted items as one meeting (a no-op the second time)."""
        return transfer.import_extraction(
            self, extraction, source_name=source_name, meeting_date=meeting_date, title=title
        )

    def apply_task_file(self, tf: TaskFile) -> list[ImportResult]:
        """Store a validated task file in one transaction."""
        return transfer.apply_task_file(self, tf)

    def export_task_file(self) -> TaskFile:
        """The whole store as a task-file plan."""
        return transfer.export_task_file(self)

    def update_meeting(
        self,
        meeting_id: int,
        *,
        meeting_date: date | str | None = None,
        title: str | None = None,
        source_kind: str | None = None,
    ) -> MeetingUpdate:
        """Change a meeting's date (ISO or Chinese), title or source kind; a new date
        resolves its tasks' deadline phrases again, recorded in their history."""
        return meetings.update_meeting(
            self, meeting_id, meeting_date=meeting_date, title=title, source_kind=source_kind
        )

    # ------------------------------------------------------------------ ledgers (台账)
    def unit_ledgers(
        self, units: Sequence[str] | None = None, statuses: Sequence[str] = ledger.DEFAULT_STATUSES
    ) -> LedgerSnapshot:
        """Each unit's open tasks for its ledger workbook (office only), with the store's
        ledger identity (made the first time)."""
        return ledger.unit_ledgers(self, units, statuses)

    def store_ledger(self) -> list[LedgerTask]:
        """Every directive with the sections above it, in reading order (office only)."""
        return ledger.store_ledger(self)

    def apply_ledger_return(self, returned: ReturnedFile, partial: bool = False) -> FileResult:
        """A unit's returned workbook applied as that unit, one transaction per file."""
        return ledger_apply.apply_returned(self, returned, partial)

    # ------------------------------------------------------------------ holidays
    def work_calendar(self) -> WorkCalendar:
        """The working-day calendar deadlines resolve with (imported 放假安排 first)."""
        return work_calendar.work_calendar(self)

    def holiday_years(self) -> list[ImportedYear]:
        """The years whose official 放假安排 the office imported."""
        return holidays.imported_years(self)

    def import_holidays(self, schedule: YearSchedule, source_name: str, note: str | None = None) -> HolidayImportResult:
        """Store a year's official 放假安排 (replacing an earlier one) and resolve the
        deadlines that follow their phrase again."""
        return holidays.import_schedule(self, schedule, source_name, note)


__all__ = ["Service", "TaskQuery"]
