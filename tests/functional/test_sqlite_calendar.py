"""The imported 放假安排 read with the standard library (tasktui.store.sqlite_calendar, what
`tasktui deadline` uses to stay clear of SQLAlchemy) is what the service reads through the
ORM, and every case that is not a plain SQLite store at this schema goes to the service."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tasktui.clock import FixedClock
from tasktui.extract.holidays import HolidayBreak, YearSchedule
from tasktui.store import migrations
from tasktui.store.db import Store
from tasktui.store.errors import StoreError
from tasktui.store.schema_revision import script_revisions
from tasktui.store.service import Service
from tasktui.store.sqlite_calendar import read_schedules

D = date.fromisoformat
SCHEDULES = [
    YearSchedule(
        2027,
        (
            HolidayBreak(("元旦",), D("2027-01-01"), D("2027-01-03")),
            HolidayBreak(("春节",), D("2027-02-06"), D("2027-02-14"), (D("2027-02-20"), D("2027-01-30"))),
            HolidayBreak(("国庆节", "中秋节"), D("2027-10-01"), D("2027-10-07"), (D("2027-09-26"), D("2027-10-09"))),
        ),
        "imported",
    ),
    YearSchedule(2028, (HolidayBreak(("劳动节",), D("2028-05-01"), D("2028-05-05"), (D("2028-04-29"),)),), "imported"),
]


def make_store(path: Path, schedules: list[YearSchedule]) -> str:
    url = f"sqlite:///{path}"
    store = Store(url)
    try:
        svc = Service(store, clock=FixedClock(date(2026, 11, 20)))
        for schedule in schedules:
            svc.import_holidays(schedule, f"holidays-{schedule.year}.toml")
    finally:
        store.dispose()
    return url


def service_schedules(url: str) -> list[YearSchedule]:
    store = Store(url)
    try:
        calendar = Service(store, clock=FixedClock(date(2026, 11, 20))).work_calendar()
    finally:
        store.dispose()
    return [calendar.imported[y] for y in sorted(calendar.imported)]


@pytest.mark.parametrize("count", [0, 1, 2], ids=["none", "one year", "two years"])
def test_the_same_schedules_as_the_service_reads(tmp_path: Path, count: int) -> None:
    url = make_store(tmp_path / "s.db", SCHEDULES[:count])
    read = read_schedules(url)
    assert read == service_schedules(url)
    assert read == [YearSchedule(s.year, tuple(map(_sorted, s.breaks)), "imported") for s in SCHEDULES[:count]]


def _sorted(b: HolidayBreak) -> HolidayBreak:
    """The store hands a break's make-up days back in date order."""
    return HolidayBreak(b.names, b.first, b.last, tuple(sorted(b.workdays)))


def test_not_the_plain_case_goes_to_the_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert read_schedules("sqlite://") is None  # in memory
    assert read_schedules("postgresql://u@localhost/x") is None
    assert read_schedules(f"sqlite:///{tmp_path / 'missing.db'}") is None
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database at all" * 300)
    assert read_schedules(f"sqlite:///{damaged}") is None
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert read_schedules(f"sqlite:///{empty}") is None  # the service makes the schema in it
    url = make_store(tmp_path / "s.db", SCHEDULES[:1])
    monkeypatch.setenv("TASKTUI_BUSY_TIMEOUT", "abc")  # the service's to check and word
    assert read_schedules(url) is None
    monkeypatch.delenv("TASKTUI_BUSY_TIMEOUT")
    assert read_schedules(url) == service_schedules(url) != []


def test_a_store_at_another_revision_is_refused_in_the_services_words(tmp_path: Path) -> None:
    url = make_store(tmp_path / "s.db", [])
    for revision in ("0002", "0042", "0003,0004"):
        with sqlite3.connect(tmp_path / "s.db") as con:
            con.execute("DELETE FROM alembic_version")
            con.executemany("INSERT INTO alembic_version VALUES (?)", [(r,) for r in revision.split(",")])
        con.close()
        with pytest.raises(StoreError) as by_service:
            Store(url)
        with pytest.raises(StoreError) as read:
            read_schedules(url)
        assert str(read.value) == str(by_service.value) and revision in str(read.value)


def test_a_pre_alembic_store_reads_its_revision_from_meta(tmp_path: Path) -> None:
    url = make_store(tmp_path / "s.db", [])
    with sqlite3.connect(tmp_path / "s.db") as con:
        con.execute("DROP TABLE alembic_version")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError) as by_service:
        Store(url)
    with pytest.raises(StoreError) as read:
        read_schedules(url)
    assert str(read.value) == str(by_service.value) and "0001" in str(read.value)


def test_the_scripts_revisions_are_the_migrations_own() -> None:
    assert script_revisions() == migrations.REVISIONS
    assert script_revisions()[-1] == migrations.HEAD
