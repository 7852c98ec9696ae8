"""`tasktui list` read with the standard library on a plain SQLite store
(store/plain_list.py): its SQL is what `queries.task_select` compiles to, its output is
the service path's byte for byte, it loads no SQLAlchemy, and every case it does not
take (other filters, an alias, a read-only or older store) goes to the service as before."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers import run_cli, store_at_revision
from sqlalchemy.dialects import sqlite as sqlite_dialect
from test_cli_holidays import HOLIDAYS_2027
from test_startup_imports import run_fresh

import tasktui.cli.tasks as tasks
from tasktui.cli.app import make_demo_store
from tasktui.clock import FixedClock
from tasktui.store.db import Store
from tasktui.store.listed import COLUMN_NAMES
from tasktui.store.listing import _COLUMNS
from tasktui.store.plain_list import list_sql
from tasktui.store.queries import TaskQuery, task_select
from tasktui.store.service import Service
from tasktui.store.views import Actor

TODAY = date(2026, 11, 20)
PLAIN_LIST = tasks._plain_list  # the real one (tests below replace it for a call)
# Not to be loaded by `list`: the database layer, the UI and the pinyin dictionary.
ORM_AND_UI = {"sqlalchemy", "sqlmodel", "alembic", "textual", "pypinyin", "openpyxl", "docx"}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    make_demo_store(db, FixedClock(TODAY))
    return db


def _canonical(sql: str) -> str:
    """The SQL with each IN list's quoted items sorted (SQLAlchemy renders a set's order)."""

    def sort_items(m: re.Match[str]) -> str:
        items = [i.strip() for i in m.group(1).split(",")]
        return "IN (" + ", ".join(sorted(items)) + ")"

    return re.sub(r"IN \(('[^()]*')\)", sort_items, sql)


@pytest.mark.parametrize("include_settled", [False, True])
@pytest.mark.parametrize("unit", [None, "区教体局"])
def test_the_sql_is_what_task_select_compiles_to(demo: Path, include_settled: bool, unit: str | None) -> None:
    svc = Service(Store(f"sqlite:///{demo}"), clock=FixedClock(TODAY))
    try:
        if unit is not None:
            svc.actor = Actor.department(unit)
        with svc.store.session() as s:
            stmt = task_select(svc, s, TaskQuery(include_settled=include_settled)).with_only_columns(
                *_COLUMNS, maintain_column_froms=False
            )
            compiled = str(stmt.compile(dialect=sqlite_dialect.dialect(), compile_kwargs={"literal_binds": True}))
            unit_id = None
            if unit is not None:
                unit_id = s.connection().exec_driver_sql("SELECT id FROM department WHERE name = ?", (unit,)).scalar()
    finally:
        svc.store.dispose()
    ours = list_sql(include_settled, unit_id)
    assert _canonical(ours) == _canonical(compiled), f"regenerate plain_list's SQL from:\n{compiled}"


def test_the_column_names_are_the_orm_columns() -> None:
    assert tuple(f"{c.table.name}.{c.name}" for c in _COLUMNS) == COLUMN_NAMES  # type: ignore[attr-defined]


def _both(db: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """(plain path's output, service path's output) of `tasktui --db DB ARGS`."""
    taken: list[bool] = []
    real = PLAIN_LIST

    def spy(a):  # type: ignore[no-untyped-def]
        got = real(a)
        taken.append(got is not None)
        return got

    monkeypatch.setattr(tasks, "_plain_list", spy)
    plain = run_cli(["--db", str(db), *args])
    assert taken == [True], "the plain path was not taken"
    monkeypatch.setattr(tasks, "_plain_list", lambda a: None)
    served = run_cli(["--db", str(db), *args])
    assert plain.returncode == served.returncode == 0
    return plain.stdout + plain.stderr, served.stdout + served.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--all"],
        ["--as", "区教体局", "list"],
        ["--as", "区教体局", "list", "--all"],
        ["--as", "各乡镇(街道)", "list"],
        ["--as", "区财政局", "list", "--warn-days", "3"],
        ["list", "--today", "2026-12-24"],
        ["list", "--today", "2027-02-01", "--warn-days", "0"],
    ],
    ids=" ".join,
)
def test_the_plain_list_prints_what_the_service_path_prints(
    demo: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if "--today" not in args:
        args = [*args, "--today", TODAY.isoformat()]
    plain, served = _both(demo, args, monkeypatch)
    assert plain == served
    assert "共 " in plain


def test_with_an_imported_holiday_calendar(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    holidays = tmp_path / "holidays-2027.toml"
    holidays.write_text(HOLIDAYS_2027, encoding="utf-8")
    assert run_cli(["--db", str(demo), "holidays", "import", str(holidays)]).returncode == 0
    for today in ("2027-01-29", "2027-02-03"):  # the yellow window across the imported 春节 break
        plain, served = _both(demo, ["list", "--all", "--today", today], monkeypatch)
        assert plain == served


def test_a_config_files_ack_days_counts_in_both(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / ".config" / "tasktui").mkdir(parents=True)
    (home / ".config" / "tasktui" / "config.toml").write_text("[cycle]\nack_days = 9\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    plain, served = _both(demo, ["list", "--today", TODAY.isoformat()], monkeypatch)
    assert plain == served and "交办超过 9 个工作日" in plain


@pytest.mark.parametrize(
    "args",
    [
        ["--as", "财政局", "list"],  # an alias: the service resolves it
        ["--as", "czj", "list"],  # pinyin initials
        ["list", "--overdue"],
        ["list", "--search", "控辍保学"],
        ["list", "--json"],
        ["list", "--unit", "区教体局"],
        ["list", "--status", "整改中"],
    ],
    ids=" ".join,
)
def test_other_shapes_go_to_the_service(demo: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tasktui.store import plain_list

    said: list[object] = []
    real = plain_list.plain_listed
    monkeypatch.setattr(plain_list, "plain_listed", lambda *a: said.append(real(*a)) or said[-1])
    run = run_cli(["--db", str(demo), *args, "--today", TODAY.isoformat()])
    assert run.returncode == 0 and run.stdout
    assert all(r is None for r in said)


def test_an_unknown_unit_is_the_services_answer(demo: Path) -> None:
    run = run_cli(["--db", str(demo), "--as", "区不存在局", "list"])
    assert run.returncode == 2 and "区不存在局" in run.stderr


def test_a_read_only_store_is_noted_by_the_service(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as for a clerk without write rights
    run = run_cli(["--db", str(demo), "list", "--today", TODAY.isoformat()])
    assert run.returncode == 0 and "只读" in run.stderr and "共 " in run.stdout


@pytest.mark.parametrize("revision", ["0005", "9999"])
def test_a_store_at_another_revision_is_refused_as_the_service_refuses(tmp_path: Path, revision: str) -> None:
    db, refusal = store_at_revision(tmp_path, revision)
    run = run_cli(["--db", str(db), "list"])
    assert run.returncode == 2 and refusal in run.stderr


def test_list_in_a_fresh_process_loads_no_sqlalchemy(demo: Path, tmp_path: Path) -> None:
    run = run_fresh(tmp_path, "list", "--today", TODAY.isoformat(), db=demo)
    assert run.code == 0 and not set(run.loaded) & ORM_AND_UI, run.loaded
    assert run.stdout == run_cli(["--db", str(demo), "list", "--today", TODAY.isoformat()]).stdout
    dept = run_fresh(tmp_path, "--as", "区教体局", "list", "--all", "--today", TODAY.isoformat(), db=demo)
    assert dept.code == 0 and not set(dept.loaded) & ORM_AND_UI, dept.loaded


# What `tasktui list` on a plain store does not load either, each costing its start-up
# milliseconds: the dataclasses module, the lifecycle's tables, the settings' module and
# TOML parser without a config file, json (only --json), rich's width tables (the list's
# cells are plain Chinese and ASCII, a cut one ends with "…") and the lunar calendar (a
# yellow window into December asks only the next year's 元旦 break).
START_UP = (
    "dataclasses",
    "tasktui.store.lifecycle",
    "tasktui.config",
    "tomllib",
    "json",
    "rich",
    "tyme4py",
)


def test_list_in_a_fresh_process_loads_none_of_the_start_up_costs(demo: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"  # no config file
    home.mkdir()
    code = (
        "import sys, tasktui.cli\n"
        "code = tasktui.cli.main(sys.argv[1:])\n"
        "sys.stdout.flush()\n"
        f"print('LOADED=' + ','.join(sorted(m for m in {START_UP!r} if m in sys.modules)), file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    for args in (["list"], ["--as", "区教体局", "list", "--all"]):
        argv = ["--db", str(demo), "--today", "2026-11-25", *args]  # 7 working days reach December
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
        proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env)
        assert proc.returncode == 0 and proc.stderr.splitlines()[-1] == "LOADED=", proc.stderr
        assert proc.stdout == run_cli(argv).stdout and "共 " in proc.stdout


def test_a_store_whose_index_this_library_cannot_keep_is_refused_as_the_service_refuses(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SQLite without FTS5's trigram tokenizer (an old system Python) and a store made
    with the search index: the service refuses it in one line; the plain read must not
    list it instead."""
    from tasktui import models

    monkeypatch.setattr("tasktui.store.sqlite_calendar.sqlite_has_trigram", lambda: False)
    monkeypatch.setattr(models, "sqlite_has_trigram", lambda: False)
    monkeypatch.setattr("tasktui.store.db.sqlite_has_trigram", lambda: False)
    run = run_cli(["--db", str(demo), "list", "--today", TODAY.isoformat()])
    assert run.returncode == 2 and "需要 SQLite 3.34 及以上版本" in run.stderr and not run.stdout


def test_the_cycle_collector_is_paused_for_the_plain_list_only(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off while the plain list is read (its thousands of tuples hold no cycles), on again
    after it, after a refusal inside it, and never touched by a list the service reads."""
    import gc

    from tasktui.store import plain_list

    during: list[bool] = []
    real = plain_list.plain_listed
    monkeypatch.setattr(plain_list, "plain_listed", lambda *a: during.append(gc.isenabled()) or real(*a))
    assert gc.isenabled()
    assert run_cli(["--db", str(demo), "list", "--today", TODAY.isoformat()]).returncode == 0
    assert during == [False] and gc.isenabled()
    db, refusal = store_at_revision(tmp_path, "0005")
    refused = run_cli(["--db", str(db), "list"])
    assert refused.returncode == 2 and refusal in refused.stderr and gc.isenabled()
    during.clear()
    assert run_cli(["--db", str(demo), "list", "--json"]).returncode == 0
    assert during == [] and gc.isenabled()
