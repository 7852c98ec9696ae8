"""The 督办通报 as Word (python-docx), in the weekly report's official layout (GB/T 9704
margins, fonts, page numbers: render_docx's helpers) under a red masthead: 督办通报 in
red, the 期号, the 编制单位 and the date on one line, a red rule; then the subject, the
numbered parts with their tables (streamed, as the weekly report's), the sign-off."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt, RGBColor

from tasktui.report.bulletin import Bulletin, opening, parts
from tasktui.report.render_docx import (
    HEAD_FONT,
    TEXT_WIDTH_TWIPS,
    TITLE_FONT,
    _para,
    _placeholder,
    _set_fonts,
    _setup,
    _Table,
    save_with_tables,
)
from tasktui.report.tables import numbered

RED = RGBColor(0xE6, 0x00, 0x12)  # the 红头's red
MASTHEAD_PT = 36


def _build(b: Bulletin) -> tuple[DocumentObject, list[_Table]]:
    doc = Document()
    _setup(doc)
    cp = doc.core_properties
    cp.title = f"{b.title} {b.period.label}"
    cp.author = cp.last_modified_by = b.office
    cp.created = cp.modified = b.made  # pinned to the service clock
    cp.revision = 1
    _para(doc, b.title, TITLE_FONT, MASTHEAD_PT, center=True, color=RED)
    if b.issue_label:
        _para(doc, b.issue_label, None, 16, center=True)
    # 编制单位 at the left margin, the date at the right one, over a red rule.
    p = doc.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Pt(TEXT_WIDTH_TWIPS / 20), WD_TAB_ALIGNMENT.RIGHT)
    p.paragraph_format.space_after = Pt(4)
    p.add_run(f"{b.office}\t{b.made_label}")
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="18" w:space="4" w:color="E60012"/></w:pBdr>')
    )
    _para(doc, "")
    _para(doc, b.subject, TITLE_FONT, 22, center=True)  # 二号
    _para(doc, "")
    _para(doc, opening(b), indent=True)
    tables: list[_Table] = []
    all_parts = parts(b)
    for i, part in enumerate(all_parts):
        _para(doc, numbered(i, part.title), HEAD_FONT, keep_next=True)
        for n, text in enumerate(part.paragraphs):
            _para(doc, text, indent=True, keep_next=part.table is not None and n == len(part.paragraphs) - 1)
        if part.table is not None:
            _placeholder(doc, len(tables))
            tables.append(_Table(part.table, b.as_of.year, keeps_with_next=False))
    _para(doc, "", keep_next=True)
    for n, line in enumerate((b.office, b.made_label)):
        sign = doc.add_paragraph()
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        sign.paragraph_format.right_indent = Pt(64)
        sign.paragraph_format.keep_with_next = n == 0
        run = sign.add_run(line)
        _set_fonts(run._r, "仿宋_GB2312")
    return doc, tables


def write_bulletin_docx(b: Bulletin, path: Path) -> None:
    doc, tables = _build(b)
    save_with_tables(doc, tables, path)
