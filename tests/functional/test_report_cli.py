"""`tasktui report` through the real command line (tasktui.cli.main)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from tasktui.cli import main
from tasktui.report.sample import ScriptedStore, build_sample_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    s: ScriptedStore = build_sample_store(tmp_path_factory.mktemp("cli") / "sample.db")
    s.store.dispose()
    return s.url


def run(db: str, *args: str) -> int:
    return main(["report", "--db", db, "--today", "2026-11-23", *args])


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "xlsx", "docx"])
def test_writes_each_format_and_says_where(
    db: str, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"weekly.{fmt}"
    assert run(db, "--week", "2026-W47", "--format", fmt, "-o", str(out)) == 0
    assert out.stat().st_size > 0
    printed = capsys.readouterr().out
    assert str(out.resolve()) in printed and "7 tracked" in printed and "28.57%" in printed


def test_format_from_suffix_and_default_week(db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert run(db, "-o", str(out)) == 0  # today 2026-11-23 → week 48, up to today
    wb = openpyxl.load_workbook(out)
    lines = [r[0] for r in wb["汇总"].iter_rows(values_only=True)]
    assert "统计周期：2026年第48周（2026年11月23日—11月29日）" in lines


def test_default_file_name(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(db, "--week", "2026-W46", "--format", "csv") == 0
    assert (tmp_path / "督办周报-2026-W46.csv").exists()
    assert (
        main(
            ["report", "--db", db, "--today", "2026-11-23", "--as", "区卫健委", "--week", "2026-W46", "--format", "md"]
        )
        == 0
    )
    assert (tmp_path / "督办周报-2026-W46-区卫健委.md").exists()


def test_stdout_and_department_mode(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "report",
                "--db",
                db,
                "--today",
                "2026-11-23",
                "--as",
                "区卫健委",
                "--from",
                "2026-11-09",
                "--to",
                "2026-11-22",
                "--format",
                "csv",
                "-o",
                "-",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["工作任务"] for r in rows} == {
        "加强校园及周边安全管理",
        "推进义务教育学校课后服务全覆盖",
        "做好中小学生冬季传染病防控",
    }


@pytest.mark.parametrize(
    "args, message",
    [
        (["--week", "2026-W99"], "no week 99"),
        (["--week", "47"], "not an ISO week"),
        (["--from", "2026-11-01"], "go together"),
        (["--from", "2026-11-10", "--to", "2026-11-01"], "before it starts"),
        (["--week", "2026-W47", "--from", "2026-11-01", "--to", "2026-11-02"], "not both"),
        (["--week", "2026-W50"], "after today"),
        (["--format", "docx", "-o", "-"], "binary"),
        (["-o", "/nonexistent-folder/x.md"], "does not exist"),
        (["--as", "不存在的单位"], "unknown department"),
    ],
)
def test_bad_input_exits_2(db: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, *args) == 2
    assert message in capsys.readouterr().err


def test_help_lists_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--help"]) == 0
    assert "--week" in capsys.readouterr().out
