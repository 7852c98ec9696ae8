"""Named word lists and rules shared by the extractor's stages, loaded from data files.

The extractor's knowledge of the language lives in `extract/data/*.toml`, not in code:
`lexicon.toml` holds *fragments* (the modal words that turn a clause into an order, the
verbs that fix a problem, holiday names, limit suffixes…) and stage files hold *rules*
(a name, a pattern that may name fragments, a weight, one example the rule must fire on).
A pattern names a fragment as `{:name}`; it expands to a non-capturing alternation of the
fragment's words (longest first, so `一定要` wins over `要`) or to the fragment's own
regex. Every rule and fragment carries an example and a test checks each one fires on it,
so adding a cue means one line of data and one example.

Modelled on duckling's per-locale rule modules and dateparser's per-language data files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import tomllib

_REF = re.compile(r"\{:([a-z_]+)\}")


@dataclass(frozen=True)
class Fragment:
    name: str
    doc: str
    words: tuple[str, ...]
    pattern: str  # the regex the fragment stands for
    example: str


@dataclass(frozen=True)
class Rule:
    """One named cue: `regex` searched in some part of an item, adding `weight` to `target`."""

    name: str
    doc: str
    pattern: str  # as written in the data file, fragments not yet expanded
    regex: re.Pattern[str]
    weight: float
    target: str  # what the rule votes for (a kind, a genre, an owner role…)
    where: str  # which part of the item or text it reads (heading, body, lead_in, head…)
    example: str


def _read(name: str) -> dict:
    raw = resources.files("tasktui.extract").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return tomllib.loads(raw)


@cache
def fragments() -> dict[str, Fragment]:
    out: dict[str, Fragment] = {}
    for name, spec in _read("lexicon.toml").items():
        words = tuple(spec.get("words", ()))
        if "pattern" in spec:
            pattern = spec["pattern"]
        else:
            pattern = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        out[name] = Fragment(name, spec.get("doc", ""), words, pattern, spec.get("example", ""))
    # Fragments may name earlier fragments; expand in a second pass.
    return {n: Fragment(f.name, f.doc, f.words, _expand(f.pattern, out, {n}), f.example) for n, f in out.items()}


def _expand(pattern: str, table: dict[str, Fragment], seen: set[str]) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in seen:
            raise ValueError(f"fragment {name} refers to itself")
        if name not in table:
            raise KeyError(f"unknown fragment {{:{name}}}")
        return "(?:" + _expand(table[name].pattern, table, seen | {name}) + ")"

    return _REF.sub(one, pattern)


def expand(pattern: str) -> str:
    """`pattern` with every `{:name}` replaced by that fragment's regex."""
    return _expand(pattern, fragments(), set())


@cache
def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compiled `expand(pattern)`, cached: stages call it at import time."""
    return re.compile(expand(pattern), flags)


def words(name: str) -> tuple[str, ...]:
    return fragments()[name].words


def alt(name: str) -> str:
    """A fragment as a non-capturing group, for building patterns in code."""
    return "(?:" + fragments()[name].pattern + ")"


@cache
def table(file: str) -> dict:
    """A data file as parsed TOML (for settings that sit beside its rules)."""
    return _read(file)


@cache
def rules(file: str, kind: str = "rule") -> tuple[Rule, ...]:
    """The rules of one data file (`kinds.toml`, `genres/minutes.toml`…), in file order.

    A file holds `[[rule]]` tables (or `[[detect]]` …, chosen by `kind`): name, pattern,
    weight (default 1), target, where (default "heading"), example, doc.
    """
    out = [_rule(spec["name"], spec, "heading") for spec in _read(file).get(kind, [])]
    names = [r.name for r in out]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ValueError(f"{file}: rule names repeated: {sorted(dupes)}")
    return tuple(out)


RULE_TABLES = ("rule", "detect", "label")


@cache
def cues(file: str) -> dict[str, Rule]:
    """The `[cue.NAME]` tables of a data file: named patterns whose use (where, weight)
    the reading code decides, e.g. the kind cues of `kinds.toml`."""
    return {name: _rule(name, spec, "") for name, spec in _read(file).get("cue", {}).items()}


def _rule(name: str, spec: dict, where: str) -> Rule:
    """A rule or cue table of a data file, its pattern's fragments expanded."""
    return Rule(
        name=name,
        doc=spec.get("doc", ""),
        pattern=spec["pattern"],
        regex=re.compile(expand(spec["pattern"])),
        weight=float(spec.get("weight", 1.0)),
        target=spec.get("target", ""),
        where=spec.get("where", where),
        example=spec.get("example", ""),
    )


def data_files() -> list[str]:
    """Every rule file under extract/data (for the tests that check each example)."""
    root = resources.files("tasktui.extract").joinpath("data")
    found: list[str] = []

    def walk(node, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for child in node.iterdir():
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".toml") and child.name not in ("lexicon.toml", "units.toml"):
                found.append(prefix + child.name)

    walk(root, "")
    return sorted(found)
