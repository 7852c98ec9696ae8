"""Directory of responsible units: canonical names ↔ aliases, and normalisation of
owner phrases (`区委政法委、区市场监管局、公安分局等部门`) to canonical unit names.

Normalisation never invents a unit: every name it returns is either a directory
unit whose alias is written in the phrase, or the phrase's own unit-like element.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from tasktui.extract.folding import to_simplified

# Separators inside a coordinated owner list.
_SPLIT = re.compile(r"[、，,/]|以及|及|与|或者|或(?![许是])|(?<=.)(?=各)")
_AND = re.compile(r"和|同")
# Trailing words that do not change the unit: 等部门, 主要领导, 负责同志…
_TAIL = re.compile(
    r"(?:等(?:有关|相关)?(?:部门|单位|成员单位))$|"
    r"(?:的)?(?:主要领导|主要负责人|主要负责同志|分管领导|负责同志|负责人|领导班子|班子成员|领导|干部|同志|一把手)$"
)
# Prefixes for level and collective scope.
_PREFIX = re.compile(
    r"^(?:其余|全省|全市|全州|全县|全区|全镇)?(?:各级各类|各级|各个|各类|各|所有|相关的?|有关的?|其他)?"
    r"(?:[省市州盟县区旗乡镇](?![直属]|$)|[Xx*]+[省市州县区]的?|[Xx*]+和[Xx*]+两地的|两地的?|[^的]{0,6}的)?"
)
_PAREN = re.compile(r"[（(]([^（）()]{0,12})[）)]")


def _suffix_table() -> dict:
    raw = resources.files("tasktui.extract").joinpath("data/units.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(raw).get("suffix", {}))


def _alternation(words: list[str], patterns: list[str]) -> str:
    """Words (longest first, so 办公室 wins over 办) and patterns as one group."""
    alts = [re.escape(w) for w in sorted(words, key=len, reverse=True)] + list(patterns)
    return "(?:" + "|".join(alts) + ")"


def _last_chars(words: list[str], patterns: list[str]) -> frozenset[str]:
    """Last characters the words and patterns can end with (a pattern ends in a literal)."""
    return frozenset(w[-1] for w in words if w) | frozenset(p[-1] for p in patterns if p)


_SUFFIX = _suffix_table()
# Generic unit-like endings, for names the directory does not know (data/units.toml [suffix]).
UNIT_SUFFIX = _alternation(_SUFFIX.get("unit_words", []), _SUFFIX.get("unit_patterns", []))
PERSON_SUFFIX = _alternation(_SUFFIX.get("person_words", []), _SUFFIX.get("person_patterns", []))
# Ranks a personal name may follow: 常务副县长张三.
PERSON_TITLE = "(?:" + str(_SUFFIX.get("person_titles", "(?!)")) + ")"
# Bare words for a kind of unit (学校, 企业): a generic subject, not a named one.
GENERIC_UNIT = re.compile(_alternation(_SUFFIX.get("generic_words", []), []) + "$")
# The public a notice addresses (村民, 学生), with a scope before it (全体村民, 本村村民).
PUBLIC = re.compile(
    r"(?:全体|广大|本[村镇乡区]|辖区内?|各位)?" + _alternation(_SUFFIX.get("public_words", []), []) + "$"
)
SUFFIX_LAST_CHARS = _last_chars(
    _SUFFIX.get("unit_words", []) + _SUFFIX.get("person_words", []),
    _SUFFIX.get("unit_patterns", []) + _SUFFIX.get("person_patterns", []),
)
_UNIT_END = re.compile(UNIT_SUFFIX + r"$")
_SUFFIX_REACH = 12
# What turns a field word into its bureau's name: 应急管理 → 应急管理局, 退役军人 → 退役军人事务局.
_FIELD_ENDINGS = ("局", "部门", "委", "事务局")
_NORMALISED_MAX = 4096


@dataclass
class UnitDirectory:
    """Canonical unit names and their aliases (already level-stripped)."""

    canon: dict[str, list[str]] = field(default_factory=dict)
    _alias_to_canon: dict[str, str] = field(default_factory=dict, repr=False)
    _by_length: list[str] = field(default_factory=list, repr=False)
    _last_chars: frozenset[str] = field(default_factory=frozenset, repr=False)
    # A document names the same units again and again: each phrase is normalised once.
    _normalised: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._reindex()

    def _reindex(self) -> None:
        self._alias_to_canon = {}
        for name, aliases in self.canon.items():
            for alias in [name, *aliases]:
                key = to_simplified(alias.strip())
                if key:
                    # Store departments come last and win over built-in meanings.
                    self._alias_to_canon[key] = name
        self._by_length = sorted(self._alias_to_canon, key=len, reverse=True)
        self._last_chars = frozenset(a[-1] for a in self._alias_to_canon if a)
        self._normalised = {}

    @classmethod
    def builtin(cls) -> UnitDirectory:
        return cls(canon={k: list(v) for k, v in _builtin_canon().items()})

    def with_departments(self, departments: Mapping[str, Iterable[str]]) -> UnitDirectory:
        """A copy extended with the store's departments {canonical: [aliases]}.

        A department's own name and aliases take precedence over built-in entries,
        so `区教体局` in the store becomes the name owners normalise to.
        """
        canon = {k: list(v) for k, v in self.canon.items()}
        claimed: set[str] = set()
        for name, aliases in departments.items():
            names = [name, *aliases]
            # Fold built-in aliases into a department that names the same unit.
            for alias in list(names):
                hit = self.lookup(alias)
                if hit and hit in canon and hit != name:
                    names.extend(canon.pop(hit))
                    names.append(hit)
            claimed.update(names)
            canon[name] = sorted(set(n for n in names if n != name))
        return UnitDirectory(canon=canon)

    def lookup(self, element: str) -> str | None:
        """Canonical name for one element (`区教体局`), by the longest alias ending it."""
        el = to_simplified(element.strip())
        if not el:
            return None
        hit = self._alias_to_canon.get(el)
        if hit:
            return hit
        stripped = _PREFIX.sub("", el, count=1) or el
        hit = self._alias_to_canon.get(stripped)
        if hit:
            return hit
        # The longest alias ending the element: try its suffixes, longest first.
        for k in range(0, len(el) - 1):
            hit = self._alias_to_canon.get(el[k:])
            if hit:
                return hit
        bare = _PAREN.sub("", el)
        if bare != el and bare:
            return self.lookup(bare)  # 乡镇zf（街道办事处） is named by what precedes the note
        return None

    def last_chars(self) -> frozenset[str]:
        """Last characters of every name and alias (a quick test for phrase endings)."""
        return self._last_chars

    def is_exact(self, name: str) -> bool:
        """Is `name` itself a canonical name or alias (no level stripping)?"""
        return to_simplified(name.strip()) in self._alias_to_canon

    def is_field(self, name: str) -> bool:
        """Is `name` the bare field word of a unit (乡村振兴 of 乡村振兴局, 应急管理 of
        应急管理局)? Such a word heads topics (乡村振兴要与…统筹推进) far more often than it
        names the bureau."""
        key = to_simplified(name.strip())
        canon = self._alias_to_canon.get(key)
        return canon is not None and any(self._alias_to_canon.get(key + s) == canon for s in _FIELD_ENDINGS)

    def is_known(self, element: str) -> bool:
        return self.lookup(element) is not None

    def normalise(self, phrase: str) -> list[str]:
        """Canonical unit names named in an owner phrase, in order, without duplicates."""
        hit = self._normalised.get(phrase)
        if hit is not None:
            return list(hit)
        out: list[str] = []
        for element in split_owner_phrase(phrase):
            name = self.lookup(element)
            if name is None:
                bare = _PREFIX.sub("", element, count=1) or element
                # Suffixes are short: only the tail can match the end-anchored pattern.
                if len(bare) >= 2 and _UNIT_END.search(bare, max(0, len(bare) - _SUFFIX_REACH)):
                    name = bare  # a unit the directory does not know, named as written
            if name and name not in out:
                out.append(name)
        if len(self._normalised) >= _NORMALISED_MAX:
            self._normalised.clear()
        self._normalised[phrase] = tuple(out)
        return out


def split_owner_phrase(phrase: str) -> list[str]:
    """`县人社、编办、教育等部门` → [人社, 编办, 教育]; `各地各校` → [各地, 各校]."""
    text = to_simplified(phrase.strip())
    text = _PAREN.sub(lambda m: "（" + m.group(1) + "）", text)
    # Keep 乡镇（街道） whole: the parenthesis names the same unit.
    # 、 inside brackets (各县（市、区）) does not separate units: hide it while splitting.
    text = _PAREN.sub(lambda m: "（" + m.group(1).replace("、", "\x00") + "）", text)
    parts: list[str] = []
    for raw in (p.replace("\x00", "、") for p in _SPLIT.split(text)):
        for el in _split_and(raw.strip()):
            prev = None
            while prev != el:
                prev = el
                el = _TAIL.sub("", el).strip()
            if el:
                parts.append(el)
    return parts


def _split_and(piece: str) -> list[str]:
    """Split on 和 only between two units (人力资源和社会保障局 is one name)."""
    m = _AND.search(piece)
    if not m or not _UNIT_END.search(_TAIL.sub("", piece[: m.start()])):
        return [piece] if piece else []
    return [piece[: m.start()], *_split_and(piece[m.end() :])]


_CANON_CACHE: dict[str, list[str]] | None = None


def _builtin_canon() -> dict[str, list[str]]:
    global _CANON_CACHE
    if _CANON_CACHE is None:
        raw = resources.files("tasktui.extract").joinpath("data/units.toml").read_text(encoding="utf-8")
        data = tomllib.loads(raw)
        _CANON_CACHE = {u["name"]: list(u.get("aliases", [])) for u in data.get("unit", [])}
    return _CANON_CACHE
