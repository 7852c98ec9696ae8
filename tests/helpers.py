"""Test data and helpers shared by several test modules (import as `helpers`)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from tasktui.exchange.taskfile import parse_task_file
from tasktui.store.service import Service

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TODAY = date(2026, 11, 20)

BASIC_TOML = """
office = "区政府督查室"

[[departments]]
name = "区教体局"
aliases = ["教体局", "教育体育局"]

[[departments]]
name = "区卫健局"
aliases = ["卫健局"]

[[departments]]
name = "区财政局"

[[meetings]]
title = "全区教育工作会议"
date = 2026-10-10

[[meetings.tasks]]
outline = "1"
marker = "一、"
heading = "抓好校园安全"
lead = "区教体局"
co = ["区卫健局"]
deadline = 2026-11-01
status = "整改中"
notes = ["已开展隐患排查"]

[[meetings.tasks]]
outline = "1.1"
marker = "一要"
heading = "落实控辍保学"
lead = "区教体局"
deadline = 2026-11-25

[[meetings.tasks]]
outline = "1.2"
marker = "二要"
heading = "保障营养改善经费"
lead = "区财政局"
deadline = 2026-11-20

[[meetings.tasks]]
outline = "2"
marker = "二、"
heading = "研究制定课后服务方案"

[[meetings.tasks]]
outline = "3"
marker = "三、"
heading = "完善教师培训体系"
lead = "区教体局"
deadline = 2027-01-31
status = "已完成待核"

[[meetings.tasks]]
outline = "4"
marker = "四、"
heading = "过去一年取得的成绩"
kind = "review"
"""



def load_toml(service: Service, text: str, now: datetime | None = None) -> None:
    tf = parse_task_file(
        text,
        filename="test.toml",
        departments=service.known_department_names(),
        now=now or service.clock.now(),
        today=service.clock.today(),
    )
    service.apply_task_file(tf)


