"""`tasktui ledger out|in` and `export --format xlsx` through the real command line:
in-process (tasktui.cli.main) for the output and the exit codes, one real process where
the process is the point (the exit code a script sees)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from helpers import BASIC_TOML, run_cli

SHEET = "台账"


@pytest.fixture
def db(tmp_path: Path) -> str:
    (tmp_path / "tasks.toml").write_text(BASIC_TOML, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert run_cli(["--db", url, "--today", "2026-11-20", "import", str(tmp_path / "tasks.toml")]).returncode == 0
    return url


def cli(db: str, *args: str, today: str = "2026-11-20") -> tuple[int, str, str]:
    run = run_cli(["--db", db, "--today", today, *args])
    return run.returncode, run.stdout, run.stderr


def fill(path: Path, **cells: object) -> None:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[SHEET][ref] = value
    wb.save(path)


def test_out_writes_one_file_per_unit_and_says_so(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "台账" / "2026-11-20"  # made when missing
    code, out, _ = cli(db, "ledger", "out", "-o", str(folder), "--date", "2026-11-19", "--office", "某区督查室")
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["区卫健局.xlsx", "区教体局.xlsx", "区财政局.xlsx"]
    assert "已写入 3 个单位台账（4 行）" in out
    ws = openpyxl.load_workbook(folder / "区教体局.xlsx")[SHEET]
    assert ws["A2"].value.startswith("编制单位：某区督查室") and "2026年11月19日" in ws["A2"].value


def test_out_for_named_units_and_statuses(db: str, tmp_path: Path) -> None:
    code, out, _ = cli(db, "ledger", "out", "-o", str(tmp_path / "o"), "--unit", "jtj", "--status", "已完成待核")
    assert code == 0 and [p.name for p in (tmp_path / "o").iterdir()] == ["区教体局.xlsx"]
    rows = list(openpyxl.load_workbook(tmp_path / "o" / "区教体局.xlsx")[SHEET].iter_rows(min_row=5, values_only=True))
    assert [r[12] for r in rows] == [5]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--unit", "区教休局"], "未知单位「区教休局」，是否指「区教体局」？"),
        (["--status", "差不多"], "没有状态「差不多」"),
    ],
)
def test_out_bad_input_is_one_line_exit_2(db: str, tmp_path: Path, args: list[str], words: str) -> None:
    code, out, err = cli(db, "ledger", "out", "-o", str(tmp_path / "o"), *args)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_out_into_a_file_is_refused(db: str, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    code, _, err = cli(db, "ledger", "out", "-o", str(target))
    assert code == 2 and "不是文件夹" in err


def test_out_is_the_offices(db: str, tmp_path: Path) -> None:
    code, _, err = cli(db, "--as", "区教体局", "ledger", "out", "-o", str(tmp_path / "o"))
    assert code == 1 and "只有督查室可以导出单位台账" in err


def test_in_summary_refusals_and_exit_codes(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "o"
    assert cli(db, "ledger", "out", "-o", str(folder))[0] == 0
    fill(folder / "区教体局.xlsx", I5="隐患整改完毕", J6="已完成", L6="已劝返")
    fill(folder / "区卫健局.xlsx", J5="已完成")  # a co-owner: refused
    fill(folder / "区财政局.xlsx", J5="申请延期", K5=date(2026, 12, 31), L5="资金未到位")
    files = [str(folder / n) for n in ("区教体局.xlsx", "区卫健局.xlsx", "区财政局.xlsx")]
    code, out, _ = cli(db, "ledger", "in", *files, today="2026-11-21")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["文件", "单位", "结果", "已写入", "已导入过", "跳过", "拒绝"]
    assert lines[2].split() == ["区教体局.xlsx", "区教体局", "已写入", "2", "0", "0", "0"]
    assert lines[3].split() == ["区卫健局.xlsx", "区卫健局", "无改动", "0", "0", "0", "1"]
    assert lines[4].split() == ["区财政局.xlsx", "区财政局", "已写入", "1", "0", "0", "0"]
    assert "拒绝 区卫健局.xlsx!J5：只有牵头单位（区教体局）可以标记完成" in out
    code, show, _ = cli(db, "show", "2")
    assert "已完成待核" in show and "已劝返" in show

    # Twice: nothing new, every row already applied.
    code, out, _ = cli(db, "ledger", "in", files[0], files[2], today="2026-11-22")
    assert code == 0
    assert out.splitlines()[2].split() == ["区教体局.xlsx", "区教体局", "无改动", "0", "2", "0", "0"]


def test_in_all_or_nothing_and_partial(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "o"
    assert cli(db, "ledger", "out", "-o", str(folder))[0] == 0
    book = folder / "区教体局.xlsx"
    fill(book, I5="先报的进展", J6="已完成")
    assert cli(db, "deadline-set", "2", "--to", "2026-12-31")[0] == 0  # #2 changed since
    code, out, _ = cli(db, "ledger", "in", str(book))
    assert code == 1
    assert out.splitlines()[2].split() == [
        "区教体局.xlsx",
        "区教体局",
        "未写入（有拒绝的行）",
        "1（未写入）",
        "0",
        "0",
        "1",
    ]
    assert "拒绝 区教体局.xlsx!J6：#2 在台账写出后已被修改" in out
    assert "加 --partial 只写入可以接受的行" in out
    assert "先报的进展" not in cli(db, "show", "1")[1]
    code, out, _ = cli(db, "ledger", "in", "--partial", str(book))
    assert code == 1
    assert out.splitlines()[2].split() == ["区教体局.xlsx", "区教体局", "已写入", "1", "0", "0", "1"]
    assert "先报的进展" in cli(db, "show", "1")[1]


def test_in_unreadable_file_is_exit_2_and_the_others_still_go_in(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "o"
    assert cli(db, "ledger", "out", "-o", str(folder))[0] == 0
    fill(folder / "区财政局.xlsx", I5="资金已下达")
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    code, out, err = cli(db, "ledger", "in", str(junk), str(folder / "区财政局.xlsx"))
    assert code == 2
    assert "junk.xlsx：不是有效的 .xlsx 工作簿" in err
    assert "区财政局.xlsx  区财政局  已写入" in out


def test_export_xlsx(db: str, tmp_path: Path) -> None:
    code, _, err = cli(db, "export", "--format", "xlsx")
    assert code == 2 and "请用 -o 给出文件名" in err
    code, _, err = cli(db, "export", "--format", "xlsx", "-o", str(tmp_path / "all.xlsx"))
    assert code == 0 and "（5 项）" in err
    ws = openpyxl.load_workbook(tmp_path / "all.xlsx")[SHEET]
    assert [r[6] for r in ws.iter_rows(min_row=4, values_only=True)] == [
        "整改中",
        "已交办",
        "已交办",
        "待分派",
        "已完成待核",
    ]


def test_ledger_in_exit_code_in_a_real_process(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "o"
    assert cli(db, "ledger", "out", "-o", str(folder))[0] == 0
    fill(folder / "区卫健局.xlsx", J5="已完成")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("TASKTUI_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "tasktui", "--db", db, "ledger", "in", str(folder / "区卫健局.xlsx")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "拒绝 区卫健局.xlsx!J5" in proc.stdout
