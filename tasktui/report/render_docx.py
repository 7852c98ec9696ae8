"""Word (python-docx): a 督办周报 laid out like an official document (GB/T 9704 page
margins, 小标宋 title, 黑体 headings, 仿宋 body, page numbers "— 1 —").

Chinese fonts need the East-Asian slot of w:rFonts: setting `font.name` alone only
changes the Latin font and Word keeps showing the CJK text in its default face.

Tables are written as WordprocessingML text and streamed into the saved file in place
of placeholder paragraphs: python-docx's cell API costs milliseconds per cell and an
in-memory tree of a 40,000-row table takes a gigabyte.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

from tasktui.atomic_write import atomic_path
from tasktui.report.model import WeeklyReport
from tasktui.report.render_xlsx import text_width
from tasktui.report.tables import Section, heading_lines, numbered, sections

TITLE_FONT = "方正小标宋简体"
HEAD_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
SUB_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
TABLE_STYLE = "ReportTable"
TABLE_HEAD_STYLE = "ReportTableHead"
# A4 minus GB/T 9704 margins (left 2.8 cm, right 2.6 cm), in twentieths of a point.
TEXT_WIDTH_TWIPS = int((21.0 - 2.8 - 2.6) / 2.54 * 1440)
_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _set_fonts(rpr_owner: object, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set Latin and East-Asian fonts on a style or run (its w:rPr/w:rFonts)."""
    el: Any = getattr(rpr_owner, "element", rpr_owner)
    rpr = el.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)  # a theme font would override the named one


def _style(doc: DocumentObject, name: str, east_asia: str, size: float, bold: bool = False) -> BaseStyle:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(size)
    style.font.bold = bold
    _set_fonts(style, east_asia)
    return style


def _setup(doc: DocumentObject) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    normal = _style(doc, "Normal", BODY_FONT, 16)  # 三号
    pf = normal.paragraph_format  # type: ignore[attr-defined]
    pf.line_spacing = Pt(28)
    pf.space_before = pf.space_after = Pt(0)
    for name, font, size, bold in (
        (TABLE_STYLE, BODY_FONT, 9, False),  # 小五: eight columns fit a portrait page
        (TABLE_HEAD_STYLE, HEAD_FONT, 9, False),
    ):
        st = _style(doc, name, font, size, bold)
        st.base_style = normal  # type: ignore[attr-defined]
        tpf = st.paragraph_format  # type: ignore[attr-defined]
        tpf.line_spacing = 1.0
        tpf.first_line_indent = Pt(0)
        tpf.space_before = tpf.space_after = Pt(0)
    # Page number centred in the footer: "— 1 —".
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" '
            f'w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r>'
        )
    )
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="28"/></w:rPr>'
            f"<w:t>1</w:t></w:r></w:fldSimple>"
        )
    )
    footer._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr>'
            f'<w:t xml:space="preserve"> —</w:t></w:r>'
        )
    )


def _para(
    doc: DocumentObject,
    text: str,
    font: str | None = None,
    size: float | None = None,
    center: bool = False,
    indent: bool = False,
    color: RGBColor | None = None,
    keep_next: bool = False,
) -> None:
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
    if keep_next:
        # On the same page as what follows (the note, the table's header row): a heading
        # is never left alone at a page foot.
        p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    if font:
        _set_fonts(run._r, font)
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _x(text: str) -> str:
    return escape(_BAD_XML.sub("", text))


# Width of one half-width character at 小五 (9 pt), in twips, plus cell padding. A digit
# is wider than 0.5 em in the fonts a machine without Times New Roman falls back to
# (DejaVu Serif: 0.64 em), and LibreOffice spaces CJK from digits: dates and numbers
# must not wrap there either.
_UNIT_TWIPS = 100
_PAD_UNITS = 3
_SHORT = 12  # columns at most this wide are centred
_MIN_UNITS = 4 + _PAD_UNITS  # a text column keeps at least two characters a line

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Cells that must not wrap: numbers, dates, percentages, "—".
_RIGID = re.compile(r"^[\d\s.%+\-—年月日]*$")


@dataclass(frozen=True)
class _Table:
    sec: Section
    year: int  # the report's year: its dates are printed without it
    keeps_with_next: bool  # the last table before the sign-off keeps its last row with it

    def cell_text(self, text: str) -> str:
        """A date as an official document writes it: 11月13日, with the year only when it
        is not the report's (2027年1月15日). Other cells as they are."""
        m = _ISO_DATE.match(text)
        if m is None:
            return text
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return f"{mo}月{d}日" if y == self.year else f"{y}年{mo}月{d}日"


def _col_widths(t: _Table) -> tuple[list[int], list[bool]]:
    """Column widths in twips, and which columns are short (centred).

    Columns of numbers and dates get their content's natural width and never wrap (a
    header may wrap after two characters). The text columns share what is left, the
    narrowest first: each keeps its natural width up to a common level, the wider ones
    wrap at that level (max-min fair), none narrower than two characters."""
    sec = t.sec
    natural = [4 for _ in sec.headers]
    rigid = [True for _ in sec.headers]
    for row in sec.rows[:2000]:
        for i, c in enumerate(row):
            text = t.cell_text(c)
            natural[i] = max(natural[i], min(60, text_width(text)))
            if rigid[i] and not _RIGID.match(text):
                rigid[i] = False
    natural = [n + _PAD_UNITS for n in natural]
    short = [n <= _SHORT + _PAD_UNITS for n in natural]
    avail = TEXT_WIDTH_TWIPS / _UNIT_TWIPS
    fixed = sum(n for n, r in zip(natural, rigid) if r)
    text_cols = [n for n, r in zip(natural, rigid) if not r]
    room = avail - fixed
    if text_cols and sum(text_cols) <= room:  # the text columns widen to fill the line
        units = [n if r else n * room / sum(text_cols) for n, r in zip(natural, rigid)]
    elif text_cols and room >= _MIN_UNITS * len(text_cols):
        level = _level(text_cols, room)
        units = [n if r else min(n, max(level, _MIN_UNITS)) for n, r in zip(natural, rigid)]
    else:  # all numbers, or not even two characters a line left: all in proportion
        units = [n * avail / sum(natural) for n in natural]
    return [int(u * _UNIT_TWIPS) for u in units], short


def _level(widths: list[int], room: float) -> float:
    """The level L at which sum(min(w, max(L, _MIN_UNITS))) == room (bisection)."""
    lo, hi = 0.0, float(max(widths))
    for _ in range(40):
        mid = (lo + hi) / 2
        if sum(min(w, max(mid, _MIN_UNITS)) for w in widths) > room:
            hi = mid
        else:
            lo = mid
    return lo


def _cell(
    text: str, width: int, style: str, shade: str | None = None, center: bool = False, keep_next: bool = False
) -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    keep = "<w:keepNext/>" if keep_next else ""
    jc = '<w:jc w:val="center"/>' if center else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}{jc}</w:pPr>'
        f'<w:r><w:t xml:space="preserve">{_x(text)}</w:t></w:r></w:p></w:tc>'
    )


_PLACEHOLDER = "@@TASKTUI-TABLE-{}@@"
_PLACEHOLDER_P = re.compile(r"<w:p>\s*<w:r>\s*<w:t>@@TASKTUI-TABLE-(\d+)@@</w:t>\s*</w:r>\s*</w:p>")


def _table_parts(t: _Table) -> Iterator[str]:
    """A table as WordprocessingML text, row by row."""
    sec = t.sec
    widths, short = _col_widths(t)
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    yield (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblBorders>{border}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="60" w:type="dxa"/>'
        f'<w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    )
    # The header row repeats on every page, never splits and keeps with the first row
    # (so the heading above, kept with it, never ends a page alone).
    yield (
        '<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="360"/><w:tblHeader/></w:trPr>'
        + "".join(_cell(h, w, TABLE_HEAD_STYLE, "D9D9D9", True, keep_next=True) for h, w in zip(sec.headers, widths))
        + "</w:tr>"
    )
    last = len(sec.rows) - 1
    # Each column's cell markup around the text, worked out once (a table may have 100,000s of cells).
    parts = [_cell("\ue000", w, TABLE_STYLE, None, sh).split("\ue000") for w, sh in zip(widths, short)]
    row_start = '<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="360"/></w:trPr>'
    cell_text = t.cell_text
    for n, row in enumerate(sec.rows):
        if t.keeps_with_next and n == last:  # the sign-off never starts a page alone
            cells = "".join(
                _cell(cell_text(c), w, TABLE_STYLE, None, sh, keep_next=True) for c, w, sh in zip(row, widths, short)
            )
        else:
            cells = "".join(p[0] + _x(cell_text(c)) + p[1] for c, p in zip(row, parts))
        yield row_start + cells + "</w:tr>"
    yield "</w:tbl>"


def _placeholder(doc: DocumentObject, n: int) -> None:
    """A paragraph the table replaces after saving (see `write_docx`)."""
    p = parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>{_PLACEHOLDER.format(n)}</w:t></w:r></w:p>")
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(p)
    else:
        body.append(p)


def _build(r: WeeklyReport) -> tuple[DocumentObject, list[_Table]]:
    """The document with a placeholder paragraph where each table goes."""
    doc = Document()
    _setup(doc)
    cp = doc.core_properties
    cp.title = f"{r.title} {r.period.label}"
    cp.author = cp.last_modified_by = r.office
    cp.created = cp.modified = r.made  # pinned to the service clock
    cp.revision = 1
    _para(doc, r.title, TITLE_FONT, 22, center=True)  # 二号
    for line in heading_lines(r):
        _para(doc, line, SUB_FONT, 14, center=True)
    _para(doc, "")
    tables: list[_Table] = []
    all_sections = list(sections(r))
    for i, sec in enumerate(all_sections):
        # The summary's table is in the xlsx: its paragraph says it all here.
        has_table = i > 0 and bool(sec.rows)
        _para(doc, numbered(i, sec.title), HEAD_FONT, keep_next=True)
        if sec.note:
            _para(doc, sec.note, indent=True, keep_next=i > 0)  # then its table or "none"
        if i == 0:
            continue
        last = i == len(all_sections) - 1
        if has_table:
            _placeholder(doc, len(tables))
            tables.append(_Table(sec, r.as_of.year, keeps_with_next=last))
        else:
            _para(doc, sec.empty, indent=True, keep_next=last)
    # The sign-off (落款): issuer and date, right-aligned, on one page with the end of
    # the last section; it also keeps the body from ending in a table, which Word dislikes.
    _para(doc, "", keep_next=True)
    for n, line in enumerate((r.office, r.made_label)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(64)
        p.paragraph_format.keep_with_next = n == 0
        p.add_run(line)
    return doc, tables


def write_docx(r: WeeklyReport, path: Path) -> None:
    """Save the python-docx document, then stream the tables into word/document.xml in
    place of their placeholders: constant memory and fast for any number of rows."""
    doc, tables = _build(r)
    save_with_tables(doc, tables, path)


def save_docx(r: WeeklyReport, out: BinaryIO) -> None:
    """`write_docx` into `out` (a file or a BytesIO)."""
    doc, tables = _build(r)
    stream_with_tables(doc, tables, out)


def save_with_tables(doc: DocumentObject, tables: Sequence[_Table], path: Path) -> None:
    """Save `doc` atomically with each placeholder paragraph (`_placeholder`) replaced by
    its table, streamed (the weekly report, the 催办通知单, the 通报)."""
    # Written to a temporary file renamed into place when whole (a full disk leaves the
    # old report, not a truncated one).
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        stream_with_tables(doc, tables, f)


def stream_with_tables(doc: DocumentObject, tables: Sequence[_Table], out: BinaryIO) -> None:
    """`save_with_tables` into `out` (seekable: a zip is written)."""
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    with (
        zipfile.ZipFile(buf) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename != "word/document.xml":
                zout.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            big = zipfile.ZipInfo(info.filename, info.date_time)
            big.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(big, "w", force_zip64=True) as entry:
                pos = 0
                for m in _PLACEHOLDER_P.finditer(xml):
                    entry.write(xml[pos : m.start()].encode("utf-8"))
                    batch: list[str] = []
                    for part in _table_parts(tables[int(m.group(1))]):
                        batch.append(part)
                        if len(batch) >= 500:
                            entry.write("".join(batch).encode("utf-8"))
                            batch.clear()
                    entry.write("".join(batch).encode("utf-8"))
                    pos = m.end()
                entry.write(xml[pos:].encode("utf-8"))


def table_texts(doc: DocumentObject) -> Sequence[list[list[str]]]:
    """Every table's cell texts (for tests and checks)."""
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
