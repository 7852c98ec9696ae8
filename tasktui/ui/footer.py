"""Which keys the main screen's footer shows: most needed first, as many as fit the width
(the rest keep their keys, in `?` help and the command palette). Pure: binding ids and
cell widths in, ids out."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.binding import Binding

from tasktui.textwidth import width

# The footer shows what fits, most needed first (binding ids); the rest keep their keys and
# stay in `?` help and the command palette. Bindings declared show=False appear only when
# there is room (a wide terminal), the others may be dropped when there is not (80 columns).
FOOTER_PRIORITY_OFFICE: tuple[str, ...] = (
    "quit",
    "help",
    "assign",
    "reject",
    "deadline",
    "done",
    "verify",
    "search",
    "filter",
    "send_back",
    "extend",
    "progress",
    "sort",
    "undo",
    "select",
    "report",
    "dashboard",
    "import",
    "units",
    "reopen",
    "note",
    "attach",
    "save_attachment",
    "kind",
    "sustain",
    "acknowledge",
    "leader",
    "urgency",
)
FOOTER_PRIORITY_DEPARTMENT: tuple[str, ...] = (
    "quit",
    "help",
    "acknowledge",
    "progress",
    "done",
    "extend",
    "search",
    "filter",
    "sort",
    "undo",
    "attach",
    "save_attachment",
    "report",
    "note",
    "sustain",
    "dashboard",
)
PALETTE_KEY_CELLS = 10  # "▏^p 命令" at the right end of the footer


def footer_cells(key: str, description: str) -> int:
    """Cells a compact FooterKey takes: "key desc" and one space."""
    return width(key) + 1 + width(description) + 1


def footer_ids(
    bindings: Mapping[str, Binding], priority: tuple[str, ...], room: int, key_display: Callable[[Binding], str]
) -> set[str]:
    """Binding ids the footer has room for in `room` cells, by `priority`. A binding
    declared shown that does not fit stops the walk: nothing less needed jumps ahead."""
    budget = room - PALETTE_KEY_CELLS
    shown: set[str] = set()
    for bid in priority:
        b = bindings.get(bid)
        if b is None:
            continue
        cells = footer_cells(key_display(b), b.description)
        if cells <= budget:
            shown.add(bid)
            budget -= cells
        elif b.show:
            break
    return shown


__all__ = ["FOOTER_PRIORITY_DEPARTMENT", "FOOTER_PRIORITY_OFFICE", "PALETTE_KEY_CELLS", "footer_cells", "footer_ids"]
