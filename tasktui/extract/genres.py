"""What a text is: a leader's speech, minutes, a notice, a plan or a news report.

Each genre is one data file under `extract/data/genres/` holding its detection cues
(`[[detect]]`: where to look — the title lines, the head of the text or all of it — and a
weight), the kind cues that hold only in that genre (`[[rule]]`) and the headings that
only label a group (`[[label]]`). The genre with the highest score wins; `prior` breaks
ties toward the speech, the genre most texts are. Adding a genre is one data file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

from tasktui.extract import lexicon
from tasktui.extract.clean import first_lines
from tasktui.extract.prefilter import Gated

GENRE_FILES = (
    "genres/speech.toml",
    "genres/minutes.toml",
    "genres/notice.toml",
    "genres/plan.toml",
    "genres/news.toml",
)
_TITLE_LINES = 4
_TITLE_MAX = 90
_TITLE_RUN_ON = 30
_HEAD = 800
_TEXT_CAP = 3  # a text-wide cue counts at most this many times


@dataclass(frozen=True)
class GenreSpec:
    name: str
    label: str
    prior: float
    labels_group: bool
    labels_alone: bool  # a label is other even with nothing under it (a plan's 工作目标)
    default_kind: str | None
    detect: tuple[lexicon.Rule, ...]
    rules: tuple[lexicon.Rule, ...]
    labels: tuple[lexicon.Rule, ...]
    # The detection cues searched through their gates (the head and the whole text are long).
    detect_gated: tuple[Gated, ...] = ()


@dataclass
class Genre:
    name: str
    spec: GenreSpec
    scores: dict[str, float] = field(default_factory=dict)
    fired: list[str] = field(default_factory=list)  # detection rules of the winner


@cache
def specs() -> tuple[GenreSpec, ...]:
    out = []
    for file in GENRE_FILES:
        head = lexicon.table(file)["genre"]
        out.append(
            GenreSpec(
                name=head["name"],
                label=head.get("label", head["name"]),
                prior=float(head.get("prior", 0.0)),
                labels_group=bool(head.get("labels_group", False)),
                labels_alone=bool(head.get("labels_alone", False)),
                default_kind=head.get("default_kind"),
                detect=lexicon.rules(file, "detect"),
                detect_gated=tuple(Gated(r.regex) for r in lexicon.rules(file, "detect")),
                rules=lexicon.rules(file, "rule"),
                labels=lexicon.rules(file, "label"),
            )
        )
    return tuple(out)


def spec(name: str) -> GenreSpec:
    return next(s for s in specs() if s.name == name)


def _zones(m: str) -> dict[str, str]:
    lines = first_lines(m, _TITLE_LINES)
    # A title run into the body (…实施方案为认真落实…) still starts its line.
    title = "\n".join(ln if len(ln) <= _TITLE_MAX else ln[:_TITLE_RUN_ON] for ln in lines)
    return {"title": title, "head": m[:_HEAD], "text": m}


def detect(m: str) -> Genre:
    """The genre of the matching copy `m` of a cleaned text."""
    zones = _zones(m)
    scores: dict[str, float] = {}
    best: Genre | None = None
    for sp in specs():
        total = sp.prior
        fired: list[str] = []
        for rule, gated in zip(sp.detect, sp.detect_gated):
            zone = zones.get(rule.where, m)
            if rule.where == "text":
                n = sum(1 for _ in islice(gated.finditer(zone), _TEXT_CAP))  # counted up to the cap
            elif rule.where == "title":
                # Titles are matched line by line so that `…通知$` means the line's end.
                n = 1 if any(rule.regex.search(ln) for ln in zone.splitlines()) else 0
            else:
                n = 1 if gated.test(zone) else 0
            if n:
                total += rule.weight * n
                fired.append(rule.name)
        scores[sp.name] = total
        if best is None or total > scores[best.name]:
            best = Genre(sp.name, sp, fired=fired)
    assert best is not None
    best.scores = scores
    return best


def is_label(genre: Genre, heading: str) -> tuple[str, str] | None:
    """The genre's label rule a heading matches (it only names a group): the rule's name and
    what of the heading follows the label (a lost line break runs the section's text on)."""
    h = heading.strip()
    trimmed = _LABEL_TRIM.sub("", h)
    for rule in genre.spec.labels:
        m = rule.regex.search(trimmed)
        if m:
            return rule.name, h[m.end() :]
    return None


_LABEL_TRIM = re.compile(r"[：:。；;，,\s]+$")
