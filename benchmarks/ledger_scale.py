"""How long writing and reading back the units' ledger workbooks (台账) takes for a big
store, and how much memory.

    .venv/bin/python benchmarks/ledger_scale.py [--units 300] [--tasks 10000] [--rebuild]

Bulk-inserts a synthetic store (SQLAlchemy Core; cached under /tmp, rebuilt with
--rebuild): `--tasks` open directives led by `--units` units, a third of them with a
co-owner. Then, each phase in a fresh process so its peak RSS is its own:

  write   `ledger out`: read the store, write one workbook per unit;
  (fill)  every row gets 本次进展 with openpyxl, as the units would (not timed);
  read    `ledger in`'s reading: every returned workbook parsed into rows;
  apply   `ledger in`: read and apply every file as its unit (one transaction each),
          on a copy of the store.

Targets: write ≤ 30 s and read back ≤ 30 s, each ≤ 500 MB. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasktui.clock import FixedClock  # noqa: E402
from tasktui.models import Department, Event, Meeting, Meta, Task, TaskCoOwner  # noqa: E402
from tasktui.search import pinyin_key, pinyin_sort_key  # noqa: E402
from tasktui.store.db import Store  # noqa: E402

TODAY = date(2026, 11, 25)
WORK = Path(tempfile.gettempdir()) / "tasktui-ledger-bench"
VERBS = ["开展", "推进", "完成", "加强", "落实", "深化", "健全", "整治"]
OBJECTS = ["燃气安全隐患排查", "老旧小区改造", "校园周边安全管理", "食品安全抽检", "河道清淤", "重点项目建设"]


def db_path(units: int, tasks: int) -> Path:
    return WORK / f"store-{units}-{tasks}.db"


def build_store(path: Path, units: int, tasks: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    store = Store(f"sqlite:///{path}")
    now = datetime.combine(TODAY, datetime.min.time()) - timedelta(days=30)
    names = [f"第{i + 1}责任单位" for i in range(units)]
    with store.engine.begin() as c:
        c.execute(insert(Meta.__table__), [{"key": "office", "value": "区政府督查室"}])
        c.execute(
            insert(Department.__table__),
            [{"id": i + 1, "name": n, "sort_key": pinyin_sort_key(n)} for i, n in enumerate(names)],
        )
        meetings = max(1, tasks // 200)
        c.execute(
            insert(Meeting.__table__),
            [
                {"id": i + 1, "title": f"第{i + 1}次专题会议", "date": now.date(), "imported_at": now}
                for i in range(meetings)
            ],
        )
        rows, co, events = [], [], []
        for t in range(1, tasks + 1):
            heading = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（第{t}项）"
            lead = rng.randint(1, units)
            rows.append(
                {
                    "id": t,
                    "meeting_id": 1 + (t - 1) % meetings,
                    "seq": t,
                    "outline": str(t),
                    "marker": f"{t}.",
                    "level": 1,
                    "kind": "directive",
                    "heading": heading,
                    "text": f"{heading}，确保按期完成，形成长效机制。",
                    "deadline": TODAY + timedelta(days=rng.randint(-30, 120)),
                    "status": rng.choice(["已交办", "整改中"]),
                    "lead_id": lead,
                    "search_key": pinyin_key(heading),
                    "heading_key": pinyin_sort_key(heading),
                    "created_at": now,
                    "updated_at": now,
                    "version": 2,
                }
            )
            if rng.random() < 0.33:
                co.append({"task_id": t, "department_id": 1 + lead % units, "seq": 0})
            events.append(
                {
                    "task_id": t,
                    "at": now,
                    "actor": "区政府督查室",
                    "action": "assigned",
                    "to_value": names[lead - 1],
                    "status_after": "已交办",
                    "lead_after": names[lead - 1],
                    "co_after": "",
                }
            )
        c.execute(insert(Task.__table__), rows)
        c.execute(insert(TaskCoOwner.__table__), co)
        c.execute(insert(Event.__table__), events)
    store.dispose()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process: on a shared machine, wall-clock seconds say as much
    about the neighbours as about tasktui, so both are printed."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _service(path: Path):  # type: ignore[no-untyped-def]
    from tasktui.store.service import Service
    from tasktui.store.views import Actor

    return Service(Store(f"sqlite:///{path}"), Actor.office("区政府督查室"), FixedClock(TODAY))


def phase_write(db: Path, folder: Path) -> dict[str, float]:
    from tasktui.exchange.ledger_workbook import write_unit_workbooks

    svc = _service(db)
    c0, t0 = _cpu(), time.perf_counter()
    snapshot = svc.unit_ledgers()
    t1 = time.perf_counter()
    written = write_unit_workbooks(snapshot, folder, "区政府督查室", TODAY)
    t2 = time.perf_counter()
    return {
        "files": len(written),
        "rows": sum(w.rows for w in written),
        "query_s": t1 - t0,
        "seconds": t2 - t0,
        "cpu_s": _cpu() - c0,
        "peak_mb": _peak_mb(),
    }


def phase_fill(folder: Path) -> dict[str, float]:
    import openpyxl

    t0 = time.perf_counter()
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        ws = wb["台账"]
        # Columns by their headers (row 4), as a clerk finds them: the layout may grow.
        col = {c.value: c.column for c in ws[4] if c.value}
        for r in range(5, ws.max_row + 1):
            if ws.cell(row=r, column=col["任务ID"]).value is not None:
                ws.cell(row=r, column=col["本次进展"], value=f"本月已完成第{r - 4}阶段工作")
        wb.save(path)
    return {"seconds": time.perf_counter() - t0, "peak_mb": _peak_mb()}


def phase_read(folder: Path) -> dict[str, float]:
    from tasktui.exchange.ledger_return import read_returned

    c0, t0 = _cpu(), time.perf_counter()
    rows = sum(len(read_returned(p).rows) for p in sorted(folder.glob("*.xlsx")))
    return {"rows": rows, "seconds": time.perf_counter() - t0, "cpu_s": _cpu() - c0, "peak_mb": _peak_mb()}


def phase_apply(db: Path, folder: Path) -> dict[str, float]:
    from tasktui.exchange.ledger_return import read_returned
    from tasktui.store.ledger_apply import RowState

    svc = _service(db)
    c0, t0 = _cpu(), time.perf_counter()
    applied = refused = 0
    for p in sorted(folder.glob("*.xlsx")):
        result = svc.apply_ledger_return(read_returned(p))
        applied += result.count(RowState.APPLIED)
        refused += result.count(RowState.REFUSED)
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"applied": applied, "refused": refused, "seconds": seconds, "cpu_s": cpu, "peak_mb": _peak_mb()}


def child(phase: str, db: Path, folder: Path) -> None:
    if phase == "write":
        figures = phase_write(db, folder)
    elif phase == "fill":
        figures = phase_fill(folder)
    elif phase == "read":
        figures = phase_read(folder)
    else:
        figures = phase_apply(db, folder)
    print(json.dumps(figures))


def run_phase(phase: str, db: Path, folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", phase, "--db", str(db), "--folder", str(folder)],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--units", type=int, default=300)
    p.add_argument("--tasks", type=int, default=10_000)
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child, args.db, args.folder)
        return
    db = db_path(args.units, args.tasks)
    if args.rebuild or not db.exists():
        t0 = time.perf_counter()
        build_store(db, args.units, args.tasks)
        print(f"store: {args.tasks} tasks, {args.units} units built in {time.perf_counter() - t0:.1f} s ({db})")
    folder = WORK / "books"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    w = run_phase("write", db, folder)
    copy = WORK / "apply.db"
    shutil.copyfile(db, copy)  # apply writes; the cached store stays as built (its ledger id made by write)
    print(
        f"write:  {w['files']:.0f} workbooks, {w['rows']:.0f} rows in {w['seconds']:.2f} s"
        f" ({w['cpu_s']:.2f} s CPU; reading the store {w['query_s']:.2f} s), peak {w['peak_mb']:.0f} MB"
    )
    f = run_phase("fill", db, folder)
    print(f"fill:   every row's 本次进展 written with openpyxl in {f['seconds']:.2f} s (not a target)")
    r = run_phase("read", db, folder)
    print(
        f"read:   {r['rows']:.0f} rows parsed in {r['seconds']:.2f} s ({r['cpu_s']:.2f} s CPU),"
        f" peak {r['peak_mb']:.0f} MB"
    )
    a = run_phase("apply", copy, folder)
    print(
        f"apply:  read and applied {a['applied']:.0f} rows ({a['refused']:.0f} refused) in {a['seconds']:.2f} s"
        f" ({a['cpu_s']:.2f} s CPU), peak {a['peak_mb']:.0f} MB"
    )
    print("targets: write ≤ 30 s, read back ≤ 30 s, each ≤ 500 MB")


if __name__ == "__main__":
    main()
