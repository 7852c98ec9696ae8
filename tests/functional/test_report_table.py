"""The report's task table alone (report/task_table.py: each task's state at the cutoff
chosen by the database), which `--format csv` writes, against the full report's table
(report/weekly.py: every event folded in Python): the same rows, values, order, result
line and CSV bytes, on both backends, for the office and for units, for past and running
periods, with ties in `at`, kind changes before and after the cutoff and events older than
schema 3 (no co-owner snapshot).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from helpers import BASIC_TOML, load_toml
from sqlalchemy import text

from tasktui.cli import main
from tasktui.clock import FixedClock
from tasktui.report.make import make_report, make_report_for, make_task_table, render_bytes
from tasktui.report.model import TableRow, TaskState, TaskTable, WeeklyReport
from tasktui.report.period import Period, parse_month, parse_week
from tasktui.report.sample import WEEK1, WEEK2, WEEK3, ScriptedStore, build_sample_store
from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor

OFFICE = "区政府督查室"
COLUMNS = TableRow.__dataclass_fields__.keys()


def row(t: TaskState | TableRow) -> tuple[object, ...]:
    return tuple(getattr(t, name) for name in COLUMNS)


def assert_same_table(svc: Service, period: Period) -> TaskTable:
    """The table and the full report agree on every row and the bytes of the CSV."""
    full = make_report(svc, period)
    table = make_task_table(svc, period)
    assert [row(t) for t in table.tasks] == [row(t) for t in full.tasks]
    assert table.result_line() == full.result_line()
    assert (table.unit, table.as_of) == (full.unit, full.as_of)
    assert render_bytes(table, "csv") == render_bytes(full, "csv")
    return table


# ---------------------------------------------------------------- the sample store


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> ScriptedStore:
    return build_sample_store(tmp_path_factory.mktemp("table") / "sample.db")


@pytest.mark.parametrize("unit", [None, "区应急局", "区教体局", "区卫健委"])
def test_the_samples_weeks_and_month(sample: ScriptedStore, unit: str | None) -> None:
    svc = sample.svc(date(2026, 11, 26), time(12, 0), unit)
    sizes = [len(assert_same_table(svc, parse_week(week)).tasks) for week in (WEEK1, WEEK2, WEEK3)]
    assert sizes[1] > 0
    assert_same_table(svc, parse_month("2026-11"))


def test_a_running_week_is_cut_at_today(sample: ScriptedStore) -> None:
    """Reported mid-week: up to the end of today, not the week's end."""
    table = assert_same_table(sample.svc(date(2026, 11, 24), time(12, 0)), parse_week(WEEK3))
    assert table.as_of == date(2026, 11, 24)


@pytest.mark.backends("postgresql")
def test_postgresql_gives_the_same_table(sample: ScriptedStore, pg_url: str) -> None:
    pg = ScriptedStore(pg_url).run_all()
    try:
        for unit in (None, "区应急局"):
            for week in (WEEK1, WEEK2, WEEK3):
                period = parse_week(week)
                svc = pg.svc(date(2026, 11, 26), time(12, 0), unit)
                table = assert_same_table(svc, period)
                on_sqlite = make_task_table(sample.svc(date(2026, 11, 26), time(12, 0), unit), period)
                assert render_bytes(table, "csv") == render_bytes(on_sqlite, "csv")
    finally:
        pg.store.dispose()


# ---------------------------------------------------------------- the hard cases, both backends


def at(store: Store, day: date, moment: time, unit: str | None = None) -> Service:
    actor = Actor.department(unit) if unit else Actor.office(OFFICE)
    return Service(store, actor, FixedClock(day, at=moment))


@pytest.fixture
def cases(db_url: str) -> Iterator[Store]:
    """basic.toml (ids 1–6) loaded on 2026-11-20, then, in week 2026-W48, several events of
    one task at one instant (ties in `at`, broken by id), kind changes both ways, and in
    the week after a kind change back and a reassignment (after those weeks' cutoffs)."""
    store = Store(db_url)
    load_toml(at(store, date(2026, 11, 20), time(10, 0)), BASIC_TOML)
    day, moment = date(2026, 11, 24), time(9, 0)
    office = at(store, day, moment)
    edu = at(store, day, moment, "区教体局")
    edu.mark_done(2, "完成一")
    office.reopen(2, "重开")
    edu.mark_done(2, "完成二")  # completed at 09:00 by the second 标记完成: same `at` as the first
    finance = at(store, day, moment, "区财政局")
    finance.report_progress(3, "进展甲")
    finance.report_progress(3, "进展乙")  # the latest note: same `at`, later id
    office.verify(5, "销号")
    office.change_kind(6, "directive")  # a 回顾 item becomes a directive
    at(store, date(2026, 11, 25), time(9, 0)).change_kind(4, "other")  # 待分派: it may
    later = at(store, date(2026, 12, 2), time(9, 0))
    later.change_kind(4, "directive")  # back after W48's cutoff: W48 still has it as other
    later.assign(1, "区教体局", co=["区财政局"])  # co-owners changed after W48's cutoff
    yield store
    store.dispose()


PERIODS = [parse_week("2026-W47"), parse_week("2026-W48"), parse_week("2026-W49"), parse_month("2026-11")]


@pytest.mark.backends("sqlite", "postgresql")
@pytest.mark.parametrize("unit", [None, "区教体局", "区财政局", "区卫健局"])
def test_ties_and_kind_changes(cases: Store, unit: str | None) -> None:
    svc = at(cases, date(2026, 12, 10), time(12, 0), unit)
    tables = {p.title: assert_same_table(svc, p) for p in PERIODS}
    if unit is None:
        w48 = {t.id: t for t in tables[PERIODS[1].title].tasks}
        assert 4 not in w48 and 6 in w48  # the kinds at W48's cutoff
        assert (w48[2].status, w48[2].latest_note) == ("已完成待核", "完成二")
        assert w48[3].latest_note == "进展乙"
        assert w48[1].co == ("区卫健局",)
        w49 = {t.id: t for t in tables[PERIODS[2].title].tasks}
        assert 4 in w49 and w49[1].co == ("区财政局",)


@pytest.mark.backends("sqlite", "postgresql")
def test_events_without_co_owner_snapshots(cases: Store) -> None:
    """Events written before schema 3 have no co-owner snapshot: today's co-owners stand in
    unless the task was reassigned after the cutoff (weekly.co_owners_at), in both paths."""
    with cases.engine.begin() as conn:
        conn.execute(text("UPDATE event SET co_after = NULL"))
    for unit in (None, "区教体局", "区财政局"):
        svc = at(cases, date(2026, 12, 10), time(12, 0), unit)
        for period in PERIODS:
            assert_same_table(svc, period)
    w48 = {t.id: t for t in make_task_table(at(cases, date(2026, 12, 10), time(12, 0)), PERIODS[1]).tasks}
    assert w48[1].co == ()  # reassigned since: its co-owners then are unknown
    assert w48[3].co == ()  # never had any


def test_csv_only_gets_the_table() -> None:
    """make_report_for makes the table for csv, the whole report for every other format;
    a table cannot be written as a format that prints more than it has."""
    store = Store("sqlite://")
    try:
        svc = at(store, date(2026, 11, 20), time(10, 0))
        load_toml(svc, BASIC_TOML)
        week = parse_week("2026-W47")
        assert isinstance(make_report_for(svc, week, "csv"), TaskTable)
        for fmt in ("md", "html", "xlsx", "docx"):
            report = make_report_for(svc, week, fmt)
            assert isinstance(report, WeeklyReport)
            with pytest.raises(ValueError, match="完整的报告"):
                render_bytes(make_task_table(svc, week), fmt)
    finally:
        store.dispose()


def test_the_command_writes_the_full_reports_csv(sample: ScriptedStore, tmp_path: Path) -> None:
    """`tasktui report --format csv` (the table) writes the bytes the full report's CSV has."""
    out = tmp_path / "w.csv"
    args = ["report", "--db", sample.url, "--today", "2026-11-26", "--week", WEEK2, "--format", "csv", "-o", str(out)]
    assert main(args) == 0
    full = make_report(sample.svc(date(2026, 11, 26), time(12, 0)), parse_week(WEEK2))
    assert out.read_bytes() == render_bytes(full, "csv")
