"""`tasktui list` reads lean (store/listing.py: the printed columns as plain rows) and
prints column by column (cli/output.column_lines). It must say exactly what the full
read (`list_tasks`, the TaskRows the UI and --json use) says, row by row, scoped the
same way, and keep wide and ambiguous-width text aligned."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import timedelta

import pytest
from helpers import TODAY, UI_STORE_TOML, load_toml, run_cli
from rich.cells import cell_len

from tasktui.cli.output import table, table_lines
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import Actor, TaskRow
from tasktui.textwidth import fit, safe, width

pytestmark = pytest.mark.backends("sqlite", "postgresql")

HEADERS = ["ID", "倒计时", "状态", "牵头单位", "事项", "会议", "时限"]
CAPS = [7, 10, 10, 14, 40, 24, 10]
UNITS = ["区教体局", "区住建局", "区卫健委", "区发改局", "区市场监管局", "区城市管理综合行政执法局"]
STATUSES = ["待分派", "已交办", "整改中", "持续整改", "已完成待核", "已销号", "不立项"]
HEADINGS = [
    "抓实控辍保学",
    "推进“双减”工作落地见效",  # ambiguous quotes, shown as 「」 (two cells each)
    "落实营养餐①号方案…",
    "Wi-Fi coverage in schools",
    "完成　老旧校舍改造",  # an ideographic space
    "加快推进全区城市更新行动暨老旧小区改造提升工程建设进度并按月报送进展情况",  # past the cap
    "整治 A 级景区周边交通秩序",
]
DEADLINES: list[object] = [-30, -1, 0, 3, 10, 90, None, "3月底前", "X月底前"]


def task_file(n: int, meetings: int = 10) -> str:
    """A task file of n tasks over every status, unit, urgency and kind of deadline, with
    CJK, ASCII and ambiguous-width headings; every third 已交办 task signed for."""
    lines = ['office = "区政府督查室"']
    for u in UNITS:
        lines += ["[[departments]]", f'name = "{u}"']
    per = -(-n // meetings)
    k = 0
    for m in range(meetings):
        day = TODAY - timedelta(days=20 + 7 * m)
        lines += ["[[meetings]]", f'title = "{day.year}年第{m + 1}次全区工作推进会议"', f"date = {day.isoformat()}"]
        for j in range(min(per, n - k)):
            review = k % 11 == 5  # a review item is only ever 待分派 or 不立项
            status = "待分派" if review else STATUSES[k % len(STATUSES)]
            lines += ["[[meetings.tasks]]", f'outline = "{j + 1}"', 'marker = "一要"']
            lines.append(f'heading = "{HEADINGS[k % len(HEADINGS)]}（{k}）"')
            if review:
                lines.append('kind = "review"')
            if status != "待分派":
                lines.append(f'lead = "{UNITS[k % len(UNITS)]}"')
                if k % 4 == 0:
                    lines.append(f'co = ["{UNITS[(k + 1) % len(UNITS)]}"]')
            lines.append(f'status = "{status}"')
            if status == "已交办" and k % 3 == 0:
                lines.append("acknowledged = true")
            due = DEADLINES[k % len(DEADLINES)]
            if isinstance(due, int):
                lines.append(f"deadline = {(TODAY + timedelta(days=due)).isoformat()}")
            elif isinstance(due, str):
                lines.append(f'deadline = "{due}"')
            if k % 9 == 4:
                lines.append(f'urgency = "{"特急" if k % 2 else "急办"}"')
            k += 1
    return "\n".join(lines) + "\n"


def cells_of(r: TaskRow) -> list[str]:
    """The cells of one printed row, from the full TaskRow (what the list printed before)."""
    return [
        f"#{r.id}",
        r.countdown.label,
        r.status_label,
        r.lead or "—",
        (f"【{r.urgency}】" if r.urgent else "") + f"{r.outline} {r.heading}",
        r.meeting,
        r.deadline.isoformat() if r.deadline else (r.deadline_phrase or "—"),
    ]


def column_widths(body: Sequence[Sequence[str]]) -> list[int]:
    widths = [cell_len(h) for h in HEADERS]
    for row in body:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], min(cell_len(safe(c)), CAPS[i]))
    return widths


def expected_table(rows: Sequence[TaskRow]) -> list[str]:
    """The table worked out row by row, each cell measured with rich on its own."""
    body = [cells_of(r) for r in rows]
    widths = column_widths(body)
    lines = ["  ".join(fit(h, w) for h, w in zip(HEADERS, widths)).rstrip(), "  ".join("─" * w for w in widths)]
    lines += ["  ".join(fit(c, w) for c, w in zip(row, widths)).rstrip() for row in body]
    return lines


def expected_summary(rows: Sequence[TaskRow], ack_days: int = 2) -> str:
    overdue = sum(r.overdue for r in rows)
    unsigned = sum(r.unacknowledged_days is not None for r in rows)
    said = f"，未签收 {unsigned} 项（交办超过 {ack_days} 个工作日）" if unsigned else ""
    return f"共 {len(rows)} 项，逾期 {overdue} 项{said}（今天 {TODAY.isoformat()}）"


def assert_aligned(lines: Sequence[str], body: Sequence[Sequence[str]]) -> None:
    """Every column of every line starts at the same terminal cell, on a character (never
    half of a wide one), after two spaces, and holds its cell: whole, or cut with 「…」."""
    widths = column_widths(body)
    starts = [sum(widths[:i]) + 2 * i for i in range(len(widths))]
    for line, row in zip(lines[2:], body, strict=True):
        grid: list[str | None] = []  # one entry per terminal cell; None: the right half of a wide character
        for ch in line:
            grid.append(ch)
            grid.extend([None] * (cell_len(ch) - 1))
        grid.extend(" " * (starts[-1] + widths[-1] - len(grid)))
        for i, (start, w, cell) in enumerate(zip(starts, widths, row)):
            assert grid[start] is not None, (line, i)
            if i:
                assert grid[start - 2 : start] == [" ", " "], (line, i)
            shown = "".join(c for c in grid[start : start + w] if c is not None).rstrip()
            whole = safe(cell)
            assert shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1])), (line, i)


def listed_view(svc: Service, q: TaskQuery) -> list[tuple[object, ...]]:
    return [
        (
            r.id,
            r.countdown,
            r.status,
            r.lead,
            r.outline,
            r.heading,
            r.urgency,
            r.urgent,
            r.meeting,
            r.deadline,
            r.deadline_phrase,
            r.overdue,
            r.unacknowledged,
        )
        for r in svc.listed_tasks(q)
    ]


def full_view(svc: Service, q: TaskQuery) -> list[tuple[object, ...]]:
    return [
        (
            r.id,
            r.countdown.label,
            r.status_label,
            r.lead,
            r.outline,
            r.heading,
            r.urgency,
            r.urgent,
            r.meeting,
            r.deadline,
            r.deadline_phrase,
            r.overdue,
            r.unacknowledged_days is not None,
        )
        for r in svc.list_tasks(q)
    ]


QUERIES = [
    TaskQuery(),
    TaskQuery(include_settled=True, kinds=None),
    TaskQuery(overdue=True),
    TaskQuery(due_within=7),
    TaskQuery(unacknowledged=True),
    TaskQuery(unit="区教体局"),
    TaskQuery(search="jtj"),
    TaskQuery(search="双减"),
    TaskQuery(statuses=["已交办", "已销号"]),
    TaskQuery(urgency="特急"),
    TaskQuery(include_settled=True, sort="lead"),
    TaskQuery(include_settled=True, sort="heading", descending=True),
    TaskQuery(include_settled=True, sort="meeting"),
    TaskQuery(include_settled=True, sort="deadline", descending=True),
    TaskQuery(include_settled=True, sort="countdown", descending=True),
]


def test_the_lean_rows_are_the_full_rows(office: Service, as_unit: Callable[[str], Service]) -> None:
    """Same rows, same order, same labels as list_tasks, for the office and a department,
    whatever the filters and the sort."""
    load_toml(office, task_file(120, meetings=4))
    unit = as_unit("区教体局")
    for q in QUERIES:
        full = full_view(office, q)
        assert listed_view(office, q) == full, q
        mine = full_view(unit, q)
        assert listed_view(unit, q) == mine, q
        assert {row[0] for row in mine} <= {row[0] for row in full_view(office, q)}
    everything = office.list_tasks(TaskQuery(include_settled=True, kinds=None))
    assert {r.status_label.startswith("未签收") for r in everything} == {True, False}
    assert {r.countdown.warning for r in everything} >= {"red", "yellow", "green", "none", "settled"}


def test_a_department_lists_only_its_own_tasks(office: Service, db_url: str) -> None:
    load_toml(office, task_file(120, meetings=4))
    own = {r.id for r in office.list_tasks(TaskQuery()) if r.lead == "区住建局" or "区住建局" in r.co_owners}
    proc = run_cli(["--db", db_url, "--today", TODAY.isoformat(), "--as", "区住建局", "list"])
    assert proc.returncode == 0, proc.stderr
    listed = {int(line.split()[0][1:]) for line in proc.stdout.splitlines() if line.startswith("#")}
    assert own and listed == own
    # Asking for another unit's tasks as a department lists nothing.
    other = run_cli(["--db", db_url, "--today", TODAY.isoformat(), "--as", "区住建局", "list", "--unit", "区教体局"])
    assert other.returncode == 0 and other.stdout.startswith("没有符合条件的事项")


def test_list_prints_the_full_rows_aligned(office: Service, db_url: str) -> None:
    """The printed list of a store with wide, ASCII and ambiguous-width text is the
    table worked out row by row from the full rows, aligned; --json is the full rows."""
    load_toml(office, UI_STORE_TOML)
    cases: list[tuple[list[str], list[str]]] = [
        ([], []),
        ([], ["--all"]),
        (["--as", "教体局"], []),
        ([], ["--all", "--kind", "review", "--kind", "directive"]),
    ]
    for before, after in cases:
        argv = ["--db", db_url, "--today", TODAY.isoformat(), *before, "list", *after]
        proc = run_cli(argv)
        assert proc.returncode == 0, proc.stderr
        svc = Service(office.store, Actor.department("区教体局"), office.clock) if before else office
        kinds = ("review", "directive") if "--kind" in after else ("directive",)
        rows = svc.list_tasks(TaskQuery(include_settled="--all" in after, kinds=kinds))
        assert proc.stdout.splitlines() == [*expected_table(rows), "", expected_summary(rows)], argv
        assert_aligned(proc.stdout.splitlines()[: len(rows) + 2], [cells_of(r) for r in rows])
        as_json = run_cli([*argv, "--json"])
        assert json.loads(as_json.stdout) == [r.to_json() for r in rows], argv


@pytest.mark.backends("sqlite")
def test_a_2000_task_list_is_the_row_by_row_table(office: Service, db_url: str) -> None:
    load_toml(office, task_file(2000))
    proc = run_cli(["--db", db_url, "--today", TODAY.isoformat(), "list", "--all"])
    assert proc.returncode == 0, proc.stderr
    rows = office.list_tasks(TaskQuery(include_settled=True))
    assert len(rows) > 1500
    lines = proc.stdout.splitlines()
    assert lines == [*expected_table(rows), "", expected_summary(rows)]
    assert "未签收" in proc.stdout and "【特急】" in proc.stdout and "「双减」" in proc.stdout
    assert_aligned(lines[: len(rows) + 2], [cells_of(r) for r in rows])


@pytest.mark.backends("sqlite")
def test_width_is_the_shown_text_measured() -> None:
    samples = [
        "",
        "abc",
        "#12345",
        "控辍保学",
        "“双减”",
        "①号",
        "a\tb",
        "a\nb\r",
        "\u3000全角",
        "\x1b[31m",  # a control character: no cells
        "e\u0301",  # a combining accent
        "👩\u200d💻",  # a joined emoji
        "❤\ufe0f",  # a variation selector
        "ｱｲｳ",  # half-width katakana
    ]
    for text in samples:
        assert width(text) == cell_len(safe(text)), text
        for cells in (0, 1, 3, 6, 20):
            assert fit(text, cells, measured=width(text)) == fit(text, cells), (text, cells)
            if cells:
                assert cell_len(fit(text, cells)) == cells, (text, cells)


@pytest.mark.backends("sqlite")
def test_a_table_measures_cells_as_shown() -> None:
    """A cell is measured as it will be shown: 「“双减”」 is 「「双减」」, eight cells, so a
    column under its cap holds it whole (measured as typed it was six, and was cut)."""
    lines = table([["1", "“双减”"], ["22", "ab"]], ["号", "事项"]).splitlines()
    assert lines == ["号  事项", "──  ────────", "1   「双减」", "22  ab"]
    # Rows shorter than the headers leave their last columns empty.
    assert list(table_lines([["1"], ["2", "x"]], ["a", "b"])) == ["a  b", "─  ─", "1", "2  x"]
    assert table([], ["编号", "事项"]).splitlines() == ["编号  事项", "────  ────"]
