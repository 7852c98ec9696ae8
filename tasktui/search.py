"""Pinyin keys: for search (secretaries type pinyin or its initials: `jtj` finds 教体局)
and for sorting (units and headings in the order a dictionary gives them)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def pinyin_key(text: str) -> str:
    """Lower-case full pinyin and initials of `text`, space separated; non-Chinese
    characters are kept as they are so mixed text still matches."""
    if not text:
        return ""
    # Imported here: pypinyin loads a large phrase dictionary (~0.2 s), which commands
    # that never write a heading should not pay for.
    from pypinyin import Style, lazy_pinyin

    head = text[:200]
    full = "".join(lazy_pinyin(head, errors="default")).lower()
    initials = "".join(p[0] for p in lazy_pinyin(head, style=Style.FIRST_LETTER, errors="default") if p).lower()
    return f"{full} {initials}"


@lru_cache(maxsize=4096)
def pinyin_sort_key(text: str) -> str:
    """`text` as a dictionary orders it: each character's pinyin with its tone number
    (差异 `cha1yi4` < 查处 `cha2chu3` < 常态化 `chang2tai4hua4`, 西安 `xi1an1` < 先进
    `xian1jin4`), lower case; other characters kept as they are. The tone digit ends each
    syllable, so syllables compare one by one in every collation (digits sort before
    letters), which a plain concatenation (`chachu` > `changtai`) does not."""
    if not text:
        return ""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text[:200], style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    return "".join(syllables).lower()
