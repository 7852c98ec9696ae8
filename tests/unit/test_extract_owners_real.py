"""Owners on the real texts of ../shared/real (skipped when it is absent).

The yardstick is ../shared/tools/score.py: gold and extracted items are matched in reading
order by the first 8 characters of their heading (spaces and punctuation removed); owners
are scored on matched items whose gold kind is directive, a phrase counting when it
contains or is contained in a gold phrase. This test repeats that rule in-process so that
the suite guards the figure without running the command per file.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import SHARED

from tasktui.extract import extract
from tasktui.extract.textio import read_speech_file

REAL = SHARED / "real"
pytestmark = pytest.mark.skipif(
    not (REAL / "gold").is_dir(), reason=f"real texts with gold not found at {REAL} (they live beside the repo)"
)

_PUNCT = re.compile(r"[\s\W_]+")
OWNER_F1_TARGET = 0.90


def _norm(s: str) -> str:
    return _PUNCT.sub("", s or "")


def _key(text: str) -> str:
    return _norm(text)[:8]


def _overlap(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a) and bool(b) and (a in b or b in a)


def _pairs(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    used: set[int] = set()
    out = []
    for g in gold:
        gk = _key(g["text"])
        if not gk:
            continue
        for j, p in enumerate(pred):
            pk = _key(p["text"])
            if j in used:
                continue
            if pk == gk or (pk and (len(pk) < 8 or len(gk) < 8) and (pk.startswith(gk) or gk.startswith(pk))):
                used.add(j)
                out.append((g, p))
                break
    return out


def _meeting_date(gold: dict) -> date | None:
    if gold.get("meeting_date"):
        return date.fromisoformat(gold["meeting_date"])
    return date(gold["year"], 1, 1) if gold.get("year") else None


def _owner_counts(gold_file: Path) -> tuple[int, int, int]:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text = read_speech_file(REAL / "texts" / gold_file.name.removesuffix(".gold.json"))
    pred = [it.to_json() for it in extract(text, _meeting_date(gold)).items]
    tp = npred = ngold = 0
    for g, p in _pairs(gold["items"], pred):
        if g["kind"] != "directive":
            continue
        go = [o for o in g.get("owners") or [] if _norm(o)]
        po = [o for o in p["owners"] if _norm(o)]
        npred += len(po)
        ngold += len(go)
        tp += min(sum(any(_overlap(o, x) for x in go) for o in po), sum(any(_overlap(o, x) for x in po) for o in go))
    return tp, npred, ngold


def test_owner_f1_on_real_texts() -> None:
    tp = npred = ngold = 0
    for gold_file in sorted((REAL / "gold").glob("*.gold.json")):
        a, b, c = _owner_counts(gold_file)
        tp, npred, ngold = tp + a, npred + b, ngold + c
    assert ngold, "no gold owners were scored"
    precision, recall = tp / npred if npred else 1.0, tp / ngold
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= OWNER_F1_TARGET, (
        f"owner F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f}; {tp}/{ngold} gold, {npred} predicted)"
    )
