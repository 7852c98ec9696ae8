"""Classify outline items: directive / review / problem / other.

A transparent weighted rule set. Every cue lexicon is in `CUES` below; each item
gets a score per kind from (a) its heading, (b) its own body, (c) context: the
lead-in sentence before its list, its ancestors' headings, and whether it stands
in the preamble (before the speaker's "下面，我讲几点意见"). Then siblings of one
list smooth each other: a list is usually all problems or all achievements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasktui.extract.genres import Genre, is_label

# ---- cue lexicons (one place) ------------------------------------------------
CUES: dict[str, str] = {
    # heading starts like a command: verb of action or a modal adverb
    "directive_start": (
        r"^(?:要|须|必须|务必|切实|坚决|坚持|确保|加强|强化|推进|推动|抓好|抓实|抓细|抓紧|抓早|抓住|落实|完善|健全|"
        r"压实|压紧|深化|扎实|全力|全面|着力|进一步|持续|继续|不断|严格|严守|严防|严肃|从严|聚焦|突出|提高|提升|"
        r"增强|优化|规范|建立|构建|打造|做好|做实|做细|守住|守牢|筑牢|牢牢|牢固|紧盯|盯紧|狠抓|大力|积极|主动|"
        r"认真|稳妥|稳步推进|对照|加快|加大|加紧|统筹|强化|夯实|树牢|坚定|提高站位|凝聚|协同|协调|营造|补齐|补短|"
        r"开展|组织|实施|实行|推行|落细|贯彻|把握|认清|明确|压茬|倒排|细化|拓宽|拓展|抢抓|真抓|高度重视|"
        r"以.{1,12}为|围绕|立足|对标|迅速|尽快|立即|重点|集中|全域|全程|全方位|动真|敢于|勇于|善于|注重|关注|"
        r"用好|管好|建好|办好|抓|巩固|守好|启动|谋划|部署|保障|保持|防范|防止|杜绝|整治|纠治|纠正|根治|排查|清理|查处|督促|指导|配合|牵头|负责|提早|提前|"
        r"深入|深刻认识|充分认识|清醒认识|清醒看到|正视|直面|肯定|认清|准确把握|逐项|逐一|逐条|坚定|锚定|紧扣|紧紧围绕|"
        r"以.{1,12}推动|持之以恒|久久为功|毫不松懈|常抓不懈)"
    ),
    # modal words in a heading or sentence that give orders
    "directive_modal": r"(?<![主重需只纲提摘概])要(?!素|点|求)|必须|务必|切实|确保|坚决|不得|严禁|力争|抓紧|尽快",
    # achievements / state of things
    "review": (
        r"^回顾|工作回顾|^总结|显著|明显|稳步|大幅|逐步|不断(?:提升|提高|增强|完善|优化|扩大)$|成效|成绩|成果|取得|实现了|完成了|"
        r"已经|已|得到|有效(?:提升|提高|遏制|解决|改善)|持续(?:向好|提升|改善|优化|增长)|全面(?:提升|完成|落实)$|"
        r"深入推进$|扎实推进$|有序推进$|加快推进$|迈出|跃升|位居|名列|创历史|再创|好转|向好|提档升级|"
        r"达到|超过|增长|下降|同比|累计|首次|主要做法|经验"
    ),
    # a heading that ends in a change verb after a noun subject: 质量稳步提升
    "review_tail": (
        r"(?:提升|提高|推进|增强|加强|改善|优化|完善|巩固|扩大|突破|发展|落实|夯实|健全|提速|见效|增长|落地|"
        r"构建|建成|铺开|下降|减少|平稳)$"
    ),
    # a statement of results that no command word turns into a goal: 整治工作取得明显成效
    "review_strong": (
        r"取得(?:了)?.{0,6}(?:成效|成绩|进展|成果|突破)|总体平稳|平稳向好|稳中向好|持续向好|明显好转|稳中有进|"
        r"(?:势头|态势|形势|开局|起步)(?:良好|强劲|向好|喜人)|总体向好|稳中有升|好于预期|进展顺利|成效(?:明显|显著)$|"
        # a state reached, stated at the end: 考试组织平稳有序, 安全保障有力, 服务更加贴心
        r"平稳有序$|(?<!不够)(?<!不)(?:保障|支撑|推进|组织|领导)有力$|(?:更加|日益|愈加)(?:贴心|完善|健全|规范|便捷|顺畅|高效|优化|坚实|牢固)$"
    ),
    # words that turn a result into a goal: 确保整改取得实效
    "goal": r"确保|力争|推动|努力|争取|奋力|实现|(?<![主重需只纲提摘概])要(?!素|点|求)|必须|务必",
    # a heading that ends by diagnosing: 落实主体责任不到位, 贯彻部署有差距
    "problem_tail": (
        r"(?:有差距|差距(?:较大|明显)?|不到位|不够有力|不够到位|不够扎实|不够|不彻底|不力|滞后|薄弱|不足|不强|不高|不严|不实|不优|"
        r"不深|不细|不准|不畅|缺失|缺位|乏力|不平衡|不充分|不规范|不健全|不完善|不明显|不扎实|不严格|较多|偏多|偏少|偏低|偏弱|频发|多发|"
        r"反弹|存在偏差|有偏差|存在短板|落后|淡薄|松懈|麻痹|弱化|虚化|走过场|流于形式|时有发生|屡禁不止|"
        # a shortcoming that persists: 短板弱项依然突出, 矛盾仍然存在, 问题较为突出
        r"(?:依然|仍然|仍|还|较为|比较|相当|尤为|十分|日益)(?:突出|存在|明显|严重|普遍|严峻))$"
    ),
    # meeting agenda points in the opening: 一是传达学习…精神；二是通报…；三是安排部署…
    # also after the unit or person doing it (县应急局通报…, 我讲几点意见, 对…作具体安排)
    "agenda": (
        r"^(?:传达|通报|听取|审议|宣读|观看|学习贯彻|学习|安排部署|研究部署|总结|表彰|签订|颁发|讨论)|"
        r"^(?:[^，,。；要须]{0,14}?(?:[局委办室组部厅处院所站]|中心|政府|同志|领导|书记|[县区市镇]长|主任)|由.{1,14}?|请.{1,14}?|我)"
        r"(?:传达|通报|汇报|报告|介绍|宣读|解读|讲话|发言|作.{0,10}(?:报告|说明|讲话|发言))|"
        r"^(?:[^，,。；要须]{0,14}?)?对.{1,20}作(?:出)?(?:具体|全面|专题|简要)?(?:安排|部署)$|"
        r"^(?:我|由我)(?:再)?(?:讲|谈|提)(?:[几两一二三四五六七八九]|\d)?点?(?:意见|要求|看法|想法)"
    ),
    # shortcomings and causes
    "problem": (
        r"有差距|不彻底|不够有力|不到位|不足|不够|不强|不高|不严|不实|不力|不全|不细|不深|不准|不畅|不规范|不完善|不健全|不平衡|不充分|"
        r"不明显|不扎实|不严格|不衔接|不适应|不匹配|不一致|不落实|滞后|薄弱|短板|弱项|有待|欠缺|缺乏|缺位|越位|"
        r"偏少|偏低|偏高|偏弱|差距|突出问题|存在问题|存在的(?:突出|主要)?问题|问题$|不足$|问题突出|隐患(?!排查|治理|整治|整改|清零|大排查|动态清零)|风险点|漏洞|盲区|死角|弱化|淡化|虚化|边缘化|"
        r"形式主义|官僚主义|走过场|流于形式|屡禁不止|顽疾|失职|失察|懈怠|麻痹|松懈|侥幸|乏力|迟缓|堪忧|严峻"
    ),
    # a heading that names problems as its topic: 存在的突出问题
    "problem_named": r"存在的(?:突出|主要)?问题|(?:突出|主要)问题$|不足之处|问题和不足|问题与不足|短板和不足",
    # verbs that fix a problem: a heading with them is an order, not a problem
    "problem_fix": (
        r"纠治|纠正|根治|整治|补齐|补足|解决|整改|克服|破解|弥补|消除|堵塞|治理|防范|化解|排查|补短|强弱|直面|"
        r"正视|查找|聚焦"
    ),
    # agenda, thanks, housekeeping
    "other": r"^(?:感谢|谢谢|大家好|会议议程|下面请|首先请|请.{1,10}(?:讲话|发言|宣读)|宣读|表彰)",
    # lead-in sentences that announce a list
    "lead_problem": r"问题|不足|短板|差距|原因|薄弱|弱项|隐患|教训|困难|挑战|症结|表现在|主要有",
    "lead_review": (
        r"成绩|成效|成果|取得|回顾|做法|经验|亮点|进展|变化|工作情况|主要工作|奠定|显著|明显|近年来|过去一年|"
        r"去年以来|今年以来"
    ),
    "lead_directive": r"要求|意见|部署|重点工作|任务|措施|抓好|做好|努力|必须|务必|下一步|今后|接下来|强调",
    # the speaker turning from preamble to instructions
    "transition": (
        r"下面[，,]?.{0,30}(?:讲|谈|提|强调).{0,10}(?:意见|要求|方面|几点|看法|观点|工作)|下一步[，,]?要|"
        r"接下来"
    ),
    # past-tense / statistics in a body
    "past": r"了|已经|先后|累计|近[一二三四五两]年|同比|达到|共计",
    # an argument point: 从…看 (from the forecast's point of view…) states a situation
    "argument_point": r"^从.{1,30}(?:来)?看(?:[，,：:]|$)",
}
_RX = {name: re.compile(rx) for name, rx in CUES.items()}
KIND_NAMES = ("directive", "review", "problem", "other")

# weights
W_START = 2.0
W_MODAL_HEAD = 1.5
W_REVIEW_HEAD = 2.0
W_REVIEW_TAIL = 1.5
W_PROBLEM_HEAD = 3.0
W_PROBLEM_HEAD_FIX = 0.5  # a problem word next to a fixing verb barely counts
W_BODY_PROBLEM = 0.3  # per hit, capped
W_BODY_REVIEW = 0.2
W_BODY_DIRECTIVE = 0.25
BODY_CAP = 1.2
W_LEAD = 1.5
W_ANCESTOR = 1.0
W_PREAMBLE = 1.2
W_DEFAULT_DIRECTIVE = 0.5
W_OTHER = 4.0
W_REVIEW_STRONG = 3.0
W_PROBLEM_TAIL = 3.0
W_TOPIC_PARENT = 1.5  # a bare topic heading (道路交通) takes its parent's kind
W_PARENT_CONTEXT = 1.5  # an item inside a review/problem section leans the same way
W_ARGUMENT = 4.0
W_LABEL = 6.0  # a genre's label heading with items under it only groups them
W_GENRE_DEFAULT = 1.0  # a genre's usual kind (minutes: decisions)
SMOOTH_SHARE = 0.6


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


def score(item: KindInput) -> dict[str, float]:
    """Scores per kind for one item (before sibling smoothing)."""
    s = {k: 0.0 for k in KIND_NAMES}
    h = item.heading
    s["directive"] += W_DEFAULT_DIRECTIVE
    before = dict(s)
    _genre_score(item, s)
    if _RX["argument_point"].search(h):
        s["review"] += W_ARGUMENT
        item.fired.append("argument_point")
    # A couplet heading (逐项对账销号，扎实推进…) commands when any clause starts like a command.
    starts_directive = any(_RX["directive_start"].search(c) for c in _clauses(h))
    modal_head = bool(_RX["goal"].search(h))
    if _RX["review_strong"].search(h) and not modal_head:
        s["review"] += W_REVIEW_STRONG
    if _RX["problem_tail"].search(h) and not modal_head and not (_RX["problem_fix"].match(h)):
        s["problem"] += W_PROBLEM_TAIL
    if item.in_preamble and _RX["agenda"].search(h):
        s["other"] += W_OTHER
    if starts_directive:
        s["directive"] += W_START
    elif _fixes_problem(h):
        s["directive"] += W_START  # 解决/整改/纠治…问题: fixing a problem is an order
    if _RX["directive_modal"].search(h):
        s["directive"] += W_MODAL_HEAD
    if _RX["problem"].search(h):
        # 补齐短板 / 解决问题 fix a problem (an order); 有待 always diagnoses one.
        fix = _RX["problem_fix"].search(h)
        fixed = "有待" not in h and bool(
            starts_directive or (fix and fix.start() == 0) or _RX["directive_modal"].search(h)
        )
        s["problem"] += W_PROBLEM_HEAD_FIX if fixed else W_PROBLEM_HEAD
    if _RX["problem_named"].search(h):
        # 纠治…突出问题 / 解决…主要问题: a fixing verb makes the named problem an order.
        fixing = starts_directive or _fixes_problem(h)
        s["problem"] += W_PROBLEM_HEAD if not fixing else W_PROBLEM_HEAD_FIX
    if _RX["review"].search(h):
        s["review"] += W_REVIEW_HEAD if not starts_directive else W_REVIEW_HEAD / 2
    pending = "有待" in h or "亟待" in h  # 质量有待提升: the change verb is what is missing
    if not starts_directive and not pending and _RX["review_tail"].search(h) and not _RX["directive_modal"].search(h):
        s["review"] += W_REVIEW_TAIL
    if _RX["other"].search(h):
        s["other"] += W_OTHER
    body = item.body[:400]
    s["problem"] += min(BODY_CAP, W_BODY_PROBLEM * len(_RX["problem"].findall(body)))
    s["review"] += min(BODY_CAP, W_BODY_REVIEW * len(_RX["past"].findall(body)))
    s["directive"] += min(BODY_CAP, W_BODY_DIRECTIVE * len(_RX["directive_modal"].findall(body)))
    lead = item.lead_in[-80:]
    if lead:
        if _RX["lead_problem"].search(lead):
            s["problem"] += W_LEAD
        elif _RX["lead_review"].search(lead):
            s["review"] += W_LEAD
        elif _RX["lead_directive"].search(lead):
            s["directive"] += W_LEAD
    for depth, anc in enumerate(item.ancestors[:2]):
        w = W_ANCESTOR / (depth + 1)
        anc_directive = bool(_RX["directive_start"].search(anc))
        if _RX["problem"].search(anc) and not anc_directive:
            s["problem"] += w
        elif (_RX["review"].search(anc) or _RX["lead_review"].search(anc)) and not anc_directive:
            s["review"] += w
        elif anc_directive:
            s["directive"] += w / 2
    if item.in_preamble:
        s["review"] += W_PREAMBLE
    del before
    return s


def _genre_score(item: KindInput, s: dict[str, float]) -> None:
    """The cues that hold only in the item's genre (extract/data/genres/*.toml)."""
    genre = item.genre
    if genre is None:
        return
    sp = genre.spec
    if sp.default_kind:
        s[sp.default_kind] += W_GENRE_DEFAULT
    zones = {"heading": item.heading, "body": item.body[:400], "text": item.heading + "\n" + item.body[:400]}
    for rule in sp.rules:
        if rule.regex.search(zones.get(rule.where, item.heading)):
            s[rule.target] += rule.weight
            item.fired.append(rule.name)
    if sp.labels_group and item.has_children:
        label = is_label(genre, item.heading)
        if label:
            s["other"] += W_LABEL
            item.fired.append(label)


def classify(items: list[KindInput]) -> list[str]:
    """Kinds for a list of items; siblings of one list smooth each other."""
    scores: list[dict[str, float]] = []
    kinds: list[str] = []
    for it in items:
        sc = score(it)
        if it.parent is not None and 0 <= it.parent < len(kinds):
            parent_kind = kinds[it.parent]
            if bare_topic(it.heading):
                sc[parent_kind] += W_TOPIC_PARENT  # 1.道路交通 under a directive section
            elif parent_kind in ("review", "problem") and not _strong_directive(it, sc):
                sc[parent_kind] += W_PARENT_CONTEXT
        scores.append(sc)
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
                    own = _strong_own(items[i].heading)
                    if kinds[i] != kind and not _strong_directive(items[i], scores[i]) and own in (None, kind):
                        kinds[i] = kind
    return kinds


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
    return 0 < len(h) <= 16 and not any(_RX[name].search(h) for name in _TOPIC_CUES)


_PROBLEM_TOPIC = re.compile(r"存在|[中里]的")


def _fixes_problem(heading: str) -> bool:
    """纠治/解决/整改…问题 orders a fix; 整改工作中存在的突出问题 names problems (整改 a noun)."""
    return "问题" in heading and bool(_RX["problem_fix"].match(heading)) and not _PROBLEM_TOPIC.search(heading)


def _strong_directive(item: KindInput, sc: dict[str, float]) -> bool:
    return bool(_RX["directive_modal"].search(item.heading)) and sc["directive"] >= W_START + W_MODAL_HEAD


def _strong_own(heading: str) -> str | None:
    """The kind a heading states outright, whatever its siblings are: a diagnosing tail
    (短板弱项依然突出) is a problem, a plain statement of results (招商引资势头良好) a review."""
    if _RX["goal"].search(heading):
        return None
    if _RX["problem_tail"].search(heading) and not _RX["problem_fix"].match(heading):
        return "problem"
    if _RX["review_strong"].search(heading):
        return "review"
    return None


def find_transition(text: str, start: int = 0, end: int | None = None) -> int | None:
    m = _RX["transition"].search(text, start, len(text) if end is None else end)
    return m.start() if m else None
