"""PostgreSQL unit roles: a login role that sees and changes only one unit's tasks.

Holds the SQL (privileges, row-level security policies, the triggers and the definer
functions they share) and `grant_unit` / `revoke_unit`, which run it on a Store. SQLite
has no roles: both refuse it with InputError. `tasktui db grant-unit|revoke-unit` is the
caller; it reads the password and prints. The threat model is in docs/postgres.md.

How it holds together:

* Every unit role is a member of `tasktui_unit` and of nothing else. The privileges and
  the policies are the group's; what makes a role one unit's is the `meta` row
  `unit_role:<role>` = the unit's name.
* Who is asking is worked out on the server (`tasktui_unit_caller()`): the role set with
  SET ROLE, else the login (`session_user`). Inside a SECURITY DEFINER function
  `current_user` is the owner, so it cannot be used; the `role` setting is not changed by
  a definer function, and a session can set it only to a role it is a member of.
* A unit's event is built by the server (`tasktui_unit_event_guard`): the time, the actor,
  the state after it and the values come from the task row; the action must be the one
  the task's change in the same transaction amounts to. Every change a unit makes to a
  task must be followed by its event before the transaction commits (a deferred check),
  so the history, and the weekly report built from it, cannot be forged or skipped.
* Every function pins `search_path = pg_catalog, public, pg_temp` and names every table
  and catalog with its schema; unit roles get no TEMP and no CREATE anywhere, so there is
  nothing of theirs to shadow the real objects with.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from tasktui.models import Attachment, Event
from tasktui.store import departments, migrations
from tasktui.store.attachments import EXTENSIONS
from tasktui.store.db import Store
from tasktui.store.errors import InputError, StoreError
from tasktui.store.extensions import QUEUE_ACTIONS
from tasktui.store.lifecycle import (
    ACTION_LABELS,
    ASSIGNED,
    CONTEXT_ACTIONS,
    DEPARTMENT_ACTIONS,
    LEAD_ONLY_ACTIONS,
    TRANSITIONS,
    Action,
    target_status,
)

ROLE_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
UNIT_GROUP = "tasktui_unit"  # every unit role is a member; the policies and privileges are its
MAPPING_PREFIX = "unit_role:"  # meta key of the role→unit mapping
# meta.key is VARCHAR(64): the mapping's key must fit.
MAX_ROLE_LEN = 64 - len(MAPPING_PREFIX)
# attachment: evidence (佐证材料), read and added only for the unit's own tasks (schema 8).
PROTECTED_TABLES = ("task", "taskcoowner", "event", "attachment")
# The holiday tables: a unit's deadline phrases resolve with the office's imported
# schedules, which only the office writes.
READABLE_TABLES = (
    "meta",
    "meeting",
    "department",
    "departmentalias",
    "holidayyear",
    "holidaybreak",
    "holidayworkday",
    migrations.VERSION_TABLE,
)
CHANGE_TABLE = "tasktui_unit_change"  # a unit's task changes awaiting their event (see below)
# Every function pins this: pg_catalog first, and the session's temporary schema last, so
# nothing a session creates can stand in for a catalog or a table (PostgreSQL docs,
# "Writing SECURITY DEFINER Functions Safely").
SEARCH_PATH = "pg_catalog, public, pg_temp"
DIRECTIVE = "directive"  # the only kind a department acts on beyond notes (policy.may, rule 3)

# Session defaults for unit roles, for people typing and for clients that die with a
# transaction open: a unit that holds a row lock (SELECT … FOR UPDATE) and walks away
# loses it, and the office's writes go through. A hostile unit can lift them in its own
# session (they are ordinary settings); docs/postgres.md says what bounds the office then.
UNIT_TIMEOUTS: Mapping[str, str] = {
    "lock_timeout": "10s",  # how long a unit's statement waits for a lock
    "statement_timeout": "1min",  # one statement (a unit's weekly report on a large store: seconds)
    "idle_in_transaction_session_timeout": "1min",  # an open transaction nobody uses
}

# Who is asking: the role set with SET ROLE, else the login. Never `current_user`, which
# is the owner inside a SECURITY DEFINER function.
_CALLER_SQL = (
    "(CASE WHEN pg_catalog.current_setting('role') = 'none' THEN session_user "
    "ELSE pg_catalog.current_setting('role')::pg_catalog.name END)"
)
# Policies read the caller's unit once per statement (an InitPlan), not once per row.
_UNIT_ID = "(SELECT public.tasktui_unit_id())"
# The policies drop every policy named so on the protected tables and create their own:
# re-running grant-unit replaces what an older tasktui created (one set per role then).
_POLICY_PREFIX = "tasktui_"


@dataclass(frozen=True)
class UnitRole:
    """A checked role name and the unit (department) it is to stand for."""

    role: str
    unit: str  # the department's canonical name
    department_id: int


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _lits(values: Any) -> str:
    return ", ".join(_lit(v) for v in sorted(values))


def _ddl(conn: Any, stmt: str) -> None:
    """Run one statement verbatim: through the driver without parameters, so a % in a
    unit name, password or PL/pgSQL body is not taken for a placeholder."""
    with conn.connection.dbapi_connection.cursor() as cur:
        cur.execute(stmt)


def require_postgres(store: Store, what: str) -> None:
    if store.engine.dialect.name != "postgresql":
        raise InputError(f"{what} 需要 PostgreSQL：SQLite 没有数据库角色（一个文件，只供督查室使用）")


def check_role(role: str) -> str:
    """`role` if it is a plain lower-case name that is not reserved; InputError otherwise."""
    if not ROLE_RE.match(role):
        raise InputError(f"角色名 {role!r} 不可用：只能用小写字母、数字和 _，并以字母或 _ 开头")
    if role in ("postgres", "public", UNIT_GROUP) or role.startswith("pg_"):
        raise InputError(f"角色名 {role!r} 是保留名称，请换一个")
    if len(role) > MAX_ROLE_LEN:
        raise InputError(f"角色名 {role!r} 太长：最多 {MAX_ROLE_LEN} 个字符")
    return role


# ---------------------------------------------------------------------- the SQL


def _event_rules() -> str:
    """The CASE on a unit's event action, one branch per department action, from the
    lifecycle's tables: where the action may start (`before`: the status before this
    transaction's change), where it leads (the row now), which kinds it applies to, and
    the values the event carries (`v_from`, `v_to`: worked out here, as the service's
    actions record them)."""
    branches = []
    for action in sorted(DEPARTMENT_ACTIONS, key=lambda a: a.value):
        conds = []
        rule = TRANSITIONS.get(action)
        target = rule[1] if rule else None
        if rule and target:
            # Where each start leads (lifecycle.target_status: progress keeps 持续整改).
            moves = ", ".join(
                f"({_lit(start)}, {_lit(target_status(action, start, True))})" for start in sorted(rule[0])
            )
            conds.append(f"(status_before, t.status) IN ({moves})")
        elif rule:
            conds.append(f"status_before IN ({_lits(rule[0])})")
            conds.append("t.status = status_before")
        else:
            conds.append("t.status = status_before")
        if action not in CONTEXT_ACTIONS:
            conds.append(f"t.kind = {_lit(DIRECTIVE)}")
        refuse = (
            f"RAISE EXCEPTION '事项 #% 的这次修改（% → %）不是「%」', t.id, status_before, t.status, "
            f"{_lit(ACTION_LABELS[action.value])} USING ERRCODE = '42501';"
        )
        body = [f"IF NOT ({' AND '.join(conds)}) THEN {refuse} END IF;"]
        if action in LEAD_ONLY_ACTIONS:  # policy.may: a co-owner reports progress, the lead this
            body.append(
                "IF t.lead_id IS DISTINCT FROM public.tasktui_unit_id() THEN "
                f"RAISE EXCEPTION '只有牵头单位可以「%」', {_lit(ACTION_LABELS[action.value])} "
                "USING ERRCODE = '42501'; END IF;"
            )
        if target:  # a status change: from → to, as actions.change_status records it
            body.append("v_from := status_before; v_to := t.status;")
        elif action is Action.EXTENSION_REQUESTED:  # from the deadline to the date asked
            body.append(
                """asked := NULL;
                IF NEW.to_value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
                  BEGIN
                    asked := NEW.to_value::pg_catalog.date;
                  EXCEPTION WHEN OTHERS THEN
                    asked := NULL;
                  END;
                END IF;
                IF asked IS NULL OR asked <= t.deadline THEN
                  RAISE EXCEPTION '申请延期需要一个晚于现时限的日期（YYYY-MM-DD）' USING ERRCODE = '42501';
                END IF;
                v_from := pg_catalog.to_char(t.deadline, 'YYYY-MM-DD');
                v_to := pg_catalog.to_char(asked, 'YYYY-MM-DD');"""
            )
            # One pending request per task (policy.may, store/extensions.py): the task's
            # last request, grant or deny must not be a request.
            body.append(
                "IF (SELECT e.action FROM public.event e "
                f"WHERE e.task_id = t.id AND e.action IN ({_lits(QUEUE_ACTIONS)}) "
                f"ORDER BY e.id DESC LIMIT 1) = {_lit(Action.EXTENSION_REQUESTED.value)} THEN "
                "RAISE EXCEPTION '事项 #% 已有待批的延期申请', t.id USING ERRCODE = '42501'; END IF;"
            )
        elif action in (Action.NOTE, Action.ACKNOWLEDGED):
            body.append("v_from := NULL; v_to := NULL;")
        elif action is Action.ATTACHED:  # the file's name, as the unit gave it
            body.append("v_from := NULL; v_to := NEW.to_value;")
        else:  # a new department action needs its values decided here first
            raise NotImplementedError(f"no server-side event rule for the department action {action.value!r}")
        branches.append(f"WHEN {_lit(action.value)} THEN\n" + "\n".join(body))
    return (
        "CASE NEW.action\n"
        + "\n".join(branches)
        + ("\nELSE RAISE EXCEPTION '单位不能记录「%」', NEW.action USING ERRCODE = '42501';\nEND CASE;")
    )


def _status_moves() -> str:
    """(before, after) pairs a department's actions may move a task's status by."""
    pairs = sorted(
        {
            (start, target_status(action, start, True))
            for action in DEPARTMENT_ACTIONS
            if (rule := TRANSITIONS.get(action)) and rule[1] is not None
            for start in rule[0]
            if start != target_status(action, start, True)
        }
    )
    return ", ".join(f"({_lit(a)}, {_lit(b)})" for a, b in pairs)


def database_sql(dbname: str) -> list[str]:
    """Database-wide hardening: no temporary tables for PUBLIC (PostgreSQL grants TEMP to
    everyone by default; a unit's own temporary schema is where shadow copies of catalogs
    and tables would live), no CREATE in schema public (PostgreSQL 15's default already).
    The database owner and superusers keep both."""
    return [
        f"REVOKE TEMPORARY ON DATABASE {_ident(dbname)} FROM PUBLIC",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    ]


def function_sql() -> list[str]:
    """The functions and the change table every unit role relies on (idempotent)."""
    group = _lit(UNIT_GROUP)
    common = f"SET search_path = {SEARCH_PATH}"
    # The triggers stamp times from the server clock, in the time zone of the session that
    # runs grant-unit (normally the database's): a unit's session setting cannot move them.
    clock = "SET TimeZone FROM CURRENT"
    return [
        # Filled by the task guard, emptied by the event guard, checked at commit: always
        # empty outside a unit's transaction. Only the functions below touch it.
        f"""CREATE TABLE IF NOT EXISTS public.{CHANGE_TABLE} (
              xact pg_catalog.xid8 NOT NULL,
              task_id integer NOT NULL,
              status_before text NOT NULL,
              PRIMARY KEY (xact, task_id))""",
        # Whether the change signed for the task (签收): the event must then be 签收, and
        # 签收 needs it. Added to the table of a store granted before schema 8.
        f"ALTER TABLE public.{CHANGE_TABLE} ADD COLUMN IF NOT EXISTS acknowledged boolean NOT NULL DEFAULT false",
        f"REVOKE ALL ON TABLE public.{CHANGE_TABLE} FROM PUBLIC",
        # The caller if it is a unit role (a member of tasktui_unit, not a superuser, who
        # is a member of everything), else NULL: the office.
        f"""CREATE OR REPLACE FUNCTION public.tasktui_unit_caller() RETURNS pg_catalog.name
           LANGUAGE sql STABLE {common} AS $$
             SELECT r.rolname FROM pg_catalog.pg_roles r
              WHERE r.rolname = {_CALLER_SQL}
                AND NOT r.rolsuper
                AND pg_catalog.pg_has_role(r.oid, {group}, 'MEMBER')
           $$""",
        # The caller's unit (department id), from the mapping grant-unit keeps in meta.
        f"""CREATE OR REPLACE FUNCTION public.tasktui_unit_id() RETURNS integer
           LANGUAGE sql STABLE SECURITY DEFINER {common} AS $$
             SELECT d.id FROM public.meta m JOIN public.department d ON d.name = m.value
              WHERE m.key = {_lit(MAPPING_PREFIX)} || public.tasktui_unit_caller()
           $$""",
        # Whether the caller's own unit leads or co-owns a task. SECURITY DEFINER, so it
        # reads task and taskcoowner without their policies (the policies call it: no
        # recursion); it answers only about the caller's unit, so it tells a unit nothing
        # it could not read anyway.
        f"""CREATE OR REPLACE FUNCTION public.tasktui_unit_owns(t_id integer) RETURNS boolean
           LANGUAGE sql STABLE SECURITY DEFINER {common} AS $$
             SELECT COALESCE((
               SELECT EXISTS (SELECT 1 FROM public.task t WHERE t.id = t_id AND t.lead_id = u.id)
                   OR EXISTS (SELECT 1 FROM public.taskcoowner c WHERE c.task_id = t_id AND c.department_id = u.id)
                 FROM (SELECT public.tasktui_unit_id() AS id) u), false)
           $$""",
        # Policies cannot see the old row; this trigger does. A unit may move a task only as
        # a department's action moves it, must bump the version by exactly one, and its
        # change is noted for the event that must follow (see the event guard).
        f"""CREATE OR REPLACE FUNCTION public.tasktui_unit_task_guard() RETURNS trigger
           LANGUAGE plpgsql SECURITY DEFINER {common} {clock} AS $$
           DECLARE
             signed boolean;
           BEGIN
             IF public.tasktui_unit_caller() IS NULL THEN
               RETURN NEW;
             END IF;
             IF NEW.version <> OLD.version + 1 THEN
               RAISE EXCEPTION '单位每次修改事项都要把版本号加一' USING ERRCODE = '42501';
             END IF;
             IF NEW.status IS DISTINCT FROM OLD.status
                AND NOT (OLD.kind = {_lit(DIRECTIVE)} AND (OLD.status, NEW.status) IN ({_status_moves()})) THEN
               RAISE EXCEPTION '单位不能把事项从「%」改为「%」', OLD.status, NEW.status
                 USING ERRCODE = '42501';
             END IF;
             signed := NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at;
             IF signed THEN
               -- 签收: once, by the lead, on a task 已交办 and unchanged otherwise; the time is
               -- the server's (a unit cannot back-date it) and its event must follow.
               IF OLD.acknowledged_at IS NOT NULL OR NEW.acknowledged_at IS NULL THEN
                 RAISE EXCEPTION '签收时间只能由空写入一次，不能修改或清除' USING ERRCODE = '42501';
               END IF;
               IF OLD.lead_id IS DISTINCT FROM public.tasktui_unit_id() THEN
                 RAISE EXCEPTION '只有牵头单位可以签收' USING ERRCODE = '42501';
               END IF;
               IF OLD.status <> {_lit(ASSIGNED)} OR NEW.status IS DISTINCT FROM OLD.status
                  OR OLD.kind <> {_lit(DIRECTIVE)} THEN
                 RAISE EXCEPTION '只有{ASSIGNED}的督办事项可以签收，且签收不改变状态' USING ERRCODE = '42501';
               END IF;
               NEW.acknowledged_at := LOCALTIMESTAMP;
             END IF;
             NEW.updated_at := LOCALTIMESTAMP;  -- the server's clock, not the client's
             -- The first change in this transaction keeps the status it started from; a
             -- signature in any of its changes is kept for the event.
             INSERT INTO public.{CHANGE_TABLE} AS c (xact, task_id, status_before, acknowledged)
               VALUES (pg_catalog.pg_current_xact_id(), OLD.id, OLD.status, signed)
               ON CONFLICT (xact, task_id) DO UPDATE SET acknowledged = c.acknowledged OR EXCLUDED.acknowledged;
             RETURN NEW;
           END $$""",
        # A unit's history event, built on the server: only for a task of its own unit,
        # in its own name, as the action its change of the task in this very transaction
        # amounts to (one event per change); time, state after and values from the row.
        f"""CREATE OR REPLACE FUNCTION public.tasktui_unit_event_guard() RETURNS trigger
           LANGUAGE plpgsql SECURITY DEFINER {common} {clock} AS $$
           DECLARE
             unit_name text;
             t public.task%ROWTYPE;
             status_before text;
             acked boolean;
             asked pg_catalog.date;
             v_from text;
             v_to text;
             v_lead text;
             v_co text;
           BEGIN
             IF public.tasktui_unit_caller() IS NULL THEN
               RETURN NEW;
             END IF;
             -- Before anything else, and the same words for a task that does not exist:
             -- this runs with the owner's rights and must not tell what another unit has.
             IF NOT public.tasktui_unit_owns(NEW.task_id) THEN
               RAISE EXCEPTION '没有权限：事项 #% 不是本单位牵头或配合的事项', NEW.task_id USING ERRCODE = '42501';
             END IF;
             SELECT d.name INTO unit_name FROM public.department d WHERE d.id = public.tasktui_unit_id();
             IF NEW.actor IS DISTINCT FROM unit_name THEN
               RAISE EXCEPTION '只能以本单位（%）的名义记录', unit_name USING ERRCODE = '42501';
             END IF;
             SELECT * INTO t FROM public.task WHERE id = NEW.task_id;
             DELETE FROM public.{CHANGE_TABLE} c
              WHERE c.xact = pg_catalog.pg_current_xact_id() AND c.task_id = t.id
              RETURNING c.status_before, c.acknowledged INTO status_before, acked;
             IF NOT FOUND THEN
               RAISE EXCEPTION '单位的每条记录都要对应同一事务中对事项 #% 的一次修改（版本号加一）', t.id
                 USING ERRCODE = '42501';
             END IF;
             -- 签收 and the signature go together: no 签收 record without the time written,
             -- no time written under another record.
             IF acked IS DISTINCT FROM (NEW.action = {_lit(Action.ACKNOWLEDGED.value)}) THEN
               RAISE EXCEPTION '签收时间只能随「签收」记录一起写入（事项 #%）', t.id USING ERRCODE = '42501';
             END IF;
             {_event_rules()}
             v_lead := (SELECT d.name FROM public.department d WHERE d.id = t.lead_id);
             v_co := COALESCE((
               SELECT pg_catalog.string_agg(d.name, '、' ORDER BY c.seq, d.name)
                 FROM public.taskcoowner c JOIN public.department d ON d.id = c.department_id
                WHERE c.task_id = t.id), '');
             -- What the client left out the server fills in; what it gave must be what the
             -- server works out (the service gives exactly that). Only the time is the
             -- server's whatever the client says: clocks differ, and the client's cannot
             -- be checked against anything.
             IF (NEW.status_after IS NOT NULL AND NEW.status_after IS DISTINCT FROM t.status)
                OR (NEW.deadline_after IS NOT NULL AND NEW.deadline_after IS DISTINCT FROM t.deadline)
                OR (NEW.lead_after IS NOT NULL AND NEW.lead_after IS DISTINCT FROM v_lead)
                OR (NEW.co_after IS NOT NULL AND NEW.co_after IS DISTINCT FROM v_co)
                OR (NEW.from_value IS NOT NULL AND NEW.from_value IS DISTINCT FROM v_from)
                OR (NEW.to_value IS NOT NULL AND NEW.to_value IS DISTINCT FROM v_to) THEN
               RAISE EXCEPTION '记录与事项 #% 的实际情况不符：状态、时限、牵头和配合单位、前后值都以数据库为准', t.id
                 USING ERRCODE = '42501';
             END IF;
             NEW.at := LOCALTIMESTAMP;
             NEW.actor := unit_name;
             NEW.status_after := t.status;
             NEW.deadline_after := t.deadline;
             NEW.lead_after := v_lead;
             NEW.co_after := v_co;
             NEW.from_value := v_from;
             NEW.to_value := v_to;
             RETURN NEW;
           END $$""",
        # A unit's attachment rides on a change of its task in the same transaction (the
        # version bump attachments.add makes first), so the event that change owes at
        # commit is there; its time is the server's.
        f"""CREATE OR REPLACE FUNCTION public.tasktui_unit_attachment_guard() RETURNS trigger
           LANGUAGE plpgsql SECURITY DEFINER {common} {clock} AS $$
           BEGIN
             IF public.tasktui_unit_caller() IS NULL THEN
               RETURN NEW;
             END IF;
             -- The event guard's words: nothing told about a task that is not the unit's.
             IF NOT public.tasktui_unit_owns(NEW.task_id) THEN
               RAISE EXCEPTION '没有权限：事项 #% 不是本单位牵头或配合的事项', NEW.task_id USING ERRCODE = '42501';
             END IF;
             IF NOT EXISTS (SELECT 1 FROM public.{CHANGE_TABLE} c
                             WHERE c.xact = pg_catalog.pg_current_xact_id() AND c.task_id = NEW.task_id) THEN
               RAISE EXCEPTION '单位上传佐证材料要在同一事务中修改事项 #%（版本号加一）并记录', NEW.task_id
                 USING ERRCODE = '42501';
             END IF;
             NEW.added_at := LOCALTIMESTAMP;  -- the server's clock, not the client's
             RETURN NEW;
           END $$""",
        # At commit: every change a unit made to a task has had its event.
        f"""CREATE OR REPLACE FUNCTION public.tasktui_unit_change_check() RETURNS trigger
           LANGUAGE plpgsql SECURITY DEFINER {common} AS $$
           BEGIN
             IF EXISTS (SELECT 1 FROM public.{CHANGE_TABLE} c
                         WHERE c.xact = NEW.xact AND c.task_id = NEW.task_id) THEN
               RAISE EXCEPTION '单位修改了事项 #%，却没有在同一事务中写入相应的记录', NEW.task_id
                 USING ERRCODE = '42501';
             END IF;
             RETURN NULL;
           END $$""",
    ] + [
        f"REVOKE ALL ON FUNCTION public.{f} FROM PUBLIC"
        for f in (
            "tasktui_unit_caller()",
            "tasktui_unit_id()",
            "tasktui_unit_owns(integer)",
            "tasktui_unit_task_guard()",
            "tasktui_unit_event_guard()",
            "tasktui_unit_change_check()",
            "tasktui_unit_attachment_guard()",
        )
    ]


def upgrade_sql() -> list[str]:
    """What a schema migration re-runs on a store whose unit roles were granted by an older
    tasktui: the functions (the guards learn new actions and statuses) and what the group
    may write now."""
    g = _ident(UNIT_GROUP)
    return [
        *function_sql(),
        f"GRANT UPDATE (acknowledged_at) ON public.task TO {g}",
        *attachment_trigger_sql(),
        "ALTER TABLE public.attachment ENABLE ROW LEVEL SECURITY",
        *attachment_policy_sql(),
        *attachment_privilege_sql(),
    ]


def attachment_trigger_sql() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS tasktui_unit_attachment_guard ON public.attachment",
        "CREATE TRIGGER tasktui_unit_attachment_guard BEFORE INSERT ON public.attachment "
        "FOR EACH ROW EXECUTE FUNCTION public.tasktui_unit_attachment_guard()",
    ]


def attachment_policy_sql() -> list[str]:
    """A unit reads the attachments of its own tasks and adds them only there, in its own
    name, in the statuses evidence is taken (TRANSITIONS), of an accepted type, with the
    size and hash of the bytes it sends. No UPDATE or DELETE policy (nor privilege):
    evidence once given stays."""
    g = _ident(UNIT_GROUP)
    unit_name = f"(SELECT d.name FROM public.department d WHERE d.id = {_UNIT_ID})"
    starts = _lits(TRANSITIONS[Action.ATTACHED][0])
    media = _lits(set(EXTENSIONS.values()))
    return [
        "DROP POLICY IF EXISTS tasktui_unit_attachment_read ON public.attachment",
        "DROP POLICY IF EXISTS tasktui_unit_attachment_insert ON public.attachment",
        f"CREATE POLICY tasktui_unit_attachment_read ON public.attachment FOR SELECT TO {g} "
        "USING (public.tasktui_unit_owns(task_id))",
        f"CREATE POLICY tasktui_unit_attachment_insert ON public.attachment FOR INSERT TO {g} "
        f"WITH CHECK (public.tasktui_unit_owns(task_id) AND added_by = {unit_name} "
        f"AND media_type IN ({media}) "
        "AND size = pg_catalog.octet_length(content) "
        "AND sha256 = pg_catalog.encode(pg_catalog.sha256(content), 'hex') "
        "AND EXISTS (SELECT 1 FROM public.task t WHERE t.id = attachment.task_id "
        f"AND t.kind = {_lit(DIRECTIVE)} AND t.status IN ({starts})))",
    ]


def attachment_privilege_sql() -> list[str]:
    """Read, and insert every column but the id (the sequence gives it)."""
    g = _ident(UNIT_GROUP)
    cols = ", ".join(c.name for c in Attachment.__table__.columns if c.name != "id")  # type: ignore[attr-defined]
    return [
        f"GRANT SELECT ON public.attachment TO {g}",
        f"GRANT INSERT ({cols}) ON public.attachment TO {g}",
        # The sequence's name is looked up, as grant_unit does for event's.
        "DO $$ BEGIN EXECUTE pg_catalog.format('GRANT USAGE ON SEQUENCE %s TO "
        + UNIT_GROUP
        + "', pg_catalog.pg_get_serial_sequence('public.attachment', 'id')); END $$",
    ]


def trigger_sql() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS tasktui_unit_task_guard ON public.task",
        "CREATE TRIGGER tasktui_unit_task_guard BEFORE UPDATE ON public.task "
        "FOR EACH ROW EXECUTE FUNCTION public.tasktui_unit_task_guard()",
        "DROP TRIGGER IF EXISTS tasktui_unit_event_guard ON public.event",
        "CREATE TRIGGER tasktui_unit_event_guard BEFORE INSERT ON public.event "
        "FOR EACH ROW EXECUTE FUNCTION public.tasktui_unit_event_guard()",
        *attachment_trigger_sql(),
        f"DROP TRIGGER IF EXISTS tasktui_unit_change_check ON public.{CHANGE_TABLE}",
        # Deferred: fires at COMMIT. A unit that asks for it IMMEDIATE only fails sooner.
        f"CREATE CONSTRAINT TRIGGER tasktui_unit_change_check AFTER INSERT ON public.{CHANGE_TABLE} "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.tasktui_unit_change_check()",
    ]


def policy_sql(old_policies: list[tuple[str, str]]) -> list[str]:
    """Row-level security for the group: drop `old_policies` ((table, name) pairs, one set
    per role from older tasktui), create the group's."""
    g = _ident(UNIT_GROUP)
    own_task = (
        f"(task.lead_id = {_UNIT_ID} OR EXISTS (SELECT 1 FROM public.taskcoowner c "
        f"WHERE c.task_id = task.id AND c.department_id = {_UNIT_ID}))"
    )
    actions = _lits(a.value for a in DEPARTMENT_ACTIONS)
    unit_name = f"(SELECT d.name FROM public.department d WHERE d.id = {_UNIT_ID})"
    stmts = [f"ALTER TABLE public.{t} ENABLE ROW LEVEL SECURITY" for t in PROTECTED_TABLES]
    stmts += [f"DROP POLICY IF EXISTS {_ident(name)} ON public.{table}" for table, name in old_policies]
    stmts += [
        f"CREATE POLICY tasktui_unit_task_read ON public.task FOR SELECT TO {g} USING {own_task}",
        f"CREATE POLICY tasktui_unit_task_update ON public.task FOR UPDATE TO {g} "
        f"USING {own_task} WITH CHECK {own_task}",
        # Not task's own policy inside: that would recurse; the definer function does not.
        f"CREATE POLICY tasktui_unit_taskcoowner_read ON public.taskcoowner FOR SELECT TO {g} "
        f"USING (department_id = {_UNIT_ID} OR public.tasktui_unit_owns(task_id))",
        f"CREATE POLICY tasktui_unit_event_read ON public.event FOR SELECT TO {g} "
        "USING (public.tasktui_unit_owns(task_id))",
        # The event guard has built the row by the time this is checked (BEFORE triggers
        # run first); this is the second wall.
        f"CREATE POLICY tasktui_unit_event_insert ON public.event FOR INSERT TO {g} "
        f"WITH CHECK (public.tasktui_unit_owns(task_id) AND actor = {unit_name} AND action IN ({actions}))",
    ]
    # The attachment policies drop their own names first: harmless after the drop above.
    return stmts + attachment_policy_sql()


def privilege_sql(dbname: str, event_seq: str) -> list[str]:
    """The group's privileges: read the reference tables and (through the policies) its
    own tasks; write only what a department's actions write."""
    g = _ident(UNIT_GROUP)
    # Every event column but the id, which the sequence gives (the UI's change marker is
    # max(event.id): a unit must not pick one).
    event_cols = ", ".join(c.name for c in Event.__table__.columns if c.name != "id")  # type: ignore[attr-defined]
    return [
        f"GRANT CONNECT ON DATABASE {_ident(dbname)} TO {g}",
        f"GRANT USAGE ON SCHEMA public TO {g}",
        f"GRANT SELECT ON {', '.join('public.' + t for t in READABLE_TABLES + PROTECTED_TABLES)} TO {g}",
        # Only what a department's actions write: status (progress/done) and the lock.
        # …and the time it signed for a task (签收).
        f"GRANT UPDATE (status, version, updated_at, acknowledged_at) ON public.task TO {g}",
        f"GRANT INSERT ({event_cols}) ON public.event TO {g}",
        f"GRANT USAGE ON SEQUENCE {event_seq} TO {g}",
        f"GRANT EXECUTE ON FUNCTION public.tasktui_unit_id(), public.tasktui_unit_owns(integer) TO {g}",
        *attachment_privilege_sql(),
    ]


def role_sql(role: str, dbname: str, timeouts: Mapping[str, str]) -> list[str]:
    """What makes `role` a unit role (its unit is the meta mapping)."""
    r = _ident(role)
    return [
        # INHERIT: the privileges are the group's. The rest it may not have (checked before).
        f"ALTER ROLE {r} INHERIT",
        f"GRANT {_ident(UNIT_GROUP)} TO {r}",
        f"GRANT CONNECT ON DATABASE {_ident(dbname)} TO {r}",
        f"REVOKE TEMPORARY, CREATE ON DATABASE {_ident(dbname)} FROM {r}",
    ] + [f"ALTER ROLE {r} SET {name} = {_lit(value)}" for name, value in timeouts.items()]


def legacy_role_sql(role: str) -> list[str]:
    """Privileges an older tasktui granted to each role itself; now the group's."""
    r = _ident(role)
    tables = ", ".join("public." + t for t in READABLE_TABLES + PROTECTED_TABLES)
    return [
        f"REVOKE ALL ON {tables} FROM {r}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {r}",
    ]


# ---------------------------------------------------------------------- running it


def resolve_unit_role(store: Store, unit: str, role: str) -> UnitRole:
    """Check everything `grant_unit` needs before it touches the database: PostgreSQL,
    a usable role name, a current schema (a unit role on an old schema would get the
    wrong policies) and a known unit (name or alias)."""
    require_postgres(store, "grant-unit")
    role = check_role(role)
    store.ensure_schema()
    with store.session() as s:
        dept = departments.require(s, unit)
        return UnitRole(role, dept.name, int(dept.id or 0))


def _refuse_unsafe_role(conn: Any, role: str) -> None:
    """A role that could step out of its unit is refused: a superuser or BYPASSRLS role
    ignores the policies, CREATEROLE can grant itself any role, the office's own role (or
    the tables' owner) is not subject to the policies, and a member of another role can
    SET ROLE to it."""
    row = conn.execute(
        text(
            "SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolname = current_user, "
            "r.rolname = (SELECT tableowner FROM pg_catalog.pg_tables "
            "             WHERE schemaname = 'public' AND tablename = 'task'), "
            "ARRAY(SELECT g.rolname FROM pg_catalog.pg_auth_members m "
            "      JOIN pg_catalog.pg_roles g ON g.oid = m.roleid "
            "      WHERE m.member = r.oid AND g.rolname <> :group ORDER BY 1) "
            "FROM pg_catalog.pg_roles r WHERE r.rolname = :r"
        ),
        {"r": role, "group": UNIT_GROUP},
    ).first()
    if row is None:
        return
    superuser, bypass, createrole, is_me, is_owner, others = row
    if superuser or bypass or createrole:
        raise InputError(f"角色 {role} 是超级用户或带有 BYPASSRLS/CREATEROLE 属性，不能作为单位角色：请换一个角色名")
    if is_me or is_owner:
        raise InputError(f"角色 {role} 是督查室自己（数据表的所有者或当前连接的角色），不能作为单位角色")
    if others:
        raise InputError(
            f"角色 {role} 还是其他角色的成员（{'、'.join(others)}），可以切换过去，不能作为单位角色："
            "请先收回这些成员资格，或换一个角色名"
        )


def _verify_no_create(conn: Any, role: str, dbname: str) -> None:
    """REVOKE by a role that does not own the object only warns; check the outcome."""
    temp, create_db, create_schema = conn.execute(
        text(
            "SELECT has_database_privilege(:r, :db, 'TEMPORARY'), has_database_privilege(:r, :db, 'CREATE'), "
            "has_schema_privilege(:r, 'public', 'CREATE')"
        ),
        {"r": role, "db": dbname},
    ).one()
    missing = [
        sql
        for held, sql in (
            (temp, f"REVOKE TEMPORARY ON DATABASE {_ident(dbname)} FROM PUBLIC"),
            (create_db, f"REVOKE CREATE ON DATABASE {_ident(dbname)} FROM PUBLIC"),
            (create_schema, "REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
        )
        if held
    ]
    if missing:
        raise StoreError(
            f"角色 {role} 仍能在数据库里建临时表或对象，什么都没有改："
            f"请数据库所有者先执行 {'; '.join(missing)}，再运行 grant-unit"
        )


def _old_policies(conn: Any) -> list[tuple[str, str]]:
    rows = conn.execute(
        text(
            "SELECT tablename, policyname FROM pg_catalog.pg_policies "
            "WHERE schemaname = 'public' AND tablename = ANY(:t) AND starts_with(policyname, :p)"
        ),
        {"t": list(PROTECTED_TABLES), "p": _POLICY_PREFIX},
    )
    return [(str(t), str(n)) for t, n in rows]


def _unit_roles(conn: Any) -> list[str]:
    """The roles that are this store's units: members of the group (roles are
    cluster-wide: another database's units are members too) with a mapping here."""
    return [
        str(r)
        for r in conn.execute(
            text(
                "SELECT u.rolname FROM pg_catalog.pg_auth_members m "
                "JOIN pg_catalog.pg_roles g ON g.oid = m.roleid JOIN pg_catalog.pg_roles u ON u.oid = m.member "
                "WHERE g.rolname = :g AND EXISTS (SELECT 1 FROM public.meta WHERE key = :p || u.rolname) ORDER BY 1"
            ),
            {"g": UNIT_GROUP, "p": MAPPING_PREFIX},
        ).scalars()
    ]


def unit_role_map(store: Store) -> dict[str, str]:
    """Each unit role of this store → the unit it stands for ({} on SQLite, which has
    no roles). `tasktui serve` starts a unit's browser session as one of these roles."""
    if store.engine.dialect.name != "postgresql":
        return {}
    with store.engine.connect() as conn:
        roles = _unit_roles(conn)
        rows = conn.execute(
            text("SELECT key, value FROM public.meta WHERE key LIKE :p"), {"p": MAPPING_PREFIX + "%"}
        ).all()
    mapping = {str(k)[len(MAPPING_PREFIX) :]: str(v) for k, v in rows}
    return {role: mapping[role] for role in roles if role in mapping}


def grant_unit(
    store: Store, target: UnitRole, password: str | None = None, timeouts: Mapping[str, str] = UNIT_TIMEOUTS
) -> bool:
    """Create or update the login role for one unit, in one transaction. True when the
    role was created, False when it existed and was updated.

    Also brings the shared objects (functions, triggers, policies) to this tasktui's and
    every existing unit role along with them: a store granted by an older tasktui is
    upgraded in place by granting any one unit again."""
    role, unit = target.role, target.unit
    with store.engine.begin() as conn:
        dbname = str(conn.execute(text("SELECT current_database()")).scalar())
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        _refuse_unsafe_role(conn, role)
        if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": UNIT_GROUP}).first():
            _ddl(conn, f"CREATE ROLE {_ident(UNIT_GROUP)} NOLOGIN")
        if not exists:
            _ddl(conn, f"CREATE ROLE {_ident(role)} LOGIN INHERIT")
        if password:
            _ddl(conn, f"ALTER ROLE {_ident(role)} PASSWORD {_lit(password)}")
        seq = str(conn.execute(text("SELECT pg_get_serial_sequence('public.event', 'id')")).scalar())
        stmts = database_sql(dbname) + function_sql() + trigger_sql() + policy_sql(_old_policies(conn))
        # The old two-argument oracle: its policies are gone by now.
        stmts.append("DROP FUNCTION IF EXISTS public.tasktui_unit_owns(integer, integer)")
        stmts += privilege_sql(dbname, seq)
        for stmt in stmts:
            _ddl(conn, stmt)
        # Remember who is who: the functions read it, and revoke-unit, and `db status` readers.
        conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": MAPPING_PREFIX + role})
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": MAPPING_PREFIX + role, "v": unit})
        for stmt in role_sql(role, dbname, timeouts):
            _ddl(conn, stmt)
        # Everyone granted before, by this tasktui or an older one: the group's privileges
        # only, and the same session limits.
        for other in _unit_roles(conn):
            if other != role:
                for stmt in legacy_role_sql(other) + role_sql(other, dbname, timeouts):
                    _ddl(conn, stmt)
        for member in _unit_roles(conn):
            _verify_no_create(conn, member, dbname)
    return not exists


def revoke_unit(store: Store, role: str, drop_role: bool = False) -> None:
    """Remove what grant_unit gave a role: its membership of the group, its privileges
    (an older tasktui's per-role policies too), its session limits and its mapping; and
    the role itself with `drop_role`. The shared functions, triggers and policies stay for
    the other units (without members they apply to nobody)."""
    require_postgres(store, "revoke-unit")
    role = check_role(role)
    with store.engine.begin() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
            raise InputError(f"没有角色 {role!r}")
        dbname = str(conn.execute(text("SELECT current_database()")).scalar())
        for table in PROTECTED_TABLES:  # an older tasktui's policies, one set per role
            for suffix in ("read", "update", "insert"):
                _ddl(conn, f"DROP POLICY IF EXISTS {_ident(f'tasktui_{role}_{table}_{suffix}')} ON public.{table}")
        r = _ident(role)
        member = conn.execute(
            text("SELECT pg_has_role(:r, :g, 'MEMBER') FROM pg_roles WHERE rolname = :g"), {"r": role, "g": UNIT_GROUP}
        ).scalar()
        if member:
            _ddl(conn, f"REVOKE {_ident(UNIT_GROUP)} FROM {r}")
        for stmt in legacy_role_sql(role):
            _ddl(conn, stmt)
        _ddl(conn, f"REVOKE ALL ON DATABASE {_ident(dbname)} FROM {r}")
        _ddl(conn, f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {r}")
        _ddl(conn, f"REVOKE USAGE ON SCHEMA public FROM {r}")
        for name in UNIT_TIMEOUTS:
            _ddl(conn, f"ALTER ROLE {r} RESET {name}")
        conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": MAPPING_PREFIX + role})
        if drop_role:
            _ddl(conn, f"DROP ROLE {r}")


__all__ = [
    "MAPPING_PREFIX",
    "UNIT_GROUP",
    "UNIT_TIMEOUTS",
    "UnitRole",
    "check_role",
    "database_sql",
    "function_sql",
    "grant_unit",
    "policy_sql",
    "privilege_sql",
    "resolve_unit_role",
    "unit_role_map",
    "require_postgres",
    "revoke_unit",
    "role_sql",
    "trigger_sql",
]
