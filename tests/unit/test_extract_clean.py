"""Cleaning: page numbers, site chrome, repeated titles, spaces, and the offset map."""

from __future__ import annotations

import importlib
import random
import re
from datetime import date

from tasktui.extract import extract
from tasktui.extract.clean import clean

# The module itself (the package exports the function `clean` under the same name).
clean_module = importlib.import_module("tasktui.extract.clean")

BODY = "同志们：今天召开全区河湖治理推进会，主要任务是部署下阶段工作。" * 6


def _page_text() -> str:
    # A page break fell inside the word 河长: "…各级河\n\n2、长要…".
    return (
        "在全区河湖治理推进会上的讲话\n\n1、在全区河湖治理推进会上的讲话 同志们：\n"
        + BODY
        + "下面，我强调两点。一、落实河长制。各级河\n\n2、长要每月巡河一次，发现问题及时交办。"
        + BODY
        + "二、推进系统治理。区水务局要在汛前完成清淤，区生态环境分局要加强水质监测，确保达\n\n3、标排放。\n"
    )


def test_page_numbers_removed_and_split_word_rejoined() -> None:
    ct = clean(_page_text())
    assert "各级河长要每月巡河" in ct.text
    assert "确保达标排放" in ct.text
    assert "2、" not in ct.text and "3、" not in ct.text
    assert any("页码" in w and "2、" in w for w in ct.warnings)


def test_real_list_item_is_not_a_page_number() -> None:
    text = (
        "在全市安全生产会议上的讲话\n"
        + BODY
        + "\n重点抓好以下工作：\n1、开展隐患排查。各企业要全面自查。\n2、加强执法检查。市应急管理局要组织暗访。\n3、完善应急预案。\n"
    )
    ct = clean(text)
    for mark in ("1、开展", "2、加强", "3、完善"):
        assert mark in ct.text


def test_site_chrome_and_footer_removed() -> None:
    text = (
        "收藏 分享(赏)\n"
        "关于防汛工作的讲话.docx\n"
        "上传人:a***b 文档编号:123456 上传时间:2024-01-01 格式:DOCX 页数:5\n"
        "下载 相关 举报\n"
        "关于防汛工作的讲话.docx_第1页\n"
        "第1页 / 共5页\n"
        "资源描述\n" + BODY + "\n一、压实责任。各乡镇要立即行动。\n"
        "............试读结束............\n"
        "查阅全文加微信123456789\n"
        "相关推荐\n"
        "某镇2023年工作总结。全年完成各项任务。2022年5月15日\n"
        "copyright@ 2008-2024 example.com 版权所有\n"
    )
    ct = clean(text)
    assert ct.text.lstrip().startswith("关于防汛工作的讲话\n")  # file extension dropped
    for noise in ("收藏", "上传人", "第1页", "资源描述", "试读结束", "微信", "相关推荐", "copyright", "工作总结"):
        assert noise not in ct.text, noise
    assert "一、压实责任。各乡镇要立即行动。" in ct.text


def test_sidebar_list_of_other_documents_removed() -> None:
    sidebar = "".join(f"- 文档标题第{i}篇范文网\n" for i in range(5))
    ct = clean(sidebar + "关于信访工作的讲话\n" + BODY)
    assert "范文网" not in ct.text
    assert "关于信访工作的讲话" in ct.text


def test_truncation_notice_at_top_only_drops_the_line() -> None:
    ct = clean("\n\n还剩4页未读,继续阅读\n文本内容:\n关于安全生产的讲话\n" + BODY)
    assert "继续阅读" not in ct.text
    assert BODY in ct.text


def test_repeated_title_removed() -> None:
    ct = clean("关于生态环保督察整改的讲话\n\n关于生态环保督察整改的讲话\n" + BODY)
    assert ct.text.count("关于生态环保督察整改的讲话") == 1


def test_collapsed_paragraph_space_becomes_line_break() -> None:
    ct = clean("一、提高站位抓整改 在今年的督察中发现了问题。\n   二、压实责任。")
    assert "一、提高站位抓整改\n在今年" in ct.text
    assert "\n二、压实责任。" in ct.text  # indentation removed


def test_offsets_map_back_to_original() -> None:
    original = _page_text()
    ct = clean(original)
    assert len(ct.match) == len(ct.text)
    for needle in ("一、落实河长制", "长要每月巡河", "区水务局", "标排放"):
        i = ct.text.index(needle)
        s, e = ct.span_to_orig(i, i + len(needle))
        assert original[s:e].replace("\n", "").startswith(needle[:1])
        assert needle[-1] == original[e - 1]
    i = ct.text.index("河长要")
    s, e = ct.span_to_orig(i, i + 3)
    assert original[s] == "河" and original[e - 1] == "要"  # crosses the removed page number


def test_match_copy_is_simplified_and_folded() -> None:
    ct = clean("一、壓實責任,確保安全(一)")
    assert ct.text == "一、壓實責任,確保安全(一)"
    assert ct.match == "一、压实责任，确保安全（一）"


def test_page_number_on_a_short_page_still_removed_when_it_cuts_a_sentence() -> None:
    text = (
        "在全区河湖治理推进会上的讲话\n同志们：\n"
        + BODY
        + "各级河\n\n2、长要每月巡河。"
        + "\n一要压实责任。二要加强巡查，对巡河不力、履职不到位造成严重后果的，依规依纪严\n\n3、肃处理。\n"
    )
    ct = clean(text)
    assert "依规依纪严肃处理" in ct.text
    assert "3、" not in ct.text


def test_document_site_header_lines_removed() -> None:
    text = (
        "首页 > 范文大全 > 讲话稿\n文档格式:docx    页数:5页\n【下载本文档】  【加入收藏】\n—第2页—\n文档内容:\n"
        "在全区河湖治理推进会上的讲话\n" + BODY
    )
    ct = clean(text)
    assert ct.text.strip().startswith("在全区河湖治理推进会上的讲话")


def test_page_number_right_before_another_marker_is_removed() -> None:
    # Short page that broke at a paragraph end, just before an inline 二要.
    text = (
        "在全区河湖治理推进会上的讲话\n同志们：\n"
        + BODY
        + "各级河\n\n2、长要每月巡河。一要压实河长责任，各级河长每月至少巡河一次。\n\n"
        + "3、二要加强水质监测。区生态环境分局要每月通报断面水质。三要推进清淤疏浚。\n"
    )
    ct = clean(text)
    assert "3、" not in ct.text
    assert "\n二要加强水质监测" in ct.text
    from tasktui.extract import extract

    assert [it.marker for it in extract(text).items] == ["一要", "二要", "三要"]


def test_real_list_item_stays_when_no_marker_follows() -> None:
    text = "关于河湖治理的讲话\n同志们：\n" + BODY + "\n1、压实责任。\n2、加强巡查。\n3、推进治理。\n"
    ct = clean(text)
    assert "1、压实责任" in ct.text and "3、推进治理" in ct.text


def test_full_width_indent_behaves_like_space_indent() -> None:
    # Word-pasted speech: paragraphs open with two ideographic spaces instead of three spaces.
    from tasktui.extract import extract

    body = (
        "关于全县秋季开学工作的讲话\n{i}同志们：\n{i}今天召开会议，部署秋季开学工作。\n"
        "{i}一、压实开学安全责任\n{i}各学校要在开学前完成校舍排查。{i}二、抓好教学常规\n"
        "{i}县教研室要在9月15日前完成教学视导。\n"
    )
    a = extract(body.format(i="   "))
    b = extract(body.format(i="\u3000\u3000"))
    key = [(it.id, it.marker, it.text, it.kind, it.owners, it.deadline_phrase) for it in a.items]
    assert [(it.id, it.marker, it.text, it.kind, it.owners, it.deadline_phrase) for it in b.items] == key
    assert [it.marker for it in b.items] == ["一、", "二、"]
    assert b.title == a.title == "关于全县秋季开学工作的讲话"


def test_page_number_that_fits_page_order_not_list_order_is_removed() -> None:
    # `3、` cuts a prose sentence mid-word with no `2、` list item before it (the site lost
    # page number 2): its position fits the page sequence, not a list.
    text = (
        "在全县粮食安全工作会议上的讲话\n同志们：\n"
        + BODY
        + "\n全县共有粮食收储企业四十余家，仓容总量超过二十万吨，其中存在安全隐患的危\n\n"
        + "3、仓共九座，必须在汛前完成维修。\n"
        + BODY
    )
    ct = clean(text)
    assert "3、" not in ct.text
    assert "安全隐患的危仓共九座" in ct.text


def test_page_number_before_arabic_marker_keeps_the_item() -> None:
    # `3、2.`: a page number right before a real `2.` item; `（1）` and `①` likewise.
    from tasktui.extract import extract

    for second in ("2.", "（2）", "②"):
        first = {"2.": "1.", "（2）": "（1）", "②": "①"}[second]
        text = (
            "在全县粮食安全工作会议上的讲话\n同志们：\n"
            + BODY
            + "各乡\n\n2、镇要抓好秋粮收购。\n"
            + f"{first}加强仓储管理。县粮食局要每月检查一次库存粮食。"
            + BODY
            + "\n\n"
            + f"3、{second}抓好粮食流通监管。县市场监管局要加强粮食质量抽检。\n"
        )
        ct = clean(text)
        assert "3、" not in ct.text, second
        assert [it.text for it in extract(text).items][-2:] == ["加强仓储管理", "抓好粮食流通监管"], second


def test_page_break_inside_a_heading_rejoins_it() -> None:
    from tasktui.extract import extract

    text = (
        "在全县粮食安全工作会议上的讲话\n同志们：\n"
        + BODY
        + "各乡\n\n2、镇要抓好秋粮收购。\n"
        + "一、压实粮食安全责任\n"
        + BODY
        + "\n二、加强粮食应急\n\n"
        + "3、保障。县粮食局要在一个月内修订粮食应急预案，确保供应不断档。\n"
    )
    ct = clean(text)
    assert "二、加强粮食应急保障。" in ct.text
    items = extract(text).items
    assert [it.marker for it in items] == ["一、", "二、"]


def test_list_after_a_broken_line_stays_a_list() -> None:
    # A real list continues its numbering (`1、` then `2、`): not pages even after a line
    # without an end mark.
    text = (
        "关于粮食安全的讲话\n同志们：\n"
        + BODY
        + "\n重点抓好以下工作\n1、加强仓储管理\n2、抓好流通监管\n3、完善应急预案\n"
    )
    ct = clean(text)
    for mark in ("1、加强", "2、抓好", "3、完善"):
        assert mark in ct.text


# The strong chrome cues as one alternation, as they were written before the line-start
# cues were split off (clean._chrome_strong must answer exactly as this does).
_CHROME_STRONG_AS_ONE = re.compile(
    r"(?=[由文上本免试如版Ii经Cc©下展阅查还继资当.第HhWw@加客微Qq浏页【收分相举猜返搜扫立全\-—–配特关首发])(?:"
    r"由会员分享|文档编号|上传时间|上传人|本文由.{0,30}上传|免费预览|试读结束|如若转载|"
    r"版权所有|ICP备|ICP证|经营许可证|copyright|©|下载文档|展开阅读全文|阅读全文|查看全文|"
    r"还剩\s*\d+\s*页未读|继续阅读|文本内容[:：]?$|资源描述|当前位置[:：]|"
    r"\.(?:docx?|pdf|wps|pptx?)_第\s*\d+\s*页|第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|"
    r"^(?:收藏|分享|下载|相关|举报|猜你喜欢|相关资源|相关搜索|相关推荐|返回顶部|上一篇|下一篇|"
    r"微信咨询|搜索资料|扫码关注|立即扫码.*|客服代找资料|全部分类|搜索教程)(?:[\s(（].*)?$|"
    r"^[-—–]?\s*(?:配套讲稿|特殊限制|关\s*键\s*词)[:：]|"
    r"https?://|www\.|\.com\b|@qq|加微信|客服微信|微信[:：]?\s*\d{5,}|QQ[:：]?\s*\d{5,}|"
    r"^(?:文档信息|文档预览.{0,10}|文档内容[:：]?|资料信息)$|^首页\s*[>＞›»]|^发布时间[:：]|浏览[:：]?\s*\d+\s*次|"
    r"^文档格式[:：]|页数[:：]\s*\d+\s*页|文件大小[:：]|下载次数|下载积分|^[—–-]+\s*第\s*\d+\s*页\s*[—–-]+$|"
    r"【[^】]{0,6}(?:下载|收藏)[^】]{0,6}】)",
    re.I,
)
_CHROME_WORDS = [
    "收藏",
    "分享",
    "下载",
    "相关推荐",
    "上一篇",
    "立即扫码",
    "全部分类",
    "配套讲稿",
    "关 键 词",
    "文档信息",
    "文档预览",
    "首页",
    "发布时间",
    "文档格式",
    "第1页",
    "共3页",
    "—",
    "-",
    "页数",
    "：",
    ":",
    " ",
    "(",
    "（",
    "】",
    "【",
    "版权所有",
    "ICP备",
    "Copyright",
    "©",
    "www.",
    ".com",
    "QQ",
    "123456",
    "微信",
    "浏览",
    "次",
    "文本内容",
    "上传",
    "本文由",
    "会员",
    "讲话",
    "同志们",
    "全区",
    "发展",
    "关于",
    "相关",
    "的",
    "要",
    "。",
    "\n",
    "İ",
    "K",
]


def test_strong_chrome_cues_answer_as_one_alternation() -> None:
    rnd = random.Random(11)
    for _ in range(20000):
        line = "".join(rnd.choice(_CHROME_WORDS) for _ in range(rnd.randint(0, 6)))
        assert clean_module._chrome_strong(line) == bool(_CHROME_STRONG_AS_ONE.search(line)), line


def test_footer_gate_answers_as_the_footer_pattern() -> None:
    rnd = random.Random(12)
    for _ in range(20000):
        line = "".join(
            rnd.choice(_CHROME_WORDS + ["试读结束", "展开阅读全文", "还剩5页未读", "本文内容由某某贡献"])
            for _ in range(rnd.randint(0, 5))
        )
        assert bool(clean_module._CUT_REST_GATE.get().search(line)) == bool(clean_module._CUT_REST.search(line)), line


# --- the document's own lines are not site chrome ---------------------------------------

_DUTIES = (
    "城区市容环境卫生责任区实施方案\n"
    "为落实市容环境卫生责任制，明确各责任区的管护主体，结合本区实际，制定本方案。" * 2 + "\n"
    "一、责任区划分\n"
    "（一）主次干道、公共广场及其附属的公厕、果皮箱等设施，由区环卫中心负责；\n"
    "（二）各住宅小区，由所在社区负责；已聘请物业公司的小区，由物业公司按合同负责；\n"
    "（三）党政机关、人民团体、驻区部队、国有企业、学校医院等单位的院落及门前区域，由本单位负责；\n"
    "（四）农贸市场、汽车站、体育场馆等人员密集场所，由其主管部门负责；\n"
    "（五）沿街门店由店主负责。\n"
    "二、工作要求\n各社区要在5月底前完成责任区公示。\n"
)


def test_numbered_duty_lines_sharing_an_ending_are_kept() -> None:
    # Lines that end alike (…负责；) in the document's own numbered list are not a sidebar.
    ct = clean(_DUTIES)
    for mark in ("（一）主次干道", "（二）各住宅小区", "（三）党政机关", "（四）农贸市场", "（五）沿街门店"):
        assert mark in ct.text, mark
    items = extract(_DUTIES, date(2026, 3, 1)).items
    assert [i.marker for i in items] == ["一、", "（一）", "（二）", "（三）", "（四）", "（五）", "二、"]
    assert not any("开始" in w for w in extract(_DUTIES, date(2026, 3, 1)).warnings)


def test_clause_lines_sharing_an_ending_are_kept_without_numbers() -> None:
    # A run of unnumbered lines that all close a clause (…负责；) is prose: titles end in neither.
    lines = "主干道由环卫所负责；\n小区由物业公司负责；\n门店由店主负责；\n"
    ct = clean("区市容管理责任分工\n" + BODY + "\n" + lines)
    assert "小区由物业公司负责" in ct.text


def test_stage_lines_with_their_time_limits_are_items() -> None:
    text = (
        "关于开展城区占道经营专项整治的实施方案\n"
        "为改善城区市容秩序，经研究，决定开展占道经营专项整治，现制定如下方案。\n"
        "一、整治步骤\n"
        "（一）宣传发动阶段（2026年3月15日前）\n"
        "（二）集中整治阶段（2026年4月30日前）\n"
        "（三）验收总结阶段（2026年5月31日前）\n"
        "二、工作要求\n各街道要落实属地责任，区城管局要加强巡查。\n"
    )
    ex = extract(text, date(2026, 3, 1))
    stages = [i for i in ex.items if i.parent_id == "1"]
    assert [i.text for i in stages] == [
        "宣传发动阶段（2026年3月15日前）",
        "集中整治阶段（2026年4月30日前）",
        "验收总结阶段（2026年5月31日前）",
    ]
    assert [i.deadline.date for i in stages if i.deadline] == [date(2026, 3, 15), date(2026, 4, 30), date(2026, 5, 31)]


def test_stage_lines_with_a_window_under_section_markers_are_items() -> None:
    text = (
        "全镇农村人居环境整治实施方案\n为推进农村人居环境整治，制定本方案。\n"
        "一、宣传动员阶段(3月1日—3月20日)\n"
        "二、集中整治阶段(4月1日—6月20日)\n"
        "三、巩固提升阶段(7月1日—12月20日)\n"
    )
    assert [i.marker for i in extract(text, date(2026, 3, 1)).items] == ["一、", "二、", "三、"]


def test_title_lists_sharing_a_suffix_are_still_removed() -> None:
    # Other documents' titles: unnumbered (or numbered out of order), no clause mark at the end.
    titles = "秋季开学安全工作讲话稿\n全县防汛工作会议讲话稿\n安全生产月启动仪式讲话稿\n"
    ct = clean("关于信访工作的讲话\n" + BODY + "\n" + titles)
    assert "讲话稿" not in ct.text
    numbered_badly = "3、秋季开学安全工作讲话稿\n1、全县防汛工作会议讲话稿\n7、安全生产月启动仪式讲话稿\n"
    ct = clean("关于信访工作的讲话\n" + BODY + "\n" + numbered_badly)
    assert "讲话稿" not in ct.text


def test_numbered_points_and_sentences_with_weak_site_words_are_kept() -> None:
    # 网站 资料 关注 are also a site's words; a numbered point or a finished sentence is not chrome.
    text = (
        "关于加强政务公开工作的通知\n各镇（街道）、区直各部门：\n为进一步做好政务公开工作，现就有关事项通知如下。\n"
        "一、规范政府网站管理\n各单位要在3月底前完成网站栏目清理。\n"
        "二、做好资料归档工作\n各单位要按季度整理公开资料；\n"
        "三、关注群众留言办理\n区信访局要加强督办。\n"
        "扫码关注公众号\n"
    )
    ct = clean(text)
    for kept in (
        "一、规范政府网站管理",
        "完成网站栏目清理。",
        "二、做好资料归档工作",
        "整理公开资料；",
        "三、关注群众留言",
    ):
        assert kept in ct.text, kept
    assert "扫码关注公众号" not in ct.text  # the site's own line still goes
    items = extract(text, date(2026, 3, 1)).items
    assert [i.marker for i in items] == ["一、", "二、", "三、"]
    assert items[0].deadline is not None and items[0].deadline.date == date(2026, 3, 31)


# --- an expander is chrome, not the end of the page --------------------------------------

_NOTICE_ONE = (
    "关于做好元旦假期安全工作的通知\n各年级：\n元旦将至，为确保师生度过平安祥和的假期，现将有关事项通知如下。"
    * 2
    + "\n"
    "一、各班主任要在放假前召开安全主题班会。\n二、总务处要在12月28日前完成校舍安全检查。\n"
)
_NOTICE_TWO = (
    "关于做好寒假期间值班工作的通知\n各部门：\n根据校历安排，现将寒假值班有关事项通知如下。\n"
    "一、各部门要在1月10日前报送值班表。\n二、保卫处要加强假期校园巡查。\n"
)


def test_expander_between_two_documents_is_deleted_and_the_second_is_kept() -> None:
    for expander in ("展开阅读全文", "点击展开 ∨", "查看更多>>", "—— 阅读全文 ——", "展开全文↓"):
        text = _NOTICE_ONE + "\n" + expander + "\n\n" + _NOTICE_TWO
        ct = clean(text)
        assert expander not in ct.text, expander
        assert "保卫处要加强假期校园巡查" in ct.text, expander
        markers = [i.marker for i in extract(text, date(2025, 12, 20)).items]
        assert markers == ["一、", "二、", "一、", "二、"], expander


def test_words_of_an_expander_inside_a_sentence_stay() -> None:
    ct = clean(_NOTICE_ONE + "\n请各班查看更多安全案例，做好宣传教育。\n")
    assert "查看更多安全案例" in ct.text


def test_truncation_still_ends_the_page_after_an_expander() -> None:
    ct = clean(_NOTICE_ONE + BODY + "\n展开阅读全文\n试读结束，下载后查看全文\n秋季开学安全工作讲话稿\n")
    assert "讲话稿" not in ct.text
    assert any("到结尾" in w for w in ct.warnings)


def test_web_address_or_licence_in_the_documents_own_line_keeps_it() -> None:
    # A notice tells its readers where to file and whom to mail: its own points keep them.
    text = (
        "关于做好年度统计报表报送工作的通知\n各镇（街道）、区直有关部门：\n现就年度统计报表报送工作通知如下。\n"
        "一、报送方式。各单位登录https://tj.example.gov.cn/report在线填报，区统计局负责业务指导。\n"
        "二、许可核查。区市场监管局要核查药品经营许可证的有效期。\n"
        "三、材料报送。纸质材料请于4月10日前报送，电子版发送至tjj2026@163.com。\n"
        "各单位要在3月底前登录www.example.gov.cn核对名录。\n"
    )
    ct = clean(text)
    for kept in ("一、报送方式", "二、许可核查", "三、材料报送", "核对名录。"):
        assert kept in ct.text, kept
    assert [i.marker for i in extract(text, date(2026, 3, 1)).items] == ["一、", "二、", "三、"]


def test_site_lines_with_an_address_still_go() -> None:
    # The site's own lines: unnumbered and unfinished, or chrome by a cue besides the address.
    footer = "本站网址：www.example.com\n1、客服微信：12345678 版权所有\n"
    ct = clean("关于安全生产的讲话\n" + footer + BODY)
    assert "www.example.com" not in ct.text and "版权所有" not in ct.text
