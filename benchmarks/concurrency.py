"""Many users at once: N processes × M mixed updates on one shared store.

    python benchmarks/concurrency.py                       # SQLite and PostgreSQL, 8 × 500
    python benchmarks/concurrency.py --backend sqlite --procs 4 --updates 30 --json
    python benchmarks/concurrency.py --db postgresql+psycopg://…   # an existing, empty database

Each worker reads a random task, then updates it carrying the version it read: progress
notes and done (as the lead unit), notes, deadline changes, verify/reopen (as the office).
A stale version is refused (counted as `stale`, an expected outcome); a lifecycle refusal
is counted as `refused`. Afterwards it checks that every accepted update is in the history
exactly once and nothing else is, that versions per task are strictly increasing in history
order and end at 1 + accepted updates, that the status history is a consistent chain ending
in the current status, and that no worker saw "database is locked". Exit 1 if any check fails.

PostgreSQL: without --db it starts a throwaway cluster like the tests (tests/pg.py).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

UNITS = ["区教体局", "区卫健局", "区财政局", "区住建局", "区民政局", "区交通局", "区农业农村局", "区应急局"]
TASKS = 48


@dataclass
class WorkerResult:
    worker: int
    accepted: list[tuple[int, int, str]] = field(default_factory=list)  # (task, version after, token)
    stale: int = 0
    refused: int = 0
    locked: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def setup_store(url: str) -> None:
    from tasktui.clock import SystemClock
    from tasktui.exchange.taskfile import parse_task_file
    from tasktui.store.db import Store
    from tasktui.store.service import Service

    lines = ['office = "区政府督查室"']
    for u in UNITS:
        lines += ["[[departments]]", f'name = "{u}"']
    lines += ["[[meetings]]", 'title = "并发测试会议"', "date = 2026-11-01"]
    for i in range(TASKS):
        lines += [
            "[[meetings.tasks]]",
            f'outline = "{i + 1}"',
            f'heading = "督办事项{i + 1}"',
            f'lead = "{UNITS[i % len(UNITS)]}"',
            "deadline = 2026-12-31",
        ]
    store = Store(url)
    svc = Service(store, clock=SystemClock())
    tf = parse_task_file(
        "\n".join(lines),
        filename="bench.toml",
        departments=svc.known_department_names(),
        now=svc.clock.now(),
        today=svc.clock.today(),
    )
    svc.apply_task_file(tf)
    store.dispose()


def worker(args: tuple[str, int, int, int, Any]) -> WorkerResult:
    url, index, updates, seed, barrier = args
    from sqlalchemy.exc import OperationalError

    from tasktui.store.db import Store
    from tasktui.store.errors import RuleError, StaleEditError, StoreBusyError
    from tasktui.store.lifecycle import ASSIGNED, CLOSED, DONE, IN_PROGRESS
    from tasktui.store.service import Service
    from tasktui.store.views import Actor

    rng = random.Random(seed * 1000 + index)
    store = Store(url)
    office = Service(store, Actor.office("区政府督查室"))
    units = {u: Service(store, Actor.department(u)) for u in UNITS}
    res = WorkerResult(index)
    barrier.wait()
    t0 = time.perf_counter()
    for n in range(updates):
        token = f"w{index}-{n}"
        task_id = rng.randint(1, TASKS)
        try:
            row = office.get_task(task_id).row
            unit = units[row.lead or UNITS[0]]
            v, st = row.version, row.status
            roll = rng.random()
            if st in (ASSIGNED, IN_PROGRESS):
                if roll < 0.4:
                    out = unit.report_progress(task_id, f"进展 {token}", expected_version=v)
                elif roll < 0.55:
                    out = unit.mark_done(task_id, token, expected_version=v)
                elif roll < 0.8:
                    day = date(2026, 12, 1) + timedelta(days=rng.randint(0, 120))
                    out = office.set_deadline(task_id, day, note=token, expected_version=v)
                else:
                    out = unit.add_note(task_id, token, expected_version=v)
            elif st == DONE:
                out = (office.verify if roll < 0.5 else office.reopen)(task_id, token, expected_version=v)
            elif st == CLOSED:
                out = office.reopen(task_id, token, expected_version=v)
            else:
                out = office.add_note(task_id, token, expected_version=v)
            res.accepted.append((task_id, out.version, token))
        except StaleEditError:
            res.stale += 1
        except RuleError:
            res.refused += 1
        except StoreBusyError:  # the store's bounded wait ran out: "locked", in words
            res.locked += 1
        except OperationalError as exc:
            if "locked" in str(exc).lower():
                res.locked += 1
            else:
                res.errors.append(f"{token}: {exc}"[:300])
        except Exception as exc:  # noqa: BLE001 - reported, and fails the run
            res.errors.append(f"{token}: {type(exc).__name__}: {exc}"[:300])
    res.seconds = time.perf_counter() - t0
    store.dispose()
    return res


def verify(url: str, results: list[WorkerResult]) -> list[str]:
    """Every invariant the issue names; returns the problems found."""
    from sqlmodel import select

    from tasktui.models import Event, Task
    from tasktui.store.db import Store

    problems: list[str] = []
    accepted = {tok: (task, ver) for r in results for task, ver, tok in r.accepted}
    if len(accepted) != sum(len(r.accepted) for r in results):
        problems.append("duplicate tokens among accepted updates")
    store = Store(url)
    with store.session() as s:
        tasks = {t.id: t for t in s.exec(select(Task))}
        events = s.exec(select(Event).order_by(Event.id)).all()
    store.dispose()
    by_token: dict[str, Event] = {}
    for e in events:
        text = f"{e.note or ''}"
        tok = text.split(" ")[-1] if text else ""
        if tok.startswith("w") and "-" in tok:
            if tok in by_token:
                problems.append(f"update {tok} recorded twice")
            by_token[tok] = e
    lost = set(accepted) - set(by_token)
    phantom = set(by_token) - set(accepted)
    if lost:
        problems.append(f"{len(lost)} accepted updates missing from the history, e.g. {sorted(lost)[:3]}")
    if phantom:
        problems.append(
            f"{len(phantom)} history entries for updates that were not accepted, e.g. {sorted(phantom)[:3]}"
        )
    per_task: dict[int, list[tuple[int, int]]] = {}
    for tok, (task, ver) in accepted.items():
        if tok in by_token:
            per_task.setdefault(task, []).append((by_token[tok].id or 0, ver))
    for task_id, task in tasks.items():
        seq = [ver for _, ver in sorted(per_task.get(task_id or 0, []))]
        if any(b <= a for a, b in zip(seq, seq[1:])):
            problems.append(f"task #{task_id}: versions not strictly increasing in history order: {seq[:10]}…")
        if task.version != 1 + len(seq):
            problems.append(f"task #{task_id}: version {task.version} but {len(seq)} accepted updates (lost update?)")
        history = [e for e in events if e.task_id == task_id]
        if history and history[-1].status_after != task.status:
            problems.append(f"task #{task_id}: status {task.status} but history ends in {history[-1].status_after}")
        for prev, cur in zip(history, history[1:]):
            if cur.action in ("progress", "done", "verified", "reopened") and cur.from_value != prev.status_after:
                problems.append(
                    f"task #{task_id}: event {cur.id} moves from {cur.from_value}, history said {prev.status_after}"
                )
                break
            if cur.action in ("note", "deadline_changed") and cur.status_after != prev.status_after:
                problems.append(f"task #{task_id}: event {cur.id} ({cur.action}) changed the status")
                break
    locked = sum(r.locked for r in results)
    if locked:
        problems.append(f"workers saw 'database is locked' {locked} times")
    for r in results:
        problems += [f"worker {r.worker}: {e}" for e in r.errors[:3]]
    return problems


def run(url: str, procs: int, updates: int, seed: int) -> dict[str, Any]:
    setup_store(url)
    ctx = mp.get_context("spawn")  # clean interpreters: no inherited engines or sockets
    barrier = ctx.Manager().Barrier(procs + 1)
    with ctx.Pool(procs) as pool:
        pending = pool.map_async(worker, [(url, i, updates, seed, barrier) for i in range(procs)])
        barrier.wait()  # all workers are ready: time only the updates
        t0 = time.perf_counter()
        results = pending.get(timeout=1800)
        wall = time.perf_counter() - t0
    problems = verify(url, results)
    ok = sum(len(r.accepted) for r in results)
    attempts = procs * updates
    return {
        "backend": url.split(":", 1)[0].split("+")[0],
        "procs": procs,
        "updates_per_proc": updates,
        "attempts": attempts,
        "accepted": ok,
        "stale": sum(r.stale for r in results),
        "refused": sum(r.refused for r in results),
        "locked": sum(r.locked for r in results),
        "seconds": round(wall, 3),
        "attempts_per_s": round(attempts / wall, 1),
        "accepted_per_s": round(ok / wall, 1),
        "problems": problems,
        "ok": not problems,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--procs", type=int, default=8)
    ap.add_argument("--updates", type=int, default=500)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--db", help="use this (empty) database instead of a throwaway one")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print one JSON object per backend")
    a = ap.parse_args(argv)
    reports = []
    if a.db:
        reports.append(run(a.db, a.procs, a.updates, a.seed))
    else:
        if a.backend in ("sqlite", "both"):
            with tempfile.TemporaryDirectory() as d:
                reports.append(run(f"sqlite:///{d}/bench.db", a.procs, a.updates, a.seed))
        if a.backend in ("postgresql", "both"):
            from pg import PgCluster, unavailable_reason

            reason = unavailable_reason()
            if reason:
                print(f"PostgreSQL skipped: {reason}", file=sys.stderr)
            else:
                with PgCluster() as pg:
                    reports.append(run(pg.url(pg.create_database("bench")), a.procs, a.updates, a.seed))
    for r in reports:
        if a.json:
            print(json.dumps(r, ensure_ascii=False))
        else:
            print(
                f"{r['backend']:>10}: {r['procs']} procs × {r['updates_per_proc']} updates in {r['seconds']} s — "
                f"{r['attempts_per_s']} attempts/s, {r['accepted_per_s']} accepted/s; accepted {r['accepted']}, "
                f"stale {r['stale']}, refused {r['refused']}, locked {r['locked']} — "
                + ("all checks passed" if r["ok"] else "PROBLEMS:\n  " + "\n  ".join(r["problems"]))
            )
    return 0 if reports and all(r["ok"] for r in reports) else 1


if __name__ == "__main__":
    raise SystemExit(main())
