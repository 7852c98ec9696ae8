"""The extractor's regex prefilters (extract/prefilter.py) answer exactly as the plain
regexes do: the same matches, spans and alternative names, at every start and end.

Each pattern is checked on many random strings drawn from the characters its own rules
talk about (their first and last characters, separators, digits of several scripts),
so that the gates are exercised where they decide something.
"""

from __future__ import annotations

import random
import re

import pytest

from tasktui.extract import lexicon
from tasktui.extract.prefilter import (
    EndTest,
    Gated,
    Quick,
    decimal_digits,
    first_chars,
    last_chars,
    lookahead_gate,
    lookahead_positions,
    named_alternation,
    required_chars,
)

# Patterns of the shapes the extractor uses: lookbehinds first, `^`/`(?:^|\n)` pins,
# \d (with non-ASCII digits in the alphabet), optional prefixes, end anchors.
SHAPES = [
    r"(?<![主重])要(?![素点])|必须|务必",
    r"(?:^|\n)\s*[一二三]+、\s*(?:目标|任务)",
    r"^关于.{1,6}通知|通知$",
    r"(?:^|的)(?:[一二三\d]+个?[县区乡]){1,3}$",
    r"\d\.\d|[今明]年|前",
    r"(?:一定|也)?(?:要|须)(?:牵头|负责)",
    r"a?^b|c",
    r"(?<=[局委])(?=[要负])(?:要|负责)",
    r"[（(](?<=[\u4e00-\u9fff][（(])[a-z]{1,3}[）)]",
    r"(?:局|委|办公室)(?:（[^（）]{1,4}）)?$",
]
ALPHABET = list("要必须务主重素点通知关于的一二三个县区乡今明年前局委办公室负责牵头（）()ab\n .、c") + [
    "3",
    "٣",
    "３",
    "\u0e53",
]


def _strings(seed: int, n: int = 3000) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 14))) for _ in range(n)]


def _spans(matches: object) -> list[tuple[tuple[int, int], str | None]]:
    return [(mt.span(), mt.lastgroup) for mt in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize("pattern", SHAPES)
def test_gated_search_and_finditer_are_the_regex(pattern: str) -> None:
    rx = re.compile(pattern)
    gated = Gated(rx)
    for k, s in enumerate(_strings(len(pattern))):
        pos, end = (k % 3, len(s) - k % 2) if s else (0, 0)
        assert _spans(gated.finditer(s)) == _spans(rx.finditer(s)), s
        assert _spans(gated.finditer(s, pos, end)) == _spans(rx.finditer(s, pos, end)), (s, pos, end)
        want = rx.search(s, pos, end)
        got = gated.search(s, pos, end)
        assert (got and got.span()) == (want and want.span()), (s, pos, end)
        assert gated.test(s, pos, end) == (want is not None)


@pytest.mark.parametrize("pattern", SHAPES)
def test_quick_match_search_sub_are_the_regex(pattern: str) -> None:
    rx = re.compile(pattern)
    quick = Quick(rx)
    for s in _strings(len(pattern) + 1):
        assert (quick.match(s) and quick.match(s).span()) == (rx.match(s) and rx.match(s).span()), s  # type: ignore[union-attr]
        assert (quick.search(s) and quick.search(s).span()) == (rx.search(s) and rx.search(s).span()), s  # type: ignore[union-attr]
        assert quick.findall(s) == rx.findall(s), s
        assert quick.sub("○", s) == rx.sub("○", s), s


@pytest.mark.parametrize("pattern", [p for p in SHAPES if p.endswith("$")])
def test_end_test_is_a_search_of_the_tail(pattern: str) -> None:
    rx = re.compile(pattern)
    test = EndTest(rx, 6)
    for s in _strings(len(pattern) + 2):
        for a in (0, 1):
            assert test(s, a) == (rx.search(s, max(a, len(s) - 6), len(s)) is not None), (s, a)


def test_named_alternation_names_the_same_alternative() -> None:
    alts = [("modal", SHAPES[0]), ("pinned", SHAPES[2]), ("duty", SHAPES[5]), ("digits", SHAPES[4])]
    plain = re.compile("|".join(f"(?P<{name}>{p})" for name, p in alts))
    fast = re.compile(named_alternation(alts))
    for s in _strings(7):
        assert _spans(fast.finditer(s)) == _spans(plain.finditer(s)), s


def test_edge_and_required_characters() -> None:
    assert first_chars("(?<!x)要|必须") == frozenset("要必")
    assert first_chars(r"\s*要") is None  # a category it cannot list
    assert first_chars(r"\d年", exact=True) == frozenset(decimal_digits()) | set()
    assert "٣" in first_chars(r"\d", exact=True)  # type: ignore[operator]
    assert "٣" not in first_chars(r"\d")  # type: ignore[operator]  # the owner rules' reading
    assert last_chars(r"(?:局|委)(?:（[^（）]{1,4}）)?$") == frozenset("局委）")
    assert required_chars(r"(?:牵头|责任)单位\s*：\s*(?P<x>.+)") == frozenset("单位：")


def test_decimal_digits_stop_below_plane_two() -> None:
    # decimal_digits() lists the digits below U+20000 only; no plane above holds one.
    assert not any(chr(c).isdecimal() for c in range(0x20000, 0x110000))
    assert decimal_digits() == "".join(c for c in map(chr, range(0x20000)) if c.isdecimal())


def test_gates_keep_every_rule_of_the_data_files() -> None:
    """Every rule and cue pattern of the data files gets the same matches through a gate."""
    rnd = random.Random(3)
    for file in lexicon.data_files():
        for kind in lexicon.RULE_TABLES:
            for rule in lexicon.rules(file, kind):
                gated = Gated(rule.regex)
                chars = sorted(set(rule.example) | set("，。；：\n 要的"))
                for _ in range(40):
                    s = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 24))) + rnd.choice(["", rule.example])
                    assert _spans(gated.finditer(s)) == _spans(rule.regex.finditer(s)), (file, rule.name, s)


@pytest.mark.parametrize(
    "pattern",
    [r"(?=牵头|统一牵头|主抓)", r"(?=的?(?:主体|属地)?责任(?![人制]))", r"(?=[）)])", r"(?=要|$)", r"(?=a)b"],
)
def test_lookahead_positions_are_the_closer_positions(pattern: str) -> None:
    rx = re.compile(pattern)
    at = lookahead_positions(rx)
    rnd = random.Random(5)
    chars = list("牵头统一主抓的主体属地责任人制）)要ab，")
    for _ in range(3000):
        s = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 12)))
        for lo, hi in ((0, len(s)), (1, max(1, len(s) - 1))):
            assert [mt.start() for mt in at.finditer(s, lo, hi)] == [mt.start() for mt in rx.finditer(s, lo, hi)], s


def test_lookahead_gate_answers_as_the_pattern() -> None:
    rx = re.compile(r"(?=[试展还上])(?:试读结束|展开阅读全文|还剩\s*\d+\s*页|^上一篇)", re.I)
    gate = lookahead_gate(rx)
    assert gate is not None and lookahead_gate(re.compile("abc")) is None
    rnd = random.Random(6)
    words = ["试读结束", "展开", "阅读全文", "还剩", " ", "3", "页", "上一篇", "上", "讲话", "\n"]
    for _ in range(5000):
        s = "".join(rnd.choice(words) for _ in range(rnd.randint(0, 6)))
        assert bool(gate.search(s)) == bool(rx.search(s)), s


def test_owner_cue_scan_finds_what_the_lookbehind_regex_finds() -> None:
    """owners._HotScan reads each cue from its pair gate's groups; the cues (start, end,
    rule) are those of the plain `(?<=[endings])CUE` regex, at any start and end."""
    from tasktui.extract import owners
    from tasktui.extract.units import UnitDirectory

    scan = owners._hot_regex(UnitDirectory.builtin())
    rnd = random.Random(9)
    words = [
        "县教育局",
        "各乡镇",
        "要",
        "牵头",
        "负责",
        "配合",
        "一要",
        "按照",
        "的",
        "，",
        "。",
        "学校",
        "同志",
        "也要",
        "于3月",
        "立即",
    ]
    for _ in range(4000):
        s = "".join(rnd.choice(words) for _ in range(rnd.randint(0, 8)))
        for lo, hi in ((0, len(s)), (2, len(s) - 1)):
            want = [(mt.start(), mt.end(), mt.lastgroup) for mt in scan.rx.finditer(s, lo, hi)]
            assert scan.finditer(s, lo, hi) == want, (s, lo, hi)
