"""The audit log: one JSON line per login, failed login, refusal, logout and session end,
appended to a 0600 file beside the users file (`….web-audit.log`). What an office shows
an inspector: who logged in as which unit, from where, when, and how each session ended.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

# Line ends other than \n and \r that json.dumps(ensure_ascii=False) leaves as they are
# (it escapes every character below U+0020).
LINE_BREAKERS = ("\x85", "\u2028", "\u2029")


class AuditLog:
    def __init__(self, path: Path, now: Callable[[], datetime]) -> None:
        self.path = path
        self.now = now

    def write(self, event: str, **fields: object) -> None:
        record = {"time": self.now().isoformat(timespec="seconds"), "event": event, **fields}
        text = json.dumps(record, ensure_ascii=False)
        # JSON leaves these unescaped, yet Python's splitlines and many log viewers end a
        # line at them: a user name holding one could forge a record. Escaped, still JSON.
        for breaker in LINE_BREAKERS:
            text = text.replace(breaker, f"\\u{ord(breaker):04x}")
        line = (text + "\n").encode("utf-8")
        # O_APPEND: one write per line, so concurrent writers never interleave inside a line.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


__all__ = ["AuditLog"]
