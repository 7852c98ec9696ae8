"""Units on the command line as a secretary types them: `dept add|alias|rename|merge|list`,
"did you mean" on every unit argument (`--lead`, `--co`, `--as`, `--unit`, `dept …`),
pinyin initials where exactly one unit fits, and the units an imported speech names
(`import --add-units`, `--add-unit NAME`). A real store file, exit codes, stdout/stderr.

The store is tests/data/basic.toml: 区教体局 (教体局, 教育体育局) leads 1, 2, 5 with 区卫健局
co-owning 1; 区财政局 leads 3; 4 is 待分派."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import BASIC_TOML, FIXTURES, CliRun, run_cli

SPEECH = FIXTURES / "speeches" / "safety_production.txt"


def run(tmp_path: Path, *args: str) -> CliRun:
    proc = run_cli(
        ["--today", "2026-11-20", *args], env={"TASKTUI_DB": str(tmp_path / "cli.db"), "TASKTUI_DEBUG": None}
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    (tmp_path / "tasks.toml").write_text(BASIC_TOML, encoding="utf-8")
    assert run(tmp_path, "import", str(tmp_path / "tasks.toml")).returncode == 0
    return tmp_path


def units(tmp_path: Path) -> dict[str, dict[str, object]]:
    return {u["name"]: u for u in json.loads(run(tmp_path, "dept", "list", "--json").stdout)}


@pytest.mark.parametrize(
    "args",
    [
        ("assign", "4", "--lead", "区教休局"),
        ("assign", "4", "--lead", "区财政局", "--co", "区教休局"),
        ("list", "--as", "区教休局"),
        ("list", "--unit", "区教休局"),
        ("dept", "alias", "区教休局", "教育局"),
        ("dept", "rename", "区教休局", "区教育局"),
        ("dept", "merge", "区教休局", "区财政局"),
        ("dept", "merge", "区财政局", "区教休局"),
    ],
    ids=lambda a: " ".join(a),
)
def test_a_typo_is_exit_2_with_the_unit_it_looks_like(loaded: Path, args: tuple[str, ...]) -> None:
    proc = run(loaded, *args)
    assert proc.returncode == 2
    assert proc.stderr == "tasktui: 未知单位「区教休局」，是否指「区教体局」？\n"
    assert proc.stdout == ""


def test_pinyin_initials_are_taken_when_exactly_one_unit_fits(loaded: Path) -> None:
    proc = run(loaded, "assign", "4", "--lead", "jtj", "--co", "wjj")
    assert proc.returncode == 0, proc.stderr
    row = json.loads(run(loaded, "show", "4", "--json").stdout)
    assert (row["lead"], row["co_owners"]) == ("区教体局", ["区卫健局"])
    assert [r["id"] for r in json.loads(run(loaded, "list", "--json", "--as", "qczj").stdout)] == [3]
    assert run(loaded, "dept", "add", "区交通局").returncode == 0  # qjtj, as 区教体局
    both = run(loaded, "list", "--unit", "qjtj")
    assert both.returncode == 2
    assert "「qjtj」可指多个单位：「区教体局」、「区交通局」，请写出全称" in both.stderr


def test_dept_add_alias_rename_merge(loaded: Path) -> None:
    close = run(loaded, "dept", "add", "区教休局")
    assert close.returncode == 2
    assert "「区教休局」与已登记的「区教体局」相近，未添加；如确是另一个单位，加 --new 再运行" in close.stderr
    assert "区教休局" not in units(loaded)

    added = run(loaded, "dept", "add", "区应急管理局", "--alias", "应急局")
    assert added.stdout == "单位「区应急管理局」已登记，别名：应急局\n"
    assert run(loaded, "dept", "alias", "yjj", "区应急局").stdout == "「区应急管理局」的别名：区应急局、应急局\n"

    renamed = run(loaded, "dept", "rename", "教体局", "区教育体育局")
    assert renamed.returncode == 0, renamed.stderr
    assert renamed.stdout.startswith("「区教体局」已更名为「区教育体育局」，旧名称保留为别名；3 项事项的历史记下了更名")
    show = run(loaded, "show", "1").stdout
    assert "交办  → 区教体局" in show  # the assignment as it was
    assert "单位更名 区教体局 → 区教育体育局" in show

    merged = run(loaded, "dept", "merge", "卫健局", "区教育体育局")
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.startswith("「区卫健局」已并入「区教育体育局」：1 项事项转给「区教育体育局」")
    table = units(loaded)
    assert "区卫健局" not in table
    assert table["区教育体育局"]["aliases"] == ["教体局", "教育体育局", "区教体局", "区卫健局", "卫健局"]
    assert (table["区教育体育局"]["lead"], table["区教育体育局"]["co"]) == (3, 0)
    # What people typed before still finds the unit: the old names are aliases.
    assert [r["id"] for r in json.loads(run(loaded, "list", "--json", "--as", "区卫健局").stdout)] == [1, 2, 5]


def test_dept_list_is_by_pinyin_with_counts(loaded: Path) -> None:
    proc = run(loaded, "dept")
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["单位", "别名", "牵头", "配合", "未完成"]
    assert [line.split()[0] for line in lines[2:]] == ["区财政局", "区教体局", "区卫健局"]  # cai, jiao, wei
    assert lines[3].split() == ["区教体局", "教体局、教育体育局", "3", "0", "2"]


def test_units_are_the_office_s(loaded: Path) -> None:
    proc = run(loaded, "dept", "add", "区水务局", "--as", "区教体局")
    assert proc.returncode == 1
    assert "只有督查室可以管理单位" in proc.stderr


def test_import_proposes_the_speech_s_units_and_adds_them_when_asked(loaded: Path) -> None:
    first = run(loaded, "import", str(SPEECH))
    assert first.returncode == 0, first.stderr
    assert "讲话中提到、尚未登记的单位（--add-units 全部登记，--add-unit 名称 逐个登记）：" in first.stdout
    assert "  县应急管理局（1 项）" in first.stdout
    assert "各生产经营单位" not in first.stdout  # a kind of unit, not one
    assert "县应急管理局" not in units(loaded)  # only proposed

    def count() -> int:
        return len(json.loads(run(loaded, "list", "--json", "--all", "--kind", "directive").stdout))

    before = count()
    other = loaded / "other.txt"
    other.write_text(SPEECH.read_text(encoding="utf-8").replace("2024年3月12日", "2024年3月19日"), encoding="utf-8")
    bad = run(loaded, "import", str(other), "--add-unit", "县水务局")
    assert bad.returncode == 2
    assert "「县水务局」不在本次建议登记的单位中（建议：" in bad.stderr
    assert count() == before  # nothing written

    picked = run(loaded, "import", str(other), "--add-unit", "县住建局", "--add-unit", "县消防救援大队")
    assert picked.returncode == 0, picked.stderr
    assert "已登记单位：县住建局、县消防救援大队" in picked.stdout
    assert "  县应急管理局（1 项）" in picked.stdout  # still proposed
    assert {"县住建局", "县消防救援大队"} <= set(units(loaded))

    again = run(loaded, "import", str(SPEECH), "--add-units")  # imported before: units still added
    assert again.returncode == 0, again.stderr
    assert "已导入过" in again.stdout
    assert "已登记单位：各乡镇、县应急管理局、县交通运输局、公安局交警大队" in again.stdout
    assert "尚未登记" not in again.stdout
    assert {"县应急管理局", "县交通运输局", "公安局交警大队"} <= set(units(loaded))
    # Now known, so the next import proposes none of them.
    third = loaded / "third.txt"
    third.write_text(SPEECH.read_text(encoding="utf-8").replace("2024年3月12日", "2024年3月26日"), encoding="utf-8")
    assert "尚未登记" not in run(loaded, "import", str(third)).stdout
