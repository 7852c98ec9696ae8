"""Which phrase of an item is its time limit (extract/limits.py, data/deadlines.toml).

The examples are written for these tests, in the genres' usual wording; the conventions
are those of ../shared/gold/FORMAT.md ("Deadline") and docs/deadlines.md.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tasktui.extract import lexicon
from tasktui.extract import limits as limits_module
from tasktui.extract.deadlines import FIND_FIRST_CHARS, find_limits, restore_phrase
from tasktui.extract.limits import ItemLimit, item_limit
from tasktui.extract.types import ExtractedItem

MEETING = date(2026, 3, 2)
RULE_FILE = "deadlines.toml"


def limit_of(text: str, meeting: date | None = MEETING) -> ItemLimit:
    """The limit of one item whose whole text is `text`."""
    return item_limit(text, text, [(0, len(text))], meeting, None)


# ---------------------------------------------------------------- the finder's rules


def _find_rules() -> list[lexicon.Rule]:
    return [r for r in lexicon.rules(RULE_FILE) if r.target == "find"]


@pytest.mark.parametrize("rule", _find_rules(), ids=lambda r: r.name)
def test_every_finder_rule_finds_its_example_as_its_kind(rule: lexicon.Rule) -> None:
    found = find_limits(rule.example)
    assert rule.name in [f.kind for f in found], (rule.example, found)


@pytest.mark.parametrize("rule", _find_rules(), ids=lambda r: r.name)
def test_every_finder_rule_starts_with_a_first_char(rule: lexicon.Rule) -> None:
    # The finder skips positions whose character is not in first_chars: a rule starting
    # elsewhere would silently never fire.
    first = re.compile(f"[{FIND_FIRST_CHARS}]")
    folded = rule.example.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
    for m in rule.regex.finditer(folded):
        if m.end() > m.start():
            assert first.match(folded, m.start()), (rule.name, folded[m.start() :])


@pytest.mark.parametrize("rule", _find_rules(), ids=lambda r: r.name)
def test_every_finder_example_passes_the_sentence_gate(rule: lexicon.Rule) -> None:
    # limits.py runs the finder only on sentences with a cue: a phrase shape without one
    # would be found by the finder and never by the extractor.
    assert limits_module._DEADLINE_CUE.search(rule.example), rule.example


# ---------------------------------------------------------------- one rule, one decision

# (rule, item text, phrase chosen or None): each selection rule decides this item.
DECISIONS = [
    ("labelled_field", "整改销号。完成时限：9月15日前，责任单位：县住建局。", "9月15日前"),
    ("report_limit", "自即日起至9月26日，各科室要开展自查。自查表请于9月27日交办公室备案。", "9月27日"),
    ("finish_limit", "县发改局牵头，下半年开展调研，要求11月底前全部完成审批。", "11月底前"),
    ("start_point", "即日起，在全县开展为期两个月的集中整治。", None),
    ("since", "4月底以来，全县共排查隐患120处，要持续抓好整改。", None),
    ("statistic_target", "要把企业开办时间压缩至3个工作日以内。", None),
    ("in_quotes", "全市上下要打好“决战四季度”攻坚战。", None),
    ("slogan_list", "要做到即知即改、立行立改、全面整改。", None),
    ("meeting_reference", "要认真贯彻在3月15日召开的全县大会精神。", None),
    ("narrative_past", "国庆节前，各镇已经完成了第一轮排查。", None),
    ("cutoff_state", "截至6月底，我县排名全省第八。", None),
    ("window_without_order", "今年1-6月，个别乡镇排名靠后。", None),
    ("rallying_call", "各部门要立即行动起来，对照清单逐项自查。", None),
    ("conditional_reaction", "一旦发生险情，立即组织群众转移。", None),
    ("period_attribute", "要对照市里下达的下半年考核办法抓好落实。", None),
    ("period_noun", "各地要对照四季度管控目标抓好落实。", None),
    ("date_attribute", "在4月23日的县政府常务会议上，县长要求各地做好准备。", None),
    ("window_definition", "6月1日至8月31日为主汛期，各地要严格值守。", None),
    ("year_attribute", "这是2027年必须完成的硬任务，各地要抓紧推进。", None),
]


def test_every_selection_rule_has_a_decision_here() -> None:
    names = {r.name for r in lexicon.rules(RULE_FILE) if r.target != "find"}
    assert names == {name for name, _, _ in DECISIONS}


@pytest.mark.parametrize(("rule", "text", "phrase"), DECISIONS, ids=[d[0] for d in DECISIONS])
def test_selection_rule_decides_its_item(rule: str, text: str, phrase: str | None) -> None:
    limit = limit_of(text)
    assert limit.phrase == phrase
    assert rule in limit.rules, limit.rules


# ---------------------------------------------------------------- several limits


def test_report_limit_beats_a_work_window_in_another_sentence() -> None:
    limit = limit_of("自即日起至9月26日，各科室要开展自查。自查表请于9月27日交办公室备案。")
    assert limit.phrase == "9月27日"
    assert limit.rules == ["on_date", "report_limit"]
    assert limit.deadline is not None and limit.deadline.date == date(2026, 9, 27)


def test_report_limit_beats_a_work_limit_of_its_own_sentence() -> None:
    text = "各村要在放假前开展一次排查，开学后第一天将排查记录交镇教办存档。"
    assert limit_of(text).phrase == "开学后第一天"


def test_another_tasks_report_limit_does_not_beat_the_first_limit() -> None:
    text = "放假前，各校要开展一次全面排查。各镇教办要逐校检查，8月31日前将情况报县教育局。"
    limit = limit_of(text)
    assert limit.phrase == "放假前"
    assert limit.rules == ["event"]


def test_without_a_finish_or_report_limit_the_first_wins() -> None:
    assert limit_of("一周内摸清底数，两个月内集中整治，长期坚持。").phrase == "一周内"


def test_immediacy_counts_only_without_another_limit() -> None:
    assert limit_of("要立即开展自查。").phrase == "立即"
    assert limit_of("要立即开展自查，5月10日前报送自查报告。").phrase == "5月10日前"


# ---------------------------------------------------------------- recurring limits


def test_recurring_limit_is_the_cadence_beside_the_deadline() -> None:
    limit = limit_of("各乡镇每月5日前报送进展情况，6月底前全面完成整治。")
    assert limit.phrase == "6月底前"
    assert limit.report_every == "每月5日前"
    assert limit.rules == ["date", "finish_limit", "recurring"]


def test_labelled_field_keeps_the_cadence() -> None:
    limit = limit_of("完成时限：6月30日前。每月10日前报送整改进展。")
    assert limit.phrase == "6月30日前" and limit.report_every == "每月10日前"
    assert limit.rules == ["labelled_field", "date", "recurring"]


def test_recurring_limit_alone_is_also_the_deadline() -> None:
    limit = limit_of("各单位每周五前报送一周工作动态。")
    assert limit.phrase == limit.report_every == "每周五前"
    assert limit.deadline is not None and limit.deadline.status == "none"  # no single date


@pytest.mark.parametrize(
    "text", ["各乡镇每月报送一次进展。", "要定期开展督查。", "每季度召开一次联席会议。", "每年都要组织演练。"]
)
def test_bare_frequency_is_neither(text: str) -> None:
    limit = limit_of(text)
    assert limit.phrase is None and limit.report_every is None


# ---------------------------------------------------------------- phrase shapes


@pytest.mark.parametrize(
    ("text", "phrase", "due"),
    [
        ("请于３月９日下午５：００前报送名单。", "３月９日下午５：００前", date(2026, 3, 9)),
        ("各县于6月20日18:00前上报自查报告。", "6月20日18:00前", date(2026, 6, 20)),
        ("各部门于9月30日上午十点前完成自查。", "9月30日上午十点前", date(2026, 9, 30)),
        ("请于4月3日（星期五）前反馈意见。", "4月3日（星期五）前", date(2026, 4, 3)),
        ("请于6月5日下班前报送统计表。", "6月5日下班前", date(2026, 6, 5)),
        ("各村要在春节放假前完成一轮排查。", "春节放假前", None),
        ("集中整治阶段（6月3日—18日），各镇要逐户清理。", "18日", date(2026, 6, 18)),
        ("集中整治阶段（6月3日18日），各镇要逐户清理。", "18日", date(2026, 6, 18)),
        ("自即日起至5月31日，全面开展排查。", "5月31日", date(2026, 5, 31)),
        ("开展清零行动（5.10-7.31），各村要全面清理。", "7.31", date(2026, 7, 31)),
        ("第二阶段为6-8月，要集中开展整治。", "8月", date(2026, 8, 31)),
        ("县住建局要在5月20前完成方案。", "5月20前", date(2026, 5, 20)),
        ("各村要在4-中旬召开动员会。", "4-中旬", date(2026, 4, 20)),
        ("督导组于4月8日和4月9日对各校进行抽查。", "4月8日和4月9日", date(2026, 4, 9)),
        ("评审方案要求本周完成。", "本周", date(2026, 3, 8)),
        ("力争年内建成投用。", "年内", date(2026, 12, 31)),
        ("确保2027年全面完成改造。", "2027年", date(2027, 12, 31)),
        ("上报截止时间为6月20日，逾期不予受理。", "6月20日", date(2026, 6, 20)),
        ("各校要在复课之前完成全面消杀。", "复课之前", None),
        ("请各单位在放假前开展一次安全教育。", "放假前", None),
        ("开学初，各校要召开安全专题会。", "开学初", None),
    ],
)
def test_phrase_and_its_date(text: str, phrase: str, due: date | None) -> None:
    limit = limit_of(text)
    assert limit.phrase == phrase
    assert limit.deadline is not None
    if due is not None:
        assert limit.deadline.date == due, limit.deadline
    assert limit.deadline.phrase == phrase  # the verbatim phrase is kept beside the date


@pytest.mark.parametrize(
    "text",
    [
        "值班人员要保持24小时通讯畅通。",
        "发现问题要及时报告。",
        "要尽快完成整改。",
        "会后各单位要抓好落实。",
        "寒假期间要加强校园值守。",
        "各地要常态化开展巡查。",
    ],
)
def test_not_counted(text: str) -> None:
    assert limit_of(text).phrase is None


# ---------------------------------------------------------------- restoring a phrase


@pytest.mark.parametrize(
    ("phrase", "restored"),
    [
        ("6.30", "6月30日"),
        ("６.３０前", "6月30日前"),
        ("4-初", "4月初"),
        ("9月20前", "9月20日前"),
        ("9月29日和9月30日", "9月30日"),
        ("9月29日、30日", "9月30日"),
        ("次日", "1天内"),
        ("3月底前", "3月底前"),
    ],
)
def test_restore_phrase(phrase: str, restored: str) -> None:
    assert restore_phrase(phrase) == restored


def test_item_json_carries_cadence_and_rules() -> None:
    item = ExtractedItem(
        "1", 1, "一、", "directive", "报送进展", "报送进展", report_every="每月5日前", rules={"deadline": ["recurring"]}
    )
    data = item.to_json()
    assert data["report_every"] == "每月5日前"
    assert data["rules"] == {"deadline": ["recurring"]}
    assert ExtractedItem("1", 1, "一、", "other", "议程", "议程").to_json()["rules"] == {}


def test_no_limit_gives_an_empty_decision() -> None:
    limit = limit_of("要进一步提高思想认识。")
    assert limit == ItemLimit()
