"""Extractor throughput.

    python benchmarks/extract_speed.py [SEEDS_DIR] [GOLD_DIR]

1. extract() over the seeds concatenated and repeated to >= 5 MB (as pasted: the
   first site footer ends the speech, so most of this input is cut as noise);
2. extract() over the seeds' cleaned bodies repeated to >= 5 MB (no footer: every
   copy runs through outline, kinds, owners and deadlines);
3. µs per deadline phrase for resolve_deadline over the gold deadline phrases.
Figures are characters and UTF-8 megabytes per second on one core, best of 3 runs;
the CPU-time figure in brackets is immune to other processes sharing the core.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tasktui.extract import extract  # noqa: E402
from tasktui.extract.clean import clean  # noqa: E402
from tasktui.extract.textio import read_speech_file  # noqa: E402

TARGET_BYTES = 5_000_000


def _repeat(text: str) -> str:
    unit = len(text.encode("utf-8")) or 1
    return (text + "\n") * (TARGET_BYTES // unit + 1)


ROUNDS = 3


def _rate(text: str) -> tuple[float, float, float, int, float]:
    """Best of ROUNDS runs: wall time, chars/s, MB/s, items, and MB/s by CPU time.

    The CPU-time figure is the one-core throughput even on a busy machine (other
    processes sharing the core inflate wall time, not process time)."""
    best_wall = best_cpu = float("inf")
    n = 0
    for _ in range(ROUNDS):
        t0, c0 = time.perf_counter(), time.process_time()
        ex = extract(text)
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
        n = len(ex.items)
    size = len(text.encode("utf-8"))
    return best_wall, len(text) / best_wall, size / best_wall / 1e6, n, size / max(best_cpu, 1e-9) / 1e6


def main(argv: list[str]) -> int:
    shared = ROOT.parent / "shared"
    seeds = Path(argv[0]) if argv else shared / "seeds"
    gold = Path(argv[1]) if len(argv) > 1 else shared / "gold"
    if not seeds.is_dir():
        print(f"skipped: seeds directory not found ({seeds}); ../shared is absent")
        return 0
    texts = [read_speech_file(p) for p in sorted(seeds.glob("*.txt"))]
    extract(texts[0])  # warm caches (unit directory, zhconv table, deadlines import)
    raw = _repeat("\n".join(texts))
    dt, cps, mbs, n, cpu = _rate(raw)
    print(
        f"as pasted : {len(raw):>9} chars in {dt:.2f}s  {cps / 1e6:.2f} M chars/s  {mbs:.2f} MB/s"
        f"  (CPU {cpu:.2f} MB/s, {n} items)"
    )
    body = _repeat("\n".join(clean(t).text for t in texts))
    dt, cps, mbs, n, cpu = _rate(body)
    print(
        f"bodies    : {len(body):>9} chars in {dt:.2f}s  {cps / 1e6:.2f} M chars/s  {mbs:.2f} MB/s"
        f"  (CPU {cpu:.2f} MB/s, {n} items)"
    )
    phrases: list[str] = []
    if gold.is_dir():
        for g in sorted(gold.glob("*.gold.json")):
            data = json.loads(g.read_text(encoding="utf-8"))
            phrases += [it["deadline"] for it in data.get("items", []) if it.get("deadline")]
    if phrases:
        from tasktui.extract.deadlines import resolve_deadline

        rounds = max(1, 20000 // len(phrases))
        meeting = date(2024, 3, 15)
        t0 = time.perf_counter()
        for _ in range(rounds):
            for p in phrases:
                resolve_deadline(p, meeting)
        dt = time.perf_counter() - t0
        print(f"deadlines : {len(phrases)} gold phrases x {rounds}: {dt / (rounds * len(phrases)) * 1e6:.1f} µs/phrase")
    else:
        print("deadlines : skipped (no gold deadline phrases found)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
