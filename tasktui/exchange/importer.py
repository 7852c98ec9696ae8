"""Importing a file into the store: a task file (.toml), a ledger (台账: .xlsx, .csv, a
.docx that is a ledger table) or a speech (.txt, .docx, stdin).

One code path for the CLI, the UI and the demo: read, parse or extract (pure), then hand
the result to the service, which writes it in one transaction.

What is not a speech is refused here, with the reason, before anything is written: bytes
that decode to mojibake, a text without a single Chinese character, a text in which the
extractor finds no numbered item (it would land as an empty meeting), a meeting dated
outside the dates tasktui takes. The extractor itself stays a pure function of the text
and reports what it found; judging whether that is worth storing is the import's job.

An import can be read first and stored after (`read_import`, then `store_import`): in
between the caller shows the units the speech names that the store does not know
(`PendingImport.proposals`, see `unit_proposals`) and the person picks those to register;
they are added before the meeting is stored, so its owners find them.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tasktui.store.errors import InputError
from tasktui.store.views import ImportResult

if TYPE_CHECKING:
    from tasktui.exchange.ledger import LedgerDraft
    from tasktui.exchange.ledger_files import DocxContent, Sheet
    from tasktui.exchange.unit_proposals import UnitProposal
    from tasktui.extract.types import Extraction
    from tasktui.store.plan import TaskFile
    from tasktui.store.service import Service

# Share of characters that no real text has (U+FFFD, private use, unassigned, lone
# surrogates) above which decoded bytes are mojibake: random bytes decoded as GB18030
# give some 10 %, a real speech none (a rare character in a user-defined GBK slot now
# and then).
MAX_JUNK_SHARE = 0.01
# How much of the text the share is judged on: enough to be sure, cheap on 2 MB.
_SAMPLE_CHARS = 20_000


def is_task_file(name: str) -> bool:
    return Path(name).suffix.lower() == ".toml"


def import_task_file_text(
    service: Service, text: str, filename: str, shift_days: int | None = None
) -> list[ImportResult]:
    return service.apply_task_file(parse_task_file_text(service, text, filename, shift_days))


def parse_task_file_text(service: Service, text: str, filename: str, shift_days: int | None = None) -> TaskFile:
    """A task file's text validated against the store's units; TaskFileError otherwise."""
    from tasktui.exchange.taskfile import parse_task_file

    return parse_task_file(
        text,
        filename=filename,
        departments=service.known_department_names(),
        office_name=service.actor.name,
        now=service.clock.now(),
        shift_days=shift_days,
        today=service.clock.today(),
        calendar=service.work_calendar(),
    )


def import_speech_text(
    service: Service,
    text: str,
    source_name: str,
    meeting_date: date | None = None,
    title: str | None = None,
) -> ImportResult:
    """Extract and store one speech. SpeechInputError when the text is not a speech (see
    the module docstring), InputError for a date out of range; nothing written then."""
    extraction = extract_speech(service, text, meeting_date)
    return service.import_extraction(extraction, source_name=source_name, meeting_date=meeting_date, title=title)


def extract_speech(service: Service, text: str, meeting_date: date | None = None) -> Extraction:
    """A speech's extraction, checked as `import_speech_text` describes; nothing written."""
    from tasktui.extract import extract
    from tasktui.extract.units import UnitDirectory
    from tasktui.store.deadline_input import check_date
    from tasktui.textcheck import BIDI_CONTROLS

    if meeting_date is not None:
        check_date(meeting_date, "会议日期")
    _require_text(text)
    # Bidirectional overrides would reorder headings on screen and in reports; in a
    # pasted speech they come unseen (Windows wraps copied phone numbers in U+202A/U+202C)
    # and mean nothing, so they are taken out rather than the speech refused.
    text, removed = BIDI_CONTROLS.subn("", text)
    # The store's departments (with aliases) take part in owner normalisation.
    units = UnitDirectory.builtin().with_departments(dict(service.departments()))
    # The store's calendar: an imported 放假安排 decides the holidays of its year.
    extraction = extract(text, meeting_date=meeting_date, units=units, calendar=service.work_calendar())
    _require_items(extraction)
    if extraction.meeting_date is not None:
        check_date(extraction.meeting_date, "会议日期")
    _unresolve_out_of_range(extraction)
    if removed:
        extraction.warnings.append(f"已删除 {removed} 个双向文本控制字符（U+202A–U+202E、U+2066–U+2069）")
    return extraction


def _require_text(text: str) -> None:
    """SpeechInputError when decoded bytes are mojibake, or no Chinese at all."""
    from tasktui.extract.types import SpeechInputError

    sample = [ch for ch in text[:_SAMPLE_CHARS] if not ch.isspace()]
    junk = sum(1 for ch in sample if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cs"))
    if sample and junk > max(2, len(sample) * MAX_JUNK_SHARE):
        share = f"{junk / len(sample):.0%}"
        raise SpeechInputError(f"看起来不是文本：{share} 的字符是乱码或无效字符（文件损坏或不是讲话稿）")
    if not any(_is_han(ch) for ch in sample):
        raise SpeechInputError("不含汉字，不像中文讲话稿")


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def _require_items(extraction: Extraction) -> None:
    """SpeechInputError when the extractor found nothing to track: an empty meeting is
    never stored silently."""
    from tasktui.extract import EXTRACTOR_FAILED
    from tasktui.extract.types import SpeechInputError

    if extraction.items:
        return
    failed = [w for w in extraction.warnings if w.startswith(EXTRACTOR_FAILED)]
    if failed:  # a bug in the extractor, not the speech: say so
        raise SpeechInputError(failed[0])
    raise SpeechInputError("未找到编号事项（一、（一）、1. …）")


def _unresolve_out_of_range(extraction: Extraction) -> None:
    """A deadline the extractor worked out beyond the dates tasktui takes (a speech dated
    2999 saying 明年底前) becomes 时限待定, for a person to set, with a warning."""
    from tasktui.store.deadline_input import date_problem

    for item in extraction.items:
        dl = item.deadline
        problem = date_problem(dl.date, "时限") if dl is not None and dl.date is not None else None
        if dl is not None and problem:
            item.deadline = dataclasses.replace(dl, status="unresolved", date=None, warnings=(*dl.warnings, problem))
            extraction.warnings.append(f"{item.id}: {problem}，记为时限待定")


@dataclass
class PendingImport:
    """A file read, and parsed or extracted, with nothing written yet: what
    `store_import` stores. `proposals`: the units a speech names that the store does not
    know (a task file declares its own units, so it has none)."""

    name: str  # as given ("-" for standard input)
    source_name: str
    task_file: TaskFile | None = None
    extraction: Extraction | None = None
    meeting_date: date | None = None
    title: str | None = None
    proposals: list[UnitProposal] = field(default_factory=list)
    ledger: LedgerDraft | None = None  # an existing 台账 (.xlsx, .csv, a .docx whose main content is one)


def read_import(
    service: Service,
    name: str,
    meeting_date: date | None = None,
    title: str | None = None,
    maps: Sequence[str] = (),
) -> PendingImport:
    """Read one file ("-" is standard input) and parse or extract it. Raises
    TaskFileError, SpeechInputError, InputError or OSError with a message fit for the
    user. Every read is bounded (a device, a FIFO or a pipe that never ends is refused
    after the limit), see extract.textio.read_bounded.

    A ledger (台账): an .xlsx/.xlsm/.csv, or a .docx whose main content is a table with a
    ledger's header (`ledger_docx_table`); `maps` (`--map 列名=字段`) corrects how its
    columns are read. Any other .docx is a speech, its tables read in document order."""
    from tasktui.exchange.toml_reading import read_task_file_text
    from tasktui.exchange.unit_proposals import propose_units
    from tasktui.extract.textio import read_speech_file
    from tasktui.store.errors import InputError

    path = Path(name)
    if name != "-" and not path.exists():
        raise InputError(f"{name}：没有这个文件")
    if name != "-" and path.is_dir():
        raise InputError(f"{name}：是文件夹，不是文件")
    if is_task_file(name):
        tf = parse_task_file_text(service, read_task_file_text(path), str(path))
        return PendingImport(name, str(path), task_file=tf)
    if name != "-" and path.suffix.lower() in (".xlsx", ".xlsm", ".csv", ".docx"):
        pending = _read_ledger_file(service, path, meeting_date, title, maps)
        if pending is not None:
            return pending
    elif maps:
        raise InputError(f"{name}：--map 只用于台账（.xlsx、.csv，或以台账表格为主的 .docx）")
    text = read_speech_file(name)
    extraction = extract_speech(service, text, meeting_date)
    return PendingImport(
        name,
        "stdin" if name == "-" else path.name,
        extraction=extraction,
        meeting_date=meeting_date,
        title=title,
        proposals=propose_units(extraction, service.departments()),
    )


def _read_ledger_file(
    service: Service, path: Path, meeting_date: date | None, title: str | None, maps: Sequence[str]
) -> PendingImport | None:
    """A ledger read into a draft, or None for a .docx that is a speech (and no --map)."""
    from tasktui.exchange.ledger import read_ledger
    from tasktui.exchange.ledger_files import read_docx_content, read_file_bytes, read_sheets
    from tasktui.exchange.unit_proposals import propose_named_units
    from tasktui.extract.textio import MAX_SPEECH_BYTES
    from tasktui.store.deadline_input import check_date
    from tasktui.store.errors import InputError

    if meeting_date is not None:
        check_date(meeting_date, "会议日期")
    if path.suffix.lower() == ".docx" and not maps and _size(path) > MAX_SPEECH_BYTES:
        return None  # a .docx ledger is a page of table; one this big is refused as a speech is
    data = read_file_bytes(path)
    if path.suffix.lower() == ".docx":
        sheets = ledger_docx_tables(read_docx_content(data, path.name))
        if not sheets:
            if maps:
                raise InputError(f"{path.name}：没有台账表格（表头含「工作任务」等列的表格），--map 无从使用")
            return None
    else:
        sheets = read_sheets(data, path.name)
    draft = read_ledger(
        sheets,
        path.name,
        meeting_date=meeting_date,
        title=title,
        maps=maps,
        today=service.clock.today(),
        calendar=service.work_calendar(),
    )
    return PendingImport(
        str(path),
        path.name,
        meeting_date=draft.meeting_date,
        title=draft.title,
        proposals=propose_named_units(draft.owner_phrases(), service.departments()),
        ledger=draft,
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_file_bytes says why


def ledger_docx_tables(content: DocxContent) -> list[Sheet]:
    """The tables that make a .docx a ledger: those whose header names the task column and
    at least one more, when their text is at least half of the document's (a ledger sent
    as Word, a title line above it). Minutes with a small 议定事项 table among their
    paragraphs stay a speech; so does a table whose header no ledger column matches."""
    from tasktui.exchange.ledger import header_score

    ledgers = [t for t in content.tables if header_score(t) >= 2]
    if not ledgers:
        return []
    table_chars = sum(len(str(v)) for t in content.tables for row in t.rows for v in row if v)
    text_chars = sum(len(p.strip()) for p in content.paragraphs)
    return ledgers if table_chars >= text_chars else []


def store_import(service: Service, pending: PendingImport, units: Sequence[UnitProposal] = ()) -> list[ImportResult]:
    """Register the chosen proposed `units` (with their aliases), then store the file.
    The units are the person's explicit choice, so one close to a known unit is added
    too; they stay registered should storing the meeting fail.

    A ledger whose units are not all registered is refused before anything is written:
    its rows would wait in 待分派 without their 完成情况, and importing the same file again
    once the units exist would be the no-op a same file is."""
    if pending.ledger is not None:
        left = [p.name for p in pending.proposals if p not in units]
        if left:
            shown = "、".join(left[:8]) + ("等" if len(left) > 8 else "")
            raise InputError(
                f"{pending.source_name}：台账中有 {len(left)} 个单位尚未登记（{shown}），未导入：请先登记"
                "（--add-units 全部登记，--add-unit 名称 逐个登记，或在界面中勾选），"
                "也可先用 tasktui dept alias 把它们设为已登记单位的别名"
            )
    for unit in units:
        service.add_department(unit.name, unit.aliases, allow_similar=True)
    if pending.task_file is not None:
        return service.apply_task_file(pending.task_file)
    if pending.ledger is not None:
        from tasktui.exchange.ledger import ledger_plan

        plan, warnings = ledger_plan(pending.ledger, service.departments(), service.actor.name, service.clock.now())
        results = service.apply_task_file(plan)
        for r in results:
            if r.created:
                r.warnings.extend(warnings)
        return results
    assert pending.extraction is not None
    return [
        service.import_extraction(
            pending.extraction, source_name=pending.source_name, meeting_date=pending.meeting_date, title=pending.title
        )
    ]


def import_path(
    service: Service,
    name: str,
    meeting_date: date | None = None,
    title: str | None = None,
    maps: Sequence[str] = (),
) -> list[ImportResult]:
    """Import one file ("-" is standard input), registering no unit: `read_import`, then
    `store_import`. Writes nothing on error."""
    return store_import(service, read_import(service, name, meeting_date, title, maps))
