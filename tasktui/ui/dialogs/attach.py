"""添加佐证材料: files from the local disk attached to a task, the way `tasktui attach` does.

A path typed and Enter reads the file (in a worker, bounded) and checks it as the store
will (`attachments.check_file`: type by content, size, name), so the list shows what will
be stored — name, type, size — or one line saying why a file cannot be; 上传 (or Enter on
an empty path) stores them all in one service call, all or nothing. A refusal is the
service's own line; a task someone else changed meanwhile keeps the list and says what
changed, and the next 上传 is checked against the task as it is now.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label, Static

from tasktui.store.attachments import (
    ALLOWED_WORDS,
    MAX_FILE_BYTES,
    MAX_FILES_PER_CALL,
    AttachResult,
    check_file,
    size_words,
)
from tasktui.store.errors import StaleEditError, TaskTuiError
from tasktui.store.service import Service
from tasktui.store.views import MEDIA_KINDS, TaskRow
from tasktui.textwidth import safe
from tasktui.ui.conflicts import what_changed
from tasktui.ui.dialogs.base import Dialog, task_line
from tasktui.ui.errors import STORE_ERRORS, error_text
from tasktui.ui.messages import ActionDone
from tasktui.ui.undo import UndoPlan
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox

NOT_UNDOABLE = "佐证材料上传后不能删除（留作记录）；传错了可以加一条备注说明"


@dataclass(frozen=True)
class PickedFile:
    """A file read and checked, waiting in the list: the path typed (expanded), the name
    the store will keep, its type in words and its bytes."""

    path: Path
    name: str
    kind: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def typed_paths(text: str) -> list[str]:
    """The paths in what was typed or pasted: the whole text when it names a file (spaces
    and all); otherwise the text split as a shell would, so a terminal's drag and drop
    ('/路径/整改 报告.pdf', or several files at once) gives its paths. Text that splits
    into several words none of which exists stays one path (its error names all of it)."""
    text = text.strip()
    if not text:
        return []
    if os.path.lexists(os.path.expanduser(text)):
        return [text]
    try:
        parts = shlex.split(text)
    except ValueError:  # an unclosed quote
        return [text]
    if len(parts) > 1 and not any(os.path.lexists(os.path.expanduser(p)) for p in parts):
        return [text]
    return parts or [text]


def read_picked(raw: str) -> PickedFile:
    """`raw` (~ expanded) read, bounded, and checked as the store will check it; InputError
    (one line) when it cannot be attached. Reads the disk: call it from a worker."""
    from tasktui.exchange.evidence_files import read_evidence

    path = Path(os.path.expanduser(raw))
    checked = check_file(str(path), read_evidence(path))
    kind = MEDIA_KINDS.get(checked.media_type, checked.media_type)
    return PickedFile(path, checked.name, kind, checked.content, checked.sha256)


def attached_words(task_id: int, result: AttachResult) -> str:
    """The toast after 上传: what was stored, and what was already there."""
    lines = []
    if result.added:
        names = "、".join(f"「{a.name}」" for a in result.added)
        lines.append(f"#{task_id} 已上传 {len(result.added)} 份佐证材料：{names}")
    for name, same in result.duplicates:
        lines.append(f"「{name}」与第 {same.seq} 份「{same.name}」内容相同，未重复上传")
    return "\n".join(safe(line) for line in lines) or f"#{task_id} 没有新的佐证材料"


class AttachDialog(Dialog):
    """Returns an `ActionDone` (the task after it, the toast, the undo entry that says why
    it cannot be undone) for the main screen to post, or None when cancelled."""

    def __init__(self, service: Service, row: TaskRow) -> None:
        super().__init__()
        self.service = service
        self.row = row
        self.files: list[PickedFile] = []
        self.busy = False

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label("添加佐证材料", classes="dialog-title")
            yield Static(Text(task_line(self.row)), classes="dialog-task", id="task")
            # "20MB", not size_words' "20.0 MB"; no space, so a narrow dialog does not wrap
            # between the number and its unit (rich breaks at a no-break space too).
            per_file = f"{MAX_FILE_BYTES // (1024 * 1024)}MB"
            # Two short lines: rich wraps at spaces only, so one long line broke at odd places.
            yield Static(
                f"只收 {ALLOWED_WORDS}\n每份不超过 {per_file}，一次最多 {MAX_FILES_PER_CALL} 份", classes="dialog-hint"
            )
            yield Label("文件路径（~ 表示主目录；Enter 加入下面的列表，可加多份）")
            yield TextBox(placeholder="~/材料/整改报告.pdf", id="path")
            yield Static(Text("（还没有加入文件）", style="dim"), id="files")
            yield Static("", id="error")
            yield self.buttons("上传")

    def action_cancel(self) -> None:
        # A worker in flight reports back to this dialog: dismissing it now would leave an
        # upload's result unsaid (and its dismiss would pop the main screen instead).
        if self.busy:
            self.error("正在处理，请稍候…")
            return
        super().action_cancel()

    @on(Input.Submitted, "#path")
    def _submitted(self) -> None:
        if self.query_one("#path", Input).value.strip() or not self.files:
            self._add(upload=False)
        else:
            self.action_save()

    def action_save(self) -> None:
        # A path still in the box is added first: 上传 means "these files", typed or listed.
        if self.query_one("#path", Input).value.strip():
            self._add(upload=True)
        elif not self.files:
            self.error("请填写文件路径")
        else:
            self._upload()

    def _add(self, upload: bool) -> None:
        if self.busy:
            return
        paths = typed_paths(self.query_one("#path", Input).value)
        if not paths:
            self.error("请填写文件路径")
            return
        self._set_busy(True, "正在读取文件…")
        self._read_worker(paths, upload)

    @work(thread=True, exclusive=True, group="evidence")
    def _read_worker(self, paths: Sequence[str], upload: bool) -> None:
        picked: list[PickedFile] = []
        try:
            for raw in paths:
                picked.append(read_picked(raw))
        except TaskTuiError as exc:
            self.app.call_from_thread(self._read_failed, str(exc))
            return
        self.app.call_from_thread(self._read_done, picked, upload)

    def _read_failed(self, why: str) -> None:
        # The typed path stays in the box, to correct.
        self._set_busy(False)
        self.error(why)

    def _read_done(self, picked: list[PickedFile], upload: bool) -> None:
        self._set_busy(False)
        skipped = []
        for f in picked:
            same = next((g for g in self.files if g.sha256 == f.sha256), None)
            if same is not None:
                skipped.append(f"「{f.name}」与已加入的「{same.name}」内容相同，未重复加入")
                continue
            self.files.append(f)
        self.query_one("#path", Input).value = ""
        self._show_files()
        if skipped:
            self.error("；".join(skipped))
        else:
            self.query_one("#error", Static).update("")
        if upload:
            self._upload()

    def _show_files(self) -> None:
        total = sum(f.size for f in self.files)
        lines = [f"将上传 {len(self.files)} 份，共 {size_words(total)}："]
        for n, f in enumerate(self.files, 1):
            lines.append(f"  {n}. {f.name}  {f.kind} {size_words(f.size)}")
        self.query_one("#files", Static).update(Text("\n".join(safe(line) for line in lines)))

    def _upload(self) -> None:
        if self.busy:
            return
        self._set_busy(True, "正在上传…")
        self._upload_worker(self.row, list(self.files))

    @work(thread=True, exclusive=True, group="evidence")
    def _upload_worker(self, row: TaskRow, files: list[PickedFile]) -> None:
        svc = self.service
        try:
            result = svc.attach(row.id, [(str(f.path), f.content) for f in files], expected_version=row.version)
        except StaleEditError:
            try:
                fresh = svc.get_task(row.id).row
            except STORE_ERRORS as exc:
                self.app.call_from_thread(self._upload_failed, error_text(exc), None)
                return
            notice = f"提交前已被他人修改：{what_changed(row, fresh)}。已按最新状态刷新，文件列表保留，请核对后再次上传"
            self.app.call_from_thread(self._upload_failed, notice, fresh)
            return
        except STORE_ERRORS as exc:
            self.app.call_from_thread(self._upload_failed, error_text(exc), None)
            return
        desc = f"{svc.actor.name} 上传佐证材料 #{row.id}"
        try:
            new = svc.get_task(row.id).row
            marker = svc.change_marker()
        except STORE_ERRORS:
            # Stored; only the follow-up read failed: the main screen's poller shows it.
            new, marker = row, (0, 0)
        done = ActionDone(new, attached_words(row.id, result), UndoPlan(desc, why_not=NOT_UNDOABLE), marker)
        self.app.call_from_thread(self.dismiss, done)

    def _upload_failed(self, why: str, fresh: TaskRow | None) -> None:
        self._set_busy(False)
        if fresh is not None:
            self.row = fresh
            self.query_one("#task", Static).update(Text(task_line(fresh)))
        self.error(why)

    def _set_busy(self, busy: bool, doing: str = "") -> None:
        self.busy = busy
        self.query_one("#ok", Button).disabled = busy
        if doing:
            self.query_one("#error", Static).update(Text(doing, style="dim"))


__all__ = ["NOT_UNDOABLE", "AttachDialog", "PickedFile", "attached_words", "read_picked", "typed_paths"]
