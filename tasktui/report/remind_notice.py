"""The 催办通知单 (reminder notice): one .docx per unit, in the weekly report's official
layout (render_docx: GB/T 9704 margins, 小标宋 title, 仿宋 body, page numbers; the table
streamed, so a unit with thousands of items costs no more than the report).

What it says: title and 文号, the unit addressed, the sentence of what is owed with its
counts, a table of the tasks (deadline, what is owed on each: 逾期N天, 未签收, 未按期报送,
how many 催办 before), the office's 要求, the office and the date.
`write_notices` writes every notice into a folder, each file whole or not at all, and
removes those it wrote when one fails (the caller's transaction then keeps no event).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from tasktui.report.render_docx import (
    BODY_FONT,
    TITLE_FONT,
    _para,
    _placeholder,
    _setup,
    _Table,
    save_with_tables,
    stream_with_tables,
)
from tasktui.report.tables import Section
from tasktui.store.reminders import ReminderNotice

TITLE = "催办通知单"
HEADERS = ["序号", "编号", "督办事项", "时限", "责任", "催办事由", "此前催办"]
DEFAULT_REQUIREMENTS = (
    "请你单位高度重视，对照上述事项逐项研究，于收到本通知之日起3个工作日内签收未签收事项、"
    "报送整改进展；确已逾期的，说明原因并提出整改措施和完成时限。逾期未反馈的，将在督查通报中予以通报。"
)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def date_words(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def summary_sentence(n: ReminderNotice) -> str:
    parts = []
    if n.overdue:
        parts.append(f"逾期{n.overdue}项")
    if n.unacknowledged:
        parts.append(f"未签收{n.unacknowledged}项")
    if n.late:
        parts.append(f"未按期报送进展{n.late}项")
    return (
        f"截至{date_words(n.date)}，你单位牵头或配合的督办事项中有{len(n.items)}项未按要求办理"
        f"（{'、'.join(parts)}），现予催办。具体如下："
    )


def rows(n: ReminderNotice) -> list[list[str]]:
    return [
        [
            str(i),
            f"#{it.task_id}",
            f"{it.outline} {it.heading}".strip() if it.outline else it.heading,
            it.deadline.isoformat() if it.deadline else "无时限",
            it.role,
            "；".join(it.reasons),
            f"{it.reminded_before}次" if it.reminded_before else "—",
        ]
        for i, it in enumerate(n.items, 1)
    ]


def _build(n: ReminderNotice, office: str, requirements: str) -> tuple[DocumentObject, list[_Table]]:
    doc = Document()
    _setup(doc)
    cp = doc.core_properties
    cp.title = f"{TITLE} {n.number}".strip()
    cp.author = cp.last_modified_by = office
    cp.created = cp.modified = datetime.combine(n.date, time())  # the notice's date, not the machine's
    cp.revision = 1
    _para(doc, TITLE, TITLE_FONT, 22, center=True)  # 二号
    if n.number:
        _para(doc, n.number, BODY_FONT, center=True)
    _para(doc, "")
    _para(doc, f"{n.unit}：")
    _para(doc, summary_sentence(n), indent=True, keep_next=True)
    _placeholder(doc, 0)
    table = _Table(Section("", HEADERS, rows(n), ""), n.date.year, keeps_with_next=False)
    _para(doc, "")
    _para(doc, "要求：" + requirements, indent=True)
    # The sign-off (落款): office and date, right-aligned, kept together.
    _para(doc, "", keep_next=True)
    for k, line in enumerate((office, date_words(n.date))):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(64)
        p.paragraph_format.keep_with_next = k == 0
        p.add_run(line)
    return doc, [table]


def write_notice(n: ReminderNotice, office: str, requirements: str, path: Path) -> None:
    doc, tables = _build(n, office, requirements)
    save_with_tables(doc, tables, path)


def zip_notices(notices: Sequence[ReminderNotice], out: BinaryIO, office: str, requirements: str) -> list[str]:
    """Every notice, as `write_notices` writes them, into one zip in `out` (the app's web
    mode sends it to the browser: nothing is written on the server); returns the names
    inside the zip."""
    names: list[str] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:  # .docx are zips already
        for n in notices:
            doc, tables = _build(n, office, requirements)
            buf = io.BytesIO()
            stream_with_tables(doc, tables, buf)
            name = file_name(n)
            zf.writestr(name, buf.getvalue())
            names.append(name)
    return names


def file_name(n: ReminderNotice) -> str:
    """催办通知单-督办〔2026〕3号-区教体局.docx (the date when there is no number yet)."""
    tag = n.number or n.date.isoformat()
    return _UNSAFE.sub("_", f"{TITLE}-{tag}-{n.unit}") + ".docx"


def write_notices(notices: Sequence[ReminderNotice], folder: Path, office: str, requirements: str) -> list[Path]:
    """Every notice into `folder`; on a failure the ones already written are removed."""
    written: list[Path] = []
    try:
        for n in notices:
            path = folder / file_name(n)
            write_notice(n, office, requirements, path)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


__all__ = [
    "DEFAULT_REQUIREMENTS",
    "HEADERS",
    "TITLE",
    "file_name",
    "rows",
    "summary_sentence",
    "write_notice",
    "write_notices",
    "zip_notices",
]
