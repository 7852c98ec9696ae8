"""The extractor on ../shared/real: 32 real texts nobody here wrote (skipped when absent).

The floors are the figures reached, so a change that loses ground on real text fails here;
the issue's targets are in the note and the README. Scoring agrees with
../shared/tools/score.py (benchmarks/extract_eval.py)."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from helpers import REPO, SHARED

REAL = SHARED / "real"

pytestmark = pytest.mark.skipif(
    not ((REAL / "gold").is_dir() and (REAL / "texts").is_dir()),
    reason=f"real texts with gold not found at {REAL} (they live beside the repo, never in it)",
)

FLOORS = {
    "item_f1": 0.98,
    "dir_f1": 0.95,
    "kind_acc": 0.95,
    "tree_acc": 0.97,
    "owner_f1": 0.90,
    "deadline_acc": 0.90,  # 1.000 reached by limits (issue #11 part 5); .90 is the target
}


@pytest.fixture(scope="module")
def result() -> dict:
    spec = importlib.util.spec_from_file_location("extract_eval", REPO / "benchmarks" / "extract_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod.evaluate(REAL / "gold", REAL / "texts")


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_real_text_holds_its_ground(result: dict, metric: str) -> None:
    assert len(result["files"]) >= 30, "every real text was scored"
    assert result["overall"][metric] >= FLOORS[metric], result["overall"]


def test_every_real_text_gives_items(result: dict) -> None:
    empty = [name for name, fig in result["files"].items() if fig["pred"] == 0]
    assert not empty, empty
