"""Departments (单位) and their aliases: finding one by any of its names, adding them,
the overview the units view lists, and `match_name`, the one answer to "which unit did
the person mean" (name, alias or pinyin initials `jtj` -> 区教体局; otherwise the known
names that look or sound alike: 「区教休局」 -> 「区教体局」?) for the CLI, the UI and the
service alike.

Every name that comes in (a new unit, an alias, `--as`, a lead) goes through
tasktui.textcheck's name rules: invisible and bidirectional characters refused, at most
NAME_MAX characters, stored trimmed in NFC and compared in NFKC (`find`), the same on
SQLite and PostgreSQL. Renaming and merging units, which touch tasks, are in
`unit_changes`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from tasktui.extract.folding import to_simplified
from tasktui.models import Department, DepartmentAlias, Task, TaskCoOwner
from tasktui.search import pinyin_key
from tasktui.store import policy
from tasktui.store.context import ServiceContext
from tasktui.store.errors import InputError
from tasktui.textcheck import (
    NAME_MAX,
    check_name,
    check_text,
    first_invisible_char,
    name_key,
    name_problem,
    normal_name,
)


def find(s: Session, name: str) -> Department | None:
    """The department `name` names, by its canonical name or an alias, compared in NFKC
    (「各乡镇(街道)」 finds 「各乡镇（街道）」)."""
    name = normal_name(name)
    dept = s.exec(select(Department).where(col(Department.name) == name)).first()
    if dept is not None:
        return dept
    alias = s.exec(select(DepartmentAlias).where(col(DepartmentAlias.alias) == name)).first()
    if alias is not None:
        return s.get(Department, alias.department_id)
    # Traditional script (區教育局 in a speech pasted from a Hong Kong or Taiwan site, or
    # typed with a Traditional input method) names the same unit as its Simplified form.
    simplified = to_simplified(name)
    if simplified != name:
        return find(s, simplified)
    # Not as written: compare every name in NFKC. Only a miss gets here (a new unit, a
    # typo, a width variant) and a store has hundreds of units, not millions.
    key = name_key(name)
    for d in s.exec(select(Department)).all():
        if name_key(d.name) == key:
            return d
    for a in s.exec(select(DepartmentAlias)).all():
        if name_key(a.alias) == key:
            return s.get(Department, a.department_id)
    return None


def require(s: Session, name: str) -> Department:
    """`find`, else the one unit the typed pinyin names (`jtj`, see `match_name`), else
    InputError saying which known names look alike («未知单位「区教休局」，是否指「区教体局」？»).
    A name with an invisible or bidirectional character is refused as such, not looked up:
    it can only be a lookalike of the unit it seems to be."""
    if first_invisible_char(name.strip(" \t\r\n\u3000")):
        raise InputError(name_problem(name, "单位名称") or "")
    dept = find(s, name)
    if dept is not None:
        return dept
    match = match_name(name, _units(s))
    dept = find(s, match.name) if match.name is not None else None
    if dept is None:
        raise InputError(match.message())
    return dept


def require_id(s: Session, name: str) -> int:
    dept = require(s, name)
    assert dept.id is not None  # stored rows have ids
    return dept.id


def actor_unit_id(ctx: ServiceContext, s: Session) -> int | None:
    """The acting department's id; None for the office (which sees every unit)."""
    return None if ctx.actor.is_office else require_id(s, ctx.actor.name)


def resolve(ctx: ServiceContext, name: str) -> str:
    """Canonical name for a name or alias; InputError when unknown."""
    with ctx.store.session() as s:
        return require(s, name).name


class SimilarUnitError(InputError):
    """A new unit's name is close to one already known (「区教休局」 beside 「区教体局」):
    most likely a typo, so it is not added unless the caller says it is another unit."""

    def __init__(self, name: str, similar: Sequence[str]) -> None:
        self.name = name
        self.similar = tuple(similar)
        super().__init__(f"「{_shown(name)}」与已登记的{_either(self.similar)}相近，未添加")


def add(ctx: ServiceContext, name: str, aliases: Iterable[str] = (), *, allow_similar: bool = False) -> str:
    """Add a department, or aliases to one; returns its canonical name. A new name that
    looks or sounds like a known unit's raises SimilarUnitError unless `allow_similar`."""
    policy.manage_units(ctx.actor).enforce()
    # Not trimmed before the name check: a trailing U+2028 is refused, not trimmed away.
    name = check_text(name, "单位名称") or ""
    alias_list = [check_text(a, "别名") or "" for a in aliases]
    if not name.strip():
        raise InputError("请填写单位名称")
    name = check_name(name, "单位名称", NAME_MAX)
    alias_list = [check_name(a, "别名", NAME_MAX) for a in alias_list]
    with ctx.store.write() as s:
        dept = find(s, name)
        if dept is None:
            if not allow_similar:
                similar = suggest(name, _units(s))
                if similar:
                    raise SimilarUnitError(name, similar)
            dept = Department(name=name)
            s.add(dept)
            s.flush()
        _add_aliases(s, dept, alias_list)
        return dept.name


def add_aliases(ctx: ServiceContext, unit: str, aliases: Iterable[str]) -> str:
    """Give a known unit (any of its names, or its pinyin) more names; returns its
    canonical name. An alias that already names another unit is refused."""
    policy.manage_units(ctx.actor).enforce()
    alias_list = [check_name(check_text(a, "别名") or "", "别名", NAME_MAX) for a in aliases]
    alias_list = [a for a in alias_list if a]
    if not alias_list:
        raise InputError("请填写别名")
    with ctx.store.write() as s:
        dept = require(s, unit)
        _add_aliases(s, dept, alias_list)
        return dept.name


def _add_aliases(s: Session, dept: Department, aliases: Sequence[str]) -> None:
    assert dept.id is not None
    for alias in aliases:
        if not alias or name_key(alias) == name_key(dept.name):
            continue
        other = find(s, alias)
        if other is not None and other.id != dept.id:
            raise InputError(f"「{_shown(alias)}」已是「{other.name}」的名称或别名")
        if other is None:
            s.add(DepartmentAlias(department_id=dept.id, alias=alias))
            s.flush()  # the next alias's `find` sees this one (the same alias twice)


def listing(ctx: ServiceContext) -> list[tuple[str, list[str]]]:
    """Every department with its aliases, by name."""
    with ctx.store.session() as s:
        depts = s.exec(select(Department).order_by(col(Department.name))).all()
        aliases: dict[int, list[str]] = {}
        for a in s.exec(select(DepartmentAlias).order_by(col(DepartmentAlias.alias))):
            aliases.setdefault(a.department_id, []).append(a.alias)
        return [(d.name, aliases.get(d.id or 0, [])) for d in depts]


def known_names(ctx: ServiceContext) -> dict[str, str]:
    """Every name and alias in the store, mapped to the canonical name."""
    out: dict[str, str] = {}
    for name, aliases in listing(ctx):
        out[name] = name
        for a in aliases:
            out[a] = name
    return out


def matching(s: Session, term: str) -> list[int]:
    """Ids of the departments whose name or an alias contains `term` (any case), or whose
    full pinyin or pinyin initials do (`jtj`, `jiaoti` -> 区教体局)."""
    t = term.strip().lower()
    if not t:
        return []
    ascii_term = t.isascii()
    # The pinyin keys stored with each name (models: search_key), so a search does not
    # load pypinyin; a key left empty by a writer that bypassed the ORM is worked out here.
    names: dict[int, list[tuple[str, str]]] = {}
    for dept_id, name, key in s.exec(select(Department.id, Department.name, Department.search_key)).all():
        names.setdefault(dept_id or 0, []).append((name, key))
    for dept_id, alias, key in s.exec(
        select(DepartmentAlias.department_id, DepartmentAlias.alias, DepartmentAlias.search_key)
    ).all():
        names.setdefault(dept_id, []).append((alias, key))
    out = []
    for dept_id, texts in names.items():
        for n, key in texts:
            if t in n.lower() or (
                ascii_term and any(t in part for part in (key or (pinyin_key(n) if n else "")).split(" "))
            ):
                out.append(dept_id)
                break
    return sorted(out)


@dataclass(frozen=True)
class UnitView:
    """One unit as the units view and `tasktui dept list` show it."""

    name: str
    aliases: tuple[str, ...]
    lead: int  # tasks it leads (牵头), any status
    co: int  # tasks it co-owns (配合), any status
    open: int  # of these, the ones not yet done, closed or rejected


def overview(ctx: ServiceContext) -> list[UnitView]:
    """Every unit with its aliases and task counts, units and aliases by pinyin (how
    offices order units; the same on SQLite and PostgreSQL, whatever the collation)."""
    open_ = case((col(Task.settled) == 0, 1), else_=0)
    with ctx.store.session() as s:
        led = {
            r[0]: (int(r[1]), int(r[2] or 0))
            for r in s.exec(
                select(col(Task.lead_id), func.count(), func.sum(open_))
                .where(col(Task.lead_id).is_not(None))
                .group_by(col(Task.lead_id))
            )
        }
        co = {
            r[0]: (int(r[1]), int(r[2] or 0))
            for r in s.exec(
                select(col(TaskCoOwner.department_id), func.count(), func.sum(open_))
                .join(Task, col(Task.id) == col(TaskCoOwner.task_id))
                .group_by(col(TaskCoOwner.department_id))
            )
        }
        aliases: dict[int, list[str]] = {}
        for a in s.exec(select(DepartmentAlias).order_by(col(DepartmentAlias.alias))):
            aliases.setdefault(a.department_id, []).append(a.alias)
        out = []
        for d in s.exec(select(Department)).all():
            n_led, open_led = led.get(d.id or 0, (0, 0))
            n_co, open_co = co.get(d.id or 0, (0, 0))
            names = sorted(aliases.get(d.id or 0, []), key=lambda a: (pinyin_key(a), a))
            out.append(UnitView(d.name, tuple(names), n_led, n_co, open_led + open_co))
    return sorted(out, key=lambda u: (pinyin_key(u.name), u.name))


# ---------------------------------------------------------------------- which unit was meant

Units = Sequence[tuple[str, Sequence[str]]]  # (canonical name, aliases), as `listing` gives them

# Normalised edit similarity (of the characters, or of the pinyin syllables) from which a
# known name is offered: one character off in four (区教休局 / 区教体局) is, two are not
# (区财政局 / 区教体局).
SIMILAR = 0.7
MAX_SUGGESTIONS = 3
MIN_PINYIN = 2  # a single letter names no unit
LOOSE_PINYIN = 3  # from this length, letters inside a name's initials or the start of its pinyin also match
SHOWN_CHARS = 40  # how much of what was typed a message repeats


@dataclass(frozen=True)
class UnitMatch:
    """What a typed unit name names: one unit (`name`), several (`candidates`: pinyin
    initials that fit more than one), or none (`suggestions`: the known names that look
    or sound alike, best first)."""

    typed: str
    name: str | None = None
    via: str = ""  # "name" (a name or alias, NFKC) or "pinyin"
    candidates: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    known: int = 0  # how many units the store has

    def message(self) -> str:
        """Why nothing was chosen, as a person reads it (empty when a unit was)."""
        typed = _shown(self.typed)
        if self.name is not None:
            return ""
        if not typed:
            return "请填写单位名称"
        if self.candidates:
            return f"「{typed}」可指多个单位：{_quoted(self.candidates)}，请写出全称"
        if self.suggestions:
            return f"未知单位「{typed}」，是否指{_either(self.suggestions)}？"
        if not self.known:
            return f"未知单位「{typed}」：还没有登记任何单位（请先登记单位）"
        return f"未知单位「{typed}」，也没有名称或拼音相近的单位（新单位请先登记）"


def match_name(typed: str, units: Units) -> UnitMatch:
    """The unit `typed` names in `units`: by a name or alias (NFKC), else by pinyin when
    exactly one unit fits (`jtj`, `jiaotiju`, from 3 letters also part of the initials
    `qjtj` or the start of the full pinyin); otherwise the known names that look or sound
    alike. Pure: the CLI and the service call it on the store's units, the UI on the
    units it read when its dialog opened."""
    t = typed.strip(" \t\r\n\u3000")
    key = name_key(t)
    known = len(units)
    if not key:
        return UnitMatch(t, known=known)
    simplified = name_key(to_simplified(t))  # 區教育局 names 区教育局
    for name, aliases in units:
        if any(name_key(n) in (key, simplified) for n in (name, *aliases)):
            return UnitMatch(t, name=name, via="name", known=known)
    letters = key.lower()
    if letters.isascii() and letters.isalpha() and len(letters) >= MIN_PINYIN:
        hits = _pinyin_hits(letters, units)
        if len(hits) == 1:
            return UnitMatch(t, name=hits[0], via="pinyin", known=known)
        if hits:
            return UnitMatch(t, candidates=tuple(hits), known=known)
    return UnitMatch(t, suggestions=suggest(key, units), known=known)


def _pinyin_hits(letters: str, units: Units) -> list[str]:
    """Units whose name or alias is spelled `letters` (full pinyin or initials); when
    none is, those whose initials contain it or whose pinyin starts with it."""
    exact: list[str] = []
    loose: list[str] = []
    for name, aliases in units:
        spellings = [_spelling(n) for n in (name, *aliases)]
        if any(letters in (full, initials) for _, full, initials in spellings):
            exact.append(name)
        elif len(letters) >= LOOSE_PINYIN and any(
            letters in initials or full.startswith(letters) for _, full, initials in spellings
        ):
            loose.append(name)
    return exact or loose


def suggest(typed: str, units: Units, limit: int = MAX_SUGGESTIONS) -> tuple[str, ...]:
    """Known units whose name or an alias looks or sounds like `typed`, best first: one
    contains the other (教体 / 区教体局), the typed characters appear in order (应急局 /
    区应急管理局), or few characters or pinyin syllables differ (区教休局 / 区教体局,
    区交同局 / 区交通局); typed letters are compared with the pinyin and its initials."""
    t = name_key(typed)
    if not t or len(t) > NAME_MAX:
        return ()
    scored: list[tuple[float, str, str]] = []
    for name, aliases in units:
        score = max(_likeness(t, n) for n in (name, *aliases))
        if score >= SIMILAR:
            scored.append((-score, pinyin_key(name), name))
    return tuple(name for _, _, name in sorted(scored)[:limit])


def _likeness(typed: str, name: str) -> float:
    """How alike a typed name and a known one are, 0..1 (see `suggest`)."""
    from rapidfuzz.distance import Levenshtein  # C speed; loaded only when a name is not found

    known = name_key(name)
    if typed.isascii():
        letters = typed.lower().replace(" ", "")
        _, full, initials = _spelling(known)
        if len(letters) >= LOOSE_PINYIN and (letters in full or letters in initials):
            return 0.9
        return max(
            Levenshtein.normalized_similarity(letters, full), Levenshtein.normalized_similarity(letters, initials)
        )
    if len(typed) >= 2 and len(known) >= 2 and (typed in known or known in typed):
        return 0.9
    if len(typed) >= 3 and 2 * len(typed) >= len(known) and _in_order(typed, known):
        return 0.8
    chars = Levenshtein.normalized_similarity(typed, known)
    sounds = Levenshtein.normalized_similarity(_spelling(typed)[0], _spelling(known)[0])
    # Sound helps only where the characters differ but are read alike (区交同局 / 区交通局):
    # alone it would pair every 教 with every 交.
    return max(chars, (chars + sounds) / 2)


def _in_order(short: str, long: str) -> bool:
    """Every character of `short` appears in `long`, in the same order."""
    rest = iter(long)
    return all(ch in rest for ch in short)


@lru_cache(maxsize=4096)
def _spelling(name: str) -> tuple[tuple[str, ...], str, str]:
    """(syllables without tones, full pinyin, initials) of a name, lower case; other
    characters are kept as they are."""
    from pypinyin import Style, lazy_pinyin

    syllables = tuple(p.lower() for p in lazy_pinyin(name, errors="default") if p.strip())
    initials = "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default") if p.strip())
    return syllables, "".join(syllables).replace(" ", ""), initials.lower().replace(" ", "")


def _units(s: Session) -> list[tuple[str, list[str]]]:
    """Every unit with its aliases, as `match_name` takes them."""
    names: dict[int, tuple[str, list[str]]] = {}
    for d in s.exec(select(Department)).all():
        names[d.id or 0] = (d.name, [])
    for a in s.exec(select(DepartmentAlias)).all():
        if a.department_id in names:
            names[a.department_id][1].append(a.alias)
    return list(names.values())


def match(ctx: ServiceContext, typed: str) -> UnitMatch:
    """`match_name` on the store's units as they are now."""
    with ctx.store.session() as s:
        return match_name(typed, _units(s))


def _shown(text: str) -> str:
    text = text.strip()
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _quoted(names: Sequence[str]) -> str:
    return "、".join(f"「{n}」" for n in names[:5]) + ("等" if len(names) > 5 else "")


def _either(names: Sequence[str]) -> str:
    """「A」, 「A」或「B」, 「A」、「B」或「C」."""
    quoted = [f"「{n}」" for n in names]
    return quoted[0] if len(quoted) == 1 else "、".join(quoted[:-1]) + "或" + quoted[-1]


__all__ = [
    "SimilarUnitError",
    "UnitMatch",
    "UnitView",
    "Units",
    "actor_unit_id",
    "add",
    "add_aliases",
    "find",
    "known_names",
    "listing",
    "match",
    "match_name",
    "matching",
    "overview",
    "require",
    "require_id",
    "resolve",
    "suggest",
]
