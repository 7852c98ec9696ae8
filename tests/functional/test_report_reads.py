"""The report's history reads (tasktui.store.history): on SQLite they run on the driver's
cursor and hand back its own values (text for times and dates), on PostgreSQL through
SQLAlchemy. Both must give the report the same events, scoped the same way, and the same
report in every format.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

import pytest
from sqlalchemy import Select, column, select, table
from sqlalchemy.exc import DBAPIError
from sqlmodel import col

from tasktui.models import Event
from tasktui.report.make import make_bulletin, make_report
from tasktui.report.period import parse_month, parse_week
from tasktui.report.render_bulletin_md import render_bulletin_md
from tasktui.report.render_csv import render_csv
from tasktui.report.render_md import render_md
from tasktui.report.sample import WEEK1, WEEK2, WEEK3, ScriptedStore, build_sample_store
from tasktui.store.errors import InputError
from tasktui.store.history import EVENT_COLUMNS, _driver_chunks

TODAY = date(2026, 11, 26)  # after the whole script
REPORTED = (WEEK1, WEEK2, WEEK3)
UNITS = (None, "区应急局", "区教体局")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> ScriptedStore:
    return build_sample_store(tmp_path_factory.mktemp("reads") / "sample.db")


@pytest.fixture
def pg_sample(pg_url: str) -> Iterator[ScriptedStore]:
    s = ScriptedStore(pg_url).run_all()
    yield s
    s.store.dispose()


def expected_events(s: ScriptedStore, cutoff: datetime, start: datetime) -> list[tuple[object, ...]]:
    """The same events through the ORM (datetimes, dates), shaped as EVENT_COLUMNS: the
    values only some actions carry (see EVENT_COLUMNS) are None on the others."""
    deadline = {"deadline_changed", "extension_granted", "extension_requested", "extension_denied"}
    with s.store.session() as sess:
        rows = sess.scalars(
            select(Event).where(col(Event.at) < cutoff).order_by(col(Event.task_id), col(Event.at), col(Event.id))
        ).all()
        return [
            (
                e.task_id,
                e.at,
                e.at >= start,
                e.action,
                e.actor if e.action == "progress" else None,
                e.from_value if e.action in deadline else None,
                e.to_value if e.action in deadline | {"kind_changed", "cadence_changed"} else None,
                e.note,
                e.status_after,
                e.deadline_after,
                e.lead_after,
                e.co_after,
            )
            for e in rows
        ]


def decoded_events(s: ScriptedStore, cutoff: datetime, start: datetime) -> list[tuple[object, ...]]:
    feed = s.svc(TODAY, time(12, 0)).history_feed()
    decode = feed.decoders()
    at, in_period, deadline = (EVENT_COLUMNS.index(n) for n in ("at", "in_period", "deadline_after"))
    out = []
    for row in feed.events_until(cutoff, start):
        values = list(row)
        values[at], values[deadline] = decode.at(values[at]), decode.day(values[deadline])
        values[in_period] = bool(values[in_period])  # SQLite says 1/0
        out.append(tuple(values))
    return out


def test_sqlite_rows_are_the_stored_events(sample: ScriptedStore) -> None:
    """The driver's rows, once decoded, are the events the ORM reads; the bounds are exact
    to the microsecond: an event at the cutoff is left out, one at the start is in the period."""
    with sample.store.session() as sess:
        times = sorted(sess.scalars(select(col(Event.at))).all())
    distinct = sorted(set(times))
    start, cutoff = distinct[3], distinct[-2]  # each the time of some event
    got = decoded_events(sample, cutoff, start)
    assert got == expected_events(sample, cutoff, start)
    assert len(got) == sum(1 for t in times if t < cutoff) < len(times)
    assert [r[2] for r in got].count(True) == sum(1 for t in times if start <= t < cutoff)
    assert any(r[1] == start for r in got) and start > times[0]
    assert all(isinstance(r[1], datetime) for r in got)


@pytest.mark.backends("postgresql")
def test_postgresql_rows_are_the_stored_events(pg_sample: ScriptedStore) -> None:
    start, cutoff = datetime(2026, 11, 16), datetime(2026, 11, 25, 10, 0)
    got = decoded_events(pg_sample, cutoff, start)
    assert got and got == expected_events(pg_sample, cutoff, start)


def test_a_failed_driver_read_is_sqlalchemys_error(sample: ScriptedStore) -> None:
    """A database error on the driver's cursor comes out as SQLAlchemy's DBAPIError (the
    store turns those into one line), never as sqlite3's own exception."""
    stmt: Select[Any] = select(column("x")).select_from(table("no_such_table"))
    with pytest.raises(DBAPIError, match="no_such_table"), sample.store.session() as sess:
        list(_driver_chunks(sess, stmt))


def all_texts(s: ScriptedStore) -> dict[str, str]:
    """Every week's report (md and csv) as the office and as two units, and the month's 通报."""
    out: dict[str, str] = {}
    for unit in UNITS:
        svc = s.svc(TODAY, time(12, 0), unit)
        for week in REPORTED:
            r = make_report(svc, parse_week(week), group_by=("leader", "urgency", "source"))
            out[f"{unit}-{week}.md"] = render_md(r)
            out[f"{unit}-{week}.csv"] = render_csv(r)
        out[f"{unit}-通报.md"] = render_bulletin_md(
            make_bulletin(s.svc(date(2026, 12, 2), time(9, 0), unit), parse_month("2026-11"))
        )
    return out


@pytest.mark.backends("postgresql")
def test_sqlite_and_postgresql_give_the_same_reports(sample: ScriptedStore, pg_sample: ScriptedStore) -> None:
    """The same history on both backends: the driver's text on SQLite, SQLAlchemy's
    datetimes on PostgreSQL, the same reports byte for byte."""
    sqlite_texts, pg_texts = all_texts(sample), all_texts(pg_sample)
    assert sqlite_texts.keys() == pg_texts.keys()
    for name, text in sqlite_texts.items():
        assert text == pg_texts[name], name
    assert "区应急局" in sqlite_texts[f"None-{WEEK2}.md"]


def test_a_units_report_reads_only_its_tasks(sample: ScriptedStore) -> None:
    """The department's scope is applied to the driver's query too (its parameters bound)."""
    feed = sample.svc(TODAY, time(12, 0), "区应急局").history_feed()
    own = set(feed.tasks())
    office = set(sample.svc(TODAY, time(12, 0)).history_feed().tasks())
    assert own and own < office
    events = {row[0] for row in feed.events_until(datetime(2026, 11, 27), datetime(2026, 11, 23))}
    assert events == own
    assert set(feed.co_owners_now()) <= own


def test_the_collector_is_back_on_after_a_report(sample: ScriptedStore) -> None:
    """The report pauses Python's cyclic collector while it folds the history; it is on
    again afterwards, also when the report fails, and left off if it was off before."""
    assert gc.isenabled()
    make_report(sample.svc(TODAY, time(12, 0)), parse_week(WEEK2))
    assert gc.isenabled()
    with pytest.raises(InputError):
        make_report(sample.svc(TODAY, time(12, 0), "没有这个单位"), parse_week(WEEK2))
    assert gc.isenabled()
    gc.disable()
    try:
        make_report(sample.svc(TODAY, time(12, 0)), parse_week(WEEK2))
        assert not gc.isenabled()
    finally:
        gc.enable()
