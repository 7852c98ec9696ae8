"""Search keys: secretaries type pinyin or its initials (`jtj` finds 教体局)."""

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
