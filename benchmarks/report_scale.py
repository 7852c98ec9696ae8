"""How long the weekly report and the 督办通报 take for a big store, per format, and how
much memory.

    .venv/bin/python benchmarks/report_scale.py [--tasks 100000] [--rebuild]

Bulk-inserts a synthetic store (SQLAlchemy Core; cached under /tmp, rebuilt with
--rebuild) with about five events per task (签收, 催办, 退回重办 and 持续整改 among them),
then, in a fresh process per measurement so each peak RSS is its own:
- `one`: the weekly report for one week, in each format (csv: the task table alone, as
  `tasktui report --format csv` makes it);
- `one_bulletin`: the 通报 for one month (`report --month 2026-11 --kind 通报`), docx and md;
- `one_remind`: 催办 on a copy of the store with the supervision cycle's fields filled in
  (`remind_store`: signed for or not, a 汇报频次 on a fifth of the open tasks, a progress
  report by some co-owners): what every unit owes, one 催办通知单 per unit and a REMINDED
  event per task listed, in one transaction.
Targets: each ≤ 10 s and ≤ 500 MB. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from vocabulary import BUREAUS, NOTES, OBJECTS, STREETS, VERBS  # noqa: E402

from tasktui.models import Department, Event, Meeting, Meta, Task, TaskCoOwner  # noqa: E402
from tasktui.store.db import Store  # noqa: E402

TODAY = date(2026, 11, 25)
WEEK = "2026-W47"
MONTH = "2026-11"
FORMATS = ("md", "html", "csv", "xlsx", "docx")
BULLETIN_FORMATS = ("bulletin-docx", "bulletin-md")
# The streets with a 开发区 among them, as this script's stores always had.
UNITS = BUREAUS + STREETS[:9] + ["开发区街道"] + STREETS[9:]


def db_path(n: int) -> Path:
    # v2: the store has the supervision cycle's events (schema 8).
    return Path(tempfile.gettempdir()) / f"tasktui-report-bench-v2-{n}.db"


def build_store(path: Path, n: int, seed: int = 7) -> None:
    """A store of `n` directives over two years of meetings, with consistent histories."""
    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    store = Store(f"sqlite:///{path}")
    t0 = time.perf_counter()
    with store.engine.begin() as c:
        c.execute(insert(Meta.__table__), [{"key": "office", "value": "区政府督查室"}])
        c.execute(insert(Department.__table__), [{"id": i + 1, "name": u} for i, u in enumerate(UNITS)])
        meetings = max(1, n // 500)
        mdates = [TODAY - timedelta(days=rng.randint(7, 700)) for _ in range(meetings)]
        c.execute(
            insert(Meeting.__table__),
            [
                {
                    "id": i + 1,
                    "title": f"全区第{i + 1}次专题工作会议",
                    "date": d,
                    "imported_at": datetime.combine(d, datetime.min.time()) + timedelta(hours=9),
                }
                for i, d in enumerate(mdates)
            ],
        )
        tasks: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        co: list[dict[str, Any]] = []

        def flush() -> None:
            if tasks:
                c.execute(insert(Task.__table__), tasks)
            if co:
                c.execute(insert(TaskCoOwner.__table__), co)
            if events:
                c.execute(insert(Event.__table__), events)
            tasks.clear(), co.clear(), events.clear()

        for tid in range(1, n + 1):
            mid = rng.randint(1, meetings)
            created = datetime.combine(mdates[mid - 1], datetime.min.time()) + timedelta(hours=9)
            deadline = mdates[mid - 1] + timedelta(days=rng.randint(10, 400))
            roll = rng.random()
            final = (
                "待分派"
                if roll < 0.05
                else "不立项"
                if roll < 0.08
                else "已交办"
                if roll < 0.28
                else "整改中"
                if roll < 0.56
                else "持续整改"
                if roll < 0.58
                else "已完成待核"
                if roll < 0.70
                else "已销号"
            )
            lead = rng.randint(1, len(UNITS)) if final not in ("待分派", "不立项") else None
            heading = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（第{tid}项）"
            at = created
            status = "待分派"

            def ev(
                action: str,
                st: str,
                note: str | None = None,
                frm: str | None = None,
                to: str | None = None,
                dl: date | None = None,
                tid: int = tid,  # bound now: ev is called only within this task's turn
                deadline: date = deadline,
                lead: int | None = lead,
            ) -> None:
                nonlocal at
                at = min(
                    at + timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 600)),
                    datetime.combine(TODAY, datetime.min.time()),
                )
                events.append(
                    {
                        "task_id": tid,
                        "at": at,
                        "actor": "督查室",
                        "action": action,
                        "from_value": frm,
                        "to_value": to,
                        "note": note,
                        "status_after": st,
                        "deadline_after": dl or deadline,
                        "lead_after": UNITS[lead - 1] if lead and action != "created" else None,
                    }
                )

            events.append(
                {
                    "task_id": tid,
                    "at": at,
                    "actor": "督查室",
                    "action": "created",
                    "from_value": None,
                    "to_value": "待分派",
                    "note": None,
                    "status_after": "待分派",
                    "deadline_after": deadline,
                    "lead_after": None,
                }
            )
            if final == "不立项":
                ev("rejected", "不立项")
                status = "不立项"
            elif lead is not None:
                co_ids = rng.sample(range(1, len(UNITS) + 1), rng.choice((0, 0, 1, 2)))
                co_ids = [x for x in co_ids if x != lead]
                for x in co_ids:
                    co.append({"task_id": tid, "department_id": x})
                note = f"配合: {'、'.join(UNITS[x - 1] for x in co_ids)}" if co_ids else None
                ev("assigned", "已交办", note, None, UNITS[lead - 1])
                status = "已交办"
                if rng.random() < 0.7:
                    ev("acknowledged", status)
                for _ in range(rng.choice((0, 0, 0, 1, 2, 3))):
                    ev("reminded", status, "请加快办理进度")
                if rng.random() < 0.1:
                    new = deadline + timedelta(days=rng.randint(10, 60))
                    ev("extension_granted", status, "同意延期", deadline.isoformat(), new.isoformat(), new)
                    deadline = new
                if final in ("整改中", "持续整改", "已完成待核", "已销号"):
                    ev("progress", "整改中", rng.choice(NOTES), status, "整改中")
                    status = "整改中"
                if final == "持续整改":
                    ev("sustained", "持续整改", "转入长效管理", status, "持续整改")
                    status = "持续整改"
                if final in ("已完成待核", "已销号") and rng.random() < 0.05:
                    ev("done", "已完成待核", "已按要求完成", status, "已完成待核")
                    ev("sent_back", "整改中", "佐证材料不全", "已完成待核", "整改中")
                    status = "整改中"
                if final in ("已完成待核", "已销号"):
                    ev("done", "已完成待核", "已按要求完成", status, "已完成待核")
                    status = "已完成待核"
                if final == "已销号":
                    ev("verified", "已销号", "经核查属实，予以销号", status, "已销号")
                    status = "已销号"
            tasks.append(
                {
                    "id": tid,
                    "meeting_id": mid,
                    "seq": tid,
                    "outline": str(tid),
                    "marker": "",
                    "level": 1,
                    "kind": "directive",
                    "heading": heading,
                    "text": heading,
                    "deadline": deadline,
                    "deadline_unresolved": False,
                    "status": status,
                    "priority": 0,
                    "lead_id": lead,
                    "search_key": "",
                    "created_at": created,
                    "updated_at": at,
                    "version": 1,
                }
            )
            if len(tasks) >= 10000:
                flush()
        flush()
    store.dispose()
    print(f"built {path} ({n} tasks) in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def one(path: Path, fmt: str) -> dict[str, Any]:
    """Run in a child: compute the report and write one format; times and peak RSS."""
    from datetime import time as dtime

    from tasktui.clock import FixedClock
    from tasktui.report.make import make_report_for, write_report
    from tasktui.report.model import TaskTable
    from tasktui.report.period import parse_week
    from tasktui.store.service import Service

    svc = Service(Store(f"sqlite:///{path}"), clock=FixedClock(TODAY, at=dtime(9, 0)))
    t0, c0 = time.perf_counter(), time.process_time()
    # What `tasktui report --format FMT` makes: the task table alone for csv.
    report = make_report_for(svc, parse_week(WEEK), fmt)
    figures = report.headline if isinstance(report, TaskTable) else report.summary
    t1 = time.perf_counter()
    out = Path(tempfile.gettempdir()) / f"tasktui-report-bench.{fmt}"
    write_report(report, fmt, out)
    t2, c2 = time.perf_counter(), time.process_time()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    return {
        "format": fmt,
        "compute_s": t1 - t0,
        "write_s": t2 - t1,
        "total_s": t2 - t0,
        "cpu_s": c2 - c0,  # this process's CPU time: the wall time on a busy machine is more
        "rss_mb": rss_mb,
        "bytes": out.stat().st_size,
        "tracked": figures.tracked,
        "overdue": figures.overdue,
    }


CADENCES = ["每月5日前", "每周五前", "每月", "每季度", "每半月", "每两周", "每月底前", "每季度结束后10日内"]


def remind_store(n: int) -> Path:
    """A copy of the report's store with 签收, 汇报频次 and co-owner reports set (cached)."""
    from sqlalchemy import text

    path = Path(tempfile.gettempdir()) / f"tasktui-remind-bench-{n}.db"
    if path.exists():
        return path
    # Its own store (not the report's cached one, which another branch's schema may have built).
    build_store(path, n)
    rng = random.Random(11)
    store = Store(f"sqlite:///{path}")
    with store.engine.begin() as c:
        rows = c.execute(text("SELECT id, created_at, status FROM task WHERE lead_id IS NOT NULL")).all()
        updates = []
        for tid, created, status in rows:
            created = datetime.fromisoformat(str(created))
            assigned = created + timedelta(days=rng.randint(1, 5))
            signed = assigned + timedelta(days=1) if status != "已交办" or rng.random() < 0.5 else None
            every = rng.choice(CADENCES) if status in ("已交办", "整改中") and rng.random() < 0.2 else None
            updates.append({"i": tid, "a": assigned, "k": signed, "r": every})
        c.execute(
            text("UPDATE task SET assigned_at = :a, acknowledged_at = :k, report_every = :r WHERE id = :i"), updates
        )
        co = c.execute(
            text("SELECT c.task_id, d.name FROM taskcoowner c JOIN department d ON d.id = c.department_id")
        ).all()
        c.execute(
            insert(Event.__table__),
            [
                {
                    "task_id": tid,
                    "at": datetime.combine(TODAY, datetime.min.time()) - timedelta(days=rng.randint(1, 90)),
                    "actor": name,
                    "action": "progress",
                    "note": "配合单位进展",
                    "status_after": "整改中",
                }
                for tid, name in co
                if rng.random() < 0.5
            ],
        )
    store.dispose()
    return path


def one_remind(n: int) -> dict[str, Any]:
    """Run in a child: 催办 on a fresh copy of the remind store; times and peak RSS."""
    import shutil
    from datetime import time as dtime

    from tasktui.clock import FixedClock
    from tasktui.report.remind_notice import DEFAULT_REQUIREMENTS, write_notices
    from tasktui.store.service import Service

    work = Path(tempfile.mkdtemp(prefix="tasktui-remind-"))
    copy = work / "store.db"
    shutil.copyfile(remind_store(n), copy)
    svc = Service(Store(f"sqlite:///{copy}"), clock=FixedClock(TODAY, at=dtime(9, 0)))
    t0, c0 = time.perf_counter(), time.process_time()
    # again=True: the synthetic history already holds 催办 events on the benchmark's day.
    notices = svc.remind(write=lambda ns: write_notices(ns, work, "区政府督查室", DEFAULT_REQUIREMENTS), again=True)
    t1, c1 = time.perf_counter(), time.process_time()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(p.stat().st_size for p in work.glob("*.docx"))
    shutil.rmtree(work)
    return {
        "total_s": t1 - t0,
        "cpu_s": c1 - c0,  # this process's CPU time: the wall time on a busy machine is more
        "rss_mb": rss_mb,
        "notices": len(notices),
        "items": sum(len(x.items) for x in notices),
        "overdue": sum(x.overdue for x in notices),
        "unacknowledged": sum(x.unacknowledged for x in notices),
        "late": sum(x.late for x in notices),
        "bytes": size,
    }


def one_bulletin(path: Path, fmt: str) -> dict[str, Any]:
    """Run in a child: the 通报 for one month (`report --month --kind 通报`) as docx or md."""
    from datetime import time as dtime

    from tasktui.clock import FixedClock
    from tasktui.report.make import make_bulletin, write_bulletin
    from tasktui.report.period import parse_month
    from tasktui.store.service import Service

    svc = Service(Store(f"sqlite:///{path}"), clock=FixedClock(date(2026, 12, 2), at=dtime(9, 0)))
    kind_fmt = fmt.removeprefix("bulletin-")
    t0, c0 = time.perf_counter(), time.process_time()
    bulletin = make_bulletin(svc, parse_month(MONTH))
    t1 = time.perf_counter()
    out = Path(tempfile.gettempdir()) / f"tasktui-bulletin-bench.{kind_fmt}"
    write_bulletin(bulletin, kind_fmt, out)
    t2, c2 = time.perf_counter(), time.process_time()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    h = bulletin.headline
    return {
        "format": fmt,
        "compute_s": t1 - t0,
        "write_s": t2 - t1,
        "total_s": t2 - t0,
        "cpu_s": c2 - c0,
        "rss_mb": rss_mb,
        "bytes": out.stat().st_size,
        "summary": f"交办 {h.assigned}，办结 {h.completed}，持续整改 {h.sustained}，未完成 {h.unfinished}，"
        f"办结率 {h.rate}；进展滞后 {len(bulletin.lagging)} 项，多次催办 {len(bulletin.reminded)} 项，"
        f"退回重办 {len(bulletin.sent_back)} 次",
    }


def _measure(n: int, fmt: str) -> dict[str, Any]:
    res = subprocess.run(
        [sys.executable, __file__, "--tasks", str(n), "--one", fmt],
        capture_output=True,
        text=True,
        check=True,
    )
    r: dict[str, Any] = json.loads(res.stdout)
    flag = "" if r["total_s"] <= 10 and r["rss_mb"] <= 500 else "  over target"
    print(
        f"{fmt:<14}{r['compute_s']:>10.2f}{r['write_s']:>9.2f}{r['total_s']:>9.2f}{r['cpu_s']:>7.2f}"
        f"{r['rss_mb']:>9.0f}{r['bytes'] / 1e6:>9.1f}{flag}"
    )
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--one", choices=(*FORMATS, *BULLETIN_FORMATS, "remind"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    path = db_path(args.tasks)
    if args.one == "remind":
        print(json.dumps(one_remind(args.tasks)))
        return
    if args.one:
        measure = one_bulletin if args.one in BULLETIN_FORMATS else one
        print(json.dumps(measure(path, args.one)))
        return
    if args.rebuild or not path.exists():
        build_store(path, args.tasks)
    print(f"store: {path} ({args.tasks} tasks); targets ≤ 10 s and ≤ 500 MB each")
    print(f"weekly report, week {WEEK}")
    header = f"{'format':<14}{'compute s':>10}{'write s':>9}{'total s':>9}{'cpu s':>7}{'peak MB':>9}{'file MB':>9}"
    print(header)
    for fmt in FORMATS:
        r = _measure(args.tasks, fmt)
    print(f"(report: {r['tracked']} tracked, {r['overdue']} overdue)")
    print(f"通报, month {MONTH}")
    print(header)
    for fmt in BULLETIN_FORMATS:
        r = _measure(args.tasks, fmt)
    print(f"(通报: {r['summary']})")
    if args.rebuild:
        Path(tempfile.gettempdir(), f"tasktui-remind-bench-{args.tasks}.db").unlink(missing_ok=True)
    remind_store(args.tasks)
    res = subprocess.run(
        [sys.executable, __file__, "--tasks", str(args.tasks), "--one", "remind"],
        capture_output=True,
        text=True,
        check=True,
    )
    m = json.loads(res.stdout)
    flag = "" if m["total_s"] <= 10 and m["rss_mb"] <= 500 else "  over target"
    print(
        f"remind {m['total_s']:>10.2f} s ({m['cpu_s']:.2f} s CPU) {m['rss_mb']:>6.0f} MB peak, "
        f"{m['notices']} 催办通知单 "
        f"({m['bytes'] / 1e6:.1f} MB), {m['items']} items: {m['overdue']} 逾期, {m['unacknowledged']} 未签收, "
        f"{m['late']} 未按期报送{flag}"
    )


if __name__ == "__main__":
    main()
