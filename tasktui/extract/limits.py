"""An item's time limit: which phrase of its text is the deadline, resolved against the
meeting date (the phrase grammar and the resolver are in `deadlines`)."""

from __future__ import annotations

import re
from datetime import date

from tasktui.extract.types import Deadline


def item_deadline(
    m: str, t: str, regions: list[tuple[int, int]], meeting_date: date | None, calendar: object | None
) -> tuple[str | None, Deadline | None]:
    """The item's time limit, resolved against the meeting date.

    Only directive items carry one (a review's `压缩至1个工作日以内` is a statistic).
    A labelled field (`完成时限：9月15日前`) wins; otherwise the first phrase of the
    best rank in the item's own text: a limit, dated or a period (`9月15日前`, `国庆节前`,
    `两周内`, `上半年`; narrative periods such as `一季度全县共签约…` are not found at
    all), before a starting point or ongoing word (`即日起`, `长期坚持`), before
    immediacy (`立行立改`). Immediacy words inside a list of slogans
    (`即知即改、立行立改、全面整改`) and durations after `压缩至/控制在` are not limits.
    The finder runs on the matching copy (Simplified: 兩個月內 → 两个月内); the phrase
    returned is the verbatim text at the same offsets.
    """
    try:
        from tasktui.extract.deadlines import find_deadline_phrases, resolve_deadline
    except ImportError:  # the deadlines module ships separately; items still extract without it
        return None, None
    found: tuple[int, int] | None = None
    for start, end in regions:
        lab = _LABELLED_DEADLINE.search(m, start, end)
        if lab:
            found = lab.span("x")
            break
    if found is None:
        best: tuple[int, int, int] | None = None
        for start, end in regions:
            for s, e in _limits(m, start, end, find_deadline_phrases):
                rank = _phrase_rank(m, s, e)
                if rank is not None and (best is None or rank < best[0]):
                    best = (rank, s, e)
                    if rank == 0:
                        break
            if best is not None and best[0] == 0:
                break
        if best is not None:
            found = best[1], best[2]
    if found is None:
        return None, None
    s, e = found
    phrase = t[s:e]
    try:
        return phrase, resolve_deadline(m[s:e], meeting_date, calendar)  # type: ignore[arg-type]
    except Exception:  # resolve_deadline promises not to raise; stay safe regardless
        return phrase, Deadline(phrase, "unresolved")


_LABELLED_DEADLINE = re.compile(
    r"(?:完成时限|完成时间|办结时限|整改时限|时限要求)\s*[:：]\s*(?P<x>[^；;。，,\n]{2,30}?)\s*(?=[；;。，,\n]|$)"
)
_STATISTIC_BEFORE = re.compile(r"(?:压缩|缩短|缩减|控制|减少|降低|提速|提升|提高)(?:至|到|在)$")
_RANK_IMMEDIATE = re.compile(r"(?:立行立改|立查立改)$")
_RANK_START = re.compile(r"^(?:从|自)?即日起$|^长期坚持$")


def _phrase_rank(m: str, s: int, e: int) -> int | None:
    """0 limit (a date, duration or period: the first one in the item wins), 2 starting point /
    ongoing, 3 immediacy; None = not a limit."""
    phrase = m[s:e]
    if _STATISTIC_BEFORE.search(m, max(0, s - 4), s):
        return None
    if _RANK_IMMEDIATE.search(phrase):
        if m[s - 1 : s] == "、" or m[e : e + 1] == "、":
            return None  # one of a row of slogans
        return 3
    if _RANK_START.match(phrase):
        return 2
    return 0


# Every deadline phrase carries one of these; sentences without any are skipped
# (the finder is the slow part of the pipeline otherwise).
_DEADLINE_CUE = re.compile(r"[前内底末止旬季起]|半年|开学第|[今明本当]年|立行|立查|日|号|长期坚持")
_SENTENCE = re.compile(r"[^。！？；\n]*[。！？；\n]?")
_CUTOFF = re.compile(r"^(?:截至|截止)")
_DIRECTIVE_NEAR = re.compile(r"要|须|务必|必须|完成|前|报送|上报|提交|确保|到位")


def _limits(m: str, start: int, end: int, find_deadline_phrases):  # type: ignore[no-untyped-def]
    """Spans of the time-limit phrases in m[start:end], in order."""
    for sm in _SENTENCE.finditer(m, start, end):
        sentence = sm.group(0)
        if not sentence or not _DEADLINE_CUE.search(sentence):
            continue
        for phrase, s, e in find_deadline_phrases(sentence):
            if _CUTOFF.match(phrase) and not _DIRECTIVE_NEAR.search(sentence[e:]):
                continue  # 截止到3月29日，我省… reports a state; only a cutoff with an order is a limit
            yield sm.start() + s, sm.start() + e
