"""Reading speeches: encodings, .docx, HTML, and inputs that are not speeches."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasktui.extract.textio import read_speech_bytes, read_speech_file
from tasktui.extract.types import SpeechInputError

SPEECH = "在全县防汛工作会议上的讲话\n一、压实防汛责任。各乡镇要在5月底前完成隐患排查。\n"


@pytest.mark.parametrize(
    "encoding,prefix",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("gbk", b""),
        ("gb18030", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
def test_encodings_round_trip(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "speech.dat"  # extension says nothing: detection is by content
    path.write_bytes(prefix + SPEECH.encode(encoding))
    assert read_speech_file(path) == SPEECH


def test_utf16_without_bom_is_detected() -> None:
    text = "Meeting notes 2024\n一、加强领导。\n"
    assert read_speech_bytes(text.encode("utf-16-le")) == text


def test_utf16_write_text_helper(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text(SPEECH, encoding="utf-16")  # Python writes a BOM
    assert read_speech_file(path) == SPEECH


def test_crlf_becomes_lf() -> None:
    assert read_speech_bytes("一、加强领导。\r\n二、压实责任。\r\n".encode()) == "一、加强领导。\n二、压实责任。\n"


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("在全市安全生产会议上的讲话")
    doc.add_paragraph("一、压实安全责任。")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "责任单位"
    table.rows[0].cells[1].text = "市应急管理局"
    doc.add_paragraph("二、强化隐患排查。")
    path = tmp_path / "speech.bin"
    doc.save(str(path))
    text = read_speech_file(path)
    lines = text.splitlines()
    assert lines[0] == "在全市安全生产会议上的讲话"
    assert "一、压实安全责任。" in lines
    assert any("市应急管理局" in ln for ln in lines)
    assert lines.index("一、压实安全责任。") < lines.index("二、强化隐患排查。")


def test_html_is_stripped() -> None:
    html = "<html><body><p>一、加强领导&nbsp;。</p><div>二、压实责任&amp;落实。</div></body></html>"
    text = read_speech_bytes(html.encode())
    assert "<" not in text and "一、加强领导 。" in text and "压实责任&落实" in text


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\x00\x00\x00"])
def test_empty_input_raises(data: bytes) -> None:
    with pytest.raises(SpeechInputError, match="x.txt 是空的"):
        read_speech_bytes(data, "x.txt")


def test_binary_input_raises() -> None:
    blob = bytes(range(256)) * 40
    with pytest.raises(SpeechInputError):
        read_speech_bytes(blob, "x.bin")


def test_zip_that_is_not_docx_raises(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(SpeechInputError, match="不是 .docx 文档"):
        read_speech_file(path)


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(SpeechInputError):
        read_speech_file(tmp_path / "nope.txt")


def _merge_down(cell: object, restart: bool) -> None:
    """Mark a python-docx cell as the start or a continuation of a vertical merge."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    merge = OxmlElement("w:vMerge")
    if restart:
        merge.set(qn("w:val"), "restart")
    tc_pr.append(merge)


def test_docx_task_table_reads_as_a_task_list(tmp_path: Path) -> None:
    """Minutes whose 议定事项 are a table: each row becomes one line with its marker and
    labelled fields, in document order; a merged section row stays a heading; a unit cell
    merged down belongs to every row it covers; the extractor then finds the items."""
    from datetime import date

    from tasktui.extract import extract

    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("区政府第12次常务会议纪要")
    doc.add_paragraph("会议议定事项如下：")
    table = doc.add_table(rows=5, cols=4)
    for i, h in enumerate(["序号", "工作任务", "责任单位", "完成时限"]):
        table.rows[0].cells[i].text = h
    section = table.rows[1].cells[0].merge(table.rows[1].cells[3])
    section.text = "一、教育项目"
    for r, (n, task, unit, due) in enumerate(
        [
            ("1", "加强控辍保学", "区教体局", "3月底前"),
            ("2", "推进校舍改造", "", "6月30日前"),
            ("3", "完善资助体系", "区财政局", ""),
        ],
        start=2,
    ):
        cells = table.rows[r].cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = n, task, unit, due
    _merge_down(table.rows[2].cells[2], restart=True)
    _merge_down(table.rows[3].cells[2], restart=False)
    doc.add_paragraph("散会。")
    path = tmp_path / "minutes.docx"
    doc.save(str(path))

    lines = read_speech_file(path).splitlines()
    assert lines == [
        "区政府第12次常务会议纪要",
        "会议议定事项如下：",
        "序号\t工作任务\t责任单位\t完成时限",
        "一、教育项目",
        "1．加强控辍保学。责任单位：区教体局；完成时限：3月底前。",
        "2．推进校舍改造。责任单位：区教体局；完成时限：6月30日前。",
        "3．完善资助体系。责任单位：区财政局。",
        "散会。",
    ]
    items = {i.text: i for i in extract("\n".join(lines), meeting_date=date(2026, 3, 2)).items}
    assert items["推进校舍改造"].owners == ["区教体局"]
    assert items["加强控辍保学"].deadline is not None and items["加强控辍保学"].deadline.date == date(2026, 3, 31)
    assert items["推进校舍改造"].parent_id == items["教育项目"].id


def test_docx_nested_table_is_read_once(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("一、压实安全责任。")
    outer = doc.add_table(rows=1, cols=2)
    outer.rows[0].cells[0].text = "说明"
    inner = outer.rows[0].cells[1].add_table(rows=1, cols=1)
    inner.rows[0].cells[0].text = "内嵌表格的文字"
    path = tmp_path / "nested.docx"
    doc.save(str(path))
    text = read_speech_file(path)
    assert text.count("内嵌表格的文字") == 1
