"""Logged-in sessions and the login rate limits: plain data with an injected clock
(`time.monotonic` in the server, a fake in tests), no aiohttp.

A session is a server-side record behind a random token (the cookie holds only the
token). It ends after `idle` seconds without the user doing anything (a key, a click, a
resize, a page load: the browser's own keep-alive pings do not count) or `maximum`
seconds after login, whichever comes first; the server sweeps and ends its app
processes.
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TOKEN_BYTES = 32  # 256 bits from the OS's CSPRNG


@dataclass
class Session:
    token: str
    user: str
    unit: str | None
    address: str
    created: float
    last_active: float
    password_hash: str = ""  # the hash at login: a password change in the users file ends the session
    children: set[Any] = field(default_factory=set)  # the running app processes (child.Child)


class SessionTable:
    def __init__(self, *, idle: float, maximum: float, clock: Callable[[], float]) -> None:
        self.idle = idle
        self.maximum = maximum
        self.clock = clock
        self._by_token: dict[str, Session] = {}

    def create(self, user: str, unit: str | None, address: str, password_hash: str = "") -> Session:
        now = self.clock()
        session = Session(secrets.token_urlsafe(TOKEN_BYTES), user, unit, address, now, now, password_hash)
        self._by_token[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        """The live session for `token` (None: no such token, or it has expired)."""
        if not token:
            return None
        session = self._by_token.get(token)
        if session is None or self.expired(session):
            return None
        return session

    def touch(self, session: Session) -> None:
        session.last_active = self.clock()

    def expired(self, session: Session) -> bool:
        now = self.clock()
        return now - session.last_active >= self.idle or now - session.created >= self.maximum

    def remove(self, session: Session) -> None:
        self._by_token.pop(session.token, None)

    def sweep(self) -> list[Session]:
        """Remove and return the sessions that have expired."""
        gone = [s for s in self._by_token.values() if self.expired(s)]
        for s in gone:
            self.remove(s)
        return gone

    def all(self) -> list[Session]:
        return list(self._by_token.values())

    def children_of_user(self, user: str) -> int:
        return sum(len(s.children) for s in self._by_token.values() if s.user == user)

    def children_total(self) -> int:
        return sum(len(s.children) for s in self._by_token.values())


class LoginLimiter:
    """Failed logins counted in a sliding window, per (user, address) and per address:
    past either limit, every attempt is refused (429) without checking the password, so
    guessing is slow for one account and for one machine trying many accounts.

    An attempt counts as failed from the moment it is let through (`failed`, before the
    password check, which awaits a thread): guesses sent all at once would otherwise all
    be checked before the first was counted. A success takes its own attempt back and
    clears that (user, address)'s count, not the address's earlier failures."""

    def __init__(self, *, per_user: int, per_address: int, window: float, clock: Callable[[], float]) -> None:
        self.per_user = per_user
        self.per_address = per_address
        self.window = window
        self.clock = clock
        self._user: dict[tuple[str, str], deque[float]] = {}
        self._address: dict[str, deque[float]] = {}

    def _recent(self, table: dict[Any, deque[float]], key: Any) -> int:
        times = table.get(key)
        if times is None:
            return 0
        cutoff = self.clock() - self.window
        while times and times[0] <= cutoff:
            times.popleft()
        if not times:
            del table[key]
            return 0
        return len(times)

    def blocked(self, user: str, address: str) -> bool:
        return self._recent(self._user, (user, address)) >= self.per_user or (
            self._recent(self._address, address) >= self.per_address
        )

    def failed(self, user: str, address: str) -> None:
        now = self.clock()
        self._user.setdefault((user, address), deque()).append(now)
        self._address.setdefault(address, deque()).append(now)
        # Bound the memory a flood of made-up user names can take.
        if len(self._user) > 100_000:
            for key in list(self._user)[:50_000]:
                del self._user[key]

    def succeeded(self, user: str, address: str) -> None:
        """The attempt `failed` counted for (user, address) was right after all."""
        self._user.pop((user, address), None)
        times = self._address.get(address)
        if times:
            times.pop()  # any one of its entries: they are only counted
            if not times:
                del self._address[address]


__all__ = ["LoginLimiter", "Session", "SessionTable"]
