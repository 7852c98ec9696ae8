"""Units a speech names that the store does not know yet, proposed for registering at
import (`tasktui import --add-units`, the UI's proposals dialog).

Pure: an extraction and the store's units in, proposals out. A proposal is a unit as
the speech writes it (`区应急管理局`, level kept, the way an office names its units),
with the other ways the same speech names it as aliases: forms the built-in unit
directory knows as one unit and that are written alike (`各乡镇` in `各乡镇（街道）`, `应急局`
in `区应急管理局`, read past the level) are one proposal; 县安委办 and 县应急局, one unit to
the directory, stay two. Not proposed: units the store knows
by any name (also through the built-in aliases folded into them, `教育局` for a store's
`区教体局`), people (`校长`), and words that name no particular unit (`相关部门`, `企业`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tasktui.extract.types import Extraction
from tasktui.extract.units import PERSON_SUFFIX, UNIT_SUFFIX, UnitDirectory, split_owner_phrase
from tasktui.store.departments import Units, match_name, suggest
from tasktui.textcheck import NAME_MAX, first_invisible_char, name_key

# What names a kind of unit rather than a unit: 相关部门, 有关单位, 责任单位, 企业,
# 各生产经营单位 (各乡镇（街道）, a set of units offices do assign to as one, stays).
_GENERIC = re.compile(
    r"^(?:各|全|所有|相关|有关|其他|其余|责任|成员|主管|职能|行业|属地|各级|各类|各相关|各有关)*"
    r"(?:部门|单位|企业|机构|机关|学校|公司|社区|行业|地方|地区|方面|党组织)$"
    r"|^各.*(?:单位|企业|部门|机构|公司)$"
    r"|^所在"  # 所在乡镇: wherever the thing is, not one unit
)
# The level and the collective 各 before a unit's own name, read past when comparing forms.
_LEVEL = re.compile(r"^(?:各|全)?[省市州盟县区旗乡镇]?")
_UNIT_END = re.compile(UNIT_SUFFIX + r"$")
_PERSON_END = re.compile(PERSON_SUFFIX + r"$")


@dataclass(frozen=True)
class UnitProposal:
    name: str  # as the speech writes it (the longest form when it names the unit in several)
    aliases: tuple[str, ...] = ()  # the other forms the same speech uses
    items: int = 0  # how many directives name it
    similar: tuple[str, ...] = ()  # known units it looks or sounds like (a typo, or the same unit)

    def describe(self) -> str:
        """「区应急管理局（别名 应急局；3 项）」, with the known units it resembles."""
        parts = []
        if self.aliases:
            parts.append("别名 " + "、".join(self.aliases))
        parts.append(f"{self.items} 项")
        if self.similar:
            parts.append("与已登记的" + "、".join(f"「{s}」" for s in self.similar) + "相近")
        return f"{self.name}（{'；'.join(parts)}）"


def propose_units(extraction: Extraction, units: Units) -> list[UnitProposal]:
    """The units the extraction's directives name that `units` (the store's) do not
    know, most named first."""
    return propose_named_units(((i.id, i.owners) for i in extraction.items if i.kind == "directive"), units)


def propose_named_units(named: Iterable[tuple[str, Sequence[str]]], units: Units) -> list[UnitProposal]:
    """The same for owner phrases given per item: (item key, phrases) — a ledger's rows."""
    directory = UnitDirectory.builtin().with_departments({name: list(aliases) for name, aliases in units})
    known = {name for name, _ in units}
    groups: list[list[str]] = []  # forms of one unit, in order of appearance
    keys: list[str] = []  # each group's directory unit (or its own name)
    named_by: list[set[str]] = []  # each group's item ids
    for item_id, phrases in named:
        for phrase in phrases:
            for element in split_owner_phrase(phrase):
                form = element.strip()
                if not _unit_like(form, directory):
                    continue
                canonical = directory.lookup(form)
                if canonical in known or match_name(form, units).name is not None:
                    continue  # the store knows it, by this name or through the directory
                key = canonical or name_key(form)
                i = next((i for i, g in enumerate(groups) if keys[i] == key and _alike(form, g)), None)
                if i is None:
                    groups.append([])
                    keys.append(key)
                    named_by.append(set())
                    i = len(groups) - 1
                if form not in groups[i]:
                    groups[i].append(form)
                named_by[i].add(item_id)
    out = []
    for forms, items in zip(groups, named_by, strict=True):
        name = max(forms, key=len)  # the fullest form: 区应急管理局 over 应急局
        aliases = tuple(f for f in forms if f != name)
        out.append(UnitProposal(name, aliases, len(items), suggest(name, units)))
    return sorted(out, key=lambda p: -p.items)  # stable: in order of appearance among equals


def _alike(form: str, forms: Sequence[str]) -> bool:
    """Is `form` written like one of `forms`: past the level, the characters of the
    shorter appear in order in the longer (应急局 / 区应急管理局, 各乡镇 / 各乡镇（街道）)."""
    core = _core(form)
    for other in forms:
        short, long = sorted((core, _core(other)), key=len)
        rest = iter(long)
        if short and all(ch in rest for ch in short):
            return True
    return False


def _core(form: str) -> str:
    return _LEVEL.sub("", name_key(form), count=1) or name_key(form)


def _unit_like(form: str, directory: UnitDirectory) -> bool:
    """Could `form` be registered as a unit: a name, not a person, not a kind of unit."""
    if len(form) < 2 or len(form) > NAME_MAX or first_invisible_char(form):
        return False
    if _GENERIC.match(form) or _PERSON_END.search(form):
        return False
    return directory.is_known(form) or bool(_UNIT_END.search(form))


def pick(proposals: Sequence[UnitProposal], names: Sequence[str]) -> list[UnitProposal]:
    """The proposals `names` choose (by a proposal's name or alias); InputError for a
    name that is none of them."""
    from tasktui.store.errors import InputError

    chosen: list[UnitProposal] = []
    for typed in names:
        hit = next((p for p in proposals if name_key(typed) in {name_key(n) for n in (p.name, *p.aliases)}), None)
        if hit is None:
            offered = "、".join(p.name for p in proposals) or "无"
            raise InputError(f"「{typed.strip()}」不在本次建议登记的单位中（建议：{offered}）")
        if hit not in chosen:
            chosen.append(hit)
    return chosen


__all__ = ["UnitProposal", "pick", "propose_named_units", "propose_units"]
