"""The extractor's language data: every fragment and rule fires on its own example."""

from __future__ import annotations

import re

import pytest

from tasktui.extract import lexicon


@pytest.mark.parametrize("name", sorted(lexicon.fragments()))
def test_fragment_matches_its_example(name: str) -> None:
    frag = lexicon.fragments()[name]
    assert frag.example, f"fragment {name} has no example"
    assert re.search(frag.pattern, frag.example), f"fragment {name} does not match {frag.example!r}"


def _all_rules() -> list[tuple[str, lexicon.Rule]]:
    tables = [(f, r) for f in lexicon.data_files() for k in lexicon.RULE_TABLES for r in lexicon.rules(f, k)]
    return tables + [(f, r) for f in lexicon.data_files() for r in lexicon.cues(f).values()]


@pytest.mark.parametrize(("file", "rule"), _all_rules(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_rule_fires_on_its_example(file: str, rule: lexicon.Rule) -> None:
    assert rule.example, f"{file}: rule {rule.name} has no example"
    assert rule.regex.search(rule.example), f"{file}: rule {rule.name} does not fire on {rule.example!r}"


def test_fragments_expand_inside_patterns() -> None:
    regex = lexicon.rx("{:modal_adverb}?{:modal}")
    assert regex.search("各部门也要加强") is not None
    assert regex.search("主要成绩") is None  # 主要 is not an order


def test_unknown_fragment_is_an_error() -> None:
    with pytest.raises(KeyError):
        lexicon.expand("{:no_such_fragment}")


def test_longest_word_wins() -> None:
    assert re.match(lexicon.alt("limit_suffix"), "之前").group(0) == "之前"  # type: ignore[union-attr]
