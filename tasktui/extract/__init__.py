"""Speech → directives extractor (pure: text in, items out).

The pipeline is in `pipeline.py` (clean → outline → kinds → owners + units → deadlines);
the names below are loaded from their modules when first used, so a command that needs one
part (the store's holiday tables, the deadline grammar) does not load the whole extractor.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing's own flag would import typing, which light commands skip
if TYPE_CHECKING:
    from tasktui.extract.pipeline import EXTRACTOR_FAILED, extract
    from tasktui.extract.textio import read_speech_bytes, read_speech_file
    from tasktui.extract.types import Deadline, ExtractedItem, Extraction, SpeechInputError
    from tasktui.extract.units import UnitDirectory

__all__ = [
    "EXTRACTOR_FAILED",
    "extract",
    "Extraction",
    "ExtractedItem",
    "Deadline",
    "SpeechInputError",
    "UnitDirectory",
    "read_speech_bytes",
    "read_speech_file",
]

_HOME = {
    "EXTRACTOR_FAILED": "pipeline",
    "extract": "pipeline",
    "Extraction": "types",
    "ExtractedItem": "types",
    "Deadline": "types",
    "SpeechInputError": "types",
    "UnitDirectory": "units",
    "read_speech_bytes": "textio",
    "read_speech_file": "textio",
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'tasktui.extract' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"tasktui.extract.{home}"), name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value
