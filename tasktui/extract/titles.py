"""A document's title (the meeting's name in the store): the title-like line nearest above
where the body starts, cleaned of what web pages put around it.

Real pages put many lines above a document's own title: a site's category (领导讲话), a
breadcrumb (学习啦>范文>…), a catalogue number (B3637…), a blurb (简介：小编为你整理…),
the site's copy of the title with 范文 or (全文2330字) after it, a document number
(徐师大保〔2005〕3号). The document's own title sits right above its body: the addressee
(各中小学校：), the salutation (同志们：), a dateline (3月24日，县长…主持召开…) or the
first numbered item. So the nearest title-like line above the body wins, not the first.

With no title line at all (news reports, minutes that open with their dateline, a notice
that forwards a plan), the title is what the opening names: the meeting it says was held
(召开X会议), the plan it issues (现将《X方案》印发), a title run into the opening
(…实施方案为认真落实…). Works on the folded text (`match`, same length as the display
text): callers slice the display line with the offsets found here.
"""

from __future__ import annotations

import re

SCAN_LINES = 14  # titles sit at the top; a site's chrome may take a dozen lines

# How a title ends (its genre word), or begins (在…会议上的讲话, 关于…的通知).
_TITLE_END = (
    r"(?:讲话|发言|致辞|讲稿|报告|总结|动员|主持词)(?:稿|提纲|全文|范文|材料|发言材料)?"
    r"|(?:会议|大会|座谈会|推进会|部署会|调度会|调度例会|现场会|办公会|协调会|培训班)(?:纪要)?"
    r"|纪要|通知|通报|意见|决定|方案|要点|计划|安排|办法|规定|细则|批复|函"
)
_TITLE_LIKE = re.compile(
    rf"(?:{_TITLE_END})(?:[(（](?:摘要|节选|讨论稿|征求意见稿|试行)[)）])?$|^在.{{2,60}}(?:上|中)的"
)

# Site decorations before a title: 第一篇：, [通用], 【精选】, a catalogue number (B3637), a
# breadcrumb's path (首页>范文>…>), 《 》 around the whole title.
_PREFIX = re.compile(
    r"^(?:第[一二三四五六七八九十\d]{1,3}篇\s*[:：]\s*"
    r"|[\[【(（](?:通用|精选|精選|推荐|推薦|热门|熱門|范文|範文|原创|原創)[\]】)）]\s*"
    r"|[A-Z]{1,2}\d{3,6}(?=[\u4e00-\u9fff])"
    r"|.{0,12}(?:倾情为你奉上|傾情為你奉上)"
    r"|.{0,60}[>》»]\s*(?=[^>》»]{4,}$))"
)
# …and after it: 范文 (精选), (全文2330字), (汇总三篇), (通用3篇), _某某网, -文档下载, .docx.
_SUFFIX = re.compile(
    r"(?:范文|範文)(?:精选|精選|大全|汇总|彙總)?(?:【[一二三四五六七八九十\d]+】)?$"
    r"|[(（](?:全文)?\s*\d{2,6}\s*字[)）]$"
    r"|[(（](?:汇总|彙總|通用|精选|精選)?[一二三四五六七八九十\d]{1,2}篇[)）]$"
    r"|\s*[_|｜]\s*.{0,20}$|\s*[-—–]\s*(?:文档|下载|免费|范文|.{0,8}(?:网|文库|站)).{0,12}$"
    r"|\.(?:docx?|pdf|wps|txt)$",
    re.I,
)
_WRAP = re.compile(r"^《(.+)》$")

# Where the body starts: a salutation or an addressee line (各村委会：), the first
# numbered item, a dateline, or a sentence.
_SALUTATION = re.compile(r"^(?:同志们|各位|尊敬的|大家)")
_ADDRESSEE = re.compile(r"^.{2,80}[:：]$")
_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+[，,、]|\d{1,2}[、.．](?!\d))")
_SENTENCE = re.compile(r"[，,。；;](?=.)")
_CHROME_ZONE = 60
_SENTENCE_MIN = 24  # shorter lines with a comma are still titles: 关于做好防汛、抗旱工作的通知

# Not titles: a document number, a date, a site's words.
_NOT_TITLE = re.compile(
    r"〔\s*\d{4}\s*〕\s*\d+\s*号$|^\s*[\[【(（]?\d{4}[\]】)）]?\s*$|^\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?(?:\s*[\d:]+)*$"
    r"|简介|簡介|小编|小編|欢迎|歡迎|阅读本文|閱讀本文|收藏|下载|下載|^(?:目录|目錄|提纲|提綱|全文|正文)"
)

# A title run into the opening: …实施方案为认真落实… / …的讲话同志们：…
_RUN_ON = re.compile(rf"^([^，,。：:；;]{{4,80}}?(?:{_TITLE_END}))(?=为|為|根据|根據|按照|同志们|各位|[，。：:,]|\s)")
# A meeting the opening says was held: …主持召开县人民政府第21次常务会议，研究…
_HELD = re.compile(r"召开了?\s*(.{4,50}?(?:会议|会))(?=[,，。；;、]|$)")
# A plan or rules a notice issues: 现将《…方案》印发给你们
_ISSUED = re.compile(
    r"(?:现将|現將|印发|印發|制定了?)\s*《(.{4,80}?(?:方案|意见|意見|办法|辦法|规定|規定|要点|要點|计划|計劃|细则|細則))》"
)
# 关于…的会议纪要 at the start of a line that runs on into the text.
_ABOUT = re.compile(
    r"^(关于|關於|關于).{2,70}?的(?:会议纪要|會議紀要|纪要|紀要|通知|通报|通報|意见|意見|方案|决定|決定)"
)


def _clean(m: str) -> tuple[int, int]:
    """The span of `m` that is the title, decorations cut off (start, end)."""
    start, end = 0, len(m)
    for _ in range(3):  # decorations stack: 第一篇：[通用]…范文
        changed = False
        p = _PREFIX.match(m, start, end)
        if p and p.end() > start:
            start, changed = p.end(), True
        s = _SUFFIX.search(m[start:end])
        if s and s.start() > 0:
            end, changed = start + s.start(), True
        w = _WRAP.match(m[start:end])
        if w:
            start, end, changed = start + 1, end - 1, True
        if not changed:
            break
    return start, end


def _chrome(m: str) -> bool:
    """A site's blurb or a document number (looked for at the line's start: a whole text
    on one line may say 下载 much later)."""
    return bool(_NOT_TITLE.search(m[:_CHROME_ZONE]))


def _title_like(text: str) -> bool:
    return 4 <= len(text) <= 80 and bool(_TITLE_LIKE.search(text)) and not _NOT_TITLE.search(text)


def _body_start(mlines: list[str]) -> int:
    for i, m in enumerate(mlines):
        if _chrome(m):
            continue  # a site's blurb or a document number: above the title or beside it
        if _SALUTATION.match(m) or _ITEM.match(m) or _ADDRESSEE.match(m):
            return i
        if len(m) >= _SENTENCE_MIN and _SENTENCE.search(m):
            return i
    return len(mlines)


def _joined(lines: list[str], mlines: list[str]) -> tuple[list[str], list[str]]:
    """A title broken after its year (2021 / 年在…会议上的讲话) read as one line."""
    out, mout = [], []
    i = 0
    while i < len(mlines):
        m = mlines[i]
        if i + 1 < len(mlines) and re.fullmatch(r"(?:19|20)\d{2}", m) and mlines[i + 1].startswith("年"):
            out.append(lines[i] + lines[i + 1])
            mout.append(m + mlines[i + 1])
            i += 2
            continue
        out.append(lines[i])
        mout.append(m)
        i += 1
    return out, mout


def find_title(lines: list[str], mlines: list[str]) -> str | None:
    """The title among a text's first lines (display text and its folded twin, line for
    line), or None when the text names none (the caller falls back on the file's name)."""
    lines, mlines = _joined(lines[:SCAN_LINES], mlines[:SCAN_LINES])
    body = _body_start(mlines)
    for i in range(body - 1, -1, -1):
        a, b = _clean(mlines[i])
        if _title_like(mlines[i][a:b]):
            return lines[i][a:b].strip()
    first = next((i for i, m in enumerate(mlines) if not _chrome(m)), None)
    for i, m in enumerate(mlines):
        # A title run into the opening is the first line; 关于…的纪要 may follow a preface.
        mt = _ABOUT.match(m) or (_RUN_ON.match(m) if i == first else None)
        if mt and _title_like(mt.group(0)):
            a, b = _clean(mt.group(0))
            return lines[i][a:b].strip()
        mt = _ISSUED.search(m)
        if mt:
            return lines[i][mt.start(1) : mt.end(1)].strip()
    for i, m in enumerate(mlines[body : body + 4], start=body):
        mt = _HELD.search(m)
        if mt:
            return lines[i][mt.start(1) : mt.end(1)].strip()
    # No title reads like one: the first line that could still be a name (not a blurb, a
    # salutation, an addressee, an item or a sentence).
    for i, m in enumerate(mlines[:body]):
        a, b = _clean(m)
        if not _chrome(m) and b - a >= 4:
            return lines[i][a:b].strip()
    return None


__all__ = ["SCAN_LINES", "find_title"]
