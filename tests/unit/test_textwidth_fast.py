"""textwidth's fast measure of common Chinese cells (ASCII, ideographs, CJK punctuation,
fullwidth forms, counted from UTF-8 lengths in C) gives rich's cell widths exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import get_character_cell_size

from tasktui.textwidth import _ASCII_OR_WIDE, _shown_width, fit, safe

RANGES = [(0x20, 0x7E), (0x3001, 0x3003), (0x3008, 0x3011), (0x4E00, 0x9FFF), (0xFF01, 0xFF60)]


def slow(text: str) -> int:
    return sum(map(get_character_cell_size, safe(text)))


def test_every_character_of_the_fast_ranges_has_rich_s_width() -> None:
    for first, last in RANGES:
        for code in range(first, last + 1):
            ch = chr(code)
            assert _ASCII_OR_WIDE.fullmatch(ch), hex(code)
            assert _shown_width.__wrapped__(ch) == slow(ch) == get_character_cell_size(ch), hex(code)


mixed = st.text(
    alphabet=st.sampled_from([chr(c) for a, b in RANGES for c in (a, (a + b) // 2, b)] + list("…“”—·①é\u3000\t"))
)


@given(mixed)
def test_any_mix_is_measured_as_rich_measures_it_as_shown(text: str) -> None:
    assert _shown_width.__wrapped__(text) == slow(text)
    assert sum(map(get_character_cell_size, fit(text, 12))) == 12
