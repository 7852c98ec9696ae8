"""Evidence (佐证材料) on the local disk: the bytes of a file a person names, read before
the store checks and stores them, and an attachment saved out to a file or a folder. The
CLI (`attach`, `attachment`) and the UI's dialogs share these, so both read, refuse and
write the same way; what they say about an existing file differs (a flag, a tick box), so
that refusal is its own error (`TargetExists`) for each to word.
"""

from __future__ import annotations

import os
from pathlib import Path

from tasktui.atomic_write import write_bytes_atomic
from tasktui.extract.textio import read_bounded
from tasktui.os_errors import os_error_words
from tasktui.store.attachments import MAX_FILE_BYTES
from tasktui.store.errors import InputError


class TargetExists(InputError):
    """The file an attachment would be saved to exists and overwriting was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} 已存在")
        self.path = path


def read_evidence(path: Path) -> bytes:
    """The file's bytes, never more than the limit + 1 of them read (a device, a file
    that grows): the store says "too large" from the length. InputError, one line, for a
    folder, a missing file or one that cannot be read."""
    if path.is_dir():
        raise InputError(f"{path} 是文件夹，不是文件")
    try:
        return read_bounded(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise InputError(f"找不到文件 {path}") from None
    except OSError as exc:
        raise InputError(f"无法读取 {path}：{os_error_words(exc)}") from None


def output_path(raw: str, name: str) -> Path:
    """Where an attachment called `name` goes for the output `raw`: a folder (one that
    exists, or a path written with a trailing slash) keeps the file's own name there; any
    other path is the file itself. Nothing is made or written."""
    target = Path(raw)
    if target.is_dir() or raw.endswith(("/", os.sep)):
        return target / name
    return target


def save_evidence(raw: str, name: str, content: bytes, *, overwrite: bool) -> Path:
    """Write `content` to `output_path(raw, name)` whole or not at all, making a missing
    folder written with a trailing slash; the path written. `TargetExists` when the file
    is there and `overwrite` is false; InputError (one line) when it cannot be written."""
    target = output_path(raw, name)
    if target.parent == Path(raw):  # a folder: made when missing
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"无法建立文件夹 {target.parent}：{os_error_words(exc)}") from None
    if target.exists() and not overwrite:
        raise TargetExists(target)
    try:
        # An interrupted save never leaves half a PDF under its name; a file that appears
        # under it meanwhile is not written over either.
        write_bytes_atomic(target, content, replace=overwrite)
    except FileExistsError:
        raise TargetExists(target) from None
    except OSError as exc:
        raise InputError(f"无法写入 {target}：{os_error_words(exc)}") from None
    return target


__all__ = ["TargetExists", "output_path", "read_evidence", "save_evidence"]
