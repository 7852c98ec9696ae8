"""The office's administration commands: the store itself (`db init|upgrade|status|
grant-unit|revoke-unit`, `backup FILE`, `restore FILE`) and the unit register
(`dept list|add|alias|rename|merge`).

The work is the store layer's (tasktui.store.schema, .roles, .backup); these handlers
open the store, call it and word the result.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tasktui.cli.options import note_read_only, open_service
from tasktui.cli.output import out, table
from tasktui.store.errors import EXIT_OK, InputError, RuleError

if TYPE_CHECKING:
    from tasktui.store.db import Store
    from tasktui.store.service import Service

Handler = Callable[[argparse.Namespace], int]


@contextmanager
def open_admin_store(args: argparse.Namespace) -> Iterator[Store]:
    """The store without the schema check: these commands work on old or empty ones.
    They act on the whole store, so they are the office's alone."""
    from tasktui.store.db import Store, resolve_url

    if getattr(args, "actor", None):
        raise RuleError(
            f"{args.actor}不能管理数据库：db、backup、restore 涉及所有单位的事项，只有督查室可以（去掉 --as 再运行）"
        )
    store = Store(resolve_url(getattr(args, "db", None)), create=False)
    try:
        note_read_only(args, store.read_only, store.path)
        yield store
    finally:
        store.dispose()


# ---------------------------------------------------------------------- db …


def cmd_db(args: argparse.Namespace) -> int:
    action = getattr(args, "db_command", None) or "status"
    with open_admin_store(args) as store:
        return DB_ACTIONS[action](store, args)


def _db_status(store: Store, args: argparse.Namespace) -> int:
    from tasktui.store.schema import read_state

    state = read_state(store)
    rev = state.revision
    if rev is None:
        tables = state.tables
        found = "已有表 " + "、".join(sorted(tables)) if tables else "空数据库"
        out(f"{state.url}：还没有 tasktui 的数据库结构（{found}）；tasktui db init 可在空数据库中建立")
        return EXIT_OK
    note = "" if state.stamped else "（迁移机制之前记下的版本，db upgrade 会补记）"
    if state.up_to_date:
        word = "已是最新"
    elif state.known:
        word = "需要运行 tasktui db upgrade"
    else:
        word = "本版 tasktui 不认识（由更新版本写入），请升级 tasktui"
    out(f"{state.url}：数据库结构版本 {rev}{note}，本版 tasktui 为 {state.head}：{word}")
    return EXIT_OK


def _db_init(store: Store, args: argparse.Namespace) -> int:
    from tasktui.store.schema import init_schema

    state, created = init_schema(store)
    if not created:
        out(
            f"已经是 tasktui 的数据库（结构版本 {state.revision}）"
            + ("" if state.up_to_date else "；请运行 tasktui db upgrade")
        )
        return EXIT_OK
    out(f"已在 {state.url} 建立 tasktui 数据库结构（版本 {state.head}）")
    return EXIT_OK


def _db_upgrade(store: Store, args: argparse.Namespace) -> int:
    from tasktui.store.schema import upgrade_schema

    # Said as soon as the copy exists: the user knows where it is even if migrating fails.
    result = upgrade_schema(store, copy_saved=lambda path: out(f"升级前的数据库已另存为 {path}"))
    if not result.migrated:
        out(f"数据库结构已是版本 {result.after}，无需升级")
        return EXIT_OK
    out(f"数据库结构版本 {result.before or '（空）'} → {result.after}")
    return EXIT_OK


def _db_grant_unit(store: Store, args: argparse.Namespace) -> int:
    from tasktui.store.roles import grant_unit, resolve_unit_role

    target = resolve_unit_role(store, args.unit, args.role)
    password = None
    if args.password_env:  # from the environment: a password in argv shows in `ps`
        password = os.environ.get(args.password_env)
        if not password:
            raise InputError(f"环境变量 {args.password_env} 为空或未设置：请先设置角色的密码")
    created = grant_unit(store, target, password)
    role, unit = target.role, target.unit
    out(
        f"已{'建立' if created else '更新'}角色 {role}：只能查看和修改{unit}牵头或配合的事项"
        f"（以 {role} 连接数据库，并用 --as {unit} 运行 tasktui）"
    )
    return EXIT_OK


def _db_revoke_unit(store: Store, args: argparse.Namespace) -> int:
    from tasktui.store.roles import revoke_unit

    revoke_unit(store, args.role, drop_role=args.drop_role)
    out(f"已收回角色 {args.role} 的策略和权限" + ("，并删除了这个角色" if args.drop_role else ""))
    return EXIT_OK


DB_ACTIONS: dict[str, Callable[[Store, argparse.Namespace], int]] = {
    "status": _db_status,
    "init": _db_init,
    "upgrade": _db_upgrade,
    "grant-unit": _db_grant_unit,
    "revoke-unit": _db_revoke_unit,
}


# ---------------------------------------------------------------------- backup / restore


def cmd_backup(args: argparse.Namespace) -> int:
    from tasktui.store.backup import backup, check_target

    check_target(args.file)  # a folder, a missing folder: refused before the store is opened
    with open_admin_store(args) as store:
        store.ensure_schema()  # back up only a tasktui store this version understands
        info = backup(store, args.file)
    extra = f"，{info.tasks} 项事项" if info.tasks is not None else ""
    out(f"已备份到 {info.path}（{info.kind}，{info.size} 字节{extra}）")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from tasktui.store.backup import restore
    from tasktui.store.db import safe_url

    with open_admin_store(args) as store:
        info, saved = restore(store, args.file, force=args.force)
    if saved is not None:
        out(f"数据库原来的内容已另存为 {saved}")
    extra = f"（{info.tasks} 项事项）" if info.tasks is not None else ""
    out(f"已把 {info.path}{extra} 恢复到 {safe_url(store.url)}")
    return EXIT_OK


# ---------------------------------------------------------------------- departments


def cmd_dept(args: argparse.Namespace) -> int:
    """`dept list|add|alias|rename|merge`: a unit is typed by any of its names or its
    pinyin initials, and an unknown one gets the names it looks like (exit 2)."""
    from tasktui.store.departments import SimilarUnitError

    with open_service(args) as svc:
        action = args.dept_command
        if action == "add":
            try:
                name = svc.add_department(args.name, args.alias, allow_similar=args.new)
            except SimilarUnitError as exc:
                raise InputError(f"{exc}；如确是另一个单位，加 --new 再运行") from None
            aliases = _aliases(svc, name)
            out(f"单位「{name}」已登记" + (f"，别名：{'、'.join(aliases)}" if aliases else ""))
        elif action == "alias":
            name = svc.add_aliases(args.unit, args.aliases)
            out(f"「{name}」的别名：{'、'.join(_aliases(svc, name))}")
        elif action == "rename":
            change = svc.rename_unit(args.unit, args.new_name)
            out(f"「{change.old}」已更名为「{change.new}」，旧名称保留为别名；{change.tasks} 项事项的历史记下了更名")
            for role in change.roles:
                out(f"数据库角色 {role} 现在代表「{change.new}」")
        elif action == "merge":
            change = svc.merge_units(args.unit, args.into)
            out(
                f"「{change.old}」已并入「{change.new}」：{change.tasks} 项事项转给「{change.new}」，"
                f"「{change.old}」的名称和别名成为「{change.new}」的别名"
            )
            for role in change.roles:
                out(
                    f"注意：数据库角色 {role} 原代表「{change.old}」，现在看不到任何事项；"
                    f"如需让它代表「{change.new}」：tasktui db grant-unit {change.new} --role {role}"
                )
        else:
            return _dept_list(svc, getattr(args, "json", False))
    return EXIT_OK


def _aliases(svc: Service, name: str) -> tuple[str, ...]:
    """The unit's aliases, in the units view's order (pinyin)."""
    return next((u.aliases for u in svc.unit_overview() if u.name == name), ())


def _dept_list(svc: Service, as_json: bool) -> int:
    units = svc.unit_overview()
    if as_json:
        import json

        out(
            json.dumps(
                [
                    {"name": u.name, "aliases": list(u.aliases), "lead": u.lead, "co": u.co, "open": u.open}
                    for u in units
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if not units:
        out("还没有登记单位（tasktui dept add 名称）")
        return EXIT_OK
    rows = [[u.name, "、".join(u.aliases), str(u.lead), str(u.co), str(u.open)] for u in units]
    out(table(rows, ["单位", "别名", "牵头", "配合", "未完成"], caps=(24, 40, 6, 6, 6)))
    return EXIT_OK


COMMANDS: dict[str, Handler] = {"db": cmd_db, "backup": cmd_backup, "restore": cmd_restore, "dept": cmd_dept}

__all__ = ["COMMANDS", "cmd_db", "cmd_backup", "cmd_restore", "cmd_dept", "open_admin_store"]
