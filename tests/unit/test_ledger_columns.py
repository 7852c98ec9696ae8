"""The ledger's column synonyms and status words (tasktui/exchange/data/ledger_columns.toml),
and the pure pieces of reading a ledger: unit cells, deadline cells, status cells."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tasktui.exchange.ledger import parse_deadline, split_units, status_for
from tasktui.exchange.ledger_columns import field_for_header, fields, normal_header, status_table
from tasktui.store.errors import InputError
from tasktui.store.lifecycle import STATUSES

# The synonyms issue #13 lists, and the report's 台账 sheet headers (report/render_xlsx.py).
ISSUE = {
    "序号": ["序号", "编号"],
    "工作任务": ["工作任务", "督办事项", "任务内容", "重点工作", "整改措施", "工作内容", "具体任务"],
    "牵头单位": ["牵头单位", "责任单位", "主办单位", "责任部门"],
    "配合单位": ["配合单位", "协办单位", "配合部门"],
    "责任领导": ["责任领导", "分管领导", "责任人"],
    "完成时限": ["完成时限", "时间节点", "完成时间", "办结时限"],
    "进展情况": ["进展情况", "推进情况", "最新进展", "工作进展"],
    "完成情况": ["完成情况", "状态", "是否销号", "整改状态", "办理状态"],
    "备注": ["备注"],
    "任务ID": ["任务ID"],
    "版本": ["版本"],
}


@pytest.mark.parametrize("name,headers", ISSUE.items())
def test_the_issues_synonyms_map_to_their_field(name: str, headers: list[str]) -> None:
    for header in headers:
        f = field_for_header(header)
        assert f is not None and f.name == name, header


def test_every_synonym_names_one_field_and_every_field_has_an_example() -> None:
    seen: dict[str, str] = {}
    for f in fields():
        assert f.example.strip(), f.name
        for header in (f.name, *f.synonyms):
            key = normal_header(header)
            assert seen.setdefault(key, f.key) == f.key, f"{header} names {seen[key]} and {f.key}"
            assert field_for_header(header) == f


@pytest.mark.parametrize(
    "header,name",
    [
        (" 工作\n任务 ", "工作任务"),
        ("*完成时限", "完成时限"),
        ("完成时限（时间节点）", "完成时限"),
        ("时间节点(完成时限)", "完成时限"),
        ("牵头单位（盖章）", "牵头单位"),
        ("任务id", "任务ID"),
    ],
)
def test_headers_as_offices_write_them(header: str, name: str) -> None:
    f = field_for_header(header)
    assert f is not None and f.name == name


@pytest.mark.parametrize("header", ["剩余天数", "会议", "工作任务完成情况说明", ""])
def test_other_headers_name_no_field(header: str) -> None:
    assert field_for_header(header) is None


def test_every_status_word_maps_to_a_status_the_lifecycle_has() -> None:
    for rule in status_table():
        for word in rule.words:
            known, status = status_for(word)
            assert known, word
            assert status is None or status in STATUSES, word
            if rule.to and rule.to in STATUSES:
                assert status == rule.to, word


@pytest.mark.parametrize(
    "cell,status",
    [
        ("已完成", "已完成待核"),
        ("已办结", "已完成待核"),
        ("已销号", "已销号"),
        ("是", "已销号"),
        ("推进中", "整改中"),
        ("正在办理", "整改中"),
        ("未启动", "已交办"),
        ("已完成（3月20日）", "已完成待核"),
        ("正在推进中", "整改中"),
        ("否", None),
        ("", None),
        ("整改中", "整改中"),
    ],
)
def test_status_cells(cell: str, status: str | None) -> None:
    assert status_for(cell) == (True, status)


def test_continuing_status_falls_back_until_the_lifecycle_has_it() -> None:
    expected = "持续整改" if "持续整改" in STATUSES else "整改中"
    assert status_for("持续整改") == (True, expected)


def test_an_unknown_status_word_is_not_guessed() -> None:
    assert status_for("看情况") == (False, None)


@pytest.mark.parametrize(
    "cell,column,lead,co",
    [
        ("区教体局", "lead", ["区教体局"], []),
        ("区教体局、区财政局", "lead", ["区教体局"], ["区财政局"]),
        ("区教体局牵头，区财政局配合", "lead", ["区教体局"], ["区财政局"]),
        ("区教体局牵头,区财政局、区卫健委配合", "lead", ["区教体局"], ["区财政局", "区卫健委"]),
        ("区教体局（牵头）", "lead", ["区教体局"], []),
        ("区教体局（配合）、区财政局（牵头）", "lead", ["区财政局"], ["区教体局"]),
        ("区财政局、各乡镇（街道）", "co", [], ["区财政局", "各乡镇（街道）"]),
        ("区财政局\n区审计局", "co", [], ["区财政局", "区审计局"]),
        ("区财政局 区审计局", "lead", ["区财政局"], ["区审计局"]),
    ],
)
def test_unit_cells(cell: str, column: str, lead: list[str], co: list[str]) -> None:
    assert split_units(cell, column) == (lead, co)


MEETING = date(2026, 3, 2)


@pytest.mark.parametrize(
    "cell,expected",
    [
        (datetime(2026, 3, 31), (date(2026, 3, 31), None, False)),
        (date(2026, 3, 31), (date(2026, 3, 31), None, False)),
        (46112, (date(2026, 3, 31), None, False)),
        (46112.0, (date(2026, 3, 31), None, False)),
        ("46112", (date(2026, 3, 31), None, False)),
        ("2026.3.31", (date(2026, 3, 31), None, False)),
        ("2026/03/31", (date(2026, 3, 31), None, False)),
        ("2026年3月31日", (date(2026, 3, 31), None, False)),
        ("3月31日", (date(2026, 3, 31), None, False)),
        ("3月底前", (date(2026, 3, 31), "3月底前", False)),
        ("X月底前", (None, "X月底前", True)),
        ("长期坚持", (None, "长期坚持", False)),
    ],
)
def test_deadline_cells(cell: object, expected: tuple[date | None, str | None, bool]) -> None:
    assert parse_deadline(cell, MEETING, date(2026, 11, 20)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell,words", [("2026年2月30日", "不存在"), (123, "不是日期"), ("999999", "不是日期")])
def test_bad_deadline_cells(cell: object, words: str) -> None:
    with pytest.raises(InputError, match=words):
        parse_deadline(cell, MEETING, date(2026, 11, 20))  # type: ignore[arg-type]
