"""The extractor's pipeline, `extract(text, meeting_date, units, calendar)`.

Pipeline: `clean` (site noise out, offset map kept) → `outline` (markers, tree) →
`kinds` (directive/review/problem/other) → `owners` + `units` (responsible units) →
deadlines (the first time-limit phrase of each item, resolved against the meeting
date). `extract` never raises on a str input.
"""

from __future__ import annotations

import re
from datetime import date

from tasktui.extract.clean import CleanText, clean, first_lines
from tasktui.extract.genres import Genre
from tasktui.extract.genres import detect as detect_genre
from tasktui.extract.kinds import KindInput, classify, find_transition
from tasktui.extract.limits import ItemLimit, item_limit
from tasktui.extract.outline import OutlineNode, build_outline
from tasktui.extract.owners import item_owners, section_owner_lines
from tasktui.extract.titles import SCAN_LINES, find_title
from tasktui.extract.types import ExtractedItem, Extraction
from tasktui.extract.units import UnitDirectory

# The warning that says the extractor itself failed (a bug), not the text: the import
# refuses such a result with it.
EXTRACTOR_FAILED = "提取程序出错（tasktui 的缺陷）："

__all__ = ["EXTRACTOR_FAILED", "extract"]

_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_TITLE_CUT = re.compile(r"(?:讲话|发言|致辞|报告|讲稿)(?=同志们|各位|大家|[，。：\s]|$)|同志们|[。：]")
_DEFAULT_UNITS: UnitDirectory | None = None


def extract(
    text: str,
    meeting_date: date | None = None,
    units: UnitDirectory | None = None,
    calendar: object | None = None,
) -> Extraction:
    """Extract the numbered items of a speech. Never raises on a str input."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _extract(text, meeting_date, units, calendar)
    except Exception as exc:  # a bug must not lose the user's paste: return what we can
        return Extraction(
            title=_first_line(text)[:80],
            meeting_date=meeting_date,
            year=None,
            items=[],
            warnings=[f"{EXTRACTOR_FAILED}{type(exc).__name__}: {exc}"],
            text=text,
        )


def _extract(text: str, meeting_date: date | None, units: UnitDirectory | None, calendar: object | None) -> Extraction:
    global _DEFAULT_UNITS
    if units is None:
        if _DEFAULT_UNITS is None:
            _DEFAULT_UNITS = UnitDirectory.builtin()
        units = _DEFAULT_UNITS
    ct = clean(text)
    warnings = list(ct.warnings)
    title = _title(ct)
    m, t = ct.match, ct.text
    genre = detect_genre(m)
    if meeting_date is None:
        meeting_date = _find_meeting_date(m)
    year = meeting_date.year if meeting_date else _find_year(title, m)
    if meeting_date is None and year is not None and genre.name in ("news", "minutes"):
        meeting_date = _dateline(m, year)
    nodes, outline_warnings = build_outline(m)
    warnings.extend(outline_warnings)
    section_owner_lines(m, nodes)  # 责任单位 lines that close a section are the section's
    kinds, kind_inputs = _kinds(m, nodes, genre)
    items: list[ExtractedItem] = []
    for k, node in enumerate(nodes):
        mk = node.marker
        own_start, own_end = mk.start, node.end
        heading = t[node.heading_start : node.heading_end].strip()
        regions = [(node.heading_start, own_end), *node.tails]
        body = "\n".join(t[a:b].strip() for a, b in regions)
        own = item_owners(m, t, regions, units, kinds[k])
        limit = item_limit(m, t, regions, meeting_date, calendar) if kinds[k] == "directive" else ItemLimit()
        span = ct.span_to_orig(own_start, _rstrip_end(t, own_start, own_end))
        items.append(
            ExtractedItem(
                id=node.id,
                level=node.level,
                marker=t[mk.start : mk.end],
                kind=kinds[k],
                text=heading,
                body=body,
                owners=own.phrases,
                units=own.units,
                lead=own.lead,
                co_owners=own.co_owners,
                deadline_phrase=limit.phrase,
                deadline=limit.deadline,
                span=span,
                parent_id=nodes[node.parent].id if node.parent is not None else None,
                report_every=limit.report_every,
                rules={"kind": _kind_explanation(kind_inputs[k], kinds[k])}
                | ({"owners": own.rules} if own.rules else {})
                | ({"deadline": limit.rules} if limit.rules else {}),
            )
        )
    return Extraction(
        title=title,
        meeting_date=meeting_date,
        year=year,
        items=items,
        warnings=warnings,
        text=text,
        genre=genre.name,
        genre_rules=list(genre.fired),
    )


def _kind_explanation(inp: KindInput, kind: str) -> list[str]:
    """The named cues that scored for this item, then the score of each kind."""
    out = list(inp.fired)
    if inp.genre:
        out.append(f"genre={inp.genre.name}")
    scores = [f"{k}={v:.1f}" for k, v in inp.scores.items() if v]
    if scores:
        out.append(" ".join(scores))
    return out


def _rstrip_end(t: str, start: int, end: int) -> int:
    while end > start and t[end - 1] in " \n":
        end -= 1
    return end


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


# A line that reads like a speech title: 在…会议上的讲话 / …讲话 / …工作会议.
_TITLE_LIKE = re.compile(
    r"(?:讲话|发言|致辞|讲稿|报告|总结|动员|主持词)(?:稿|提纲|全文|范文)?$|(?:会议|大会|座谈会|推进会|部署会|调度会|现场会|培训班)$|^在.{2,60}(?:上|中)的"
)
# Site decorations after a title: _领导讲话_范文网, -文档下载, | 某某文库, .docx
_TITLE_SUFFIX = re.compile(
    r"(?:\s*[_|｜]\s*.{0,20}|\s*[-—–]\s*(?:文档|下载|免费|范文|.{0,8}(?:网|文库|站)).{0,12})$|\.(?:docx?|pdf|wps|txt)$",
    re.I,
)
_TITLE_SCAN_LINES = SCAN_LINES


def _title(ct: CleanText) -> str:
    """The document's title (extract/titles.py), or "" when it names none: the store then
    names the meeting after its file."""
    lines = first_lines(ct.text, SCAN_LINES)
    return (find_title(lines, first_lines(ct.match, SCAN_LINES)) or "")[:120]


def _find_meeting_date(m: str) -> date | None:
    """A full date near the top or the bottom (where speeches put the meeting day)."""
    head, tail = m[:600], m[-400:]
    for zone in (head, tail):
        mt = _DATE.search(zone)
        if mt:
            try:
                return date(int(mt.group(1)), int(mt.group(2)), int(mt.group(3)))
            except ValueError:
                continue
    return None


# A year the speech plans for (部署2024年重点任务, 2024年要…), not one it looks back on.
_PLAN_YEAR = re.compile(
    r"(?:部署|安排|谋划|做好|抓好|推进|完成|实现|确保)(?:好)?((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年(?:是|要|的?(?:重点|目标|主要)任务|工作要点|全年)"
)


# A document number (菏政办字〔2023〕1号) or a dated header line (2016-4-13) states the year.
_DOC_NUMBER_YEAR = re.compile(r"[〔\[【（]\s*((?:19|20)\d{2})\s*[〕\]】）]\s*\d{1,4}\s*号")
_HEADER_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
# A news report's or minutes' dateline: 7月9日下午，县民政局召开… / 3-24，县长…主持召开…
_DATELINE = re.compile(
    r"(?<!\d)(\d{1,2})(?:月|-)(\d{1,2})日?(?:上午|下午|晚上?)?[，,]?[^。\n]{0,40}?(?:召开|主持|举行|组织召开)"
)
_DATELINE_ZONE = 400


def _dateline(m: str, year: int) -> date | None:
    """The meeting day of a report or minutes that gives month and day only, in `year`."""
    mt = _DATELINE.search(m, 0, _DATELINE_ZONE)
    if not mt:
        return None
    try:
        return date(year, int(mt.group(1)), int(mt.group(2)))
    except ValueError:
        return None


def _find_year(title: str, m: str) -> int | None:
    mt = _YEAR.search(title)
    if mt:
        return int(mt.group(1))
    head = m[:600]
    for rx in (_DOC_NUMBER_YEAR, _HEADER_DATE):
        mt = rx.search(head)
        if mt:
            return int(mt.group(1))
    # The speech's own opening usually states the year it is about: a planning year
    # (部署2024年重点任务) wins over one it reviews (总结2023年工作); else the most frequent.
    head = m[:1500]
    planned = [int(a or b) for a, b in _PLAN_YEAR.findall(head)]
    if planned:
        return max(set(planned), key=lambda y: (planned.count(y), y))
    years = [int(y) for y in _YEAR.findall(head)]
    if years:
        return max(set(years), key=lambda y: (years.count(y), y))
    return None


def _kinds(m: str, nodes: list[OutlineNode], genre: Genre) -> tuple[list[str], list[KindInput]]:
    if not nodes:
        return [], []
    # Preamble: items before the speaker's "下面，我讲几点意见", which precedes the first section.
    # The speech's main outline is the family of its last top-level item (sections run
    # to the end); top-level items of another family before it are the preamble.
    top = [n for n in nodes if n.parent is None]
    main_family = top[-1].marker.family if top else None
    first_outer = next((n.marker.start for n in top if n.marker.family == main_family), None)
    if first_outer is not None and first_outer == top[0].marker.start:
        first_outer = next((n.marker.start for n in nodes if n.marker.family in ("cn_dun", "cn_paren")), None)
    transition = find_transition(m, 0, first_outer) if first_outer is not None else None
    inputs: list[KindInput] = []
    parents = {n.parent for n in nodes if n.parent is not None}
    group_of: dict[tuple[int | None, str], int] = {}
    first_of_group: dict[int, int] = {}
    for node in nodes:
        key = (node.parent, node.marker.family)
        if node.marker.number == 1 and key in group_of:
            del group_of[key]  # numbering starts again: a new list with its own lead-in (二是… 一是…)
        group = group_of.setdefault(key, len(first_of_group))
        first_of_group.setdefault(group, node.marker.start)
        ancestors: list[str] = []
        p = node.parent
        while p is not None:
            ancestors.append(m[nodes[p].heading_start : nodes[p].heading_end][:40])
            p = nodes[p].parent
        inputs.append(
            KindInput(
                heading=m[node.heading_start : node.heading_end][:40],
                body=m[node.heading_end : node.end],
                lead_in=_lead_sentence(m, first_of_group[group], _lead_floor(m, nodes, node, first_of_group[group])),
                ancestors=ancestors,
                in_preamble=transition is not None and node.marker.start < transition,
                group=group,
                parent=node.parent,
                has_children=len(inputs) in parents,
                genre=genre,
            )
        )
    return classify(inputs), inputs


_INLINE_FAMILIES = ("qi", "shi", "yao", "circ")


_LABEL_LINE = re.compile(r"(?:^|\n)[^\n。！？；]{1,12}[：:]\s*$")


def _lead_floor(m: str, nodes: list[OutlineNode], node: OutlineNode, first: int) -> int | None:
    """Where a list's lead-in may start: after its parent's heading; a top-level list of
    一是/一要/其一 runs on from the sentence that announces it (共四项议程。一是…), a
    top-level 一、/1. list has one only under a short label line of its own (会议议程：)."""
    if node.parent is not None:
        return nodes[node.parent].heading_end
    if node.marker.family in _INLINE_FAMILIES or _LABEL_LINE.search(m, max(0, first - 40), first):
        return 0
    return None


def _lead_sentence(m: str, pos: int, floor: int | None) -> str:
    """The sentence right before a list's first marker (究其原因有以下几个方面：).

    Top-level lists get none (the opening of a speech does not introduce its
    sections' kinds), and the parent's own heading is not a lead-in.
    """
    if floor is None:
        return ""
    j = pos
    while j > 0 and m[j - 1] in " \n。！？；":
        j -= 1
    # The sentence starts after the last sentence end within 120 characters before j.
    lo = max(0, j - 120)
    i = lo
    for end_mark in "。！？；\n":
        k = m.rfind(end_mark, lo, j) + 1
        if k > i:
            i = k
    return m[max(i, floor) : j] if j > floor else ""
