"""Characters refused in anything a person types into the store (notes, names, task files).

Control characters other than line breaks and tabs: SQLite would keep a NUL that
PostgreSQL refuses, and escapes or bells garble the terminals that show them.
"""

from __future__ import annotations

import re

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def first_control_char(text: str) -> str | None:
    """The first refused character of `text` as `U+XXXX`, or None when it is clean."""
    m = CONTROL_CHARS.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def check_text(value: str | None, what: str) -> str | None:
    """`value` unchanged, or InputError naming the refused character and `what` it was
    (「the note」, 「a department name」)."""
    if value is None:
        return None
    bad = first_control_char(value)
    if bad:
        from tasktui.store.errors import InputError

        raise InputError(f"{what} contains control character {bad}")
    return value
