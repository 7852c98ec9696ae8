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
