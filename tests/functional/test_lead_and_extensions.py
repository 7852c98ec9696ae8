"""Lead and co-owners (only the lead marks done; co-owners report on their part, kept in
the order entered) and the extension queue (待批延期: list, grant, deny, one pending
request per task), through the command line on a real store, on both backends."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import tomli
from helpers import CliRun, load_toml, run_cli

from tasktui.store.errors import RuleError
from tasktui.store.service import Service

pytestmark = pytest.mark.backends("sqlite", "postgresql")


@pytest.fixture
def cli(db_url: str, basic: Service, tmp_path: Path):  # type: ignore[no-untyped-def]
    """`tasktui --today 2026-11-20 --db URL ARGS` on the basic store (ids 1..6)."""

    def run(*args: str) -> CliRun:
        proc = run_cli(["--today", "2026-11-20", "--db", db_url, *args], env={"TASKTUI_DEBUG": None}, cwd=tmp_path)
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc

    return run


def show(cli, task_id: int) -> dict:  # type: ignore[no-untyped-def]
    proc = cli("show", str(task_id), "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# ---------------------------------------------------------------------- lead and co-owners


def test_only_the_lead_marks_done(cli) -> None:  # type: ignore[no-untyped-def]
    # Task 1: lead 区教体局, co-owner 区卫健局, 整改中.
    refused = cli("done", "1", "--as", "卫健局")
    assert refused.returncode == 1
    assert "配合单位" in refused.stderr and "只有牵头单位（区教体局）可以标记完成" in refused.stderr
    assert show(cli, 1)["status"] == "整改中"
    # The co-owner reports progress on its part instead.
    assert cli("progress", "1", "--note", "卫生检查已完成", "--as", "区卫健局").returncode == 0
    done = cli("done", "1", "--as", "教体局", "--note", "全部完成")
    assert done.returncode == 0, done.stderr
    assert show(cli, 1)["status"] == "已完成待核"


def test_progress_is_shown_per_unit(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("progress", "1", "--note", "卫生检查已完成", "--as", "区卫健局").returncode == 0
    units = show(cli, 1)["unit_progress"]
    assert [(u["unit"], u["role"], u["reports"], u["last_note"]) for u in units] == [
        ("区教体局", "lead", 1, "已开展隐患排查"),
        ("区卫健局", "co", 1, "卫生检查已完成"),
    ]
    text = cli("show", "1").stdout
    assert "各单位进展" in text and "配合 区卫健局: 1 次" in text


def test_co_owners_keep_the_order_entered(cli, basic: Service) -> None:  # type: ignore[no-untyped-def]
    # By code point 区卫健局 sorts before 区财政局: the order given must survive anyway.
    assert cli("assign", "4", "--lead", "教体局", "--co", "区财政局", "卫健局").returncode == 0
    data = show(cli, 4)
    assert data["co_owners"] == ["区财政局", "区卫健局"]
    assert [u["unit"] for u in data["unit_progress"]] == ["区教体局", "区财政局", "区卫健局"]
    listed = json.loads(cli("list", "--json").stdout)
    assert next(r for r in listed if r["id"] == 4)["co_owners"] == ["区财政局", "区卫健局"]
    assert basic.get_task(4).history[-1].co_after == "区财政局、区卫健局"
    # A task file written out keeps the order, and reads back with it.
    exported = tomli.loads(cli("export", "--format", "toml").stdout)
    task = next(t for t in exported["meetings"][0]["tasks"] if t["heading"] == "研究制定课后服务方案")
    assert task["co"] == ["区财政局", "区卫健局"]


# ---------------------------------------------------------------------- the extension queue


def test_request_list_and_second_request_refused(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("extensions").stdout.strip() == "没有待批的延期申请"
    asked = cli("extend", "2", "--to", "2026-12-15", "--note", "需协调场地", "--as", "教体局")
    assert asked.returncode == 0 and "待督查室批准" in asked.stdout
    second = cli("extend", "2", "--to", "2026-12-31", "--as", "教体局")
    assert second.returncode == 1
    assert "已有待批的延期申请（区教体局申请延至2026-12-15）" in second.stderr
    text = cli("extensions").stdout
    assert "#2" in text and "区教体局" in text and "2026-12-15" in text and "需协调场地" in text and "剩5天" in text
    [entry] = json.loads(cli("extensions", "--json").stdout)
    assert entry["task_id"] == 2
    assert entry["unit"] == "区教体局" and entry["reason"] == "需协调场地"
    assert (entry["current_deadline"], entry["requested_deadline"], entry["days_left"]) == (
        "2026-11-25",
        "2026-12-15",
        5,
    )
    # The detail carries it too, and the deadline has not moved.
    data = show(cli, 2)
    assert data["deadline"] == "2026-11-25" and data["extension_request"]["requested_deadline"] == "2026-12-15"


def test_office_denies_with_a_reason(cli, basic: Service) -> None:  # type: ignore[no-untyped-def]
    assert cli("extend", "2", "--to", "2026-12-15", "--note", "需协调场地", "--as", "教体局").returncode == 0
    no_reason = cli("extend", "2", "--deny")
    assert no_reason.returncode == 2 and "理由" in no_reason.stderr
    both = cli("extend", "2", "--deny", "--to", "2026-12-31", "--note", "x")
    assert both.returncode == 2
    unit = cli("extend", "2", "--deny", "--note", "自己驳回", "--as", "教体局")
    assert unit.returncode == 1 and "驳回延期" in unit.stderr
    denied = cli("extend", "2", "--deny", "--note", "场地已落实，不予延期")
    assert denied.returncode == 0 and "已驳回" in denied.stdout
    assert json.loads(cli("extensions", "--json").stdout) == []
    last = basic.get_task(2).history[-1]
    assert (last.action, last.from_value, last.to_value, last.note) == (
        "extension_denied",
        "2026-11-25",
        "2026-12-15",
        "场地已落实，不予延期",
    )
    assert basic.get_task(2).row.deadline == date(2026, 11, 25)
    again = cli("extend", "2", "--deny", "--note", "再驳回一次")
    assert again.returncode == 1 and "没有待批的延期申请" in again.stderr
    # Answered: the unit may ask again.
    assert cli("extend", "2", "--to", "2026-12-10", "--as", "教体局").returncode == 0
    assert [e["task_id"] for e in json.loads(cli("extensions", "--json").stdout)] == [2]


def test_grant_answers_the_request_and_keeps_the_original_deadline(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("extend", "2", "--to", "2026-12-15", "--as", "教体局").returncode == 0
    granted = cli("extend", "2", "--to", "2026-12-15", "--note", "同意")
    assert granted.returncode == 0 and "已批准延期" in granted.stdout
    assert json.loads(cli("extensions", "--json").stdout) == []
    data = show(cli, 2)
    assert (data["deadline"], data["original_deadline"]) == ("2026-12-15", "2026-11-25")
    assert "原定时限: 2026-11-25" in cli("show", "2").stdout


def test_a_pending_request_ends_with_the_task_and_returns_if_reopened(basic: Service, as_unit) -> None:  # type: ignore[no-untyped-def]
    jtj = as_unit("区教体局")
    jtj.extend(2, "2026-12-15", note="需协调场地")
    assert [r.id for r in basic.extension_queue()] == [2]
    jtj.mark_done(2, "已完成")
    assert basic.extension_queue() == []
    with pytest.raises(RuleError, match="驳回延期"):
        basic.deny_extension(2, "已完成")
    basic.reopen(2, "复查不合格")
    # Nobody answered it, and the task is open again: the request stands.
    assert [r.id for r in basic.extension_queue()] == [2]


def test_queue_is_scoped_and_survives_export_and_import(basic: Service, as_unit, store, clock) -> None:  # type: ignore[no-untyped-def]
    as_unit("区教体局").extend(2, "2026-12-15", note="需协调场地")
    as_unit("区财政局").extend(3, "2026-12-01", note="资金未到位")
    assert [r.id for r in as_unit("区教体局").extension_queue()] == [2]
    assert sorted(r.id for r in basic.extension_queue()) == [2, 3]
    # The queue is the history: a task file carries it into another store.
    from tasktui.exchange.taskfile_writer import dump_task_file
    from tasktui.store.db import Store

    text = dump_task_file(basic.export_task_file())
    other = Service(Store("sqlite://"), basic.actor, clock)
    load_toml(other, text)
    moved = {r.id: r.extension for r in other.extension_queue()}
    assert sorted(moved) == [2, 3]
    assert moved[2] is not None and (moved[2].unit, moved[2].requested, moved[2].reason) == (
        "区教体局",
        date(2026, 12, 15),
        "需协调场地",
    )
    other.store.dispose()


def test_unit_can_mark_done_what_it_leads_even_when_it_co_owns_others(basic: Service, as_unit) -> None:  # type: ignore[no-untyped-def]
    basic.assign(3, "区财政局", ["区教体局"])
    jtj = as_unit("区教体局")
    with pytest.raises(RuleError, match="只有牵头单位（区财政局）可以标记完成"):
        jtj.mark_done(3)
    assert jtj.mark_done(2, "已完成").status == "已完成待核"  # its own lead task
    assert basic.mark_done(3, "已完成").status == "已完成待核"  # the office may, on any task
