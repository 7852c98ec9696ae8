"""Find enumeration markers in a cleaned speech and build the outline tree.

Works on the *matching* copy of the cleaned text (Simplified script, canonical
full-width punctuation), so the rules only spell each mark one way.

Marker families, from outer to inner (the rank decides nesting when families mix):

    rank 1  一、  一.        section
    rank 2  （一）
    rank 3  第一，  第一、  第一：
    rank 4  1.  1、
    rank 5  （1）
    rank 6  一是  一要  其一，     inline points; the three are peers
    rank 7  ①

A marker counts at a line start or after a sentence boundary (。！？；：); the inline
families also after a comma, and `一要` after a short subject (`各地一要…`). Weak
markers (the inline families, and the arabic ones when not at a line start) must
belong to a sequence: another marker of the same family nearby (`一要` … `二要`)
before the next outer marker, otherwise they are prose (`统一要求`, a lone `其一`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from tasktui.extract.prefilter import Gated

CN_DIGITS = "一二三四五六七八九十"
_CN_VALUE = {ch: i + 1 for i, ch in enumerate(CN_DIGITS)}
_CN = f"[{CN_DIGITS}]{{1,3}}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"

# family name → rank (smaller = outer)
RANK: dict[str, int] = {
    "cn_dun": 1,
    "cn_paren": 2,
    "di": 3,
    "ar_dot": 4,
    "ar_paren": 5,
    "qi": 6,
    "shi": 6,
    "yao": 6,
    "circ": 7,
}
_INLINE = {"qi", "shi", "yao", "circ"}

_MARKER = re.compile(
    # first-character gate: most positions are rejected before the alternation runs
    rf"(?=[{CN_DIGITS}（第0-9其{_CIRCLED}{_PAREN_DIGITS}])(?:"
    # 一、 and, at a line start, 一. (一． folded): web pages and typed notices use both
    rf"(?P<cn_dun>(?P<n1>{_CN})(?:、|\.(?![\d.])))"
    rf"|(?P<cn_paren>（(?P<n2>{_CN})）)"
    # 第一， 第一、 and the counted steps of minutes and plans: 第一项， 第一步： 第一阶段
    rf"|(?P<di>第(?P<n3>{_CN})(?:[，、：]|(?:项|步|阶段|部分)[，、：\s]?))"
    rf"|(?P<ar_dot>(?<!\d)(?P<n4>\d{{1,2}})[.、](?![\d.]))"
    rf"|(?P<ar_paren>（(?P<n5>\d{{1,2}})）|[{_PAREN_DIGITS}])"
    rf"|(?P<qi>其(?P<n6>[一二三四五六七八九])[，、：])"
    rf"|(?P<shi>(?P<n7>{_CN})是)"
    rf"|(?P<yao>(?P<n8>{_CN})要)"
    rf"|(?P<circ>[{_CIRCLED}])"
    ")"
)
_GROUPS = [
    ("cn_dun", "n1"),
    ("cn_paren", "n2"),
    ("di", "n3"),
    ("ar_dot", "n4"),
    ("ar_paren", "n5"),
    ("qi", "n6"),
    ("shi", "n7"),
    ("yao", "n8"),
    ("circ", None),
]
_NUM_GROUP = dict(_GROUPS)
BOUNDARY = set("。！？；：")
HEADING_END = re.compile(r"[。；！？：\n]")
# A short subject before an inline `一要` (各地一要…, 我们一要…).
_SUBJECT = re.compile(
    r"(?:各|全|我们|大家|相关|有关|其余|每个|所有)[\u4e00-\u9fffXx*（）]{0,8}$|[\u4e00-\u9fffXx*]{0,8}(?:局|委|办|部门|单位|学校|乡镇|街道|政府|地|校|镇|县|区|市)$"
)
_WORD_AFTER_YAO = re.compile(r"[\u4e00-\u9fff“\"《]")
# Closing remarks end the last item's text (同志们，… / 最后，我强调…).
CLOSING = re.compile(r"\n[ ]*同志们[，！。：]")
# A sentence that steps back from a list to its parent (对于以上问题，我们务必…).
# (Searched through its gate: a lookbehind first makes the engine try every position.)
RETURN = Gated(
    re.compile(
        r"(?<=[。！？；\n])(?:对于|针对|对照|对)(?:以上|上述|上面|这些)(?:问题|情况|不足|短板)?|(?<=[。！？；\n])(?:综上所述|总之|总的来说)"
    )
)


@dataclass
class Marker:
    family: str
    number: int
    start: int  # marker start in the cleaned text
    end: int  # marker end
    position: str  # "line", "boundary", "comma", "subject"
    accepted: bool = False

    @property
    def rank(self) -> int:
        return RANK[self.family]

    @property
    def strong(self) -> bool:
        if self.position == "runon":
            return False  # run into a heading: only as part of a sequence
        if self.family in ("cn_dun", "cn_paren"):
            return True
        return self.family in ("di", "ar_dot", "ar_paren") and self.position == "line"


@dataclass
class OutlineNode:
    marker: Marker
    id: str
    level: int
    parent: int | None  # index into the node list
    heading_start: int
    heading_end: int
    end: int  # own text ends here (next marker or closing remarks)
    children: list[int] = field(default_factory=list)
    # Text after a list that speaks for the parent again (对于以上问题，…): owned by the parent.
    tails: list[tuple[int, int]] = field(default_factory=list)


def cn_number(s: str) -> int:
    """Value of a small Chinese numeral (一 … 九十九)."""
    if not s:
        return 0
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_VALUE.get(tens, 1) if tens else 1) * 10 + (_CN_VALUE.get(ones, 0) if ones else 0)
    value = 0
    for ch in s:
        value = value * 10 + _CN_VALUE.get(ch, 0)
    return value


# A heading this short, with no sentence end after its marker, may run straight into the
# next marker where a site lost the line break (三、整治对象（一）整治范围。…).
_RUNON_HEADING = 30
_RUNON_FAMILIES = {"cn_dun", "cn_paren", "ar_dot", "ar_paren", "di", "shi", "yao"}


def _runon(m: str, s: int, prev_end: int | None) -> bool:
    """Is the marker at `s` (mid-sentence) right after a short heading of the previous
    marker, with no sentence end between?"""
    if prev_end is None or not 0 < s - prev_end <= _RUNON_HEADING:
        return False
    between = m[prev_end:s]
    return not any(ch in BOUNDARY or ch == "\n" for ch in between)  # a couplet heading keeps its commas


def find_markers(m: str) -> list[Marker]:
    """All plausible markers (position and idiom checks), before sequence checks."""
    out: list[Marker] = []
    for mt in _MARKER.finditer(m):
        # The family's group encloses the numeral's and closes last: lastgroup names it.
        family = mt.lastgroup
        if family not in _NUM_GROUP:
            continue
        num_group = _NUM_GROUP[family]
        s, e = mt.start(), mt.end()
        if family == "circ":
            number = _CIRCLED.index(mt.group(0)) + 1
        elif family == "ar_paren" and mt.group(num_group or "") is None:
            number = _PAREN_DIGITS.index(mt.group(0)) + 1  # ⑴
        elif family in ("ar_dot", "ar_paren"):
            number = int(mt.group(num_group or ""))
        else:
            raw = mt.group(num_group or "")
            if len(raw) > 1 and "十" not in raw:
                continue  # 一二、 三四 are not numerals of a list
            number = cn_number(raw)
        if number <= 0:
            continue
        position = _position(m, s)
        if not _acceptable(m, family, s, e, position):
            if family == "yao" and position == "mid" and _SUBJECT.search(_clause_prefix(m, s)) and _after_ok(m, e):
                position = "subject"
            elif (
                position == "mid"
                and family in _RUNON_FAMILIES
                and _runon(m, s, out[-1].end if out else None)
                and _acceptable(m, family, s, e, "boundary")
            ):
                position = "runon"
            else:
                continue
        out.append(Marker(family, number, s, e, position))
    return out


def _position(m: str, s: int) -> str:
    prev = m[s - 1] if s > 0 else "\n"
    if prev == "\n":
        return "line"
    if prev in BOUNDARY:
        return "boundary"
    if prev == "，":
        return "comma"
    if prev in '”’"' and s >= 2 and m[s - 2] in BOUNDARY:
        return "boundary"
    return "mid"


def _clause_prefix(m: str, s: int) -> str:
    j = s
    lo = max(0, s - 12)
    while j > lo and m[j - 1] not in "。！？；：，\n":
        j -= 1
    if j == lo and lo > 0 and m[lo - 1] not in "。！？；：，\n":
        return "·" * 13  # too long to be a subject
    return m[j:s]


def _after_ok(m: str, e: int) -> bool:
    return bool(_WORD_AFTER_YAO.match(m, e))


def _acceptable(m: str, family: str, s: int, e: int, position: str) -> bool:
    nxt = m[e : e + 1]
    if position == "mid":
        return family == "circ"
    if family in ("cn_dun", "cn_paren", "di", "ar_dot", "ar_paren") and position == "comma":
        return family in ("di", "ar_paren", "cn_paren")
    if family == "cn_dun":
        if m[e - 1] == "." and position != "line":
            return False  # 一. only heads a line (…统一.)
        # 一、二年级 / 三、四月份: the next numeral right after is a range, not a heading;
        # any other numeral starts the heading's words (一、一季度全县文旅市场…).
        if nxt and nxt in CN_DIGITS:
            return cn_number(nxt) != cn_number(m[s : e - 1]) + 1
        return bool(nxt) and nxt not in "、，。\n"
    if family == "ar_dot":
        return bool(nxt) and nxt not in "、，。%\n" and not nxt.isdigit()
    if family == "shi":
        # 一是一、二是二 (an idiom), 一是…的 as plain prose after a comma is still fine.
        if nxt and nxt in CN_DIGITS and m[e + 1 : e + 2] in ("、", "，", "", "。"):
            return False
        return bool(nxt) and nxt not in "，。、\n"
    if family == "yao":
        return _after_ok(m, e)
    return True


def _accept_sequences(m: str, markers: list[Marker]) -> None:
    """Mark strong markers accepted; accept weak ones that belong to a sequence."""
    for mk in markers:
        mk.accepted = mk.strong
    for rank in sorted({mk.rank for mk in markers}):
        weak = [i for i, mk in enumerate(markers) if mk.rank == rank and not mk.accepted]
        if not weak:
            continue
        # Blocks of one rank are separated by accepted markers of an outer rank, except
        # a list nested inside a point (一要…（1）（2）（3）…二要): a run of an outer
        # family that starts at 1 after the block began does not end the block.
        block_id = 0
        blocks: dict[tuple[int, str], list[int]] = {}
        inner_runs: dict[str, int] = {}
        for i, mk in enumerate(markers):
            if mk.accepted and mk.rank < rank:
                if mk.number == 1 or inner_runs.get(mk.family) == mk.number - 1:
                    inner_runs[mk.family] = mk.number
                    continue
                block_id += 1
                inner_runs.clear()
            elif mk.rank == rank:
                blocks.setdefault((block_id, mk.family), []).append(i)
        for members in blocks.values():
            # Where each number first and last stands in the block: a neighbour test is then
            # a look-up, not a pass over the block (long texts hold long blocks).
            first_at: dict[int, int] = {}
            last_at: dict[int, int] = {}
            for q, j in enumerate(members):
                first_at.setdefault(markers[j].number, q)
                last_at[markers[j].number] = q
            for pos, i in enumerate(members):
                mk = markers[i]
                if mk.accepted:
                    continue
                if (
                    _has_sequence_neighbour(first_at, last_at, mk.number, pos)
                    or _announced(m, mk)
                    or _first_point_run_on(markers, i)
                ):
                    mk.accepted = True


# A lone first point still counts when the text announces its list: a count just before it
# (这里我强调3个硬任务。一是… / 讲五个方面意见。一要…) or a label ending in a colon (议定：1、…).
_ANNOUNCED = re.compile(
    r"(?:[0-9一二三两四五六七八九十几]+|以下|如下)(?:个|点|项|条|方面)[^。！？；\n]{0,8}[。：]?\s*$"
)
_LABEL_COLON = re.compile(r"(?:^|[。；\n])[^。；，\n]{1,8}：\s*$")


def _announced(m: str, mk: Marker) -> bool:
    if mk.number != 1 or mk.position not in ("line", "boundary"):
        return False
    before = m[max(0, mk.start - 40) : mk.start]
    return bool(_ANNOUNCED.search(before) or _LABEL_COLON.search(before))


def _first_point_run_on(markers: list[Marker], i: int) -> bool:
    """Is markers[i] a list's first point run into its section's heading where a site lost
    the line break (一、扎实开展专项整治（一）开展整治的必要性…): numbered 1, of an inner
    rank, right after an accepted outer marker's short heading. Whether the list goes on
    may lie past the page's end."""
    mk = markers[i]
    if mk.position != "runon" or mk.number != 1 or i == 0:
        return False
    prev = markers[i - 1]
    return prev.accepted and prev.rank < mk.rank


def _has_sequence_neighbour(first_at: dict[int, int], last_at: dict[int, int], n: int, pos: int) -> bool:
    """Is there, in the block, a later marker numbered n to n+2 or an earlier one numbered
    n-2 to n (the member at `pos` is numbered n)?"""
    return any(last_at.get(v, -1) > pos for v in (n, n + 1, n + 2)) or any(
        first_at.get(v, pos) < pos for v in (n - 2, n - 1, n)
    )


_TOC_LINE = 60  # a table of contents holds headings only: no line of prose
_TOC_HEADING = 4


def _drop_contents(m: str, accepted: list[Marker]) -> list[Marker]:
    """Drop a table of contents (目录/提纲) repeated before the body: a run of heading-only
    lines whose first heading comes back later with the same marker."""
    for i, mk in enumerate(accepted[: max(1, len(accepted) // 2)]):
        hs, he = _heading(m, mk.end, accepted[i + 1].start if i + 1 < len(accepted) else len(m))
        heading = m[hs:he]
        if len(heading) < _TOC_HEADING:
            continue
        label = m[mk.start : mk.end]
        for j in range(i + 1, len(accepted)):
            other = accepted[j]
            if m[other.start : other.end] != label or not m.startswith(heading, _skip_space(m, other.end)):
                continue
            run_end = _short_line_run_end(m, mk.start, other.start)
            dropped = [k for k in range(i, j) if accepted[k].start < run_end]
            if len(dropped) >= 2 and run_end <= other.start:
                return accepted[:i] + [a for a in accepted[i:] if a.start >= run_end]
            break
        break  # only the first heading is looked for: a contents list precedes the body
    return accepted


def _short_line_run_end(m: str, start: int, limit: int) -> int:
    """Where the run of short (heading-only) lines from `start` ends, at most `limit`."""
    pos = start
    while pos < limit:
        nl = m.find("\n", pos, limit)
        end = limit if nl < 0 else nl
        if len(m[pos:end].strip()) > _TOC_LINE:
            return pos
        pos = end + 1
    return limit


def _skip_space(m: str, pos: int) -> int:
    while pos < len(m) and m[pos] in " \n":
        pos += 1
    return pos


# 二要/二是 open inline points, not a damaged 二、.
_DAMAGED = re.compile(rf"(?m)^[ ]*(?P<n>{_CN})(?=[\u4e00-\u9fff])(?![要是])")


def _repair_damaged(m: str, accepted: list[Marker]) -> list[Marker]:
    """A section marker that lost its 、 (一加大… at a line start) where the 一、 list has
    exactly that gap: 二、 and 三、 are there, or 一、 and 三、, and the line between starts
    with the missing numeral."""
    secs = [mk for mk in accepted if mk.family == "cn_dun"]
    if not secs:
        return accepted
    found: list[Marker] = []
    bounds = [(0, secs[0].start, 1)] if secs[0].number == 2 else []
    bounds += [(a.end, b.start, a.number + 1) for a, b in zip(secs, secs[1:]) if b.number == a.number + 2]
    for lo, hi, want in bounds:
        for mt in _DAMAGED.finditer(m, lo, hi):
            if cn_number(mt.group("n")) == want:
                found.append(Marker("cn_dun", want, mt.start("n"), mt.end("n"), "line", accepted=True))
                break
    if not found:
        return accepted
    return sorted(accepted + found, key=lambda mk: mk.start)


def build_outline(m: str) -> tuple[list[OutlineNode], list[str]]:
    """Markers → tree nodes in reading order, plus numbering warnings."""
    markers = find_markers(m)
    _accept_sequences(m, markers)
    accepted = _repair_damaged(m, _drop_contents(m, [mk for mk in markers if mk.accepted]))
    nodes: list[OutlineNode] = []
    warnings: list[str] = []
    stack: list[int] = []  # node indices, outermost first
    child_count: dict[int | None, int] = {}
    last_number: dict[tuple[int | None, str], int] = {}
    nested_pairs: set[tuple[str, str]] = set()  # (parent family, child family) seen nesting by order
    for n_idx, mk in enumerate(accepted):
        next_start = accepted[n_idx + 1].start if n_idx + 1 < len(accepted) else len(m)
        families = [nodes[k].marker.family for k in stack]
        if mk.family in families:
            while nodes[stack[-1]].marker.family != mk.family:
                stack.pop()
            stack.pop()
        elif stack and (
            (nodes[stack[-1]].marker.family, mk.family) in nested_pairs
            or _nests_in(m, accepted, n_idx, nodes[stack[-1]].marker, {nodes[k].marker.family for k in stack})
        ):
            nested_pairs.add(
                (nodes[stack[-1]].marker.family, mk.family)
            )  # a list first seen inside a point nests one deeper, whatever its rank
        else:
            while stack and nodes[stack[-1]].marker.rank >= mk.rank:
                stack.pop()
        parent = stack[-1] if stack else None
        count = child_count.get(parent, 0) + 1
        child_count[parent] = count
        node_id = f"{nodes[parent].id}.{count}" if parent is not None else str(count)
        hs, he = _heading(m, mk.end, next_start)
        node = OutlineNode(mk, node_id, len(stack) + 1, parent, hs, he, len(m))
        idx = len(nodes)
        nodes.append(node)
        if parent is not None:
            nodes[parent].children.append(idx)
        stack.append(idx)
        key = (parent, mk.family)
        prev = last_number.get(key)
        label = m[mk.start : mk.end]
        if prev is None and mk.number != 1:
            warnings.append(f"事项 {node_id}「{label}」：编号从 {mk.number} 开始，前面可能有未标编号的一点")
        elif prev is not None and mk.number == prev:
            warnings.append(f"事项 {node_id}「{label}」：编号重复，按下一点计")
        elif prev is not None and mk.number != prev + 1:
            warnings.append(f"事项 {node_id}「{label}」：编号从 {prev} 跳到 {mk.number}")
        last_number[key] = mk.number
    # Each node's own text runs to the next marker (of any level).
    for k, node in enumerate(nodes):
        nxt = nodes[k + 1].marker.start if k + 1 < len(nodes) else len(m)
        close = CLOSING.search(m, node.heading_end, nxt)
        node.end = close.start() if close else nxt
        back = RETURN.search(m, node.heading_end, node.end)
        if back and node.parent is not None:
            nodes[node.parent].tails.append((back.start(), node.end))
            node.end = back.start()
    return nodes, warnings


def _nests_in(m: str, accepted: list[Marker], k: int, top: Marker, open_families: set[str]) -> bool:
    """Does the list starting at accepted[k] (a family not open on the stack) sit
    inside the point `top`, although its family ranks as outer?

    Families nest in the order they appear within a parent, so `二要…：（1）…（2）…三要`
    puts （1）（2） under 二要 and `1.…（一）…（二）…2.` puts （一） under 1. Rank
    only decides when order cannot: a new list of an inner or peer rank nests (or is a
    sibling list) as before; a list of an outer rank nests when it starts at 1 and
    either the parent's text announces it with a colon, or the parent's own family
    resumes after the list (the next point of `top`'s list follows it) before any
    ancestor's family does. A preamble `一是…三是` followed by `第一，` is not
    resumed, so `第一，` stays outer.
    """
    mk = accepted[k]
    if mk.number == 1 and mk.rank == top.rank and mk.family != top.family and _lone(accepted, k, top):
        return True  # 一要…(no 二要) 一是…二是…: a peer list under a lone point nests in it
    if mk.rank >= top.rank or mk.number != 1 or mk.family == "cn_dun":
        return False
    j = mk.start
    while j > top.end and m[j - 1] in " \n":
        j -= 1
    if m[j - 1 : j] == "：":
        # An inline point (一是…) lives inside its paragraph: a colon in a later paragraph
        # announces a list of the section's, not of the point's.
        return not (top.family in _INLINE and "\n" in m[top.end : j - 1])
    for nxt in islice(accepted, k + 1, None):
        if nxt.family == mk.family:
            continue
        if nxt.family == top.family:
            return 0 < nxt.number - top.number <= 2
        if nxt.family in open_families or nxt.rank < mk.rank:
            return False
    return False


def _lone(accepted: list[Marker], k: int, top: Marker) -> bool:
    """Is `top` a point whose list never goes on (no later marker of its family)?"""
    return top.number == 1 and not any(a.family == top.family for a in islice(accepted, k, None))


def _heading(m: str, pos: int, limit: int) -> tuple[int, int]:
    """Heading span after a marker: up to the first 。；！？： or line end, and never
    past the next marker (一要…，二要… on one line)."""
    n = min(len(m), max(limit, pos))
    while pos < n and m[pos] in " \n":
        pos += 1  # marker alone on its line: the heading is on the next one
    end_m = HEADING_END.search(m, pos, n)
    # A run of ？ stands for characters a site lost (？？？汇报…): not the heading's end.
    while (
        end_m
        and m[end_m.start()] == "？"
        and (end_m.start() == pos or m[end_m.start() + 1 : end_m.start() + 2] == "？" or m[end_m.start() - 1] == "？")
    ):
        end_m = HEADING_END.search(m, end_m.start() + 1, n)
    end = end_m.start() if end_m else n
    while end > pos and m[end - 1] in "，、 ":
        end -= 1
    return pos, end
