"""Units' ledger workbooks (台账) from inside the app: the same code path as `tasktui
ledger out` (`Service.unit_ledgers`, `exchange.ledger_workbook`); this module only takes
what the dialog gathered and words the result for a toast. No textual here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tasktui.os_errors import os_error_words
from tasktui.textwidth import safe

if TYPE_CHECKING:
    from collections.abc import Callable

    from tasktui.exchange.ledger_workbook import WrittenWorkbook
    from tasktui.store.ledger import LedgerSnapshot
    from tasktui.store.service import Service
    from tasktui.ui.downloads import Download


@dataclass(frozen=True)
class LedgerRequest:
    folder: Path
    office: str | None = None  # 编制单位; None: the office named in the store
    day: date | None = None  # the date in the title; None: today
    download: bool = False  # web mode: one .zip named after `folder`, sent to the browser


def default_folder(today: date) -> Path:
    return Path(f"单位台账-{today.isoformat()}")


NO_LEDGERS = "没有要写的单位台账：没有单位牵头或配合在办的督办事项"


def _made(
    service: Service, request: LedgerRequest, save: Callable[[LedgerSnapshot, str, date], list[WrittenWorkbook]]
) -> tuple[list[WrittenWorkbook] | None, str]:
    """The units' workbooks made by `save` (into a folder or a zip) from the store's
    snapshot, with the 编制单位 and the day asked for: (the workbooks, "") or (None, why
    not). OSError from `save` is the caller's to word."""
    from tasktui.ui.errors import STORE_ERRORS, error_text

    try:
        snapshot = service.unit_ledgers()
        if not snapshot.units:
            return None, NO_LEDGERS
        return save(snapshot, request.office or snapshot.office, request.day or service.clock.today()), ""
    except STORE_ERRORS as exc:
        return None, f"台账未写出: {error_text(exc)}"


def write(service: Service, request: LedgerRequest) -> tuple[bool, str]:
    """(ok, toast text). Never raises for bad input or an unwritable folder."""
    from tasktui.exchange.ledger_workbook import write_unit_workbooks

    folder = request.folder.expanduser()
    if folder.exists() and not folder.is_dir():
        return False, f"{folder} 不是文件夹"

    def save(snapshot: LedgerSnapshot, office: str, day: date) -> list[WrittenWorkbook]:
        folder.mkdir(parents=True, exist_ok=True)
        return write_unit_workbooks(snapshot, folder, office, day)

    try:
        written, why = _made(service, request, save)
    except OSError as exc:
        return False, f"无法写入 {folder}: {os_error_words(exc)}"
    if written is None:
        return False, why
    rows = sum(w.rows for w in written)
    return True, safe(f"已写入 {len(written)} 个单位台账（{rows} 行）到 {folder.resolve()}")


def zip_for_download(service: Service, request: LedgerRequest) -> tuple[bool, str, Download | None]:
    """(ok, toast text, the download): the workbooks `write` writes, as one .zip made in
    memory for the browser (web mode); nothing is written on the server."""
    from io import BytesIO

    from tasktui.exchange.ledger_workbook import zip_unit_workbooks
    from tasktui.ui.downloads import ZIP_MIME, Download

    buf = BytesIO()
    written, why = _made(service, request, lambda snapshot, office, day: zip_unit_workbooks(snapshot, buf, office, day))
    if written is None:
        return False, why, None
    download = Download(f"{request.folder.name}.zip", buf.getvalue(), ZIP_MIME)
    rows = sum(w.rows for w in written)
    return True, safe(f"{download.sent_words()}（{len(written)} 个单位台账，{rows} 行）"), download


__all__ = ["NO_LEDGERS", "LedgerRequest", "default_folder", "write", "zip_for_download"]
