"""Task files through a store: an import with errors writes nothing; re-import is a
no-op; export → import into an empty store gives the same tasks, owners, statuses and
history. (Reading a task file on its own: tests/unit/test_taskfile_parse.py.)"""

from __future__ import annotations

from datetime import datetime, time

import pytest
from helpers import BASIC_TOML, TODAY, load_toml

from tasktui.clock import FixedClock
from tasktui.exchange.taskfile import parse_task_file
from tasktui.exchange.taskfile_writer import dump_task_file
from tasktui.exchange.toml_reading import TaskFileError
from tasktui.store.db import Store
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import Actor

NOW = datetime(2026, 11, 20, 10, 0)


def test_an_import_with_any_error_changes_nothing(basic: Service) -> None:
    before = (basic.count_tasks(TaskQuery(kinds=None, include_settled=True)), len(basic.departments()))
    bad = (
        BASIC_TOML.replace('title = "全区教育工作会议"', 'title = "另一个会议"')
        + '\n[[departments]]\nname = "区新单位"\n'
    )
    bad = bad.replace('lead = "区财政局"', 'lead = "区不存在局"')
    with pytest.raises(TaskFileError):
        load_toml(basic, bad)
    after = (basic.count_tasks(TaskQuery(kinds=None, include_settled=True)), len(basic.departments()))
    assert after == before


def test_reimport_is_a_noop(basic: Service) -> None:
    tf = parse_task_file(BASIC_TOML, departments=basic.known_department_names(), now=NOW, today=TODAY)
    (result,) = basic.apply_task_file(tf)
    assert not result.created
    assert basic.count_tasks(TaskQuery(kinds=None, include_settled=True)) == 6


def test_export_import_round_trip(basic: Service, as_unit, tmp_path) -> None:  # type: ignore[no-untyped-def]
    jtj = as_unit("区教体局")
    basic.assign(4, "区教体局", co=["区卫健局", "区财政局"], deadline="2026-12-20")
    jtj.report_progress(4, 'note with "quotes", \\backslash and 换行\n第二行')
    jtj.extend(4, "2027-01-10", note="申请延期")
    basic.extend(4, "2027-01-05")
    basic.verify(5)
    basic.reject(2)
    basic.set_deadline(3, "X月底前")
    exported = dump_task_file(basic.export_task_file())

    fresh = Service(Store(f"sqlite:///{tmp_path / 'fresh.db'}"), Actor.office(), FixedClock(TODAY, time(12)))
    load_toml(fresh, exported)

    def snapshot(svc: Service) -> list[tuple]:
        out = []
        for row in svc.list_tasks(TaskQuery(kinds=None, include_settled=True, sort="id")):
            d = svc.get_task(row.id)
            out.append(
                (
                    row.outline,
                    row.heading,
                    row.kind,
                    row.status,
                    row.lead,
                    tuple(row.co_owners),
                    row.deadline,
                    row.deadline_phrase,
                    row.deadline_unresolved,
                    d.parent_outline,
                    tuple(
                        (
                            e.at,
                            e.actor,
                            e.action,
                            e.from_value,
                            e.to_value,
                            e.note,
                            e.status_after,
                            e.deadline_after,
                            e.lead_after,
                        )
                        for e in d.history
                    ),
                )
            )
        return out

    assert snapshot(fresh) == snapshot(basic)
    assert fresh.departments() == basic.departments()
    assert fresh.store.office_name() == "区政府督查室"
    # And the second export is identical to the first.
    assert dump_task_file(fresh.export_task_file()) == exported


def test_synthesised_history_follows_the_status(basic: Service) -> None:
    actions = [e.action for e in basic.get_task(5).history]
    assert actions == ["created", "assigned", "progress", "done"]
    assert all(e.at <= NOW for e in basic.get_task(5).history)
    assert [e.note for e in basic.get_task(1).history if e.action == "progress"] == ["已开展隐患排查"]
