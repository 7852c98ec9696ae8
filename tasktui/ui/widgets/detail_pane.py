"""The detail pane: outline and parent section, the full text with the speech paragraph
around it, owners, deadline and the phrase it came from, and the history timeline."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from tasktui.extract.types import KIND_LABELS
from tasktui.store.attachments import size_words
from tasktui.store.lifecycle import ASSIGNED, URGENCIES, Action
from tasktui.store.reresolve import deadline_setter
from tasktui.store.views import TaskDetail
from tasktui.textwidth import safe
from tasktui.ui.widgets.scroll_box import ScrollBox


def deadline_source(d: TaskDetail) -> str:
    """Who gave the deadline phrase: the speech, or the person who last set it."""
    setter = deadline_setter(d.history)
    if setter is None:
        return "（讲话原文）"
    return f"（{clean(setter.actor)} {setter.at:%m-%d} 设定）"


def clean(text: str) -> str:
    """Ambiguous-width characters replaced, line breaks kept (for wrapped prose)."""
    return "\n".join(safe(line) for line in text.splitlines())


def signing_text(d: TaskDetail, colors: dict[str, str]) -> Text | None:
    """签收: who signed (from its history event: the lead, or the office for it) and when,
    未签收 with its days, or waiting; None for a task never given to a unit."""
    r = d.row
    if r.acknowledged_at is not None:
        signer = next((e.actor for e in reversed(d.history) if e.action == Action.ACKNOWLEDGED.value), r.lead or "—")
        return Text.assemble(("签收  ", "dim"), f"{clean(signer)} {r.acknowledged_at:%Y-%m-%d %H:%M} 已签收")
    if r.assigned_at is None or r.status != ASSIGNED:
        return None
    given = f"（{r.assigned_at:%Y-%m-%d} 交办）"
    if r.unacknowledged_days is not None:
        late = f"未签收{r.unacknowledged_days}个工作日"
        return Text.assemble(("签收  ", "dim"), (late, f"bold {colors.get('yellow', '')}".strip()), given)
    return Text.assemble(("签收  ", "dim"), "待签收", given)


def render_detail(d: TaskDetail, colors: dict[str, str] | None = None) -> RenderableType:
    colors = colors or {}
    r = d.row
    parts: list[RenderableType] = []
    title = Text()
    title.append(f"#{r.id} ", style="bold")
    title.append(f"{r.outline} {clean(r.marker)}{clean(r.heading)}".strip(), style="bold")
    parts.append(title)
    meeting = clean(r.meeting) + (f"（{r.meeting_date.isoformat()}）" if r.meeting_date else "")
    parts.append(Text.assemble(("会议  ", "dim"), meeting))
    if d.parent_outline:
        parts.append(Text.assemble(("上级  ", "dim"), f"{d.parent_outline} {clean(d.parent_heading or '')}"))
    cd = r.countdown
    color = colors.get(cd.warning, "")
    parts.append(
        Text.assemble(
            ("类别  ", "dim"),
            KIND_LABELS.get(r.kind, r.kind),
            ("   状态  ", "dim"),
            (r.status, "bold"),
            ("   倒计时  ", "dim"),
            (cd.label, f"bold {color}".strip()),
        )
    )
    parts.append(Text.assemble(("牵头  ", "dim"), r.lead or "—", ("   配合  ", "dim"), "、".join(r.co_owners) or "—"))
    signing = signing_text(d, colors)
    if signing is not None:
        parts.append(signing)
    leader = clean(r.responsible_leader) if r.responsible_leader else "—"
    cycle = Text.assemble(("责任领导  ", "dim"), leader, ("   紧急程度  ", "dim"))
    urgency_color = colors.get("red" if r.urgency == URGENCIES[-1] else "yellow", "")
    cycle.append(r.urgency, style=f"bold {urgency_color}".strip() if r.urgent else "")
    cycle.append("   汇报频次  ", style="dim")
    cycle.append(clean(r.report_every) if r.report_every else "—")
    parts.append(cycle)
    if d.owner_hint:
        parts.append(Text.assemble(("原文责任单位  ", "dim"), clean(d.owner_hint)))
    if r.deadline:
        dl = r.deadline.isoformat()
    else:
        dl = "待确定" if r.deadline_unresolved else "无"
    line = Text.assemble(("时限  ", "dim"), (dl, color))
    if r.deadline_phrase:
        line.append(f"   时限依据「{clean(r.deadline_phrase)}」{deadline_source(d)}", style="dim")
    if d.original_deadline and d.original_deadline != r.deadline:
        line.append(f"   原定 {d.original_deadline.isoformat()}（已延期）", style="dim")
    parts.append(line)
    if r.extension is not None:
        ext = r.extension
        asked = ext.requested.isoformat() if ext.requested else "—"
        req = Text.assemble(("待批延期  ", "dim"), (f"{clean(ext.unit)} 申请延至 {asked}", "bold"))
        req.append(f"（{ext.asked_at:%Y-%m-%d}）", style="dim")
        if ext.reason:
            req.append(f"  理由「{clean(ext.reason)}」", style="italic")
        parts.append(req)
    if len(d.unit_progress) > 1:  # a lead alone: its reports are the history below
        parts.append(Text("各单位进展", style="dim"))
        for u in d.unit_progress:
            who = Text.assemble(("  牵头 " if u.lead else "  配合 ", "dim"), (clean(u.unit), "bold"))
            if u.last_at is None:
                who.append("  尚未报告", style="dim")
            else:
                who.append(f"  {u.reports}次，最近 {u.last_at:%m-%d}")
                if u.last_note:
                    who.append(f"「{clean(u.last_note)}」", style="italic")
            parts.append(who)
    parts += attachment_lines(d)
    parts.append(Text(""))
    parts.append(Text(clean(d.text)))
    if d.source_excerpt and d.source_excerpt.strip() != d.text.strip():
        parts.append(Text(""))
        parts.append(Text("讲话原文", style="bold dim"))
        excerpt = Text(clean(d.source_excerpt), style="italic")
        excerpt.highlight_words([clean(r.heading)[:40]], style="bold underline")
        parts.append(excerpt)
    parts.append(Text(""))
    parts.append(Text(f"历史（{len(d.history)}）", style="bold dim"))
    for e in reversed(d.history):  # newest first: what changed last matters most
        ev = Text()
        ev.append(f"{e.at:%Y-%m-%d %H:%M} ", style="dim")
        ev.append(f"{clean(e.actor)} ", style="bold")
        ev.append(e.label)
        if e.to_value:
            before, after = e.from_value or "", e.to_value
            if e.action == "kind_changed":  # kinds are stored as codes; say them in words
                before, after = KIND_LABELS.get(before, before), KIND_LABELS.get(after, after)
            ev.append(f" {clean(before)} → {clean(after)}".replace("  ", " "))
        if e.note:
            ev.append(f"「{clean(e.note)}」", style="italic")
        parts.append(ev)
    return Group(*parts)


def attachment_lines(d: TaskDetail) -> list[Text]:
    """佐证材料: one line each (S 存佐证 in the UI, or `tasktui attachment ID N -o PATH`, saves one)."""
    if not d.attachments:
        return []
    lines = [Text(f"佐证材料（{len(d.attachments)}）", style="dim")]
    for a in d.attachments:
        line = Text.assemble((f"  {a.seq}. ", "dim"), (clean(a.name), "bold"), f"  {a.kind} {size_words(a.size)}")
        line.append(f"  {clean(a.added_by)} {a.added_at:%m-%d}", style="dim")
        lines.append(line)
    return lines


class DetailPane(ScrollBox):
    """Scrollable; focusable so the keyboard can scroll long histories."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.detail: TaskDetail | None = None
        self.warn_colors: dict[str, str] = {}

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("（未选择事项）", id="detail-body")

    def show(self, detail: TaskDetail | None, message: str = "（未选择事项）") -> None:
        self.detail = detail
        body = self.query_one("#detail-body", Static)
        if detail is None:
            body.update(Text(message, style="dim"))
        else:
            body.update(render_detail(detail, self.warn_colors))
        self.scroll_home(animate=False)
