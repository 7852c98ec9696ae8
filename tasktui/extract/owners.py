"""Find the responsible units (责任单位) named inside an item's own text.

Patterns, each validated by `is_owner_phrase` (the phrase must end like a unit or a
responsible person, or be a collective such as 各地各校):

  subject   clause start + owner + modal/action word: `区教体局要…`, `各乡镇务必…`,
            `区教体局、各镇办、各学校通过…`, `学校每学期…`, `市督导组将…`
  split     owner alone in a clause, the order in the next: `其余各县区，也要…`
  by        `由区市场监管局吊销…`, `由学校来解决`
  pivot     `敦促驻村帮扶干部将…`, `要求各学校要…`
  duty      `压实相关部门责任`, `X是…第一责任人`

Phrases are returned verbatim (offsets into the text given), in order of appearance.
"""

from __future__ import annotations

import re

from tasktui.extract.units import PERSON_SUFFIX, UNIT_SUFFIX, UnitDirectory

# Words after a subject that make it the actor of an order or duty.
_TRIGGER = re.compile(
    r"(?:也|还|都|均|更|一定|务必|必须|要|应当|应|需要|需|将(?!来)|负责|牵头|配合|全力配合|积极配合|协同|会同|"
    r"联合|主动|切实|进一步|每(?:学期|年|月|季度|周|天|日)|定期|及时|按时|通过|对(?!于)|依法|按照|结合|"
    r"不能|不得|可以|是.{0,16}(?:第一责任人|责任主体|直接责任人|主体责任))"
)
_CLAUSE_SPLIT = re.compile(r"[。！？；，：\n]")
# Connectives and time words that may open a clause before its subject.
_LEAD = re.compile(
    r"^(?:同时|因此|此外|另外|其中|特别是|尤其是|并且|并|而且|而|对此|为此|其[一二三四五六七八九]|首先|其次|最后|"
    r"第[一二三四五六七八九十]+|[一二三四五六七八九十]+[是要]|今年|明年|近期|今后|下一步|当前|目前|会后|"
    r"此次|这次|若有.{1,8}|如有.{1,8}|情节严重的|对.{1,10}的)+"
)
_CN_OK = r"[\u4e00-\u9fffXx*（）()、]"
_PHRASE_CHARS = re.compile(rf"^{_CN_OK}{{1,40}}$")
_END_OK = re.compile(rf"(?:{UNIT_SUFFIX}|{PERSON_SUFFIX})(?:（[^（）]{{1,12}}）)?$")
_COLLECTIVE = re.compile(r"^(?:其余|全市|全县|全区|全省|全州)?(?:各级各类|各级|各个|各类|各|所有|相关的?|有关的?)")
_COLLECTIVE_OK = re.compile(r"^(?:其余|全市|全县|全区|全省|全州)?各(?:地|级|校|学校|县|区|市|州|乡|镇|街道|村|部门|单位|地区|中小学)")
# Not owners: the audience, beneficiaries, first-person places, time words.
_NOT_OWNER = re.compile(
    r"^(?:我们|大家|同志们|全体|在座|各位|各方|学生|家长|群众|孩子|老师们|人民|社会|我[省市州县区镇乡]|本[省市州县区镇乡]|该|此|这)|"
    r"学生$|家长$|群众$|孩子$|家庭$|各方面$|各环节$|[年月日]份?|时间|方面|工作|问题|情况|要求|任务|措施"
)
_BY = re.compile(r"由(?P<x>[^，。；：！？\n由]{1,24}?)(?=来|负责|牵头|向|对|组织|吊销|依法|统一|落实|承担|做好|进行|实施|开展|予以|及时|会同|[，。])")
_PIVOT = re.compile(r"(?:敦促|督促|要求|责令|指导|组织|动员|推动|引导)(?P<x>[^，。；：！？\n]{2,16}?)(?=将|要|把|及时|按时|认真|切实|严格|做好|落实)")
_DUTY = re.compile(r"(?:压紧压实|压实|夯实|落实|明确)(?P<x>[^，。；：！？\n]{2,16}?)的?(?:主体|属地|监管|管理|领导|工作)?责任")
_SPLIT_NEXT = re.compile(r"^(?:也|还|都|均|更)?(?:要|必须|务必|应当?|需|将|一定要)")


def is_owner_phrase(phrase: str, units: UnitDirectory | None = None) -> bool:
    """Does `phrase` name units or responsible people (not the audience, not a thing)?"""
    if not phrase or not _PHRASE_CHARS.match(phrase):
        return False
    elements = [e for e in re.split(r"[、]|以及|及|与", phrase) if e]
    if not elements:
        return False
    last = elements[-1]
    for el in elements:
        if _NOT_OWNER.search(el):
            return False
    if not _element_ok(last, units):
        return False
    return all(len(el) <= 16 for el in elements)


def _element_ok(el: str, units: UnitDirectory | None) -> bool:
    core = re.sub(r"等(?:有关|相关)?(?:部门|单位)$", "部门", el)
    if _COLLECTIVE_OK.match(core):
        return True
    if _COLLECTIVE.match(core) and _END_OK.search(core):
        return True
    if _END_OK.search(core):
        # A bare level word (县/区/市) is not a unit; a name ending in one is.
        return not re.fullmatch(r"[省市州县区乡镇村]", core)
    return bool(units and units.is_known(core) and len(core) >= 2)


def find_owners(m: str, start: int = 0, end: int | None = None, units: UnitDirectory | None = None) -> list[tuple[int, int]]:
    """Owner phrase spans within m[start:end], in order of appearance, deduplicated by text."""
    end = len(m) if end is None else end
    spans: list[tuple[int, int]] = []
    clauses = _clauses(m, start, end)
    for k, (cs, ce) in enumerate(clauses):
        sub = _subject(m, cs, ce, units)
        if sub:
            spans.append(sub)
        elif k + 1 < len(clauses):
            lead = _LEAD.match(m, cs, ce)
            s0 = lead.end() if lead else cs
            nxt_s, nxt_e = clauses[k + 1]
            if _SPLIT_NEXT.match(m, nxt_s, nxt_e) and is_owner_phrase(m[s0:ce], units) and m[s0:ce].startswith(("各", "其余", "相关", "有关", "全")):
                spans.append((s0, ce))
    for rx in (_BY, _PIVOT, _DUTY):
        for mt in rx.finditer(m, start, end):
            x0, x1 = mt.span("x")
            x0, x1 = _trim_to_owner(m, x0, x1, units)
            if x1 > x0:
                spans.append((x0, x1))
    spans.sort()
    seen: set[str] = set()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        key = m[s:e]
        if key in seen:
            continue
        seen.add(key)
        out.append((s, e))
    return out


def _clauses(m: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for mt in _CLAUSE_SPLIT.finditer(m, start, end):
        if mt.start() > pos:
            out.append((pos, mt.start()))
        pos = mt.end()
    if pos < end:
        out.append((pos, end))
    return out


def _subject(m: str, cs: int, ce: int, units: UnitDirectory | None) -> tuple[int, int] | None:
    lead = _LEAD.match(m, cs, ce)
    s0 = lead.end() if lead else cs
    if ce - s0 < 2:
        return None
    limit = min(ce, s0 + 42)
    for mt in _TRIGGER.finditer(m, s0 + 1, limit):
        cand = m[s0: mt.start()]
        if is_owner_phrase(cand, units):
            rest = m[mt.start(): ce]
            if _past_tense(rest, mt.group(0)):
                return None
            return s0, mt.start()
    return None


_MODAL = re.compile(r"要|务必|必须|应|需|将|负责|牵头|配合|不能|不得|责任")


def _past_tense(rest: str, trigger: str) -> bool:
    """`市教育局于去年组建了…` reports, it does not order: skip unless a modal is there."""
    if _MODAL.match(trigger) or re.match(r"(?:也|还|都|均|更|一定)(?:要|务必|必须|应|需|将)", rest):
        return False
    return bool(re.search(r"了|已经|已|曾", rest[:30]))


def _trim_to_owner(m: str, x0: int, x1: int, units: UnitDirectory | None) -> tuple[int, int]:
    """Shortest prefix of m[x0:x1] that is an owner phrase (由区市场监管局吊销… → 区市场监管局)."""
    for e in range(x0 + 2, x1 + 1):
        if is_owner_phrase(m[x0:e], units) and (e == x1 or m[e] not in "（("):
            # Extend over a trailing note in brackets: 乡镇zf（街道办事处）.
            return x0, e
    return x0, x0
