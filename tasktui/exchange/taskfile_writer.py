"""Writing a task file: a plan (`tasktui.store.plan.TaskFile`) as TOML that
`tasktui.exchange.taskfile.parse_task_file` reads back unchanged (history included)."""

from __future__ import annotations

from typing import Any

import tomli_w

from tasktui.store.lifecycle import DEFAULT_URGENCY
from tasktui.store.plan import TaskFile
from tasktui.store.views import EventRecord


def dump_task_file(tf: TaskFile) -> str:
    """Serialise a plan as a task file that `parse_task_file` reads back unchanged."""
    doc: dict[str, Any] = {}
    if tf.office:
        doc["office"] = tf.office
    doc["departments"] = [{"name": n, **({"aliases": a} if a else {})} for n, a in tf.departments]
    meetings = []
    for m in tf.meetings:
        md: dict[str, Any] = {"id": m.content_hash, "title": m.title}
        if m.date:
            md["date"] = m.date
        if m.source:
            md["source"] = m.source
        if m.source_kind:
            md["source_kind"] = m.source_kind
        if m.source_text:
            md["source_text"] = m.source_text
        tasks = []
        for t in m.tasks:
            td: dict[str, Any] = {
                "outline": t.outline,
                "marker": t.marker,
                "level": t.level,
                "kind": t.kind,
                "heading": t.heading,
            }
            if t.text != t.heading:
                td["text"] = t.text
            if t.lead:
                td["lead"] = t.lead
            if t.co:
                td["co"] = t.co
            if t.deadline:
                td["deadline"] = t.deadline
                if t.deadline_phrase:
                    td["deadline_phrase"] = t.deadline_phrase
            elif t.deadline_phrase:
                if t.deadline_unresolved:
                    td["deadline"] = t.deadline_phrase
                else:
                    td["deadline_phrase"] = t.deadline_phrase
            td["status"] = t.status
            if t.priority:
                td["priority"] = t.priority
            if t.span:
                td["span"] = list(t.span)
            if t.owner_hint:
                td["owner_hint"] = t.owner_hint
            if t.responsible_leader:
                td["leader"] = t.responsible_leader
            if t.urgency != DEFAULT_URGENCY:
                td["urgency"] = t.urgency
            if t.report_every:
                td["report_every"] = t.report_every
            td["history"] = [_event_dict(e) for e in t.history]
            if t.attachments:  # the list only: the bytes travel in backups and the JSON export
                td["attachments"] = [
                    {
                        "seq": a.seq,
                        "name": a.name,
                        "media_type": a.media_type,
                        "size": a.size,
                        "sha256": a.sha256,
                        "added_at": a.added_at.replace(microsecond=0),
                        "added_by": a.added_by,
                    }
                    for a in t.attachments
                ]
            tasks.append(td)
        md["tasks"] = tasks
        meetings.append(md)
    doc["meetings"] = meetings
    header = "# tasktui task file (exported). Import with: tasktui import FILE\n\n"
    return header + tomli_w.dumps(doc)


def _event_dict(e: EventRecord) -> dict[str, Any]:
    d: dict[str, Any] = {"at": e.at.replace(microsecond=0), "actor": e.actor, "action": e.action}
    if e.from_value is not None:
        d["from"] = e.from_value
    if e.to_value is not None:
        d["to"] = e.to_value
    if e.note is not None:
        d["note"] = e.note
    d["status"] = e.status_after
    d["deadline"] = e.deadline_after.isoformat() if e.deadline_after else ""
    d["lead"] = e.lead_after or ""
    if e.co_after is not None:
        d["co"] = [c for c in e.co_after.split("、") if c]
    return d


__all__ = ["dump_task_file"]
