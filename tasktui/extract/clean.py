"""Remove document-site noise from a pasted speech and keep a map back to the original.

Noise: page numbers (`2、`) inserted at page breaks (often splitting a word), site
chrome (upload info, preview/truncation notices, related-document lists, ads,
copyright lines), repeated titles, stray spaces. Cleaning only *deletes* characters
or swaps one character for another (a paragraph-breaking space → newline), so the
cleaned text maps back to the original through a list of kept segments.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from tasktui.extract.folding import fold_for_matching, fold_whitespace
from tasktui.extract.prefilter import LazyRegex, lookahead_gate

# A line ends a sentence when its last character is one of these.
SENTENCE_END = set("。！？；：…”’）」』》】.!?;:\"')")

# Lines that are site chrome wherever they stand: cues anywhere in the line, and cues that
# make up the line from its start (^…). Both start with a first-character gate (every
# alternative starts with one of these): most positions of a prose line are rejected
# before the alternation runs. The line-start cues are tried at the start only, so the
# gate of the others leaves out their first characters (全, 发, 关, 相… are common).
_CHROME_ANYWHERE = re.compile(
    r"(?=[由文上本免试如版Ii经Cc©下展阅查还继资当.第HhWw@加客微Qq浏页【])(?:"
    r"由会员分享|文档编号|上传时间|上传人|本文由.{0,30}上传|免费预览|试读结束|如若转载|"
    r"版权所有|ICP备|ICP证|经营许可证|copyright|©|下载文档|展开阅读全文|阅读全文|查看全文|"
    r"还剩\s*\d+\s*页未读|继续阅读|文本内容[:：]?$|资源描述|当前位置[:：]|"
    r"\.(?:docx?|pdf|wps|pptx?)_第\s*\d+\s*页|第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|"
    r"https?://|www\.|\.com\b|@qq|加微信|客服微信|微信[:：]?\s*\d{5,}|QQ[:：]?\s*\d{5,}|"
    r"浏览[:：]?\s*\d+\s*次|页数[:：]\s*\d+\s*页|文件大小[:：]|下载次数|下载积分|"
    r"【[^】]{0,6}(?:下载|收藏)[^】]{0,6}】)",
    re.I,
)
_CHROME_LINE = re.compile(
    r"(?=[由文上本免试如版Ii经Cc©下展阅查还继资当.第HhWw@加客微Qq浏页【收分相举猜返搜扫立全\-—–配特关首发])(?:"
    r"(?:收藏|分享|下载|相关|举报|猜你喜欢|相关资源|相关搜索|相关推荐|返回顶部|上一篇|下一篇|"
    r"微信咨询|搜索资料|扫码关注|立即扫码.*|客服代找资料|全部分类|搜索教程)(?:[\s(（].*)?$|"
    r"[-—–]?\s*(?:配套讲稿|特殊限制|关\s*键\s*词)[:：]|"
    # document-site headers: 文档信息 / 首页 > 范文大全 / 发布时间 / 文档格式:docx 页数:5页 / —第1页—
    r"(?:文档信息|文档预览.{0,10}|文档内容[:：]?|资料信息)$|首页\s*[>＞›»]|发布时间[:：]|"
    r"文档格式[:：]|[—–-]+\s*第\s*\d+\s*页\s*[—–-]+$)",
    re.I,
)


def _chrome_strong(line: str) -> bool:
    """Is the line site chrome by a strong cue (anywhere, or making up the line)?"""
    return _CHROME_LINE.match(line) is not None or _CHROME_ANYWHERE.search(line) is not None


# Weaker hints: only short lines carrying them are chrome (a speech may say 微信平台).
_CHROME_WEAK = re.compile(
    r"微信|客服|扫码|二维码|网站|本站|文库|下载|资料|上传|点击|阅读|收藏|分享|举报|关注|登录|会员"
)
_CHROME_WEAK_MAXLEN = 40
# Lines after which the rest of the file is site footer (when enough speech came before).
# An expander (展开阅读全文, 查看更多) is not one: a page that shows several documents puts
# one after each, and the next document follows it; the footer has cues of its own.
_CUT_REST = re.compile(
    r"(?=[试还免相猜上下返\-—–配特关本如版])(?:"
    r"试读结束|还剩\s*\d+\s*页未读|免费预览|"
    r"^(?:相关推荐|猜你喜欢|相关资源|相关搜索|相关文档|相关阅读|上一篇|下一篇|返回顶部)|"
    r"^[-—–]?\s*(?:配套讲稿|特殊限制|关\s*键\s*词)[:：]|本文内容由.{0,20}贡献|如若转载|版权所有)",
    re.I,
)
# The footer test, yes or no, with its first-character class where the engine scans for it.
_CUT_REST_GATE = LazyRegex(lambda: lookahead_gate(_CUT_REST) or _CUT_REST)
# A site's expander making up the line (a button's words, arrows and dots around them):
# chrome wherever it stands. The longer cues of _CHROME_ANYWHERE hold anywhere in a line;
# these short ones only alone (a speech may say 请查看更多案例).
_EXPANDER = re.compile(
    r"[^\w]*(?:点击|点此)?(?:展开阅读全文|展开全文|阅读全文|查看全文|查看全部|展开全部|展开更多|查看更多|阅读更多|"
    r"加载更多|显示全部|显示更多|展开)[^\w]*"
)
_STANDALONE_PAGE = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*/?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\(\d{1,3}\)|（\d{1,3}）)\s*$"
)
_PAGE_MARK = re.compile(r"^ *(\d{1,3})、")
# Another enumeration marker right after `N、` (一要 二是 （三） (三) 第二， 其二， 一、 1. ①).
_MARKER_AFTER_PAGE = re.compile(
    r"[一二三四五六七八九十]{1,2}[要是、]|[（(][一二三四五六七八九十\d]{1,3}[）)]|第[一二三四五六七八九十]{1,3}[，,、：:]"
    r"|其[一二三四五六七八九][，,、：:]|\d{1,2}[.．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]"
)
_LIST_BULLET = re.compile(r"^\s*(?:[-·•*]\s)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FILE_EXT = re.compile(r"\.(?:docx?|pdf|wps|txt)\s*$", re.I)
# A space run inside a line between two non-ASCII tokens; spaces at line edges.
# Each starts with the space it finds (the context is checked after it), so the regex
# engine scans for spaces in C instead of trying the pattern at every position.
_MID_SPACES = re.compile(r"[ ](?<=\S[ ])[ ]*(?=\S)")
_EDGE_SPACES = re.compile(r"[ ](?:(?<=^[ ])[ ]*|[ ]*$)", re.M)
_MIN_PAGE_GAP = 150  # a page of a speech holds more text than this
_PROSE_BEFORE_CUT = 150  # CJK characters of speech needed before a footer cut
_PROSE_LINE = 30  # a line this long without an end mark is a broken sentence, not a heading


@dataclass
class CleanText:
    """Cleaned speech plus the way back to original offsets."""

    text: str  # cleaned, original script and punctuation
    match: str  # same length as `text`: Simplified, canonical punctuation (for rules)
    original_length: int
    warnings: list[str] = field(default_factory=list)
    seg_clean: list[int] = field(default_factory=list)  # start of each kept segment (clean)
    seg_orig: list[int] = field(default_factory=list)  # ... and where it starts in the original
    title_hint: str = ""  # first line that looked like a file name / title

    def to_orig(self, i: int) -> int:
        """Original offset of cleaned offset `i` (`len(text)` maps to the end)."""
        if not self.seg_clean:
            return 0
        if i >= len(self.text):
            if not self.text:
                return 0
            return min(self.to_orig(len(self.text) - 1) + 1, self.original_length)
        k = bisect_right(self.seg_clean, i) - 1
        if k < 0:
            k = 0
        return self.seg_orig[k] + (i - self.seg_clean[k])

    def span_to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned [start, end) to the original, end exclusive."""
        if end <= start:
            s = self.to_orig(start)
            return s, s
        return self.to_orig(start), self.to_orig(end - 1) + 1


@dataclass(slots=True)
class _Line:
    start: int
    end: int  # excluding the newline
    content: str  # stripped
    cstart: int  # where `content` starts
    chrome: bool = False


def first_lines(text: str, n: int) -> list[str]:
    """The first n non-blank lines of `text`, stripped: `text.splitlines()` read only as far
    as needed (a title is looked for at the top of texts of any length)."""
    size = 4096
    while True:
        piece = text[:size]
        lines = piece.splitlines()
        if size < len(text):
            lines = lines[:-1]  # may be cut short
        kept = [ln.strip() for ln in lines if ln.strip()]
        if len(kept) >= n or size >= len(text):
            return kept[:n]
        size *= 4


def clean(original: str) -> CleanText:
    """Strip site noise from `original`; see module doc."""
    disp = fold_whitespace(original)
    norm = fold_for_matching(original)
    warnings: list[str] = []
    deletions: list[tuple[int, int]] = []
    newline_at: list[int] = []

    lines, body_end = _scan_lines(norm, deletions, warnings)
    title_hint = _strip_title_ext(lines, deletions)
    _remove_page_numbers(lines, deletions, warnings)
    _remove_repeated_title(norm, lines, deletions, warnings)
    _remove_inline_noise(norm, body_end, deletions, warnings)
    marks = [mt.start() for mt in _SITE_PARAGRAPH_MARK.finditer(norm, 0, body_end)]
    if len(marks) >= 2:  # a site's habit, not one stray letter
        newline_at.extend(marks)
        warnings.append(f"把网页的 {len(marks)} 个段落标记当作换行")
    _fix_spaces(norm, body_end, deletions, newline_at)
    return _apply(original, disp, norm, deletions, newline_at, warnings, title_hint)


# Inside a line: a page stamp a site printed where a page broke (…5月31日。第1页共2页六、…)
# and a pinyin gloss after a character (学(xué)校): neither is part of the text.
_INLINE_PAGE = re.compile(r"第\s*\d{1,3}\s*页\s*[/／]?\s*共\s*\d{1,3}\s*页")
# (The bracket comes first and the character before it is checked after it: the regex
# engine then scans for brackets in C.)
_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN_GLOSS = re.compile(rf"[（(](?<=[\u4e00-\u9fff][（(])[a-z{_TONE_MARKS}]{{1,7}}[0-5]?[）)]")


def _remove_inline_noise(norm: str, body_end: int, deletions: list[tuple[int, int]], warnings: list[str]) -> None:
    pages = glosses = 0
    for mt in _INLINE_PAGE.finditer(norm, 0, body_end):
        deletions.append(mt.span())
        pages += 1
    for mt in _PINYIN_GLOSS.finditer(norm, 0, body_end):
        if any(ch in _TONE_MARKS for ch in mt.group(0)) or mt.group(0)[-2].isdigit():
            deletions.append(mt.span())  # a tone mark or number: a gloss, not an (abbrev)
            glosses += 1
    if pages:
        warnings.append(f"删除了行内的 {pages} 处页码")
    if glosses:
        warnings.append(f"删除了 {glosses} 处拼音注音")


def _own_words(c: str) -> bool:
    """Is a short line with a weak chrome hint the document's own words: a numbered point
    (三、规范政府网站管理) or a sentence brought to its end (各村要在月底前上报资料。)?
    A site's buttons, labels and stamps are neither numbered nor closed with 。 or ；."""
    return c[-1] in "。；" or _line_number(c) is not None


# What a notice also tells its readers, and a site's footer also shows: a web address, an
# e-mail, a contact number, a licence's name (登录http://…填报, 邮箱：…@qq.com, 食品经营许可证).
_ADDRESS = re.compile(
    r"https?://[\x21-\x7e]*|www\.[\x21-\x7e]*|[A-Za-z0-9._-]*@[A-Za-z0-9.-]+|[A-Za-z0-9.-]+\.com\b"
    r"|(?:微信|QQ)[:：]?\s*\d{5,}|经营许可证",
    re.I,
)


def _owned_despite_address(c: str) -> bool:
    """Is a line with a strong chrome cue the document's own words all the same: its own
    (numbered, or a closed sentence) and chrome by nothing but an address in it?"""
    return _own_words(c) and not _chrome_strong(_ADDRESS.sub(" ", c))


def _cjk_count(s: str) -> int:
    return len(_CJK.findall(s))


def _scan_lines(norm: str, deletions: list[tuple[int, int]], warnings: list[str]) -> tuple[list[_Line], int]:
    """Split into lines, marking chrome; stop at a footer cut (the rest is one chrome
    line). Returns the lines and where the speech body ends."""
    lines: list[_Line] = []
    prose = 0
    removed = 0
    pos = 0
    n = len(norm)
    while pos <= n:
        nl = norm.find("\n", pos)
        end = n if nl < 0 else nl
        raw = norm[pos:end]
        c = raw.strip()
        # Where the content starts: its first character's first place in the line (only
        # whitespace stands before it), without copying the line to strip it again.
        ln = _Line(pos, end, c, pos + (raw.find(c[0]) if c else len(raw)))
        lines.append(ln)
        pos = end + 1
        if not c:
            continue
        if prose >= _PROSE_BEFORE_CUT and _CUT_REST_GATE.get().search(c):
            ln.chrome = True
            ln.end = n
            deletions.append((ln.start, n))
            warnings.append(f"删除了从「{c[:20]}」到结尾的网页页脚或截断提示")
            _mark_suffix_runs(lines, deletions)
            return lines, ln.start
        if (
            (_chrome_strong(c) and not _owned_despite_address(c))
            or _EXPANDER.fullmatch(c)
            or (len(c) <= _CHROME_WEAK_MAXLEN and _CHROME_WEAK.search(c) and not _own_words(c))
            or _STANDALONE_PAGE.match(c)
        ):
            ln.chrome = True
        elif _LIST_BULLET.match(c) and len(c) < 80 and "。" not in c:
            ln.chrome = True  # sidebar list of other documents
        if ln.chrome:
            removed += 1
            deletions.append((ln.start, ln.end))
        else:
            if prose < _PROSE_BEFORE_CUT:  # only the threshold matters: stop counting there
                prose += _cjk_count(c)
    # Runs of >= 3 short lines sharing a suffix (“…一号文库”) are related-document lists.
    _mark_suffix_runs(lines, deletions)
    if removed:
        warnings.append(f"删除了 {removed} 行网页导航等无关内容")
    return lines, n


# The head of a line in a document's own numbered list: （一） 一、 第一 1. （1） ①.
_LINE_NUMBER = re.compile(
    r"\s*(?:[（(](?P<paren_cn>[一二三四五六七八九十]{1,3})[）)]|(?P<dun>[一二三四五六七八九十]{1,3})[、.．]"
    r"|第(?P<di>[一二三四五六七八九十]{1,3})|(?P<dot>\d{1,2})[.．、](?!\d)|[（(](?P<paren>\d{1,2})[）)]"
    r"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))"
)
_CN_NUMERAL = "一二三四五六七八九十"
# A related-document list holds titles, and a title never ends in a clause or sentence mark.
_CLAUSE_END = frozenset("。；，、：！？;,:!?")


def _line_number(c: str) -> tuple[str, int] | None:
    """The numbered-list family and number a line opens with, if any."""
    mt = _LINE_NUMBER.match(c)
    if mt is None or mt.lastgroup is None:
        return None
    raw = mt.group(mt.lastgroup)
    if mt.lastgroup == "circ":
        return "circ", ord(raw) - ord("①") + 1
    if raw.isdigit():
        return mt.lastgroup, int(raw)
    tens, ten, ones = raw.partition("十")
    if ten:
        value = (_CN_NUMERAL.index(tens) + 1 if tens else 1) * 10 + (_CN_NUMERAL.index(ones) + 1 if ones else 0)
    elif len(raw) == 1:
        value = _CN_NUMERAL.index(raw) + 1
    else:
        return None  # 一二、 is no numeral of a list
    return mt.lastgroup, value


def _own_list(run: list[_Line]) -> bool:
    """Is a run of lines sharing a suffix the document's own list, not other documents'
    titles: lines ending in a clause mark (…由经营者负责；), or numbered one after another
    in one style (（一）…阶段（3月底前） （二）…阶段（5月底前）)?"""
    if run[0].content[-1] in _CLAUSE_END:
        return True
    numbers = [_line_number(ln.content) for ln in run]
    first = numbers[0]
    return first is not None and all(
        num is not None and num[0] == first[0] and num[1] == first[1] + k for k, num in enumerate(numbers)
    )


def _mark_suffix_runs(lines: list[_Line], deletions: list[tuple[int, int]]) -> None:
    run: list[_Line] = []

    def flush() -> None:
        if len(run) >= 3 and not _own_list(run):
            for r in run:
                if not r.chrome:
                    r.chrome = True
                    deletions.append((r.start, r.end))
        run.clear()

    for ln in lines:
        c = ln.content
        if not c:
            continue
        if len(c) < 80 and "。" not in c[:-1] and run and len(c) >= 4 and c[-3:] == run[-1].content[-3:]:
            run.append(ln)
            continue
        flush()
        if len(c) < 80:
            run.append(ln)
    flush()


def _strip_title_ext(lines: list[_Line], deletions: list[tuple[int, int]]) -> str:
    """A leading file-name line (`…讲话.docx`) is the title: drop only its extension."""
    for ln in lines:
        if not ln.content or ln.chrome:
            continue
        m = _FILE_EXT.search(ln.content)
        if m:
            deletions.append((ln.cstart + m.start(), ln.end))
            return ln.content[: m.start()]
        return ln.content
    return ""


def _prev_content(lines: list[_Line], idx: int) -> _Line | None:
    for j in range(idx - 1, -1, -1):
        if lines[j].content and not lines[j].chrome:
            return lines[j]
    return None


def _remove_page_numbers(lines: list[_Line], deletions: list[tuple[int, int]], warnings: list[str]) -> None:
    """Delete `N、` page numbers at line starts; see the module doc for the rules."""
    expected = 1
    last_page_at = -(10**9)
    last_list_num: int | None = None
    prose_before = 0
    found: list[int] = []
    first_page: tuple[int, str] | None = None
    for idx, ln in enumerate(lines):
        if ln.chrome or not ln.content:
            continue
        m = _PAGE_MARK.match(ln.content)
        if m:
            n = int(m.group(1))
            prev = _prev_content(lines, idx)
            mid = prev is not None and prev.content[-1] not in SENTENCE_END
            after = ln.content[m.end() : m.end() + 1]
            doubled = after == "、"
            is_page = False
            fits = expected <= n <= expected + 1  # the next page number, or the one after
            gap_ok = ln.start - last_page_at >= _MIN_PAGE_GAP
            list_next = last_list_num == n - 1  # continues a real `1、2、3、` list
            prose_cut = mid and prev is not None and len(prev.content) >= _PROSE_LINE
            if n == 1 and expected == 1:
                is_page = prose_before < 80 and (prev is None or mid)
            elif fits and gap_ok and (doubled or (mid and (prose_cut or not list_next))):
                # (a short unfinished line right after list item `N-1、` is that list's item)
                is_page = True
            elif fits and n >= 2 and _MARKER_AFTER_PAGE.match(ln.content, m.end()):
                # `3、二要加强…` / `4、（二）…` / `4、2.严格…`: a list item does not open with
                # another marker, so a number in the page order right before one is a page break.
                is_page = True
            elif fits and gap_ok and n == expected and n >= 2 and not list_next and found:
                is_page = True  # page break that fell at a paragraph end
            elif n == expected and found and prose_cut and not list_next:
                # The next page number cutting a sentence of prose (依规依纪严肃 / 6、问责。),
                # however short that page looks: a list item never continues a broken sentence.
                is_page = True
            elif (
                n >= 2
                and n not in found
                and not list_next
                and gap_ok
                and mid
                and expected - 2 <= n <= expected + 2
                and (prose_cut or found)
            ):
                # The number fits the page order (a page number was lost or came out of
                # order: `…重大危险\n\n3、源的企业`) and no `N-1、` list item precedes it:
                # its position fits the page sequence better than a list.
                is_page = True
            if is_page:
                mark_start = ln.cstart
                mark_end = ln.cstart + m.end()
                # Rejoin the split sentence: drop the line break(s) before the number.
                start = prev.end if (prev is not None and mid and n > 1) else mark_start
                deletions.append((start, mark_end))
                if n == 1:
                    first_page = (len(deletions) - 1, ln.content[m.end() :])
                found.append(n)
                expected = max(expected, n + 1)
                last_page_at = ln.start
                last_list_num = None
            else:
                last_list_num = n
        if prose_before < 80:  # only compared with 80: stop counting there
            prose_before += _cjk_count(ln.content)
    if found == [1] and first_page is not None:
        # A lone "1、" is a page number only when the page repeats the title;
        # otherwise it opens a real list (1、… 2、… with short items).
        title = next((x.content for x in lines if x.content and not x.chrome), "")
        title = _FILE_EXT.sub("", title)
        if not (len(title) >= 4 and first_page[1].startswith(title[:8])):
            deletions.pop(first_page[0])
            found = []
    if found:
        warnings.append("删除了文档网站插入的页码：" + "，".join(f"{n}、" for n in found))


def _remove_repeated_title(
    norm: str, lines: list[_Line], deletions: list[tuple[int, int]], warnings: list[str]
) -> None:
    """Drop copies of the first line (the title) repeated near the top."""
    first = next((ln for ln in lines if ln.content and not ln.chrome), None)
    if first is None:
        return
    title = _FILE_EXT.sub("", first.content)
    if len(title) < 6 or len(title) > 80:
        return
    window_end = min(len(norm), first.end + 3000)
    pos = first.end
    removed = 0
    while True:
        k = norm.find(title, pos, window_end)
        if k < 0:
            break
        before = norm[k - 1] if k > 0 else "\n"
        after = norm[k + len(title) : k + len(title) + 1]
        if (before in "\n 、" or norm[max(0, k - 2) : k].endswith("、")) and (
            after in ("", "\n", " ") or after == "同"
        ):
            deletions.append((k, k + len(title)))
            removed += 1
        pos = k + len(title)
    if removed:
        warnings.append(f"删除了 {removed} 行重复的标题")


# A paragraph never ends on a preposition or a conjunction: a space after one is a blank.
_NEVER_ENDS_PARAGRAPH = frozenset("由请对向将把被给与和及的在为让同")
# A letter a document site prints where a paragraph broke (…实施步骤Р第一阶段…): one
# Cyrillic capital between Chinese text, never part of a Chinese sentence.
_SITE_PARAGRAPH_MARK = re.compile(
    r"[\u0400-\u042f](?<=[\u4e00-\u9fff。；：！？，、）”」][\u0400-\u042f])(?=[\u4e00-\u9fff（“「])"
)


def _fix_spaces(norm: str, body_end: int, deletions: list[tuple[int, int]], newline_at: list[int]) -> None:
    """Edge spaces go; a space between two CJK runs is a lost paragraph break; other
    spaces between CJK characters are stray and go; spaces in ASCII text stay."""
    for m in _EDGE_SPACES.finditer(norm, 0, body_end):
        deletions.append((m.start(), m.end()))
    for m in _MID_SPACES.finditer(norm, 0, body_end):
        a, b = m.start(), m.end()
        left, right = norm[a - 1], norm[b]
        if left < "\u0080" and right < "\u0080":
            continue  # ASCII words keep their spaces
        if left in _NEVER_ENDS_PARAGRAPH:
            continue  # 由 宣读…: a blank left for a name (a template), not a paragraph break
        if left == "、":
            # Nothing ends on 、 (a list's comma, a marker's: 一、 加强…): the space is stray.
            deletions.append((a, b))
            continue
        left2 = norm[a - 2] if a >= 2 else " "
        right2 = norm[b + 1] if b + 1 < len(norm) else " "
        if (
            left2 not in " \n"
            and right2 not in " \n"
            and left >= "\u0080"
            and (right >= "\u0080" or right.isdigit() or right in "XxＸ*")
        ):
            newline_at.append(a)
            if b - a > 1:
                deletions.append((a + 1, b))
        else:
            deletions.append((a, b))


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(intervals):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _apply(
    original: str,
    disp: str,
    norm: str,
    deletions: list[tuple[int, int]],
    newline_at: list[int],
    warnings: list[str],
    title_hint: str,
) -> CleanText:
    merged = _merge(deletions)
    kept: list[tuple[int, int]] = []
    pos = 0
    for a, b in merged:
        if a > pos:
            kept.append((pos, a))
        pos = max(pos, b)
    if pos < len(original):
        kept.append((pos, len(original)))
    # Newline substitutions are 1:1, so they only split the slices we copy.
    nl = sorted(set(newline_at))
    disp_parts: list[str] = []
    norm_parts: list[str] = []
    seg_clean: list[int] = []
    seg_orig: list[int] = []
    clean_pos = 0
    j = 0
    for a, b in kept:
        seg_clean.append(clean_pos)
        seg_orig.append(a)
        cur = a
        while j < len(nl) and nl[j] < a:
            j += 1
        while j < len(nl) and nl[j] < b:
            p = nl[j]
            disp_parts.append(disp[cur:p])
            norm_parts.append(norm[cur:p])
            disp_parts.append("\n")
            norm_parts.append("\n")
            cur = p + 1
            j += 1
        disp_parts.append(disp[cur:b])
        norm_parts.append(norm[cur:b])
        clean_pos += b - a
    return CleanText(
        text="".join(disp_parts),
        match="".join(norm_parts),
        original_length=len(original),
        warnings=warnings,
        seg_clean=seg_clean,
        seg_orig=seg_orig,
        title_hint=title_hint,
    )
