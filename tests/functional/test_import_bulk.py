"""Task files and speeches are stored in batches (plain rows, one INSERT per table and
chunk, one transaction): the rows must be the ones the per-object ORM path wrote, to the
column — ids, co-owner order, every history event with its actor, time and payload, the
generated pinyin keys and the database's own generated columns — on both backends.

The reference (`tests/golden/import_rows.json`) was written by the ORM path before the
batch path replaced it: `python tests/functional/test_import_bulk.py` rewrites it from
whatever the store writes now (`PYTHONPATH=tests python tests/functional/test_import_bulk.py`),
so only run it when a change of rows is intended.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import GOLDEN, REPO, fixed_clock, read_data, safety_extraction
from sqlalchemy import MetaData, select

from tasktui.exchange.taskfile import TaskFileError, parse_task_file
from tasktui.store.db import Store
from tasktui.store.errors import InputError
from tasktui.store.service import Service

REFERENCE = GOLDEN / "import_rows.json"
TABLES = ("meta", "department", "departmentalias", "meeting", "task", "taskcoowner", "event")

# A file with what the batch path must keep apart: a unit declared with an alias the store
# already knows, co-owners repeated and in no particular order, a child before a sibling
# of its parent, explicit histories, priorities, 签收, 责任领导, 紧急程度, 汇报频次, a
# heading with polyphonic characters and Latin text.
EXTRA_TOML = """
office = "区政府督查室"

[[departments]]
name = "区教体局"
aliases = ["教体局"]

[[departments]]
name = "重庆路街道"
aliases = ["重庆路"]

[[departments]]
name = "区行政审批局"

[[meetings]]
title = "长江大保护调度会"
date = 2026-10-09
source_kind = "会议纪要"

[[meetings.tasks]]
outline = "1"
marker = "一、"
heading = "长江岸线银行网点整治：A级标准"
lead = "重庆路街道"
co = ["区行政审批局", "区教体局", "区行政审批局"]
deadline = 2026-11-30
status = "整改中"
priority = 2
notes = ["已完成岸线排查", "第二轮整改推进中"]
acknowledged = true
leader = "李副区长"
urgency = "急办"
report_every = "每月5日前"

[[meetings.tasks]]
outline = "1.1"
marker = "一是"
heading = "行长负责制"
lead = "区行政审批局"
deadline = "一周内"
status = "已销号"

[[meetings.tasks]]
outline = "2"
marker = "二、"
heading = "不作为督办的回顾"
kind = "review"
status = "不立项"

[[meetings.tasks]]
outline = "1.2"
marker = "二是"
heading = "调度会议纪要落实"
text = "逐条落实会议纪要。"
lead = "教体局"
status = "已交办"

[[meetings.tasks.history]]
at = 2026-10-09T09:00:00
actor = "区政府督查室"
action = "created"
to = "待分派"

[[meetings.tasks.history]]
at = 2026-10-10T09:00:00
actor = "区政府督查室"
action = "assigned"
to = "区教体局"
"""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def dump(store: Store) -> dict[str, list[list[Any]]]:
    """Every row of the tables an import writes, by primary key, every column."""
    meta = MetaData()
    meta.reflect(store.engine, only=TABLES)
    out: dict[str, list[list[Any]]] = {}
    with store.engine.connect() as conn:
        for name in TABLES:
            table = meta.tables[name]
            cols = sorted(table.c, key=lambda c: c.name)
            rows = conn.execute(select(*cols).order_by(*table.primary_key.columns)).all()
            out[name] = [[c.name for c in cols], *([_plain(v) for v in row] for row in rows)]
    return out


def _parse(svc: Service, text: str, name: str) -> Any:
    return parse_task_file(
        text,
        filename=name,
        departments=svc.known_department_names(),
        office_name="区政府督查室",
        now=svc.clock.now(),
        today=svc.clock.today(),
        calendar=svc.work_calendar(),
    )


def load_everything(svc: Service) -> None:
    """Two task files into an empty store, a third into the store they made (ids go on
    from there; units already known), then two speeches."""
    sample = (REPO / "sample_tasks.toml").read_text(encoding="utf-8")
    for name, text in (("sample.toml", sample), ("ui.toml", read_data("ui_store.toml")), ("extra.toml", EXTRA_TOML)):
        svc.apply_task_file(_parse(svc, text, name))
    svc.import_extraction(safety_extraction("讲话一"), source_name="安全.txt")
    owned = safety_extraction("讲话二")
    first = owned.items[0]
    # A lead and co-owners the store knows (one by its alias, one twice, one unknown),
    # and a 汇报频次 the cadence grammar reads.
    owned.items[0] = dataclasses.replace(
        first,
        owners=["区教体局", "重庆路", "区行政审批局"],
        lead=["区教体局"],
        co_owners=["重庆路", "区行政审批局", "重庆路街道", "区不知名办"],
        report_every="每月5日前",
    )
    svc.import_extraction(owned, source_name="安全二.txt", title="第二次安全会议")


@pytest.fixture
def loaded(store: Store) -> Service:
    svc = Service(store, clock=fixed_clock())
    load_everything(svc)
    return svc


def test_rows_equal_the_orm_path(loaded: Service) -> None:
    expected = json.loads(REFERENCE.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(dump(loaded.store), ensure_ascii=False))
    for name in TABLES:
        assert got[name][0] == expected[name][0], name  # the columns
        assert len(got[name]) == len(expected[name]), name
        for want, row in zip(expected[name][1:], got[name][1:], strict=True):
            assert row == want, (name, dict(zip(got[name][0], row, strict=True)))


def test_the_same_files_again_write_nothing(loaded: Service) -> None:
    before = dump(loaded.store)
    load_everything(loaded)
    assert dump(loaded.store) == before


def test_a_bad_file_writes_nothing(store: Store) -> None:
    svc = Service(store, clock=fixed_clock())
    svc.apply_task_file(_parse(svc, read_data("basic.toml"), "basic.toml"))
    before = dump(store)
    bad = EXTRA_TOML.replace('lead = "教体局"', 'lead = "区不存在局"')
    with pytest.raises(TaskFileError):
        svc.apply_task_file(_parse(svc, bad, "bad.toml"))
    assert dump(store) == before
    # A plan the parser never saw, whose last task names a unit the store does not have:
    # the units, the first meeting and the tasks before it were already written in the
    # transaction when the store finds out, and go with it.
    plan = _parse(svc, EXTRA_TOML, "extra.toml")
    plan.meetings.append(_parse(svc, read_data("ui_store.toml"), "ui.toml").meetings[0])
    plan.meetings[-1].tasks[-1].co.append("区不存在局")
    with pytest.raises(InputError):
        svc.apply_task_file(plan)
    assert dump(store) == before


def _write_reference() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'ref.db'}")
        load_everything(Service(store, clock=fixed_clock()))
        REFERENCE.write_text(json.dumps(dump(store), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        store.dispose()


if __name__ == "__main__":
    _write_reference()


def test_rows_written_past_the_orm_carry_the_stored_keys(loaded: Service) -> None:
    """The ORM's insert hooks fill meeting.sort_key and the units' search keys; the batch
    path writes plain rows past them, so it must write the same keys itself (an empty
    meeting key would sort the meeting first)."""
    from tasktui.search import pinyin_key, pinyin_sort_key

    rows = dump(loaded.store)
    for table, column, source, key in (
        ("meeting", "sort_key", "title", pinyin_sort_key),
        ("department", "search_key", "name", pinyin_key),
        ("departmentalias", "search_key", "alias", pinyin_key),
    ):
        names, *values = rows[table]
        assert values, table
        for row in values:
            record = dict(zip(names, row, strict=True))
            assert record[column] == key(record[source]) != "", (table, record)


def test_multi_row_statements_equal_executemany(tmp_path: Path) -> None:
    """On SQLite `insert_rows` writes several rows per statement, converting values itself:
    the rows and the search index must be what SQLAlchemy's executemany writes, across
    statement boundaries (more rows than one statement takes, a short last statement),
    with dates, times to the microsecond, NULLs and a column left to its default."""
    from tasktui.models import Event, Meeting, Task
    from tasktui.store import bulk_insert

    n = bulk_insert.VALUES_ROWS * 2 + 37
    at = datetime(2026, 3, 1, 9, 30, 0, 123456)
    meeting = {"id": 1, "title": "调度会", "sort_key": "diao4du4hui4", "date": date(2026, 3, 1), "imported_at": at}
    tasks = [
        {
            "id": i,
            "meeting_id": 1,
            "seq": i,
            "outline": str(i),
            "marker": f"{i}.",
            "level": 1,
            "kind": "directive",
            "heading": f"整治第{i}号河道",
            "text": f"整治第{i}号河道，{i % 5}月底前完成",
            "deadline": date(2026, 3 + i % 9, 1) if i % 3 else None,
            "status": "整改中",
            "search_key": f"zhengzhi di{i}hao hedao zzd{i}hhd",
            "heading_key": f"zheng3zhi4di4{i}",
            "created_at": at,
            "updated_at": at.replace(microsecond=0),
        }
        for i in range(1, n + 1)
    ]
    events = [
        {"task_id": i, "at": at, "actor": "区政府督查室", "action": "created", "status_after": "待分派", "note": None}
        for i in range(1, n + 1)
    ]

    def write(url: str, insert: Any) -> Store:
        store = Store(url)
        with store.write() as s:
            for model, rows in ((Meeting, [meeting]), (Task, tasks), (Event, events)):
                insert(s, bulk_insert.table_of(model), [dict(r) for r in rows])
        return store

    many = write(f"sqlite:///{tmp_path / 'many.db'}", bulk_insert.insert_rows)
    each = write(f"sqlite:///{tmp_path / 'each.db'}", bulk_insert.insert_each)

    def stored(store: Store) -> dict[str, Any]:
        # As SQLite holds them (the text of a time, not what a reader parses it into).
        with store.engine.connect() as c:
            return {
                t: c.exec_driver_sql(f"SELECT * FROM {t} ORDER BY id").all() for t in ("meeting", "task", "event")
            } | {"fts": c.exec_driver_sql("SELECT * FROM task_fts_terms ORDER BY term, doc, col, offset").all()}

    try:
        got, want = stored(many), stored(each)
        assert len(got["task"]) == n
        assert got == want
        with many.engine.connect() as c:
            hits = c.exec_driver_sql("SELECT count(*) FROM task_fts WHERE task_fts MATCH '\"号河道\"'").scalar()
        assert hits == n
    finally:
        many.dispose()
        each.dispose()


def test_multi_row_statements_within_an_old_librarys_parameter_limit(tmp_path: Path) -> None:
    """SQLite before 3.32 takes at most 999 parameters per statement (an old system Python's
    library, which the store still supports without its search index): the multi-row
    statements must stay within the limit the connection reports, not a fixed 32,766."""
    import sqlite3

    from sqlalchemy import event

    from tasktui.models import Meeting, Task
    from tasktui.store import bulk_insert

    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    store.engine.dispose()  # every connection from here on has the old library's limit

    @event.listens_for(store.engine, "connect")
    def old_limit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)

    at = datetime(2026, 3, 1, 9, 30)
    tasks = [
        {
            "id": i,
            "meeting_id": 1,
            "seq": i,
            "heading": f"第{i}项",
            "text": f"第{i}项",
            "search_key": "",
            "created_at": at,
            "updated_at": at,
        }
        for i in range(1, 301)
    ]
    try:
        with store.write() as s:
            meeting = {"id": 1, "title": "调度会", "imported_at": at}
            bulk_insert.insert_rows(s, bulk_insert.table_of(Meeting), [meeting])
            bulk_insert.insert_rows(s, bulk_insert.table_of(Task), tasks)
        with store.engine.connect() as c:
            assert c.exec_driver_sql("SELECT count(*), max(heading) FROM task").one() == (300, "第9项")
    finally:
        store.dispose()


def test_rows_with_no_values_are_left_to_sqlalchemy(tmp_path: Path) -> None:
    """Rows that name no column (every column left to the database) have no VALUES list to
    write: they go through SQLAlchemy's executemany as `DEFAULT VALUES`, one each."""
    from sqlalchemy import Column, Integer, MetaData, Table, Text

    from tasktui.store import bulk_insert

    store = Store(f"sqlite:///{tmp_path / 'empty-rows.db'}")
    table = Table("scratch", MetaData(), Column("id", Integer, primary_key=True), Column("note", Text))
    try:
        table.create(store.engine)
        with store.write() as s:
            bulk_insert.insert_rows(s, table, [{}, {}, {}])
        with store.engine.connect() as c:
            assert c.exec_driver_sql("SELECT id, note FROM scratch ORDER BY id").all() == [
                (1, None),
                (2, None),
                (3, None),
            ]
    finally:
        store.dispose()
