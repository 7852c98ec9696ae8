"""The imported holiday schedules on PostgreSQL, tried as a unit role with its own SQL: it
may read them (its deadline phrases resolve with them) and write none of them; and a
store whose unit roles were granted before migration 0006 gets the same by upgrading."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from helpers import load_toml
from pg import PgCluster
from psycopg import errors
from sqlalchemy import create_engine, text

from tasktui.cli import main
from tasktui.clock import FixedClock
from tasktui.extract.deadlines import resolve_deadline
from tasktui.extract.holidays import HolidayBreak, YearSchedule
from tasktui.store import migrations
from tasktui.store.db import Store
from tasktui.store.errors import RuleError
from tasktui.store.roles import UNIT_GROUP
from tasktui.store.service import Service
from tasktui.store.views import Actor

UNIT = "区应急局"
TASKS = """
[[departments]]
name = "区应急局"

[[meetings]]
title = "冬季安全生产会议"
date = 2026-12-28

[[meetings.tasks]]
outline = "1"
heading = "春节前完成隐患排查"
lead = "区应急局"
deadline = "春节前"
"""
SCHEDULE = YearSchedule(
    2027,
    (HolidayBreak(("春节",), date(2027, 2, 6), date(2027, 2, 14), (date(2027, 2, 20),)),),
    "imported",
)
TABLES = ("holidayyear", "holidaybreak", "holidayworkday")


@pytest.fixture
def unit_role(pg_server: PgCluster, pg_url: str, clock: FixedClock) -> Iterator[tuple[str, str]]:
    """A store with one imported year and a login role for 区应急局: (url, role)."""
    store = Store(pg_url)
    office = Service(store, Actor.office("区政府督查室"), clock)
    load_toml(office, TASKS)
    office.import_holidays(SCHEDULE, "holidays-2027.toml")
    store.dispose()
    dbname = pg_url.rsplit("/", 1)[-1]
    role = f"hol{dbname.rsplit('_', 1)[-1]}_yjj"
    assert main(["--db", pg_url, "db", "grant-unit", UNIT, "--role", role]) == 0
    yield pg_url, role
    pg_server.drop_database(dbname)
    pg_server.admin(f"DROP ROLE IF EXISTS {role}")


def test_unit_reads_the_schedules_and_writes_none(pg_server: PgCluster, unit_role: tuple[str, str]) -> None:
    url, role = unit_role
    dbname = url.rsplit("/", 1)[-1]
    with psycopg.connect(pg_server.dsn(dbname, user=role), autocommit=True) as conn:
        assert conn.execute("SELECT year FROM holidayyear").fetchall() == [(2027,)]
        assert conn.execute("SELECT count(*) FROM holidaybreak").fetchone() == (1,)
        attacks = [
            "INSERT INTO holidayyear (year, source_name, imported_at, imported_by) VALUES (2028, 'x', now(), 'x')",
            "UPDATE holidayyear SET source_name = 'x'",
            "DELETE FROM holidayyear",
            "INSERT INTO holidaybreak (year, names, first_day, last_day) VALUES (2027, '国庆节', '2027-10-01', '2027-10-30')",
            "UPDATE holidaybreak SET last_day = '2027-03-31'",
            "DELETE FROM holidaybreak",
            "INSERT INTO holidayworkday (break_id, day) VALUES (1, '2027-02-21')",
            "DELETE FROM holidayworkday",
            "UPDATE meeting SET date = '2027-01-31'",
            *(f"TRUNCATE {t}" for t in TABLES),
        ]
        for sql in attacks:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(sql)  # type: ignore[arg-type]


def test_department_path_reads_the_schedule_and_may_not_change_it(
    pg_server: PgCluster, unit_role: tuple[str, str], clock: FixedClock
) -> None:
    url, role = unit_role
    unit_store = Store(pg_server.url(url.rsplit("/", 1)[-1], user=role))
    try:
        unit = Service(unit_store, Actor.department(UNIT), clock)
        calendar = unit.work_calendar()  # read as the unit role: all three tables
        assert calendar.covers_year(2027) and calendar.is_workday(date(2027, 2, 20))
        assert resolve_deadline("春节前", date(2026, 12, 28), calendar).date == date(2027, 2, 5)
        assert unit.get_task(1).row.deadline == date(2027, 2, 5)
        with pytest.raises(RuleError, match="只有督查室可以导入放假安排"):
            unit.import_holidays(SCHEDULE, "x.toml")
        with pytest.raises(RuleError, match="只有督查室可以修改会议信息"):
            unit.update_meeting(1, meeting_date="2026-12-30")
    finally:
        unit_store.dispose()


def test_upgrade_grants_the_unit_group_read_access(pg_server: PgCluster, pg_empty_url: str) -> None:
    engine = create_engine(pg_empty_url)
    migrations.upgrade(engine, "0005")
    # Roles are the cluster's: the group may exist already (another test granted a unit).
    pg_server.admin(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{UNIT_GROUP}') "
        f"THEN CREATE ROLE {UNIT_GROUP} NOLOGIN; END IF; END $$"
    )
    migrations.upgrade(engine)
    with engine.connect() as conn:
        for table in TABLES:
            can = conn.execute(
                text("SELECT has_table_privilege(:g, :t, 'SELECT'), has_table_privilege(:g, :t, 'INSERT')"),
                {"g": UNIT_GROUP, "t": f"public.{table}"},
            ).one()
            assert tuple(can) == (True, False), table
    engine.dispose()
