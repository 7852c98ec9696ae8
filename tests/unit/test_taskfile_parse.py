"""Task files read without a store: errors point at file, line and column; strings with
control characters are refused; a demo file's dates move with its anchor. (Importing,
re-importing and exporting through a store: tests/functional/test_taskfile.py.)"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from helpers import BASIC_TOML, TODAY

from tasktui.exchange.taskfile import parse_task_file
from tasktui.exchange.toml_reading import TaskFileError, demo_shift, load_toml, toml_error_words

NOW = datetime(2026, 11, 20, 10, 0)


def problems(text: str, known: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(TaskFileError) as err:
        parse_task_file(text, filename="t.toml", departments=known or {}, now=NOW, today=TODAY)
    return [str(p) for p in err.value.problems]


def test_malformed_toml_names_line_and_column() -> None:
    text = '[[departments]]\nname = "区教体局"\n\n[[meetings]]\ntitle = "会"\ndate = 2026-13-40\n'
    (msg,) = problems(text)
    assert msg.startswith("t.toml:6:") and "TOML 语法错误" in msg


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
    assert any(m.startswith("t.toml:14:11:") and "出现了两次" in m for m in msgs)
    assert any(m.startswith("t.toml:16:10:") and "status 应是 待分派、已交办" in m for m in msgs)
    assert any(m.startswith("t.toml:19:11:") and "上级事项「3」" in m for m in msgs)
    assert any(m.startswith("t.toml:21:12:") and "「2月30日前」不是存在的日期" in m for m in msgs)
    assert any(m.startswith("t.toml:22:8:") and "kind 应是 directive、review" in m for m in msgs)


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
    assert any(m.startswith("t.toml:1:") and "office 应是督查室的名称" in m for m in msgs)
    assert any(m.startswith("t.toml:2:") and "不认识的键 colour" in m for m in msgs)
    assert any(m.startswith("t.toml:6:") and "date 应是日期" in m for m in msgs)
    assert any(m.startswith("t.toml:11:") and "priority 应是整数" in m for m in msgs)
    assert any(m.startswith("t.toml:12:") and "co 应是单位名称的列表" in m for m in msgs)


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
    assert msg.startswith("t.toml:5:9:") and "含有控制字符 U+0000" in msg


def test_an_unknown_lead_gets_the_unit_it_looks_like() -> None:
    text = '[[departments]]\nname = "区教体局"\n\n[[meetings]]\ntitle = "会"\n\n[[meetings.tasks]]\noutline = "1"\n'
    text += 'heading = "甲"\nlead = "区教休局"\n'
    assert problems(text) == ["t.toml:10:8: unknown department '区教休局'; did you mean 区教体局?"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a b = 1", "键后面缺少「=」"),
        ("[x\n", "表头缺少结尾的「]」"),
        ('a = "x', "字符串缺少结尾的引号"),
        ("x = hello", "值的写法不对"),
        ("[t]\n[t]\n", "「t」 重复声明"),
        ("a = {b=1, b=2}", "内联表中的键 'b' 重复"),
        ("a = {b=1}\na.c=2", "「a」 是内联表或数组"),
    ],
)
def test_toml_syntax_errors_are_worded_in_chinese(text: str, words: str) -> None:
    with pytest.raises(TaskFileError) as err:
        load_toml(text, "t.toml")
    msg = str(err.value)
    assert "TOML 语法错误：" in msg and words in msg
    assert not any(w in msg for w in ("Expected", "Invalid", "Cannot", "Unterminated"))


def test_an_unknown_toml_reason_is_kept_and_marked() -> None:
    assert toml_error_words("Something new") == "无法解析（Something new）"
