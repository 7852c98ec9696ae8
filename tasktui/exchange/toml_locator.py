"""Where a key of a TOML task file sits (line and column), for error messages.

tomllib gives positions only for syntax errors, so the validator asks this scanner for the
line of a block (`[[meetings.tasks]]` number n) or of a key inside it: good enough for
hand-written files made of array-of-tables headers.
"""

from __future__ import annotations

import re
from typing import Any


class Locator:
    """Maps a path in the parsed document (("meetings", 0, "tasks", 2), key) back to a
    line and column in the source."""

    _HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\s]+?)\s*\]\]\s*(#.*)?$")
    _ANY_HEADER = re.compile(r"^\s*\[")

    def __init__(self, text: str) -> None:
        self._text = text
        self._scanned = False
        self.lines: list[str] = []
        self.blocks: dict[tuple[Any, ...], int] = {}

    def _scan(self) -> None:
        """Index the blocks on the first question: a valid file (the common case) never
        asks one, and scanning 5,000 tasks' lines costs more than reading them."""
        if self._scanned:
            return
        self._scanned = True
        self.lines = self._text.splitlines()
        m_i = t_i = h_i = d_i = -1
        for n, line in enumerate(self.lines):
            m = self._HEADER.match(line)
            if not m:
                continue
            name = re.sub(r"\s+", "", m.group(1))
            if name == "meetings":
                m_i += 1
                t_i = -1
                self.blocks[("meetings", m_i)] = n
            elif name == "meetings.tasks":
                t_i += 1
                h_i = -1
                self.blocks[("meetings", m_i, "tasks", t_i)] = n
            elif name == "meetings.tasks.history":
                h_i += 1
                self.blocks[("meetings", m_i, "tasks", t_i, "history", h_i)] = n
            elif name == "departments":
                d_i += 1
                self.blocks[("departments", d_i)] = n

    def find(self, block: tuple[Any, ...], key: str | None = None) -> tuple[int, int]:
        self._scan()
        start = self.blocks.get(block)
        if start is None:
            # Inline tables or a top-level key: search the whole file for the key.
            start, stop = -1, len(self.lines)
        else:
            stop = len(self.lines)
            for n in range(start + 1, len(self.lines)):
                if self._ANY_HEADER.match(self.lines[n]):
                    stop = n
                    break
        if key is not None:
            pat = re.compile(rf"^(\s*(?:\"{re.escape(key)}\"|{re.escape(key)})\s*=\s*)")
            for n in range(max(start + 1, 0), stop):
                m = pat.match(self.lines[n])
                if m:
                    return n + 1, len(m.group(1)) + 1
        if start is None or start < 0:
            return 1, 1
        return start + 1, 1


__all__ = ["Locator"]
