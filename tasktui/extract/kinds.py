"""Classify outline items: directive / review / problem / other.

A transparent weighted rule set. The cue lexicons and weights are data
(`extract/data/kinds.toml`), the cues that hold in one genre only are in that genre's file
(`extract/data/genres/`); each item gets a score per kind from (a) its heading, (b) its own body, (c) context: the
lead-in sentence before its list, its ancestors' headings, and whether it stands
in the preamble (before the speaker's "下面，我讲几点意见"). Then siblings of one
list smooth each other: a list is usually all problems or all achievements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasktui.extract import lexicon
from tasktui.extract.genres import Genre, is_label
from tasktui.extract.prefilter import Gated

# The cue lexicons and weights are data: extract/data/kinds.toml (one example per cue).
_DATA = "kinds.toml"
_RX = {name: rule.regex for name, rule in lexicon.cues(_DATA).items()}
# Yes/no tests of the long cues through their gates (the engine scans for their first
# characters in C); for the short ones the plain search is cheaper (measured on headings).
_HAS = {
    name: Gated(_RX[name])
    for name in ("directive_modal", "review", "review_strong", "goal", "problem_tail", "problem_named")
}
KIND_NAMES = ("directive", "review", "problem", "other")
_W = lexicon.table(_DATA)["weights"]

W_START: float = _W["w_start"]
W_MODAL_HEAD: float = _W["w_modal_head"]
W_REVIEW_HEAD: float = _W["w_review_head"]
W_REVIEW_TAIL: float = _W["w_review_tail"]
W_PROBLEM_HEAD: float = _W["w_problem_head"]
W_PROBLEM_HEAD_FIX: float = _W["w_problem_head_fix"]  # a problem word next to a fixing verb barely counts
W_BODY_PROBLEM: float = _W["w_body_problem"]  # per hit, capped
W_BODY_REVIEW: float = _W["w_body_review"]
W_BODY_DIRECTIVE: float = _W["w_body_directive"]
BODY_CAP: float = _W["body_cap"]
W_LEAD: float = _W["w_lead"]
W_ANCESTOR: float = _W["w_ancestor"]
W_PREAMBLE: float = _W["w_preamble"]
W_DEFAULT_DIRECTIVE: float = _W["w_default_directive"]
W_OTHER: float = _W["w_other"]
W_REVIEW_STRONG: float = _W["w_review_strong"]
W_PROBLEM_TAIL: float = _W["w_problem_tail"]
W_HEADING_PAST: float = _W["w_heading_past"]  # 成立了专班 in a heading reports what was done
W_TOPIC_PARENT: float = _W["w_topic_parent"]  # a bare topic heading (道路交通) takes its parent's kind
W_PARENT_CONTEXT: float = _W["w_parent_context"]  # an item inside a review/problem section leans the same way
W_ARGUMENT: float = _W["w_argument"]
W_LABEL: float = _W["w_label"]  # a genre's label heading with items under it only groups them
W_GENRE_DEFAULT: float = _W["w_genre_default"]  # a genre's usual kind (minutes: decisions)
W_AGENDA: float = _W["w_agenda"]  # an agenda step outside the preamble
SMOOTH_SHARE: float = _W["smooth_share"]


@dataclass
class KindInput:
    heading: str
    body: str  # own text, excluding the heading
    lead_in: str  # text just before the item's list (from the parent's own text)
    ancestors: list[str]  # ancestor headings, nearest first
    in_preamble: bool
    group: int  # items of one list share a group number
    parent: int | None = None  # index of the parent item in the list given to classify
    has_children: bool = False
    genre: Genre | None = None
    fired: list[str] = field(default_factory=list)  # names of the cues that scored (for --explain)
    scores: dict[str, float] = field(default_factory=dict)


def score(item: KindInput) -> dict[str, float]:
    """Scores per kind for one item (before sibling smoothing); the name of every cue that
    adds to a score is kept in `item.fired`."""
    s = {k: 0.0 for k in KIND_NAMES}

    def add(kind: str, weight: float, name: str) -> None:
        _add(item, s, kind, weight, name)

    h = item.heading
    s["directive"] += W_DEFAULT_DIRECTIVE
    _genre_score(item, s)
    if _RX["argument_point"].search(h):
        add("review", W_ARGUMENT, "argument_point")
    # A couplet heading (逐项对账销号，扎实推进…) commands when any clause starts like a command.
    starts_directive = False
    for clause in _clauses(h):
        if _RX["directive_start"].search(clause):
            starts_directive = True
            break
    else:
        starts_directive = bool(_RX["subject_modal"].search(h))
    modal_head = bool(_HAS["goal"].test(h))
    if _HAS["review_strong"].test(h) and not modal_head:
        add("review", W_REVIEW_STRONG, "review_strong")
    if _HAS["problem_tail"].test(h) and not modal_head and not (_RX["problem_fix"].match(h)):
        add("problem", W_PROBLEM_TAIL, "problem_tail")
    if item.in_preamble and _RX["agenda"].search(h):
        add("other", W_OTHER, "agenda")
    elif _RX["agenda_step"].search(h) and not _HAS["directive_modal"].test(h):
        # An agenda step that names who does it (县应急局通报…, 由我作讲话) is other wherever
        # its list stands; a bare 学习/总结 opening outside the preamble may be an order.
        add("other", W_AGENDA, "agenda_step")
    if starts_directive:
        add("directive", W_START, "directive_start")
    elif _fixes_problem(h):
        add("directive", W_START, "problem_fix")  # 解决/整改/纠治…问题: fixing a problem is an order
    if _HAS["directive_modal"].test(h):
        add("directive", W_MODAL_HEAD, "directive_modal")
    if _RX["problem"].search(h):
        # 补齐短板 / 解决问题 fix a problem (an order); 有待 always diagnoses one.
        fix = _RX["problem_fix"].search(h)
        fixed = "有待" not in h and bool(
            starts_directive or (fix and fix.start() == 0) or _HAS["directive_modal"].test(h)
        )
        add("problem", W_PROBLEM_HEAD_FIX if fixed else W_PROBLEM_HEAD, "problem")
    if _HAS["problem_named"].test(h):
        # 纠治…突出问题 / 解决…主要问题: a fixing verb makes the named problem an order.
        fixing = starts_directive or _fixes_problem(h)
        add("problem", W_PROBLEM_HEAD if not fixing else W_PROBLEM_HEAD_FIX, "problem_named")
    if _HAS["review"].test(h):
        add("review", W_REVIEW_HEAD if not starts_directive else W_REVIEW_HEAD / 2, "review")
    pending = "有待" in h or "亟待" in h  # 质量有待提升: the change verb is what is missing
    if not starts_directive and not pending and _RX["review_tail"].search(h) and not _HAS["directive_modal"].test(h):
        add("review", W_REVIEW_TAIL, "review_tail")
    if _RX["other"].search(h):
        add("other", W_OTHER, "other")
    if not modal_head and _RX["heading_past"].search(h):
        add("review", W_HEADING_PAST, "heading_past")
    body = item.body[:400]
    add("problem", min(BODY_CAP, W_BODY_PROBLEM * len(_RX["problem"].findall(body))), "body_problem")
    add("review", min(BODY_CAP, W_BODY_REVIEW * len(_RX["past"].findall(body))), "body_past")
    add("directive", min(BODY_CAP, W_BODY_DIRECTIVE * len(_RX["directive_modal"].findall(body))), "body_modal")
    lead = item.lead_in[-80:]
    if lead:
        if _RX["lead_agenda"].search(lead):
            add("other", W_OTHER, "lead_agenda")
        else:
            # The clause nearest the list announces it: 今年以来…，下一步要抓好以下工作 orders.
            last = _last_lead_cue(lead)
            if last:
                add(last, W_LEAD, f"lead_{last}")
    for depth, anc in enumerate(item.ancestors[:2]):
        w = W_ANCESTOR / (depth + 1)
        anc_directive = bool(_RX["directive_start"].search(anc))
        if _RX["problem"].search(anc) and not anc_directive:
            add("problem", w, "ancestor_problem")
        elif (_HAS["review"].test(anc) or _RX["lead_review"].search(anc)) and not anc_directive:
            add("review", w, "ancestor_review")
        elif anc_directive:
            add("directive", w / 2, "ancestor_directive")
    if item.in_preamble:
        add("review", W_PREAMBLE, "preamble")
    return s


_LEAD_CUES = (("problem", "lead_problem"), ("review", "lead_review"), ("directive", "lead_directive"))


def _last_lead_cue(lead: str) -> str | None:
    """The kind whose lead-in cue ends last in the lead sentence (problem first on a tie)."""
    best: tuple[int, str] | None = None
    for kind, cue in _LEAD_CUES:
        end = -1
        for m in _RX[cue].finditer(lead):
            end = m.end()
        if end >= 0 and (best is None or end > best[0]):
            best = (end, kind)
    return best[1] if best else None


def _genre_score(item: KindInput, s: dict[str, float]) -> None:
    """The cues that hold only in the item's genre (extract/data/genres/*.toml)."""
    genre = item.genre
    if genre is None:
        return
    sp = genre.spec
    if sp.default_kind:
        s[sp.default_kind] += W_GENRE_DEFAULT
    if sp.rules:  # (most genres have none: no zones to cut)
        zones = {"heading": item.heading, "body": item.body[:400], "text": item.heading + item.body[:400]}
        for rule in sp.rules:
            if rule.regex.search(zones.get(rule.where, item.heading)):
                _add(item, s, rule.target, rule.weight, rule.name)
    if sp.labels_group and (item.has_children or sp.labels_alone):
        label = is_label(genre, item.heading)
        if label is None:
            return
        name, run_on = label
        # A section's own text (before its first point) that orders makes it a directive
        # (四、整治要求 followed by 各户须…), a label's text that states or lists does not.
        if _RX["own_order"].search(run_on + "\n" + item.body[:_OWN_TEXT]):
            item.fired.append(f"{name}+own_order")
        else:
            _add(item, s, "other", W_LABEL, name)


def _add(item: KindInput, s: dict[str, float], kind: str, weight: float, name: str) -> None:
    """Add a cue's weight to a kind's score and keep the cue's name for the explanation."""
    if weight:
        s[kind] += weight
        item.fired.append(f"{name}→{kind}")


def classify(items: list[KindInput]) -> list[str]:
    """Kinds for a list of items; siblings of one list smooth each other."""
    kinds: list[str] = []
    for it in items:
        sc = score(it)
        if it.parent is not None and 0 <= it.parent < len(kinds):
            parent_kind = kinds[it.parent]
            if bare_topic(it.heading):
                # 1.道路交通 under a directive section; 1.乱堆 under 整治对象 names a thing.
                # Any other label (管理措施, 会议决议) passes nothing down: its points are
                # what they are (网格化组织管理 is work to do).
                if parent_kind != "other" or _THINGS_GROUP.search(items[it.parent].heading):
                    sc[parent_kind] += W_TOPIC_PARENT
            elif parent_kind in ("review", "problem") and not _strong_directive(it, sc):
                sc[parent_kind] += W_PARENT_CONTEXT
        it.scores = sc  # kept on the item: smoothing below and the explanation read it
        kinds.append(max(KIND_NAMES, key=lambda k: sc[k]))
    # A list mostly of problems (or achievements) pulls its weakly-scored members along.
    groups: dict[int, list[int]] = {}
    for i, it in enumerate(items):
        groups.setdefault(it.group, []).append(i)
    for members in groups.values():
        if len(members) < 3:
            continue
        for kind in ("problem", "review"):
            share = sum(1 for i in members if kinds[i] == kind) / len(members)
            if share >= SMOOTH_SHARE:
                for i in members:
                    if kinds[i] == "other":
                        continue  # a label or an agenda step is not pulled into its list's kind
                    own = _strong_own(items[i].heading)
                    if kinds[i] != kind and not _strong_directive(items[i], items[i].scores) and own in (None, kind):
                        kinds[i] = kind
    return kinds


# A label heading over things, not actions (整治对象, 检查范围, 活动内容, 参加人员, 会议议程).
_THINGS_GROUP = re.compile(r"(?:对象|范围|内容|地点|人员|名单|议程|日程)[。：:；;，,\s]*$")
_OWN_TEXT = 200  # how much of a label's own text is read for an order
_CLAUSE = re.compile(r"[，,、]")
_TOPIC_CUES = (
    "directive_start",
    "directive_modal",
    "review",
    "review_tail",
    "review_strong",
    "problem",
    "problem_tail",
    "other",
)


def _clauses(h: str) -> list[str]:
    return [c for c in _CLAUSE.split(h) if c] or [h]


def bare_topic(heading: str) -> bool:
    """A short noun-phrase heading with no cue of any kind (道路交通, 危险化学品和非煤矿山)."""
    h = heading.strip()
    if not 0 < len(h) <= 16:
        return False
    for name in _TOPIC_CUES:
        if _HAS[name].test(h) if name in _HAS else _RX[name].search(h):
            return False
    return True


_PROBLEM_TOPIC = re.compile(r"存在|[中里]的")


def _fixes_problem(heading: str) -> bool:
    """纠治/解决/整改…问题 orders a fix; 整改工作中存在的突出问题 names problems (整改 a noun)."""
    return "问题" in heading and bool(_RX["problem_fix"].match(heading)) and not _PROBLEM_TOPIC.search(heading)


def _strong_directive(item: KindInput, sc: dict[str, float]) -> bool:
    return bool(_HAS["directive_modal"].test(item.heading)) and sc["directive"] >= W_START + W_MODAL_HEAD


def _strong_own(heading: str) -> str | None:
    """The kind a heading states outright, whatever its siblings are: a diagnosing tail
    (短板弱项依然突出) is a problem, a plain statement of results (招商引资势头良好) a review."""
    if _HAS["goal"].test(heading):
        return None
    if _HAS["problem_tail"].test(heading) and not _RX["problem_fix"].match(heading):
        return "problem"
    if _HAS["review_strong"].test(heading):
        return "review"
    return None


def find_transition(text: str, start: int = 0, end: int | None = None) -> int | None:
    m = _RX["transition"].search(text, start, len(text) if end is None else end)
    return m.start() if m else None
