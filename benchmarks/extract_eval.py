"""Score the extractor against gold annotations (../shared/gold/FORMAT.md).

    python benchmarks/extract_eval.py                 one line per set: seeds, shared/real, fixture sets
    python benchmarks/extract_eval.py --set real -v   that set per file, then every error with the rules that fired
    python benchmarks/extract_eval.py GOLD_DIR TEXT_DIR [-v] [--json]

The figures agree with `../shared/tools/score.py` (the scorer the issues quote), computed
in-process: items are matched greedily in reading order by the first 8 characters of
`text` without spaces and punctuation (a shorter key matches as a prefix); kind and tree
are judged on matched items; owners (P/R/F1, a phrase counts when it contains or is
contained in a gold phrase) and deadlines are judged on matched items whose GOLD kind is
directive, and deadline accuracy counts only items where the gold or the extractor has a
phrase. The meeting date given to the extractor is the gold's, else 1 January of its year.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tasktui.extract import ExtractedItem, extract  # noqa: E402
from tasktui.extract.textio import read_speech_file  # noqa: E402

KEY_LEN = 8
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures"


def sets() -> dict[str, tuple[Path, Path]]:
    """Every evaluation set this checkout can see: name → (gold dir, text dir)."""
    out = {"seeds": (SHARED / "gold", SHARED / "seeds"), "real": (SHARED / "real" / "gold", SHARED / "real" / "texts")}
    for d in sorted(FIXTURES.glob("heldout*")):
        out[d.name] = (d / "gold", d / "speeches")
    return {name: dirs for name, dirs in out.items() if dirs[0].is_dir() and dirs[1].is_dir()}


def item_key(text: str | None) -> str:
    return _PUNCT.sub("", text or "")[:KEY_LEN]


def _norm(s: str | None) -> str:
    return _PUNCT.sub("", s or "")


def overlap(a: str | None, b: str | None) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a) and bool(b) and (a in b or b in a)


def match(gold_keys: list[str], pred_keys: list[str]) -> list[tuple[int, int]]:
    """Greedy in reading order: each gold item takes the first unused predicted item with
    its key (or, when either key is shorter than 8, one that is a prefix of the other)."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i, gk in enumerate(gold_keys):
        if not gk:
            continue
        for j, pk in enumerate(pred_keys):
            if j in used:
                continue
            short = len(pk) < KEY_LEN or len(gk) < KEY_LEN
            if pk == gk or (pk and short and (pk.startswith(gk) or gk.startswith(pk))):
                used.add(j)
                pairs.append((i, j))
                break
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
    own_tp: int = 0
    dl_n: int = 0
    dl_ok: int = 0
    errors: list[dict] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            if name != "errors":
                setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
        p = tp / pred if pred else (1.0 if not gold else 0.0)
        r = tp / gold if gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def figures(self) -> dict[str, float]:
        ip, ir, if1 = self._prf(self.matched, self.pred, self.gold)
        dp, dr, df = self._prf(self.dir_tp, self.dir_pred, self.dir_gold)
        op, orr, of = self._prf(self.own_tp, self.own_pred, self.own_gold)
        m = self.matched
        return {
            "item_p": ip,
            "item_r": ir,
            "item_f1": if1,
            "dir_p": dp,
            "dir_r": dr,
            "dir_f1": df,
            "kind_acc": self.kind_ok / m if m else 0.0,
            "tree_acc": self.tree_ok / m if m else 0.0,
            "owner_p": op,
            "owner_r": orr,
            "owner_f1": of,
            "deadline_acc": self.dl_ok / self.dl_n if self.dl_n else 1.0,
        }


def _meeting_date(gold: dict) -> date | None:
    if gold.get("meeting_date"):
        try:
            return date.fromisoformat(gold["meeting_date"])
        except ValueError:
            return None
    return date(int(gold["year"]), 1, 1) if gold.get("year") else None


def _parent(item_id: str | None) -> str | None:
    s = str(item_id or "")
    return s.rsplit(".", 1)[0] if "." in s else None


def _rules(p: ExtractedItem, fld: str) -> str:
    fired = (getattr(p, "rules", None) or {}).get(fld) or []
    return f" [{', '.join(fired)}]" if fired else ""


def score_file(gold: dict, text: str) -> Counts:
    ex = extract(text, meeting_date=_meeting_date(gold))
    g_items = gold.get("items", [])
    p_items = ex.items
    c = Counts(gold=len(g_items), pred=len(p_items))
    c.dir_gold = sum(1 for g in g_items if g.get("kind") == "directive")
    c.dir_pred = sum(1 for p in p_items if p.kind == "directive")
    pairs = match([item_key(g.get("text")) for g in g_items], [item_key(p.text) for p in p_items])
    c.matched = len(pairs)
    g2p = {str(g_items[gi].get("id")): p_items[pi].id for gi, pi in pairs}

    def err(fld: str, g: dict | None, p: ExtractedItem | None, expected: object, got: object, rules: str = "") -> None:
        c.errors.append(
            {
                "field": fld,
                "gold_id": g.get("id") if g else None,
                "id": p.id if p else None,
                "text": ((g or {}).get("text") or (p.text if p else ""))[:24],
                "expected": expected,
                "got": got,
                "rules": rules.strip(" []"),
            }
        )

    for gi, pi in pairs:
        g, p = g_items[gi], p_items[pi]
        gk = g.get("kind")
        if gk == "directive" and p.kind == "directive":
            c.dir_tp += 1
        if gk == p.kind:
            c.kind_ok += 1
        else:
            err("kind", g, p, gk, p.kind, _rules(p, "kind"))
        gpar, ppar = _parent(g.get("id")), _parent(p.id)
        if (gpar is None and ppar is None) or (gpar is not None and g2p.get(gpar) == ppar):
            c.tree_ok += 1
        else:
            err("tree", g, p, f"parent {gpar}", f"parent {ppar}")
        if gk != "directive":
            continue
        g_own = [o for o in g.get("owners") or [] if _norm(o)]
        p_own = [o for o in p.owners if _norm(o)]
        c.own_gold += len(g_own)
        c.own_pred += len(p_own)
        c.own_tp += min(
            sum(1 for o in p_own if any(overlap(o, x) for x in g_own)),
            sum(1 for o in g_own if any(overlap(o, x) for x in p_own)),
        )
        miss = [o for o in g_own if not any(overlap(o, q) for q in p_own)]
        extra = [q for q in p_own if not any(overlap(o, q) for o in g_own)]
        if miss or extra:
            err("owners", g, p, miss, extra, _rules(p, "owners"))
        gdl, pdl = g.get("deadline"), p.deadline_phrase
        if gdl or pdl:
            c.dl_n += 1
            if gdl and pdl and overlap(gdl, pdl):
                c.dl_ok += 1
            else:
                err("deadline", g, p, gdl, pdl, _rules(p, "deadline"))
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    for gi, g in enumerate(g_items):
        if gi not in matched_g:
            err("missed", g, None, f"{g.get('marker')} {g.get('kind')}", None)
    for pi, p in enumerate(p_items):
        if pi not in matched_p:
            err("extra", None, p, None, f"{p.marker} {p.kind}", _rules(p, "kind"))
    return c


def evaluate(gold_dir: Path, text_dir: Path) -> dict:
    """Per-file and overall figures (with error lists) as a dict."""
    total = Counts()
    files: dict[str, dict] = {}
    for gpath in sorted(Path(gold_dir).glob("*.gold.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        source = gpath.name.removesuffix(".gold.json")
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


def _header(first: str) -> str:
    return f"{first:<28}" + "".join(f"{h:>9}" for _, h in _COLS) + f"{'gold':>6}{'pred':>6}"


def _row(name: str, fig: dict) -> str:
    return f"{name:<28}" + "".join(f"{fig[k]:>9.3f}" for k, _ in _COLS) + f"{fig['gold']:>6}{fig['pred']:>6}"


def _print_errors(result: dict) -> None:
    for name, fig in result["files"].items():
        for e in fig["errors"]:
            where = f"{e['gold_id'] or '-'}~{e['id'] or '-'}"
            rules = f"  rules: {e['rules']}" if e["rules"] else ""
            print(
                f"  {name[:14]:<14} {e['field']:<8} {where:<10} «{e['text']}» "
                f"expected {e['expected']!r} got {e['got']!r}{rules}"
            )


def main(argv: list[str]) -> int:
    verbose = "-v" in argv or "--errors" in argv
    as_json = "--json" in argv
    args = [a for a in argv if not a.startswith("-")]
    chosen: dict[str, tuple[Path, Path]]
    if "--set" in argv:
        name = argv[argv.index("--set") + 1]
        known = sets()
        if name not in known:
            print(f"unknown or absent set {name!r}; present: {', '.join(known) or 'none'}")
            return 2
        chosen = {name: known[name]}
        args = [a for a in args if a != name]
    elif len(args) >= 2:
        chosen = {Path(args[1]).name: (Path(args[0]), Path(args[1]))}
    else:
        chosen = sets()
        if not (SHARED / "real").is_dir():
            print(f"note: {SHARED} is absent: only the fixture sets are scored")
    results = {name: evaluate(*dirs) for name, dirs in chosen.items()}
    if as_json:
        print(json.dumps(results if len(results) > 1 else next(iter(results.values())), ensure_ascii=False, indent=2))
        return 0
    if len(results) == 1:
        ((name, result),) = results.items()
        print(_header("file"))
        for fname, fig in result["files"].items():
            print(_row(fname[:27], fig))
        print(_row("OVERALL", result["overall"]))
        if verbose:
            _print_errors(result)
        return 0
    print(_header("set"))
    for name, result in results.items():
        print(_row(name, result["overall"]))
    if verbose:
        for name, result in results.items():
            print(f"\n== {name}")
            _print_errors(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
