"""The pinyin keys (search and sort) stay exactly what they were: they are stored in
every task and unit row, and the list's order and the search's matches read them, so a
faster way of computing them must give the same strings.

`tests/golden/pinyin_keys.json` holds [text, pinyin_key, pinyin_sort_key] as pypinyin's
`lazy_pinyin` gave them, called once per key and style, for hand-picked hard cases and
for lines of the fixture speeches; `PYTHONPATH=tests python tests/unit/test_search_keys.py`
rewrites it (only when a change of keys is intended: stores keep the old ones).
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import FIXTURES, GOLDEN

from tasktui import search

REFERENCE = GOLDEN / "pinyin_keys.json"

# Polyphonic characters decided by the phrase dictionary (重庆/重要, 银行/行长, 长江/
# 长大), neutral tones (东西, 孩子们), ü (绿色, 女), 儿化, Latin and digits inside and
# around Chinese, full-width and ASCII punctuation, Traditional script, characters outside
# the BMP and without a reading, the 200-character cut, spaces.
HARD = [
    "",
    " ",
    "重庆",
    "重要",
    "重新部署",
    "银行",
    "行长",
    "行政审批",
    "长江",
    "长大",
    "长期坚持",
    "东西",
    "孩子们的事",
    "什么",
    "绿色出行",
    "女干部",
    "旅游",
    "一点儿",
    "A级标准",
    "第5项",
    "5G基站建设",
    "COVID-19防控",
    "abc中文def",
    "控辍保学",
    "教体局",
    "区教体局（牵头）",
    "各乡镇(街道)",
    "“双减”工作",
    "《通知》要求",
    "一、压实安全责任。各乡镇要在一周内完成排查。",
    "區教育局",
    "〇",
    "𠀀𠀁字",
    "😀表情",
    "\ue000私用区",
    "了解",
    "了结",
    "还款",
    "还是",
    "调度会",
    "调整",
    "差异",
    "查处",
    "常态化",
    "西安",
    "先进",
    "朝阳区",
    "朝代",
    "着力",
    "着重",
    "着急",
    "都市",
    "都要",
    "给予",
    "供给",
    "曾经",
    "曾子",
    "单于",
    "单位",
    "传染病",
    "传记",
    "一行人",
    "发行",
    "头发",
    "数据",
    "数一数",
    "任务",
    "会计",
    "会议",
    "长江岸线银行网点整治：A级标准",
    "加强" * 120,
    "重" * 150 + "庆银行" * 30,
]


def fixture_lines(limit: int = 400, width: int = 24) -> list[str]:
    """Lines of the fixture speeches, cut to `width` characters: real headings' words."""
    seen: dict[str, None] = {}
    for path in sorted(FIXTURES.glob("**/*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()[:width]
            if line:
                seen.setdefault(line, None)
    return list(seen)[:limit]


def test_keys_are_the_ones_stores_hold() -> None:
    expected = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert len(expected) > 300
    for text, key, sort_key in expected:
        assert search.pinyin_key(text) == key, text
        assert search.pinyin_sort_key(text) == sort_key, text


def test_a_batch_gives_each_text_its_keys() -> None:
    expected = json.loads(REFERENCE.read_text(encoding="utf-8"))
    texts = [t for t, _, _ in expected] * 2  # repeated strings come from the cache
    keys = search.pinyin_keys_many(texts)
    assert keys == [(k, sk) for _, k, sk in expected] * 2


def test_the_runs_are_cut_at_pypinyins_characters() -> None:
    """The keys cut a text into runs of the characters pypinyin has a reading for: the class
    is written out in tasktui.search (importing pypinyin's loads its dictionaries)."""
    from pypinyin.constants import RE_HANS

    assert RE_HANS.pattern == f"^(?:[{search.HANS_CLASS}])+$"


def test_keys_equal_lazy_pinyin_on_mixed_text() -> None:
    """Cut into runs and cached per run, the keys are still `lazy_pinyin`'s for the whole
    text: runs of Chinese between digits, Latin, punctuation and spaces, the same run in
    different company, polyphonic words split across runs."""
    from pypinyin import Style, lazy_pinyin

    pieces = ["重庆", "银行", "行长", "1", "第", "A级", "（", "）", " ", "东西", "长", "江", "x", "、", "𠀀", "😀"]
    texts = [a + b + c + d for a in pieces for b in pieces for c in pieces[:6] for d in pieces[::5]]
    for text in [*texts, *HARD, *fixture_lines()]:
        head = text[: search.KEY_CHARS]
        full = "".join(lazy_pinyin(head, errors="default")).lower()
        initials = "".join(p[0] for p in lazy_pinyin(head, style=Style.FIRST_LETTER, errors="default") if p)
        tone3 = "".join(lazy_pinyin(head, style=Style.TONE3, neutral_tone_with_five=True, errors="default"))
        assert search.pinyin_key(text) == (f"{full} {initials.lower()}" if head else ""), text
        assert search.pinyin_sort_key(text) == tone3.lower(), text


def _write_reference() -> None:
    texts = list(dict.fromkeys([*HARD, *fixture_lines()]))
    rows = [[t, search.pinyin_key(t), search.pinyin_sort_key(t)] for t in texts]
    Path(REFERENCE).write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    _write_reference()
