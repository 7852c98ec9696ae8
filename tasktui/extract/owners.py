"""Find the responsible units (责任单位) named inside an item's own text, and their roles.

The cues are named rules in `data/owners.toml` (see its header): *subject* rules (a word
right after a clause-initial owner phrase: `区教体局要…`, `县住建局牵头`), *span* rules (an
owner between an opener and a closer: `由X负责`, `请X按…`, `会议原则同意X关于…`), *label*
rules (`责任单位：X`), plus lead-in words a clause may open with and the minutes cue after
which a decision begins. Each candidate is validated by `is_owner_phrase`: it must end
like a unit or a responsible person (`data/units.toml` [suffix]), or be a collective such
as 各地各校, and must not be the audience, a thing or a clause.

Phrases are returned verbatim (offsets into the text given), in order of appearance, each
with the rule that found it and its role: `lead` (牵头), `co` (配合) or `owner` (no role
stated). Nothing is inherited from a parent item or from a notice's addressee line: only
the item's own text is read.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from tasktui.extract import lexicon
from tasktui.extract.prefilter import (
    EndTest,
    Gated,
    LazyRegex,
    Quick,
    char_class,
    first_chars,
    lookahead_positions,
    named_alternation,
    required_chars,
)
from tasktui.extract.units import (
    GENERIC_UNIT,
    PERSON_SUFFIX,
    PERSON_TITLE,
    PUBLIC,
    SUFFIX_LAST_CHARS,
    UNIT_SUFFIX,
    UnitDirectory,
)

RULES_FILE = "owners.toml"
# A rule of this weight or more assigns in any item; weaker cues only in directives.
STRONG = 1.0


@dataclass(frozen=True)
class OwnerHit:
    """One owner phrase at m[start:end], the rule that found it and the role it gives."""

    start: int
    end: int
    rule: str
    role: str  # "lead" | "co" | "owner"
    also: tuple[str, ...] = ()  # other rules that found the same phrase

    def merged(self, other: OwnerHit) -> OwnerHit:
        """This phrase found again by another rule: its name is kept, and a stated role
        (牵头/配合) wins over none."""
        names = (*self.also, other.rule) if other.rule != self.rule and other.rule not in self.also else self.also
        role = other.role if self.role == "owner" else self.role
        return OwnerHit(self.start, self.end, self.rule, role, names)


@dataclass
class ItemOwners:
    """An item's owners: verbatim phrases, normalised units, lead and co-owners, rules.

    `lead` and `co_owners` are unit names (normalised like `units`): the units of the
    phrases a 牵头 cue named, and those a 配合 cue named. With no explicit lead, an item
    whose owners name exactly one unit has that unit as its lead.
    """

    phrases: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    co_owners: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # names of the rules that found the phrases

    def __iter__(self) -> Iterator[list[str]]:
        # extract/__init__.py unpacks `owners, unit_names = item_owners(...)`.
        return iter((self.phrases, self.units))


# ---------------------------------------------------------------------- rules as data


def _rules(where: str) -> tuple[lexicon.Rule, ...]:
    return tuple(r for r in lexicon.rules(RULES_FILE) if r.where == where)


def _named_alternation(rules: tuple[lexicon.Rule, ...]) -> re.Pattern[str]:
    """One regex of the rules as alternatives `r0`, `r1`…: `lastgroup` names the rule that matched."""
    return re.compile(named_alternation([(f"r{i}", lexicon.expand(r.pattern)) for i, r in enumerate(rules)]))


_LEAD_IN = re.compile("(?:" + "|".join(lexicon.expand(r.pattern) for r in _rules("lead_in")) + ")+")
_SUBJECT_RULES = _rules("subject")
_SUBJECT = _named_alternation(_SUBJECT_RULES)
_SUBJECT_FIRST = first_chars(_SUBJECT.pattern)
_SPLIT_RULE = _rules("split")[0]
_SPLIT_NEXT = re.compile(lexicon.expand(_SPLIT_RULE.pattern))
_SPLIT_FIRST = first_chars(_SPLIT_NEXT.pattern)
# The same cue where the outline made the points items of their own: the subject ends
# the parent's text, right before its first child's marker.
_POINTS_RULE = next(r for r in _SUBJECT_RULES if r.name == "subject_points")
_POINTS = re.compile(lexicon.expand(_POINTS_RULE.pattern))
_HEAD_RULE = _rules("head")[0]
# Span rules that name a proposal's bureau where the minutes report it, before the decision;
# it is an owner only when the approval follows (`_APPROVAL`, matched where X ends).
_PROPOSER_RULES = frozenset({"proposer_heard"})
_TOPIC_RULES = [(r, re.compile(lexicon.expand(r.pattern))) for r in _rules("topic")]
_DECISION = Gated(re.compile("|".join(lexicon.expand(r.pattern) for r in _rules("decision"))))
_CLOSING = re.compile("|".join(lexicon.expand(r.pattern) for r in _rules("closing")))
# With a character every match of the rule consumes (the colon after 责任单位): a span
# without it holds no label.
_LABELS = [
    (r, r.regex, "：" if "：" in need else min(need, default=""))
    for r in _rules("label")
    for need in [required_chars(r.regex.pattern)]
]


@dataclass(frozen=True)
class _Span:
    """A span rule split into its parts: OPENER (?P<x>BODY) CLOSER."""

    rule: lexicon.Rule
    opener: re.Pattern[str]
    body: re.Pattern[str]  # greedy: how far X may reach
    closer: re.Pattern[str] | None  # zero-width: where X may end; None = the longest owner
    closer_at: LazyRegex | None  # finds the closer's positions faster (prefilter.lookahead_positions)


# The body may hold character classes (with brackets in them) and escapes, no groups.
_SPAN_PARTS = re.compile(r"^(?P<o>.*?)\(\?P<x>(?P<b>(?:\[[^\]]*\]|\\.|[^()\[\]])*)\)(?P<c>.*)$", re.S)


def _span(rule: lexicon.Rule) -> _Span:
    parts = _SPAN_PARTS.match(rule.pattern)
    if parts is None:
        raise ValueError(f"{RULES_FILE}: span rule {rule.name} has no (?P<x>…) group")
    body = parts.group("b")
    if body.endswith("?"):
        body = body[:-1]  # the lazy form documents the rule; the finder tries each end
    closer = re.compile(lexicon.expand(parts.group("c"))) if parts.group("c") else None
    return _Span(
        rule=rule,
        opener=re.compile(lexicon.expand(parts.group("o"))),
        body=re.compile(lexicon.expand(body)),
        closer=closer,
        closer_at=LazyRegex(partial(lookahead_positions, closer)) if closer is not None else None,
    )


_SPANS = [_span(r) for r in _rules("span")]
# Rules that share an opener (由X牵头, 由X负责) are tried together where it matches.
_OPENER_SOURCES = list(dict.fromkeys(sp.opener.pattern for sp in _SPANS))
_SPANS_BY_OPENER = [[sp for sp in _SPANS if sp.opener.pattern == src] for src in _OPENER_SOURCES]
_OPENER_RX = [re.compile(src) for src in _OPENER_SOURCES]
_OPENER_FIRST = [first_chars(src) for src in _OPENER_SOURCES]
# The characters any opener starts with, and for each the openers to try there.
# A position is worth a look only where some opener matches: a character of the class,
# then (looking back at it) any opener from there; the rules are tried only there.
_ANY_OPENER = "|".join(f"(?:{src})" for src in _OPENER_SOURCES)
_OPENER_SCAN = LazyRegex(
    lambda: (
        re.compile(rf"{char_class(frozenset().union(*_OPENER_FIRST))}(?<=(?={_ANY_OPENER})[\s\S])")  # type: ignore[arg-type]
        if all(_OPENER_FIRST)
        else re.compile(f"(?={_ANY_OPENER})")
    )
)
_OPENERS_AT: dict[str, list[int]] = {}
for _i, _chars in enumerate(_OPENER_FIRST):
    for _c in _chars or ():
        _OPENERS_AT.setdefault(_c, []).append(_i)
_ALL_OPENERS = list(range(len(_OPENER_SOURCES)))


def _role(rule: lexicon.Rule) -> str:
    return rule.target if rule.target in ("lead", "co") else "owner"


# ---------------------------------------------------------------------- owner phrases

_CN_OK = r"[\u4e00-\u9fffA-Za-z0-9*（）()、]"
_PHRASE_CHARS = re.compile(rf"{_CN_OK}{{1,160}}")
_MAX_ELEMENT = 20
_NOTE = r"(?:（[^（）]{1,12}）|\([^()]{1,12}\))?"
_END_OK = re.compile(rf"(?:{UNIT_SUFFIX}|{PERSON_SUFFIX}|负责同志){_NOTE}$")
_UNIT_END_OK = re.compile(rf"{UNIT_SUFFIX}{_NOTE}$")
_PERSON_END_OK = re.compile(rf"{PERSON_SUFFIX}$")
# A town or township by name (城关镇, 桥头乡): a unit, though no suffix list has it.
_PLACE = Quick(re.compile(r"^(?![全本该我此各])(?!城乡$|农乡$)[\u4e00-\u9fff]{1,3}[镇乡]$"))
# A field's whole system (全市卫生健康系统): the units of a field the directory knows.
_FIELD_SYSTEM = re.compile(r"^(?:全省|全市|全州|全县|全区)?(?P<field>[\u4e00-\u9fff]{2,6})系统$")
# Endings that name an organisation beyond doubt: the audience words below do not
# veto them (学生工作处, 家长委员会, 群众工作部, 社会管理办公室).
_STRONG_END = re.compile(
    r"(?:局|处|办|办公室|委|委员会|室|中心|部|科|股|组|队|站|院|厅|会|政府|所|社|银行|分行|支行)" + _NOTE + "$"
)
# A rank followed by a personal name: 常务副县长张三 (not 局长办公会: a meeting).
_TITLED_NAME = re.compile(rf"{PERSON_TITLE}(?![^会议办公组室制度]{{0,2}}[会议办公组室制度])[\u4e00-\u9fff]{{2,3}}$")
_COLLECTIVE = re.compile(r"^(?:其余|全市|全县|全区|全省|全州)?(?:各级各类|各级|各个|各类|各|所有|相关的?|有关的?)")
_COLLECTIVE_OK = re.compile(
    r"^(?:其余|全市|全县|全区|全省|全州)?"
    r"(?:各(?:地区|地|级|学校|校|县|区|市|州|乡镇|乡|镇|街道|村|部门|单位|中小学)[省市州县区乡镇]{0,3})+"
    rf"{_NOTE}$|^[省市州县区乡镇村]{{2,3}}[两三四]级$"
)
# 各 + a short noun (各考点, 各园): a collective of units, unless the noun is a kind, a
# manner or a time (各位, 各方面, 各项, 各类…).
_EACH_SHORT = re.compile(
    r"^各(?![位方项种类个样界自行色族阶环领层式条批次期年月日时])(?:(?![一二三四五六七八九十])[\u4e00-\u9fff]){1,3}$"
)
# A count of administrative units: 三区三县一市, 14个乡镇.
_COUNTED = re.compile(r"(?:^|的)(?:[一二三四五六七八九十两\d]+个?[省市州县区乡镇村]){1,4}$")


def _joined(where: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{lexicon.expand(r.pattern)})" for r in _rules(where)))


_MASK = _joined("mask")
# Element vetoes; the audience (`target = "audience"`) yields to a name that ends like
# an organisation (学生工作处), the others do not.
_AUDIENCE = re.compile("|".join(f"(?:{r.pattern})" for r in _rules("veto_element") if r.target == "audience"))
_NOT_OWNER = re.compile("|".join(f"(?:{r.pattern})" for r in _rules("veto_element") if r.target != "audience"))
_VERB_START = Quick(_joined("veto_start"))
_EXEMPT = _joined("exempt")
_REGULATED = _joined("regulated")
_APPROVAL = _joined("approval")
# A bare suffix without a qualifier names nobody in particular.
_BARE = re.compile(r"^(?:部门|单位|领导|干部|企业|机关|公司|机构|同志|负责人|社|股|科|处|员|成员)$")
# A redacted name: only a placeholder before the suffix (XX局, **同志).
_REDACTED = re.compile(rf"^[Xx×*＊?？○]+(?:{UNIT_SUFFIX}|{PERSON_SUFFIX})$")
_BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")
# Each alternative opens with its character (the lookbehinds come after it), so the
# regex engine scans for 、以及与或 in C instead of trying every alternative everywhere.
_ELEMENT_SEP = re.compile(r"、|以及|及(?<![涉普危]及)(?![时早])|与(?<!参与)(?!会)|或者|或(?![许是])")
_ETC_UNITS = re.compile(r"等(?:有关|相关)?(?:部门|单位)$")
_LIST_TAIL = re.compile(r"等(?:有关|相关)?(?:部门|单位|成员单位)$")
_LEVEL_CHAR = "省市州县区乡镇村"
# A one-character level closing a list stands for that level's units: 各乡镇、村 (各村),
# 有防守任务的村、居 (居委会).
_LIST_CLOSER = _LEVEL_CHAR + "居"


# Every ending pattern above is anchored at the end and no longer than this: searching
# only the tail spares trying the long suffix alternations at every position.
_TAIL_REACH = 24


# Each ending pattern as a test of a string's tail (last character first, then a gate).
_STRONG_END_TAIL = EndTest(_STRONG_END, _TAIL_REACH)
_LIST_TAIL_TAIL = EndTest(_LIST_TAIL, _TAIL_REACH)
_UNIT_END_TAIL = EndTest(_UNIT_END_OK, _TAIL_REACH)
_PERSON_END_TAIL = EndTest(_PERSON_END_OK, _TAIL_REACH)
_COUNTED_TAIL = EndTest(_COUNTED, _TAIL_REACH)
_END_OK_TAIL = EndTest(_END_OK, _TAIL_REACH)
_TITLED_NAME_TAIL = EndTest(_TITLED_NAME, _TAIL_REACH)


def is_owner_phrase(phrase: str, units: UnitDirectory | None = None) -> bool:
    """Does `phrase` name units or responsible people (not the audience, not a thing)?"""
    # Every test below can only refuse, so the cheap ones that refuse most run first.
    if not phrase or phrase[-1] in "、及与" or not _PHRASE_CHARS.fullmatch(phrase):
        return False
    if _VERB_START.match(phrase) and not _EXEMPT.match(phrase):
        return False
    # 、 inside brackets (各县（市、区）) does not separate units.
    masked = _BRACKETS.sub(lambda mt: "○" * len(mt.group(0)), phrase) if ("（" in phrase or "(" in phrase) else phrase
    elements = [phrase[a:b] for a, b in _element_spans(masked)]
    if not elements or max(map(len, elements)) > _MAX_ELEMENT:
        return False
    for el in elements:
        bare = _MASK.sub("○", el)
        if _AUDIENCE.search(bare) and not _STRONG_END_TAIL(el):
            return False
        if _NOT_OWNER.search(bare):
            return False
    last = elements[-1]
    if _BARE.match(last) or _REDACTED.match(last):
        return False
    if not _element_ok(last, units):
        # 各乡镇、村: a level word closing a list stands for 各村; 相关单位和个人: a notice
        # orders the units and the individuals it concerns.
        closer = last in _LIST_CLOSER or last == "个人"
        if not (len(elements) > 1 and closer and _element_ok(elements[-2], units)):
            return False
    if len(elements) > 1 and not _LIST_TAIL_TAIL(last):
        # Every element of a plain list must read as a unit: 预警信号、转移路线 is a list of things.
        for el in elements[:-1]:
            if not (_element_ok(el, units) or (units is not None and units.is_known(el))) or _REDACTED.match(el):
                return False
    return True


def _element_spans(masked: str) -> list[tuple[int, int]]:
    if "、" not in masked and "及" not in masked and "与" not in masked and "或" not in masked:
        return _and_spans(masked, 0, len(masked)) if masked else []  # one element (most phrases)
    out: list[tuple[int, int]] = []
    pos = 0
    for mt in _ELEMENT_SEP.finditer(masked):
        if mt.start() > pos:
            out.extend(_and_spans(masked, pos, mt.start()))
        pos = mt.end()
    if pos < len(masked):
        out.extend(_and_spans(masked, pos, len(masked)))
    return out


def _and_spans(masked: str, a: int, b: int) -> list[tuple[int, int]]:
    """和 joins two units only when a unit stands before it (省政府办公厅和胜利宾馆); in
    人力资源和社会保障局 it is part of one name."""
    k = masked.find("和", a + 1, b - 1)
    if k < 0 or (not _UNIT_END_TAIL(masked, a, k) and not _PERSON_END_TAIL(masked, a, k)):
        return [(a, b)]
    return [(a, k), *_and_spans(masked, k + 1, b)]


def _element_ok(el: str, units: UnitDirectory | None) -> bool:
    core = _ETC_UNITS.sub("部门", el) if "等" in el else el
    if _COLLECTIVE_OK.match(core) or _EACH_SHORT.match(core) or _COUNTED_TAIL(core):
        return True
    ends_ok = _END_OK_TAIL(core)
    if ends_ok and _COLLECTIVE.match(core):
        return True
    if ends_ok:
        # A bare level word (县/区/市) is not a unit; a name ending in one is.
        return not (len(core) == 1 and core in _LEVEL_CHAR)
    if _TITLED_NAME_TAIL(core) or _PLACE.match(core):
        return True
    system = _FIELD_SYSTEM.match(core) if "系统" in core else None
    if system is not None and units is not None and units.is_exact(system.group("field")):
        return True
    # The directory vouches for names that read as a unit (团区委, 妇联) and for a level
    # before a field word (县财政); not for field words alone (教育 heads noun phrases).
    if units is None or len(core) < 2:
        return False
    if len(core) >= 3 and units.is_exact(core):
        return not units.is_field(core)  # 乡村振兴要与…: a topic, not 乡村振兴局
    # 县财政 (a level before a field word), not 乡村 (a level before the one-character 村).
    return core[0] in _LEVEL_CHAR and len(core) >= 3 and units.is_exact(core[1:])


# ---------------------------------------------------------------------- finding them


def find_owners(
    m: str,
    start: int = 0,
    end: int | None = None,
    units: UnitDirectory | None = None,
    modal_only: bool = False,
) -> list[tuple[int, int]]:
    """Owner phrase spans within m[start:end], in order of appearance, deduplicated by text."""
    return [(h.start, h.end) for h in find_owner_hits(m, start, end, units, modal_only)]


def find_owner_hits(
    m: str,
    start: int = 0,
    end: int | None = None,
    units: UnitDirectory | None = None,
    modal_only: bool = False,
) -> list[OwnerHit]:
    """Owner phrases within m[start:end] with the rule that found each and its role.

    `modal_only`: for items that report or diagnose, only strong cues count (an explicit
    order or assignment): `帮扶干部对…弄不清楚` names no responsible unit.
    """
    end = len(m) if end is None else end
    closing = _CLOSING.search(m, start, end)
    if closing is not None:
        end = closing.start()  # 特此通知，请各单位…: the document's ending, not this item
    min_weight = STRONG if modal_only else 0.0
    hits: list[OwnerHit] = []
    hits.extend(_subject_hits(m, start, end, units, min_weight, modal_only))
    hits.extend(_span_hits(m, start, end, units, min_weight))
    for rule, rx, need in _LABELS:
        if rule.weight < min_weight or (need and m.find(need, start, end) < 0):
            continue
        for mt in rx.finditer(m, start, end):
            x0, x1 = mt.span("x")  # the list's own field: taken as written if it names units
            if is_owner_phrase(m[x0:x1], units) or (units is not None and units.is_known(m[x0:x1])):
                hits.append(OwnerHit(x0, x1, rule.name, _role(rule)))
    decision = _DECISION.search(m, start, end)
    if decision is not None:
        # Minutes: what stands before 会议要求/议定 is the situation, not the decision; but
        # the bureau whose report the decision approves is named before it.
        hits = [h for h in hits if h.start >= decision.start() or h.rule in _PROPOSER_RULES]
    return _dedupe(m, hits)


_WEIGHT = {r.name: r.weight for r in lexicon.rules(RULES_FILE)}


def _dedupe(m: str, hits: list[OwnerHit]) -> list[OwnerHit]:
    hits.sort(key=lambda h: (h.start, -h.end))
    seen: dict[str, int] = {}
    out: list[OwnerHit] = []
    for h in hits:
        key = m[h.start : h.end]
        if key in seen:
            kept = out[seen[key]]
            # The same phrase again: named after the stronger cue (希X按…: the wish, not 按).
            out[seen[key]] = h.merged(kept) if _WEIGHT[h.rule] > _WEIGHT[kept.rule] else kept.merged(h)
            continue
        if any(o.start <= h.start and h.end <= o.end for o in out):
            continue  # a piece of a phrase already taken
        seen[key] = len(out)
        out.append(h)
    return out


_CLAUSE_SPLIT = re.compile(r"[。！？；，：\n]")
# The clause separators of the last text read, found once for all its items (a text's
# items are read one after another): (text, sorted offsets). The text is held so that
# the identity test cannot be fooled by a new string at a reused address.
_SEPS_OF: tuple[str, list[int]] = ("", [])


def _clause_seps(m: str, start: int, end: int) -> list[int]:
    """Offsets of the clause separators in m[start:end]."""
    global _SEPS_OF
    cached = _SEPS_OF
    if cached[0] is not m:
        cached = (m, [mt.start() for mt in _CLAUSE_SPLIT.finditer(m)])
        _SEPS_OF = cached
    seps = cached[1]
    return seps[bisect_left(seps, start) : bisect_left(seps, end)]


def _subject_hits(
    m: str, start: int, end: int, units: UnitDirectory | None, min_weight: float, modal_only: bool
) -> list[OwnerHit]:
    """Subjects of the clauses of m[start:end] (subject, split, head and points rules)."""
    hits: list[OwnerHit] = []
    seps = _clause_seps(m, start, end)
    starts = [start]  # clause k: [starts[k], ends[k])
    starts += [q + 1 for q in seps]
    ends = [*seps, end]
    cues = _hot_positions(m, start, end, units)
    hot = [c[0] for c in cues]
    # Most clauses have no subject: look closer only where a cue follows a possible owner
    # ending, a collective word opens the clause, the next clause opens with an order, or
    # the item begins.
    look = {bisect_left(seps, p) for p in hot}
    look.update(bisect_left(seps, mt.start()) for mt in _COLLECTIVE_NEAR.finditer(m, start, end))
    look.update(bisect_left(seps, mt.start()) for mt in _SPLIT_AT.finditer(m, start, end))
    if not modal_only:
        look.add(0)
    for k in sorted(look):
        cs, ce = starts[k], ends[k]
        if ce - cs < 2:
            continue
        lead = _LEAD_IN.match(m, cs, ce)
        s0 = lead.end() if lead else cs
        i = bisect_left(hot, s0)
        is_each = m[s0] in _COLLECTIVE_START if s0 < ce else False
        if (i < len(hot) and hot[i] < ce) or is_each:
            sub = _subject(m, s0, ce, units, min_weight, cues, i, is_each)
            if sub:
                hits.append(sub)
                continue
        nxt = k + 1
        while nxt < len(starts) and starts[nxt] >= ends[nxt]:
            nxt += 1  # an empty clause (，，) between
        if nxt < len(starts):
            split = _split_subject(m, s0, ce, (starts[nxt], ends[nxt]), units)
            if split:
                hits.append(split)
                continue
            if k == 0 and cs == start and not modal_only:
                head = _head_subject(m, s0, ce, units)
                if head:
                    hits.append(head)
                    continue
        if is_each:
            topic = _topic_subject(m, s0, ce, min_weight)
            if topic:
                hits.append(topic)
                continue
        j = _fronted_each(m, s0, ce)
        if j is not None:
            sub = _subject(m, j, ce, units, min_weight, cues, bisect_left(hot, j), True)
            if sub:
                hits.append(sub)
    last = len(starts) - 1
    while last >= 0 and starts[last] >= ends[last]:
        last -= 1
    if last >= 0 and ends[last] == end and _POINTS.match(m, end):
        lead = _LEAD_IN.match(m, starts[last], end)
        s0 = lead.end() if lead else starts[last]
        if is_owner_phrase(m[s0:end], units):
            hits.append(OwnerHit(s0, end, _POINTS_RULE.name, _role(_POINTS_RULE)))
    return hits


# Last characters an owner phrase can end with (unit or person suffixes, a bracketed
# note, a level word closing a list or a count: 各乡镇、村, 三区三县一市); names from the
# directory add theirs. A cue after any other character starts no subject.
_END_CHARS = frozenset(SUFFIX_LAST_CHARS | set("志）)级") | set(_LEVEL_CHAR))


# A subject cue: where it starts and ends and the name of its alternative (r0, r1…).
_Cue = tuple[int, int, str]


class _HotScan:
    """Subject cues right after a possible owner ending: `(?<=[ends])CUE`.

    The regex engine would try the lookbehind at every position; the scan instead looks
    for the ending character itself (a character class it finds in C) with the cue after
    it. The cue is matched inside a lookahead, whose groups say which alternative matched
    and where it ended (its closing empty group), so it is not matched twice. The cues
    are those of `(?<=[ends])CUE` run with `finditer(m, start, end)`."""

    __slots__ = ("rx", "pair")

    def __init__(self, ends: frozenset[str]) -> None:
        first = f"(?={char_class(_SUBJECT_FIRST)})" if _SUBJECT_FIRST else ""
        self.rx = re.compile(rf"(?<={char_class(ends)}){first}(?:{_SUBJECT.pattern})")
        self.pair = re.compile(rf"{char_class(ends)}{first}(?=(?:{_SUBJECT.pattern}))")

    def finditer(self, m: str, start: int, end: int) -> list[_Cue]:
        out: list[_Cue] = []
        search = self.pair.search
        lo = max(start - 1, 0)  # the ending stands just before the cue
        while True:
            g = search(m, lo, end)
            if g is None:
                return out
            name = g.lastgroup
            p, q = g.end(), (g.start(name) if name else -1)
            if q <= p:  # no alternative's closing group: never, but stay exact
                mt = self.rx.match(m, p, end)
                if mt is None:
                    lo = p
                    continue
                q, name = mt.end(), mt.lastgroup
            out.append((p, q, name or "r0"))
            lo = q - 1  # the next cue may follow this one's last character


_HOT_CACHE: dict[frozenset[str], _HotScan] = {}
# The directory an item is read with changes rarely: its hot-position regex is kept
# with it (the directory itself is held so that its id is not reused).
_HOT_BY_DIR: dict[int, tuple[UnitDirectory, _HotScan]] = {}


def _hot_regex(units: UnitDirectory | None) -> _HotScan:
    if units is not None:
        hit = _HOT_BY_DIR.get(id(units))
        if hit is not None and hit[0] is units:
            return hit[1]
    ends = _END_CHARS if units is None else _END_CHARS | units.last_chars()
    rx = _HOT_CACHE.get(ends)
    if rx is None:
        # A cue right after a possible ending; its first character is checked first, which
        # spares trying the whole alternation at most positions.
        rx = _HotScan(ends)
        if len(_HOT_CACHE) > 64:
            _HOT_CACHE.clear()
        _HOT_CACHE[ends] = rx
    if units is not None:
        if len(_HOT_BY_DIR) > 64:
            _HOT_BY_DIR.clear()
        _HOT_BY_DIR[id(units)] = (units, rx)
    return rx


def _hot_positions(m: str, start: int, end: int, units: UnitDirectory | None) -> list[_Cue]:
    """Subject cues right after a possible owner ending, in order."""
    return _hot_regex(units).finditer(m, start, end)


_COLLECTIVE_START = "各其全相有所"
# Where a collective subject may start (各乡镇, 其余各县区, 全市各级, 相关部门, 有关单位).
_COLLECTIVE_NEAR = re.compile(r"各|其余|全(?=[省市州县区镇])|相关|有关|所有|所在")
# A clause end before a clause that opens with an order (…学校，要…): the clause before
# may be a subject standing alone.
_SPLIT_AT = re.compile(
    f"{_CLAUSE_SPLIT.pattern}(?={char_class(_SPLIT_FIRST)})" if _SPLIT_FIRST else _CLAUSE_SPLIT.pattern
)
_SUBJECT_REACH = 42
_SUBJECT_FIRST_RX = re.compile(char_class(_SUBJECT_FIRST)) if _SUBJECT_FIRST else _SUBJECT


def _subject(
    m: str,
    s0: int,
    ce: int,
    units: UnitDirectory | None,
    min_weight: float,
    hot: list[_Cue],
    i: int,
    is_each: bool,
) -> OwnerHit | None:
    """The clause's subject: the first owner phrase from s0 that a subject cue follows."""
    if ce - s0 < 2:
        return None
    limit = min(ce, s0 + _SUBJECT_REACH)
    if is_each:
        # A collective (各考点要…) may end in a word no suffix list knows: try every cue.
        cues: Iterator[tuple[int, str]] = _cues_anywhere(m, s0 + 1, limit)
    else:
        near: list[tuple[int, str]] = []
        while i < len(hot) and hot[i][0] < limit:
            near.append((hot[i][0], hot[i][2]))
            i += 1
        cues = iter(near)
    for p, name in cues:
        cand = m[s0:p]
        if not is_owner_phrase(cand, units):
            continue
        rule = _SUBJECT_RULES[int(name[1:])]
        if rule.weight < min_weight:
            continue
        if rule.weight < STRONG and GENERIC_UNIT.match(cand):
            continue  # 学校提供…的占比: a weak cue needs a named unit, not a generic word
        if _past_tense(m[p : _sentence_end(m, p, ce)], rule):
            return None
        return OwnerHit(_fronted(m, s0, p, units), p, rule.name, _role(rule))
    return None


# What may stand before 各 inside one owner name: a level and its scope (县直各单位, 全市各级,
# 镇直、镇属各单位); a unit (县教育局各股室) is checked apart.
_BEFORE_EACH = re.compile(r"[全省市州县区乡镇村直属级、其余所有]+")
_LIST_JOINS = re.compile(r"[、，,/各]|及|与|和")


def _fronted(m: str, s0: int, p: int, units: UnitDirectory | None) -> int:
    """Where the subject starts when a thing or a time is put before it: 防汛物资各村居必须…
    and 汛期各单位要… are orders to 各村居 and 各单位."""
    j = m.find("各", s0 + 1, p)
    if j < 0:
        return s0
    before = m[s0:j]
    if _LIST_JOINS.search(before) or _BEFORE_EACH.fullmatch(before) or _UNIT_END_TAIL(before):
        return s0  # a list (各乡镇、各部门; 县卫健局和各乡镇) or one name
    return s0 if is_owner_phrase(before, units) else j


# A thing put first, then the collective that acts on it: 活动方案各班自定, 具体时间各村
# 自行安排. What stands before 各 must be a plain noun phrase: a verb or a preposition there
# (组织各校…, 向各乡镇…, 对各村…) makes 各X its object, not its subject.
_FRONTED_THING = re.compile(r"[\u4e00-\u9fff]{2,10}")
_NOT_A_THING = re.compile(
    r"[对向从于将由把被给让使在与跟同为要需应请据按经以]|组织|开展|召开|举办|加强|指导|督促|通知|通报"
)


def _fronted_each(m: str, s0: int, ce: int) -> int | None:
    """Where a collective subject starts after a fronted thing (the 各), or None."""
    j = m.find("各", s0 + 2, min(ce, s0 + 12))
    if j < 0 or not _FRONTED_THING.fullmatch(m, s0, j):
        return None
    before = m[s0:j]
    if _NOT_A_THING.search(before) or _VERB_START.match(before):
        return None
    return j


def _cues_anywhere(m: str, a: int, b: int) -> Iterator[tuple[int, str]]:
    """Every position in m[a:b] where a subject cue starts (it may run past b), in order,
    with its alternative's name; produced as the caller reads, which stops at the first
    owner phrase."""
    for fm in _SUBJECT_FIRST_RX.finditer(m, a, b):
        mt = _SUBJECT.match(m, fm.start())
        if mt is not None:
            yield fm.start(), mt.lastgroup or "r0"


_SENTENCE_END = re.compile(r"[。；！？\n]")


def _sentence_end(m: str, p: int, ce: int) -> int:
    """The end of the sentence around p (at most 60 characters on): 了 anywhere in it
    makes a statement of what was done."""
    stop = _SENTENCE_END.search(m, p, p + 60)
    return max(ce, stop.start() if stop else min(len(m), p + 60))


_SETTING = re.compile(r"(?P<o>[^在发]{2,20}?)(?:在[^，]{1,12}(?:中|时|期间|前|后)|发现[^，]{1,16})$")


_SPLIT_ROLE = _role(_SPLIT_RULE)


def _split_subject(m: str, s0: int, ce: int, nxt: tuple[int, int], units: UnitDirectory | None) -> OwnerHit | None:
    """The subject alone in a clause, its order in the next: 其余各县区，也要…"""
    if (_SPLIT_FIRST is not None and m[nxt[0]] not in _SPLIT_FIRST) or not _SPLIT_NEXT.match(m, nxt[0], nxt[1]):
        return None
    cl = m[s0:ce]
    role = _SPLIT_ROLE
    # 各承办单位在办理过程中，要… / 各学校发现周边摊点存在问题的，要… (the setting needs 在 or 发现)
    sm = _SETTING.match(cl) if ("在" in cl or "发现" in cl) else None
    if sm and is_owner_phrase(sm.group("o"), units):
        return OwnerHit(s0, s0 + sm.end("o"), _SPLIT_RULE.name, role)
    if (cl.startswith(("各", "其余", "相关", "有关", "全")) or "的" in cl) and is_owner_phrase(cl, units):
        return OwnerHit(s0, ce, _SPLIT_RULE.name, role)  # 其余各县区，也要… / 实行校外供餐的学校，要…
    return None


def _topic_subject(m: str, s0: int, ce: int, min_weight: float) -> OwnerHit | None:
    """A collective unit, then the thing of it the order is about: 各村内部道路要…"""
    for rule, rx in _TOPIC_RULES:
        if rule.weight < min_weight:
            continue
        mt = rx.match(m, s0, ce)
        if mt is not None:
            return OwnerHit(mt.start("x"), mt.end("x"), rule.name, _role(rule))
    return None


def _head_subject(m: str, s0: int, ce: int, units: UnitDirectory | None) -> OwnerHit | None:
    """An item that opens with its owner alone: 需要学生护校的单位，妥善安排…"""
    if ce >= len(m) or not _HEAD_RULE.regex.match(m, ce):
        return None
    cl = m[s0:ce]
    if _UNIT_END_TAIL(cl) and ("的" in cl or cl.startswith("各")) and is_owner_phrase(cl, units):
        return OwnerHit(s0, ce, _HEAD_RULE.name, _role(_HEAD_RULE))
    return None


def _span_hits(m: str, start: int, end: int, units: UnitDirectory | None, min_weight: float) -> list[OwnerHit]:
    out: list[OwnerHit] = []
    for om in _OPENER_SCAN.get().finditer(m, start, end):
        o0 = om.start()
        for k in _OPENERS_AT.get(m[o0], _ALL_OPENERS):
            mo = _OPENER_RX[k].match(m, o0, end)
            if mo is not None:
                modal_before = _MODAL_BEFORE.search(m, max(start, o0 - 4), o0) is not None
                out.extend(_spans_at(m, mo.end(), end, _SPANS_BY_OPENER[k], units, min_weight, modal_before))
    return out


def _spans_at(
    m: str,
    x0: int,
    end: int,
    spans: list[_Span],
    units: UnitDirectory | None,
    min_weight: float,
    modal_before: bool,
) -> list[OwnerHit]:
    out: list[OwnerHit] = []
    for sp in spans:
        if sp.rule.weight < min_weight:
            continue
        body = sp.body.match(m, x0, end)
        if body is None:
            continue
        x1 = _span_end(m, x0, body.end(), sp, units)
        if x1 is None:
            continue
        if _REGULATED.search(m, x0, x1) and sp.rule.name == "pivot":
            continue  # 督促经营单位落实…: the regulated businesses, not a responsible unit
        if not modal_before and _relative_or_past(m, x1, end, sp):
            continue  # 由X承担的需求 / 会同X开展了检查: a relative clause, a report
        if sp.rule.name in _PROPOSER_RULES and _APPROVAL.match(m, x1, end) is None:
            continue  # a bureau heard, its report not approved
        out.append(OwnerHit(x0, x1, sp.rule.name, _role(sp.rule)))
    return out


def _span_end(m: str, x0: int, reach: int, sp: _Span, units: UnitDirectory | None) -> int | None:
    """Where X ends: the last closer before which X reads as an owner phrase; without a
    closer, the longest owner phrase."""
    if sp.rule.target == "public":
        # Only the public a formal order names: X is one of its words, nothing longer.
        closer = sp.closer
        if closer is None:
            return None
        return next((e for e in range(reach, x0 + 1, -1) if PUBLIC.match(m, x0, e) and closer.match(m, e)), None)
    if sp.closer_at is None:
        for e in range(reach, x0 + 1, -1):
            if is_owner_phrase(m[x0:e], units):
                return e
        return None
    # The longest X that ends at a closer (由县委组织部负责: not 县委 before 组织); the
    # closer may be punctuation just past the body's reach.
    ends = [cm.start() for cm in sp.closer_at.get().finditer(m, x0 + 1, min(reach + 1, len(m)))]
    for e in reversed(ends):  # the longest first: the first that reads as an owner is it
        if is_owner_phrase(m[x0:e], units):
            return e
    return None


_MODAL_BEFORE = lexicon.rx("(?:{:modal})(?:{:modal_adverb})?$")
_MODAL_NEAR = lexicon.rx("^.{0,8}?(?:{:modal}|不得|不能)")
_REPORT = _joined("report")
# 由X承担的需求: after the agent of 由, a verb and 的 make a relative clause, not a task.
_AGENT_SPANS = frozenset({"by_lead", "by_unit", "by_partner"})
_RELATIVE = re.compile(r"[\u4e00-\u9fff]{1,2}的")


def _relative_or_past(m: str, x1: int, end: int, sp: _Span) -> bool:
    """由X承担的教育需求 is a relative clause; 会同X开展了检查 reports what was done."""
    stop = m.find("。", x1, end)
    rest = m[x1 : stop if stop >= 0 else min(end, x1 + 40)]
    if sp.closer is not None:
        cm = sp.closer.match(m, x1)
        after = x1 + (len(cm.group(0)) if cm else 0)
        if sp.rule.name in _AGENT_SPANS and _RELATIVE.match(m, after, after + 3):
            return True
    if _MODAL_NEAR.match(rest):
        return False
    return bool(_REPORT.search(rest[:30]))


_MODAL_TRIGGER = lexicon.rx("^(?:{:modal_adverb})?(?:{:modal}|不能|不得)")


def _past_tense(rest: str, rule: lexicon.Rule) -> bool:
    """`市教育局于去年组建了…` reports, `X对…十分重视` states: skip unless a modal is there."""
    if rule.name == "subject_modal" or _MODAL_TRIGGER.match(rest) or _MODAL_NEAR.match(rest):
        return False
    return bool(_REPORT.search(rest[:30]))


# ---------------------------------------------------------------------- one item


_LIST_SEPARATORS = re.compile(r"[、，,/]|以及|及|与|和")


def item_owners(m: str, t: str, regions: list[tuple[int, int]], units: UnitDirectory, kind: str) -> ItemOwners:
    """An item's owners: phrases (verbatim, in order), units, lead, co-owners, rules."""
    # A report, diagnosis or agenda point names no one responsible unless it orders.
    modal_only = kind != "directive"
    result = ItemOwners()
    hits: list[OwnerHit] = []  # one per phrase, in order
    spelt: list[str] = []  # each phrase without its list separators
    for a, b in regions:
        for h in find_owner_hits(m, a, b, units, modal_only=modal_only):
            phrase = t[h.start : h.end]
            # The same list joined by other words (同意X及Y的意见。X、Y要…): one owner, found
            # by both rules.
            key = _LIST_SEPARATORS.sub("", phrase)
            if key in spelt:
                k = spelt.index(key)
                hits[k] = hits[k].merged(h)
                continue
            result.phrases.append(phrase)
            hits.append(h)
            spelt.append(key)
    for h in hits:
        for name in (h.rule, *h.also):
            if name not in result.rules:
                result.rules.append(name)
    names = [units.normalise(p) for p in result.phrases]
    for unit_names in names:
        result.units.extend(n for n in unit_names if n not in result.units)
    roles = [h.role for h in hits]
    if "lead" not in roles and "co" in roles:
        # X负责…，Y配合: a partner works with the unit named just before it.
        before = [k for k in range(roles.index("co")) if roles[k] == "owner"]
        if before:
            roles[before[-1]] = "lead"
    lead = _units_of(names, roles, "lead")
    if not lead:
        owners = _units_of(names, roles, "owner")
        lead = owners if len(owners) == 1 else []  # one unit, no role stated: it leads
    result.lead = lead
    result.co_owners = [n for n in _units_of(names, roles, "co") if n not in lead]
    return result


def _units_of(names: list[list[str]], roles: list[str], role: str) -> list[str]:
    out: list[str] = []
    for unit_names, r in zip(names, roles):
        if r == role:
            out.extend(n for n in unit_names if n not in out)
    return out


# ---------------------------------------------------------------------- a section's own lines

_SECTION_LINE = re.compile("|".join(f"(?:{lexicon.expand(r.pattern)})" for r in _rules("section_label")))


class _Node(Protocol):
    """What `section_owner_lines` reads and moves of an outline node (extract/outline.py)."""

    parent: int | None
    heading_start: int
    end: int
    children: list[int]
    tails: list[tuple[int, int]]


def section_owner_lines(m: str, nodes: Sequence[_Node]) -> None:
    """Give a section the responsibility lines that close it (in place).

    Notices and plans list a section's points, then name its units on lines of their own
    (`责任单位：X` / `配合单位：Y`): those lines follow the section's last point, but they
    belong to the section, not to that point. They are taken as the section's when the last
    point is a direct child holding such a line after its own first line and no other point
    of the section names units by a label (a task list that labels every point keeps each
    label with its point). The lines, and what follows them up to the next marker, become a
    tail of the section."""
    if "：" not in m:
        return
    for node in nodes:
        if len(node.children) < 2:
            continue
        last = nodes[node.children[-1]]
        if last.children or last.end <= last.heading_start:
            continue  # its own text ends where a nested list begins: the label is not there
        line = _SECTION_LINE.search(m, last.heading_start, last.end)
        if line is None:
            continue
        if any(_has_label(m, nodes[k].heading_start, nodes[k].end) for k in node.children[:-1]):
            continue
        node.tails.append((line.start() + 1, last.end))
        last.end = line.start()


def _has_label(m: str, start: int, end: int) -> bool:
    return any((not need or m.find(need, start, end) >= 0) and rx.search(m, start, end) for _r, rx, need in _LABELS)
