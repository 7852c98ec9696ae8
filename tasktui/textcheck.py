"""Characters refused in anything a person types into the store (notes, names, task files).

Control characters other than line breaks and tabs: SQLite would keep a NUL that
PostgreSQL refuses, and escapes or bells garble the terminals that show them. Names
refuse more (invisible and bidirectional characters, see below) and have a length.
"""

from __future__ import annotations

import re
import unicodedata

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def first_control_char(text: str) -> str | None:
    """The first refused character of `text` as `U+XXXX`, or None when it is clean."""
    m = CONTROL_CHARS.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def check_text(value: str | None, what: str) -> str | None:
    """`value` unchanged, or InputError naming the refused character and `what` it was
    (「备注」, 「单位名称」)."""
    if value is None:
        return None
    bad = first_control_char(value)
    if bad:
        from tasktui.store.errors import InputError

        raise InputError(f"{what}含有控制字符 {bad}，请删除后重试")
    return value


# ---------------------------------------------------------------------- names
#
# A unit's name (and an alias, a lead or co-owner named in a task file) is an identity:
# `--as`, assignment and the scoping rule all go by it. Characters that show nothing, or
# that reorder what is shown, make a second unit that looks exactly like the first
# (「区教体局」 and 「区教体局」 + U+200B), so they are refused outright in names. Names are
# stored trimmed in NFC (lossless: official names keep their full-width 「（）」) and
# compared in NFKC, so width and compatibility variants (「各乡镇(街道)」, 「ＡＢＣ」) are
# the same unit too.

# Lengths of the columns names and titles go into (tasktui/models.py; a test checks they
# agree). PostgreSQL refuses a longer value where SQLite would keep it, so they are
# checked where names and titles enter, and both stores give the same answer.
NAME_MAX = 200  # department.name, departmentalias.alias, event.actor, event.lead_after
TITLE_MAX = 500  # meeting.title, meeting.source_name
PHRASE_MAX = 200  # task.deadline_phrase
OUTLINE_MAX = 64  # task.outline
MARKER_MAX = 32  # task.marker

# Unicode's default-ignorable code points that are not format characters (Cf): they
# render as nothing too. (Variation selectors, Hangul fillers, Khmer inherent vowels,
# Mongolian free variation selectors, the combining grapheme joiner.)
_IGNORABLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]")
# Categories refused in names: controls, format characters (zero-width space and
# joiners, the BOM, bidi marks and overrides), line and paragraph separators, and code
# points with no glyph (surrogates, private use, unassigned).
_REFUSED_IN_NAMES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
# The explicit bidirectional embeddings, overrides and isolates: they reorder the text
# around them, so 「区教体局」 can be shown for other characters entirely.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def first_invisible_char(text: str) -> str | None:
    """The first character of `text` refused in a name, as `U+XXXX`, or None."""
    for ch in text:
        if unicodedata.category(ch) in _REFUSED_IN_NAMES or _IGNORABLE.match(ch):
            return f"U+{ord(ch):04X}"
    return None


def first_bidi_control(text: str) -> str | None:
    """The first bidirectional embedding, override or isolate of `text`, or None."""
    m = BIDI_CONTROLS.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def normal_name(name: str) -> str:
    """A name as stored: trimmed, NFC."""
    return unicodedata.normalize("NFC", name).strip()


def name_key(name: str) -> str:
    """A name as compared: trimmed, NFKC (full- and half-width forms are one name)."""
    return unicodedata.normalize("NFKC", name).strip()


def name_problem(name: str, what: str, limit: int = NAME_MAX) -> str | None:
    """Why `name` cannot be a name (「单位名称」, 「别名」 say `what`), in one line; None when
    it can. Control characters get check_text's message first, where that is used."""
    # Ordinary blanks around a name are trimmed; anything else invisible is refused, even
    # at the ends, so what is stored is exactly what was seen.
    bad = first_invisible_char(name.strip(" \t\r\n\u3000"))
    if bad:
        return f"{what}含有不可见字符或双向控制字符 {bad}（会造成看起来相同的名称），请删除后重试"
    return length_problem(normal_name(name), what, limit)


def length_problem(value: str, what: str, limit: int) -> str | None:
    """One line when `value` is longer than `limit` characters (the column's length)."""
    if len(value) > limit:
        return f"{what}最长 {limit} 个字符，这里有 {len(value)} 个"
    return None


def check_name(name: str, what: str, limit: int = NAME_MAX) -> str:
    """`name` as stored (normal_name), or InputError saying why it cannot be a name."""
    problem = name_problem(name, what, limit)
    if problem:
        from tasktui.store.errors import InputError

        raise InputError(problem)
    return normal_name(name)
