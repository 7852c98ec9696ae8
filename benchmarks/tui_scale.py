"""How the UI copes with a big store: 100,000 tasks, 2,000 meetings, 300 units.

    .venv/bin/python benchmarks/tui_scale.py [--tasks N] [--rebuild]

Builds the store once with SQLAlchemy core bulk inserts (cached under /tmp, keyed by
size), then drives the real app headless and prints: time to first painted table, time to
switch view / apply a filter / search / re-sort, and peak RSS. Targets: first paint ≤ 1.0 s,
each interaction ≤ 100 ms, RSS ≤ 400 MB. Prints figures only; no asserts on wall clock.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from tasktui.clock import FixedClock
from tasktui.models import SCHEMA_VERSION, Department, Event, Meeting, Task, TaskCoOwner
from tasktui.search import pinyin_key, pinyin_sort_key
from tasktui.store.db import Store
from tasktui.store.lifecycle import ASSIGNED, CLOSED, DONE, IN_PROGRESS, PENDING, REJECTED
from tasktui.store.service import Service

TODAY = date(2026, 11, 20)
WORDS = [
    "控辍保学",
    "校舍改造",
    "供暖保障",
    "交通整治",
    "营养餐",
    "安全生产",
    "河道治理",
    "垃圾分类",
    "老旧小区",
    "背街小巷",
    "食品安全",
    "防汛抗旱",
    "招商引资",
    "营商环境",
    "乡村振兴",
    "疫苗接种",
]
VERBS = ["抓实", "推进", "完成", "落实", "加快", "做好", "清理", "整治"]
STATUS_MIX = [ASSIGNED] * 30 + [IN_PROGRESS] * 30 + [DONE] * 10 + [CLOSED] * 20 + [PENDING] * 7 + [REJECTED] * 3


def build(path: Path, tasks: int, meetings: int, units: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    store = Store(f"sqlite:///{path}")
    now = datetime(2026, 11, 1, 9, 0)
    with store.engine.begin() as conn:
        names = [f"区第{i + 1}局" for i in range(units)]
        conn.execute(
            insert(Department), [{"id": i + 1, "name": n, "sort_key": pinyin_sort_key(n)} for i, n in enumerate(names)]
        )
        mdates = [TODAY - timedelta(days=rnd.randint(0, 720)) for _ in range(meetings)]
        conn.execute(
            insert(Meeting),
            [
                {
                    "id": i + 1,
                    "title": f"{d.year}年第{i + 1}次工作会议",
                    "date": d,
                    "content_hash": f"bench{i}",
                    "imported_at": now,
                }
                for i, d in enumerate(mdates)
            ],
        )
        keys = {f"{v}{w}": pinyin_key(f"{v}{w}") for v in VERBS for w in WORDS}
        sort_keys = {h: pinyin_sort_key(h) for h in keys}
        heads = list(keys)
        task_rows, co_rows, ev_rows = [], [], []
        for i in range(tasks):
            m = rnd.randrange(meetings)
            status = rnd.choice(STATUS_MIX)
            lead = None if status == PENDING else rnd.randint(1, units)
            deadline = mdates[m] + timedelta(days=rnd.randint(7, 400)) if rnd.random() < 0.9 else None
            head = rnd.choice(heads) + f"（{i}）"
            task_rows.append(
                {
                    "id": i + 1,
                    "meeting_id": m + 1,
                    "seq": i,
                    "outline": str(i % 12 + 1),
                    "marker": "一要",
                    "level": 1,
                    "kind": "directive" if rnd.random() < 0.85 else "review",
                    "heading": head,
                    "text": head + "，要求各单位抓好落实。",
                    "deadline": deadline,
                    "status": status,
                    "priority": 0,
                    "lead_id": lead,
                    "search_key": keys[head.split("（")[0]],
                    "heading_key": sort_keys[head.split("（")[0]] + f"（{i}）",
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
            if lead and rnd.random() < 0.3:
                co = rnd.randint(1, units)
                if co != lead:
                    co_rows.append({"task_id": i + 1, "department_id": co})
            ev_rows.append(
                {
                    "task_id": i + 1,
                    "at": now,
                    "actor": "督查室",
                    "action": "created",
                    "status_after": status,
                    "deadline_after": deadline,
                }
            )
        for chunk in range(0, tasks, 20000):
            conn.execute(insert(Task), task_rows[chunk : chunk + 20000])
            conn.execute(insert(Event), ev_rows[chunk : chunk + 20000])
        if co_rows:
            conn.execute(insert(TaskCoOwner), co_rows)
    store.dispose()


def cached_store(tasks: int, meetings: int, units: int, rebuild: bool) -> Path:
    # Keyed by schema version too: a schema change rebuilds the store.
    path = Path(f"/tmp/tasktui-bench-{tasks}-{meetings}-{units}-v{SCHEMA_VERSION}.db")
    if rebuild or not path.exists():
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
        t0 = time.perf_counter()
        build(path, tasks, meetings, units)
        print(f"built {path} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def analyzed_copy(path: Path) -> Path:
    import shutil
    import sqlite3

    out = path.with_name(path.stem + "-analyzed.db")
    if not out.exists() or out.stat().st_mtime < path.stat().st_mtime:
        shutil.copy(path, out)
        con = sqlite3.connect(out)
        con.execute("ANALYZE")
        con.commit()
        con.close()
    return out


async def drive(path: Path) -> dict[str, float]:
    from tasktui.config import UiConfig
    from tasktui.ui.app import TaskTuiApp
    from tasktui.ui.screens.main import MainScreen

    svc = Service(Store(f"sqlite:///{path}", create=False), clock=FixedClock(TODAY))
    app = TaskTuiApp(svc, UiConfig(poll_seconds=3600))
    out: dict[str, float] = {}

    def main() -> MainScreen | None:
        return next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)

    async def until_loaded(pilot, since: int) -> None:  # type: ignore[no-untyped-def]
        # Poll the app's own state: the table got the reload that started after `since`.
        while True:
            screen = main()
            if screen is not None and screen.loaded_seq > since and screen.table.row_count > 0:
                return
            await asyncio.sleep(0.002)

    t0 = time.perf_counter()
    async with app.run_test(size=(160, 45)) as pilot:
        await until_loaded(pilot, 0)
        out["first paint (table has rows)"] = time.perf_counter() - t0
        screen = main()
        assert screen is not None
        await pilot.pause(1.0)  # let the tab counts finish before timing interactions

        async def timed(label: str, *keys: str, setup=None) -> None:  # type: ignore[no-untyped-def]
            since = screen.load_seq
            t = time.perf_counter()
            if setup is not None:
                setup()
            else:
                for k in keys:
                    app.post_message(__import__("textual.events", fromlist=["Key"]).Key(k, None))
            await until_loaded(pilot, since)
            out[label] = time.perf_counter() - t
            await pilot.pause(0.3)

        await timed("switch view (逾期)", setup=lambda: screen.action_view(3))
        await timed("switch view (全部)", setup=lambda: screen.action_view(6))
        await timed("re-sort (状态)", setup=lambda: screen.table.action_cycle_sort())
        await timed("re-sort (倒序)", setup=lambda: screen.table.action_reverse_sort())
        await timed("re-sort (牵头单位)", setup=lambda: screen.table.action_cycle_sort())
        await timed("re-sort (牵头单位倒序)", setup=lambda: screen.table.action_reverse_sort())
        await timed("re-sort (事项)", setup=lambda: screen.table.action_cycle_sort())
        await timed("re-sort (事项倒序)", setup=lambda: screen.table.action_reverse_sort())
        from dataclasses import replace

        from tasktui.ui.tabs import Filters

        def unit_filter() -> None:
            screen.filters = Filters(unit="区第42局")
            screen.reload()

        await timed("filter by unit", setup=unit_filter)

        def search() -> None:
            screen.filters = replace(screen.filters, unit=None, search="kcbx")
            screen.reload()

        await timed("search (pinyin initials)", setup=search)
        screen.filters = Filters()
        await timed("back to 在办", setup=lambda: screen.action_view(2))
        t = time.perf_counter()
        screen.table.move_cursor(row=screen.table.row_count - 1)
        await pilot.pause(0.05)
        while any(w.is_running for w in app.workers):
            await asyncio.sleep(0.002)
        out["scroll to end of page (loads next page)"] = time.perf_counter() - t
        t = time.perf_counter()
        out["count all tabs (background)"] = 0.0
        for v in screen.views:
            from tasktui.ui.tabs import view_query

            svc.count_tasks(view_query(v.id, TODAY))
        out["count all tabs (background)"] = time.perf_counter() - t
        await app.action_quit()
    return out


def sort_pages(path: Path, repeat: int = 5) -> dict[str, float]:
    """The first page of 全部 in each sort order, straight from the service (best of
    `repeat`): the UI's re-sort figures without the app's scheduling noise."""
    from dataclasses import replace

    from tasktui.ui.tabs import view_query

    svc = Service(Store(f"sqlite:///{path}", create=False), clock=FixedClock(TODAY))
    out: dict[str, float] = {}
    base = view_query("all", TODAY)
    try:
        for key in ("countdown", "status", "lead", "heading"):
            for desc in (False, True):
                q = replace(base, sort=key, descending=desc, offset=0, limit=200)
                best = float("inf")
                for _ in range(repeat):
                    t = time.perf_counter()
                    svc.task_page(q)
                    best = min(best, time.perf_counter() - t)
                out[f"page sorted by {key}{' desc' if desc else ''} (service, best of {repeat})"] = best
    finally:
        svc.store.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--meetings", type=int, default=2_000)
    ap.add_argument("--units", type=int, default=300)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument(
        "--analyze",
        action="store_true",
        help="run on a copy with planner statistics (ANALYZE), as `db upgrade` leaves it",
    )
    args = ap.parse_args()
    path = cached_store(args.tasks, args.meetings, args.units, args.rebuild)
    if args.analyze:
        path = analyzed_copy(path)
    figures = asyncio.run(drive(path))
    figures.update(sort_pages(path))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"store: {args.tasks:,} tasks, {args.meetings:,} meetings, {args.units} units ({path})"
        + ("  [ANALYZE]" if args.analyze else "")
    )
    for label, secs in figures.items():
        target = 1.0 if label.startswith("first paint") else 0.1
        flag = "" if "background" in label or secs <= target else "  (over target)"
        print(f"  {label:40s} {secs * 1000:8.1f} ms{flag}")
    print(f"  {'peak RSS':40s} {peak_mb:8.1f} MB{'  (over target)' if peak_mb > 400 else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
