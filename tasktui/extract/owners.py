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
from bisect import bisect_left

from tasktui.extract.units import PERSON_SUFFIX, UNIT_SUFFIX, UnitDirectory

# Words after a subject that make it the actor of an order or duty.
_TRIGGER = re.compile(
    r"(?:也|还|都|均(?!衡|匀)|更|一定|务必|必须|(?<![主重需只纲提摘概])要|应当|应(?!急|用|对|届|有)|需要|需(?!求)|将(?!来)|负责(?!同志|人)|牵头|配合|全力配合|积极配合|协同|会同|"
    r"联合|主动|切实|进一步|亲自|每(?:学期|年|月|季度|周|天|日)|定期|及时|按时|通过|对(?!于|接|照|标|比|话)|依法|按照|结合|"
    r"不能|不得|可以|履行|承担|负总责|落实(?![了好])|是.{0,16}(?:第一责任人|责任主体|直接责任人|主体责任)|"
    r"(?:(?:开学|会)后)?\d{1,3}个?(?:天|日|周|个月|小时|工作日)(?:之内|以内|内)(?=要|务必|必须|应|需|将)|"
    r"(?:开学|汛期?|年底|月底)(?:之前|以前|前)(?=要|务必|必须|应|需|将))"
)
_CLAUSE_SPLIT = re.compile(r"[。！？；，：\n]")
# Connectives and time words that may open a clause before its subject.
_LEAD = re.compile(
    r"(?:我们|同时|因此|此外|另外|其中|特别是|尤其是|并且|并|而且|而|对此|为此|由(?!于)|其[一二三四五六七八九]|首先|其次|最后|"
    r"[一二三四五六七八九十]+[是要]|今年|明年|近期|今后|下一步|当前|目前|会后|"
    r"此次|这次|若有.{1,8}|如有.{1,8}|情节严重的|对.{1,10}的|"
    r"\d{1,2}月(?:份|底|末|[上中下]旬|\d{1,2}[日号])?(?:之前|以前|前|内)|年底前|年内|开学前|开学后|汛期?前|会后)+"
)
_CN_OK = r"[\u4e00-\u9fffA-Za-z0-9*（）()、]"
_PHRASE_CHARS = re.compile(rf"^{_CN_OK}{{1,40}}$")
_END_OK = re.compile(rf"(?:{UNIT_SUFFIX}|{PERSON_SUFFIX}|负责同志)(?:（[^（）]{{1,12}}）|\([^()]{{1,12}}\))?$")
_COLLECTIVE = re.compile(r"^(?:其余|全市|全县|全区|全省|全州)?(?:各级各类|各级|各个|各类|各|所有|相关的?|有关的?)")
_COLLECTIVE_OK = re.compile(
    r"^(?:其余|全市|全县|全区|全省|全州)?各(?:地|级|校|学校|县|区|市|州|乡|镇|街道|村|部门|单位|地区|中小学)|^[省市州县区乡镇村]{2,3}[两三四]级$"
)
# Not owners: the audience, beneficiaries, first-person places, time words.
_NOT_OWNER = re.compile(
    r"^(?:我们|大家|同志们|全体|在座|各位|各方|学生|家长|群众|孩子|老师们|人民|社会|我[省市州县区镇乡]|本[省市州县区镇乡]|该|此|这)|"
    r"学生$|家长$|群众$|孩子$|家庭$|各方面$|各环节$|的$|厕所$|住所$|领衔|[督交查]办$|^本(?:系统|行业|辖区)|"
    r"[年月日]份?|时间|方面|工作|问题|情况|要求|任务|措施|"
    r"[是有了在为把被让使对向从于将由]"  # a verb or preposition inside: a clause, not a name
)
# A phrase opening with an action word is a predicate (进一步健全…, 强化教育行政部门…).
_VERB_START = re.compile(
    r"^(?:要|需|须|应|进一步|加强|强化|健全|完善|推进|推动|落实|抓好|做好|提升|提高|不断|持续|全面|深入|积极|切实|坚持|"
    r"确保|建立|实施|开展|提前|统筹|充分|严格|依法|按照|通过|结合|围绕|对照|针对|利用|发挥|体现|实现|形成|压实|"
    r"督促|指导|配合|支持|鼓励|引导|动员|组织开展|巩固|加大|加快|优化|规范|深化|聚焦|突出|保障|保持|防止|"
    r"禁止|严禁|杜绝|提早|及时|主动|认真|广泛|大力|着力|努力|力争|争取|继续|始终|坚决|重点|特别|尤其|"
    r"只有|如果|若|即使|虽然|但是|但|并|且|又|也|还|都|再|更|最|很|非常)"
)
_BY = re.compile(
    r"(?<![理缘来])由(?!于|此|衷|来)(?P<x>[^，。；：！？\n由]{1,24}?)(?=来|负责|牵头|向|对|组织|吊销|依法|统一|落实|承担|做好|进行|实施|开展|予以|及时|会同|[，。])"
)
_PIVOT = re.compile(
    r"(?:敦促|督促|要求|责令|指导|动员|引导)(?P<x>[^，。；：！？\n]{2,16}?)(?=将|要|把|及时|按时|认真|切实|严格|做好|落实)"
)
_DUTY = re.compile(
    r"(?:压紧压实|压实|夯实|落实|明确)(?P<x>[^，。；：！？\n]{2,16}?)的?(?:主体|属地|监管|管理|领导|工作)?责任(?!人)"
)
# Partners of a joint action: 县住建局要会同各乡镇，… / 联合县纪委监委开展…
_PARTNER = re.compile(r"(?:会同|联合|协同)(?P<x>[^，。；：！？\n“”]{2,30})")
# Labelled fields of a rectification list: 责任单位：县委办公室、县纪委监委；完成时限：…
LABELLED_OWNER = re.compile(
    r"(?:责任单位|牵头单位|责任部门|配合单位|协办单位|主办单位|承办单位|牵头部门|责任主体)\s*[:：]\s*(?P<x>[^；;。\n]{2,60}?)\s*(?=[；;。，,\n]|$)"
)
# Compounds whose characters would otherwise read as verbs inside a name (有关, 所在, 特别是).
_NAME_COMPOUNDS = re.compile(r"有关|所有|所在|特别是|尤其是|主要|重要|[今明]年(?=[^的]{1,12}的)")
# A bare suffix without a qualifier names nobody in particular.
_BARE = re.compile(r"^(?:部门|单位|领导|干部|企业|机关|公司|机构|同志|负责人)$")
# A clause inside the phrase: 会商形成的意见要明确牵头单位, 全县上下要形成…
_CLAUSE_INSIDE = re.compile(r"要|明确|形成|上下")
_YAO_AT = re.compile(r"[一二三四五六七八九十]要")
_REGULATED = re.compile(r"经营|生产|种养|商户|业户")
_MODAL_BEFORE = re.compile(r"(?:要|务必|必须|应|需|将)$")
_SPLIT_SETTING = re.compile(r"(?P<o>[^在发]{2,20}?)(?:在[^，]{1,12}(?:中|时|期间|前|后)|发现[^，]{1,16}的)$")
_SPLIT_NEXT = re.compile(r"(?:也|还|都|均|更)?(?:要|必须|务必|应当?|需|将|一定要)")


_BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")
_ELEMENT_SEP = re.compile(r"、|以及|及|与")
_ETC_UNITS = re.compile(r"等(?:有关|相关)?(?:部门|单位)$")
_ADVERB_MODAL = re.compile(r"(?:也|还|都|均|更|一定)(?:要|务必|必须|应|需|将)")
_MODAL_AT = re.compile(r"(?:也|还|都|均|更|一定|亲自)?(?:要|务必|必须|应|需|将|负责|牵头)")


def _suffix_last_chars(alternation: str) -> set[str]:
    return {alt[-1] for alt in alternation.strip("(?:)").split("|") if alt}


# Last characters an owner phrase can end with (unit or person suffixes, a bracketed
# note); names from the directory add theirs. A subject candidate ending otherwise is
# skipped before the full check: most clauses have none.
_END_CHARS = frozenset(_suffix_last_chars(UNIT_SUFFIX) | _suffix_last_chars(PERSON_SUFFIX) | set("志）)级"))
_END_CACHE: dict[int, frozenset[str]] = {}


def _end_chars(units: UnitDirectory | None) -> frozenset[str]:
    if units is None:
        return _END_CHARS
    key = id(units)
    hit = _END_CACHE.get(key)
    if hit is None:
        hit = _END_CHARS | units.last_chars()
        if len(_END_CACHE) > 64:
            _END_CACHE.clear()
        _END_CACHE[key] = hit
    return hit


def is_owner_phrase(phrase: str, units: UnitDirectory | None = None) -> bool:
    """Does `phrase` name units or responsible people (not the audience, not a thing)?"""
    if not phrase or not _PHRASE_CHARS.match(phrase):
        return False
    # 、 inside brackets (各县（市、区）) does not separate units.
    masked = _BRACKETS.sub(lambda mt: "○" * len(mt.group(0)), phrase) if ("（" in phrase or "(" in phrase) else phrase
    elements = [phrase[a:b] for a, b in _element_spans(masked)]
    if not elements:
        return False
    last = elements[-1]
    if _VERB_START.match(phrase) or phrase[-1] in "、及与":
        return False
    for el in elements:
        bare = _NAME_COMPOUNDS.sub("○", el)
        if _NOT_OWNER.search(bare) or _CLAUSE_INSIDE.search(bare):
            return False
    if not _element_ok(last, units) or _BARE.match(last):
        return False
    if len(elements) > 1 and not _LIST_TAIL.search(last):
        # Every element of a plain list must read as a unit: 预警信号、转移路线 is a list of things.
        for el in elements[:-1]:
            if not (_element_ok(el, units) or (units is not None and units.is_known(el))):
                return False
    return all(len(el) <= 16 for el in elements)


_LIST_TAIL = re.compile(r"等(?:有关|相关)?(?:部门|单位|成员单位)$")


def _element_spans(masked: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for mt in _ELEMENT_SEP.finditer(masked):
        if mt.start() > pos:
            out.append((pos, mt.start()))
        pos = mt.end()
    if pos < len(masked):
        out.append((pos, len(masked)))
    return out


def _element_ok(el: str, units: UnitDirectory | None) -> bool:
    core = _ETC_UNITS.sub("部门", el) if "等" in el else el
    if _COLLECTIVE_OK.match(core):
        return True
    if _COLLECTIVE.match(core) and _END_OK.search(core):
        return True
    if _END_OK.search(core):
        # A bare level word (县/区/市) is not a unit; a name ending in one is.
        return not (len(core) == 1 and core in "省市州县区乡镇村")
    # The directory only vouches for names that read as a unit (团区委, 妇联), not for
    # field words like 教育 that head ordinary noun phrases.
    return units is not None and len(core) >= 3 and units.is_exact(core)


def find_owners(
    m: str,
    start: int = 0,
    end: int | None = None,
    units: UnitDirectory | None = None,
    modal_only: bool = False,
) -> list[tuple[int, int]]:
    """Owner phrase spans within m[start:end], in order of appearance, deduplicated by text.

    `modal_only`: for items that report or diagnose, only subjects of an explicit
    order (要/务必/必须/应…) count: `帮扶干部对…弄不清楚` names no responsible unit.
    """
    end = len(m) if end is None else end
    spans: list[tuple[int, int]] = []
    clauses = _clauses(m, start, end)
    # One pass over the whole text finds the clauses worth a closer look: a trigger
    # word right after a possible owner ending, or a collective word (各…) near the start.
    hot = _hot_positions(m, start, end, units)
    for k, (cs, ce) in enumerate(clauses):
        i = bisect_left(hot, cs)
        sub = _subject(m, cs, ce, units) if i < len(hot) and hot[i] < ce else None
        if sub and modal_only and not is_modal_trigger(m, sub[1]):
            sub = None
        if sub:
            spans.append(sub)
        elif k + 1 < len(clauses) and _SPLIT_NEXT.match(m, clauses[k + 1][0], clauses[k + 1][1]):
            lead = _LEAD.match(m, cs, ce)
            s0 = lead.end() if lead else cs
            cl = m[s0:ce]
            # 各承办单位在办理过程中，要… / 各学校发现周边摊点存在问题的，要…
            sm = _SPLIT_SETTING.match(cl)
            if sm and is_owner_phrase(sm.group("o"), units):
                spans.append((s0, s0 + sm.end("o")))
            elif (cl.startswith(("各", "其余", "相关", "有关", "全")) or "的" in cl) and is_owner_phrase(cl, units):
                spans.append((s0, ce))  # 其余各县区，也要… / 实行校外供餐的学校，要…
    if clauses and clauses[-1][1] == end and _YAO_AT.match(m, end):
        cs, ce = clauses[-1]
        lead = _LEAD.match(m, cs, ce)
        s0 = lead.end() if lead else cs
        if is_owner_phrase(m[s0:ce], units):
            spans.append((s0, ce))  # 各地一要…: the subject stands before the first point
    for rx in () if modal_only else (_BY, _PIVOT, _DUTY):
        for mt in rx.finditer(m, start, end):
            x0, x1 = mt.span("x")
            if rx is _PIVOT and _REGULATED.search(m, x0, x1):
                continue  # 督促经营单位落实…: the regulated businesses, not a responsible unit
            x0, x1 = _trim_to_owner(m, x0, x1, units)
            if x1 > x0:
                spans.append((x0, x1))
    if not modal_only:
        for mt in _PARTNER.finditer(m, start, end):
            x0, x1 = _longest_owner_prefix(m, *mt.span("x"), units)
            if (
                x1 > x0
                and not _MODAL_BEFORE.search(m, max(start, mt.start() - 4), mt.start())
                and _past_tense(m[x1 : x1 + 40].split("。")[0], "")
            ):
                continue  # 会同区市场监管局…开展了联合检查 reports what was done
            if x1 > x0:
                spans.append((x0, x1))
        for mt in LABELLED_OWNER.finditer(m, start, end):
            spans.append(mt.span("x"))  # the list's own field: taken as written
    spans.sort(key=lambda se: (se[0], -se[1]))
    seen: set[str] = set()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        key = m[s:e]
        if key in seen or any(a <= s and e <= b for a, b in out):
            continue  # same phrase again, or a piece of a phrase already taken
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


_COLLECTIVE_START = re.compile(r"[各其全相有所]")
# First characters of every _TRIGGER alternative.
_TRIGGER_FIRST = "也还都均更一务必要应需将负牵配全积协会联主切进亲每定及按通对依结不可履承是落开汛年月0123456789"
_HOT_CACHE: dict[frozenset[str], re.Pattern[str]] = {}


def _hot_positions(m: str, start: int, end: int, units: UnitDirectory | None) -> list[int]:
    """Sorted positions that may belong to a subject: a trigger's first character right
    after a possible owner ending, or a collective word. A clause with none has no subject."""
    ends = _end_chars(units)
    rx = _HOT_CACHE.get(ends)
    if rx is None:
        cls = "".join(re.escape(c) for c in sorted(ends))
        rx = re.compile(rf"(?<=[{cls}])[{_TRIGGER_FIRST}]|[各其全相有所]")
        if len(_HOT_CACHE) > 64:
            _HOT_CACHE.clear()
        _HOT_CACHE[ends] = rx
    return [mt.start() for mt in rx.finditer(m, start, end)]


def _maybe_subject(m: str, cs: int, ce: int, ends: frozenset[str]) -> bool:
    """Cheap pre-check: a trigger word right after a possible owner ending (or a
    collective word near the clause start). Most clauses fail it."""
    for mt in _TRIGGER.finditer(m, cs + 1, min(ce, cs + 80)):
        p = mt.start()
        if m[p - 1] in ends or _COLLECTIVE_START.search(m, cs, min(p, cs + 30)):
            return True
    return False


def _subject(m: str, cs: int, ce: int, units: UnitDirectory | None) -> tuple[int, int] | None:
    if not _maybe_subject(m, cs, ce, _end_chars(units)):
        return None
    lead = _LEAD.match(m, cs, ce)
    s0 = lead.end() if lead else cs
    if ce - s0 < 2:
        return None
    limit = min(ce, s0 + 42)
    ends = _end_chars(units)
    collective = m[s0] in "各其全相有所"
    for mt in _TRIGGER.finditer(m, s0 + 1, limit):
        if not collective and m[mt.start() - 1] not in ends:
            continue  # cannot end an owner phrase: skip the full check
        cand = m[s0 : mt.start()]
        if is_owner_phrase(cand, units):
            rest = m[mt.start() : ce]
            if _past_tense(rest, mt.group(0)):
                return None
            return s0, mt.start()
    return None


_MODAL = re.compile(r"要|务必|必须|应|需|将|不能|不得|一定要|是.{0,16}责任")
_PAST = re.compile(r"了|已经|已|曾|昨天|去年|以来")


def _past_tense(rest: str, trigger: str) -> bool:
    """`市教育局于去年组建了…` reports, it does not order: skip unless a modal is there."""
    if _MODAL.match(trigger) or _ADVERB_MODAL.match(rest):
        return False
    return bool(_PAST.search(rest[:30]))


def is_modal_trigger(m: str, pos: int) -> bool:
    """Is the owner at m[..pos] followed by an order word (要/务必/必须/应/将…)?"""
    return bool(_MODAL_AT.match(m, pos, pos + 6))


def _trim_to_owner(m: str, x0: int, x1: int, units: UnitDirectory | None) -> tuple[int, int]:
    """The whole of m[x0:x1] when it is an owner phrase, else its shortest prefix that
    is one (由区市场监管局吊销… → 区市场监管局)."""
    if is_owner_phrase(m[x0:x1], units):
        return x0, x1
    for e in range(x0 + 2, x1 + 1):
        if is_owner_phrase(m[x0:e], units) and (e == x1 or m[e] not in "（("):
            # Extend over a trailing note in brackets: 乡镇zf（街道办事处）.
            return x0, e
    return x0, x0


def _longest_owner_prefix(m: str, x0: int, x1: int, units: UnitDirectory | None) -> tuple[int, int]:
    """The longest prefix of m[x0:x1] that is an owner phrase (会同县纪委监委开展… → 县纪委监委)."""
    for e in range(x1, x0 + 1, -1):
        if is_owner_phrase(m[x0:e], units):
            return x0, e
    return x0, x0


def item_owners(
    m: str, t: str, regions: list[tuple[int, int]], units: UnitDirectory, kind: str
) -> tuple[list[str], list[str]]:
    """An item's owner phrases (verbatim, in order) and the unit names they normalise to."""
    # A report, diagnosis or agenda point names no one responsible unless it orders.
    modal_only = kind != "directive"
    owners: list[str] = []
    for a, b in regions:
        for s, e in find_owners(m, a, b, units, modal_only=modal_only):
            if t[s:e] not in owners:
                owners.append(t[s:e])
    unit_names: list[str] = []
    for owner in owners:
        for name in units.normalise(owner):
            if name not in unit_names:
                unit_names.append(name)
    return owners, unit_names
