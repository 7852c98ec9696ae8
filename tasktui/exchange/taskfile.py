"""The hand-written task file (TOML): read and validate it into a plan (`store.plan`).
Writing one is `taskfile_writer`; where a key sits in the text, `toml_locator`.

Pure: no database. Validation collects every problem with its file, line and column; the
service applies a plan only when there is none, in one transaction.

Format (see README "Task file format"):

    office = "区政府督查室"          # optional
    demo_anchor = 2026-11-20        # optional: `tasktui demo` moves every date so this is today

    [[departments]]
    name = "区教体局"
    aliases = ["教体局", "教育体育局"]

    [[meetings]]
    title = "全区教育工作会议"
    date = 2026-03-02
    source = "讲话稿.docx"          # optional

    [[meetings.tasks]]
    outline = "1.2"                 # parent is "1" of the same meeting
    marker = "二要"
    heading = "抓实控辍保学"
    text = "…"                      # optional, defaults to heading
    kind = "directive"              # directive | review | problem | other
    lead = "区教体局"
    co = ["各乡镇(街道)"]
    deadline = "3月底前"            # a TOML date, an ISO string or a Chinese phrase
    status = "整改中"               # default: 已交办 with a lead, else 待分派
    priority = 1
    notes = ["已排查学生 1200 人"]   # progress notes (used when no history is given)

    [[meetings.tasks.history]]      # optional; exported files carry the full history
    at = 2026-03-05T09:00:00
    actor = "区教体局"
    action = "progress"
    from = "已交办"
    to = "整改中"
    note = "…"
"""

import hashlib
import json
import re
import sys
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover
    pass

from tasktui.exchange.synthetic_history import synthesise_history
from tasktui.exchange.toml_locator import Locator
from tasktui.exchange.toml_reading import Problem, TaskFileError, load_toml
from tasktui.extract.types import KINDS
from tasktui.store.deadline_input import FIRST_DATE, LAST_DATE, date_problem
from tasktui.store.departments import suggest
from tasktui.store.lifecycle import (
    ACTION_LABELS,
    ASSIGNED,
    CLOSED,
    DONE,
    IN_PROGRESS,
    PENDING,
    REJECTED,
    STATUSES,
    Action,
    parse_status,
    target_status,
)
from tasktui.store.meetings import SOURCE_KINDS
from tasktui.store.plan import PlanMeeting, PlanTask, TaskFile
from tasktui.store.views import AttachmentView, EventRecord
from tasktui.textcheck import (
    MARKER_MAX,
    NAME_MAX,
    OUTLINE_MAX,
    PHRASE_MAX,
    TITLE_MAX,
    first_bidi_control,
    first_control_char,
    first_invisible_char,
    length_problem,
    name_key,
    name_problem,
    normal_name,
)

if TYPE_CHECKING:
    from tasktui.extract.workdays import WorkCalendar

# Integer columns (priority, level, span) are 32-bit on PostgreSQL; SQLite would keep more.
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


# ---------------------------------------------------------------------- parsing


def parse_task_file(
    text: str,
    *,
    filename: str = "<tasks>",
    departments: dict[str, str] | None = None,
    office_name: str = "督查室",
    now: datetime,
    shift_days: int | None = None,
    today: date | None = None,
    calendar: "WorkCalendar | None" = None,
) -> TaskFile:
    """Validate a task file. `departments` maps every known name and alias (already in
    the store) to its canonical name. `shift_days` moves every date by that many days (the
    demo uses `demo_shift` so the file's `demo_anchor` lands on today). Deadline phrases
    resolve with `calendar` (the store's, with its imported 放假安排)."""
    doc = load_toml(text, filename)
    loc = Locator(text)
    problems: list[Problem] = []

    def err(block: tuple[Any, ...], key: str | None, message: str) -> None:
        line, col = loc.find(block, key)
        problems.append(Problem(filename, line, col, message))

    # Every known name and alias by its NFKC key (textcheck.name_key) -> canonical name.
    known: dict[str, str] = {name_key(k): v for k, v in (departments or {}).items()}
    allowed_top = {"office", "demo_anchor", "departments", "meetings"}
    for key in doc:
        if key not in allowed_top:
            err((), key, f"不认识的键 {key}（顶层只有 {'、'.join(sorted(allowed_top))}）")

    office = doc.get("office")
    if office is not None and not isinstance(office, str):
        err((), "office", "office 应是督查室的名称（加引号的文字）")
        office = None
    elif office is not None and length_problem(office.strip(), "office", NAME_MAX):
        # The office's name is the actor of its events (event.actor).
        err((), "office", length_problem(office.strip(), "office", NAME_MAX) or "")
        office = None
    anchor = doc.get("demo_anchor")
    if anchor is not None and not (isinstance(anchor, date) and not isinstance(anchor, datetime)):
        err((), "demo_anchor", "demo_anchor 应是日期，如 2026-11-20（不加引号）")
        anchor = None
    elif anchor is not None and date_problem(anchor, "demo_anchor"):
        err((), "demo_anchor", date_problem(anchor, "demo_anchor") or "")
        anchor = None
    shift = timedelta(days=shift_days or 0)

    # -- departments
    depts: list[tuple[str, list[str]]] = []
    raw_depts = doc.get("departments", [])
    if not isinstance(raw_depts, list):
        err((), "departments", "departments 应写成若干段 [[departments]]")
        raw_depts = []
    for i, d in enumerate(raw_depts):
        block = ("departments", i)
        if not isinstance(d, dict):
            err(block, None, "每个单位应是一段 [[departments]]（name、aliases）")
            continue
        _unknown_keys(d, {"name", "aliases"}, block, err)
        name = d.get("name")
        if not isinstance(name, str) or not name.strip():
            err(block, "name", '单位需要名称（name = "区教体局"）')
            continue
        problem = name_problem(name, "单位名称")
        if problem:
            err(block, "name", problem)
            continue
        name = normal_name(name)
        # The same unit written in another width (「各乡镇(街道)」 for 「各乡镇（街道）」)
        # keeps the spelling the store already has.
        same = known.get(name_key(name))
        if same is not None and name_key(same) == name_key(name):
            name = same
        aliases = d.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            err(block, "aliases", 'aliases 应是名称的列表，如 aliases = ["教体局"]')
            aliases = []
        good_aliases: list[str] = []
        for a in aliases:
            problem = name_problem(a, "别名")
            if problem:
                err(block, "aliases", problem)
            elif a.strip():
                good_aliases.append(normal_name(a))
        for n in [name, *good_aliases]:
            k = name_key(n)
            if k in known and known[k] != name:
                err(block, "aliases" if n != name else "name", f"「{n}」已是单位「{known[k]}」的名称或别名")
            known[k] = name
        depts.append((name, [a for a in dict.fromkeys(good_aliases) if name_key(a) != name_key(name)]))

    # -- meetings
    meetings: list[PlanMeeting] = []
    raw_meetings = doc.get("meetings", [])
    if not isinstance(raw_meetings, list):
        err((), "meetings", "meetings 应写成若干段 [[meetings]]")
        raw_meetings = []
    for mi, m in enumerate(raw_meetings):
        mblock = ("meetings", mi)
        if not isinstance(m, dict):
            err(mblock, None, "每个会议应是一段 [[meetings]]（title、date、tasks…）")
            continue
        _unknown_keys(m, {"title", "date", "source", "source_kind", "tasks", "id", "source_text"}, mblock, err)
        title = m.get("title")
        if not isinstance(title, str) or not title.strip():
            err(mblock, "title", '会议需要名称（title = "…"）')
            title = "?"
        problem = _display_problem(title, "会议标题") or length_problem(title.strip(), "会议标题", TITLE_MAX)
        if problem:
            err(mblock, "title", problem)
        mdate = m.get("date")
        if mdate is not None:
            mdate = _as_date(mdate)
            if mdate is None:
                err(mblock, "date", "date 应是日期，如 2026-03-02（不加引号）")
            else:
                mdate, problem = _moved(mdate, shift, "会议日期")
                if problem:
                    err(mblock, "date", problem)
        source = m.get("source")
        if source is not None and not isinstance(source, str):
            err(mblock, "source", "source 应是文字（来源文件名）")
            source = None
        elif source is not None and length_problem(source, "source", TITLE_MAX):
            err(mblock, "source", length_problem(source, "source", TITLE_MAX) or "")
            source = None
        source_kind = m.get("source_kind")
        if source_kind is not None and source_kind not in SOURCE_KINDS:
            err(mblock, "source_kind", f"source_kind（来源）应是 {'、'.join(SOURCE_KINDS)} 之一")
            source_kind = None
        source_text = m.get("source_text")
        if source_text is not None and not isinstance(source_text, str):
            err(mblock, "source_text", "source_text 应是文字（讲话原文）")
            source_text = None
        # A meeting's identity: the `id` the file gives (exports carry the store's), else a
        # hash of its table; a meeting whose identity is already stored is skipped.
        ident = m.get("id")
        if ident is not None and (not isinstance(ident, str) or not ident.strip() or len(ident) > 64):
            err(mblock, "id", "id 应是不超过 64 个字符的非空文字")
            ident = None
        digest = (
            ident.strip()
            if ident
            else hashlib.sha256(
                json.dumps(
                    {"meeting": m, "shift": shift_days or 0}, sort_keys=True, default=str, ensure_ascii=False
                ).encode()
            ).hexdigest()
        )
        if ident and shift_days:
            digest = f"{digest}+{shift_days}d"[:64]
        meeting = PlanMeeting(
            title=title.strip(),
            date=mdate,
            source=source,
            content_hash=digest,
            source_text=source_text,
            source_kind=source_kind,
        )
        raw_tasks = m.get("tasks", [])
        if not isinstance(raw_tasks, list):
            err(mblock, "tasks", "tasks 应写成若干段 [[meetings.tasks]]")
            raw_tasks = []
        outlines: set[str] = set()
        for ti, t in enumerate(raw_tasks):
            tblock = ("meetings", mi, "tasks", ti)
            task = _parse_task(
                t, tblock, err, known, mdate, outlines, office or office_name, now, shift, today, calendar
            )
            if task is not None:
                meeting.tasks.append(task)
        meetings.append(meeting)

    if problems:
        raise TaskFileError(problems)
    return TaskFile(office=office, departments=depts, meetings=meetings, demo_anchor=anchor)


# The keys a [[meetings.tasks]] block may have.
_TASK_KEYS = frozenset(
    {
        "outline",
        "marker",
        "level",
        "kind",
        "heading",
        "text",
        "lead",
        "co",
        "deadline",
        "deadline_phrase",
        "status",
        "priority",
        "notes",
        "history",
        "id",
        "span",
        "owner_hint",
        "acknowledged",
        "leader",
        "urgency",
        "report_every",
        "attachments",
    }
)
_OUTLINE = re.compile(r"\d+(\.\d+)*")


def _parse_task(
    t: Any,
    block: tuple[Any, ...],
    err: Any,
    known: dict[str, str],
    mdate: date | None,
    outlines: set[str],
    office: str,
    now: datetime,
    shift: timedelta,
    today: date | None,
    calendar: "WorkCalendar | None",
) -> PlanTask | None:
    if not isinstance(t, dict):
        err(block, None, "每个事项应是一段 [[meetings.tasks]]")
        return None
    _unknown_keys(t, _TASK_KEYS, block, err)
    ok = True

    def bad(key: str | None, message: str) -> None:
        nonlocal ok
        ok = False
        err(block, key, message)

    outline = t.get("outline")
    if isinstance(outline, int):
        outline = str(outline)
    if not isinstance(outline, str) or not _OUTLINE.fullmatch(outline.strip()):
        bad("outline", 'outline 应是编号位置，如 "3" 或 "3.2"')
        outline = "?"
    outline = outline.strip()
    if len(outline) > OUTLINE_MAX:
        bad("outline", length_problem(outline, "outline", OUTLINE_MAX) or "")
    if outline in outlines:
        bad("outline", f"outline「{outline}」在这个会议里出现了两次")
    outlines.add(outline)
    parent = outline.rsplit(".", 1)[0] if "." in outline else None
    if parent is not None and parent not in outlines:
        bad("outline", f"上级事项「{parent}」应写在「{outline}」之前，且在同一个会议里")
    heading = t.get("heading")
    if not isinstance(heading, str) or not heading.strip():
        bad("heading", '事项需要标题（heading = "…"）')
        heading = "?"
    text = t.get("text", heading)
    if not isinstance(text, str):
        bad("text", "text 应是文字")
        text = heading
    for key, value in (("heading", heading), ("text", text)):
        problem = _display_problem(value, "事项标题" if key == "heading" else "事项内容")
        if problem:
            bad(key, problem)
    marker = t.get("marker", "")
    if not isinstance(marker, str):
        bad("marker", 'marker 应是文字（如 "一要"）')
        marker = ""
    elif len(marker) > MARKER_MAX:
        bad("marker", length_problem(marker, "marker", MARKER_MAX) or "")
    level = t.get("level", outline.count(".") + 1)
    if not isinstance(level, int) or isinstance(level, bool) or level < 1:
        bad("level", "level 应是正整数")
        level = 1
    elif level > _INT_MAX:
        bad("level", f"level 超出整数范围（最大 {_INT_MAX}）")
        level = 1
    kind = t.get("kind", "directive")
    if kind not in KINDS:
        bad("kind", f"kind 应是 {'、'.join(KINDS)} 之一，不是 {kind!r}")
        kind = "directive"
    priority = t.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        bad("priority", "priority 应是整数")
        priority = 0
    elif not _INT_MIN <= priority <= _INT_MAX:
        bad("priority", f"priority 超出整数范围（{_INT_MIN} 至 {_INT_MAX}）")
        priority = 0

    def unit(name: Any, key: str) -> str | None:
        if not isinstance(name, str) or not name.strip():
            bad(key, f"{key} 应是单位名称")
            return None
        if first_invisible_char(name.strip(" \t\r\n\u3000")):
            # Not looked up: it can only be a lookalike of the unit it seems to be.
            bad(key, name_problem(name, "单位名称") or "")
            return None
        canon = known.get(name_key(name))
        if canon is None:
            # The store's one rule for "which unit was meant" (typos, homophones, parts).
            units: dict[str, list[str]] = {}
            for k, v in known.items():
                units.setdefault(v, []).append(k)
            close = suggest(name, list(units.items()))
            hint = f"; did you mean {', '.join(close)}?" if close else "; declare it under [[departments]]"
            bad(key, f"unknown department {name!r}{hint}")
        return canon

    lead = unit(t["lead"], "lead") if "lead" in t else None
    co_raw = t.get("co", [])
    if isinstance(co_raw, str):
        co_raw = [co_raw]
    if not isinstance(co_raw, list):
        bad("co", 'co 应是单位名称的列表，如 co = ["区财政局"]')
        co_raw = []
    co = [c for c in (unit(c, "co") for c in co_raw) if c and c != lead]

    # Deadline: a date, an ISO string, or a phrase resolved from the meeting date.
    deadline: date | None = None
    phrase = t.get("deadline_phrase")
    if phrase is not None and not isinstance(phrase, str):
        bad("deadline_phrase", "deadline_phrase 应是文字")
        phrase = None
    elif phrase is not None and len(phrase) > PHRASE_MAX:
        bad("deadline_phrase", length_problem(phrase, "deadline_phrase", PHRASE_MAX) or "")
    unresolved = False
    raw_deadline = t.get("deadline")
    if raw_deadline is not None:
        as_date = _as_date(raw_deadline)
        if as_date is not None:
            deadline, problem = _moved(as_date, shift, "时限")
            if problem:
                bad("deadline", problem)
        elif isinstance(raw_deadline, str) and len(raw_deadline.strip()) > PHRASE_MAX:
            bad("deadline", length_problem(raw_deadline.strip(), "时限说法", PHRASE_MAX) or "")
        elif isinstance(raw_deadline, str) and raw_deadline.strip():
            from tasktui.extract.deadlines import IMPOSSIBLE_DATE, resolve_deadline

            if mdate is None and today is None:
                bad("deadline", f"无法算出「{raw_deadline}」：会议没有日期（给会议加 date）")
            else:
                res = resolve_deadline(raw_deadline.strip(), mdate or today, calendar)
                phrase = raw_deadline.strip()
                if res.status == "date" and res.date is not None and date_problem(res.date, "时限"):
                    bad("deadline", date_problem(res.date, "时限") or "")
                elif res.status == "date":
                    deadline = res.date
                elif res.status == "unresolved":
                    if IMPOSSIBLE_DATE in res.warnings:
                        bad("deadline", f"「{raw_deadline}」不是存在的日期")
                    unresolved = True
        else:
            bad("deadline", "deadline 应是日期（2026-03-31）或说法（3月底前）")

    status_raw = t.get("status")
    if status_raw is None:
        status = ASSIGNED if lead else PENDING
    else:
        parsed = parse_status(status_raw) if isinstance(status_raw, str) else None
        if parsed is None:
            bad("status", f"status 应是 {'、'.join(STATUSES)} 之一，不是 {status_raw!r}")
        status = parsed or PENDING
    if status in (ASSIGNED, IN_PROGRESS, DONE, CLOSED) and lead is None and "lead" not in t:
        bad("status", f"{status}的事项需要牵头单位（lead = …）")
    if kind != "directive" and status not in (PENDING, REJECTED):
        bad("status", f"只有督办事项（directive）才跟踪办理；{kind} 类的事项只能是{PENDING}或{REJECTED}")

    notes = t.get("notes", [])
    if isinstance(notes, str):
        notes = [notes]
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        bad("notes", "notes 应是文字的列表")
        notes = []

    start = datetime.combine(mdate, time(9, 0)) if mdate else now
    history: list[EventRecord] = []
    raw_history = t.get("history")
    if raw_history is not None:
        if not isinstance(raw_history, list) or not raw_history:
            bad("history", "history 应写成至少一段 [[meetings.tasks.history]]")
        else:
            history = _parse_history(raw_history, block, bad, err, known, shift, office) or []
            if history and status_raw is not None and history[-1].status_after != status:
                bad("status", f"status 是{status}，但历史记录最后是{history[-1].status_after}")
            if history and status_raw is None:
                status = history[-1].status_after
    elif ok:
        signed = t.get("acknowledged", False)
        if not isinstance(signed, bool):
            bad("acknowledged", "acknowledged（是否已签收）应是 true 或 false")
            signed = False
        history = synthesise_history(status, lead, co, deadline, notes, start, now, office, acknowledged=signed)
    span = t.get("span")
    if span is not None:
        if (
            not isinstance(span, list)
            or len(span) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= _INT_MAX for x in span)
            or span[0] > span[1]
        ):
            bad("span", "span 应是 [起, 止] 两个字符位置，且起不大于止")
            span = None
    owner_hint = t.get("owner_hint")
    if owner_hint is not None and not isinstance(owner_hint, str):
        bad("owner_hint", "owner_hint 应是文字")
        owner_hint = None
    cycle = _cycle_fields(t, bad)
    attachments = _parse_attachments(t.get("attachments", []), bad)
    if not ok:
        return None
    created = history[0].at if history else start
    return PlanTask(
        outline=outline,
        marker=marker,
        level=level,
        kind=kind,
        heading=heading.strip(),
        text=text.strip() or heading.strip(),
        lead=lead,
        co=co,
        deadline=deadline,
        deadline_phrase=phrase,
        deadline_unresolved=unresolved,
        status=status,
        priority=priority,
        notes=list(notes),
        history=history,
        parent_outline=parent,
        created_at=created,
        span=(span[0], span[1]) if span else None,
        owner_hint=owner_hint,
        **cycle,
        attachments=attachments,
    )


def _cycle_fields(t: dict[str, Any], bad: Any) -> dict[str, Any]:
    """责任领导 (`leader`), 紧急程度 (`urgency`) and 汇报频次 (`report_every`) of a task."""
    from tasktui.store.lifecycle import DEFAULT_URGENCY, URGENCIES

    out: dict[str, Any] = {}
    leader = t.get("leader")
    if leader is not None:
        if not isinstance(leader, str) or len(leader.strip()) > 100 or first_control_char(leader):
            bad("leader", "leader（责任领导）应是不超过 100 字的文字")
        elif leader.strip():
            out["responsible_leader"] = leader.strip()
    urgency = t.get("urgency", DEFAULT_URGENCY)
    if urgency not in URGENCIES:
        bad("urgency", f"urgency（紧急程度）应是 {'、'.join(URGENCIES)} 之一")
    else:
        out["urgency"] = urgency
    every = t.get("report_every")
    if every is not None:
        # Only here: the cadence parser brings the deadline resolver's patterns (~60 ms to
        # compile), which a file without 汇报频次 never needs.
        from tasktui.extract.cadence import EXAMPLES, parse_cadence

        if not isinstance(every, str) or len(every.strip()) > 64 or parse_cadence(every) is None:
            bad("report_every", f"report_every（汇报频次）看不懂：可写 {EXAMPLES}")
        elif every.strip():
            out["report_every"] = every.strip()
    return out


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _parse_attachments(raw: Any, bad: Callable[[str | None, str], None]) -> list[AttachmentView]:
    """The evidence list an export writes (`[[meetings.tasks.attachments]]`): checked and
    kept in the plan, so the import can say what it does not restore (no bytes here)."""
    if not isinstance(raw, list) or not all(isinstance(a, dict) for a in raw):
        bad("attachments", "attachments 应写成 [[meetings.tasks.attachments]]")
        return []
    out: list[AttachmentView] = []
    for n, a in enumerate(raw, 1):
        name, media, size, digest = a.get("name"), a.get("media_type", ""), a.get("size", 0), a.get("sha256", "")
        added_at, added_by = a.get("added_at"), a.get("added_by", "")
        if not isinstance(name, str) or not name.strip() or first_control_char(name):
            bad("attachments", f"第 {n} 份佐证材料的 name 应是文件名")
        elif not isinstance(digest, str) or not _SHA256.match(digest):
            bad("attachments", f"第 {n} 份佐证材料的 sha256 应是 64 位十六进制")
        elif not isinstance(size, int) or isinstance(size, bool) or size < 0:
            bad("attachments", f"第 {n} 份佐证材料的 size 应是字节数")
        elif not isinstance(added_at, datetime) or not isinstance(media, str) or not isinstance(added_by, str):
            bad("attachments", f"第 {n} 份佐证材料应有 added_at（时间）、media_type 和 added_by（文字）")
        else:
            seq = a.get("seq", n)
            out.append(
                AttachmentView(0, seq if isinstance(seq, int) else n, name, media, size, digest, added_at, added_by)
            )
    return out


def _parse_history(
    raw: list[Any],
    block: tuple[Any, ...],
    bad: Any,
    err: Any,
    known: dict[str, str],
    shift: timedelta,
    office: str,
) -> list[EventRecord] | None:
    events: list[EventRecord] = []
    status, deadline, lead = PENDING, None, None
    ok = True
    for hi, h in enumerate(raw):
        hblock = (*block, "history", hi)
        if not isinstance(h, dict):
            err(hblock, None, "每条历史记录应是一段 [[meetings.tasks.history]]")
            ok = False
            continue
        _unknown_keys(
            h, {"at", "actor", "action", "from", "to", "note", "status", "deadline", "lead", "co"}, hblock, err
        )
        at = h.get("at")
        if isinstance(at, date) and not isinstance(at, datetime):
            at = datetime.combine(at, time(9, 0))
        if not isinstance(at, datetime):
            err(hblock, "at", "at 应是日期时间，如 2026-03-05T09:00:00（不加引号）")
            ok = False
            continue
        moved_at, problem = _moved_time(at.replace(tzinfo=None), shift)
        if moved_at is None:
            err(hblock, "at", problem or "")
            ok = False
            continue
        at = moved_at
        if events and at < events[-1].at:
            err(hblock, "at", "历史记录应按时间先后排列")
            ok = False
        action = h.get("action")
        if action not in ACTION_LABELS:
            err(hblock, "action", f"不认识的动作 {action!r}：可用 {'、'.join(ACTION_LABELS)}")
            ok = False
            continue
        actor = h.get("actor", office)
        if not isinstance(actor, str) or not actor.strip():
            err(hblock, "actor", "actor 应是督查室或单位的名称")
            ok = False
            continue
        if length_problem(actor.strip(), "actor", NAME_MAX):
            err(hblock, "actor", length_problem(actor.strip(), "actor", NAME_MAX) or "")
            ok = False
            continue
        strs = {}
        for key in ("from", "to", "note"):
            v = h.get(key)
            if v is not None and not isinstance(v, (str, date)):
                err(hblock, key, f"{key} 应是文字")
                ok = False
                v = None
            strs[key] = v.isoformat() if isinstance(v, date) else v
        # Snapshot after the event: as written (`status`, `lead`… below, or the `to` of a
        # creation or reopening), else where the lifecycle takes the action.
        if action in ("assigned", "reassigned"):
            lead = known.get(name_key(strs["to"] or ""), strs["to"])
        written = parse_status(strs["to"] or "") if action in ("created", "reopened") else None
        if written is not None:
            status = written
        elif action == "created":
            status = PENDING
        else:
            status = target_status(Action(action), status, lead is not None)
        if action in ("deadline_changed", "extension_granted", "extension_requested"):
            for key in ("from", "to"):
                d = _as_date(strs[key]) if strs[key] else None
                if d is not None:
                    moved, problem = _moved(d, shift, "时限")
                    if moved is None:
                        err(hblock, key, problem or "")
                        ok = False
                    else:
                        strs[key] = moved.isoformat()
            if action != "extension_requested":
                deadline = _as_date(strs["to"]) if strs["to"] else None
        if "status" in h:
            s = parse_status(str(h["status"]))
            if s is None:
                err(hblock, "status", f"不认识的状态 {h['status']!r}：可用 {'、'.join(STATUSES)}")
                ok = False
            else:
                status = s
        if "deadline" in h:
            d = _as_date(h["deadline"])
            if d is None and h["deadline"] not in ("", None):
                err(hblock, "deadline", "deadline 应是日期")
                ok = False
            deadline, problem = _moved(d, shift, "时限") if d else (None, None)
            if problem:
                err(hblock, "deadline", problem)
                ok = False
        if "lead" in h:
            lead = known.get(name_key(str(h["lead"])), str(h["lead"])) if h["lead"] else None
        co_after: str | None = None
        if "co" in h:
            co_raw = h["co"]
            if not isinstance(co_raw, list) or not all(isinstance(c, str) for c in co_raw):
                err(hblock, "co", "co 应是单位名称的列表")
                ok = False
            else:
                co_after = "、".join(known.get(name_key(c)) or c for c in co_raw)
        if lead is not None and length_problem(lead, "lead", NAME_MAX):
            err(hblock, "lead", length_problem(lead, "lead", NAME_MAX) or "")  # event.lead_after
            ok = False
        events.append(
            EventRecord(
                at=at,
                actor=actor.strip(),
                action=action,
                from_value=strs["from"],
                to_value=strs["to"],
                note=strs["note"],
                status_after=status,
                deadline_after=deadline,
                lead_after=lead,
                co_after=co_after,
            )
        )
    if not ok:
        bad(None, "历史记录有错误（见上）")
        return None
    return events


def _unknown_keys(d: dict[str, Any], allowed: AbstractSet[str], block: tuple[Any, ...], err: Any) -> None:
    for key, value in d.items():
        if key not in allowed:
            err(block, key, f"不认识的键 {key}（可用 {'、'.join(sorted(allowed))}）")
        # Control characters (TOML allows "\u0000") would be stored by SQLite but refused
        # by PostgreSQL: refuse them here so both stores see the same files the same way.
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                bad_char = first_control_char(text)
                if bad_char:
                    err(block, key, f"{key} 含有控制字符 {bad_char}，请删除后重试")
                    break


def _moved(day: date, shift: timedelta, what: str) -> tuple[date | None, str | None]:
    """`day` moved by `shift` (the demo's), or None and the reason when the result is
    outside the dates tasktui takes (or outside what a date can hold at all)."""
    try:
        moved = day + shift
    except OverflowError:
        span = f"{FIRST_DATE.isoformat()} 至 {LAST_DATE.isoformat()}"
        return None, f"{what} {day.isoformat()} 移动 {shift.days} 天后超出可用范围（{span}）"
    problem = date_problem(moved, what)
    return (None, problem) if problem else (moved, None)


def _moved_time(at: datetime, shift: timedelta) -> tuple[datetime | None, str | None]:
    moved_day, problem = _moved(at.date(), shift, "时间")
    if moved_day is None:
        return None, problem
    return datetime.combine(moved_day, at.time()), None


def _display_problem(text: str, what: str) -> str | None:
    """Bidirectional overrides and isolates reorder what a title or heading shows (in the
    list, in the reports), so the text read is not the text stored. Notes stay free."""
    bad = first_bidi_control(text)
    if bad:
        return f"{what}含有双向文本控制字符 {bad}（会使显示的文字顺序与实际不同），请删除后重试"
    return None


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
