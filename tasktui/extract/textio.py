"""Read a speech from bytes or a file: detect the encoding (not by extension),
unpack .docx, strip HTML, reject empty or binary input with `SpeechInputError`.

Every read is bounded: a file, a device (/dev/zero), a FIFO or standard input is read
to at most the limit + 1 byte (`read_bounded`), whatever its size claims to be, and a
.docx is checked member by member before anything is inflated (`check_zip_package`).
"""

from __future__ import annotations

import codecs
import html
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from tasktui.extract.types import SpeechInputError
from tasktui.os_errors import os_error_words

# A long speech is ~100 KB; extraction takes seconds per MB. Bigger input is refused with
# a clear message instead of hanging the import (documented in docs/postgres.md).
MAX_SPEECH_BYTES = 2_000_000

# A .docx is a zip: what it unpacks to is bounded before a byte is inflated. Word's XML
# for a 2 MB speech is some 20–40 MB, and its parts compress 3–70 times; a zip bomb
# compresses about a thousand times. The ratio is only judged on members big enough to
# matter (a tiny part can compress absurdly well and harm nothing).
MAX_DOCX_UNPACKED_BYTES = 64_000_000  # all members together, as declared
MAX_DOCX_MEMBERS = 2000
MAX_DOCX_RATIO = 200
DOCX_RATIO_FROM_BYTES = 1_000_000
# A DTD in a part: Word never writes one; it is how external entities (XXE) and entity
# expansion ("billion laughs") get in. UTF-16 parts are matched with their NULs removed.
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)

# Control characters that never occur in a pasted speech (tab, LF, CR, FF excepted).
_BINARY_CTRL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_HINT = re.compile(r"<\s*(?:html|body|div|p|br|span|table|td|tr|h[1-6]|meta|head|!doctype)\b", re.I)
_HTML_BLOCK = re.compile(r"<\s*/?\s*(?:p|div|br|tr|li|h[1-6]|table|section|article)\b[^>]*>", re.I)
_HTML_DROP = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.I | re.S)
_HTML_TAG = re.compile(r"<[^>]{0,2000}>", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of `path` ("-" is standard input), but never more than `limit` + 1 of
    them: a result longer than `limit` means "too large" without having read the rest.
    A regular file's size is not trusted (it may grow, /proc reports 0), and a device or
    a pipe has none, so the read itself is what is bounded. OSError as the system says."""
    if str(path) == "-":
        return _read_stream(sys.stdin.buffer, limit)
    with open(path, "rb") as f:
        return _read_stream(f, limit)


def _read_stream(f: BinaryIO, limit: int) -> bytes:
    # In chunks rather than one read(limit + 1): that would allocate the whole limit up
    # front for every file, and the task files' limit is large.
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        chunk = f.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_speech_file(path: str | Path) -> str:
    """Read a speech file; "-" reads stdin (bytes, so encoding detection still applies)."""
    label = "-" if str(path) == "-" else Path(path).name
    p = Path(path)
    try:
        if label != "-" and p.is_file() and p.stat().st_size > MAX_SPEECH_BYTES:
            _too_large(p.stat().st_size, p.name)
        data = read_bounded(path, MAX_SPEECH_BYTES)
    except OSError as exc:
        raise SpeechInputError(f"无法读取 {p}：{os_error_words(exc)}") from exc
    if len(data) > MAX_SPEECH_BYTES:
        _too_large_stream(label)
    return read_speech_bytes(data, label)


def read_speech_bytes(data: bytes, filename: str = "") -> str:
    """Decode speech bytes to text. Raises `SpeechInputError` when it is not a speech."""
    label = filename or "输入"
    if len(data) > MAX_SPEECH_BYTES:
        _too_large(len(data), label)
    if not data or not data.strip(b" \t\r\n\x00"):
        raise SpeechInputError(f"{label} 是空的")
    if data[:4] == b"PK\x03\x04":
        text = _read_docx(data, label)
    else:
        text = decode_text(data, label)
        if _HTML_HINT.search(text[:5000]):
            text = strip_html(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SpeechInputError(f"{label} 里没有文字")
    return text


def _too_large(size: int, label: str) -> None:
    raise SpeechInputError(
        f"{label} 有 {size / 1e6:.1f} MB：一篇讲话稿最多 {MAX_SPEECH_BYTES / 1e6:.0f} MB（请每篇讲话一个文件）"
    )


def _too_large_stream(label: str) -> None:
    # A device, a pipe or a growing file: its size is unknown, only that it passed the limit.
    limit = f"{MAX_SPEECH_BYTES / 1e6:.0f} MB"
    raise SpeechInputError(f"{label} 超过 {limit}：一篇讲话稿最多 {limit}（请每篇讲话一个文件）")


def decode_text(data: bytes, label: str) -> str:
    """Bytes of a text (a speech, a CSV ledger) decoded: a BOM, else UTF-8, UTF-16
    without BOM, GB18030, else charset-normalizer's guess; SpeechInputError for binary."""
    # BOMs first: they are unambiguous.
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:].decode("utf-8", errors="strict"), label)
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _checked(data[2:].decode(enc), label)
            except UnicodeDecodeError as exc:
                raise SpeechInputError(f"{label}：UTF-16 文本有误，无法读取") from exc
    try:
        return _checked(data.decode("utf-8"), label)
    except UnicodeDecodeError:
        pass
    guess = _utf16_without_bom(data)
    if guess:
        try:
            return _checked(data.decode(guess), label)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise SpeechInputError(f"{label} 像是二进制文件（含 NUL 字节），不是文本讲话稿")
    try:
        return _checked(data.decode("gb18030"), label)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SpeechInputError(f"{label}：识别不出文字编码（请另存为 UTF-8 文本）")
    return _checked(str(best), label)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: CJK text has NULs rarely, ASCII-heavy text has them at odd/even bytes."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd > half * 0.2 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.2 and odd < half * 0.05:
        return "utf-16-be"
    # Pure CJK UTF-16 has no NULs; try LE then BE if most code units fall in CJK blocks.
    if not even and not odd:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            txt = data.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in txt[:2000] if "\u4e00" <= ch <= "\u9fff" or ch in "\n ，。")
        if cjk > min(len(txt), 2000) * 0.6:
            return enc
    return None


def _checked(text: str, label: str) -> str:
    """Reject decoded text that is really binary: many control characters."""
    sample = text[:20000]
    bad = len(_BINARY_CTRL.findall(sample))
    if bad and (bad > 8 or bad > len(sample) * 0.001):
        raise SpeechInputError(f"{label} 像是二进制文件（含 {bad} 个控制字符），不是文本讲话稿")
    return _BINARY_CTRL.sub("", text) if bad else text


def _read_docx(data: bytes, label: str) -> str:
    from tasktui.extract.docx_body import blocks, table_lines

    doc = open_docx(data, label)
    lines: list[str] = []
    # The body in document order, so tables stay where they were written; a task
    # table's rows become lines the extractor reads like a task list (docx_body).
    for kind, content in blocks(doc.element.body):
        if kind == "p":
            lines.append(content)
        else:
            lines.extend(table_lines(content))
    text = "\n".join(lines)
    # The limit is on the speech, not on its packaging: 2 MB of .docx can hold 20 MB of text.
    if len(text.encode("utf-8")) > MAX_SPEECH_BYTES:
        _too_large_stream(label)
    return text


def open_docx(data: bytes, label: str) -> Any:
    """A .docx's bytes as a python-docx Document, checked first (`check_zip_package`);
    SpeechInputError when it is damaged, not a .docx, or a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise SpeechInputError(f"{label} 是 zip 压缩包，但不是 .docx 文档")
            check_zip_package(zf, label)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as exc:
        # Bad CRC (a member that inflates to other than it declares), a method zipfile
        # does not know, a truncated stream: all of them a damaged file to the user.
        raise SpeechInputError(f"{label}：zip/.docx 文件已损坏") from exc
    try:
        import docx  # python-docx

        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on damaged files
        raise SpeechInputError(f"{label}：无法读取 .docx（{exc}）") from exc
    return doc


def check_zip_package(zf: zipfile.ZipFile, label: str, what: str = ".docx") -> None:
    """Refuse a .docx (or .xlsx: `what`) that would unpack to too much (a zip bomb) or whose XML declares a
    DTD (external entities, entity expansion), before python-docx inflates or parses any
    of it. The declared sizes are checked first; then every member is read with a read
    bounded by its declared size, so a member that lies about its size fails its CRC
    check instead of inflating further (zipfile never returns more than it declares)."""
    app = "Word" if what == ".docx" else "Excel"
    infos = zf.infolist()
    if len(infos) > MAX_DOCX_MEMBERS:
        raise SpeechInputError(
            f"{label}：{what} 内含 {len(infos)} 个文件，超过上限 {MAX_DOCX_MEMBERS}，不像 {app} 文档"
        )
    total = sum(i.file_size for i in infos)
    limit_mb = f"{MAX_DOCX_UNPACKED_BYTES / 1e6:.0f} MB"
    if total > MAX_DOCX_UNPACKED_BYTES:
        raise SpeechInputError(f"{label}：{what} 解压后有 {total / 1e6:.0f} MB，超过上限 {limit_mb}（疑似压缩炸弹）")
    for info in infos:
        if info.file_size > DOCX_RATIO_FROM_BYTES and info.file_size > MAX_DOCX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise SpeechInputError(
                f"{label}：{what} 中的 {info.filename} 压缩比 {ratio:.0f}:1，"
                f"超过上限 {MAX_DOCX_RATIO}:1（疑似压缩炸弹）"
            )
    for info in infos:
        if info.is_dir():
            continue
        with zf.open(info) as member:
            blob = member.read(info.file_size + 1)
        if len(blob) > info.file_size:  # cannot happen with zipfile; kept should that change
            raise SpeechInputError(f"{label}：zip/{what} 文件已损坏")
        if _DTD.search(blob.replace(b"\x00", b"")):
            raise SpeechInputError(f"{label}：{what} 中的 {info.filename} 含 DTD/实体声明（{app} 不写这些），拒绝读取")


def strip_html(text: str) -> str:
    """Turn HTML pasted as text into plain text; block tags become line breaks."""
    text = _HTML_COMMENT.sub("", text)
    text = _HTML_DROP.sub("", text)
    text = _HTML_BLOCK.sub("\n", text)
    text = _HTML_TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text)
