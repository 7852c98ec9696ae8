"""textwidth's fast measure of common Chinese cells (ASCII, ideographs, CJK punctuation,
fullwidth forms, counted from UTF-8 lengths in C) gives rich's cell widths exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len, get_character_cell_size

from tasktui.textwidth import _ASCII_OR_WIDE, _cell_len, _shown_width, fit, fit_all, safe, width, widths

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


def rich_fit(text: str, cells: int, ellipsis: str = "…") -> str:
    """fit as it was written on rich alone: the reference for the fast measures."""
    if cells <= 0:
        return ""
    text = safe(text)
    used = slow(text) if "\u200d" not in text and "\ufe0f" not in text else cell_len(text)
    if used <= cells:
        return text + " " * (cells - used)
    budget = cells - cell_len(ellipsis)
    out: list[str] = []
    used = 0
    for ch in text:
        if used + cell_len(ch) > budget:
            break
        out.append(ch)
        used += cell_len(ch)
    cut = "".join(out) + ellipsis
    return cut + " " * (cells - cell_len(cut))


@given(mixed, st.sampled_from(["…", "~", "...", "—"]))
def test_cell_len_is_rich_s(text: str, ellipsis: str) -> None:
    assert _cell_len(text) == cell_len(text)
    assert _cell_len(text + ellipsis) == cell_len(text + ellipsis)


@given(mixed, st.integers(min_value=-1, max_value=16), st.sampled_from(["…", "~", "..."]))
def test_fit_cuts_and_pads_as_rich_measures(text: str, cells: int, ellipsis: str) -> None:
    assert fit(text, cells, ellipsis) == rich_fit(text, cells, ellipsis)


plain = st.text(alphabet=st.sampled_from([chr(c) for a, b in RANGES for c in (a, (a + b) // 2, b)]))


@given(st.lists(mixed, max_size=8) | st.lists(plain, max_size=8), st.integers(min_value=1, max_value=16))
def test_a_column_measured_and_padded_at_once_is_each_cell_alone(texts: list[str], cells: int) -> None:
    measured = widths(texts)
    assert measured == {t: width(t) for t in texts}
    assert fit_all(measured, cells) == {t: fit(t, cells) for t in texts}
