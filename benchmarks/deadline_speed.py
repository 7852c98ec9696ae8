"""Accuracy and speed of `resolve_deadline` over tests/data/deadline_cases.tsv.

Run: .venv/bin/python benchmarks/deadline_speed.py [--repeat N]
Prints figures; it is not a test and asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import sys
import timeit
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from tasktui.extract.deadlines import resolve_deadline  # noqa: E402

CASES = ROOT / "tests" / "data" / "deadline_cases.tsv"


def load() -> list[tuple[str, date | None, str, str]]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            (
                r["phrase"],
                date.fromisoformat(r["meeting_date"]) if r["meeting_date"] else None,
                r["expected"],
                r["note"],
            )
            for r in rows
        ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=200, help="passes over the table per timing run")
    ap.add_argument("--runs", type=int, default=5, help="timing runs; the best is reported")
    args = ap.parse_args()

    cases = load()
    wrong = []
    for phrase, md, expected, note in cases:
        got = resolve_deadline(phrase, md).cli_value
        if got != expected:
            wrong.append((phrase, md, expected, got, note))
    right = len(cases) - len(wrong)
    print(f"cases:     {len(cases)}")
    print(f"accuracy:  {100.0 * right / len(cases):.1f}% ({right}/{len(cases)})")
    for phrase, md, expected, got, note in wrong:
        print(f"  WRONG {phrase!r} @ {md}: expected {expected}, got {got} ({note})")

    pairs = [(p, md) for p, md, _, _ in cases]

    def one_pass() -> None:
        for p, md in pairs:
            resolve_deadline(p, md)

    one_pass()  # warm-up: imports, lazily built calendar caches
    times = timeit.repeat(one_pass, number=args.repeat, repeat=args.runs)
    per_phrase_us = min(times) / (args.repeat * len(pairs)) * 1e6
    mean_us = sum(times) / len(times) / (args.repeat * len(pairs)) * 1e6
    print(
        f"speed:     {per_phrase_us:.2f} µs/phrase best run, {mean_us:.2f} µs/phrase mean "
        f"({args.runs} runs x {args.repeat} passes x {len(pairs)} phrases, one core)"
    )


if __name__ == "__main__":
    main()
