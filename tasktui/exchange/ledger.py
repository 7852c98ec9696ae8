"""An existing 台账 (ledger) read into a plan: `tasktui import ledger.xlsx|.csv|.docx`.

Reading (`read_ledger`) turns a sheet into a `LedgerDraft`, checking every cell and
writing nothing; building (`ledger_plan`) turns the draft into a task-file plan
(`store.plan.TaskFile`) against the store's units, which the service stores like a task
file, in one transaction. In between the caller shows the mapping and the first rows
(`--dry-run`, the UI's preview) and the units the ledger names that the store does not
know (`unit_proposals`), registered first when the person says so.

The sheet:
- the header row is the row among the first HEADER_SCAN rows that names the most fields
  (data/ledger_columns.toml, `ledger_columns`), at least the task column and one other;
  the rows above it are title rows (the first one is the meeting's title, a date in them
  its date). A second header row under it (责任单位 over 牵头 | 配合) refines the columns it
  names. `--map 列名=字段` corrects the mapping (列名: the header as written, or the column
  letter; 字段: a field's name, or 不导入).
- a row that is one merged cell across the sheet, or whose only text is a task starting
  with a section marker (`一、教育项目`, `（一）…`), is a section: a parent task of kind
  other. Merged cells were filled in by `ledger_files`.
- a unit cell: 区教体局牵头，区财政局配合 (the extractor's owner rules), 区教体局（牵头）、
  区财政局（配合） (the role in brackets), 区教体局、区财政局 (in the 牵头单位 column: the
  first leads, the others work with it; in the 配合单位 column all of them work with it).
- a deadline: a date cell, an Excel serial number (also as text, as a CSV has it),
  2026.3.31, 2026年3月31日, 3月31日 (the meeting's year), or a phrase resolved from the
  meeting date (`--date`, else a date in the title rows, else a 会议日期 column, else today,
  with a warning).
- a status (完成情况): data/ledger_columns.toml [[status]]. 已完成/已办结 become 已完成待核:
  the unit says so, the office has not verified it in tasktui — one key (v) does; only
  已销号 (是否销号: 是) is closed. 未启动 is 已交办 (with a lead). An empty status is 整改中
  when the row has progress, else 已交办 with a lead, else 待分派.
- progress (进展情况) becomes the task's last progress event, its 备注 a note event, its
  责任领导 the task's responsible leader.

Any problem is reported with the sheet, the row and the column (「台账.xlsx 工作表「Sheet1」
第 7 行「完成时限」列：…」) and nothing is written. The meeting's identity is a hash of the
sheet's cells, so the same ledger imported twice (also saved again by Excel) is a no-op.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from tasktui.exchange.ledger_columns import IGNORE, LedgerField, field_for_header, fields, normal_header, status_table
from tasktui.exchange.ledger_files import Sheet, Value
from tasktui.exchange.synthetic_history import synthesise_history
from tasktui.store.deadline_input import date_problem
from tasktui.store.errors import InputError
from tasktui.store.lifecycle import (
    ASSIGNED,
    CLOSED,
    DONE,
    IN_PROGRESS,
    PENDING,
    REJECTED,
    STATUSES,
    SUSTAINED,
    Action,
)
from tasktui.store.plan import PlanMeeting, PlanTask, TaskFile
from tasktui.store.views import EventRecord
from tasktui.textcheck import PHRASE_MAX, TITLE_MAX, first_bidi_control, first_control_char, name_problem

if TYPE_CHECKING:
    from tasktui.extract.workdays import WorkCalendar
    from tasktui.store.departments import Units

HEADER_SCAN = 30  # rows searched for the header
PREVIEW_ROWS = 8
MAX_ERRORS_SHOWN = 20

_SECTION = re.compile(
    r"^(?P<marker>[一二三四五六七八九十百]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])\s*(?P<text>.+)$"
)
# The line tasktui's own unit workbooks add under a task (exchange/ledger_workbook.py):
# where it came from, not part of the task.
_SOURCE_LINE = re.compile(r"^[（(]来源[:：].*[）)]$")
_CN_SEQ = re.compile(r"^[一二三四五六七八九十百]{1,3}[、.．]?$")
_SERIAL = re.compile(r"^\d{4,6}(?:\.0+)?$")
_DATE_LIKE = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?$|^\d{1,2}\s*月\s*\d{1,2}\s*[日号]$")
_TITLE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_ROLE_MARK = re.compile(r"^(?P<name>.+?)\s*[（(](?P<role>牵头|主办|主责|负责|配合|协办|参与|协助)[）)]$")
_LEAD_WORDS = {"牵头", "主办", "主责", "负责"}
_CELL_SEP = re.compile(r"[，；;\n]+")
# Excel's serial day numbers of 1954-10-03 .. 2119-01-09: what a deadline serial can be.
_SERIAL_RANGE = (20_000, 80_000)


class LedgerError(InputError):
    """Every problem of a ledger, one line each (where and what); nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_ERRORS_SHOWN]
        more = len(problems) - len(shown)
        super().__init__("\n".join(shown) + (f"\n……另有 {more} 处问题" if more > 0 else ""))


@dataclass
class Column:
    index: int  # 0-based
    letter: str  # A, B, … (the column as Excel names it)
    header: str  # as written (two header rows: 责任单位／牵头)
    field: LedgerField | None
    note: str = ""  # why a column is not read, or that --map set it


@dataclass
class LedgerRow:
    line: int  # 1-based row of the sheet
    section: bool
    marker: str
    heading: str
    text: str = ""  # the whole task cell (several lines); "" for a section
    level: int = 1  # sections: 1 for 一、, 2 for （一）; items are placed under the last section
    lead: list[str] = field(default_factory=list)  # units as written: the lead first
    co: list[str] = field(default_factory=list)
    owner_text: str = ""  # the unit cells as written
    leader: str | None = None
    deadline: date | None = None
    deadline_phrase: str | None = None
    deadline_unresolved: bool = False
    status: str | None = None  # the status the cell maps to; None: by the rule for an empty one
    status_text: str = ""
    progress: str | None = None
    remark: str | None = None


@dataclass
class LedgerDraft:
    source_name: str
    where: str  # 「台账.xlsx 工作表「Sheet1」」
    title: str
    meeting_date: date | None
    columns: list[Column]
    header_rows: tuple[int, ...]  # 1-based
    rows: list[LedgerRow]
    content_hash: str
    warnings: list[str] = field(default_factory=list)

    def owner_phrases(self) -> list[tuple[str, list[str]]]:
        """(row, unit names) of every task row: what unit proposals are made from."""
        return [(str(r.line), [*r.lead, *r.co]) for r in self.rows if not r.section]


# ---------------------------------------------------------------------- statuses


def status_for(text: str) -> tuple[bool, str | None]:
    """(known, status) for a 完成情况 cell: the status it names, None for a word that says
    nothing (否, 无, empty). Exact words first, then the longest word the cell starts with
    (已完成（3月20日）). A status only a later lifecycle has falls back (持续整改 → 整改中)."""
    key = _plain(text)
    if not key:
        return True, None
    rules = status_table()
    hit = next((r for r in rules if key in {_plain(w) for w in r.words}), None)
    if hit is None:
        starts = [(len(_plain(w)), r) for r in rules for w in r.words if _plain(w) and key.startswith(_plain(w))]
        hit = max(starts, key=lambda p: p[0])[1] if starts else None
    if hit is None:
        return False, None
    if not hit.to:
        return True, None
    if hit.to not in STATUSES:
        return True, hit.fallback
    return True, hit.to


def status_words() -> str:
    return "、".join(w for r in status_table() for w in r.words[:3] if r.to)


def _plain(text: str) -> str:
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return re.sub(r"[()（）\[\]【】。，,.;；:：!！]", "", folded)


# ---------------------------------------------------------------------- reading


def read_ledger(
    sheets: Sequence[Sheet],
    source_name: str,
    *,
    meeting_date: date | None = None,
    title: str | None = None,
    maps: Sequence[str] = (),
    today: date,
    calendar: WorkCalendar | None = None,
) -> LedgerDraft:
    """The best sheet of `sheets` (the one whose header names the most fields) read into a
    draft. LedgerError (every problem) or InputError (no header, a bad --map)."""
    parsed_maps = [_parse_map(m) for m in maps]
    found = [(h, s) for s in sheets if (h := _find_header(s, parsed_maps)) is not None]
    if not found:
        names = "、".join(f.name for f in fields() if f.imported)
        raise InputError(
            f"{source_name}：没有找到台账的表头（前 {HEADER_SCAN} 行中至少要有「工作任务」和另一列，"
            f"可用的列名：{names}；也可用 --map 列名=字段 指定）"
        )
    # The sheet whose header names the most fields; a sheet named 台账 wins a tie.
    (top, count, columns), sheet = max(found, key=lambda p: (_score(p[0][2]), p[1].name == "台账"))
    where = sheet.where(source_name)
    columns = _apply_maps(columns, parsed_maps, where)
    if not any(c.field is not None and c.field.key == "task" for c in columns):
        raise InputError(f"{where}：没有「工作任务」列（用 --map 列名=工作任务 指定）")
    title_rows = [*sheet.titles, *dict.fromkeys(_text(v) for row in sheet.rows[:top] for v in row if _text(v))]
    meeting_title = (title or (title_rows[0] if title_rows else "") or _stem(source_name)).strip()[:TITLE_MAX]
    problems: list[str] = []
    warnings: list[str] = []
    mdate = meeting_date or _title_date(title_rows) or _column_date(sheet, columns, top + count, where, today, problems)
    if mdate is not None and date_problem(mdate, "会议日期"):
        problems.append(f"{where}：{date_problem(mdate, '会议日期')}")
        mdate = None
    rows: list[LedgerRow] = []
    phrase_without_date = False
    for r in range(top + count, len(sheet.rows)):
        row = _read_row(sheet, r, columns, where, mdate, today, calendar, problems, warnings)
        if row is not None:
            rows.append(row)
            phrase_without_date |= mdate is None and row.deadline_phrase is not None and row.deadline is not None
    if not any(not r.section for r in rows) and not problems:
        problems.append(f"{where}：表头以下没有事项")
    if problems:
        raise LedgerError(problems)
    if phrase_without_date:
        warnings.append("台账没有会议日期（--date、标题或「会议日期」列）：时限说法按今天推算")
    digest = hashlib.sha256(
        json.dumps(
            {"sheet": sheet.name, "rows": [[_text(v) for v in row] for row in sheet.rows]}, ensure_ascii=False
        ).encode()
    ).hexdigest()
    return LedgerDraft(
        source_name=source_name,
        where=where,
        title=meeting_title or "台账",
        meeting_date=mdate,
        columns=columns,
        header_rows=tuple(range(top + 1, top + count + 1)),
        rows=rows,
        content_hash=digest,
        warnings=warnings,
    )


def header_score(sheet: Sheet) -> int:
    """How many fields the sheet's best header row names (0: none): what makes a .docx
    table a ledger (see `importer`)."""
    found = _find_header(sheet, [])
    return _score(found[2]) if found else 0


def _score(columns: list[Column]) -> int:
    return len({c.field.key for c in columns if c.field is not None})


def _find_header(sheet: Sheet, maps: list[tuple[str, str]]) -> tuple[int, int, list[Column]] | None:
    """(row index, header rows, columns) of the best header among the first HEADER_SCAN
    rows: the task field and at least one more (or a column --map names)."""
    mapped = {normal_header(name) for name, _ in maps}
    best: tuple[int, int, list[Column]] | None = None
    best_score = 0
    for r in range(min(HEADER_SCAN, len(sheet.rows))):
        columns = _columns(sheet.rows[r])
        hits = _score(columns) + sum(1 for c in columns if normal_header(c.header) in mapped and c.field is None)
        has_task = any(c.field is not None and c.field.key == "task" for c in columns)
        if hits >= 2 and (has_task or maps) and hits > best_score:
            best, best_score = (r, 1, columns), hits
    if best is None:
        return None
    r = best[0]
    # The lower of two header rows can name more fields than the upper (the upper's merged
    # group heading filled into each of its columns): the pair starts one row up.
    if r > 0 and _score(_columns(sheet.rows[r - 1])) >= 2:
        upper = _second_header(sheet.rows[r - 1], sheet.rows[r], best[2])
        if upper is not None:
            return r - 1, 2, upper
    if r + 1 < len(sheet.rows):
        lower = _second_header(sheet.rows[r], sheet.rows[r + 1], best[2])
        if lower is not None:
            return r, 2, lower
    return best


def _columns(values: list[Value]) -> list[Column]:
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for i, v in enumerate(values):
        header = _text(v)
        f = field_for_header(header) if header else None
        note = ""
        if f is not None and f.key in seen:
            note = f"与 {_letter(seen[f.key])} 列重复，未用"
            f = None
        elif f is not None:
            seen[f.key] = i
        columns.append(Column(i, _letter(i), header, f, note))
    return columns


def _second_header(upper: list[Value], lower: list[Value], columns: list[Column]) -> list[Column] | None:
    """The columns of a two-row header, or None when the row under the header is data:
    every text in it names a field or repeats the cell above (a header merged down), and
    at least one names a field the upper row did not give that column."""
    refined = False
    for i, v in enumerate(lower):
        text = _text(v)
        if not text:
            continue
        above = _text(upper[i]) if i < len(upper) else ""
        if text == above:
            continue
        f = field_for_header(text)
        if f is None:
            return None
        refined = True
    if not refined:
        return None
    merged: list[Value] = []
    for i in range(max(len(upper), len(lower))):
        above = _text(upper[i]) if i < len(upper) else ""
        below = _text(lower[i]) if i < len(lower) else ""
        merged.append(below if below and field_for_header(below) else above)
    out = _columns(merged)
    for c in out:
        above = _text(upper[c.index]) if c.index < len(upper) else ""
        if above and c.header != above:
            c.header = f"{above}／{c.header}"
    return out


def _parse_map(typed: str) -> tuple[str, str]:
    name, sep, target = typed.partition("=")
    if not sep or not name.strip() or not target.strip():
        raise InputError(f"--map「{typed}」应写成 列名=字段，如 --map 责任科室=牵头单位")
    return name.strip(), target.strip()


def _apply_maps(columns: list[Column], maps: list[tuple[str, str]], where: str) -> list[Column]:
    for name, target in maps:
        key = normal_header(name)
        column = next((c for c in columns if normal_header(c.header) == key), None)
        if column is None:
            column = next((c for c in columns if c.letter == name.strip().upper()), None)
        if column is None:
            headers = "、".join(f"{c.letter}「{c.header}」" for c in columns if c.header)
            raise InputError(f"--map：{where} 没有叫「{name}」的列（表头：{headers}）")
        if normal_header(target) == normal_header(IGNORE):
            column.field, column.note = None, "--map 不导入"
            continue
        f = field_for_header(target)
        if f is None:
            names = "、".join(x.name for x in fields() if x.imported)
            raise InputError(f"--map：「{target}」不是台账的字段（可用：{names}、{IGNORE}）")
        for other in columns:
            if other.field is not None and other.field.key == f.key and other is not column:
                other.field, other.note = None, f"--map 改由 {column.letter} 列作「{f.name}」"
        column.field, column.note = f, "--map"
    return columns


def _read_row(
    sheet: Sheet,
    r: int,
    columns: list[Column],
    where: str,
    mdate: date | None,
    today: date,
    calendar: WorkCalendar | None,
    problems: list[str],
    warnings: list[str],
) -> LedgerRow | None:
    values = sheet.rows[r]
    line = r + 1
    texts = [t for t in (_text(v) for v in values) if t]
    if not texts:
        return None
    cell: dict[str, Value] = {}
    letter: dict[str, Column] = {}
    for c in columns:
        if c.field is not None and c.field.imported and c.index < len(values):
            cell[c.field.key] = values[c.index]
            letter[c.field.key] = c

    def at(key: str) -> str:
        return f"{_row_at(where, line)}「{letter[key].header or letter[key].letter}」列"

    def text(key: str) -> str:
        return _text(cell.get(key))

    for key in cell:
        t = text(key)
        bad = first_control_char(t) or first_bidi_control(t)
        if bad:
            problems.append(f"{at(key)}：含有控制字符 {bad}，请删除后重试")
            return None
    task, seq = text("task"), text("seq")
    # A section: one merged cell across the sheet, or a task with a section marker and nothing else.
    others = [text(k) for k in ("lead", "co", "leader", "deadline", "status", "progress")]
    if len(set(texts)) == 1 and (r in sheet.merged_across or not any(others)):
        m = _SECTION.match(texts[0])
        if r in sheet.merged_across or m:
            return _section(line, texts[0])
    if not any(others) and task:
        if _SECTION.match(task):
            return _section(line, task)
        if _CN_SEQ.match(seq):
            marker = seq if seq[-1] in "、.．" else seq + "、"
            return _section(line, marker + task)
    if not task:
        if any(others):
            problems.append(f"{at('task') if 'task' in letter else _row_at(where, line)}：工作任务为空")
        else:
            warnings.append(f"第 {line} 行没有工作任务，已跳过：{'　'.join(texts)[:40]}")
        return None
    # A cell of several lines: the first is the task's heading, all of them its text.
    lines = [ln.strip() for ln in task.splitlines() if ln.strip() and not _SOURCE_LINE.match(ln.strip())]
    row = LedgerRow(
        line=line, section=False, marker=_marker(seq), heading=lines[0] if lines else task, text="\n".join(lines)
    )
    lead_cell, co_cell = text("lead"), text("co")
    if lead_cell:
        row.lead, extra_co = split_units(lead_cell, "lead")
        row.co.extend(extra_co)
    if co_cell:
        more_lead, more_co = split_units(co_cell, "co")
        if more_lead and not row.lead:
            row.lead = more_lead
        row.co.extend(u for u in more_co if u not in row.co)
    row.co = [u for u in dict.fromkeys(row.co) if u not in row.lead[:1]]
    row.owner_text = "；".join(t for t in (lead_cell, co_cell) if t)
    for key, units in (("lead", row.lead), ("co", row.co)):
        for unit in units:
            problem = name_problem(unit, "单位名称")
            if problem and key in letter:
                problems.append(f"{at(key)}：{problem}")
    row.leader = text("leader") or None
    if "deadline" in cell and cell["deadline"] not in (None, ""):
        try:
            row.deadline, row.deadline_phrase, row.deadline_unresolved = parse_deadline(
                cell["deadline"], mdate, today, calendar
            )
        except InputError as exc:
            problems.append(f"{at('deadline')}：{exc}")
    row.status_text = text("status")
    known, row.status = status_for(row.status_text)
    if not known:
        problems.append(f"{at('status')}：不认识的完成情况「{row.status_text}」（可用：{status_words()}）")
    row.progress = text("progress") or None
    row.remark = text("remark") or None
    return row


def _marker(seq: str) -> str:
    """The 序号 cell as the task's marker, punctuated as a list item is: 1 → 1., 一 → 一、."""
    if seq.isascii() and seq.isdigit():
        return f"{seq}."
    if _CN_SEQ.match(seq) and seq[-1] not in "、.．":
        return f"{seq}、"
    return seq[:32]


def _row_at(where: str, line: int) -> str:
    """「台账.xlsx 工作表「Sheet1」第 7 行」, 「台账.csv 第 7 行」."""
    return f"{where}{'' if where.endswith('」') else ' '}第 {line} 行"


def _section(line: int, text: str) -> LedgerRow:
    m = _SECTION.match(text)
    if m is None:
        return LedgerRow(line=line, section=True, marker="", heading=text, level=1)
    marker = m.group("marker")
    level = 2 if marker[0] in "（(" else 1
    return LedgerRow(line=line, section=True, marker=marker, heading=m.group("text").strip(), level=level)


def split_units(cell: str, column: str) -> tuple[list[str], list[str]]:
    """(lead units, co-owners) a unit cell names, as written. The roles a cell states win
    (区教体局牵头，区财政局配合 through the extractor's owner rules; 区教体局（牵头）); without
    them the 牵头单位 column's first unit leads and the others work with it, and every unit
    of the 配合单位 column works with the lead."""
    from tasktui.extract.owners import find_owner_hits
    from tasktui.extract.units import UnitDirectory, split_owner_phrase

    text = cell.replace(",", "，").replace(";", "；").strip()
    pairs: list[tuple[str, str]] = []  # (unit, role: lead | co | owner)
    hits = find_owner_hits(text, units=UnitDirectory.builtin())
    if any(h.role in ("lead", "co") for h in hits):
        for h in hits:
            pairs += [(u, h.role) for u in split_owner_phrase(text[h.start : h.end])]
    else:
        for chunk in _CELL_SEP.split(text):
            for element in split_owner_phrase(" ".join(chunk.split()).replace(" ", "、")):
                m = _ROLE_MARK.match(element)
                if m:
                    pairs.append((m.group("name").strip(), "lead" if m.group("role") in _LEAD_WORDS else "co"))
                else:
                    pairs.append((element, "owner"))
    lead = [u for u, role in pairs if role == "lead"]
    co = [u for u, role in pairs if role == "co"]
    plain = [u for u, role in pairs if role == "owner"]
    if column == "co":
        co = [*co, *plain]
    elif not lead and plain:
        lead, co = [plain[0]], [*plain[1:], *co]
    else:
        co = [*plain, *co]
    lead = list(dict.fromkeys(lead))
    return lead[:1], [u for u in dict.fromkeys([*lead[1:], *co]) if u not in lead[:1]]


def parse_deadline(
    value: Value, meeting_date: date | None, today: date, calendar: WorkCalendar | None = None
) -> tuple[date | None, str | None, bool]:
    """(date, phrase, unresolved) of a deadline cell; InputError for what is no date."""
    from tasktui.store.date_input import parse_date_text
    from tasktui.store.deadline_input import check_date

    if isinstance(value, datetime):
        return check_date(value.date(), "时限"), None, False
    if isinstance(value, date):
        return check_date(value, "时限"), None, False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value)), None, False
    text = _text(value)
    if _SERIAL.match(text):
        return _serial(float(text)), None, False
    basis = meeting_date or today
    if _DATE_LIKE.match(text):
        return parse_date_text(text, basis.year, "时限"), None, False
    if len(text) > PHRASE_MAX:
        raise InputError(f"时限说法太长（{len(text)} 个字符，最多 {PHRASE_MAX}）")
    from tasktui.extract.deadlines import IMPOSSIBLE_DATE, resolve_deadline

    res = resolve_deadline(text, basis, calendar)
    if res.status == "date" and res.date is not None:
        return check_date(res.date, "时限"), text, False
    if res.status == "unresolved":
        if IMPOSSIBLE_DATE in res.warnings:
            raise InputError(f"「{text}」不是存在的日期")
        return None, text, True
    return None, text, False  # 长期坚持: no deadline, the words kept


def _serial(number: float) -> date:
    """An Excel serial day number (the 1900 date system) as a date."""
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise InputError(f"「{number:g}」不是日期（Excel 日期序号应在 {_SERIAL_RANGE[0]} 至 {_SERIAL_RANGE[1]} 之间）")
    from openpyxl.utils.datetime import from_excel

    day = from_excel(number)
    return day.date() if isinstance(day, datetime) else day


def _title_date(lines: list[str]) -> date | None:
    for line in lines:
        m = _TITLE_DATE.search(line)
        if m:
            y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
            try:
                return date(y, mo, d)
            except ValueError:
                continue
    return None


def _column_date(
    sheet: Sheet, columns: list[Column], first: int, where: str, today: date, problems: list[str]
) -> date | None:
    """The first date in a 会议日期 column."""
    column = next((c for c in columns if c.field is not None and c.field.key == "meeting_date"), None)
    if column is None:
        return None
    from tasktui.store.date_input import parse_date_text

    for r in range(first, len(sheet.rows)):
        row = sheet.rows[r]
        value = row[column.index] if column.index < len(row) else None
        if value in (None, ""):
            continue
        try:
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
            if isinstance(value, (int, float)):
                return _serial(float(value))
            return parse_date_text(_text(value), today.year, "会议日期")
        except InputError as exc:
            problems.append(f"{_row_at(where, r + 1)}「{column.header}」列：{exc}")
            return None
    return None


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _stem(name: str) -> str:
    from pathlib import Path

    return Path(name).stem


# ---------------------------------------------------------------------- the plan


def ledger_plan(draft: LedgerDraft, units: Units, office: str, now: datetime) -> tuple[TaskFile, list[str]]:
    """The draft as a task-file plan against the store's `units` (after registering the
    proposals the person chose), and what the person should know: units still unknown
    (their tasks wait in 待分派 with the unit kept as the owner hint)."""
    warnings = list(draft.warnings)
    resolve = _Resolver(units)
    meeting = PlanMeeting(
        title=draft.title, date=draft.meeting_date, source=draft.source_name, content_hash=draft.content_hash
    )
    start = datetime.combine(draft.meeting_date, time(9, 0)) if draft.meeting_date else now
    sections: list[tuple[int, str]] = []  # (level, outline) of the open sections
    counters: dict[str | None, int] = {}
    unknown: dict[str, list[int]] = {}
    for row in draft.rows:
        if row.section:
            while sections and sections[-1][0] >= row.level:
                sections.pop()
        parent = sections[-1][1] if sections else None
        counters[parent] = counters.get(parent, 0) + 1
        outline = f"{parent}.{counters[parent]}" if parent else str(counters[parent])
        level = outline.count(".") + 1
        if row.section:
            sections.append((row.level, outline))
            history = synthesise_history(PENDING, None, [], None, [], start, now, office)
            meeting.tasks.append(_task(row, outline, level, parent, "other", PENDING, None, [], history))
            continue
        lead = resolve(row.lead[0]) if row.lead else None
        co = [c for c in (resolve(u) for u in row.co) if c and c != lead]
        for u in [*row.lead, *row.co]:
            if resolve(u) is None:
                unknown.setdefault(u, []).append(row.line)
        status = _final_status(row, lead is not None)
        notes = [row.progress] if row.progress and status in (IN_PROGRESS, SUSTAINED, DONE, CLOSED) else []
        # 待分派 keeps the units as a pre-fill for the office's 交办, as a speech's import does.
        assigned = (lead, co) if status not in (PENDING, REJECTED) else (None, [])
        # A ledger's units were at work on its rows before it came in: signed for (签收),
        # not 未签收 from the day of the import.
        history = synthesise_history(status, *assigned, row.deadline, notes, start, now, office, acknowledged=True)
        if history[-1].status_after != status:  # a status the synthesised history cannot reach
            status = history[-1].status_after
        extra = []
        if row.progress and not notes:
            extra.append(f"进展情况：{row.progress}")
        if row.status_text and row.status is None and row.status_text.strip():
            extra.append(f"完成情况：{row.status_text}")
        if row.remark:
            extra.append(f"备注：{row.remark}")
        for note in extra:
            history.append(_note_event(history[-1], note, office))
        task = _task(row, outline, level, parent, "directive", status, lead, co, history)
        task.responsible_leader = row.leader
        meeting.tasks.append(task)
    for name, lines in unknown.items():
        rows = "、".join(str(n) for n in lines[:5]) + ("…" if len(lines) > 5 else "")
        warnings.append(f"单位「{name}」未登记（第 {rows} 行）：这些事项未交办给它，原文留在责任单位提示中")
    return TaskFile(office=None, departments=[], meetings=[meeting]), warnings


def _final_status(row: LedgerRow, has_lead: bool) -> str:
    status = row.status
    if status is None:
        status = IN_PROGRESS if row.progress else ASSIGNED
    if status == PENDING or status == REJECTED:
        return status
    if not has_lead:
        return PENDING  # 交办 needs a unit the store knows
    return status


def _note_event(last: EventRecord, note: str, office: str) -> EventRecord:
    from datetime import timedelta

    return last._replace(
        at=last.at + timedelta(seconds=1),
        actor=office,
        action=Action.NOTE.value,
        from_value=None,
        to_value=None,
        note=note,
    )


def _task(
    row: LedgerRow,
    outline: str,
    level: int,
    parent: str | None,
    kind: str,
    status: str,
    lead: str | None,
    co: list[str],
    history: list[EventRecord],
) -> PlanTask:
    return PlanTask(
        outline=outline,
        marker=row.marker,
        level=level,
        kind=kind,
        heading=row.heading,
        text=row.text or row.heading,
        lead=lead,
        co=co,
        deadline=row.deadline,
        deadline_phrase=row.deadline_phrase,
        deadline_unresolved=row.deadline_unresolved,
        status=status,
        priority=0,
        notes=[],
        history=history,
        parent_outline=parent,
        created_at=history[0].at,
        owner_hint=row.owner_text or None,
    )


class _Resolver:
    """A unit as a ledger writes it → the store's unit: by name or alias, else through the
    built-in directory's forms (教育局 for a store's 区教体局); None when the store has none."""

    def __init__(self, units: Units) -> None:
        from tasktui.extract.units import UnitDirectory

        self.units = units
        self.directory = UnitDirectory.builtin().with_departments({n: list(a) for n, a in units})
        self.cache: dict[str, str | None] = {}

    def __call__(self, written: str) -> str | None:
        if written not in self.cache:
            self.cache[written] = self._find(written)
        return self.cache[written]

    def _find(self, written: str) -> str | None:
        from tasktui.store.departments import match_name

        for form in (written, self.directory.lookup(written)):
            if form:
                m = match_name(form, self.units)
                if m.name is not None and m.via == "name":
                    return m.name
        return None


# ---------------------------------------------------------------------- preview


def mapping_rows(draft: LedgerDraft) -> list[list[str]]:
    """列 | 表头 | 字段 (| 说明): how each column is read."""
    out = []
    for c in draft.columns:
        if not c.header and c.field is None:
            continue
        if c.field is None:
            target = "（不导入）"
        elif not c.field.imported:
            target = f"{c.field.name}（不导入）"
        else:
            target = c.field.name
        out.append([c.letter, c.header, target, c.note])
    return out


PREVIEW_HEADERS = ["行", "编号", "工作任务", "牵头单位", "配合单位", "完成时限", "完成情况", "进展情况"]


def preview_rows(draft: LedgerDraft, limit: int = PREVIEW_ROWS) -> list[list[str]]:
    """The first rows as they will be stored (before the units are looked up)."""
    out = []
    for row in draft.rows[:limit]:
        if row.section:
            out.append([str(row.line), row.marker, f"【分组】{row.heading}", "", "", "", "", ""])
            continue
        due = row.deadline.isoformat() if row.deadline else ""
        if row.deadline_phrase:
            due = f"{due}（{row.deadline_phrase}）" if due else f"{row.deadline_phrase}（待定）"
        status = row.status or ("（按进展）" if row.progress else "（未填）")
        out.append(
            [
                str(row.line),
                row.marker,
                row.heading,
                "、".join(row.lead),
                "、".join(row.co),
                due,
                status,
                row.progress or "",
            ]
        )
    return out


__all__ = [
    "PREVIEW_HEADERS",
    "Column",
    "LedgerDraft",
    "LedgerError",
    "LedgerRow",
    "header_score",
    "ledger_plan",
    "mapping_rows",
    "parse_deadline",
    "preview_rows",
    "read_ledger",
    "split_units",
    "status_for",
]
