"""Section labels, a record's parts, agenda lists and review lists: what a numbered item is
when it only groups, schedules or reports (FORMAT.md, "Kind beyond speeches"), on short
texts written for these tests."""

from __future__ import annotations

from tasktui.extract import extract
from tasktui.extract.clean import clean
from tasktui.extract.genres import detect


def _kinds(text: str) -> dict[str, str]:
    return {it.id: it.kind for it in extract(text).items}


SAFETY_RECORD = """时间：2026年4月8日
地点：二楼会议室
主持人：李厂长
参会人员：各车间主任、安全员
一、会议目的
本次会议回顾上月生产安全情况，研究下月防汛工作，确保汛期生产安全。
二、会议内容
（一）上月安全工作总结
1.上月设备巡检情况
上月共巡检设备52台次，更换老化线路3处。
2.隐患整改进一步落实
发现的7处隐患已全部整改完毕。
（二）下月防汛工作安排
1.完善防汛预案
各车间要在5月10日前修订本车间预案。
2.加强物资储备
仓库要备足沙袋和抽水泵。
三、会议决议
1.各车间需在本周五前上报防汛责任人名单。
2.安全科负责组织一次防汛演练。
四、会议结束
"""


def test_a_record_with_chair_and_attendance_fields_is_minutes() -> None:
    genre = detect(clean(SAFETY_RECORD).match)
    assert genre.name == "minutes"
    assert "minutes_chair_field" in genre.fired and "minutes_attendance" in genre.fired


def test_a_records_parts_group_its_points() -> None:
    kinds = _kinds(SAFETY_RECORD)
    # 会议目的 / 会议结束: the record's fixed parts; 会议内容, 会议决议, …总结, …安排 group points
    assert kinds["1"] == kinds["2"] == kinds["3"] == kinds["4"] == "other"
    assert kinds["2.1"] == kinds["2.2"] == "other"
    assert kinds["2.1.1"] == kinds["2.1.2"] == "review"  # what the inspections found
    assert kinds["2.2.1"] == kinds["2.2.2"] == "directive"
    assert kinds["3.1"] == kinds["3.2"] == "directive"


def test_a_notice_of_a_meeting_with_numbered_attendance_is_no_record() -> None:
    text = (
        "关于召开全县春耕生产调度会的通知\n各乡镇人民政府：\n一、会议时间：4月2日上午9时\n"
        "二、参会人员：各乡镇分管负责同志\n三、有关要求：请各乡镇准时参会，不得缺席。\n"
    )
    ex = extract(text)
    kinds = {it.id: it.kind for it in ex.items}
    assert ex.genre == "notice"
    assert kinds["1"] == kinds["2"] == "other"
    assert kinds["3"] == "directive"  # the label's own text orders


def test_a_label_whose_own_text_orders_is_a_directive() -> None:
    text = (
        "广大商户：\n为整治沿街环境，特发此通告。\n一、整治范围\n城区主要街道两侧。\n"
        "二、整治要求\n自通告发布之日起，各商户须在10日内自行拆除违规广告牌。\n"
    )
    ex = extract(text)
    kinds = {it.id: it.kind for it in ex.items}
    assert ex.genre == "notice"
    assert kinds["1"] == "other"
    assert kinds["2"] == "directive"
    second = ex.items[1]
    assert any("own_order" in r for r in second.rules["kind"])


def test_a_goal_is_not_an_order_of_its_label() -> None:
    text = (
        "全镇河塘清淤实施方案\n结合我镇实际，特制定本方案。\n一、工作目标\n确保年底前完成全镇河塘清淤。\n"
        "二、工作要求\n各村要高度重视，按时完成清淤。\n（一）加强领导。\n（二）强化督查。\n"
    )
    kinds = _kinds(text)
    assert kinds["1"] == "other"  # 确保 states the target
    assert kinds["2"] == "directive"  # its own text, before its points, orders
    assert kinds["2.1"] == kinds["2.2"] == "directive"


def test_a_run_on_label_whose_tail_orders_is_a_directive() -> None:
    text = (
        "各班级：\n学校定于周五举行春季运动会，具体通知如下：\n一、比赛时间：4月10日全天\n二、注意事项\n"
        "1、比赛形式各队自定，要求文明参赛。\n2、班主任必须全程在场。\n"
    )
    kinds = _kinds(text)
    assert kinds["1"] == "other"
    assert kinds["2"] == "other"  # 注意事项 with points under it only groups them
    assert kinds["2.1"] == kinds["2.2"] == "directive"


def test_a_plans_group_headings_are_labels_and_their_points_orders() -> None:
    text = (
        "全镇美丽庭院创建实施方案\n结合我镇实际，制定本方案。\n"
        "（一）示范村创建重点任务。\n1、加强村庄绿化。每村栽植苗木500株。\n2、整治村内沟渠。\n"
        "（二）监管职责及措施\n1、网格巡查管理\n每个网格明确一名网格员。\n"
        "（三）加强重点任务督办\n镇督查办每月通报。\n"
    )
    kinds = _kinds(text)
    assert kinds["1"] == kinds["2"] == "other"
    assert kinds["1.1"] == kinds["1.2"] == "directive"
    assert kinds["2.1"] == "directive"  # a bare point under measures is work, not a label
    assert kinds["3"] == "directive"  # a verb before the task words: an order


def test_an_announced_agenda_is_agenda_steps_and_the_remarks_after_it_orders() -> None:
    text = (
        "某镇召开秋粮收购工作会\n9月6日上午9点，某镇召开秋粮收购工作会。"
        "会议由副镇长主持，共三项议程。一是王明传达县里文件精神；二是各村书记交流发言；三是粮站站长介绍收购政策。"
        "最后镇长提出要求：一是各村要摸清种植面积；二是粮站要及时结算粮款。\n"
    )
    ex = extract(text)
    kinds = [it.kind for it in ex.items]
    assert ex.genre == "news"  # a dateline with a clock time
    assert kinds == ["other", "other", "other", "directive", "directive"]
    assert [it.id for it in ex.items] == ["1", "2", "3", "4", "5"]


def test_a_list_announced_as_features_is_a_review() -> None:
    text = (
        "同志们：\n刚才各乡镇作了汇报，从汇报情况看，有以下几个特点。一是思路清晰，目标明确。"
        "二是工作扎实，成效初显。三是敢想敢干，亮点纷呈。这股劲头必须继续保持。\n"
    )
    assert set(_kinds(text).values()) == {"review"}


def test_features_to_mind_do_not_make_a_review() -> None:
    text = "同志们：\n结合冬季特点，各地要做好以下工作。一是加强巡查。二是落实值班。三是储备物资。\n"
    assert set(_kinds(text).values()) == {"directive"}


def test_the_main_causes_are_a_problem_and_fixing_them_an_order() -> None:
    text = "同志们：\n一、工程进度滞后的主要原因\n施工力量投入不足。\n二、各乡镇要查找进度滞后的原因\n逐项整改。\n"
    kinds = _kinds(text)
    assert kinds["1"] == "problem"  # 主要 is not the modal 要
    assert kinds["2"] == "directive"


def test_the_clause_nearest_the_list_announces_it() -> None:
    text = (
        "同志们：\n今年以来全县安全形势总体平稳，但不容乐观，下一步要重点抓好以下工作："
        "一要压实责任。二要排查隐患。三要强化值守。\n"
    )
    items = extract(text).items
    assert {it.kind for it in items} == {"directive"}
    assert all(not any("lead_review" in r for r in it.rules["kind"]) for it in items)


def test_a_list_of_what_was_done_is_a_review() -> None:
    text = (
        "同志们：\n过去一年，我们主要做了以下工作：一是加强组织领导，成立了专班。"
        "二是强化督查考核，通报了12次。三是完善制度，出台了5项制度。\n"
    )
    assert set(_kinds(text).values()) == {"review"}


def test_the_meetings_tasks_in_the_opening_are_agenda_steps() -> None:
    text = (
        "今天会议的主要任务是：一是传达省市会议精神；二是总结上半年工作；三是部署下半年任务。\n"
        "下面，我讲几点意见。\n一、提高认识\n各地要高度重视。\n二、狠抓落实\n各部门要按时完成。\n"
    )
    assert list(_kinds(text).values()) == ["other", "other", "other", "directive", "directive"]


def test_a_numbered_agenda_under_its_label_line_is_agenda_steps() -> None:
    text = (
        "村民小组会议记录\n参加人员：全体组员\n会议议程：\n1、组长传达镇里会议精神。\n"
        "2、讨论本组道路硬化方案。\n3、表决通过筹资办法。\n"
    )
    assert set(_kinds(text).values()) == {"other"}


def test_a_records_theme_is_no_order() -> None:
    text = "某局办公会议记录\n主持人：王局长\n记录人：李四\n一、会议主题：汛前检查\n二、会议要求\n1.各股室要在5月20日前完成自查。\n"
    kinds = _kinds(text)
    assert kinds["1"] == kinds["2"] == "other"
    assert kinds["2.1"] == "directive"
