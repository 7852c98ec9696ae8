"""Character-wise folding for matching: Traditional → Simplified script and
full/half-width punctuation → one canonical form.

Every mapping is one character to one character, so a folded string has the same
length as its source and offsets carry over unchanged.
"""

from __future__ import annotations

import os
import re

# Half-width Chinese-context punctuation folded to the full-width forms the rules use.
_PUNCT = {
    ",": "，",
    ";": "；",
    ":": "：",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
    "．": ".",
    "﹐": "，",
    "﹔": "；",
    "﹕": "：",
    "\u3000": " ",
    "\xa0": " ",
    "\t": " ",
    "【": "（",
    "】": "）",
    "〔": "（",
    "〕": "）",
}
_WS = re.compile("[\u3000\xa0\t]")
_WIDE_RX = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_T2S: dict[str, str] | None = None
_T2S_KEYS: frozenset[str] = frozenset()
# The Traditional characters of the Basic Multilingual Plane as one character class: the
# regex engine tests a BMP class with a bitmap, so a long text is scanned in C in one pass
# (a class that also held the few astral characters would be tested as a list, slowly).
_T2S_BMP_RX: re.Pattern[str] | None = None
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Below this length a set test is cheaper than entering the regex engine.
_LONG_TEXT = 256


def _trad_table() -> tuple[dict[str, str], frozenset[str]]:
    """Single-character Traditional→Simplified pairs from zhconv's zh-cn dictionary."""
    global _T2S, _T2S_KEYS
    if _T2S is None:
        table = {k: v for k, v in _zh_cn_pairs().items() if len(k) == 1 and len(v) == 1 and k != v}
        # The keys before the table: the UI's worker threads fold too, and a thread that
        # finds the table published must find its keys with it (not the empty default).
        _T2S_KEYS = frozenset(table)
        _T2S = table
    return _T2S, _T2S_KEYS


def _zh_cn_pairs() -> dict[str, str]:
    """zhconv's zh-cn conversions (its `getdict("zh-cn")`: zh2Hans, then zh2CN over it),
    read from its dictionary file without importing zhconv, whose module imports setuptools'
    pkg_resources (~0.1 s) only to find that file. A test holds the two equal."""
    import json
    from importlib.util import find_spec

    spec = find_spec("zhconv")  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("zhconv")
    with open(os.path.join(next(iter(spec.submodule_search_locations)), "zhcdict.json"), "rb") as f:
        data = json.loads(f.read().decode("utf-8"))
    pairs: dict[str, str] = dict(data["zh2Hans"])
    pairs.update(data["zh2CN"])
    return pairs


def _bmp_class(keys: frozenset[str]) -> re.Pattern[str]:
    """The class, compiled on the first long text: ~0.09 s for 4,700 characters, which a
    command that only folds unit names never needs."""
    global _T2S_BMP_RX
    if _T2S_BMP_RX is None:
        _T2S_BMP_RX = re.compile("[" + "".join(re.escape(ch) for ch in sorted(keys) if ch <= "\uffff") + "]")
    return _T2S_BMP_RX


def _has_traditional(text: str, keys: frozenset[str]) -> bool:
    if len(text) < _LONG_TEXT:
        return not keys.isdisjoint(text)
    if _bmp_class(keys).search(text) is not None:
        return True
    return _ASTRAL.search(text) is not None and not keys.isdisjoint(text)


def fold_for_matching(text: str) -> str:
    """Same-length copy of `text` in Simplified script with canonical punctuation.

    str.translate with a dict is slow on CJK text, so: a regex pass for the
    Traditional characters present, then plain replaces for punctuation.
    """
    text = to_simplified(text)
    for src, dst in _PUNCT.items():
        if src in text:
            text = text.replace(src, dst)
    if _WIDE_RX.search(text):
        text = _WIDE_RX.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    return text


def fold_whitespace(text: str) -> str:
    """Same-length copy with ideographic/non-breaking spaces and tabs as plain spaces."""
    return _WS.sub(" ", text)


def to_simplified(text: str) -> str:
    """Character-wise Simplified conversion (same length)."""
    table, keys = _trad_table()
    if len(text) < _LONG_TEXT:
        if keys.isdisjoint(text):
            return text  # most names and phrases: nothing to convert
    elif not _has_traditional(text, keys):
        return text
    # The characters actually present, as one small class for the substitution.
    present = keys.intersection(text)
    rx = re.compile("[" + "".join(re.escape(ch) for ch in sorted(present)) + "]")
    return rx.sub(lambda m: table[m.group()], text)
