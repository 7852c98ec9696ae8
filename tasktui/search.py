"""Pinyin keys: for search (secretaries type pinyin or its initials: `jtj` finds 教体局)
and for sorting (units and headings in the order a dictionary gives them).

Both keys are what pypinyin's `lazy_pinyin` gives (NORMAL and FIRST_LETTER for the
search key, TONE3 with the neutral tone as 5 for the sort key), computed the way it
computes them but cheaper: `lazy_pinyin` cuts the text into words (runs of Chinese split
at the phrase dictionary's words, and runs of anything else) and converts each word on
its own, so the text is cut once here for all three styles, and each distinct word is
converted once per process (`_word_styles`; a bulk import of 5,000 headings has a few
hundred distinct words). A golden test holds the keys equal to `lazy_pinyin`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

# Distinct texts (headings, unit names: their first KEY_CHARS characters) and words
# whose keys are kept. A word is a dictionary word or one character: a store's headings
# repeat the same few thousand.
_TEXT_CACHE = 4_096
_WORD_CACHE = 65_536
# Only the start of a text is keyed: a heading is short, a pasted paragraph is not.
KEY_CHARS = 200


@lru_cache(maxsize=1)
def _segmenter() -> tuple[Callable[[str], list[str]], Callable[[str], object]]:
    """pypinyin's own cut of a text into the words it converts one by one, and its test
    of whether a word is Chinese. Imported on first use: pypinyin loads its phrase
    dictionary (~0.2 s), which commands that never write a heading should not pay for."""
    from pypinyin.constants import RE_HANS
    from pypinyin.seg.simpleseg import seg

    return seg, RE_HANS.match


@lru_cache(maxsize=_WORD_CACHE)
def _word_styles(word: str) -> tuple[str, str, str]:
    """One word's full pinyin, initials (one per syllable; a non-Chinese run gives its
    first character, as `lazy_pinyin` joined with `p[0]` does) and tone-numbered pinyin."""
    from pypinyin import Style, lazy_pinyin

    full = "".join(lazy_pinyin(word, errors="default"))
    initials = "".join(p[0] for p in lazy_pinyin(word, style=Style.FIRST_LETTER, errors="default") if p)
    tone3 = "".join(lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True, errors="default"))
    return full, initials, tone3


def _keys(text: str) -> tuple[str, str]:
    return _head_keys(text[:KEY_CHARS])


@lru_cache(maxsize=_TEXT_CACHE)
def _head_keys(text: str) -> tuple[str, str]:
    if not text:
        return "", ""
    full: list[str] = []
    initials: list[str] = []
    tone3: list[str] = []
    seg, is_chinese = _segmenter()
    for word in seg(text):
        # A run of anything else comes out of every style as it is (numbers in headings
        # are many and distinct: not worth a cache entry each).
        f, i, t = _word_styles(word) if is_chinese(word) else (word, word[0], word)
        full.append(f)
        initials.append(i)
        tone3.append(t)
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
