"""Task files: errors point at file, line and column and write nothing; re-import is a
no-op; export → import into an empty store gives the same tasks, owners, statuses and
history."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from helpers import BASIC_TOML, TODAY, load_toml

from tasktui.clock import FixedClock
from tasktui.exchange.taskfile import TaskFileError, demo_shift, parse_task_file
from tasktui.exchange.taskfile_writer import dump_task_file
from tasktui.store.db import Store
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import Actor

NOW = datetime(2026, 11, 20, 10, 0)


def problems(text: str, known: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(TaskFileError) as err:
        parse_task_file(text, filename="t.toml", departments=known or {}, now=NOW, today=TODAY)
    return [str(p) for p in err.value.problems]


def test_malformed_toml_names_line_and_column() -> None:
    text = '[[departments]]\nname = "区教体局"\n\n[[meetings]]\ntitle = "会"\ndate = 2026-13-40\n'
    (msg,) = problems(text)
    assert msg.startswith("t.toml:6:") and "malformed TOML" in msg


def test_semantic_errors_point_at_the_key() -> None:
    text = """[[departments]]
name = "区教体局"

[[meetings]]
title = "会议"
date = 2026-10-10

[[meetings.tasks]]
outline = "1"
heading = "甲"
lead = "区水务局"

[[meetings.tasks]]
outline = "1"
heading = "乙"
status = "差不多"

[[meetings.tasks]]
outline = "3.1"
heading = "丙"
deadline = "2月30日前"
kind = "task"
"""
    msgs = problems(text)
    assert "t.toml:11:8: unknown department '区水务局'; declare it under [[departments]]" in msgs
    assert any(m.startswith("t.toml:14:11:") and "appears twice" in m for m in msgs)
    assert any(m.startswith("t.toml:16:10:") and "status must be one of" in m for m in msgs)
    assert any(m.startswith("t.toml:19:11:") and "parent item '3'" in m for m in msgs)
    assert any(m.startswith("t.toml:21:12:") and "impossible date" in m for m in msgs)
    assert any(m.startswith("t.toml:22:8:") and "kind must be one of" in m for m in msgs)


def test_wrong_types_and_unknown_keys() -> None:
    text = """office = 3
colour = "red"

[[meetings]]
title = "会"
date = "tomorrow"

[[meetings.tasks]]
outline = 1
heading = "甲"
priority = "high"
co = 5
"""
    msgs = problems(text)
    assert any(m.startswith("t.toml:1:") and "office must be a string" in m for m in msgs)
    assert any(m.startswith("t.toml:2:") and "unknown key 'colour'" in m for m in msgs)
    assert any(m.startswith("t.toml:6:") and "date must be a date" in m for m in msgs)
    assert any(m.startswith("t.toml:11:") and "priority must be an integer" in m for m in msgs)
    assert any(m.startswith("t.toml:12:") and "co must be a list" in m for m in msgs)


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


def test_demo_shift_moves_every_date() -> None:
    text = "demo_anchor = 2026-11-20\n" + BASIC_TOML
    shift = demo_shift(text, date(2027, 3, 1))
    assert shift == (date(2027, 3, 1) - date(2026, 11, 20)).days
    tf = parse_task_file(text, now=datetime(2027, 3, 1, 10), shift_days=shift, today=date(2027, 3, 1))
    meeting = tf.meetings[0]
    assert meeting.date == date(2026, 10, 10) + (date(2027, 3, 1) - date(2026, 11, 20))
    overdue = [t for t in meeting.tasks if t.deadline and t.deadline < date(2027, 3, 1)]
    assert [t.outline for t in overdue] == ["1"]


def test_control_characters_in_strings_are_refused() -> None:
    text = '[[departments]]\nname = "区教体局"\n\n[[meetings]]\ntitle = "会\\u0000议"\n'
    (msg,) = problems(text)
    assert msg.startswith("t.toml:5:9:") and "control character U+0000" in msg
