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
    assert f"已写入 {out.resolve()}（{fmt}）" in printed
    assert "跟踪 9 项（待分派 1 项），逾期 1 项，销号率 12.50%，完成率（含待核） 25.00%" in printed


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
        (["--week", "2026-W99"], "2026 年没有第 99 周"),
        (["--week", "47"], "不是 ISO 周次"),
        (["--from", "2026-11-01"], "要一起给出"),
        (["--from", "2026-11-10", "--to", "2026-11-01"], "早于开始日期"),
        (["--week", "2026-W47", "--from", "2026-11-01", "--to", "2026-11-02"], "只能选一种"),
        (["--week", "2026-W50"], "还没开始"),
        (["--format", "docx", "-o", "-"], "二进制文件"),
        (["-o", "/nonexistent-folder/x.md"], "文件夹 /nonexistent-folder 不存在"),
        (["--as", "不存在的单位"], "未知单位「不存在的单位」"),
    ],
)
def test_bad_input_exits_2(db: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, *args) == 2
    assert message in capsys.readouterr().err


def test_help_lists_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--help"]) == 0
    text = capsys.readouterr().out
    assert "--week" in text and "--issue" in text and "--office" in text


def _config(home: Path, text: str) -> None:
    folder = home / ".config" / "tasktui"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def _md_head(path: Path) -> list[str]:
    return [line.rstrip() for line in path.read_text(encoding="utf-8").splitlines()[:4]]


def test_issue_and_office_from_the_config_file(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """[report] in the config file the UI reads: 编制单位, and 期号 counted from the week of 第1期."""
    monkeypatch.setenv("HOME", str(tmp_path))
    _config(tmp_path, '[report]\noffice = "区人民政府督查室"\nfirst_issue_week = "2026-W36"\n')
    out = tmp_path / "r.md"
    assert run(db, "--week", "2026-W47", "-o", str(out)) == 0
    assert _md_head(out) == ["# 区人民政府督查室督办工作周报", "", "第12期", "编制单位：区人民政府督查室"]
    # The command line wins over the settings; 第3期 is the same as 3.
    assert run(db, "--week", "2026-W47", "--issue", "第3期", "--office", "区委督查室", "-o", str(out)) == 0
    assert _md_head(out) == ["# 区委督查室督办工作周报", "", "第3期", "编制单位：区委督查室"]
    # A date range has no week to count from: a 期号 only when given.
    assert run(db, "--from", "2026-11-01", "--to", "2026-11-20", "-o", str(out)) == 0
    assert _md_head(out)[2] == "编制单位：区人民政府督查室"


def test_without_settings_no_issue_and_the_stores_office(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    out = tmp_path / "r.md"
    assert run(db, "--week", "2026-W47", "-o", str(out)) == 0
    assert _md_head(out)[2] == "编制单位：区政府督查室"  # office = … in the task file the store was made from


def test_a_broken_config_is_said_and_left_out(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    _config(tmp_path, '[report]\nfirst_issue_week = "2026-W99"\n')
    out = tmp_path / "r.md"
    assert run(db, "--week", "2026-W47", "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "忽略配置文件" in err and "first_issue_week 应为存在的 ISO 周次" in err
    assert _md_head(out)[2] == "编制单位：区政府督查室"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--issue", "0"], "期号应为 1 到 9999 的整数"),
        (["--issue", "十二"], "期号应为"),
        (["--issue", ""], "期号不能为空"),
        (["--office", " "], "编制单位不能为空"),
        (["--office", "督查室\u200b"], "不可见字符"),
    ],
)
def test_bad_issue_or_office_exits_2(
    db: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, *args) == 2
    assert message in capsys.readouterr().err


# ---------------------------------------------------------------------- months, quarters, the 通报


def test_month_and_quarter_reports(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    _config(tmp_path, '[report]\nfirst_issue_month = "2026-01"\n')
    out = tmp_path / "m.md"
    assert main(["report", "--db", db, "--today", "2026-12-01", "--month", "2026-11", "-o", str(out)]) == 0
    assert _md_head(out) == ["# 区政府督查室督办工作月报", "", "第11期", "编制单位：区政府督查室"]
    assert "统计周期：2026年11月（2026年11月1日—11月30日）" in out.read_text(encoding="utf-8")
    assert main(["report", "--db", db, "--today", "2026-12-01", "--quarter", "2026Q4", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 区政府督查室督办工作季报") and "统计截至：2026年12月1日（本周期尚未结束）" in text
    assert "本季度新增" in text


def test_bulletin_from_the_command_line(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    monkeypatch.setenv("HOME", str(tmp_path))
    _config(tmp_path, '[report]\nfirst_issue_month = "2026-10"\nrequirements = ["要按时报送进展。"]\n')
    monkeypatch.chdir(tmp_path)
    args = ["report", "--db", db, "--today", "2026-12-01", "--month", "2026-11", "--kind", "通报"]
    assert main(args) == 0  # docx by default, named after the kind and the month
    path = tmp_path / "督办通报-2026-11.docx"
    printed = capsys.readouterr().out
    assert f"已写入 {path.resolve()}（docx）" in printed
    assert "第2期 2026年11月（2026年11月1日—11月30日） 督办通报: 交办 8 项" in printed
    paras = [p.text for p in docx.Document(str(path)).paragraphs]
    assert paras[:2] == ["督办通报", "第2期"]
    assert "（一）要按时报送进展。" in paras
    assert main([*args, "--kind", "bulletin", "-o", "-"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# 督办通报\n\n第2期  \n") and "### 六、下步要求" in md


@pytest.mark.parametrize(
    "args, message",
    [
        (["--month", "2026-13"], "不是月份"),
        (["--quarter", "2026Q5"], "不是季度"),
        (["--month", "2026-11", "--quarter", "2026Q4"], "--month 与 --quarter 只能选一种"),
        (["--month", "2026-12"], "还没开始"),
        (["--kind", "通报", "--format", "xlsx", "-o", "x.xlsx"], "通报只有 docx、md 两种格式"),
        (["--kind", "通报", "--group-by", "leader"], "通报不用"),
    ],
)
def test_bad_period_or_kind_exits_2(db: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_unknown_kind_is_refused_in_words(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "--kind", "日报") == 2
    assert "「日报」不是报告类型：请写 周报 或 通报" in capsys.readouterr().err


def test_group_by_adds_sections(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "--week", "2026-W47", "--group-by", "urgency", "--group-by", "source", "-o", "-") == 0
    md = capsys.readouterr().out
    assert "## 十、按紧急程度统计" in md and "| 一般 | 9 |" in md
    assert "## 十一、按来源类型统计" in md and "| （未设定） | 9 |" in md
