"""Genres, run-on markers and the other real-text conventions of FORMAT.md, on short texts
written for these tests (regression tests, not evidence of quality: that is ../shared/real)."""

from __future__ import annotations

from datetime import date

import pytest

from tasktui.extract import extract
from tasktui.extract.clean import clean
from tasktui.extract.genres import detect, specs

MINUTES = """县政府第八次常务会议纪要
2026年3月2日，县长主持召开县政府第八次常务会议，现将会议议定事项纪要如下：
一、关于城区学校扩容有关问题
（一）会议原则同意县教体局关于城区学校扩容的意见，会后提交县委常委会研究。
（二）会议决定由县财政局牵头，县教体局配合，筹措扩容资金。
二、关于春季造林工作
会议原则同意县林业局关于春季造林的安排，请县林业局抓紧组织实施。
三、县审计局汇报年度审计工作情况
"""

PLAN = """全县河道清障专项行动实施方案
为改善河道环境，结合我县实际，特制定本方案。
一、工作目标
全面清除河道内违章建筑和垃圾。
二、组织领导
成立专项行动领导小组，县长任组长。
三、实施步骤
（一）动员部署阶段。各乡镇要组织摸底排查，建立台账。
（二）集中整治阶段。各乡镇要逐一清除，县水利局负责督导。
"""

NOTICE = """关于做好汛期安全工作的通知
各乡镇人民政府，县直各单位：
汛期将至，现将有关事项通知如下：
一、各单位要落实值班制度。
二、各乡镇要开展隐患排查。
"""

SPEECH = """在全县安全生产工作会议上的讲话
同志们：
今天召开会议，我讲三点意见。
一、加强领导，压实责任
二、深入排查，消除隐患
"""


@pytest.mark.parametrize(
    ("text", "genre"), [(MINUTES, "minutes"), (PLAN, "plan"), (NOTICE, "notice"), (SPEECH, "speech")]
)
def test_genre_is_detected(text: str, genre: str) -> None:
    assert detect(clean(text).match).name == genre
    assert extract(text).genre == genre


def test_every_genre_file_loads_with_cues() -> None:
    names = {s.name for s in specs()}
    assert names == {"speech", "minutes", "notice", "plan", "news"}
    assert all(s.detect for s in specs())


def test_minutes_decisions_are_directives_and_topic_labels_other() -> None:
    ex = extract(MINUTES)
    kinds = {it.id: it.kind for it in ex.items}
    assert kinds["1"] == "other"  # 关于…问题 with decisions under it only groups them
    assert kinds["1.1"] == "directive" and kinds["1.2"] == "directive"
    assert kinds["2"] == "directive"  # a topic with its decision in its own text
    assert kinds["3"] == "review"  # a report heard by the meeting
    first = next(it for it in ex.items if it.id == "1")
    assert any("minutes_topic_label" in r for r in first.rules["kind"])


def test_plan_sections_are_labels_and_stages_directives() -> None:
    ex = extract(PLAN)
    kinds = {it.id: it.kind for it in ex.items}
    assert kinds["1"] == kinds["2"] == kinds["3"] == "other"
    assert kinds["3.1"] == kinds["3.2"] == "directive"


def test_markers_run_on_where_the_line_breaks_were_lost() -> None:
    text = "整治方案为做好整治，特制定本方案。一、整治对象（一）整治范围。城区街道。（二）整治内容1.乱堆。指杂物。2.乱搭。指违章搭建。二、工作要求（一）加强领导。各乡镇要成立专班。（二）加强督查。县督查室要定期通报。"
    ex = extract(text)
    assert [it.marker for it in ex.items] == ["一、", "（一）", "（二）", "1.", "2.", "二、", "（一）", "（二）"]
    assert [it.id for it in ex.items][:5] == ["1", "1.1", "1.2", "1.2.1", "1.2.2"]


def test_a_table_of_contents_before_the_body_is_not_items() -> None:
    text = (
        "目录：\n一、认清形势，统一思想\n二、突出重点，狠抓落实\n三、加强领导，强化保障\n"
        "同志们：\n今天我们召开全县防汛工作会议，主要任务是分析形势、部署工作，下面我讲三点意见，请大家认真抓好落实。\n"
        "一、认清形势，统一思想\n今年汛期降雨偏多，形势严峻，各地要高度重视。\n"
        "二、突出重点，狠抓落实\n各乡镇要在5月底前完成隐患排查。\n"
        "三、加强领导，强化保障\n各单位要落实值班制度。\n"
    )
    ex = extract(text)
    assert [it.id for it in ex.items] == ["1", "2", "3"]
    assert "今年汛期" in ex.items[0].body


def test_counted_steps_and_parenthesised_digits_are_markers() -> None:
    text = "会议议程如下。\n第一项，请县长讲话。\n第二项，请各乡镇表态发言。\n要求：\n⑴各乡镇要加强值班。\n⑵各部门要及时报告。\n"
    markers = [it.marker for it in extract(text).items]
    assert "第一项，" in markers and "第二项，" in markers
    assert "⑴" in markers and "⑵" in markers


def test_a_lone_first_point_counts_when_the_list_is_announced() -> None:
    text = "同志们：\n这里我强调两个硬任务。\n一是抓好村容村貌整治。各村要清理垃圾。\n另外，要注意安全。\n"
    ex = extract(text)
    assert [it.marker for it in ex.items] == ["一是"]


def test_a_lone_point_without_announcement_is_prose() -> None:
    text = "同志们：\n大家要看到，一是一、二是二，工作要实事求是。\n"
    assert extract(text).items == []


def test_page_stamps_and_pinyin_glosses_are_not_text() -> None:
    text = "一、加强学(xué)校安全管理。各校要落实责任。第1页共2页二、做好假期安全教育。各校要在放假前完成。"
    ex = extract(text, meeting_date=date(2026, 1, 5))
    assert [it.text for it in ex.items] == ["加强学校安全管理", "做好假期安全教育"]


def test_argument_points_and_agenda_steps() -> None:
    text = (
        "同志们：\n下面我讲几点意见。\n一、认清形势\n（一）从气象预测看，今年汛情偏重。\n（二）从工程现状看，短板依然突出。\n"
        "二、会议议程\n（一）县水利局通报汛前检查情况。\n（二）各乡镇汇报防汛准备工作。\n"
    )
    kinds = {it.id: it.kind for it in extract(text).items}
    assert kinds["1.1"] == "review" and kinds["1.2"] == "review"
    assert kinds["2.1"] == "other" and kinds["2.2"] == "other"


def test_a_section_marker_that_lost_its_comma_still_counts() -> None:
    text = (
        "同志们：\n一、统一思想，提高认识\n各地要高度重视。\n二加大投入，强化保障\n各地要落实资金。\n"
        "三、严格考核，压实责任\n各地要按月通报。\n"
    )
    ex = extract(text)
    assert [it.marker for it in ex.items] == ["一、", "二", "三、"]
    assert ex.items[1].text == "加大投入，强化保障"


def test_a_line_opening_with_a_numeral_word_is_not_repaired_into_a_marker() -> None:
    text = "同志们：\n一、统一思想\n一年来工作成效明显。\n二、强化保障\n各地要落实资金。\n"
    assert [it.marker for it in extract(text).items] == ["一、", "二、"]


def test_a_bare_study_order_outside_the_preamble_stays_an_order() -> None:
    text = "同志们：\n下面我讲几点意见。\n一、抓好理论学习\n（一）学习贯彻党的二十大精神。各单位要组织集中学习。\n"
    kinds = {it.id: it.kind for it in extract(text).items}
    assert kinds["1.1"] == "directive"


def test_a_news_dateline_gives_the_meeting_day_in_the_stated_year() -> None:
    text = (
        "全县防汛调度会召开\n6月3日下午，县政府召开2026年全县防汛调度会。会议要求：\n"
        "一是各乡镇要加强巡查。\n二是县水利局要在6月10日前完成水库检查。\n"
    )
    ex = extract(text)
    assert ex.genre == "news"
    assert ex.meeting_date == date(2026, 6, 3)


def test_a_speech_does_not_take_another_meetings_date_as_its_own() -> None:
    text = "在全县防汛工作会议上的讲话\n同志们：\n4月11日省里召开了防汛会议，2026年汛情形势严峻。\n一、加强领导\n二、落实责任\n"
    ex = extract(text)
    assert ex.meeting_date is None and ex.year == 2026


def test_a_document_number_states_the_year() -> None:
    text = "县政办发〔2026〕5号\n关于做好春耕工作的通知\n各乡镇人民政府：\n一、各乡镇要做好准备。\n二、各部门要加强指导。\n"
    ex = extract(text)
    assert ex.genre == "notice" and ex.year == 2026


def test_a_notices_section_labels_are_other_and_its_points_orders() -> None:
    text = (
        "关于开展春季环境整治活动的通知\n各村民委员会：\n现将有关事项通知如下：\n"
        "一、活动时间\n2026年3月1日至3月31日。\n二、参加人员\n全体村干部。\n"
        "三、活动内容\n（一）清扫、清运垃圾。\n（二）治理乱堆乱放。\n四、任务落实\n各村要在3月31日前完成整治。\n"
    )
    ex = extract(text)
    kinds = {it.id: it.kind for it in ex.items}
    assert ex.genre == "notice"
    assert kinds["1"] == kinds["2"] == kinds["3"] == "other"
    assert kinds["3.1"] == kinds["3.2"] == "directive"
    assert kinds["4"] == "directive"


def test_a_sites_paragraph_letter_breaks_lines_and_a_name_blank_does_not() -> None:
    text = "整治方案Р一、工作目标Р全面整治。Р二、实施步骤Р第一阶段，各村要摸底排查。Р第二阶段，各村要集中整治。"
    assert [it.marker for it in extract(text).items] == ["一、", "二、", "第一阶段，", "第二阶段，"]
    agenda = "会议议程：\n（一）由 宣读实施细则；\n（二）由 作重要讲话。\n"
    ex = extract(agenda)
    assert [it.text for it in ex.items] == ["由 宣读实施细则", "由 作重要讲话"]
    assert {it.kind for it in ex.items} == {"other"}


def test_a_list_announced_in_a_later_paragraph_belongs_to_the_section() -> None:
    text = (
        "会议纪要\n一、关于迎检工作\n会议要求：一是加强领导。二是营造氛围。三是明确责任，定期通报。\n"
        "会议就有关具体事项明确如下：\n1.关于设备配备问题。由县财政局负责。\n2.关于工作经费问题。由县财政局保障。\n"
    )
    parents = {it.id: it.parent_id for it in extract(text).items}
    assert parents["1.4"] == "1" and parents["1.5"] == "1"
