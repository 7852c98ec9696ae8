"""The frame the units dialogs share (登记, 别名, 更名, 合并): the service call runs in a
thread; a refusal keeps the dialog and what was typed and shows why; success dismisses
with a `UnitDone` (what to say, which unit to put the cursor on)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.widgets import Button, Input, Static

from tasktui.store.departments import Units, match_name
from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.errors import STORE_ERRORS, error_text

_SPLIT = re.compile(r"[、,，;；\s]+")


def split_names(text: str) -> list[str]:
    """「应急局、区应急局」 -> its names (、 , ; or spaces between them)."""
    return [p for p in _SPLIT.split(text.strip()) if p]


@dataclass(frozen=True)
class UnitDone:
    message: str
    unit: str  # the unit to show (its name after the change)


class UnitForm(Dialog):
    """A units dialog: `submit(call)` runs `call` (one service write) off the UI thread."""

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        # The units as they are when the dialog opens (hints as one types); what is
        # saved is resolved again by the service against the store as it is then.
        self.units: Units = service.departments()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def submit(self, call: Callable[[], UnitDone]) -> None:
        self.query_one("#ok", Button).disabled = True
        self._run(call)

    @work(thread=True, exclusive=True, group="unit-write")
    def _run(self, call: Callable[[], UnitDone]) -> None:
        try:
            done = call()
        except STORE_ERRORS as exc:
            self.app.call_from_thread(self.refused, exc)
            return
        self.app.call_from_thread(self.dismiss, done)

    def refused(self, exc: Exception) -> None:
        """Keep the dialog and what was typed; say why (a subclass may add what to do)."""
        self.query_one("#ok", Button).disabled = False
        self.error(error_text(exc))

    def unit_hint(self, typed: str, box: Static) -> None:
        """Under a unit field: which unit the text names, or the names close to it."""
        text = typed.strip()
        if not text:
            box.update("")
            return
        match = match_name(text, self.units)
        if match.name is not None:
            box.update(Text(safe(f"= {match.name}") if match.name != text else "", style="bold"))
        else:
            box.update(Text(safe(match.message()), style="yellow"))


__all__ = ["UnitDone", "UnitForm", "split_names"]
