"""Character prefilters for the extractor's big alternations.

Python's regex engine scans fast (in C, without entering the pattern) only for a pattern
that starts with a plain character or character set. The cue alternations read from data
start with named groups, lookbehinds or alternatives of several shapes, so the engine
tries the whole alternation at every position of the text. The helpers here work out
from the pattern itself which characters a match can start (or end) with, and build a
*gate*: a pattern that starts with that set and matches, one character long, exactly
where the original can match. Searching the gate and then matching the original at the
gate's position gives the original's answer with most positions skipped in C.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

try:
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_p  # type: ignore[attr-defined]
except ImportError:  # Python 3.10 names them sre_constants and sre_parse
    import sre_constants as sre_c  # type: ignore[no-redef, unused-ignore]
    import sre_parse as sre_p  # type: ignore[no-redef, unused-ignore]

# `\d` as the owner rules' first-character sets have always read it (ASCII and full-width).
_COMMON_DIGITS = "0123456789０１２３４５６７８９"
# Every decimal digit `\d` matches lies below U+20000 (planes 2 and up hold ideographs,
# tags and private use; a test checks this against the running Python's Unicode data).
_DIGIT_PLANES_END = 0x20000
_ALL_DIGITS: str | None = None
_MAX_RANGE = 64


def decimal_digits() -> str:
    r"""Every character `\d` matches in a str pattern."""
    global _ALL_DIGITS
    if _ALL_DIGITS is None:
        _ALL_DIGITS = "".join(filter(str.isdecimal, map(chr, range(_DIGIT_PLANES_END))))
    return _ALL_DIGITS


def first_chars(pattern: str, flags: int = 0, exact: bool = False) -> frozenset[str] | None:
    r"""The characters a match of `pattern` can start with, or None when that cannot be
    told (a negated set, a wide range, an empty match, case-insensitive matching).

    `exact=False` reads `\d` as the ASCII and full-width digits only, as the owner rules'
    first-character tests always have; a gate that must never skip a match reads it as
    every decimal digit (`exact=True`)."""
    return _edge_chars(pattern, flags, from_end=False, exact=exact)


def last_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    r"""The characters a match of `pattern` can end with (lookarounds and anchors are
    zero-width; `\d` is every decimal digit), or None when that cannot be told."""
    return _edge_chars(pattern, flags, from_end=True, exact=True)


def gate_chars(pattern: str, flags: int = 0) -> tuple[frozenset[str], bool] | None:
    r"""For a gate: the characters a match of `pattern` can start with (`\d` exact), and
    whether a match can also start at the string's start through `^`, whatever its first
    character (`(?:^|\n)\s*…`); None when that cannot be told."""
    at_start: list[bool] = []
    chars = _edge_chars(pattern, flags, from_end=False, exact=True, at_start=at_start)
    return None if chars is None else (chars, bool(at_start))


def _edge_chars(
    pattern: str,
    flags: int,
    from_end: bool,
    exact: bool,
    at_start: list[bool] | None = None,
    lookahead_body: bool = False,
) -> frozenset[str] | None:
    """`at_start` given: `^` (not multiline) pins the rest of its path to position 0,
    which is noted in `at_start` instead of reading on (the set may then be empty).
    `lookahead_body`: the pattern is a lookahead `(?=X)`; the answer is for X."""
    if flags & re.IGNORECASE:
        return None
    out: set[str] = set()
    pins = at_start is not None and not flags & re.MULTILINE

    def seq(items: list[tuple[object, object]]) -> bool | None:  # nullable? None: unknown
        for op, av in reversed(items) if from_end else items:
            nullable = item(op, av)
            if nullable is None or not nullable:
                return nullable
        return True

    def item(op: object, av: object) -> bool | None:
        if op is sre_c.LITERAL:
            out.add(chr(av))  # type: ignore[arg-type]
            return False
        if op is sre_c.IN:
            for kind, val in av:  # type: ignore[attr-defined]
                if kind is sre_c.LITERAL:
                    out.add(chr(val))
                elif kind is sre_c.RANGE and val[1] - val[0] <= _MAX_RANGE:
                    out.update(chr(c) for c in range(val[0], val[1] + 1))
                elif kind is sre_c.CATEGORY and val is sre_c.CATEGORY_DIGIT:
                    out.update(decimal_digits() if exact else _COMMON_DIGITS)
                else:
                    return None
            return False
        if op is sre_c.BRANCH:
            results = [seq(alt) for alt in av[1]]  # type: ignore[index]
            return None if None in results else any(results)
        if op is sre_c.SUBPATTERN:
            return seq(av[3])  # type: ignore[index]
        if op is sre_c.MAX_REPEAT or op is sre_c.MIN_REPEAT:
            nullable = seq(av[2])  # type: ignore[index]
            return None if nullable is None else (nullable or av[0] == 0)  # type: ignore[index]
        if pins and not from_end and op is sre_c.AT and av in (sre_c.AT_BEGINNING, sre_c.AT_BEGINNING_STRING):
            at_start.append(True)  # type: ignore[union-attr]
            return False  # this path starts at position 0, whatever comes next
        if op is sre_c.ASSERT or op is sre_c.ASSERT_NOT or op is sre_c.AT:
            return True  # zero width: the next item is the edge
        return None

    try:
        items = list(sre_p.parse(pattern, flags))
    except re.error:
        return None
    if lookahead_body:
        # The pattern is one lookahead (?=X): the edge characters are X's.
        if len(items) != 1 or items[0][0] is not sre_c.ASSERT or items[0][1][0] != 1:
            return None
        items = list(items[0][1][1])
    nullable = seq(items)
    if nullable is None or nullable:
        return None
    return frozenset(out) if out or at_start else None


def required_chars(pattern: str, flags: int = 0) -> frozenset[str]:
    """Characters every match of `pattern` consumes (lookarounds do not count: they may
    look outside the searched span): when none of them is in a span, nothing matches there."""
    if flags & re.IGNORECASE:
        return frozenset()

    def seq(items: list[tuple[object, object]]) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for op, av in items:
            out |= item(op, av)
        return out

    def item(op: object, av: object) -> frozenset[str]:
        if op is sre_c.LITERAL:
            return frozenset(chr(av))  # type: ignore[arg-type]
        if op is sre_c.SUBPATTERN:
            return seq(av[3])  # type: ignore[index]
        if op is sre_c.BRANCH:
            alts = [seq(alt) for alt in av[1]]  # type: ignore[index]
            return frozenset.intersection(*alts) if alts else frozenset()
        if (op is sre_c.MAX_REPEAT or op is sre_c.MIN_REPEAT) and av[0] >= 1:  # type: ignore[index]
            return seq(av[2])  # type: ignore[index]
        return frozenset()

    try:
        return seq(list(sre_p.parse(pattern, flags)))
    except re.error:
        return frozenset()


def named_alternation(alternatives: list[tuple[str, str]]) -> str:
    """`(?P<name>pattern)|…` as a regex that matches the same text and names the same
    alternative in `lastgroup`, faster.

    Each alternative is written `(?=[F])(?:pattern)(?P<name>)`: the engine tries an
    alternative only where its first character F can start it (a quick test instead of
    entering nested groups), and the empty group closing the alternative is the last
    group closed, so `lastgroup` names it. Only the alternative's name is kept: its
    group spans are empty (callers read `span()` and `lastgroup`)."""
    parts = []
    for name, pattern in alternatives:
        chars = first_chars(pattern, exact=True)
        gate = f"(?={char_class(chars)})" if chars else ""
        parts.append(f"{gate}(?:{pattern})(?P<{name}>)")
    return "|".join(parts)


def char_class(chars: frozenset[str]) -> str:
    """`chars` as a regex character class. Every decimal digit is written `\\d`: listed
    one by one (some are astral) they would make the engine test the class as a long
    list instead of a bitmap."""
    if "\u0660" in chars and chars.issuperset(digits := decimal_digits()):  # (٠: not all digits without it)
        rest = chars.difference(digits)
        return "[\\d" + "".join(re.escape(c) for c in sorted(rest)) + "]"
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def gate(rx: re.Pattern[str]) -> tuple[re.Pattern[str] | None, bool] | None:
    """A pattern matching one character at exactly the positions where `rx` can match,
    starting with the set of `rx`'s first characters (so the engine scans for it in C),
    and whether `rx` may also match at position 0 through `^` (which the caller tests
    itself); the gate is None when no other position can match. None when the first
    characters cannot be told.

    `[F](?<=(?=RX)[\\s\\S])`: a character of F, then, looking back at it, RX matching
    from there. Lookarounds inside RX still see the whole string, and the search's end
    bounds RX as it would bound `rx.search`, so `gate.search(s, pos, end)` finds the
    start of `rx.search(s, pos, end)` (position 0 aside)."""
    found = gate_chars(rx.pattern, rx.flags)
    if found is None:
        return None
    chars, at_start = found
    if not chars:
        return None, at_start
    try:
        return re.compile(rf"{char_class(chars)}(?<=(?={rx.pattern})[\s\S])", rx.flags), at_start
    except re.error:  # e.g. inline global flags that must open the pattern
        return None


_LEADING_LOOKAHEAD_CLASS = re.compile(r"\(\?=(\[(?:\\.|[^\]\\])*\])\)")


def lookahead_gate(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """For a pattern written `(?=[C])…` (a first-character test in front, as hand-made
    patterns are): a pattern that matches, one character long, exactly where rx can
    match, with the class in front where the engine scans for it in C. For a yes/no
    search. None when rx does not open with such a test."""
    head = _LEADING_LOOKAHEAD_CLASS.match(rx.pattern)
    if head is None:
        return None
    return re.compile(rf"{head.group(1)}(?<=(?={rx.pattern})[\s\S])", rx.flags)


def lookahead_positions(rx: re.Pattern[str]) -> re.Pattern[str]:
    """For a zero-width pattern `(?=X)` (where something may end): a pattern whose matches,
    one character long, start at exactly the positions where rx matches, X's first
    characters in front where the engine scans for them in C; rx itself when X's first
    characters cannot be told or X can match empty. (A non-empty X cannot match at the
    search's end, so the positions are the same as those of `rx.finditer`.)"""
    chars = _edge_chars(rx.pattern, rx.flags, from_end=False, exact=True, lookahead_body=True)
    if not chars:
        return rx
    try:
        return re.compile(rf"{char_class(chars)}(?<={rx.pattern}[\s\S])", rx.flags)
    except re.error:
        return rx


class LazyRegex:
    """A pattern compiled on first use: prefilters a module builds need not cost its import."""

    __slots__ = ("build", "rx")

    def __init__(self, build: Callable[[], re.Pattern[str]]) -> None:
        self.build = build
        self.rx: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str]:
        rx = self.rx
        if rx is None:
            rx = self.rx = self.build()
        return rx


class Gated:
    """`rx` searched through its gate: the same matches, most positions skipped in C.

    Worth it for long alternations over text where their first characters are rare;
    for a short pattern or string the extra call costs more than it saves."""

    __slots__ = ("rx", "gate", "at_start", "plain")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        # The gate is built on first use: modules that only import this one pay nothing.
        self.plain: bool | None = None
        self.gate: re.Pattern[str] | None = None
        self.at_start = False

    def _build(self) -> bool:
        found = gate(self.rx)
        self.gate, self.at_start = found or (None, False)
        self.plain = found is None  # no gate: the regex alone
        return self.plain

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def test(self, s: str, pos: int = 0, end: int | None = None) -> bool:
        """Does `rx.search(s, pos, end)` find anything?"""
        e = len(s) if end is None else end
        if self.plain if self.plain is not None else self._build():
            return self.rx.search(s, pos, e) is not None
        if self.at_start and pos == 0 and self.rx.match(s, 0, e) is not None:
            return True
        return self.gate is not None and self.gate.search(s, pos, e) is not None

    def search(self, s: str, pos: int = 0, end: int | None = None) -> re.Match[str] | None:
        e = len(s) if end is None else end
        if self.plain if self.plain is not None else self._build():
            return self.rx.search(s, pos, e)
        if self.at_start and pos == 0:
            mt = self.rx.match(s, 0, e)
            if mt is not None:
                return mt
        g = None if self.gate is None else self.gate.search(s, pos, e)
        if g is None:
            return None
        return self.rx.match(s, g.start(), e) or self.rx.search(s, g.start(), e)

    def finditer(self, s: str, pos: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """Like `rx.finditer`: non-overlapping, each search going on where the last match ended."""
        e = len(s) if end is None else end
        if self.plain if self.plain is not None else self._build():
            yield from self.rx.finditer(s, pos, e)
            return
        rm = self.rx.match
        if self.at_start and pos == 0:
            mt = rm(s, 0, e)
            if mt is not None:
                if mt.end() == 0:  # an empty match: the plain regex goes on from here
                    yield from self.rx.finditer(s, 0, e)
                    return
                yield mt
                pos = mt.end()
        if self.gate is None:
            return
        gs = self.gate.search
        while True:
            g = gs(s, pos, e)
            if g is None:
                return
            mt = rm(s, g.start(), e)
            if mt is None:  # the gate matched where rx does not: never, but stay exact
                yield from self.rx.finditer(s, g.start(), e)
                return
            yield mt
            pos = mt.end() if mt.end() > mt.start() else mt.start() + 1


def _anchored_at_end(rx: re.Pattern[str]) -> bool:
    """Does every match of rx end at the end of the string (a final `$` on every
    top-level alternative)?"""
    if rx.flags & re.MULTILINE:
        return False
    try:
        items = list(sre_p.parse(rx.pattern, rx.flags))
    except re.error:
        return False

    def ends(seq: list[tuple[object, object]]) -> bool:
        if not seq:
            return False
        op, av = seq[-1]
        if op is sre_c.AT:
            return av is sre_c.AT_END
        if op is sre_c.BRANCH:
            return all(ends(list(alt)) for alt in av[1])  # type: ignore[index]
        if op is sre_c.SUBPATTERN:
            return ends(list(av[3]))  # type: ignore[index]
        return False

    return ends(items)


class Quick:
    """A pattern and the characters its matches can start and end with: `match`,
    `search` and `sub` on a short string answer at once when no character that can start
    a match is in it (or, for a pattern anchored at the end, the string does not end
    with a character a match can end with), before the regex engine is entered."""

    __slots__ = ("rx", "first", "last", "ready")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.first: frozenset[str] | None = None
        self.last: frozenset[str] | None = None
        self.ready = False  # the character sets are worked out on first use

    def _build(self) -> None:
        self.first = first_chars(self.rx.pattern, self.rx.flags, exact=True)
        self.last = last_chars(self.rx.pattern, self.rx.flags) if _anchored_at_end(self.rx) else None
        self.ready = True

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def _cannot(self, s: str) -> bool:
        if not self.ready:
            self._build()
        if self.first is not None and self.first.isdisjoint(s):
            return True
        # `$` also matches before a final newline, where the match ends one character earlier.
        return self.last is not None and bool(s) and s[-1] not in self.last and s[-1] != "\n"

    def match(self, s: str) -> re.Match[str] | None:
        if not self.ready:
            self._build()
        if self.first is not None and (not s or s[0] not in self.first):
            return None
        if self.last is not None and s and s[-1] not in self.last and s[-1] != "\n":
            return None
        return self.rx.match(s)

    def search(self, s: str, pos: int = 0, end: int | None = None) -> re.Match[str] | None:
        if pos or end is not None:  # a span of s: no shortcut (the tests read the whole string)
            return self.rx.search(s, pos, len(s) if end is None else end)
        return None if self._cannot(s) else self.rx.search(s)

    def findall(self, s: str) -> list[str]:
        return [] if self._cannot(s) else self.rx.findall(s)

    def sub(self, repl: str, s: str) -> str:
        return s if self._cannot(s) else self.rx.sub(repl, s)


class EndTest:
    """Does `rx`, anchored at the end (`…$`), match a tail of s[a:b] at most `reach` long?

    The last character is checked first (most strings end in a character no match can
    end with), then the gate scans the tail for the characters a match can start with."""

    __slots__ = ("rx", "reach", "last", "gate", "at_start", "plain")

    def __init__(self, rx: re.Pattern[str], reach: int) -> None:
        self.rx = rx
        self.reach = reach
        # Worked out on first use: modules that only import this one pay nothing.
        self.plain: bool | None = None
        self.last: frozenset[str] | None = None
        self.gate: re.Pattern[str] | None = None
        self.at_start = False

    def _build(self) -> None:
        self.last = last_chars(self.rx.pattern, self.rx.flags) if _anchored_at_end(self.rx) else None
        found = gate(self.rx)
        self.gate, self.at_start = found or (None, False)
        self.plain = found is None

    def __call__(self, s: str, a: int = 0, b: int | None = None) -> bool:
        if self.plain is None:
            self._build()
        b = len(s) if b is None else b
        if b <= a:
            return self.rx.search(s, a, b) is not None
        # `$` also matches before a final newline: then the match ends one character earlier.
        if self.last is not None and s[b - 1] not in self.last and s[b - 1] != "\n":
            return False
        lo = max(a, b - self.reach)
        if self.plain:
            return self.rx.search(s, lo, b) is not None
        if self.at_start and lo == 0 and self.rx.match(s, 0, b) is not None:
            return True
        return self.gate is not None and self.gate.search(s, lo, b) is not None
