"""The task file carries 责任领导, 紧急程度 and 汇报频次 (`leader`, `urgency`,
`report_every`) out and back in, with the 催办 in the history; a speech's recurring report
limit is proposed as the task's 汇报频次 at import."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest
from helpers import BASIC_TOML, TODAY, load_toml, safety_extraction

from tasktui.clock import FixedClock
from tasktui.exchange.taskfile import parse_task_file
from tasktui.exchange.taskfile_writer import dump_task_file
from tasktui.exchange.toml_reading import TaskFileError
from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor


def test_cycle_fields_and_reminders_travel_in_the_export(basic: Service, tmp_path: Path) -> None:
    basic.set_report_every(1, "每月5日前")
    basic.set_leader(1, "张三副区长")
    basic.set_urgency(1, "特急")
    basic.remind(["区教体局"])
    exported = dump_task_file(basic.export_task_file())
    assert 'report_every = "每月5日前"' in exported and 'leader = "张三副区长"' in exported
    assert 'urgency = "特急"' in exported and exported.count('urgency = "') == 1  # 一般 is left out

    fresh = Service(Store(f"sqlite:///{tmp_path / 'fresh.db'}"), Actor.office(), FixedClock(TODAY, time(12)))
    load_toml(fresh, exported)
    row = fresh.get_task(1).row
    assert (row.report_every, row.responsible_leader, row.urgency, row.remind_count) == (
        "每月5日前",
        "张三副区长",
        "特急",
        1,
    )
    assert dump_task_file(fresh.export_task_file()) == exported


@pytest.mark.parametrize(
    ("line", "message"),
    [('report_every = "偶尔"', "report_every（汇报频次）看不懂"), ('urgency = "很急"', "urgency（紧急程度）应是")],
)
def test_a_bad_cycle_field_is_located(basic: Service, line: str, message: str) -> None:
    text = BASIC_TOML.replace('heading = "抓好校园安全"', f'heading = "抓好校园安全"\n{line}')
    with pytest.raises(TaskFileError) as info:
        parse_task_file(text, departments=basic.known_department_names(), now=basic.clock.now(), today=TODAY)
    assert any(message in str(p) for p in info.value.problems)


def test_speech_import_proposes_the_cadence(office: Service) -> None:
    extraction = safety_extraction(
        "一、压实安全责任。各乡镇要在一周内完成排查，每月5日前报送进展。一要细化方案去年成效明显"
    )
    items = list(extraction.items)
    items[0] = replace(items[0], report_every="每月5日前")
    items[1] = replace(items[1], report_every="每月逢五")  # not a cadence the grammar reads: not proposed
    office.import_extraction(replace(extraction, items=items), source_name="s.txt")
    assert office.get_task(1).row.report_every == "每月5日前"
    assert office.get_task(2).row.report_every is None
    assert office.late_reports() == []  # in triage, nobody owes a report yet


SIGNED_TOML = """
office = "区政府督查室"

[[departments]]
name = "区教体局"

[[meetings]]
title = "全区教育工作会议"
date = 2026-10-10
source_kind = "会议纪要"

[[meetings.tasks]]
outline = "1"
heading = "已签收的事项"
lead = "区教体局"
acknowledged = true

[[meetings.tasks]]
outline = "2"
heading = "未签收的事项"
lead = "区教体局"
"""


def test_a_hand_written_task_may_say_it_was_signed_for_and_a_meeting_its_source(tmp_path: Path) -> None:
    svc = Service(Store(f"sqlite:///{tmp_path / 's.db'}"), Actor.office("区政府督查室"), FixedClock(TODAY, time(12)))
    load_toml(svc, SIGNED_TOML)
    signed, unsigned = svc.get_task(1), svc.get_task(2)
    assert signed.row.acknowledged_at is not None and signed.row.unacknowledged_days is None
    assert [e.label for e in signed.history] == ["创建", "交办", "签收"]
    assert unsigned.row.acknowledged_at is None and unsigned.row.unacknowledged_days is not None
    assert svc.meetings()[0].source_kind == "会议纪要"
    exported = dump_task_file(svc.export_task_file())
    assert 'source_kind = "会议纪要"' in exported
    with pytest.raises(TaskFileError, match="acknowledged（是否已签收）应是 true 或 false"):
        parse_task_file(
            SIGNED_TOML.replace("acknowledged = true", 'acknowledged = "是"'), now=svc.clock.now(), today=TODAY
        )
    with pytest.raises(TaskFileError, match="source_kind（来源）应是"):
        parse_task_file(SIGNED_TOML.replace('"会议纪要"', '"座谈"'), now=svc.clock.now(), today=TODAY)
