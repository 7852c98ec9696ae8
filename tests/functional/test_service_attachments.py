"""Evidence (佐证材料) through the service, on SQLite and PostgreSQL: what is taken (type
by extension and content, size, name), who may attach and read, seq numbers, one event
per file, duplicates, all or nothing; and 标记完成 needing a 整改情况 note.

The store is tests/data/basic.toml: #1 区教体局 leads (区卫健局 co-owns) 整改中, #2 区教体局
已交办, #3 区财政局 已交办, #4 待分派, #5 区教体局 已完成待核, #6 a review item.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable

import pytest
from docx import Document
from openpyxl import Workbook

from tasktui.store.attachments import MAX_FILE_BYTES
from tasktui.store.errors import InputError, NotFoundError, RuleError
from tasktui.store.service import Service

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
JPG = b"\xff\xd8\xff\xe0" + bytes(64)


def docx_bytes(text: str = "整改报告") -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "台账"  # type: ignore[index]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_every_type_is_stored_and_read_back(basic: Service) -> None:
    files = {
        "整改报告.pdf": PDF,
        "现场.jpg": JPG,
        "现场2.jpeg": JPG + b"2",
        "截图.png": PNG,
        "说明.docx": docx_bytes(),
        "台账.xlsx": xlsx_bytes(),
        "情况.txt": "已排查学生 1200 人\n".encode(),
        "gbk.txt": "已劝返 3 人".encode("gb18030"),
    }
    before = basic.get_task(1).row.version
    result = basic.attach(1, list(files.items()))
    assert [a.seq for a in result.added] == list(range(1, 9)) and result.duplicates == []
    assert result.version == before + len(files)  # one change per file, each with its event
    listed = basic.attachments(1)
    assert [(a.seq, a.name, a.kind) for a in listed] == [
        (1, "整改报告.pdf", "PDF"),
        (2, "现场.jpg", "JPG"),
        (3, "现场2.jpeg", "JPG"),
        (4, "截图.png", "PNG"),
        (5, "说明.docx", "Word"),
        (6, "台账.xlsx", "Excel"),
        (7, "情况.txt", "文本"),
        (8, "gbk.txt", "文本"),
    ]
    for a, content in zip(listed, files.values(), strict=True):
        view, back = basic.attachment(1, a.seq)
        assert back == content and view.size == len(content)
        assert view.sha256 == hashlib.sha256(content).hexdigest()
        assert view.added_by == "区政府督查室" and view.added_at == basic.clock.now()
    history = basic.get_task(1).history
    attached = [e for e in history if e.action == "attached"]
    assert [e.to_value for e in attached] == list(files)
    assert attached[0].label == "上传佐证材料" and attached[0].note is not None
    assert hashlib.sha256(PDF).hexdigest()[:12] in attached[0].note
    assert basic.get_task(1).attachments == listed  # the detail carries the list


def test_the_same_content_twice_is_a_no_op_that_says_so(basic: Service) -> None:
    basic.attach(2, [("报告.pdf", PDF)])
    version = basic.get_task(2).row.version
    again = basic.attach(2, [("报告副本.pdf", PDF), ("又一份.pdf", PDF + b"x"), ("再一份.pdf", PDF + b"x")])
    assert [a.name for a in again.added] == ["又一份.pdf"]
    assert [(name, same.seq) for name, same in again.duplicates] == [("报告副本.pdf", 1), ("再一份.pdf", 2)]
    assert basic.get_task(2).row.version == version + 1
    nothing = basic.attach(2, [("报告.pdf", PDF)])
    assert nothing.added == [] and basic.get_task(2).row.version == version + 1


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("伪装.pdf", docx_bytes(), "内容却是Word 文档"),
        ("压缩包.pdf", zip_bytes({"a.txt": b"x"}), "内容却是zip 压缩包"),
        ("报告.docx", zip_bytes({"a.txt": b"x"}), "内容却是zip 压缩包"),
        ("台账.xlsx", docx_bytes(), "内容却是Word 文档"),
        ("图.png", JPG, "内容却是JPG 图片"),
        ("说明.txt", b"\x00\x01\x02binary", "无法识别的内容"),
        ("说明.txt", PDF.replace(b"%PDF", b"MZ\x90"), "无法识别"),
        ("程序.exe", b"MZ\x90\x00", "只收 pdf、jpg、jpeg、png、docx、xlsx、txt"),
        ("无扩展名", PDF, "只收"),
        ("空.pdf", b"", "是空文件"),
        ("坏.docx", b"PK\x03\x04broken", "zip 文件已损坏"),
        ("炸弹.docx", zip_bytes({"[Content_Types].xml": b"x", "word/document.xml": bytes(5_000_000)}), "压缩炸弹"),
        ("cod\u202etxt.pdf", PDF, "不可见字符或双向控制字符 U+202E"),
        ("a\x07.pdf", PDF, "控制字符 U+0007"),
        ("长" * 201 + ".pdf", PDF, "最长 200 个字符"),
        ("C:\\dir\\", PDF, "没有文件名"),
    ],
    # Ids from the names and words only: built documents carry the time they were made, and
    # xdist's workers must collect the same ids.
    ids=lambda v: v if isinstance(v, str) else "content",
)
def test_what_is_refused_and_why(basic: Service, name: str, content: bytes, words: str) -> None:
    with pytest.raises(InputError, match=re.escape(words)):
        basic.attach(1, [(name, content)])
    assert basic.attachments(1) == []


def test_too_large(basic: Service) -> None:
    big = PDF + bytes(MAX_FILE_BYTES - len(PDF) + 1)
    with pytest.raises(InputError, match="每份佐证材料最多 20.0 MB"):
        basic.attach(1, [("大.pdf", big)])
    exact = basic.attach(1, [("刚好.pdf", big[:MAX_FILE_BYTES])])
    assert exact.added[0].size == MAX_FILE_BYTES


def test_only_the_name_is_kept(basic: Service) -> None:
    result = basic.attach(
        1, [("C:\\Users\\张三\\桌面\\报告.pdf", PDF), ("../../etc/passwd.txt", b"root\n"), ("/tmp/x/图.png", PNG)]
    )
    assert [a.name for a in result.added] == ["报告.pdf", "passwd.txt", "图.png"]


def test_several_files_all_or_nothing(basic: Service) -> None:
    version = basic.get_task(1).row.version
    with pytest.raises(InputError, match="「坏.pdf」"):
        basic.attach(1, [("好.pdf", PDF), ("坏.pdf", PNG)])
    assert basic.attachments(1) == [] and basic.get_task(1).row.version == version
    assert not [e for e in basic.get_task(1).history if e.action == "attached"]


def test_who_may_attach_and_read(basic: Service, as_unit: Callable[[str], Service]) -> None:
    jtj, wjj, czj = as_unit("区教体局"), as_unit("区卫健局"), as_unit("区财政局")
    assert jtj.attach(1, [("牵头.pdf", PDF)]).added[0].added_by == "区教体局"
    assert wjj.attach(1, [("配合.pdf", PDF + b"w")]).added[0].added_by == "区卫健局"  # a co-owner may
    assert jtj.attach(5, [("办结报告.pdf", PDF + b"5")]).added  # evidence with the done claim
    with pytest.raises(RuleError, match="#3 不是区教体局牵头或配合的事项"):
        jtj.attach(3, [("x.pdf", PDF)])
    czj.attach(3, [("财政.pdf", PDF + b"3")])
    with pytest.raises(RuleError, match="#3 不是区教体局牵头或配合的事项"):
        jtj.attachments(3)
    with pytest.raises(RuleError, match="#3 不是区教体局牵头或配合的事项"):
        jtj.attachment(3, 1)
    assert [a.name for a in wjj.attachments(1)] == ["牵头.pdf", "配合.pdf"]
    with pytest.raises(NotFoundError, match="#1 没有第 9 份佐证材料"):
        jtj.attachment(1, 9)
    with pytest.raises(NotFoundError, match="没有编号为 #99 的事项"):
        basic.attach(99, [("x.pdf", PDF)])


def test_a_sustained_task_takes_evidence(basic: Service, as_unit: Callable[[str], Service]) -> None:
    jtj = as_unit("区教体局")
    jtj.sustain(1, "主体完成，长效机制需长期坚持")
    assert jtj.attach(1, [("长效机制.docx", docx_bytes("长效机制"))]).added[0].seq == 1
    assert basic.get_task(1).row.status == "持续整改"  # evidence moves no status


def test_statuses_and_kinds_that_take_no_evidence(basic: Service) -> None:
    with pytest.raises(
        RuleError, match="只有已交办、整改中、持续整改或已完成待核的事项可以上传佐证材料，此事项现为待分派"
    ):
        basic.attach(4, [("x.pdf", PDF)])
    basic.verify(5)
    with pytest.raises(RuleError, match="此事项现为已销号"):
        basic.attach(5, [("x.pdf", PDF)])
    with pytest.raises(RuleError, match="不是督办事项"):
        basic.attach(6, [("x.pdf", PDF)])


def test_a_stale_version_writes_nothing(basic: Service) -> None:
    version = basic.get_task(2).row.version
    basic.add_note(2, "别人改了")
    with pytest.raises(RuleError, match="已被他人修改"):
        basic.attach(2, [("x.pdf", PDF)], expected_version=version)
    assert basic.attachments(2) == []


def test_done_needs_a_note_when_the_office_says_so(basic: Service, as_unit: Callable[[str], Service]) -> None:
    jtj = as_unit("区教体局")
    with pytest.raises(InputError, match="标记完成需要填写整改情况"):
        jtj.mark_done(2)
    with pytest.raises(InputError, match="标记完成需要填写整改情况"):
        jtj.mark_done(2, "   ")
    with pytest.raises(RuleError, match="#3 不是区教体局牵头或配合的事项"):  # the policy speaks first
        jtj.mark_done(3)
    assert jtj.mark_done(2, "已全部劝返").status == "已完成待核"
    assert basic.get_task(2).history[-1].note == "已全部劝返"
    relaxed = Service(basic.store, basic.actor, basic.clock, done_requires_note=False)
    assert relaxed.mark_done(3).status == "已完成待核"
