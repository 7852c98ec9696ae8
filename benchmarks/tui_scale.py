"""How the UI copes with a big store: 100,000 tasks, 2,000 meetings, 300 units.

    .venv/bin/python benchmarks/tui_scale.py [--tasks N] [--rebuild] [--rounds 3] [--json]

Builds the store once with SQLAlchemy core bulk inserts (cached under /tmp, keyed by
size and schema version), then drives the real app headless and measures each key the
speed issue (#15) names, from the key to the table holding the answer: the first search
after start (pypinyin and cold caches included), searches (pinyin initials, full pinyin,
3+ / 2 / 1 Chinese characters, a unit's name, no match), a filter, a sort by every
sortable column both ways, and the next page (the first after a load, then paging on:
`--rounds` × 8 pages, median and max). Then peak RSS.
Repeatable keys are measured `--rounds` times (median reported, max beside it). Targets:
first paint <= 1.0 s, each key <= 100 ms, RSS <= 300 MB. Figures only; no asserts on wall
clock. `--json` prints the same figures as one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import json
import random
import resource
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from tasktui.clock import FixedClock
from tasktui.models import SCHEMA_VERSION, Department, Event, Meeting, Task, TaskCoOwner
from tasktui.search import pinyin_key, pinyin_sort_key
from tasktui.store.db import Store
from tasktui.store.lifecycle import ASSIGNED, CLOSED, DONE, IN_PROGRESS, PENDING, REJECTED
from tasktui.store.service import Service
from tasktui.ui.collector import CHECK_SECONDS, IDLE_PENDING, IDLE_SECONDS

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


def _known(model: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with only the model's columns: the same script builds a store of an older
    schema too (for before/after figures from one script)."""
    names = set(model.__table__.c.keys())
    return [{k: v for k, v in r.items() if k in names} for r in rows]


def build(path: Path, tasks: int, meetings: int, units: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    store = Store(f"sqlite:///{path}")
    now = datetime(2026, 11, 1, 9, 0)
    with store.engine.begin() as conn:
        names = [f"区第{i + 1}局" for i in range(units)]
        conn.execute(
            insert(Department),
            _known(
                Department,
                [
                    {"id": i + 1, "name": n, "sort_key": pinyin_sort_key(n), "search_key": pinyin_key(n)}
                    for i, n in enumerate(names)
                ],
            ),
        )
        mdates = [TODAY - timedelta(days=rnd.randint(0, 720)) for _ in range(meetings)]
        conn.execute(
            insert(Meeting),
            _known(
                Meeting,
                [
                    {
                        "id": i + 1,
                        "title": f"{d.year}年第{i + 1}次工作会议",
                        "sort_key": pinyin_sort_key(f"{d.year}年第{i + 1}次工作会议"),
                        "date": d,
                        "content_hash": f"bench{i}",
                        "imported_at": now,
                    }
                    for i, d in enumerate(mdates)
                ],
            ),
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
    # Keyed by the schema too (its version and its indexes): a schema change rebuilds the store.
    from sqlmodel import SQLModel

    indexes = sorted(str(ix.name) for table in SQLModel.metadata.tables.values() for ix in table.indexes)
    digest = hashlib.sha1(",".join(indexes).encode()).hexdigest()[:8]
    path = Path(f"/tmp/tasktui-bench-{tasks}-{meetings}-{units}-v{SCHEMA_VERSION}-{digest}.db")
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


SEARCHES: tuple[tuple[str, str], ...] = (
    ("search: pinyin initials (kcbx)", "kcbx"),
    ("search: full pinyin (gongnuan)", "gongnuan"),
    ("search: 4 characters (控辍保学)", "控辍保学"),
    ("search: 2 characters (校舍)", "校舍"),
    ("search: 1 character (暖)", "暖"),
    ("search: unit name (区第42局)", "区第42局"),
    ("search: no match, 5 characters (无此事项啊)", "无此事项啊"),
    ("search: no match, 1 character (鑫)", "鑫"),
    ("search: no match, ASCII (zzzq)", "zzzq"),
)
# Every column the table sorts by (its header or `s`), both ways (`r`).
SORTS: tuple[str, ...] = ("countdown", "status", "lead", "heading", "meeting", "id")
NEXT_PAGES = 8


async def drive(path: Path, rounds: int, cpu: dict[str, list[float]], counts: dict[str, int]) -> dict[str, list[float]]:
    from tasktui.config import UiConfig
    from tasktui.ui.app import TaskTuiApp
    from tasktui.ui.screens.main import MainScreen
    from tasktui.ui.tabs import Filters

    svc = Service(Store(f"sqlite:///{path}", create=False), clock=FixedClock(TODAY))
    app = TaskTuiApp(svc, UiConfig(poll_seconds=3600))
    out: dict[str, list[float]] = {}

    def main() -> MainScreen | None:
        return next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)

    async def until_loaded(since: int, rows: bool = False) -> None:
        # Poll the app's own state: the table got the reload that started after `since`.
        while True:
            screen = main()
            if screen is not None and screen.loaded_seq > since and (not rows or screen.table.row_count > 0):
                return
            await asyncio.sleep(0.001)

    async def idle(pilot) -> None:  # type: ignore[no-untyped-def]
        # Background work (tab counts) done before the next key, so keys are timed alone.
        await pilot.pause(0.05)
        while any(w.is_running for w in app.workers):
            await asyncio.sleep(0.005)
        # The person reads what the key showed: the collector's idle pass (ui/collector.py),
        # when one is due, runs now as it would then, not inside the next key.
        if app.collector.started and gc.get_count()[0] >= IDLE_PENDING:
            passes, until = app.collector.passes, time.perf_counter() + IDLE_SECONDS + CHECK_SECONDS + 0.2
            while app.collector.passes == passes and time.perf_counter() < until:
                await asyncio.sleep(0.01)
        await pilot.pause(0.05)

    # Full collector passes that ran while a key was being answered (should be none).
    in_key = [False]
    collected_in_keys: list[float] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and in_key[0] and info.get("generation") == 2:
            collected_in_keys.append(time.perf_counter())

    gc.callbacks.append(on_gc)

    t0 = time.perf_counter()
    async with app.run_test(size=(160, 45)) as pilot:
        await until_loaded(0, rows=True)
        out["first paint (table has rows)"] = [time.perf_counter() - t0]
        screen = main()
        assert screen is not None
        await idle(pilot)

        async def timed(label: str, act) -> None:  # type: ignore[no-untyped-def]
            since = screen.load_seq
            app.collector.note_input()  # as the key's event would (the app's on_event)
            in_key[0] = True
            t, c = time.perf_counter(), time.process_time()
            act()
            await until_loaded(since)
            out.setdefault(label, []).append(time.perf_counter() - t)
            cpu.setdefault(label, []).append(time.process_time() - c)
            in_key[0] = False
            await idle(pilot)

        def search(term: str | None):  # type: ignore[no-untyped-def]
            def act() -> None:
                screen.filters = replace(screen.filters, search=term)
                screen.reload()

            return act

        def sort(key: str, descending: bool):  # type: ignore[no-untyped-def]
            def act() -> None:
                screen.table.sort_key, screen.table.descending = key, descending
                screen.on_task_table_sort_changed(screen.table.SortChanged(key, descending))

            return act

        # The first search after start: nothing searched yet in this process.
        await timed("first search after start (kcbx)", search("kcbx"))
        await timed("clear search", search(None))
        await timed("switch view (全部)", lambda: screen.action_view(6))
        for _ in range(rounds):
            for label, term in SEARCHES:
                await timed(label, search(term))
            screen.filters = Filters()
            screen.reload()
            await idle(pilot)

            def unit_filter() -> None:
                screen.filters = Filters(unit="区第42局")
                screen.reload()

            await timed("filter: unit (区第42局)", unit_filter)

            def status_filter() -> None:
                screen.filters = Filters(status="整改中")
                screen.reload()

            await timed("filter: status (整改中)", status_filter)
            screen.filters = Filters()
            screen.reload()
            await idle(pilot)
            for key in SORTS:
                for descending in (False, True):
                    await timed(f"sort: {key}{' desc' if descending else ''}", sort(key, descending))
            await timed("sort: countdown (back)", sort("countdown", False))
            await timed("switch view (逾期)", lambda: screen.action_view(3))
            await timed("switch view (全部)", lambda: screen.action_view(6))

        # Next page: the cursor near the end of what is loaded asks for the next page. The
        # first after a load is read then; from the second on, someone paging on, the
        # screen has read it ahead. NEXT_PAGES per round, for the worst cases.
        for i in range(NEXT_PAGES * rounds):
            label = "next page: paging on" if i else "next page: first after a load"
            before = len(screen.table.rows_data)
            app.collector.note_input()
            in_key[0] = True
            t, c = time.perf_counter(), time.process_time()
            screen.table.move_cursor(row=before - 1)
            while len(screen.table.rows_data) == before:
                await asyncio.sleep(0.001)
            out.setdefault(label, []).append(time.perf_counter() - t)
            cpu.setdefault(label, []).append(time.process_time() - c)
            in_key[0] = False
            await idle(pilot)
        await app.action_quit()
    gc.callbacks.remove(on_gc)
    svc.store.dispose()
    counts["collector passes inside keys"] = len(collected_in_keys)
    return out


def sort_pages(path: Path, repeat: int = 5) -> dict[str, list[float]]:
    """The first page of 全部 in each sort order, straight from the service: the UI's
    sort figures without the app's scheduling."""
    from tasktui.ui.tabs import view_query

    svc = Service(Store(f"sqlite:///{path}", create=False), clock=FixedClock(TODAY))
    out: dict[str, list[float]] = {}
    base = view_query("all", TODAY)
    try:
        for key in SORTS:
            for desc in (False, True):
                q = replace(base, sort=key, descending=desc, offset=0, limit=101)
                label = f"service page: {key}{' desc' if desc else ''}"
                for _ in range(repeat):
                    t = time.perf_counter()
                    svc.task_page(q)
                    out.setdefault(label, []).append(time.perf_counter() - t)
    finally:
        svc.store.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--meetings", type=int, default=2_000)
    ap.add_argument("--units", type=int, default=300)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--rounds", type=int, default=3, help="how many times each repeatable key is timed")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON (ms) instead of text")
    ap.add_argument(
        "--analyze",
        action="store_true",
        help="run on a copy with planner statistics (ANALYZE), as `db upgrade` leaves it",
    )
    args = ap.parse_args()
    path = cached_store(args.tasks, args.meetings, args.units, args.rebuild)
    if args.analyze:
        path = analyzed_copy(path)
    cpu: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    figures = asyncio.run(drive(path, args.rounds, cpu, counts))
    figures.update(sort_pages(path))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    summary = {
        label: {
            "median_ms": round(statistics.median(v) * 1000, 1),
            "max_ms": round(max(v) * 1000, 1),
            "n": len(v),
            # CPU time of the whole process (UI and workers) from key to answer: steadier
            # than wall time on a loaded machine.
            **(
                {
                    "median_cpu_ms": round(statistics.median(cpu[label]) * 1000, 1),
                    # Wall-clock worst cases on a shared machine include other processes;
                    # the CPU worst case is this process's own.
                    "max_cpu_ms": round(max(cpu[label]) * 1000, 1),
                }
                if label in cpu
                else {}
            ),
        }
        for label, v in figures.items()
    }
    if args.json:
        print(
            json.dumps(
                {
                    "tasks": args.tasks,
                    "meetings": args.meetings,
                    "units": args.units,
                    "schema": SCHEMA_VERSION,
                    "analyze": args.analyze,
                    "keys": summary,
                    "peak_rss_mb": round(peak_mb, 1),
                    **counts,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    print(
        f"store: {args.tasks:,} tasks, {args.meetings:,} meetings, {args.units} units ({path})"
        + ("  [ANALYZE]" if args.analyze else "")
    )
    print(f"  {'key':46s} {'median':>9s} {'max':>9s} {'CPU':>9s} {'CPU max':>9s}")
    for label, fig in summary.items():
        target = 1000.0 if label.startswith("first paint") else 100.0
        flag = "" if fig["max_ms"] <= target else "  (over target)"
        cpu_ms = f"{fig['median_cpu_ms']:6.1f} ms {fig['max_cpu_ms']:6.1f} ms" if "median_cpu_ms" in fig else " " * 19
        print(f"  {label:46s} {fig['median_ms']:6.1f} ms {fig['max_ms']:6.1f} ms {cpu_ms}  ×{fig['n']}{flag}")
    print(f"  {'peak RSS':46s} {peak_mb:6.1f} MB{'  (over target)' if peak_mb > 300 else ''}")
    for label, n in counts.items():
        print(f"  {label:46s} {n:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
