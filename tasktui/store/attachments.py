"""Evidence (佐证材料) on a task: files a unit (or the office) attaches, stored in the
database on both backends, listed with the task and read back whole.

What a file must be, checked before anything is written (`check_file`, pure):
- at most `MAX_FILE_BYTES` (20 MiB: what Windows calls 20 MB), not empty;
- one of the office's types (pdf, jpg/jpeg, png, docx, xlsx, txt), decided by the
  extension AND the content: a .pdf must start like a PDF, a .docx/.xlsx must be a zip
  holding Word's/Excel's parts (the central directory is read, nothing is inflated;
  the declared sizes are bounded like extract/textio's .docx check), a .txt must be
  text (UTF-8 or GB18030, no control characters but line breaks and tabs);
- a name without any client path (the last component of `/` or `\\`), no control or
  invisible characters (a right-to-left override makes 「cod.exe」 show as 「exe.doc」),
  at most `NAME_MAX` characters.

`add` is one transaction for all the files of a call (all or nothing): the policy
(`Action.ATTACHED`: a unit only on tasks it leads or co-owns, in the statuses
TRANSITIONS allows), then per new file the task's version bump, the row (seq N = the
task's next number) and one ATTACHED event (to_value = the name, note = size and hash).
The same content already on the task is skipped and said so: attaching twice is a no-op.
A unit reads only its own tasks' attachments (`policy.may_see`; on PostgreSQL the
table's row-level security says the same, `store/roles.py`).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from tasktui.models import Attachment, Task
from tasktui.store import policy, queries
from tasktui.store.actions import begin, facts, record, save
from tasktui.store.context import ServiceContext
from tasktui.store.errors import InputError, NotFoundError
from tasktui.store.lifecycle import Action
from tasktui.store.views import AttachmentView
from tasktui.textcheck import first_control_char, name_problem

MAX_FILE_BYTES = 20 * 1024 * 1024  # per file
MAX_CALL_BYTES = 100 * 1024 * 1024  # all the files of one call: one transaction holds them
MAX_FILES_PER_CALL = 20
NAME_MAX = 200  # characters; models.Attachment.name is 255
# A .docx/.xlsx is a zip: its central directory is read (never inflated here), and what it
# declares is bounded so the office's Word is not handed a zip bomb as "evidence".
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_UNPACKED_BYTES = 500_000_000
MAX_ZIP_RATIO = 200
ZIP_RATIO_FROM_BYTES = 1_000_000  # small members may compress better than that (XML)

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"

# Extension (lower case) -> the media type its content must be.
EXTENSIONS: dict[str, str] = {
    "pdf": PDF,
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
    "docx": DOCX,
    "xlsx": XLSX,
    "txt": TEXT,
}
ALLOWED_WORDS = "pdf、jpg、jpeg、png、docx、xlsx、txt"
# The content as a person would call it, for refusals.
_CONTENT_WORDS: dict[str, str] = {
    PDF: "PDF 文档",
    JPEG: "JPG 图片",
    PNG: "PNG 图片",
    DOCX: "Word 文档（.docx）",
    XLSX: "Excel 表格（.xlsx）",
    TEXT: "文本",
}
# Members that make a zip an Office Open XML document of each kind.
_OOXML_PARTS: dict[str, str] = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed `check_file`: its name as stored, type, bytes and hash."""

    name: str
    media_type: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class AttachResult:
    """What one `add` did: the files stored, and those skipped as already there (the
    name given, and the attachment that already holds the same content)."""

    added: list[AttachmentView]
    duplicates: list[tuple[str, AttachmentView]]
    version: int  # the task's version after it


def size_words(size: int) -> str:
    """「1.5 MB」, 「12 KB」, 「300 字节」."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"


def base_name(name: str) -> str:
    """The file's own name: whatever path a client sent (Unix or Windows) is dropped."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip()


def check_name(raw: str) -> str:
    """The name as stored, or InputError saying why it cannot be one."""
    name = base_name(raw)
    if not name or name in (".", ".."):
        raise InputError(f"文件名「{raw}」不可用：没有文件名")
    bad = first_control_char(name)
    if bad:
        raise InputError(f"文件名含有控制字符 {bad}，请改名后重试")
    problem = name_problem(name, "文件名", NAME_MAX)
    if problem:
        raise InputError(problem)
    return name


def sniff(content: bytes) -> str | None:
    """The media type the content's first bytes say (a zip is XLSX or DOCX only when its
    parts say so: `_ooxml_kind`); None: no known signature."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return "application/zip"
    return None


def _ooxml_kind(content: bytes, label: str) -> str | None:
    """DOCX or XLSX when the zip holds that document's parts; None when it is some other
    zip. A damaged zip or one that declares too much is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError):
        raise InputError(f"{label}：zip 文件已损坏") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(f"{label}：内含 {len(infos)} 个文件，超过上限 {MAX_ZIP_MEMBERS}，不像 Office 文档")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_UNPACKED_BYTES:
        raise InputError(f"{label}：解压后有 {total / 1e6:.0f} MB，超过上限（疑似压缩炸弹）")
    for i in infos:
        if i.file_size > ZIP_RATIO_FROM_BYTES and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise InputError(f"{label}：其中 {i.filename} 的压缩比超过 {MAX_ZIP_RATIO}:1（疑似压缩炸弹）")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        return None
    for kind, part in _OOXML_PARTS.items():
        if part in names:
            return kind
    return None


def _is_text(content: bytes) -> bool:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return first_control_char(text) is None
    return False


def check_file(raw_name: str, content: bytes) -> CheckedFile:
    """The file as it would be stored, or InputError (one line) saying why not."""
    name = check_name(raw_name)
    label = f"「{name}」"
    if not content:
        raise InputError(f"{label}是空文件")
    if len(content) > MAX_FILE_BYTES:
        raise InputError(
            f"{label}有 {size_words(len(content))}：每份佐证材料最多 {size_words(MAX_FILE_BYTES)}（请压缩或拆分）"
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = EXTENSIONS.get(ext)
    if expected is None:
        raise InputError(f"{label}的类型不能作为佐证材料：只收 {ALLOWED_WORDS}")
    found = sniff(content)
    if found == "application/zip":
        found = _ooxml_kind(content, label) or "application/zip"
    if found is None and _is_text(content):
        found = TEXT
    if found != expected:
        what = _CONTENT_WORDS.get(found or "", "zip 压缩包" if found == "application/zip" else "无法识别的内容")
        raise InputError(f"{label}的扩展名是 .{ext}，内容却是{what}：请上传与扩展名相符的文件")
    return CheckedFile(name, expected, content, hashlib.sha256(content).hexdigest())


def check_files(files: Sequence[tuple[str, bytes]]) -> list[CheckedFile]:
    """Every file checked before any is stored: one bad file, nothing stored."""
    if not files:
        raise InputError("没有要上传的文件")
    if len(files) > MAX_FILES_PER_CALL:
        raise InputError(f"一次最多上传 {MAX_FILES_PER_CALL} 份佐证材料，这里有 {len(files)} 份")
    total = sum(len(c) for _, c in files)
    if total > MAX_CALL_BYTES:
        raise InputError(f"一次上传的文件共 {size_words(total)}，超过上限 {size_words(MAX_CALL_BYTES)}：请分几次上传")
    return [check_file(name, content) for name, content in files]


def _view(a: Attachment) -> AttachmentView:
    return AttachmentView(
        task_id=a.task_id,
        seq=a.seq,
        name=a.name,
        media_type=a.media_type,
        size=a.size,
        sha256=a.sha256,
        added_at=a.added_at,
        added_by=a.added_by,
    )


def add(
    ctx: ServiceContext, task_id: int, files: Sequence[tuple[str, bytes]], expected_version: int | None = None
) -> AttachResult:
    """Attach `files` ((name, bytes) pairs) to the task as the actor, all or nothing."""
    checked = check_files(files)
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.ATTACHED, expected_version)
        actor = queries.canonical_actor(ctx, s).name
        present = {a.sha256: a for a in queries.attachment_list(s, task_id)}
        added: list[AttachmentView] = []
        duplicates: list[tuple[str, AttachmentView]] = []
        for f in checked:
            if f.sha256 in present:
                duplicates.append((f.name, present[f.sha256]))
                continue
            # The version bump first: it locks the task's row (PostgreSQL), so the seq read
            # after it cannot be taken by a concurrent call; and a unit role's event must
            # follow a change of the task in the same transaction (roles.py's event guard).
            save(ctx, s, task)
            last = s.exec(select(func.max(Attachment.seq)).where(col(Attachment.task_id) == task_id)).one()
            row = Attachment(
                task_id=task_id,
                seq=int(last or 0) + 1,
                name=f.name,
                media_type=f.media_type,
                size=f.size,
                sha256=f.sha256,
                content=f.content,
                added_at=ctx.clock.now(),
                added_by=actor,
            )
            s.add(row)
            s.flush()
            s.refresh(row, ["added_at"])  # a unit role's row carries the server's time (roles.py)
            record(ctx, s, task, Action.ATTACHED, to_value=f.name, note=f"{size_words(f.size)}，sha256 {f.sha256[:12]}")
            view = _view(row)
            present[f.sha256] = view
            added.append(view)
        return AttachResult(added, duplicates, task.version)


def _visible_task(ctx: ServiceContext, s: Session, task_id: int) -> Task:
    task = queries.load(s, task_id)
    policy.may_see(queries.canonical_actor(ctx, s), facts(s, task)).enforce()
    return task


def attachments(ctx: ServiceContext, task_id: int) -> list[AttachmentView]:
    """The task's attachments (seq, name, type, size, hash, when, who), no bytes."""
    with ctx.store.session() as s:
        _visible_task(ctx, s, task_id)
        return queries.attachment_list(s, task_id)


def attachment(ctx: ServiceContext, task_id: int, seq: int) -> tuple[AttachmentView, bytes]:
    """One attachment and its bytes."""
    with ctx.store.session() as s:
        _visible_task(ctx, s, task_id)
        row = s.exec(select(Attachment).where(col(Attachment.task_id) == task_id, col(Attachment.seq) == seq)).first()
        if row is None:
            raise NotFoundError(f"#{task_id} 没有第 {seq} 份佐证材料（tasktui show {task_id} 列出佐证材料）")
        return _view(row), bytes(row.content)


__all__ = [
    "ALLOWED_WORDS",
    "AttachResult",
    "CheckedFile",
    "EXTENSIONS",
    "MAX_FILE_BYTES",
    "NAME_MAX",
    "add",
    "attachment",
    "attachments",
    "base_name",
    "check_file",
    "check_files",
    "check_name",
    "size_words",
    "sniff",
]
