"""Departments (单位) and their aliases: finding one by any of its names, adding them,
and matching a typed name or its pinyin (`jtj` -> 区教体局).

Every name that comes in (a new unit, an alias, `--as`, a lead) goes through
tasktui.textcheck's name rules: invisible and bidirectional characters refused, at most
NAME_MAX characters, stored trimmed in NFC and compared in NFKC (`find`), the same on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from tasktui.models import Department, DepartmentAlias
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
    """`find`, or InputError with the known names that look alike. A name with an
    invisible or bidirectional character is refused as such, not looked up: it can only
    be a lookalike of the unit it seems to be."""
    if first_invisible_char(name.strip(" \t\r\n\u3000")):
        raise InputError(name_problem(name, "单位名称") or "")
    dept = find(s, name)
    if dept is None:
        known = [d.name for d in s.exec(select(Department).order_by(col(Department.name)))]
        close = [k for k in known if name and (name in k or k in name)][:5]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        if not known:
            hint = "; no departments are known yet (add one with `tasktui dept add`)"
        raise InputError(f"unknown department {name!r}{hint}")
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


def add(ctx: ServiceContext, name: str, aliases: Iterable[str] = ()) -> str:
    """Add a department, or aliases to one; returns its canonical name."""
    policy.office_only(ctx.actor, "add a department").enforce()
    # Not trimmed before the name check: a trailing U+2028 is refused, not trimmed away.
    name = check_text(name, "the department name") or ""
    alias_list = [check_text(a, "an alias") or "" for a in aliases]
    if not name.strip():
        raise InputError("a department needs a name")
    name = check_name(name, "单位名称", NAME_MAX)
    alias_list = [check_name(a, "别名", NAME_MAX) for a in alias_list]
    with ctx.store.write() as s:
        dept = find(s, name)
        if dept is None:
            dept = Department(name=name)
            s.add(dept)
            s.flush()
        assert dept.id is not None
        for alias in alias_list:
            if not alias or name_key(alias) == name_key(dept.name):
                continue
            other = find(s, alias)
            if other is not None and other.id != dept.id:
                raise InputError(f"alias {alias!r} already names {other.name}")
            if other is None:
                s.add(DepartmentAlias(department_id=dept.id, alias=alias))
        return dept.name


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
    names: dict[int, list[str]] = {}
    for d in s.exec(select(Department)).all():
        names.setdefault(d.id or 0, []).append(d.name)
    for a in s.exec(select(DepartmentAlias)).all():
        names.setdefault(a.department_id, []).append(a.alias)
    out = []
    for dept_id, texts in names.items():
        for n in texts:
            if t in n.lower() or (ascii_term and any(t in part for part in pinyin_key(n).split(" "))):
                out.append(dept_id)
                break
    return sorted(out)


__all__ = ["actor_unit_id", "add", "find", "known_names", "listing", "matching", "require", "require_id", "resolve"]
