"""A deadline typed by a person (CLI `--deadline`/`--to`, the UI's deadline dialog): an ISO
date, or a Chinese phrase resolved against the meeting date."""

from __future__ import annotations

from datetime import date

from tasktui.store.errors import InputError


def resolve_deadline_value(value: str, meeting_date: date | None, today: date) -> tuple[date | None, str | None, bool]:
    """An ISO date, or a phrase resolved against the meeting date (today when the meeting
    has none). Returns (date, phrase, unresolved); InputError for an empty value, an
    impossible date, or a phrase that states no deadline at all."""
    text = value.strip()
    if not text:
        raise InputError("empty deadline")
    try:
        return date.fromisoformat(text), None, False
    except ValueError:
        pass
    # Imported here: the resolver loads the holiday calendar, which only this path needs.
    from tasktui.extract.deadlines import resolve_deadline

    result = resolve_deadline(text, meeting_date or today)
    if result.status == "date":
        return result.date, text, False
    if result.status == "unresolved":
        if any("impossible" in w for w in result.warnings):
            raise InputError(f"impossible date {text!r}")
        return None, text, True
    raise InputError(f"{text!r} states no deadline (ongoing or recurring); give a date or a phrase like 3月底前")


__all__ = ["resolve_deadline_value"]
