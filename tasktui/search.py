"""Pinyin keys: for search (secretaries type pinyin or its initials: `jtj` finds 教体局)
and for sorting (units and headings in the order a dictionary gives them).

Both keys are what pypinyin's `lazy_pinyin` gives (NORMAL and FIRST_LETTER for the
search key, TONE3 with the neutral tone as 5 for the sort key), computed the way it
computes them but cheaper: `lazy_pinyin` cuts the text into runs of Chinese and runs of
anything else, splits each Chinese run at the phrase dictionary's words and converts each
word on its own. A run's keys therefore depend on the run alone: the text is cut here by
one regular expression (pypinyin walks it a character at a time) and each distinct run is
converted once per process (`_run_styles`) — 5,000 headings such as 深化信访积案化解（第12项）
have a few hundred distinct runs between them. A golden test holds the keys equal to
`lazy_pinyin`'s, and a test holds the character class below equal to pypinyin's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

# Distinct texts (headings, unit names: their first KEY_CHARS characters), runs of Chinese
# and words whose keys are kept: a store's headings repeat the same few thousand.
_TEXT_CACHE = 4_096
_RUN_CACHE = 65_536
_WORD_CACHE = 65_536
# Only the start of a text is keyed: a heading is short, a pasted paragraph is not.
KEY_CHARS = 200

# The characters pypinyin has a reading for: its `constants.RE_HANS` (a test holds the two
# equal), written out here because importing it loads pypinyin's dictionaries.
HANS_CLASS = (
    r"\u3007\ue815-\ue864\ufa18\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\U00020000-\U0002A6DF\U0002A703-\U0002B73F\U0002B740-\U0002B81D\U0002B825-\U0002BF6E"
    r"\U0002C029-\U0002CE93\U0002D016\U0002D11B-\U0002EBD9\U0002F80A-\U0002FA1F"
    r"\U00030000-\U0003134A\U000300F7-\U00031288\U00030EDD\U00030EDE\U00031350-\U00032389"
)
# A text as pypinyin's `simple_seg` cuts it: runs of those characters (group 1) and runs of
# anything else.
_RUNS = re.compile(f"([{HANS_CLASS}]+)|[^{HANS_CLASS}]+")


@lru_cache(maxsize=1)
def _cutter() -> Callable[[str], Iterator[str]]:
    """pypinyin's cut of a run of Chinese into the words it converts one by one (forward
    maximum matching on its phrase dictionary). Imported on first use: pypinyin loads its
    dictionaries (~0.13 s), which commands that never write a heading should not pay for."""
    from pypinyin.seg.mmseg import seg

    return seg.cut


@lru_cache(maxsize=_WORD_CACHE)
def _word_styles(word: str) -> tuple[str, str, str]:
    """One word's full pinyin, initials (one per syllable) and tone-numbered pinyin."""
    from pypinyin import Style, lazy_pinyin

    full = "".join(lazy_pinyin(word, errors="default"))
    initials = "".join(p[0] for p in lazy_pinyin(word, style=Style.FIRST_LETTER, errors="default") if p)
    tone3 = "".join(lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True, errors="default"))
    return full, initials, tone3


@lru_cache(maxsize=_RUN_CACHE)
def _run_styles(run: str) -> tuple[str, str, str]:
    """A run of Chinese's three styles: its words' joined."""
    words = [_word_styles(w) for w in _cutter()(run)]
    return "".join(w[0] for w in words), "".join(w[1] for w in words), "".join(w[2] for w in words)


def _keys(text: str) -> tuple[str, str]:
    return _head_keys(text[:KEY_CHARS])


@lru_cache(maxsize=_TEXT_CACHE)
def _head_keys(text: str) -> tuple[str, str]:
    full: list[str] = []
    initials: list[str] = []
    tone3: list[str] = []
    for m in _RUNS.finditer(text):
        run = m.group()
        # A run of anything else comes out of every style as it is; its initials are its
        # first character, as `lazy_pinyin` joined with `p[0]` gives (numbers in headings
        # are many and distinct: not worth a cache entry each).
        f, i, t = _run_styles(run) if m.group(1) else (run, run[0], run)
        full.append(f)
        initials.append(i)
        tone3.append(t)
    if not full:
        return "", ""
    return f"{''.join(full).lower()} {''.join(initials).lower()}", "".join(tone3).lower()


def pinyin_key(text: str) -> str:
    """Lower-case full pinyin and initials of `text`, space separated; non-Chinese
    characters are kept as they are so mixed text still matches."""
    return _keys(text)[0]


def pinyin_sort_key(text: str) -> str:
    """`text` as a dictionary orders it: each character's pinyin with its tone number
    (差异 `cha1yi4` < 查处 `cha2chu3` < 常态化 `chang2tai4hua4`, 西安 `xi1an1` < 先进
    `xian1jin4`), lower case; other characters kept as they are. The tone digit ends each
    syllable, so syllables compare one by one in every collation (digits sort before
    letters), which a plain concatenation (`chachu` > `changtai`) does not."""
    return _keys(text)[1]


def pinyin_keys_many(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(pinyin_key, pinyin_sort_key) of each text, in order: what a bulk write stores."""
    return [_keys(t) for t in texts]
