"""Writing a file atomically: the whole new content under the final name, or (on any
failure: a full disk, a quota, Ctrl-C) the old file untouched and no partial file left.

The content goes to a temporary file in the destination's folder (a rename is atomic
only within one file system), is flushed to disk, and is renamed over the final name
only when complete. Dependency-free: the report renderers, the exporter and anything
else that writes a user's file may use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, replace: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write the new content to; when the block
    ends normally it replaces `path`, when it raises the temporary file is removed and
    `path` is left as it was.

    A destination that exists and is not a regular file (a character device such as
    /dev/null or /dev/stdout, a FIFO) must not be replaced: the content is written to a
    temporary file elsewhere (a zip writer needs a file it can seek in) and copied into
    it when whole. A symbolic link is followed, so the file it points to is replaced and
    the link stays.

    `replace=False`: a file that exists under the name when the new one is complete (made
    since the caller looked, say) is left alone and FileExistsError raised: the new file is
    linked to the name, which fails when the name is taken, rather than renamed over it."""
    target = Path(path)
    try:
        special = not stat.S_ISREG(target.stat().st_mode) and not target.is_dir()
    except OSError:  # no such file yet (or unreachable: the write below will say why)
        special = False
    if target.is_symlink() and not special:
        target = Path(os.path.realpath(target))
    # Beside the target, so the rename stays on one file system; for a device, in the
    # temporary folder (/dev is no place for it).
    fd, tmp_name = tempfile.mkstemp(dir=None if special else target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if special:
            _copy_into(tmp, target)
            tmp.unlink()
            return
        # mkstemp makes the file private (0600); give it the mode the old file had, or
        # what a plain open() would have given, so a report stays readable to others.
        os.chmod(tmp, _mode_for(target))
        fsync_file(tmp)
        if replace:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(target.parent)


def _link_new(tmp: Path, target: Path) -> None:
    """`tmp` under the name `target`, which must not exist (FileExistsError otherwise)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some shares): look, then rename
        if target.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def _copy_into(src: Path, device: Path) -> None:
    with open(src, "rb") as fin, open(device, "wb") as fout:
        while chunk := fin.read(1 << 20):
            fout.write(chunk)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, replace: bool = True) -> None:
    """`path` holds `data` afterwards, or (on error) what it held before; `replace=False`:
    FileExistsError, and nothing written, when `path` exists (see `atomic_path`)."""
    with atomic_path(path, replace=replace) as tmp, open(tmp, "wb") as f:
        f.write(data)


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8", newline: str = "\n") -> None:
    """`path` holds `text` afterwards, or (on error) what it held before."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding=encoding, newline=newline) as f:
        f.write(text)


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # /proc tells the umask without changing it; os.umask would, for a moment, for
    # every thread of the process (the UI writes reports from a worker thread).
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fsync_file(path: Path) -> None:
    # The rename must not reach the disk before the content does (a power cut would
    # leave an empty file under the final name).
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    # Best effort: the rename itself is durable once the folder is synced; some file
    # systems (and Windows) cannot open a folder, which is no reason to fail the write.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["atomic_path", "fsync_file", "fsync_folder", "write_bytes_atomic", "write_text_atomic"]
