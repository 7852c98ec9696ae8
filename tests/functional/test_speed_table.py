"""benchmarks/speed_table.py works: its cheapest row, and the store rows on tiny stores,
each with one pair. The figures are not judged (never wall-clock in a test); that each row
has both sides' figures and a ratio is, and so is the report floor writing the same CSV."""

from __future__ import annotations

import importlib.util
import math
import shutil
import sys
from pathlib import Path
from types import ModuleType

from helpers import REPO


def _speed_table() -> ModuleType:
    spec = importlib.util.spec_from_file_location("speed_table", REPO / "benchmarks" / "speed_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["speed_table"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _assert_measured(row: object, pairs: int) -> None:
    ours, peer = row.ours, row.peer  # type: ignore[attr-defined]
    assert len(ours.runs) == len(peer.runs) == pairs
    assert all(r.wall > 0 and r.cpu > 0 for r in ours.runs + peer.runs)
    assert ours.rss_mb() > 0
    wall_ratio, cpu_ratio = row.ratios()  # type: ignore[attr-defined]
    assert math.isfinite(wall_ratio) and wall_ratio > 0
    assert math.isfinite(cpu_ratio) and cpu_ratio > 0


def test_help_row_has_both_figures_and_a_ratio() -> None:
    st = _speed_table()
    (row,) = st.run_rows([2], repeat=1)
    assert row.number == 2 and row.skipped is None
    _assert_measured(row, pairs=st.CHEAP_FACTOR)
    table = st.markdown([row]).splitlines()
    assert table[0].startswith("| path |") and table[2].startswith("| `tasktui --help` |")
    assert "×" in table[2] and "import argparse" in table[2]


def test_store_rows_on_tiny_stores(tmp_path: Path) -> None:
    st = _speed_table()
    sizes = st.Sizes(list=(30,), import_=30, report=200)
    rows = st.run_rows([4, 5, 6], repeat=1, sizes=sizes, cache_root=tmp_path)
    assert [r.number for r in rows] == [4, 5, 6]
    for row in rows[:2]:  # Taskwarrior's rows
        if shutil.which("task") is None:
            assert row.skipped and "not on PATH" in row.skipped
        else:
            _assert_measured(row, pairs=1)
            assert row.note == ""  # both imported every task
    _assert_measured(rows[2], pairs=1)
    assert rows[2].note == "the two CSV files are identical (200 rows)"
    # The stores are cached by size and schema: a second run builds nothing again.
    built = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir() if p.suffix == ".db"}
    assert any("report" in name for name in built)
    st.run_rows([6], repeat=1, sizes=sizes, cache_root=tmp_path)
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir() if p.suffix == ".db"} == built
