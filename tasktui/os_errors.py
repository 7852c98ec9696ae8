"""What the operating system said, in Chinese: `exc.strerror` is English whatever the
locale, and a person reading 「无法写入 周报.xlsx：No such file or directory」 has to
translate it. The common reasons a file cannot be read or written are worded here; any
other keeps the system's own text (it is still the cause, and searchable).

Dependency-free, like textcheck: the extractor's file reading, the store and the CLI use it.
"""

from __future__ import annotations

import errno

_WORDS: dict[int, str] = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作",
    errno.EROFS: "所在位置只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "已经存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "正被占用",
    errno.EMFILE: "打开的文件太多",
    errno.ENXIO: "设备不存在",
}


def os_error_words(exc: BaseException) -> str:
    """Why an OSError happened, in a few Chinese words; the system's text for a reason
    not worded here, or the exception's text for anything else."""
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in _WORDS:
        return _WORDS[code]
    return getattr(exc, "strerror", None) or str(exc)


__all__ = ["os_error_words"]
