"""Importing a file into the store: a task file (.toml) or a speech (.txt, .docx, stdin).

One code path for the CLI, the UI and the demo: read, parse or extract (pure), then hand
the result to the service, which writes it in one transaction.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tasktui.store.views import ImportResult

if TYPE_CHECKING:
    from tasktui.store.service import Service


def is_task_file(name: str) -> bool:
    return Path(name).suffix.lower() == ".toml"


def import_task_file_text(
    service: Service, text: str, filename: str, shift_days: int | None = None
) -> list[ImportResult]:
    from tasktui.exchange.taskfile import parse_task_file

    tf = parse_task_file(
        text,
        filename=filename,
        departments=service.known_department_names(),
        office_name=service.actor.name,
        now=service.clock.now(),
        shift_days=shift_days,
        today=service.clock.today(),
    )
    return service.apply_task_file(tf)


def import_speech_text(
    service: Service,
    text: str,
    source_name: str,
    meeting_date: date | None = None,
    title: str | None = None,
) -> ImportResult:
    from tasktui.extract import extract
    from tasktui.extract.units import UnitDirectory

    # The store's departments (with aliases) take part in owner normalisation.
    units = UnitDirectory.builtin().with_departments(dict(service.departments()))
    extraction = extract(text, meeting_date=meeting_date, units=units)
    return service.import_extraction(extraction, source_name=source_name, meeting_date=meeting_date, title=title)


def import_path(
    service: Service,
    name: str,
    meeting_date: date | None = None,
    title: str | None = None,
) -> list[ImportResult]:
    """Import one file ("-" is standard input). Raises TaskFileError, SpeechInputError,
    InputError or OSError with a message fit for the user; writes nothing on error."""
    from tasktui.exchange.taskfile import read_task_file_text
    from tasktui.extract.textio import read_speech_file
    from tasktui.store.errors import InputError

    path = Path(name)
    if name != "-" and not path.exists():
        raise InputError(f"{name}: no such file")
    if name != "-" and path.is_dir():
        raise InputError(f"{name}: is a folder, not a file")
    if is_task_file(name):
        return import_task_file_text(service, read_task_file_text(path), str(path))
    text = read_speech_file(name)
    source = "stdin" if name == "-" else path.name
    return [import_speech_text(service, text, source, meeting_date, title)]
