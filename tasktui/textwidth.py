"""Terminal cell width for mixed Chinese/Latin text.

Double-width characters take two cells. Characters whose width terminals disagree on
(East Asian "ambiguous": “ ” — … ① ·) are replaced with unambiguous ones before
display, so a row never shifts in one terminal and not in another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# rich.cells is imported where it is used: the common cells (ASCII, CJK) are measured
# without it, and its tables cost a command line (`tasktui list`) milliseconds to load.

_AMBIGUOUS = str.maketrans(
    {
        "“": "「",
        "”": "」",
        "‘": "『",
        "’": "』",
        "—": "－",
        "–": "-",
        "…": "...",
        "·": "・",
        "•": "・",
        "°": "度",
        "×": "x",
        "※": "*",
        "→": "->",
        "←": "<-",
        "①": "(1)",
        "②": "(2)",
        "③": "(3)",
        "④": "(4)",
        "⑤": "(5)",
        "⑥": "(6)",
        "⑦": "(7)",
        "⑧": "(8)",
        "⑨": "(9)",
        "⑩": "(10)",
        "─": "-",
        "\t": " ",
        "\u3000": "  ",
    }
)

_NEEDS_SAFE = re.compile("[" + re.escape("".join(chr(c) for c in _AMBIGUOUS)) + "\r\n]")


@lru_cache(maxsize=8192)
def safe(text: str) -> str:
    """Text with ambiguous-width characters replaced and line breaks flattened."""
    if _NEEDS_SAFE.search(text) is None:  # most text: found in one C scan, nothing to replace
        return text
    return text.translate(_AMBIGUOUS).replace("\r", " ").replace("\n", " ")


def width(text: str) -> int:
    """Terminal cells of `text` as shown (after `safe`)."""
    if text.isascii() and text.isprintable():
        return len(text)  # the common case, measured without a lookup: one cell a character
    return _shown_width(text)


# Printable ASCII and characters every terminal draws two cells wide and `safe` leaves
# alone: CJK ideographs, CJK punctuation (、。〈〉《》「」『』【】) and the fullwidth forms
# (，：（）！？). Each of the wide ones is three bytes in UTF-8, one character.
_ASCII_OR_WIDE = re.compile("[\x20-\x7e\u3001-\u3003\u3008-\u3011\u4e00-\u9fff\uff01-\uff60]*")


@lru_cache(maxsize=16384)
def _shown_width(text: str) -> int:
    # Per distinct string: a list repeats its units, meetings and statuses on every row.
    if _ASCII_OR_WIDE.fullmatch(text):
        # The common Chinese cell, measured in C: one cell per character plus one more per
        # wide character (two extra UTF-8 bytes each).
        return len(text) + (len(text.encode("utf-8")) - len(text)) // 2
    shown = safe(text)
    if shown is not text and _ASCII_OR_WIDE.fullmatch(shown):  # plain once made safe (— is －)
        return len(shown) + (len(shown.encode("utf-8")) - len(shown)) // 2
    from rich.cells import cell_len, get_character_cell_size

    if "\u200d" in shown or "\ufe0f" in shown:
        return cell_len(shown)  # joiners and variation selectors change the characters' sum
    return sum(map(get_character_cell_size, shown))


def widths(texts: Iterable[str]) -> dict[str, int]:
    """`width` of each distinct text. A table's column of plain ASCII and CJK cells (the
    usual case) is recognised in one scan of all of it and measured without a call per
    cell; any other column is measured cell by cell."""
    distinct = set(texts)
    if _ASCII_OR_WIDE.fullmatch("".join(distinct)):  # every cell is plain: see _shown_width
        return {t: (len(t) + len(t.encode("utf-8"))) // 2 for t in distinct}
    return {t: width(t) for t in distinct}


def fit_all(measured: dict[str, int], cells: int) -> dict[str, str]:
    """`fit(text, cells, measured=m)` of each text and its width (from `widths`): what a
    table's column shows. Texts that `safe` leaves alone (found in one scan of them all)
    and that fit are padded without a call each."""
    if cells > 0 and _NEEDS_SAFE.search("".join(measured)) is None:
        return {t: t + " " * (cells - m) if m <= cells else fit(t, cells, measured=m) for t, m in measured.items()}
    return {t: fit(t, cells, measured=m) for t, m in measured.items()}


def fit(text: str, cells: int, ellipsis: str = "…", *, measured: int | None = None) -> str:
    """Exactly `cells` cells: padded with spaces, or cut and ended with an ellipsis.

    The ellipsis used for cutting is the one-cell "…" only when the caller asks for it;
    the default keeps it because rich renders it as one cell. Callers that must be safe
    in every terminal pass ellipsis="~" or "...". `measured`: `width(text)`, when the
    caller has it already (a table measures every cell once for its column widths)."""
    if cells <= 0:
        return ""
    if text.isascii() and text.isprintable():  # nothing for `safe` to replace
        used = len(text)
    else:
        used = _shown_width(text) if measured is None else measured
        text = safe(text)
    if used <= cells:
        return text + " " * (cells - used)
    budget = cells - _cell_len(ellipsis)
    out: list[str] = []
    used = 0
    for ch in text:
        w = _cell_len(ch)
        if used + w > budget:
            break
        out.append(ch)
        used += w
    cut = "".join(out) + ellipsis
    return cut + " " * (cells - _cell_len(cut))


def _cell_len(text: str) -> int:
    """rich's cell_len, without loading rich for plain text (see _shown_width) and the
    default ellipsis, which rich counts as one cell: a cut cell needs no more."""
    plain = text[:-1] if text.endswith("…") else text
    if _ASCII_OR_WIDE.fullmatch(plain):
        return (len(plain) + len(plain.encode("utf-8"))) // 2 + len(text) - len(plain)
    from rich.cells import cell_len

    return cell_len(text)
