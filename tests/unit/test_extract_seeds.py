"""The extractor against the shared gold annotations (skipped without ../shared)."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from helpers import REPO, SHARED

GOLD, SEEDS = SHARED / "gold", SHARED / "seeds"

pytestmark = pytest.mark.skipif(
    not (GOLD.is_dir() and SEEDS.is_dir()),
    reason=f"shared gold/seeds not found at {SHARED} (they live beside the repo, not in it)",
)

TARGETS = {"item_f1": 0.98, "dir_f1": 0.95, "kind_acc": 0.95, "tree_acc": 0.95, "owner_f1": 0.85, "deadline_acc": 0.90}


def _evaluate() -> dict:
    spec = importlib.util.spec_from_file_location("extract_eval", REPO / "benchmarks" / "extract_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while building
    spec.loader.exec_module(mod)
    return mod.evaluate(GOLD, SEEDS)


@pytest.fixture(scope="module")
def result() -> dict:
    return _evaluate()


@pytest.mark.parametrize("metric,target", sorted(TARGETS.items()))
def test_overall_targets(result: dict, metric: str, target: float) -> None:
    assert result["files"], "no gold files were scored"
    assert result["overall"][metric] >= target, {k: v for k, v in result["overall"].items()}


def test_every_seed_extracts_something(result: dict) -> None:
    for name, fig in result["files"].items():
        assert fig["item_f1"] >= 0.8, (name, fig["errors"][:5])
