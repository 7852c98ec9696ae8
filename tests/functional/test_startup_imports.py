"""What a fresh interpreter imports (a subprocess each): building the command line's
parser loads no database or UI code, the report helpers the CLI imports at startup stay
light, and `--help`, `deadline` and `extract` load no SQLAlchemy, Textual, pypinyin,
document library or rich (issue #15), with the same output and errors as before."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import FIXTURES, run_cli, store_at_revision
from test_cli_holidays import HOLIDAYS_2027

from tasktui.cli import input_error_text


def test_building_the_parser_loads_no_database_or_ui_code() -> None:
    code = (
        "import sys, tasktui.cli; tasktui.cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'textual', 'openpyxl', 'docx')"
        " or m.startswith('tasktui.extract')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_and_ui_share_the_helpers() -> None:
    import tasktui.cli as cli
    import tasktui.report.make as make
    import tasktui.ui.reporting as reporting

    assert not hasattr(cli, "_date_arg") and not hasattr(make, "_date")
    assert not hasattr(reporting, "check_period") and not hasattr(reporting, "default_path")
    out = subprocess.run(
        [sys.executable, "-c", "import sys, tasktui.report.period; print('tasktui.report.weekly' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"  # light enough for tasktui.cli to import at startup


# What a command must not load unless it uses it: the database layer, the UI, the pinyin
# dictionary, the document libraries, and rich (only tables and progress bars need it).
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual", "pypinyin", "openpyxl", "docx", "rich")

# `tasktui ARGS` in a fresh interpreter, then the heavy packages it loaded, as the last line
# of standard error (after whatever the command wrote there).
RUNNER = (
    "import sys, tasktui.cli\n"
    "code = tasktui.cli.main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
    "print('LOADED=' + ','.join(heavy), file=sys.stderr)\n"
    "raise SystemExit(code)\n"
)


@dataclass
class Fresh:
    code: int
    stdout: str
    stderr: str  # without the LOADED line
    loaded: list[str]


def run_fresh(tmp_path: Path, *args: str, db: Path | None = None) -> Fresh:
    env = {**os.environ, "TASKTUI_DB": str(db or tmp_path / "none.db"), "PYTHONIOENCODING": "utf-8"}
    for name in ("TASKTUI_DEBUG", "TASKTUI_BUSY_TIMEOUT"):
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    *said, last = proc.stderr.splitlines() or [""]
    assert last.startswith("LOADED="), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    loaded = last.removeprefix("LOADED=").split(",") if last != "LOADED=" else []
    return Fresh(proc.returncode, proc.stdout, "\n".join(said), loaded)


@pytest.mark.parametrize(
    "args",
    [["--help"], ["deadline", "--help"], ["extract", "--help"], ["list", "--help"], ["ledger", "out", "--help"]],
    ids=" ".join,
)
def test_help_loads_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    run = run_fresh(tmp_path, *args)
    assert (run.code, run.loaded) == (0, [])
    assert "用法：tasktui" in run.stdout


def test_deadline_without_a_store_loads_nothing_heavy_and_makes_no_store(tmp_path: Path) -> None:
    run = run_fresh(tmp_path, "deadline", "3月底前", "--date", "2026-03-05")
    assert (run.code, run.stdout.strip(), run.stderr, run.loaded) == (0, "2026-03-31", "", [])
    assert not (tmp_path / "none.db").exists()


def test_deadline_reads_the_stores_holidays_without_sqlalchemy(tmp_path: Path) -> None:
    """A store with an imported 2027 schedule: its 春节 break moves the deadline a day
    (the package's estimate says 2027-02-04), and no SQLAlchemy is loaded to read it."""
    db = tmp_path / "office.db"
    holidays = tmp_path / "holidays-2027.toml"
    holidays.write_text(HOLIDAYS_2027, encoding="utf-8")
    assert run_cli(["--db", str(db), "holidays", "import", str(holidays)]).returncode == 0
    run = run_fresh(tmp_path, "deadline", "春节前", "--date", "2026-12-01", db=db)
    assert (run.code, run.stdout.strip(), run.stderr, run.loaded) == (0, "2027-02-05", "", [])
    estimate = run_fresh(tmp_path, "deadline", "春节前", "--date", "2026-12-01")
    assert estimate.stdout.strip() == "2027-02-04" and "估算" in estimate.stderr


@pytest.mark.parametrize("revision", ["0005", "9999"])
def test_deadline_on_a_store_at_another_revision_says_what_the_service_says(tmp_path: Path, revision: str) -> None:
    db, refusal = store_at_revision(tmp_path, revision)
    run = run_fresh(tmp_path, "deadline", "3月底前", "--date", "2026-03-05", db=db)
    assert (run.code, run.stdout.strip(), run.loaded) == (0, "2026-03-31", [])
    assert run.stderr == f"tasktui: 提示：未读取数据库中导入的放假安排（{refusal}），按内置日历推算"


def test_extract_loads_nothing_heavy(tmp_path: Path) -> None:
    speech = FIXTURES / "speeches" / "safety_production.txt"
    run = run_fresh(tmp_path, "extract", str(speech), "--date", "2026-03-05")
    assert (run.code, run.loaded) == (0, [])
    in_process = run_cli(["extract", str(speech), "--date", "2026-03-05"])
    assert run.stdout == in_process.stdout and "[督办事项]" in run.stdout


def test_task_file_and_speech_errors_are_still_bad_input(tmp_path: Path) -> None:
    """main recognises TaskFileError and SpeechInputError through sys.modules instead of
    importing them up front: both still give their lines and exit 2, anything else stays
    an internal error."""
    (tmp_path / "bad.toml").write_text("[[meetings]]\ntitle = 1\n", encoding="utf-8")
    bad = run_cli(["demo", "--file", str(tmp_path / "bad.toml")])  # import catches its own; demo leaves it to main
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == f'tasktui: {tmp_path / "bad.toml"}:2:9: 会议需要名称（title = "…"）\n'
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    binary = run_cli(["extract", str(tmp_path / "binary.txt")])
    assert binary.returncode == 2 and binary.stderr.startswith("tasktui: ") and len(binary.stderr.splitlines()) == 1
    assert input_error_text(ValueError("x")) is None
