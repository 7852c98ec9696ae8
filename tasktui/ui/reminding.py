"""催办 from inside the app: the same path as `tasktui remind` (`Service.remind`,
`report.remind_notice.write_notices`); this module only takes what the dialog gathered and
words the result for a toast. No textual here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tasktui.os_errors import os_error_words
from tasktui.textwidth import safe

if TYPE_CHECKING:
    from collections.abc import Callable

    from tasktui.config import CycleSettings
    from tasktui.store.reminders import ReminderNotice
    from tasktui.store.service import Service
    from tasktui.ui.downloads import Download


@dataclass(frozen=True)
class RemindRequest:
    folder: Path
    office: str | None = None  # 编制单位 on the notices; None: the office named in the store
    download: bool = False  # web mode: one .zip named after `folder`, sent to the browser


NOTHING_OWED = "今天没有需要催办的单位：没有逾期、未签收或未按期报送的事项"


def default_folder(today: date) -> Path:
    return Path(f"催办通知单-{today.isoformat()}")


def preview(service: Service, settings: CycleSettings) -> tuple[bool, str]:
    """What a 催办 would send now, without writing or recording anything: (anything owed, words)."""
    from tasktui.ui.errors import STORE_ERRORS, error_text

    try:
        notices = service.remind(ack_days=settings.ack_days, prefix=settings.remind_prefix, record=False)
    except STORE_ERRORS as exc:
        return False, f"无法列出要催办的事项: {error_text(exc)}"
    if not notices:
        return False, NOTHING_OWED
    return True, safe(summary(notices))


def summary(notices: list[ReminderNotice]) -> str:
    items = sum(len(n.items) for n in notices)
    overdue = sum(n.overdue for n in notices)
    unsigned = sum(n.unacknowledged for n in notices)
    late = sum(n.late for n in notices)
    return f"{len(notices)} 个单位、{items} 项（逾期 {overdue}，未签收 {unsigned}，未按期报送 {late}）"


def _reminded(
    service: Service,
    request: RemindRequest,
    settings: CycleSettings,
    save: Callable[[list[ReminderNotice], str, str], None],
) -> tuple[list[ReminderNotice] | None, str]:
    """`Service.remind`, the notices made by `save(notices, office, requirements)` (into a
    folder or a zip) inside its transaction: (the notices, "") or (None, why not)."""
    from tasktui.report.remind_notice import DEFAULT_REQUIREMENTS
    from tasktui.ui.errors import STORE_ERRORS, error_text

    office = request.office or service.store.office_name()
    requirements = settings.remind_requirements or DEFAULT_REQUIREMENTS
    try:
        notices = service.remind(
            ack_days=settings.ack_days,
            prefix=settings.remind_prefix,
            write=lambda owed: save(owed, office, requirements),
        )
    except STORE_ERRORS as exc:
        return None, f"催办未完成: {error_text(exc)}"
    if not notices:
        return None, NOTHING_OWED
    return notices, ""


def write(service: Service, request: RemindRequest, settings: CycleSettings) -> tuple[bool, str]:
    """(ok, toast text): one 催办通知单 per unit that owes anything, and a 催办 event on each
    task listed, in one transaction (a file that cannot be written records nothing).
    Never raises for bad input or an unwritable folder."""
    from tasktui.report.remind_notice import write_notices
    from tasktui.store.errors import InputError

    folder = request.folder.expanduser()
    if folder.exists() and not folder.is_dir():
        return False, f"{folder} 不是文件夹"
    written: list[Path] = []

    def save(notices: list[ReminderNotice], office: str, requirements: str) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            written.extend(write_notices(notices, folder, office, requirements))
        except OSError as exc:
            raise InputError(f"无法写入 {folder}：{os_error_words(exc)}（未记录催办）") from None

    notices, why = _reminded(service, request, settings, save)
    if notices is None:
        return False, why
    return True, safe(f"已写入 {len(written)} 份催办通知单到 {folder.resolve()}：{summary(notices)}，各记录一次催办")


def zip_for_download(
    service: Service, request: RemindRequest, settings: CycleSettings
) -> tuple[bool, str, Download | None]:
    """(ok, toast text, the download): the notices `write` writes, as one .zip made in
    memory for the browser (web mode), and the same 催办 events, recorded in the
    transaction that made the zip (a notice that cannot be made records nothing).
    Nothing is written on the server."""
    from io import BytesIO

    from tasktui.report.remind_notice import zip_notices
    from tasktui.ui.downloads import ZIP_MIME, Download

    buf = BytesIO()
    names: list[str] = []

    def save(notices: list[ReminderNotice], office: str, requirements: str) -> None:
        names.extend(zip_notices(notices, buf, office, requirements))

    notices, why = _reminded(service, request, settings, save)
    if notices is None:
        return False, why, None
    download = Download(f"{request.folder.name}.zip", buf.getvalue(), ZIP_MIME)
    text = f"{download.sent_words()}（{len(names)} 份催办通知单）：{summary(notices)}，各记录一次催办"
    return True, safe(text), download


__all__ = ["NOTHING_OWED", "RemindRequest", "default_folder", "preview", "summary", "write", "zip_for_download"]
