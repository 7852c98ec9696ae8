"""`cadence`, `assign --report-every`, `list --late-reports`, `late-reports` and `remind`
through the real command line; the 催办通知单 read back with python-docx."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from helpers import BASIC_TOML, run_cli


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HOME", str(tmp_path))  # no user config file
    (tmp_path / "basic.toml").write_text(BASIC_TOML, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert run_cli(["import", "--db", url, "--today", "2026-11-20", str(tmp_path / "basic.toml")]).returncode == 0
    return url


def cli(db: str, *args: str, today: str = "2026-11-20") -> tuple[int, str, str]:
    r = run_cli([*args, "--db", db, "--today", today])
    return r.returncode, r.stdout, r.stderr


def test_cadence_set_clear_and_refusals(db: str) -> None:
    assert cli(db, "cadence", "1", "每周五前")[:2] == (0, "#1 汇报频次 每周五前（第 2 版）\n")
    code, _, err = cli(db, "cadence", "1", "每两个月")
    assert code == 2 and "看不懂汇报频次「每两个月」" in err and "每月5日前" in err
    code, _, err = cli(db, "cadence", "1", "每月", "--as", "区教体局")
    assert code == 1 and "只有督查室可以设定汇报频次" in err
    code, out, _ = cli(db, "show", "1")
    assert "汇报频次: 每周五前" in out and "设定汇报频次" in out
    assert cli(db, "cadence", "1", "")[1] == "#1 已清除汇报频次（第 3 版）\n"


def test_assign_with_report_every_is_one_step(db: str) -> None:
    code, out, _ = cli(db, "assign", "4", "--lead", "区财政局", "--report-every", "每月5日前")
    assert code == 0 and "已交办" in out
    detail = json.loads(cli(db, "show", "4", "--json")[1])
    assert detail["row"]["report_every"] == "每月5日前" if "row" in detail else detail["report_every"] == "每月5日前"
    # A bad phrase refuses the whole command: the task stays in triage.
    code, _, err = cli(db, "assign", "6", "--lead", "区财政局", "--report-every", "偶尔")
    assert code == 2 and "看不懂汇报频次" in err
    assert json.loads(cli(db, "list", "--json", "--all", "--kind", "review")[1])[0]["status"] == "待分派"


def test_report_every_on_a_task_already_given_out_keeps_its_owners(db: str) -> None:
    """basic.toml #1: 整改中, lead 区教体局, co-owner 区卫健局. Giving it its cadence with
    `assign --lead SAME --report-every` neither drops the co-owner nor records a 改派."""
    before = json.loads(cli(db, "show", "1", "--json")[1])
    code, out, err = cli(db, "assign", "1", "--lead", "教体局", "--report-every", "每月")
    assert code == 0, err
    after = json.loads(cli(db, "show", "1", "--json")[1])
    assert after["co_owners"] == ["区卫健局"] and after["lead"] == "区教体局" and after["report_every"] == "每月"
    actions = [e["action"] for e in after["history"]][len(before["history"]) :]
    assert actions == ["cadence_changed"]
    # A real 改派 without --co keeps the co-owners too; `--co` with no unit clears them.
    assert cli(db, "assign", "1", "--lead", "区财政局")[0] == 0
    moved = json.loads(cli(db, "show", "1", "--json")[1])
    assert (moved["lead"], moved["co_owners"]) == ("区财政局", ["区卫健局"])
    assert cli(db, "assign", "1", "--lead", "区财政局", "--co")[0] == 0
    assert json.loads(cli(db, "show", "1", "--json")[1])["co_owners"] == []


def test_late_reports_listing_and_filter(db: str) -> None:
    cli(db, "cadence", "1", "每月5日前", today="2026-10-13")
    assert "没有未按期报送的事项" in cli(db, "late-reports")[1]
    code, out, _ = cli(db, "late-reports", today="2026-12-06")
    assert code == 0
    assert "区卫健局" in out and "从未报送" in out and "2026-11-06～2026-12-05" in out
    assert "共 2 条：1 个事项、2 个单位未按期报送" in out
    rows = json.loads(cli(db, "late-reports", "--json", today="2026-12-06")[1])
    assert [(r["task_id"], r["unit"], r["role"]) for r in rows] == [(1, "区教体局", "lead"), (1, "区卫健局", "co")]
    listed = json.loads(cli(db, "list", "--late-reports", "--json", today="2026-12-06")[1])
    assert [(r["id"], r["late_report_units"]) for r in listed] == [(1, ["区教体局", "区卫健局"])]


def _docx(path: Path) -> tuple[list[str], list[list[str]]]:
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs], [[c.text for c in row.cells] for row in doc.tables[0].rows]


def test_remind_writes_one_notice_per_unit_and_records_it(db: str, tmp_path: Path) -> None:
    out_dir = tmp_path / "notices"
    out_dir.mkdir()
    cli(db, "cadence", "1", "每周五前", today="2026-10-13")
    code, out, err = cli(db, "remind", "-o", str(out_dir))
    assert code == 0, err
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == [
        "催办通知单-督办〔2026〕1号-区财政局.docx",  # units by pinyin: cai, jiao, wei
        "催办通知单-督办〔2026〕2号-区教体局.docx",
        "催办通知单-督办〔2026〕3号-区卫健局.docx",
    ]
    assert "已写入 3 份催办通知单，4 项各记录一次催办" in out
    paras, rows = _docx(out_dir / files[1])
    assert paras[:2] == ["催办通知单", "督办〔2026〕2号"]
    assert "区教体局：" in paras
    assert any("有2项未按要求办理（逾期1项、未签收1项、未按期报送进展1项）" in p for p in paras)
    assert any(p.startswith("要求：") for p in paras) and paras[-2:] == ["区政府督查室", "2026年11月20日"]
    assert rows[0] == ["序号", "编号", "督办事项", "时限", "责任", "催办事由", "此前催办"]
    assert rows[1][:5] == ["1", "#1", "1 抓好校园安全", "11月1日", "牵头"]
    assert rows[1][5].startswith("逾期19天；未按期报送（每周五前")
    assert rows[2][1] == "#2" and rows[2][5] == "交办29个工作日未签收"
    _, fin = _docx(out_dir / files[0])
    assert [r[1] for r in fin[1:]] == ["#3"]
    show = cli(db, "show", "1")[1]
    assert "已催办: 2 次" in show and "催办  → 督办〔2026〕2号" in show
    # Again the same day: refused (a second run by mistake would double every count)…
    code, _, err = cli(db, "remind", "--unit", "区财政局", "-o", str(out_dir))
    assert code == 1 and "今天已催办过其中 1 项（#3），未再次催办" in err and "--again" in err
    # …unless asked for: new numbers, the earlier reminders counted on the notice.
    assert cli(db, "remind", "--unit", "区财政局", "-o", str(out_dir), "--again")[0] == 0
    _, again = _docx(out_dir / "催办通知单-督办〔2026〕4号-区财政局.docx")
    assert again[1][6] == "1次"


def test_remind_dry_run_settings_and_bad_input(db: str, tmp_path: Path) -> None:
    code, out, _ = cli(db, "remind", "--dry-run")
    assert code == 0 and "预览：2 个单位" in out and "未写文件，未记录催办" in out
    assert "已催办" not in cli(db, "show", "2")[1]
    code, _, err = cli(db, "remind")
    assert code == 2 and "-o" in err
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    code, _, err = cli(db, "remind", "-o", str(tmp_path / "a-file"))
    assert code == 2 and "不是文件夹" in err
    code, _, err = cli(db, "remind", "--dry-run", "-o", str(tmp_path / "missing"))
    assert code == 0 and not (tmp_path / "missing").exists()  # a preview makes no folder
    code, _, err = cli(db, "remind", "--dry-run", "--as", "区教体局")
    assert code == 1 and "只有督查室可以催办" in err
    # [cycle]: a longer allowance to sign, another 文号 prefix, the office's own 要求.
    cfg = tmp_path / ".config" / "tasktui"
    cfg.mkdir(parents=True)
    (cfg / "config.toml").write_text(
        '[cycle]\nack_days = 40\nremind_prefix = "区督"\nremind_requirements = "请于三日内书面反馈。"\n',
        encoding="utf-8",
    )
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    code, out, _ = cli(db, "remind", "-o", str(out_dir))
    assert code == 0 and [p.name for p in out_dir.iterdir()] == ["催办通知单-区督〔2026〕1号-区教体局.docx"]
    paras, rows = _docx(next(out_dir.iterdir()))
    assert "要求：请于三日内书面反馈。" in paras and [r[1] for r in rows[1:]] == ["#1"]


def test_a_notice_that_cannot_be_written_records_nothing(db: str, tmp_path: Path) -> None:
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    # The second notice's name is taken by a folder: the first, written already, is removed.
    (out_dir / "催办通知单-督办〔2026〕2号-区教体局.docx").mkdir()
    code, _, err = cli(db, "remind", "-o", str(out_dir))
    assert code == 2 and "未记录催办" in err
    assert "已催办" not in cli(db, "show", "1")[1] and "已催办" not in cli(db, "show", "3")[1]
    assert [p.name for p in out_dir.iterdir()] == ["催办通知单-督办〔2026〕2号-区教体局.docx"]
