"""The document's title (extract/titles.py): the title-like line nearest above the body,
site decorations cut; with none, what the opening names. Lines written for these tests
(regressions, not evidence: the figures on real pages are in the session notes)."""

from __future__ import annotations

import pytest

from tasktui.extract import extract


def _title(*lines: str) -> str:
    return extract("\n".join(lines) + "\n一、抓好落实。各乡镇要在月底前完成。\n").title


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        # A site's copy of the title above the document's own: the one above the body wins.
        (
            (
                "某中心校开学安全工作通知",
                "简介：小编为你整理了多篇相关的范文",
                "第一篇：某中心校开学安全工作通知",
                "某中心校",
                "关于做好春季开学安全工作的通知",
                "各中小学校：",
            ),
            "关于做好春季开学安全工作的通知",
        ),
        (
            ("徐师大保〔2005〕3号", "关于做好寒假期间安全工作的通知", "各院系、各部门："),
            "关于做好寒假期间安全工作的通知",
        ),
        (
            ("欢迎登陆文秘写作网！", "领导讲话", "B3637在全县信访工作会议上的讲话", "同志们："),
            "在全县信访工作会议上的讲话",
        ),
        (("在全镇信访工作会议上的讲话(全文2330字)", "同志们："), "在全镇信访工作会议上的讲话"),
        (("[通用]协调会议纪要", "篇1", "为加快重点项目建设，区建委主持召开协调会，现纪要如下："), "协调会议纪要"),
        (("常务会议纪要范文精选",), "常务会议纪要"),
        (("学习啦>范文>行政公文>会议纪要>某市政府会议纪要三篇",), "某市政府会议纪要三篇"),
        (("第一篇:在全市安全生产会议上的讲话(摘要)",), "在全市安全生产会议上的讲话(摘要)"),
        (
            ("2021", "年在乡村振兴领导小组会议上的讲话发言材料", "同志们："),
            "2021年在乡村振兴领导小组会议上的讲话发言材料",
        ),
        # No title line: the meeting the opening says was held, the plan a notice issues,
        # a title run into the opening.
        (("4月28日，管理区召开巡察整改问题调度会，会议听取了整改情况汇报。",), "巡察整改问题调度会"),
        (
            ("3月24日，县长在政务服务中心主持召开县人民政府第21次常务会议，研究了三项工作。",),
            "县人民政府第21次常务会议",
        ),
        (
            ("各县区人民政府：", "经市政府同意，现将《某市营商环境提升分工方案》印发给你们，请认真贯彻落实。"),
            "某市营商环境提升分工方案",
        ),
        (("创卫整治活动实施方案为认真落实创建工作要求，特制定本方案。",), "创卫整治活动实施方案"),
    ],
)
def test_title(lines: tuple[str, ...], title: str) -> None:
    assert _title(*lines) == title


@pytest.mark.parametrize("first", ["同志们：", "各村委会：", "全文", "目录/提纲:……"])
def test_no_title_is_empty_so_the_file_name_is_used(first: str) -> None:
    assert _title(first, "今年以来，全镇上下围绕中心工作，攻坚克难，取得了明显成效。") == ""
