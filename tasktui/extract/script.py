"""Character-wise folding for matching: Traditional → Simplified script and
full/half-width punctuation → one canonical form.

Every mapping is one character to one character, so a folded string has the same
length as its source and offsets carry over unchanged.
"""

from __future__ import annotations

import zhconv

# Half-width Chinese-context punctuation folded to the full-width forms the rules use.
_PUNCT = {
    ",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）",
    "．": ".", "﹐": "，", "﹔": "；", "﹕": "：", "\u3000": " ", "\xa0": " ", "\t": " ",
    "【": "（", "】": "）", "〔": "（", "〕": "）",
}
# Full-width ASCII letters and digits → ASCII (punctuation handled above).
_WIDE = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_WIDE.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_WIDE.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})

_BASE_TABLE: dict[int, int | str] = {ord(k): v for k, v in _PUNCT.items()}
_BASE_TABLE.update(_WIDE)
_WS_TABLE: dict[int, int | str] = {ord("\u3000"): " ", ord("\xa0"): " ", ord("\t"): " "}

# Per-character Traditional→Simplified cache, filled lazily for the characters seen.
_SIMPLE: dict[int, str] = {}
_CHECKED: set[str] = set()


def _extend_simplified(chars: set[str]) -> None:
    for ch in chars - _CHECKED:
        _CHECKED.add(ch)
        if ch < "\u3400":
            continue
        conv = zhconv.convert(ch, "zh-cn")
        if len(conv) == 1 and conv != ch:
            _SIMPLE[ord(ch)] = conv


def fold_for_matching(text: str) -> str:
    """Same-length copy of `text` in Simplified script with canonical punctuation."""
    _extend_simplified(set(text))
    table = dict(_BASE_TABLE)
    table.update(_SIMPLE)
    return text.translate(table)


def fold_whitespace(text: str) -> str:
    """Same-length copy with ideographic/non-breaking spaces and tabs as plain spaces."""
    return text.translate(_WS_TABLE)


def to_simplified(text: str) -> str:
    """Character-wise Simplified conversion (same length)."""
    _extend_simplified(set(text))
    return text.translate(_SIMPLE)
