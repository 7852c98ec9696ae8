"""The supervision cycle on the command line: `ack`, `send-back`, `sustain`, `leader`,
`urgency`, `list --unacknowledged` (and the [cycle] setting it reads), the new list filters
and what `show` says about 签收."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import BASIC_TOML, CliRun, run_cli


def run(folder: Path, *args: str, today: str = "2026-11-20") -> CliRun:
    """`tasktui --today D ARGS` on folder/cli.db, with folder as HOME (its own config file)."""
    proc = run_cli(
        ["--today", today, *args],
        env={"TASKTUI_DB": str(folder / "cli.db"), "TASKTUI_DEBUG": None, "HOME": str(folder)},
        cwd=folder,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    (tmp_path / "tasks.toml").write_text(BASIC_TOML, encoding="utf-8")
    assert run(tmp_path, "import", "tasks.toml").returncode == 0
    # 研究制定课后服务方案 (#4) is given to 区财政局 on Friday 2026-11-20.
    assert run(tmp_path, "assign", "4", "--lead", "区财政局", "--co", "区卫健局").returncode == 0
    return tmp_path


def ids(proc: CliRun) -> set[int]:
    return {r["id"] for r in json.loads(proc.stdout)}


def test_list_unacknowledged_and_signing(loaded: Path) -> None:
    # Fridays's task is not late on Tuesday; the task file's (given in October) are.
    tuesday = run(loaded, "list", "--unacknowledged", "--json", today="2026-11-24")
    assert ids(tuesday) == {2, 3}
    wednesday = run(loaded, "list", "--unacknowledged", today="2026-11-25")
    assert wednesday.returncode == 0
    assert "未签收3天" in wednesday.stdout and "未签收 3 项（交办超过 2 个工作日）" in wednesday.stdout
    shown = run(loaded, "show", "4", today="2026-11-25").stdout
    assert "签收: 未签收：交办已 3 个工作日（2026-11-20 交办）" in shown
    signed = run(loaded, "--as", "区财政局", "ack", "4", "--note", "已安排专人", today="2026-11-25")
    assert signed.returncode == 0 and "#4 已签收" in signed.stdout, signed.stderr
    assert 4 not in ids(run(loaded, "list", "--unacknowledged", "--json", today="2026-11-25"))
    shown = run(loaded, "show", "4", today="2026-11-25").stdout
    assert "签收: 已签收（2026-11-25" in shown and "签收「已安排专人」" not in shown
    assert "区财政局  签收  「已安排专人」" in shown
    again = run(loaded, "--as", "区财政局", "ack", "4", today="2026-11-25")
    assert again.returncode == 1 and "已于 2026-11-25" in again.stderr


def test_a_co_owner_or_another_unit_cannot_sign(loaded: Path) -> None:
    co = run(loaded, "--as", "区卫健局", "ack", "4")
    assert co.returncode == 1 and "只有牵头单位（区财政局）可以签收" in co.stderr
    other = run(loaded, "--as", "区教体局", "ack", "4")
    assert other.returncode == 1 and "不是区教体局牵头或配合的事项" in other.stderr


def test_the_setting_moves_the_window(loaded: Path) -> None:
    config = loaded / ".config" / "tasktui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[cycle]\nack_days = 5\n", encoding="utf-8")
    assert 4 not in ids(run(loaded, "list", "--unacknowledged", "--json", today="2026-11-25"))
    assert 4 in ids(run(loaded, "list", "--unacknowledged", "--json", today="2026-11-30"))
    config.write_text("[cycle]\nack_days = -1\n", encoding="utf-8")
    broken = run(loaded, "list", "--unacknowledged", "--json", today="2026-11-25")
    assert broken.returncode == 0 and "忽略配置文件" in broken.stderr and "ack_days 应为 0 到 60" in broken.stderr
    assert 4 in ids(broken)  # the default, 2


def test_send_back_and_sustain(loaded: Path) -> None:
    # #5 is 已完成待核 in the file: the office sends it back with a reason.
    bare = run(loaded, "send-back", "5")
    assert bare.returncode == 2 and "缺少必需的参数：--note" in bare.stderr
    blank = run(loaded, "send-back", "5", "--note", "  ")
    assert blank.returncode == 2 and "退回重办需要说明理由" in blank.stderr
    unit = run(loaded, "--as", "区教体局", "send-back", "5", "--note", "自己退回")
    assert unit.returncode == 1 and "只有督查室可以退回重办" in unit.stderr
    back = run(loaded, "send-back", "5", "--note", "佐证材料不全")
    assert back.returncode == 0 and "#5 已退回重办：状态 整改中" in back.stdout
    history = json.loads(run(loaded, "show", "5", "--json").stdout)["history"]
    assert history[-1]["action"] == "sent_back" and history[-1]["note"] == "佐证材料不全"
    assert "退回重办 已完成待核 → 整改中" in run(loaded, "show", "5").stdout
    twice = run(loaded, "send-back", "5", "--note", "再退")
    assert twice.returncode == 1 and "只有已完成待核的事项可以退回重办" in twice.stderr
    # The lead declares 持续整改; a co-owner may not.
    co = run(loaded, "--as", "区卫健局", "sustain", "1", "--note", "长期坚持")
    assert co.returncode == 1 and "只有牵头单位（区教体局）可以转为持续整改" in co.stderr
    lead = run(loaded, "--as", "教体局", "sustain", "1", "--note", "隐患已整改，长效机制需长期坚持")
    assert lead.returncode == 0 and "状态 持续整改" in lead.stdout
    listed = json.loads(run(loaded, "list", "--status", "sustained", "--json").stdout)
    assert [r["id"] for r in listed] == [1] and listed[0]["overdue"] is False and listed[0]["warning"] == "settled"


def test_leader_and_urgency(loaded: Path) -> None:
    named = run(loaded, "leader", "2", "张三副区长")
    assert named.returncode == 0 and "已设定责任领导「张三副区长」" in named.stdout
    assert run(loaded, "urgency", "2", "特急").returncode == 0
    unit = run(loaded, "--as", "区教体局", "urgency", "2", "一般")
    assert unit.returncode == 1 and "只有督查室可以调整紧急程度" in unit.stderr
    bad = run(loaded, "urgency", "2", "很急")
    assert bad.returncode == 2
    shown = run(loaded, "show", "2").stdout
    assert "责任领导: 张三副区长   紧急程度: 特急   汇报频次: —" in shown
    assert "设定责任领导  → 张三副区长" in shown and "调整紧急程度 一般 → 特急" in shown
    assert ids(run(loaded, "list", "--leader", "张三", "--json")) == {2}
    assert ids(run(loaded, "list", "--urgency", "特急", "--json")) == {2}
    assert "【特急】1.1 落实控辍保学" in run(loaded, "list").stdout
    cleared = run(loaded, "leader", "2", "")
    assert cleared.returncode == 0 and "已清除责任领导" in cleared.stdout
    assert ids(run(loaded, "list", "--leader", "张三", "--json")) == set()


def test_list_by_source_kind(loaded: Path) -> None:
    assert ids(run(loaded, "list", "--source-kind", "批示", "--json")) == set()
    assert run(loaded, "meetings", "set", "1", "--source", "批示").returncode == 0
    assert ids(run(loaded, "list", "--source-kind", "批示", "--json")) == {1, 2, 3, 4, 5}
    bad = run(loaded, "list", "--source-kind", "小道消息")
    assert bad.returncode == 2 and "来源「小道消息」不认识" in bad.stderr


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[cycle]\nack_days = true\n", "ack_days 应为 0 到 60"),
        ("[cycle]\nack_days = 61\n", "ack_days 应为 0 到 60"),
        ("[cycle]\nack_days = 2.5\n", "ack_days 应为 0 到 60"),
        ("[cycle]\nack_day = 2\n", "不认识的设置 ack_day"),
        ("cycle = 2\n", "[cycle] 应为一个表"),
    ],
)
def test_cycle_settings_are_checked(tmp_path: Path, text: str, problem: str) -> None:
    from tasktui.config import ConfigError, CycleSettings, load_config

    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem.replace("[", r"\[")):
        load_config(path)
    path.write_text("[cycle]\nack_days = 0\n", encoding="utf-8")
    assert load_config(path).cycle == CycleSettings(ack_days=0)
    assert load_config(tmp_path / "missing.toml").cycle == CycleSettings(ack_days=2)
