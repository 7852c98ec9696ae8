"""Cleaning: page numbers, site chrome, repeated titles, spaces, and the offset map."""

from __future__ import annotations

import importlib
import random
import re

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
