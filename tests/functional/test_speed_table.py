"""benchmarks/speed_table.py works: its cheapest row and the report row on a tiny store, one
repeat each (a few seconds). The figures are not judged (never wall-clock in a test); that
each row has both sides' figures and a ratio is, and so is the report floor writing the same
CSV and Taskwarrior getting the same tasks as the task file."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType

from helpers import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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


def test_report_floor_writes_the_same_csv_as_the_report(tmp_path: Path) -> None:
    st = _speed_table()
    rows = st.run_rows([6], repeat=1, sizes=st.Sizes(report=200), cache_root=tmp_path)
    # The floor that folds in Python, the one aggregate query, and that query against the
    # first report after a change (the store's integrity check not remembered).
    assert len(rows) == 3 and "first after a change" in rows[2].path
    for row in rows:
        _assert_measured(row, pairs=1)
        assert row.note == "the two CSV files are identical (200 rows)"
    # The store is cached by size and schema: asked again, it is not built again.
    cache = st.Cache(rebuild=False, root=tmp_path)
    store = cache.report_store(200)
    built = store.stat().st_mtime_ns
    assert cache.report_store(200) == store and store.stat().st_mtime_ns == built


def test_taskwarrior_gets_the_same_tasks_as_the_task_file() -> None:
    """Rows 4 and 5 compare like with like: descriptions, due dates, one project per meeting."""
    st = _speed_table()
    meetings = st.generate(120, per_meeting=50)
    doc = tomllib.loads(st.task_file(meetings))
    tasks = [(m["title"], t) for m in doc["meetings"] for t in m["tasks"]]
    warrior = [json.loads(line) for line in st.taskwarrior_json(meetings).splitlines()]
    assert len(tasks) == len(warrior) == 120 and len(doc["meetings"]) == 3
    assert [t["heading"] for _, t in tasks] == [w["description"] for w in warrior]
    assert [t["deadline"].strftime("%Y%m%dT000000Z") for _, t in tasks] == [w["due"] for w in warrior]
    assert len({w["project"] for w in warrior}) == 3 and {w["status"] for w in warrior} == {"pending"}
    assert {t["status"] for _, t in tasks} <= {"待分派", "已交办", "整改中"}  # all in `list`'s default set
    notes = sum(len(t.get("notes", [])) + sum(1 for h in t.get("history", []) if "note" in h) for _, t in tasks)
    assert notes == sum(len(w.get("annotations", [])) for w in warrior) > 0
    assert any("history" in t for _, t in tasks)
