"""What one browser session of `tasktui serve` costs, and how many a machine holds.

    .venv/bin/python benchmarks/serve_sessions.py [--sessions 1 10 20] [--settle 4] [--json]

Starts the real server on the demo store, logs in (one web user per session, so the
per-user cap does not apply), opens each session's websocket the way the page does
(160×45) and waits until its app has drawn the table and gone quiet. Then, per app
process, from /proc: RSS, PSS (shared pages split between the processes sharing them:
the figure that adds up), and the CPU it took to start (user + system). Then idle CPU
over `--settle` seconds (a session nobody types in). Then each level's server RSS.

The capacity line divides a 2-core / 24 GB machine: memory at 80 % of 24 GB over the
PSS of one session, and start-up at 2 cores over the start CPU (how many can log in per
second: the morning rush). The lower memory figure is the number of sessions it holds.
Figures only; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from web_helpers import AppSocket, add_users, client, demo_store, login, serve  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
MACHINE_GB, MACHINE_CORES = 24, 2


def _proc(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    pss = next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICK
    return {"rss_mb": rss / 1024, "pss_mb": pss / 1024, "cpu_s": cpu}


async def _level(n: int, settle: float) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    db = demo_store(folder)
    users = folder / "store.db.web-users.json"
    add_users(users, {f"u{i}": ("区教体局", None) for i in range(n)})
    served = serve(db, users, folder, ["--max-sessions", str(max(n, 60))])
    try:
        sessions = [client() for _ in range(n)]
        for i, cs in enumerate(sessions):
            assert await login(cs, served, f"u{i}") == 303
        t0 = time.monotonic()
        sockets = []
        for cs in sessions:
            ws = await cs.ws_connect(served.url("/ws?width=160&height=45"), headers={"Origin": served.origin})
            sockets.append(AppSocket(ws))
        drawn = await asyncio.gather(*(s.pump(60, until="抓实控辍保学") for s in sockets))
        all_drawn = time.monotonic() - t0
        await asyncio.gather(*(s.pump(1.5) for s in sockets))  # until quiet
        pids = served.children()
        start = {pid: _proc(pid) for pid in pids}
        await asyncio.gather(*(s.pump(settle) for s in sockets))
        after = {pid: _proc(pid) for pid in pids}
        server = _proc(served.process.pid)
        for s in sockets:
            await s.ws.close()
        for cs in sessions:
            await cs.close()
    finally:
        served.stop()
    pss = [start[p]["pss_mb"] for p in pids]
    rss = [start[p]["rss_mb"] for p in pids]
    cpu = [start[p]["cpu_s"] for p in pids]
    idle = [(after[p]["cpu_s"] - start[p]["cpu_s"]) / settle * 100 for p in pids]
    return {
        "sessions": n,
        "drawn": sum(drawn),
        "all_drawn_s": round(all_drawn, 2),
        "rss_mb": round(statistics.median(rss), 1),
        "pss_mb": round(statistics.median(pss), 1),
        "pss_total_mb": round(sum(pss), 1),
        "start_cpu_s": round(statistics.median(cpu), 2),
        "idle_cpu_pct": round(statistics.median(idle), 2),
        "server_rss_mb": round(server["rss_mb"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 20])
    parser.add_argument("--settle", type=float, default=4.0, help="seconds of idle CPU measured")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [asyncio.run(_level(n, args.settle)) for n in args.sessions]
    worst = max(rows, key=lambda r: float(r["pss_mb"]))  # type: ignore[arg-type]
    pss = float(worst["pss_mb"])  # type: ignore[arg-type]
    start_cpu = float(worst["start_cpu_s"])  # type: ignore[arg-type]
    idle_pct = max(float(r["idle_cpu_pct"]) for r in rows)  # type: ignore[arg-type]
    by_memory = int(MACHINE_GB * 1024 * 0.8 / pss)
    by_idle_cpu = int(MACHINE_CORES * 100 * 0.5 / idle_pct) if idle_pct > 0 else None
    capacity = {
        "by_memory": by_memory,
        "by_idle_cpu_at_half_load": by_idle_cpu,
        "logins_per_second": round(MACHINE_CORES / start_cpu, 1),
        "holds": min(x for x in (by_memory, by_idle_cpu) if x is not None),
    }
    if args.json:
        print(json.dumps({"levels": rows, "capacity": capacity}, ensure_ascii=False, indent=2))
        return
    print(
        "| sessions | drawn | all drawn (s) | RSS/session (MB) | PSS/session (MB) | PSS total (MB) "
        "| start CPU (s) | idle CPU (%) | server RSS (MB) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['sessions']} | {r['drawn']} | {r['all_drawn_s']} | {r['rss_mb']} | {r['pss_mb']} | "
            f"{r['pss_total_mb']} | {r['start_cpu_s']} | {r['idle_cpu_pct']} | {r['server_rss_mb']} |"
        )
    print(
        f"\nA {MACHINE_CORES}-core / {MACHINE_GB} GB machine: memory for {by_memory} sessions (80 % of RAM / "
        f"{pss} MB PSS); idle CPU for {by_idle_cpu or 'unbounded'} at half the cores; "
        f"{capacity['logins_per_second']} logins per second ({start_cpu} s CPU each). "
        f"Holds about {capacity['holds']} sessions; the default cap is 60."
    )


if __name__ == "__main__":
    main()
