"""Commands on evidence (佐证材料): `attach ID FILE…` stores files on a task, `attachment
ID N -o PATH` saves one out. `show` lists them (tasktui.cli.tasks).

Exit codes as everywhere (store/errors.py): 2 for a file that is missing, unreadable,
too large or of a type not taken (nothing is stored then, not even the good files of
the same call), and for an output path that exists without --force; 1 for a task the
actor may not attach to or read (another unit's, a closed one).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tasktui.cli.options import open_service
from tasktui.cli.output import out
from tasktui.store.errors import EXIT_OK, InputError

# The store and the reader are imported when a command runs: building the parser loads
# no database code (tests/functional/test_startup_imports.py).

Handler = Callable[[argparse.Namespace], int]


def cmd_attach(args: argparse.Namespace) -> int:
    # The name stored is the file's own (store/attachments.py drops any path); the bytes
    # are read here, bounded, and checked by the store before anything is written.
    from tasktui.exchange.evidence_files import read_evidence
    from tasktui.store.attachments import size_words

    files = [(str(p), read_evidence(p)) for p in args.files]
    with open_service(args) as svc:
        result = svc.attach(args.id, files, getattr(args, "expect_version", None))
    for a in result.added:
        what = f"{a.kind}，{size_words(a.size)}，sha256 {a.sha256[:12]}"
        out(f"#{args.id} 已上传第 {a.seq} 份佐证材料「{a.name}」（{what}）")
    for name, same in result.duplicates:
        out(f"#{args.id} 已有相同内容的佐证材料（第 {same.seq} 份「{same.name}」），「{name}」未重复上传")
    out(f"（第 {result.version} 版）")
    return EXIT_OK


def cmd_attachment(args: argparse.Namespace) -> int:
    # A folder (one that exists, or a path written with a trailing slash, made when
    # missing) keeps the file's own name; the write is whole or not at all.
    from tasktui.store.attachments import size_words

    with open_service(args) as svc:
        view, content = svc.attachment(args.id, args.n)
    from tasktui.exchange.evidence_files import TargetExists, save_evidence

    try:
        target = save_evidence(str(args.output), view.name, content, overwrite=args.force)
    except TargetExists as exc:
        raise InputError(f"{exc.path} 已存在：加 --force 覆盖，或换一个文件名") from None
    out(f"已写入 {target}（第 {view.seq} 份「{view.name}」，{size_words(view.size)}，sha256 {view.sha256[:12]}）")
    return EXIT_OK


COMMANDS: dict[str, Handler] = {"attach": cmd_attach, "attachment": cmd_attachment}

__all__ = ["COMMANDS", "cmd_attach", "cmd_attachment"]
