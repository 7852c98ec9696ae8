"""The columns of a 台账 and the header names offices give them (data/ledger_columns.toml).

Pure: a header's text in, the field it names out.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# A bracketed note after a header (完成时限（时间节点）, 牵头单位(盖章)).
_NOTE = re.compile(r"^(?P<head>.+?)[（(](?P<note>[^（）()]*)[）)]$")
# A required-field mark or a colon at either end of a header.
_MARKS = "*＊※:："
# What `--map` takes for "leave this column out".
IGNORE = "不导入"


@dataclass(frozen=True)
class LedgerField:
    key: str
    name: str  # as the user sees and types it
    synonyms: tuple[str, ...]
    example: str
    imported: bool = True


@dataclass(frozen=True)
class StatusWords:
    to: str  # a tasktui status, or "" for words that say nothing
    words: tuple[str, ...]
    fallback: str | None = None  # when the lifecycle has no `to` (yet)


@cache
def _table() -> dict[str, Any]:
    raw = resources.files("tasktui.exchange").joinpath("data/ledger_columns.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


@cache
def fields() -> tuple[LedgerField, ...]:
    return tuple(
        LedgerField(f["key"], f["name"], tuple(f.get("synonyms", [])), f["example"], f.get("imported", True))
        for f in _table()["field"]
    )


@cache
def status_table() -> tuple[StatusWords, ...]:
    return tuple(StatusWords(s["to"], tuple(s["words"]), s.get("fallback")) for s in _table().get("status", []))


@cache
def _by_header() -> dict[str, LedgerField]:
    table: dict[str, LedgerField] = {}
    for f in fields():
        for header in (f.name, *f.synonyms):
            table[normal_header(header)] = f
    return table


def by_key(key: str) -> LedgerField:
    return next(f for f in fields() if f.key == key)


def normal_header(text: str) -> str:
    """A header as compared: NFKC, no whitespace, no required-field mark, lower case."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return folded.strip(_MARKS).lower()


def field_for_header(text: str) -> LedgerField | None:
    """The field a header names: the header itself, else without its bracketed note,
    else the note alone (牵头单位（责任单位）, 时间节点(完成时限))."""
    table = _by_header()
    key = normal_header(text)
    if not key:
        return None
    if key in table:
        return table[key]
    m = _NOTE.match(key)
    if m:
        return table.get(m.group("head")) or table.get(m.group("note"))
    return None


def field_named(typed: str) -> LedgerField | None:
    """The field a user names in `--map` (its name or a synonym); None for 不导入 too."""
    return field_for_header(typed)


__all__ = [
    "IGNORE",
    "LedgerField",
    "StatusWords",
    "status_table",
    "by_key",
    "field_for_header",
    "field_named",
    "fields",
    "normal_header",
]
