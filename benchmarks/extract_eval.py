"""Score the extractor against gold annotations (../shared/gold/FORMAT.md).

    python benchmarks/extract_eval.py GOLD_DIR TEXT_DIR [--json]

Items are matched in reading order (longest common subsequence) by the first 8
non-space, non-punctuation characters of `text`. Reported per file and overall:
item P/R/F1, directive P/R/F1, kind and tree accuracy on matched items, owner
P/R/F1 (a phrase counts when it contains or is contained in a gold phrase of the
matched item) and deadline-phrase accuracy on matched items (both null = right).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tasktui.extract import extract  # noqa: E402
from tasktui.extract.textio import read_speech_file  # noqa: E402

KEY_LEN = 8


def item_key(text: str | None) -> str:
    out = []
    for ch in text or "":
        cat = unicodedata.category(ch)
        if ch.isspace() or cat[0] in "PSZC":
            continue
        out.append(ch)
        if len(out) == KEY_LEN:
            break
    return "".join(out)


def _nospace(s: str | None) -> str | None:
    return None if s is None else "".join(s.split())


def align(gold_keys: list[str], pred_keys: list[str]) -> list[tuple[int, int]]:
    """Longest common subsequence of keys: (gold index, predicted index) pairs."""
    n, m = len(gold_keys), len(pred_keys)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if gold_keys[i] and gold_keys[i] == pred_keys[j]:
                dp[i][j] = dp[i + 1][j + 1] + 1
            else:
                dp[i][j] = max(dp[i + 1][j], dp[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if gold_keys[i] and gold_keys[i] == pred_keys[j]:
            pairs.append((i, j))
            i += 1
            j += 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    dir_gold: int = 0
    dir_pred: int = 0
    dir_tp: int = 0
    kind_ok: int = 0
    tree_ok: int = 0
    own_gold: int = 0
    own_pred: int = 0
    own_gold_hit: int = 0
    own_pred_hit: int = 0
    dl_ok: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            if name != "errors":
                setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _prf(tp_p: int, pred: int, tp_r: int, gold: int) -> tuple[float, float, float]:
        p = tp_p / pred if pred else (1.0 if not gold else 0.0)
        r = tp_r / gold if gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def figures(self) -> dict[str, float]:
        ip, ir, if1 = self._prf(self.matched, self.pred, self.matched, self.gold)
        dp, dr, df = self._prf(self.dir_tp, self.dir_pred, self.dir_tp, self.dir_gold)
        op, orr, of = self._prf(self.own_pred_hit, self.own_pred, self.own_gold_hit, self.own_gold)
        m = self.matched or 1
        return {
            "item_p": ip,
            "item_r": ir,
            "item_f1": if1,
            "dir_p": dp,
            "dir_r": dr,
            "dir_f1": df,
            "kind_acc": self.kind_ok / m,
            "tree_acc": self.tree_ok / m,
            "owner_p": op,
            "owner_r": orr,
            "owner_f1": of,
            "deadline_acc": self.dl_ok / m,
        }


def _owner_match(a: str, b: str) -> bool:
    a, b = "".join(a.split()), "".join(b.split())
    return bool(a and b) and (a in b or b in a)


def score_file(gold: dict, text: str) -> Counts:
    ex = extract(text)
    g_items = gold.get("items", [])
    p_items = ex.items
    c = Counts(gold=len(g_items), pred=len(p_items))
    c.dir_gold = sum(1 for g in g_items if g.get("kind") == "directive")
    c.dir_pred = sum(1 for p in p_items if p.kind == "directive")
    pairs = align([item_key(g.get("text")) for g in g_items], [item_key(p.text) for p in p_items])
    c.matched = len(pairs)
    g2p = {gi: pi for gi, pi in pairs}
    gold_index = {g.get("id"): i for i, g in enumerate(g_items)}
    pred_index = {p.id: j for j, p in enumerate(p_items)}
    matched_g = set(g2p)
    matched_p = set(g2p.values())
    for gi, pi in pairs:
        g, p = g_items[gi], p_items[pi]
        label = f"{g.get('id')}~{p.id}"
        if g.get("kind") == "directive" and p.kind == "directive":
            c.dir_tp += 1
        if g.get("kind") == p.kind:
            c.kind_ok += 1
        else:
            c.errors.append(f"kind {label}: gold {g.get('kind')} got {p.kind} «{p.text[:20]}»")
        gp = _parent_id(g.get("id", ""))
        g_parent = gold_index.get(gp) if gp else None
        p_parent = pred_index.get(p.parent_id) if p.parent_id else None
        if (g_parent is None and p_parent is None) or (
            g_parent is not None and g2p.get(g_parent) == p_parent and p_parent is not None
        ):
            c.tree_ok += 1
        else:
            c.errors.append(f"tree {label}: gold parent {gp} got {p.parent_id}")
        g_own = [o for o in g.get("owners", []) if o]
        p_own = [o for o in p.owners if o]
        c.own_gold += len(g_own)
        c.own_pred += len(p_own)
        c.own_gold_hit += sum(1 for o in g_own if any(_owner_match(o, q) for q in p_own))
        c.own_pred_hit += sum(1 for q in p_own if any(_owner_match(o, q) for o in g_own))
        miss = [o for o in g_own if not any(_owner_match(o, q) for q in p_own)]
        extra = [q for q in p_own if not any(_owner_match(o, q) for o in g_own)]
        if miss or extra:
            c.errors.append(f"owners {label}: missed {miss} extra {extra}")
        if _nospace(g.get("deadline")) == _nospace(p.deadline_phrase):
            c.dl_ok += 1
        else:
            c.errors.append(f"deadline {label}: gold {g.get('deadline')!r} got {p.deadline_phrase!r}")
    for gi, g in enumerate(g_items):
        if gi not in matched_g:
            c.own_gold += len(g.get("owners", []))
            c.errors.append(f"missed item {g.get('id')} {g.get('marker')} «{(g.get('text') or '')[:20]}»")
    for pi, p in enumerate(p_items):
        if pi not in matched_p:
            c.own_pred += len(p.owners)
            c.errors.append(f"extra item {p.id} {p.marker} «{p.text[:20]}»")
    return c


def _parent_id(item_id: str) -> str | None:
    return item_id.rsplit(".", 1)[0] if "." in item_id else None


def evaluate(gold_dir: Path, text_dir: Path) -> dict:
    """Per-file and overall figures (plus error lists) as a dict."""
    total = Counts()
    files: dict[str, dict] = {}
    for gpath in sorted(Path(gold_dir).glob("*.gold.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        source = gold.get("source") or gpath.name.removesuffix(".gold.json")
        tpath = Path(text_dir) / source
        if not tpath.exists():
            continue
        c = score_file(gold, read_speech_file(tpath))
        total.add(c)
        files[source] = {**c.figures(), "gold": c.gold, "pred": c.pred, "errors": c.errors}
    return {"files": files, "overall": {**total.figures(), "gold": total.gold, "pred": total.pred}}


_COLS = [
    ("item_f1", "item F1"),
    ("item_p", "P"),
    ("item_r", "R"),
    ("dir_f1", "dir F1"),
    ("kind_acc", "kind"),
    ("tree_acc", "tree"),
    ("owner_f1", "owner F1"),
    ("owner_p", "oP"),
    ("owner_r", "oR"),
    ("deadline_acc", "deadline"),
]


def _row(name: str, fig: dict) -> str:
    return f"{name:<28}" + "".join(f"{fig[k]:>9.3f}" for k, _ in _COLS) + f"{fig['gold']:>6}{fig['pred']:>6}"


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    shared = ROOT.parent / "shared"
    gold_dir = Path(args[0]) if args else shared / "gold"
    text_dir = Path(args[1]) if len(args) > 1 else shared / "seeds"
    if not gold_dir.is_dir() or not text_dir.is_dir():
        print(f"skipped: gold/text directories not found ({gold_dir}, {text_dir}); ../shared is absent")
        return 0
    result = evaluate(gold_dir, text_dir)
    if "--json" in argv:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"{'file':<28}" + "".join(f"{h:>9}" for _, h in _COLS) + f"{'gold':>6}{'pred':>6}")
    for name, fig in result["files"].items():
        print(_row(name[:27], fig))
    print(_row("OVERALL", result["overall"]))
    if "--errors" in argv or "-v" in argv:
        for name, fig in result["files"].items():
            for err in fig["errors"]:
                print(f"  {name[:3]} {err}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:] + (["--errors"] if "-v" in sys.argv else [])))
