"""The command line as a user runs it: a real database file, exit codes, stdout/stderr.

Most calls go through tasktui.cli.main in this process (helpers.run_cli: same argv,
same environment variable for the store, same folder); the ones where the process is
the point (`python -m tasktui` at all, bytes piped to stdin) start a real one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BASIC_TOML, FIXTURES, REPO, CliRun, run_cli

from tasktui.cli import main

COMMANDS = [
    "ui",
    "demo",
    "import",
    "extract",
    "deadline",
    "list",
    "show",
    "assign",
    "progress",
    "done",
    "verify",
    "reopen",
    "reject",
    "note",
    "extend",
    "extensions",
    "deadline-set",
    "kind",
    "export",
    "dept",
    "meetings",
]


def run(tmp_path: Path, *args: str) -> CliRun:
    """`tasktui --today 2026-11-20 ARGS` in tmp_path with TASKTUI_DB=tmp_path/cli.db."""
    proc = run_cli(
        ["--today", "2026-11-20", *args],
        env={"TASKTUI_DB": str(tmp_path / "cli.db"), "TASKTUI_DEBUG": None},
        cwd=tmp_path,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def run_process(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The same as a real `python -m tasktui` process."""
    env = {**os.environ, "TASKTUI_DB": str(tmp_path / "cli.db"), "PYTHONIOENCODING": "utf-8"}
    env.pop("TASKTUI_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "tasktui", "--today", "2026-11-20", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        input=stdin,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    (tmp_path / "tasks.toml").write_text(BASIC_TOML, encoding="utf-8")
    proc = run(tmp_path, "import", "tasks.toml")
    assert proc.returncode == 0, proc.stderr
    assert "已导入" in proc.stdout
    return tmp_path


def test_help_on_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = run_process(tmp_path, "--help")  # once as a real process: `python -m tasktui` works
    assert top.returncode == 0
    for name in COMMANDS:
        assert name in top.stdout
        # The rest in-process: forty interpreter start-ups add nothing to what is tested.
        assert main([name, "--help"]) == 0, name
        assert "用法：tasktui" in capsys.readouterr().out, name


def test_list_table_is_countdown_sorted(loaded: Path) -> None:
    proc = run(loaded, "list")
    assert proc.returncode == 0
    lines = [line for line in proc.stdout.splitlines() if line.startswith("#")]
    assert [line.split()[0] for line in lines] == ["#1", "#3", "#2", "#4", "#5"]
    assert "逾期19天" in lines[0] and "今天到期" in lines[1]
    assert "逾期 1 项" in proc.stdout


def test_list_json_contract(loaded: Path) -> None:
    data = json.loads(run(loaded, "list", "--json").stdout)
    assert [d["id"] for d in data] == [1, 3, 2, 4, 5]
    first = data[0]
    for key in (
        "id",
        "outline",
        "heading",
        "kind",
        "status",
        "lead",
        "co_owners",
        "deadline",
        "days_left",
        "overdue",
        "meeting",
    ):
        assert key in first
    assert first["status"] == "整改中" and first["deadline"] == "2026-11-01"
    assert first["days_left"] == -19 and first["overdue"] is True
    assert first["co_owners"] == ["区卫健局"]
    assert data[-2]["deadline"] is None and data[-2]["days_left"] is None
    assert data[-1]["status"] == "已完成待核" and data[-1]["overdue"] is False
    only = json.loads(run(loaded, "list", "--json", "--as", "卫健局").stdout)
    assert [d["id"] for d in only] == [1]
    soon = json.loads(run(loaded, "list", "--json", "--due-within", "7").stdout)
    assert [d["id"] for d in soon] == [3, 2]
    assert [d["id"] for d in json.loads(run(loaded, "list", "--json", "--overdue").stdout)] == [1]
    assert [d["id"] for d in json.loads(run(loaded, "list", "--json", "--status", "待分派").stdout)] == [4]


def test_show_json_has_history(loaded: Path) -> None:
    data = json.loads(run(loaded, "show", "1", "--json").stdout)
    assert data["id"] == 1 and data["lead"] == "区教体局"
    assert [h["action"] for h in data["history"]] == ["created", "assigned", "progress"]
    assert set(data["history"][0]) == {"at", "actor", "action", "from", "to", "note"}
    text = run(loaded, "show", "1").stdout
    assert "历史:" in text and "报告进展" in text


def test_actions_and_exit_codes(loaded: Path) -> None:
    assert run(loaded, "assign", "4", "--lead", "教体局", "--co", "区财政局", "--deadline", "12月底前").returncode == 0
    shown = json.loads(run(loaded, "show", "4", "--json").stdout)
    assert shown["deadline"] == "2026-12-31" and shown["co_owners"] == ["区财政局"]
    assert run(loaded, "progress", "4", "--note", "已启动", "--as", "区财政局").returncode == 0
    refused = run(loaded, "done", "2", "--as", "区卫健局")
    assert refused.returncode == 1 and "#2 不是区卫健局牵头或配合的事项" in refused.stderr
    assert run(loaded, "verify", "2").returncode == 1  # nobody marked it done
    assert run(loaded, "done", "2", "--as", "区教体局", "--note", "完成").returncode == 0
    assert run(loaded, "verify", "2", "--as", "区教体局").returncode == 1
    assert run(loaded, "verify", "2").returncode == 0
    assert run(loaded, "reopen", "2", "--note", "复查").returncode == 0
    assert run(loaded, "extend", "2", "--to", "2026-12-31", "--as", "教体局").returncode == 0
    assert run(loaded, "extend", "2", "--to", "2026-12-31").returncode == 0
    assert run(loaded, "reject", "3").returncode == 0
    # A note only adds to the history: someone else's change meanwhile does not refuse it…
    assert run(loaded, "note", "2", "--note", "x", "--expect-version", "1").returncode == 0
    # …a deadline written over a version the user did not see is refused.
    stale = run(loaded, "deadline-set", "2", "--to", "2027-01-15", "--expect-version", "1")
    assert stale.returncode == 1 and "已被他人修改" in stale.stderr
    assert json.loads(run(loaded, "show", "2", "--json").stdout)["deadline"] == "2026-12-31"


def test_bad_input_exit_2(loaded: Path) -> None:
    for args, needle in [
        (("assign", "4", "--lead", "区水务局"), "未知单位「区水务局」"),
        (("list", "--as", "区水务局"), "未知单位「区水务局」"),
        (("show", "99"), "没有编号为 #99 的事项"),
        (("list", "--status", "half"), "没有状态「half」"),
        (("assign", "4", "--lead", "区教体局", "--deadline", "2月30日"), "「2月30日」不是存在的日期"),
        (("import", "missing.toml"), "没有这个文件"),
        (("--today", "2026-02-30", "list"), "不是日期"),
        (("frobnicate",), "不是可选的值"),
    ]:
        proc = run(loaded, *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert needle in proc.stderr, (args, proc.stderr)


def test_bad_toml_import_names_line_and_writes_nothing(loaded: Path) -> None:
    (loaded / "bad.toml").write_text(
        '[[meetings]]\ntitle = "会"\n\n[[meetings.tasks]]\noutline = "1"\nheading = \n', encoding="utf-8"
    )
    proc = run(loaded, "import", "bad.toml")
    assert proc.returncode == 2 and "bad.toml:6:" in proc.stderr and "什么也没有写入" in proc.stderr
    assert len(json.loads(run(loaded, "list", "--json", "--all").stdout)) == 5


def test_reimport_says_so(loaded: Path) -> None:
    proc = run(loaded, "import", "tasks.toml")
    assert proc.returncode == 0 and "已导入过" in proc.stdout


def test_export_round_trip_via_cli(loaded: Path, tmp_path: Path) -> None:
    run(loaded, "done", "2", "--as", "区教体局", "--note", "已完成")
    assert run(loaded, "export", "--format", "toml", "-o", "out.toml").returncode == 0
    env = {"TASKTUI_DB": str(tmp_path / "copy.db")}
    proc = run_cli(["--today", "2026-11-20", "import", "out.toml"], env=env, cwd=loaded)
    assert proc.returncode == 0, proc.stderr
    a = json.loads(run(loaded, "list", "--json", "--all").stdout)
    b = json.loads(run_cli(["--today", "2026-11-20", "list", "--json", "--all"], env=env).stdout)
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("version", "meeting_id")} for r in rows]  # noqa: E731
    assert strip(a) == strip(b)


def test_departments(tmp_path: Path) -> None:
    assert run(tmp_path, "dept", "add", "区应急管理局", "--alias", "应急局").returncode == 0
    out = run(tmp_path, "dept").stdout
    assert "区应急管理局" in out and "应急局" in out
    assert "还没有会议" in run(tmp_path, "meetings").stdout


def test_sample_file_imports_cleanly(tmp_path: Path) -> None:
    sample = REPO / "sample_tasks.toml"
    if not sample.exists():
        pytest.skip("sample_tasks.toml not written yet")
    proc = run(tmp_path, "import", str(sample))
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(run(tmp_path, "list", "--json", "--all", "--kind", "directive").stdout)
    assert len(rows) >= 30
    assert {r["status"] for r in rows} >= {"待分派", "已交办", "整改中", "已完成待核", "已销号", "不立项"}


def test_deadline_command(tmp_path: Path) -> None:
    assert run(tmp_path, "deadline", "3月底前", "--date", "2026-02-10").stdout.strip() == "2026-03-31"
    assert run(tmp_path, "deadline", "X月底前", "--date", "2026-02-10").stdout.strip() == "UNRESOLVED"
    assert run(tmp_path, "deadline", "长期坚持", "--date", "2026-02-10").stdout.strip() == "NONE"


SPEECHES = FIXTURES / "speeches"


def test_import_speeches_many_files_one_bad(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "gbk.txt").write_bytes((SPEECHES / "flood_control.txt").read_text(encoding="utf-8").encode("gbk"))
    proc = run(
        tmp_path, "import", str(SPEECHES / "safety_production.txt"), "empty.txt", "gbk.txt", "--date", "2026-06-01"
    )
    assert proc.returncode == 2  # one file failed …
    assert "empty.txt：未导入：empty.txt 是空的" in proc.stderr and "3 个文件中有 1 个未导入" in proc.stderr
    assert proc.stdout.count("已导入") == 2  # … and the other two landed, in a summary table
    rows = json.loads(run(tmp_path, "list", "--json", "--status", "待分派").stdout)
    assert rows and {r["status"] for r in rows} == {"待分派"}
    again = run(tmp_path, "import", "gbk.txt", "--date", "2026-06-01")
    assert again.returncode == 0 and "已导入过" in again.stdout


def test_import_speech_from_stdin_and_extract_json(tmp_path: Path) -> None:
    text = (SPEECHES / "petitions.txt").read_text(encoding="utf-8")
    proc = run_process(tmp_path, "import", "-", "--date", "2026-03-02", stdin=text)  # a real pipe
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "p.txt").write_text(text, encoding="utf-8")
    data = json.loads(run(tmp_path, "extract", "p.txt", "--date", "2026-03-02", "--json").stdout)
    assert set(data) >= {"title", "meeting_date", "items", "warnings"}
    assert data["meeting_date"] == "2026-03-02" and data["items"]
    item = data["items"][0]
    assert set(item) >= {
        "id",
        "level",
        "marker",
        "kind",
        "text",
        "body",
        "owners",
        "units",
        "deadline_phrase",
        "deadline",
        "span",
    }
    start, end = item["span"]
    assert item["marker"] in text[start:end]


def test_extract_explain_names_the_genre_and_the_rules(tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text(
        "县政府常务会议纪要\n现将会议议定事项纪要如下：\n一、关于春季造林工作\n"
        "会议原则同意县林业局的安排，请县林业局抓紧组织实施。\n",
        encoding="utf-8",
    )
    res = run(tmp_path, "extract", "m.txt", "--explain")
    assert res.returncode == 0, res.stderr
    assert "会议纪要" in res.stdout and "体裁依据: minutes_title" in res.stdout
    assert "类别规则: minutes_decides→directive" in res.stdout
    data = json.loads(run(tmp_path, "extract", "m.txt", "--json").stdout)
    assert data["genre"] == "minutes"
    assert "minutes_decides→directive" in data["items"][0]["rules"]["kind"]


def test_binary_speech_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    proc = run(tmp_path, "import", "x.docx")
    assert proc.returncode == 2 and "x.docx：未导入" in proc.stderr


def test_review_fixes_on_the_command_line(loaded: Path) -> None:
    # Store administration is the office's: a department cannot copy or replace the store.
    for args in (("backup", "b.db"), ("restore", "b.db", "--force"), ("db", "status")):
        proc = run(loaded, "--as", "区教体局", *args)
        assert proc.returncode == 1 and "只有督查室可以" in proc.stderr, (args, proc.stderr)
    assert not (loaded / "b.db").exists()
    # --warn-days 0 means "yellow only on the day", not the default 7.
    rows = json.loads(run(loaded, "list", "--json", "--warn-days", "0").stdout)
    assert {r["id"]: r["warning"] for r in rows}[2] == "green"
    assert run(loaded, "list", "--warn-days", "-1").returncode == 2
    # assign carries --expect-version like every other update.
    stale = run(loaded, "assign", "4", "--lead", "区教体局", "--expect-version", "7")
    assert stale.returncode == 1 and "已被他人修改" in stale.stderr
    # A folder that does not exist is bad input, not an internal error.
    proc = run(loaded, "export", "-o", "missing/dir/x.toml")
    assert proc.returncode == 2 and "无法写入" in proc.stderr and "文件或文件夹不存在" in proc.stderr


def test_database_passwords_are_not_printed(tmp_path: Path) -> None:
    proc = run(tmp_path, "--db", "postgresql+psycopg://bob:s3cret@127.0.0.1:1/nodb", "list")
    assert proc.returncode == 2 and "s3cret" not in proc.stderr and "***" in proc.stderr


def test_a_refused_store_leaves_no_connection_open(tmp_path: Path) -> None:
    """An old schema is refused with what to do; run_cli also checks no file is left open
    (the store's engine is closed although the caller never got the store)."""
    import sqlite3

    assert run(tmp_path, "list").returncode == 0
    con = sqlite3.connect(tmp_path / "cli.db")
    con.execute("UPDATE alembic_version SET version_num = '0002'")
    con.commit()
    con.close()
    proc = run(tmp_path, "list")
    assert proc.returncode == 2 and "db upgrade" in proc.stderr


def test_deadline_needs_no_store_and_creates_none(tmp_path: Path) -> None:
    res = run_cli(
        ["deadline", "春节前", "--date", "2026-12-01"],
        env={"TASKTUI_DB": str(tmp_path / "absent.db"), "TASKTUI_DEBUG": None},
        cwd=tmp_path,
    )
    assert res.returncode == 0 and res.stdout.strip() == "2027-02-04"
    assert "估算" in res.stderr  # no official 2027 schedule: an estimate, said so
    assert not (tmp_path / "absent.db").exists()
