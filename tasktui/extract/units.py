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
_SPLIT = re.compile(r"[、，,/]|以及|及|与|(?<=.)(?=各)")
_AND = re.compile(r"和|同")
# Trailing words that do not change the unit: 等部门, 主要领导, 负责同志…
_TAIL = re.compile(
    r"(?:等(?:有关|相关)?(?:部门|单位|成员单位))$|"
    r"(?:的)?(?:主要领导|主要负责人|主要负责同志|分管领导|负责同志|负责人|领导班子|班子成员|领导|干部|同志|一把手)$"
)
# Prefixes for level and collective scope.
_PREFIX = re.compile(
    r"^(?:其余|全省|全市|全州|全县|全区|全镇)?(?:各级各类|各级|各个|各类|各|所有|相关的?|有关的?|其他)?"
    r"(?:[省市州盟县区旗乡镇](?!$)|[Xx*]+[省市州县区]的?|[Xx*]+和[Xx*]+两地的|两地的?|[^的]{0,6}的)?"
)
_PAREN = re.compile(r"[（(]([^（）()]{0,12})[）)]")
# Generic unit-like endings, for names the directory does not know.
UNIT_SUFFIX = (
    r"(?:局|分局|委|委员会|管委会|办|办公室|厅|室|组|专班|指挥部|院|所|站|队|大队|中心|政府|zf|街道|乡镇|镇办|办事处|"
    r"学校|中小学|校|幼儿园|部|部门|单位|机构|机关|妇联|残联|团委|工会|科协|企业|公司|集团|党委|党组|支部|"
    r"社区|村委会|居委会|协会|联合会|地区|县区|州市|县市区|区县市|区县|县市|"
    r"初中|高中|中学|小学|[一二三四五六七八九十]中|景区|宾馆|酒店|饭店|餐饮店|诊所)"
)
PERSON_SUFFIX = (
    r"(?:校长|书记|主任|局长|县长|区长|市长|镇长|乡长|厅长|处长|科长|所长|站长|队长|班主任|负责人|主要领导|"
    r"分管领导|领导干部|领导|干部|网格员|河长|林长|路长|责任人|包保人|信息员|联络员|"
    r"班子成员|督学|管理员|干部职工|开办者|操作人员|值班人员|安保人员|从业人员)"
)
_UNIT_END = re.compile(UNIT_SUFFIX + r"$")


@dataclass
class UnitDirectory:
    """Canonical unit names and their aliases (already level-stripped)."""

    canon: dict[str, list[str]] = field(default_factory=dict)
    _alias_to_canon: dict[str, str] = field(default_factory=dict, repr=False)
    _by_length: list[str] = field(default_factory=list, repr=False)

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
        return frozenset(a[-1] for a in self._alias_to_canon if a)

    def is_exact(self, name: str) -> bool:
        """Is `name` itself a canonical name or alias (no level stripping)?"""
        return to_simplified(name.strip()) in self._alias_to_canon

    def is_known(self, element: str) -> bool:
        return self.lookup(element) is not None

    def normalise(self, phrase: str) -> list[str]:
        """Canonical unit names named in an owner phrase, in order, without duplicates."""
        out: list[str] = []
        for element in split_owner_phrase(phrase):
            name = self.lookup(element)
            if name is None:
                bare = _PREFIX.sub("", element, count=1) or element
                if _UNIT_END.search(bare) and len(bare) >= 2:
                    name = bare  # a unit the directory does not know, named as written
            if name and name not in out:
                out.append(name)
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
