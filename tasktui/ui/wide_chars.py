"""A Chinese character no longer vanishes from a toast (or any overlay) drawn over another
widget's edge.

Textual's compositor cuts every screen line at every widget's left and right edge (the
"cuts"), including the edges of widgets hidden under an overlay, and divides each
widget's line at those cuts; rich's `Segment.divide` turns a double-width character that
a cut falls inside into two spaces. So a toast over the `?` help screen at 120 columns
showed 「…发展推  会上的讲话」: the 进 was cut by an edge of the help table beneath it. Any
overlay, any terminal width and the browser (the same output, through xterm.js) alike.
Upstream: Textualize/textual#6357 (open for 8.2.8, the newest release).

`WideCharCompositor` divides a widget's line only where the widget's visible part ends:
between two stretches it paints (front-to-back, so nothing in front has claimed them)
it makes no cut (the skipped buckets are held by a marker while the widgets behind are
painted, so none claims them, then dropped), and a partial update's chop ends follow the
chops that are left. The output is the same cells as before except that the characters
survive. `install` puts one on a screen before it is first composed; `TaskTuiApp` does
it for every screen it pushes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip

_EMPTY = Strip([], 0)


class WideCharCompositor(Compositor):
    def _render_chops(self, crop: Region, is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        marked: set[int] = set()  # lines holding markers
        for region, clip, strips in self._get_renders(crop):
            render_region = region.intersection(clip)
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips):
                if not is_rendered_line(y):
                    continue
                line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                if len(final_cuts) < 2:
                    continue
                # Buckets [final_cuts[i], final_cuts[i + 1]) still free for this widget,
                # grouped into runs: a run is painted whole, cut only at its ends.
                free = [line.get(cut) is None for cut in final_cuts[:-1]]
                ends = [final_cuts[i + 1] for i in range(len(free)) if i + 1 == len(free) or free[i] != free[i + 1]]
                pieces = strip.divide([end - render_x for end in ends])
                start = 0
                for end, piece in zip(ends, pieces):
                    i = final_cuts.index(end)
                    if free[start]:
                        line[final_cuts[start]] = piece
                        for k in range(start + 1, i):
                            line[final_cuts[k]] = _EMPTY
                    start = i
                    marked.add(y)
        for y in marked:
            line = chops[y]
            for cut in [cut for cut, strip in line.items() if strip is _EMPTY]:
                del line[cut]
        return chops  # type: ignore[return-value]

    def render_partial_update(self) -> ChopsUpdate | None:
        """Textual's, with each chop's end the next chop's start (chops were merged)."""
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        crop = Region.from_union(update_regions).intersection(self.size.region)
        spans = list(self._regions_to_spans(update_regions))
        is_rendered_line = {y for y, _, _ in spans}.__contains__
        chops = self._render_chops(crop, is_rendered_line)
        width = self.size.width
        chop_ends = [[*list(line)[1:], width] for line in chops]
        return ChopsUpdate(chops, spans, chop_ends)


def install(screen: Screen[object]) -> None:
    """Give `screen` the compositor above (before it is first composed: it holds no state yet)."""
    if not isinstance(screen._compositor, WideCharCompositor):
        screen._compositor = WideCharCompositor()


__all__ = ["WideCharCompositor", "install"]
