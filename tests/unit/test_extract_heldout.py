"""The extractor against the multi-domain sets written by independent examiners
(tests/fixtures/heldout*, in the repo, so this always runs): a guard against tuning the
extractor to the five education seeds."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from helpers import FIXTURES, REPO

SETS = FIXTURES

# Issue #11: every fixture set at .97 or more on each field. Their gold follows
# ../shared/gold/FORMAT.md (bare frequencies, start points and a conditional 立即 are no
# deadline phrase); these sets were written for the project: regression tests only.
TARGETS = {"item_f1": 0.97, "dir_f1": 0.97, "kind_acc": 0.97, "tree_acc": 0.97, "owner_f1": 0.97, "deadline_acc": 0.97}
EXCEPTIONS: dict[tuple[str, str], float] = {}


def _eval_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("extract_eval", REPO / "benchmarks" / "extract_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    mod = _eval_module()
    return {
        name: mod.evaluate(SETS / name / "gold", SETS / name / "speeches")
        for name in ("heldout", "heldout2", "heldout3", "heldout4")
    }


@pytest.mark.parametrize("name", ["heldout", "heldout2", "heldout3", "heldout4"])
@pytest.mark.parametrize("metric", sorted(TARGETS))
def test_targets_on_unseen_domains(results: dict[str, dict], name: str, metric: str) -> None:
    result = results[name]
    expected_files = len(list((SETS / name / "speeches").glob("*.txt")))
    assert len(result["files"]) == expected_files >= 6, "every speech of the set was scored"
    target = EXCEPTIONS.get((name, metric), TARGETS[metric])
    assert result["overall"][metric] >= target, result["overall"]
