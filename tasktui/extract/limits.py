"""An item's time limit: which phrase of its text is the deadline, resolved against the
meeting date (the phrase shapes are in `deadlines`, the cue rules in data/deadlines.toml).

Conventions (../shared/gold/FORMAT.md, docs/deadlines.md): one phrase per item, verbatim.
A labelled field (`完成时限：9月15日前`) wins. Otherwise, of the limits in the item's own
text, the first one by which something must be finished or reported (`5月7日前交…`,
`10月底前全部完成`) wins over work windows (ranges) and over the other limits of its own
sentence (the same task); otherwise the first limit.
Immediacy (`立即`, `立行立改`) counts only when nothing dated is there. A recurring limit
(`每月5日前报送`) is the item's reporting cadence (`report_every`), and its deadline only
when the item has no other limit. Not limits: start points (`即日起`), a time inside
quotation marks (a slogan), durations after `压缩至`, dates that name a past meeting, and
any time in a sentence that reports what was done without ordering anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from tasktui.extract import lexicon
from tasktui.extract.prefilter import Gated
from tasktui.extract.types import Deadline

if TYPE_CHECKING:
    from tasktui.extract.deadlines import FoundLimit

_RULE_FILE = "deadlines.toml"


@dataclass(frozen=True)
class ItemLimit:
    """What the deadline stage decided for one item."""

    phrase: str | None = None  # verbatim, as in the item's text
    deadline: Deadline | None = None
    report_every: str | None = None  # a recurring report limit, verbatim (每月5日前)
    rules: list[str] = field(default_factory=list)  # names of the rules that decided it


def item_deadline(
    m: str, t: str, regions: list[tuple[int, int]], meeting_date: date | None, calendar: object | None
) -> tuple[str | None, Deadline | None]:
    """The item's deadline phrase and its resolution (see `item_limit`)."""
    limit = item_limit(m, t, regions, meeting_date, calendar)
    return limit.phrase, limit.deadline


def item_limit(
    m: str, t: str, regions: list[tuple[int, int]], meeting_date: date | None, calendar: object | None
) -> ItemLimit:
    """The time limit of an item whose text is `regions` of the matching copy `m`.

    The finder reads `m` (Simplified: 兩個月內 → 两个月内); phrases are returned verbatim
    from `t` at the same offsets. Only directive items carry one: the caller decides.
    """
    # Imported here: the resolver loads the holiday calendar, which only directives need.
    from tasktui.extract.deadlines import find_limits, resolve_deadline

    limits: list[tuple[_Candidate, str | None]] = []  # dated, relative and event limits, with their role
    weak: tuple[int, _Candidate] | None = None  # immediacy or ongoing: only when nothing else
    recurring: _Candidate | None = None
    rejected: list[str] = []
    for cand in _candidates(m, regions, find_limits):
        reason = _rejection(cand)
        if reason is not None:
            if reason not in rejected:
                rejected.append(reason)
        elif cand.kind == "recurring":
            recurring = recurring or cand
        elif cand.kind in _WEAK:
            if weak is None or _WEAK[cand.kind] < weak[0]:
                weak = (_WEAK[cand.kind], cand)
        else:
            limits.append((cand, _role(cand)))
    every = t[recurring.start : recurring.end] if recurring is not None else None
    cadence = [recurring.kind] if recurring is not None else []

    labelled = _cues().labelled
    for start, end in regions:
        lab = labelled.regex.search(m, start, end)
        if lab:  # a labelled field wins over every phrase of the running text
            s, e = lab.span("x")
            inner = find_limits(m[s:e])
            resolvable = inner[0].resolvable if inner else m[s:e]
            deadline = _resolve(resolve_deadline, resolvable, t[s:e], meeting_date, calendar)
            return ItemLimit(t[s:e], deadline, every, [labelled.name] + [f.kind for f in inner[:1]] + cadence)

    chosen: _Candidate | None = None
    rules: list[str] = []
    if limits:
        chosen, role = _pick(limits)
        rules = [chosen.kind] + ([role] if role else [])
    elif weak is not None:
        chosen = weak[1]
        rules = [chosen.kind]
    elif recurring is not None:
        chosen = recurring
    if chosen is None:
        return ItemLimit(None, None, None, rejected)  # why nothing was taken, if anything was found
    phrase = t[chosen.start : chosen.end]
    deadline = _resolve(resolve_deadline, chosen.found.resolvable, phrase, meeting_date, calendar)
    return ItemLimit(phrase, deadline, every, rules + cadence)


def _pick(limits: list[tuple[_Candidate, str | None]]) -> tuple[_Candidate, str | None]:
    """The first limit by which something is finished or reported, if every limit before it
    is a work window or stands in its sentence (the same task); otherwise the first limit.

    `自即日起至9月26日…自查。自查表请于9月27日交…` → 9月27日 (a window before);
    `在开学前进行自查，开学后第一天将报告交…` → 开学后第一天 (its own sentence);
    `开学前，各学校要排查…。各中心校要…，8月31日前将情况报…` → 开学前 (another task's report).
    """
    for i, (cand, role) in enumerate(limits):
        if role is None:
            continue
        if all(p.kind in _WINDOWS or p.sentence_at == cand.sentence_at for p, _ in limits[:i]):
            return cand, role
        break
    return limits[0][0], None


def _resolve(resolve, resolvable: str, phrase: str, meeting_date: date | None, calendar: object | None) -> Deadline:  # type: ignore[no-untyped-def]
    try:
        d = resolve(resolvable, meeting_date, calendar)
    except Exception:  # resolve_deadline promises not to raise; stay safe regardless
        return Deadline(phrase, "unresolved")
    # The deadline keeps the verbatim phrase; the resolver read its restored form.
    return Deadline(phrase, d.status, d.date, d.warnings)


# ---------------------------------------------------------------- cue rules (data)


@dataclass(frozen=True)
class _Cue:
    name: str
    regex: re.Pattern[str]
    where: str
    kinds: frozenset[str]  # empty: every kind of phrase
    when: re.Pattern[str] | None  # the phrase must match this for the rule to apply


@dataclass(frozen=True)
class _Cues:
    labelled: _Cue
    roles: tuple[tuple[str, _Cue], ...]  # (role, cue) in file order: report, finish
    rejects: tuple[_Cue, ...]


@cache
def _cues() -> _Cues:
    extra = {spec["name"]: spec for spec in lexicon.table(_RULE_FILE).get("rule", [])}
    labelled: _Cue | None = None
    roles: list[tuple[str, _Cue]] = []
    rejects: list[_Cue] = []
    for rule in lexicon.rules(_RULE_FILE):
        if rule.target == "find":
            continue
        spec = extra[rule.name]
        when = spec.get("when")
        cue = _Cue(
            rule.name, rule.regex, rule.where, frozenset(spec.get("kinds", ())), re.compile(when) if when else None
        )
        if rule.target == "labelled":
            labelled = cue
        elif rule.target in ("report", "finish"):
            roles.append((rule.target, cue))
        elif rule.target == "reject":
            rejects.append(cue)
        else:
            raise ValueError(f"{_RULE_FILE}: rule {rule.name} has an unknown target {rule.target!r}")
    if labelled is None:
        raise ValueError(f"{_RULE_FILE}: no rule with target 'labelled'")
    return _Cues(labelled, tuple(roles), tuple(rejects))


# ---------------------------------------------------------------- candidates

# Every limit phrase carries one of these; sentences without any are skipped (the finder
# is the slow part of the pipeline otherwise).
_DEADLINE_CUE = Gated(
    re.compile(
        r"[前内底末止旬季起初日号]|半年|[今明本当]年|[0-9]\s*年(?:要|必须|务必|确保|全|基本|实现|完成)|立行|立查|立即|马上|即刻"
        r"|长期坚持|开学(?:后的?)?第|\d\.\d|[至到~～—–－-]\s*[0-9零一二两三四五六七八九十]+\s*月|[本这下](?:周|星期)|[当今明]天"
    )
)
_CLAUSE_END = re.compile(r"[，,。！？；;!?\n]")


@dataclass(frozen=True)
class _Candidate:
    found: FoundLimit
    start: int  # in m
    end: int
    sentence: str
    sentence_at: int  # where the sentence starts in m (its identity)
    s: int  # the phrase's offsets inside `sentence`
    e: int

    @property
    def kind(self) -> str:
        return self.found.kind

    def part(self, where: str) -> str:
        sent, s, e = self.sentence, self.s, self.e
        if where == "phrase":
            return sent[s:e]
        if where == "before":
            return sent[:s]
        if where == "rest":
            return sent[e:]
        if where == "sentence":
            return sent
        if where == "clause":
            a = max(sent.rfind(c, 0, s) for c in "，,") + 1
            return sent[a:s] + sent[s:e] + self.part("after")
        if where == "around":
            return (sent[s - 1] if s > 0 else " ") + (sent[e] if e < len(sent) else " ")
        if where == "after":
            # The clause after the phrase; `9月10日前，完成…` runs on to the next clause.
            first = _CLAUSE_END.search(sent, e)
            stop = first.start() if first else len(sent)
            if stop - e < 2 and first is not None:
                nxt = _CLAUSE_END.search(sent, first.end())
                stop = nxt.start() if nxt else len(sent)
            return sent[e:stop]
        raise ValueError(f"unknown place {where!r}")


_SENTENCE_MARKS = "。！？；;!?\n"
_SENTENCE_MARK = re.compile(r"[。！？；;!?\n]")


def _candidates(m: str, regions: list[tuple[int, int]], find_limits) -> Iterator[_Candidate]:  # type: ignore[no-untyped-def]
    """The limit phrases of the sentences of the regions that carry a cue (a sentence runs
    up to and including a sentence mark, or to the region's end).

    The regions are not cut into every sentence: the next cue is searched in m, and only
    its sentence is cut and tested. The cue pattern has no lookaround and no anchor, so a
    match inside a sentence is a match in m at the same place (and the leftmost match in
    m is never after one inside an earlier sentence); searching m up to a sentence's end
    is searching the sentence."""
    for start, end in regions:
        pos = start
        while pos < end:
            cue = _DEADLINE_CUE.search(m, pos, end)
            if cue is None:
                break
            q = cue.start()
            a = pos  # the sentence holding q starts after the last sentence mark before it
            for mark in _SENTENCE_MARKS:
                k = m.rfind(mark, pos, q) + 1
                if k > a:
                    a = k
            stop = _SENTENCE_MARK.search(m, q, end)
            b = stop.end() if stop is not None else end
            pos = b
            if not _DEADLINE_CUE.test(m, a, b):
                continue  # the cue ran past the sentence's end
            sentence = m[a:b]
            for found in find_limits(sentence):
                yield _Candidate(found, a + found.start, a + found.end, sentence, a, found.start, found.end)


def _applies(cue: _Cue, cand: _Candidate) -> bool:
    if cue.kinds and cand.kind not in cue.kinds:
        return False
    if cue.when is not None and not cue.when.search(cand.part("phrase")):
        return False
    return cue.regex.search(cand.part(cue.where)) is not None


def _rejection(cand: _Candidate) -> str | None:
    for cue in _cues().rejects:
        if _applies(cue, cand):
            return cue.name
    return None


# Immediacy and ongoing words count only when the item has no other limit (lower wins).
_WEAK = {"now": 1, "ongoing": 2}
# Finder kinds that give a work window (a range's end), which a finish or report limit beats.
_WINDOWS = frozenset(("day_range", "dotted_range", "month_range", "fromnow"))


def _role(cand: _Candidate) -> str | None:
    """The role rule (a finish or report limit) that fires on the candidate, if any."""
    for _role_name, cue in _cues().roles:
        if _applies(cue, cand):
            return cue.name
    return None
