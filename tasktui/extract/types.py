"""Value types shared by the extractor and its callers (store import, CLI, UI).

Pure data: no DB, no UI. The extractor returns an `Extraction`; the store turns its
items into meetings and tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Kind = Literal["directive", "review", "problem", "other"]
KINDS: tuple[str, ...] = ("directive", "review", "problem", "other")
# What each kind is called where a person reads it (the CLI, the UI, messages).
KIND_LABELS: dict[str, str] = {"directive": "督办事项", "review": "工作回顾", "problem": "问题分析", "other": "其他"}

DeadlineStatus = Literal["date", "unresolved", "none"]


@dataclass(frozen=True)
class Deadline:
    """A time phrase resolved against a meeting date.

    status "date": `date` is the last permissible day (inclusive);
    "unresolved": a placeholder (`X月底前`) a person must fill in, `date` is None;
    "none": no deadline stated, ongoing or recurring, `date` is None.
    """

    phrase: str
    status: DeadlineStatus
    date: date | None = None
    warnings: tuple[str, ...] = ()

    @property
    def cli_value(self) -> str:
        if self.status == "date" and self.date is not None:
            return self.date.isoformat()
        return "UNRESOLVED" if self.status == "unresolved" else "NONE"


@dataclass
class ExtractedItem:
    id: str  # outline position, "3.2"
    level: int  # 1 = outermost numbering of the speech body
    marker: str  # as written: "一、", "（三）", "二要"
    kind: str  # one of KINDS
    text: str  # heading: words after the marker up to the first 。；！!： or line end
    body: str  # the item's own full text (up to the next item), cleaned
    owners: list[str] = field(default_factory=list)  # verbatim owner phrases
    units: list[str] = field(default_factory=list)  # normalised unit names
    deadline_phrase: str | None = None
    deadline: Deadline | None = None
    span: tuple[int, int] = (0, 0)  # [start, end) in the ORIGINAL text
    parent_id: str | None = None
    # Unit names (normalised like `units`) the text makes lead (牵头) and co-owners (配合);
    # with no role stated, an item naming exactly one unit has it as lead.
    lead: list[str] = field(default_factory=list)
    co_owners: list[str] = field(default_factory=list)
    # A recurring report limit, verbatim (每月5日前报送 → 每月5日前): the item's reporting
    # cadence, kept apart from its deadline (which it is only when the item has no other limit).
    report_every: str | None = None
    # Names of the rules that decided each field ("kind", "owners", "deadline"), for
    # `tasktui extract --explain` and the evaluation's error list.
    rules: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "level": self.level,
            "marker": self.marker,
            "kind": self.kind,
            "text": self.text,
            "body": self.body,
            "owners": list(self.owners),
            "units": list(self.units),
            "deadline_phrase": self.deadline_phrase,
            "deadline": (
                self.deadline.date.isoformat() if self.deadline is not None and self.deadline.date is not None else None
            ),
            "deadline_status": self.deadline.status if self.deadline else "none",
            "span": [self.span[0], self.span[1]],
            "parent_id": self.parent_id,
            "lead": list(self.lead),
            "co_owners": list(self.co_owners),
            "report_every": self.report_every,
            "rules": {k: list(v) for k, v in self.rules.items()},
        }


@dataclass
class Extraction:
    title: str
    meeting_date: date | None
    year: int | None
    items: list[ExtractedItem]
    warnings: list[str]
    text: str  # the original text the spans point into
    genre: str = "speech"  # speech / minutes / notice / plan / news (extract/data/genres)
    genre_rules: list[str] = field(default_factory=list)  # the detection cues that fired

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "year": self.year,
            "genre": self.genre,
            "items": [item.to_json() for item in self.items],
            "warnings": list(self.warnings),
        }


class SpeechInputError(Exception):
    """Input that cannot be read as a speech: empty, binary, undecodable."""
