"""Co-owners are history, not prose: every event snapshots them, reports read the snapshot,
and a note that merely says "配合: X" gives X nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from helpers import load_toml

from tasktui.clock import FixedClock
from tasktui.exchange.taskfile_writer import dump_task_file
from tasktui.report.make import make_report
from tasktui.report.period import period_between
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import Actor


def _state(report, task_id: int):  # type: ignore[no-untyped-def]
    return next(t for t in report.tasks if t.id == task_id)


def test_events_snapshot_co_owners(basic: Service) -> None:
    basic.assign(4, "区教体局", co=["区卫健局", "区财政局"])
    basic.assign(4, "区教体局", co=["区财政局"])
    history = basic.get_task(4).history
    assert [e.co_after for e in history if e.action in ("assigned", "reassigned")] == ["区卫健局、区财政局", "区财政局"]
    assert history[0].co_after == ""  # created: nobody yet


def test_a_note_cannot_forge_co_ownership(basic: Service, as_unit: Callable[[str], Service]) -> None:
    basic.assign(4, "区教体局", note="配合: 区财政局")  # prose only, no --co
    week = period_between(date(2026, 11, 16), date(2026, 11, 22))
    finance = make_report(as_unit("区财政局"), week)
    assert 4 not in {t.id for t in finance.tasks}
    assert _state(make_report(basic, week), 4).co == ()


def test_past_week_keeps_its_co_owners(store, basic: Service) -> None:  # type: ignore[no-untyped-def]
    basic.assign(4, "区教体局", co=["区卫健局"])  # week of 11-16
    later = Service(store, Actor.office("区政府督查室"), FixedClock(date(2026, 11, 25), time(9)))
    later.assign(4, "区教体局", co=["区财政局"])  # the next week
    first = period_between(date(2026, 11, 16), date(2026, 11, 22))
    assert _state(make_report(later, first), 4).co == ("区卫健局",)
    second = period_between(date(2026, 11, 23), date(2026, 11, 29))
    assert _state(make_report(later, second), 4).co == ("区财政局",)


def test_export_reimport_into_the_same_store_is_a_noop(basic: Service) -> None:
    before = basic.count_tasks(TaskQuery(kinds=None, include_settled=True))
    load_toml(basic, dump_task_file(basic.export_task_file()))
    assert basic.count_tasks(TaskQuery(kinds=None, include_settled=True)) == before
    assert len(basic.meetings()) == 1


def test_export_keeps_the_speech_and_where_items_sit(office: Service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tasktui.exchange.importer import import_speech_text
    from tasktui.store.db import Store

    speech = (
        "关于安全生产的讲话\n一、压实责任。各乡镇要在一周内完成排查。\n二、强化督查。县应急局要于3月底前完成检查。\n"
    )
    import_speech_text(office, speech, "safety.txt", meeting_date=date(2026, 3, 2))
    exported = dump_task_file(office.export_task_file())
    fresh = Service(Store(f"sqlite:///{tmp_path / 'fresh.db'}"), Actor.office(), office.clock)
    load_toml(fresh, exported)
    a, b = office.get_task(1), fresh.get_task(1)
    assert (b.span, b.owner_hint, b.source_excerpt) == (a.span, a.owner_hint, a.source_excerpt)
    assert b.source_excerpt and "一周内" in b.source_excerpt
